// The investigator a lesson runs on: the simulation, the app around it, and the lesson's
// actions applied to both as a recorded session would replay them. The lesson screen and
// `gctrap lesson check` share it, so the checker sees exactly what a learner sees.
import Foundation
import GCTrapCore
import GCTrapSession
import GCTrapUI

public final class LessonStage {
    public let session: Session
    public let simulation: Simulation
    public let app: App

    /// A point to come back to (a task's start, for "show solution").
    public struct Saved {
        let state: Simulation.SavedState
        let rows: [TaskRow]
        let model: Model
    }

    public init(session: Session, width: Int = 120, height: Int = 40, glyphs: Glyphs = .unicode, tickRate: Int = 30) throws {
        self.session = session
        simulation = try SessionLoader.makeSimulation(session.header)
        try SessionLoader.validate(session, toggles: simulation.toggles)
        app = App(engine: simulation, width: width, height: height, glyphs: glyphs, tickRate: tickRate)
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
        Saved(state: simulation.saveState(), rows: simulation.rows, model: app.model)
    }

    public func restore(_ s: Saved) {
        simulation.restoreState(s.state, rows: s.rows)
        let m = s.model
        app.updateModel { $0 = m }
        app.refresh()
    }

    public func value(_ measure: String) -> LessonValue? {
        Measures.value(measure, sim: simulation, model: app.model)
    }

    public func holds(_ goal: [Condition]) -> Bool {
        Measures.holds(goal, sim: simulation, model: app.model)
    }
}
