// Recorded comparisons (`gctrap compare --record`): the header names the sides (each with its
// Python and settings); the events are the comparison's keys (`view` actions), the tasks
// each tick ran (`run`), resizes and markers. Replaying them on a fresh comparison rebuilds
// every state: the comparison is deterministic, as the investigator is.
import Foundation
import GCTrapCore
import GCTrapUI

public enum CompareSession {
    /// A comparison as the header describes it, before any event. `simulation` builds each
    /// side from a header of its own (the side's Python, the header's settings and toggles
    /// with the side's settings on top, its gen0_at_start): a command passes its budgets so.
    public static func driver(_ header: SessionHeader, width: Int, height: Int, glyphs: Glyphs = .unicode,
                              tickRate: Int = 30, maxSteps: Int = 50_000_000,
                              simulation: ((SessionHeader) throws -> Simulation)? = nil) throws -> CompareDriver {
        guard let info = header.compare else { throw SessionError(line: 1, "not a recorded comparison") }
        var sims: [Simulation] = []
        for side in info.sides {
            guard let profile = PythonProfile.named(side.python) else {
                throw SessionError(line: 1, "unknown Python profile '\(side.python)'")
            }
            var settings = header.settings
            for t in header.toggles { settings[t.name] = t.value ? "True" : "False" }
            settings.merge(side.settings) { $1 }
            let gen0 = side.gen0AtStart ?? header.gen0AtStart
            guard Simulation.gen0AtStartRange(profile)?.contains(gen0) ?? (gen0 == 0) else {
                throw SessionError(line: 1, "side '\(side.label)': gen0_at_start \(gen0) is not below the \(profile.name) profile's gen-0 threshold, \(profile.thresholds[0])")
            }
            if let simulation {
                var own = header
                own.python = side.python
                own.settings = settings
                own.toggles = []
                own.gen0AtStart = gen0
                own.compare = nil
                do { sims.append(try simulation(own)) } catch let e as SessionError {
                    throw SessionError(line: e.line, "side '\(side.label)': " + e.message)
                }
                continue
            }
            do {
                let sim = try Simulation(source: header.scenarioSource, name: header.scenarioName, profile: profile,
                                         settings: settings, fileName: "\(header.scenarioName).py",
                                         gen0AtStart: gen0)
                sim.maxSteps = maxSteps
                sims.append(sim)
            } catch let e as SetupError {
                throw SessionError(line: 1, "side '\(side.label)': the scenario does not load: \(e)")
            }
        }
        let criterion = DivergenceCriterion(rawValue: info.criterion) ?? .events
        return CompareDriver(simulations: sims, labels: info.sides.map(\.label), criterion: criterion,
                             width: width, height: height, glyphs: glyphs, tickRate: tickRate)
    }

    /// Applies one recorded event. Returns false for events a comparison does not replay
    /// (captions and prompts are shown by the player; other actions belong to `play`).
    @discardableResult
    public static func apply(_ event: SessionEvent, to d: CompareDriver, followResizes: Bool = false) -> Bool {
        guard case .action(let a) = event.kind else { return false }
        switch a {
        case .view(let m): _ = d.handle(m)
        case .run(let n): d.replayRun(tasks: n)
        case .resize(let c, let r): if followResizes { _ = d.handle(.resize(width: c, height: r)) }
        default: return false
        }
        return true
    }

    /// The session's story for people and scripts: each key, the tasks reached, each
    /// divergence as it is found, and the end.
    public static func tell(_ session: Session, width: Int = 200, height: Int = 50, maxSteps: Int = 50_000_000,
                            emit: (String) -> Void) throws {
        let d = try driver(session.header, width: width, height: height, maxSteps: maxSteps)
        let labels = d.model.labels.joined(separator: " | ")
        emit("comparison: \(session.header.scenarioName): \(labels) (by \(d.model.criterion.rawValue))")
        var reported = 0
        for e in session.events {
            let time = e.t.map { "[\(clockText($0))] " } ?? ""
            switch e.kind {
            case .marker(let l): emit("\(time)marker: \(l)")
            case .caption(let c): emit("\(time)caption: \(c)")
            case .prompt, .lesson(.predict), .lesson(.task):
                // A lesson that opens a comparison: its questions and tasks, as the handout prints them.
                for l in Narrative.lessonLines(e.kind, stamp: "[\(clockText(e.t ?? 0))]") { emit(l) }
            case .action(.view(let m)):
                apply(e, to: d)
                let what = d.model.status.map { ": \($0)" } ?? ""
                emit("\(time)\(m.description)\(what) (task \(d.model.alignedTask.map(String.init) ?? "-"))")
            case .action(.run(let n)):
                apply(e, to: d)
                emit("\(time)ran \(n) task\(n == 1 ? "" : "s"): task \(d.model.alignedTask.map(String.init) ?? "-")")
            case .action:
                apply(e, to: d)
            default:
                break
            }
            CompareSession.tellDivergences(d, reported: &reported, emit: emit)
        }
        emit(CompareSession.endLine(d))
    }

