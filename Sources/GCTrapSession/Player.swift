// Replaying a session: folds the events over a fresh simulation, keeps saved states along
// the way (an index of exact states, every so many statements of work), and seeks to any
// event by restoring the nearest saved state before it and replaying the rest.
import Foundation
import GCTrapCore
import GCTrapUI

public enum SessionLoader {
    /// The simulation a session starts from: its scenario, profile, settings and toggles.
    public static func makeSimulation(_ header: SessionHeader, maxSteps: Int = 50_000_000) throws -> Simulation {
        guard let profile = PythonProfile.named(header.python) else {
            throw SessionError(line: 1, "unknown Python profile '\(header.python)'")
        }
        var settings = header.settings
        for t in header.toggles { settings[t.name] = t.value ? "True" : "False" }
        let fileName = header.scenarioName.hasSuffix(".py") ? header.scenarioName : header.scenarioName + ".py"
        do {
            let sim = try Simulation(source: header.scenarioSource, name: header.scenarioName, profile: profile,
                                     settings: settings, fileName: fileName, gen0AtStart: header.gen0AtStart)
            sim.maxSteps = maxSteps
            return sim
        } catch let e as SetupError {
            switch e {
            case .scenario(let err, let module, let lines):
                let where_ = module == "db" ? "db.py (built in)" : fileName
                return try fail("the session's scenario does not parse: " + err.formatted(file: Sanitize.printable(where_), lines: lines))
            case .unknownSetting(let name, let available):
                return try fail("the header sets '\(Sanitize.printable(name))', which the scenario does not declare"
                                + (available.isEmpty ? "" : " (its constants: \(available.joined(separator: ", ")))"))
            case .badSettingValue(let name, let value, let expected):
                return try fail("the header sets \(Sanitize.printable(name)) to '\(Sanitize.printable(value))', which is not \(expected)")
            }
        }
    }

    private static func fail(_ message: String) throws -> Simulation {
        throw SessionError(line: 1, message)
    }

    /// Checks every action against the scenario: toggles that exist, names that match.
    public static func validate(_ session: Session, toggles: [Toggle]) throws {
        try validate(session.events, toggles: toggles)
    }

    public static func validate(_ events: [SessionEvent], toggles: [Toggle]) throws {
        for e in events {
            var actions: [SessionAction] = []
            switch e.kind {
            case .action(let a): actions = [a]
            case .lesson(.predict(let p)): actions = p.reveal
            case .lesson(.task(let t)): actions = t.solution
            case .lesson(.check(let c)): actions = c.after
            default: break
            }
            for case .toggle(let i, let name, _) in actions {
                guard i < toggles.count else {
                    throw SessionError(line: e.line, "action toggle: the scenario has \(toggles.count) toggle\(toggles.count == 1 ? "" : "s"), there is no index \(i)")
                }
                if let name, name != toggles[i].name {
                    throw SessionError(line: e.line, "action toggle: toggle \(i) is \(toggles[i].name), not \(name)")
                }
            }
        }
    }

