// The investigator a lesson runs on: the simulation, the app around it, and the lesson's
// actions applied to both as a recorded session would replay them. The lesson screen and
// `gctrap lesson check` share it, so the checker sees exactly what a learner sees.
import Foundation
import GCTrapCore
import GCTrapSession
import GCTrapUI

public final class LessonStage {
    public let session: Session
    /// The investigator's simulation; in a comparison lesson, the left side's.
    public let simulation: Simulation
    public let app: App
    /// A lesson whose header names a comparison (`compare`: the sides' Pythons and settings)
    /// runs in the compare view: both sides in lockstep. Its measures name a side
    /// (`left.peak_open`, `right.error`) or the comparison (`divergence_task`).
    public let compare: CompareDriver?

    /// A point to come back to (a task's start, for "show solution").
    public struct Saved {
        let state: Simulation.SavedState
        let rows: TaskRows
        let model: Model
        let compare: CompareDriver.Saved?
    }

    public init(session: Session, width: Int = 120, height: Int = 40, glyphs: Glyphs = .unicode, tickRate: Int = 30) throws {
        self.session = session
        if session.header.compare != nil {
            let c = try CompareSession.driver(session.header, width: width, height: height, glyphs: glyphs, tickRate: tickRate)
            compare = c
            simulation = c.simulations[0]
            app = c.apps[0]
        } else {
            compare = nil
            simulation = try SessionLoader.makeSimulation(session.header)
            app = App(engine: simulation, width: width, height: height, glyphs: glyphs, tickRate: tickRate)
        }
        try SessionLoader.validate(session, toggles: simulation.toggles)
    }

    /// Every side's simulation (one outside a comparison).
    public var simulations: [Simulation] { compare?.simulations ?? [simulation] }

    /// True once every side ran to its end or died.
    public var isFinished: Bool { simulations.allSatisfy(\.isFinished) }

    /// Stops a run (the goal is reached, a task starts).
    public func pause() {
        if let compare { compare.pause() } else { app.updateModel { $0.running = false } }
    }

    /// Reads, resolves (a scenario `file` is relative to the lesson's folder) and loads a lesson file.
    public static func load(path: String, width: Int = 120, height: Int = 40, glyphs: Glyphs = .unicode) throws -> LessonStage {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SessionError(line: 1, "cannot read the file")
        }
        var session = try SessionParser.parse(data)
        try SessionLoader.resolveScenario(&session, baseDirectory: (path as NSString).deletingLastPathComponent)
        return try LessonStage(session: session, width: width, height: height, glyphs: glyphs)
    }

    public var info: LessonInfo? { session.header.lesson }
    public var title: String { session.header.title }

    /// Apply one action as playback does: engine actions through the app, view actions
    /// through `update` (their engine commands dropped, as in a recording).
    public func apply(_ a: SessionAction) {
        if let compare {
            // A comparison replays as a recorded one does: its keys, and the tasks a run
            // made on both sides (`lesson check` refuses other actions in a comparison lesson).
            switch a {
            case .view(let m): _ = compare.handle(m)
            case .run(let n): compare.replayRun(tasks: n, notingDivergence: false)
            default: break
            }
            return
        }
        switch a {
        case .play:
            app.updateModel { $0.running = !self.simulation.isFinished; $0.status = nil }
        case .pause:
            app.updateModel { $0.running = false }
        case .speed(let s):
            app.updateModel { $0.speedIndex = Model.speeds.firstIndex(of: s) ?? $0.speedIndex }
        case .resize:
            break
        case .view(let message):
            app.dispatch(message, engine: false)
        default:
            guard let command = a.command else { return }
            app.perform([command])
            app.updateModel { m in
                switch a {
                case .toggle(let i, _, let v):
                    let toggles = self.simulation.toggles
                    if i < toggles.count {
                        m.status = "\(toggles[i].name) = \(v ? "True" : "False"): applies from the next read of \(toggles[i].name)"
                    }
                case .restart:
                    m.running = false
                    m.status = "restarted from task 0 with the current toggles"
                default:
                    m.scroll[Pane.code.rawValue] = 0
                }
            }
        }
    }

    public func save() -> Saved {
        Saved(state: simulation.saveState(), rows: simulation.rows, model: app.model, compare: compare?.save())
    }

    public func restore(_ s: Saved) {
        if let compare, let c = s.compare {
            compare.restore(c)
            return
        }
        simulation.restoreState(s.state, rows: s.rows)
        let m = s.model
        app.updateModel { $0 = m }
        app.refresh()
    }

    public func value(_ measure: String) -> LessonValue? {
        if let compare { return Measures.value(measure, compare: compare) }
        return Measures.value(measure, sim: simulation, model: app.model)
    }

    public func holds(_ goal: [Condition]) -> Bool {
        goal.allSatisfy { c in value(c.measure).map(c.expect.holds) ?? false }
    }

    /// Whether `measure` names something this lesson can measure.
    public func knows(_ measure: String) -> Bool {
        compare != nil ? Measures.isKnown(measure, compareSides: simulations.map(\.toggles)) : Measures.isKnown(measure, toggles: simulation.toggles)
    }
}