    /// The screens of a recorded comparison, one per event (unchanged screens skipped);
    /// half a second per event when the file has no times.
    public static func frames(_ session: Session, width: Int, height: Int, maxSteps: Int = 50_000_000,
                              projector: Bool = false, each: (ExportFrame) -> Void) throws {
        let d = try driver(session.header, width: width, height: height, maxSteps: maxSteps)
        if projector { d.projector = true }
        let spaced = session.events.allSatisfy { $0.t == nil }
        var previous: Grid?
        var markers: [String] = []
        var lastT = 0.0
        func emit(_ time: Double) {
            let g = d.frame()
            if g != previous || !markers.isEmpty {
                each(ExportFrame(time: time, grid: g, markers: markers))
                markers = []
                previous = g
            }
        }
        emit(0)
        for (i, e) in session.events.enumerated() {
            if case .marker(let l) = e.kind { markers.append(l) }
            apply(e, to: d)
            lastT = spaced ? Double(i + 1) * 0.5 : (e.t ?? lastT)
            // Render at the last event of each moment.
            let next = i + 1 < session.events.count ? session.events[i + 1].t : nil
            if spaced || next == nil || next != e.t { emit(lastT) }
        }
    }
}

/// Records a comparison while the user drives it: every key as a `view` event, the tasks
/// each batch of ticks ran as one `run` event, resizes, and `m` markers.
public final class CompareRecordingDriver: TerminalDriver {
    public let driver: CompareDriver
    let recorder: SessionRecorder
    let writer: SessionWriter?
    var markers = 0

    public init(driver: CompareDriver, header: SessionHeader, writer: SessionWriter?, sink: @escaping (String) -> Void,
                clock: @escaping () -> Double) {
        self.driver = driver
        self.writer = writer
        recorder = SessionRecorder(header: header, sink: sink, clock: clock)
    }

    /// Copies events already played into the new file (a take-over from playback).
    public func copy(_ events: ArraySlice<SessionEvent>) {
        for e in events { recorder.copy(e) }
    }

    public func handle(_ message: Message) -> DriverResult {
        switch message {
        case .tick:
            let r = driver.handle(.tick)
            if driver.lastTickTasks > 0 { recorder.recordRun(tasks: driver.lastTickTasks) } else { recorder.tick() }
            return r
        case .resize(let w, let h):
            recorder.record(.action(.resize(cols: max(1, min(1000, w)), rows: max(1, min(1000, h)))))
            return driver.handle(message)
        case .key(.char("m")) where !driver.model.helpVisible:
            markers += 1
            let task = driver.model.alignedTask.map { "task \($0)" } ?? "the start"
            recorder.record(.marker("marker \(markers) at \(task)"))
            return .redraw
        case .key(let k):
            if k == .char("q") || k == .ctrl("c") {
                recorder.flushRun()
                return driver.handle(message)
            }
            recorder.record(.action(.view(message)))
            return driver.handle(message)
        case .mouse:
            recorder.record(.action(.view(message)))
            return driver.handle(message)
        }
    }

    public func frame() -> Grid {
        var g = driver.frame()
        let rec = writer?.failure == nil ? " ● REC " : " NOT RECORDING "
        if g.width > 20 && g.height > 2 && !driver.model.isTooSmall {
            g.write(rec, x: g.width - displayWidth(rec), y: g.height - 1, role: .error, attrs: [.bold])
        }
        return g
    }
}