    /// Version 2: reads a scenario given as a `file` (relative to `baseDirectory`, the
    /// session file's folder) into the header's source.
    public static func resolveScenario(_ session: inout Session, baseDirectory: String?) throws {
        guard let file = session.header.scenarioFile, session.header.scenarioSource.isEmpty else { return }
        let path = file.hasPrefix("/") ? file : ((baseDirectory ?? ".") as NSString).appendingPathComponent(file)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SessionError(line: 1, "the scenario file '\(Sanitize.printable(file))' cannot be read (looked for \(Sanitize.printable(path)))")
        }
        guard data.count <= 1 << 20, let text = String(data: data, encoding: .utf8) else {
            throw SessionError(line: 1, "the scenario file '\(Sanitize.printable(file))' is not UTF-8 text under 1 MB")
        }
        session.header.scenarioSource = text
    }

    /// The player of one session (a part of a recording): the investigator's, or for a header
    /// with `compare` the comparison's. Its actions are checked against the scenario.
    public static func player(_ part: Session, width: Int, height: Int, glyphs: Glyphs = .unicode, maxSteps: Int = 50_000_000,
                              simulation: ((SessionHeader) throws -> Simulation)? = nil) throws -> SessionPlayer {
        if part.header.compare != nil {
            let make = simulation ?? { try makeSimulation($0, maxSteps: maxSteps) }
            let d = try CompareSession.driver(part.header, width: width, height: height, glyphs: glyphs, maxSteps: maxSteps, simulation: make)
            try validate(part, toggles: d.simulations[0].toggles)
            return SessionPlayer(session: part, compare: d, width: width, height: height)
        }
        let sim = try simulation?(part.header) ?? makeSimulation(part.header, maxSteps: maxSteps)
        try validate(part, toggles: sim.toggles)
        return SessionPlayer(session: part, simulation: sim, width: width, height: height, glyphs: glyphs)
    }

    /// Parses and checks a session, and builds its player.
    /// `simulation` builds the starting simulation (tests reuse one for many sessions).
    public static func load(_ data: Data, limits: SessionLimits = .standard, width: Int? = nil, height: Int? = nil,
                            glyphs: Glyphs = .unicode, maxSteps: Int = 50_000_000, baseDirectory: String? = nil,
                            simulation: ((SessionHeader) throws -> Simulation)? = nil) throws -> SessionPlayer {
        var session = try SessionParser.parse(data, limits: limits)
        try resolveScenario(&session, baseDirectory: baseDirectory)
        // Every part (a recording of several lessons) is checked now, so a bad one is told
        // before the screen opens; each plays on its own simulation.
        let cols = width ?? session.header.cols, rows = height ?? session.header.rows
        let make: (Session) throws -> SessionPlayer = { part in
            try SessionLoader.player(part, width: cols, height: rows, glyphs: glyphs, maxSteps: maxSteps, simulation: simulation)
        }
        let parts = session.parts
        let player = try make(parts[0])
        let partLines = session.events.compactMap { e -> Int? in
            if case .session = e.kind { return e.line }
            return nil
        }
        for (part, line) in zip(parts.dropFirst(), partLines) {
            do { _ = try make(part) } catch let e as SessionError {
                // A `session` event's header that does not load fails at that event's line.
                throw e.line == 1 ? SessionError(line: line, "session event: " + e.message) : e
            }
        }
        player.parts = parts
        player.partFactory = make
        return player
    }
}

/// What the screen keeps between events apart from the engine: carried in saved states.
public struct ViewState: Equatable, Sendable {
    public var focus: Pane = .code
    public var scroll: [Int] = Array(repeating: 0, count: Pane.allCases.count)
    public var selectedRow = 0
    public var inspected: Int?
    public var selectedConnection: Int?
    public var speedIndex = 5
    public var running = false
    public var status: String?
    public var width: Int
    public var height: Int
    /// The Events view, the Graph view, pausing, projector mode and sideways scrolling, so
    /// a seek lands on them too.
    public var eventsView: EventsViewState?
    public var graph: GraphViewState?
    public var pauseOn = EventKinds.none
    public var projector = false
    public var hscroll: [Int] = Array(repeating: 0, count: Pane.allCases.count)

    public init(width: Int, height: Int) { self.width = width; self.height = height }

    init(_ m: Model) {
        focus = m.focus; scroll = m.scroll; selectedRow = m.selectedRow; inspected = m.inspected
        selectedConnection = m.selectedConnection; speedIndex = m.speedIndex; running = m.running
        status = m.status; width = m.width; height = m.height
        eventsView = m.eventsView; graph = m.graph; pauseOn = m.pauseOn; projector = m.projector; hscroll = m.hscroll
    }

    func apply(to m: inout Model) {
        m.focus = focus; m.scroll = scroll; m.selectedRow = selectedRow; m.inspected = inspected
        m.selectedConnection = selectedConnection; m.speedIndex = speedIndex; m.running = running
        m.status = status; m.width = width; m.height = height
        m.eventsView = eventsView; m.graph = graph; m.pauseOn = pauseOn; m.projector = projector; m.hscroll = hscroll
        m.helpVisible = false; m.quitRequested = false
    }
}

public final class SessionPlayer {
    /// Grows when a followed file gains events (`append`).
    public private(set) var session: Session
    public let simulation: Simulation
    /// The investigator's app, showing the replayed state (`syncApp()` brings it up to date).
    public let app: App
    /// Events applied so far: 0 is the start, `events.count` the end.
    public private(set) var position = 0
    public private(set) var view: ViewState
    /// Event times (seconds), one per event.
    public private(set) var times: [Double]
    /// Indices of marker events.
    public private(set) var markers: [Int]
    /// Recorded resizes change the screen size (export); the TUI keeps its own size.
    public var followResizes = false
    /// Projector mode whatever the recording says (`play --projector`, `P` during playback):
    /// a trainer shows a session recorded on a laptop to a room.
    public var projectorOverride: Bool?
    /// Statements of replay work between saved states.
    public var saveEvery = 100_000
    /// A recording of several sessions (SessionParts.swift): all of them, which one this
    /// player plays, and how to make the player of another.
    public internal(set) var parts: [Session] = []
    public internal(set) var partIndex = 0
    var partFactory: ((Session) throws -> SessionPlayer)?

    /// A part that is a comparison (a lesson that opens one, recorded by `workshop --record`):
    /// its events drive the compare view, whose left side is `simulation` and `app`.
    public let compare: CompareDriver?

    struct Saved {
        var position: Int
        var state: Simulation.SavedState
        /// The rows then (their chunks are shared with the simulation's: no copy).
        var rows: TaskRows
        var view: ViewState
        var compare: CompareDriver.Saved? = nil
    }
    var saved: [Saved] = []
    var indexedUpTo = 0
    var work = 0
    var appStale = true
    /// lastCaption[i]: the caption event in effect after i events (-1 for none).
    private var lastCaption: [Int32]
    /// Where playback was when the learner detached to explore live (`detach()`).
    private var detachedAt: Saved?

    public var events: [SessionEvent] { session.events }
    public var count: Int { session.events.count }
    public var duration: Double { times.last ?? 0 }
    public var savedStateCount: Int { saved.count }

    public convenience init(session: Session, simulation: Simulation, width: Int, height: Int, glyphs: Glyphs = .unicode) {
        self.init(session: session, simulation: simulation, app: App(engine: simulation, width: width, height: height, glyphs: glyphs),
                  compare: nil, width: width, height: height)
    }

    /// The player of a recorded comparison part: its events go to `compare`.
    public convenience init(session: Session, compare: CompareDriver, width: Int, height: Int) {
        self.init(session: session, simulation: compare.simulations[0], app: compare.apps[0], compare: compare,
                  width: width, height: height)
    }

    private init(session: Session, simulation: Simulation, app: App, compare: CompareDriver?, width: Int, height: Int) {
        self.session = session
        self.simulation = simulation
        self.app = app
        self.compare = compare
        var v = ViewState(app.model)
        v.width = width; v.height = height
        self.view = v
        self.times = session.times
        var marks: [Int] = []
        var captions: [Int32] = [-1]
        captions.reserveCapacity(session.events.count + 1)
        var current: Int32 = -1
        for (i, e) in session.events.enumerated() {
            switch e.kind {
            case .marker: marks.append(i)
            case .caption(let text): current = text.isEmpty ? -1 : Int32(i)
            default: break
            }
            captions.append(current)
        }
        markers = marks
        lastCaption = captions
        saved = [savedHere()]
    }

    /// This moment, to come back to.
    private func savedHere() -> Saved {
        Saved(position: position, state: simulation.saveState(), rows: simulation.rows, view: view, compare: compare?.save())
    }

    /// Adds events at the end (a followed file grew); the position does not move.
    /// The caller checks them first (`SessionLoader.validate`).
    public func append(_ events: [SessionEvent]) {
        var last = times.last ?? 0
        var current = lastCaption[lastCaption.count - 1]
        for e in events {
            let i = session.events.count
            session.events.append(e)
            if let t = e.t { last = max(last, t) }
            times.append(last)
            switch e.kind {
            case .marker: markers.append(i)
            case .caption(let text): current = text.isEmpty ? -1 : Int32(i)
            default: break
            }
            lastCaption.append(current)
        }
    }

    /// The app's simulation is about to be driven live from here (a follower detaches to
    /// explore): keep this exact state for `reattach()`.
    public func detach() {
        detachedAt = savedHere()
    }

    /// Back to the state kept by `detach()`, dropping what was done live since; then
    /// `seek(to: count)` catches up with events appended meanwhile.
    public func reattach() {
        guard let s = detachedAt else { return }
        detachedAt = nil
        restore(s)
    }

    /// The time of the current position (the last applied event's).
    public var time: Double { position == 0 ? 0 : times[position - 1] }

    public var caption: String? {
        let i = lastCaption[position]
        guard i >= 0, case .caption(let text) = session.events[Int(i)].kind else { return nil }
        return text
    }