/// Plays a recorded comparison in the terminal: events at their recorded times; space
/// pauses, `.`/`,` step one event, `i` takes over (the keys then drive the comparison live),
/// `q` quits.
public final class ComparePlaybackDriver: TerminalDriver {
    let session: Session
    let make: () throws -> CompareDriver
    public private(set) var driver: CompareDriver
    public private(set) var position = 0
    public private(set) var playing = true
    public private(set) var live = false
    var clock = 0.0
    let tickRate: Int
    let speed: Double

    public init(session: Session, tickRate: Int = 30, speed: Double = 1, make: @escaping () throws -> CompareDriver) throws {
        self.session = session
        self.make = make
        self.tickRate = max(1, tickRate)
        self.speed = speed
        driver = try make()
    }

    var times: [Double] {
        var last = 0.0
        return session.events.enumerated().map { i, e in
            if let t = e.t { last = t } else if session.events.allSatisfy({ $0.t == nil }) { last = Double(i) * 0.5 }
            return last
        }
    }

    /// Back to event `n`: a fresh comparison, the first `n` events applied.
    public func seek(to n: Int) {
        guard let fresh = try? make() else { return }
        let size = (driver.model.width, driver.model.height)
        driver = fresh
        _ = driver.handle(.resize(width: size.0, height: size.1))
        position = 0
        while position < min(n, session.events.count) { step() }
        clock = position > 0 ? times[position - 1] : 0
    }

    func step() {
        CompareSession.apply(session.events[position], to: driver)
        position += 1
    }

    public func handle(_ message: Message) -> DriverResult {
        if live { return driver.handle(message) }
        switch message {
        case .tick:
            guard playing, position < session.events.count else { return .unchanged }
            clock += speed / Double(tickRate)
            let ts = times
            var moved = false
            while position < session.events.count && ts[position] <= clock { step(); moved = true }
            if position == session.events.count { playing = false; moved = true }
            return moved ? .redraw : .unchanged
        case .resize(let w, let h):
            return driver.handle(.resize(width: w, height: h))
        case .key(.char("q")), .key(.ctrl("c")):
            return .quit
        case .key(.char(" ")):
            if position == session.events.count { seek(to: 0) }
            playing.toggle()
        case .key(.char(".")):
            playing = false
            if position < session.events.count { step(); clock = times[position - 1] }
        case .key(.char(",")):
            playing = false
            seek(to: max(0, position - 1))
        case .key(.char("i")):
            live = true
            playing = false
        case .key, .mouse:
            // Looking around (Tab, d, ?, scrolling) is the comparison's own business.
            return driver.handle(message)
        }
        return .redraw
    }

    public func frame() -> Grid {
        var g = driver.frame()
        guard !live, g.height > 2, !driver.model.isTooSmall else { return g }
        let y = g.height - 1
        let glyphs = driver.model.glyphs
        g.fill(Rect(x: 0, y: y, width: g.width, height: 1), with: Cell(" ", role: .header))
        let total = times.last ?? 0
        let now = position > 0 ? times[position - 1] : 0
        let state = position == session.events.count ? "ended" : (playing ? "\(glyphs.running) playing" : "\(glyphs.paused) paused")
        let bar = " \(state)  \(clockText(now, tenths: false))/\(clockText(total, tenths: false))  event \(position)/\(session.events.count)   space play/pause  . , step  i take over  q quit"
        g.write(bar, x: 0, y: y, maxWidth: g.width, role: .header, attrs: [.bold])
        return g
    }
}

extension CompareSession {
    /// The divergences found since the `reported` first, one line each (`tell` and a
    /// recording's comparison parts alike).
    static func tellDivergences(_ d: CompareDriver, reported: inout Int, emit: (String) -> Void) {
        let found = d.model.tracker.found
        while reported < found.count {
            emit("divergence \(reported + 1): \(found[reported].text)")
            reported += 1
        }
    }

    /// Each side at the end: open connections, collections per generation, how it stopped
    /// (`state`: the compare screen's words here, the recording narrative's in a lesson part).
    static func endLine(_ d: CompareDriver, state stateText: (RunState) -> String = stateText) -> String {
        let sides = d.model.sides.enumerated().map { i, m in
            let state = stateText(m.snapshot.state)
            return "\(d.model.labels[i]) open \(m.snapshot.totals.open), \(m.snapshot.gc.collections.map(String.init).joined(separator: "/")) collections"
                + (state.isEmpty ? "" : ", " + state)
        }
        return "end: task \(d.model.alignedTask.map(String.init) ?? "-"): " + sides.joined(separator: " | ")
    }
}