    /// The marker label in effect: the last marker at or before the position.
    public var lastMarker: (index: Int, label: String)? {
        guard let i = markers.last(where: { $0 < position }), case .marker(let l) = events[i].kind else { return nil }
        return (i, l)
    }

    /// Bring the app's model up to date with the replayed state (before drawing).
    public func syncApp() {
        if let compare {
            if compare.model.width != view.width || compare.model.height != view.height {
                _ = compare.handle(.resize(width: view.width, height: view.height))
            }
            if let projector = projectorOverride { compare.projector = projector }
            return
        }
        if appStale {
            app.refresh()
            appStale = false
        }
        let v = view
        let projector = projectorOverride
        app.updateModel {
            v.apply(to: &$0)
            if let projector { $0.projector = projector }
        }
    }

    /// A key or click that only changes the view, through the app's one dispatch path with
    /// the engine left alone; the screen size stays the player's.
    func applyView(_ message: Message) {
        syncApp()
        if let compare {
            // Looking around a comparison: Tab switches the side, arrows scroll the code.
            switch message {
            case .key(.tab), .key(.backTab), .key(.up), .key(.down), .key(.pageUp), .key(.pageDown): _ = compare.handle(message)
            default: break
            }
            return
        }
        app.dispatch(message, engine: false)
        var v = ViewState(app.model)
        v.width = view.width; v.height = view.height
        view = v
    }

    /// The replayed screen: the investigator, or the compare view for a comparison part.
    public func screen() -> Grid {
        syncApp()
        return compare?.frame() ?? app.frame()
    }

    /// The screen is below the minimum size (the views then say so instead of drawing).
    public var isTooSmall: Bool { compare?.model.isTooSmall ?? app.model.isTooSmall }

    /// The screen size for the app (the TUI's own size, minus the playback bar).
    public func setScreenSize(width: Int, height: Int) {
        view.width = width
        view.height = height
    }

    // MARK: moving

    /// Apply the next event. Returns it, or nil at the end.
    @discardableResult
    public func forward() -> SessionEvent? {
        guard position < reachable else { return nil }
        let e = session.events[position]
        let before = steps
        let workBefore = workDone
        apply(e)
        position += 1
        if position > indexedUpTo {
            indexedUpTo = position
            firstPassWork += workDone - workBefore
            if firstPassWork > workBudget { stopForBudget(after: e) }
            work += abs(steps - before) + 10
            if work >= saveEvery {
                saved.append(savedHere())
                work = 0
                thinSavedStates()
            }
        }
        return e
    }

    /// The modelled bytes the saved states may hold beyond the live checkpoints; nil: the
    /// simulation's memory budget. A saved state keeps its machine and its checkpoints
    /// alive (copies of the heap as it was), so a replay of a program near its memory budget
    /// would otherwise hold dozens of copies of it.
    public var savedStateBudget: Int?

    /// What the saved states hold beyond the live checkpoints, in modelled bytes.
    public var savedStateBytes: Int {
        var seen = simulation.checkpointSerials
        return saved.reduce(0) { $0 + $1.state.cost(notCounting: &seen) }
    }

    /// Past the budget, every other saved state goes (the start stays) and they are taken
    /// twice as far apart: seeks replay more, memory stays bounded.
    private func thinSavedStates() {
        let budget = savedStateBudget ?? simulation.memoryBudget
        while saved.count > 2 && savedStateBytes > budget {
            saved = saved.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
            saveEvery *= 2
        }
    }

    // MARK: the replay's step budget

    /// Statements executed, every side of a comparison counted, re-execution included.
    private var workDone: Int { compare.map { $0.simulations.reduce(0) { $0 + $1.workDone } } ?? simulation.workDone }

    /// The most statements applying the events may execute in all, the first time through
    /// (replaying them again in a seek is bounded by the saved states): twice --max-steps for
    /// each simulation, room for one run to the budget and as much again for stepping back,
    /// restarts and seeks. Each run stops at --max-steps anyway; this stops a session whose
    /// actions would run the program again and again (`restart`, `end`, ...) from
    /// multiplying it by their number.
    public var workBudget: Int {
        let sims = compare?.simulations.count ?? 1
        let (b, o) = simulation.maxSteps.multipliedReportingOverflow(by: 2 * sims)
        return o ? Int.max : b
    }
    private var firstPassWork = 0

    /// The parts of one recording played one after the other (`play --headless`, export)
    /// share the budget: this part starts with what the earlier ones spent.
    public func continueBudget(from earlier: SessionPlayer) {
        firstPassWork = max(firstPassWork, earlier.firstPassWork)
    }

    /// Where the replay stopped because the events ran past `workBudget`: events from
    /// `position` on are not played. `line` is the event that went past it.
    public struct BudgetStop: Equatable, Sendable {
        public var position: Int
        public var line: Int
        public var message: String
    }
    public private(set) var budgetStop: BudgetStop?

    /// The events that can be played: all of them, or those before the budget ran out.
    public var reachable: Int { budgetStop?.position ?? count }

    private func stopForBudget(after e: SessionEvent) {
        let allowed = workBudget / (compare?.simulations.count ?? 1) / 2
        budgetStop = BudgetStop(position: position, line: e.line, message:
            "the replay stops here: the session's actions have run \(firstPassWork) statements in all, more than twice --max-steps (\(allowed)); the rest is not played (a larger --max-steps plays more)")
    }

    /// Go to the state after `target` events: exact, by restoring the nearest saved state
    /// at or before it and replaying from there.
    public func seek(to target: Int) {
        let target = min(max(0, target), reachable)
        if target == position { return }
        // The nearest saved state at or before the target.
        var lo = 0, hi = saved.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if saved[mid].position <= target { lo = mid } else { hi = mid - 1 }
        }
        let s = saved[lo]
        if target < position || s.position > position {
            restore(s)
        }
        // The replay budget can stop the session during this very seek (events played for the
        // first time): `reachable` then drops below the target and forward() returns nil.
        guard let report = onSeekProgress else {
            while position < target, forward() != nil {}
            return
        }
        simulation.onProgress = { [unowned self] steps in report(self.position, target, steps) }
        defer { simulation.onProgress = nil }
        while position < target, forward() != nil {
            report(position, target, nil)
        }
    }

    /// Called while a seek replays: after each event, and inside a long one about every
    /// 65,536 statements (with the statement count), with the events replayed so far and the
    /// seek's target. It runs inside the replay: it must not touch this player.
    public var onSeekProgress: ((_ position: Int, _ target: Int, _ steps: Int?) -> Void)?

    /// Seek to the last event at or before `seconds`.
    public func seek(toTime seconds: Double) {
        seek(to: eventCount(atTime: seconds))
    }

    /// How many events have happened by `seconds`.
    public func eventCount(atTime seconds: Double) -> Int {
        var lo = 0, hi = times.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if times[mid] <= seconds { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Replays the whole session once, building the index of saved states; returns to
    /// where it was.
    public func buildIndex() {
        let here = position
        seek(to: count)
        seek(to: here)
    }

    /// Statements executed, every side of a comparison counted.
    private var steps: Int { compare.map { $0.simulations.reduce(0) { $0 + $1.steps } } ?? simulation.steps }

    private func restore(_ s: Saved) {
        if let compare, let c = s.compare {
            compare.restore(c)
            view = s.view
            position = s.position
            return
        }
        simulation.restoreState(s.state, rows: s.rows)
        view = s.view
        position = s.position
        appStale = true
    }

    // MARK: applying one event

    private func apply(_ e: SessionEvent) {
        guard case .action(let a) = e.kind else { return }
        if let compare {
            // A comparison replays its keys and runs (CompareSession.apply); the screen size is
            // the player's, recorded resizes only for an export that follows them.
            if case .resize(let c, let r) = a { if followResizes { view.width = c; view.height = r }; return }
            CompareSession.apply(e, to: compare)
            return
        }
        switch a {
        case .play:
            view.running = !simulation.isFinished
            view.status = nil
        case .pause:
            view.running = false
            view.status = "paused"
        case .speed(let s):
            view.speedIndex = Model.speeds.firstIndex(of: s) ?? view.speedIndex
            view.status = "speed: " + (s.map { "\($0) task\($0 == 1 ? "" : "s")/s" } ?? "max speed")
        case .resize(let c, let r):
            if followResizes { view.width = c; view.height = r }
        case .view(let message):
            applyView(message)
        default:
            guard let command = a.command else { return }
            app.perform([command], refresh: false)
            appStale = true
            // The model side of the command, as `update` does it live; the app's snapshot is
            // not refreshed here (replay stays cheap), and the view keeps only what it needs.
            var m = app.model
            view.apply(to: &m)
            noteCommand(command, in: &m)
            view = ViewState(m)
            if simulation.isFinished { view.running = false }
        }
    }
}
