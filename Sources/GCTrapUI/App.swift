import GCTrapCore

/// What the UI needs from the simulator. The core's `Simulation` adopts it; tests use a
/// fake. Every method runs synchronously; errors show up in `snapshot().state`.
public protocol Engine: AnyObject {
    /// One statement, into calls (pdb `s`).
    func step()
    /// The next statement in the current frame (pdb `n`).
    func next()
    /// Run to the end of the current task.
    func finishTask()
    /// Run until `tasks` more task boundaries are crossed, the program ends, or an event
    /// of the `pauseOn` kinds happens (then true).
    @discardableResult func run(tasks: Int) -> Bool
    /// `]`: run to just after the next event (any kind); nil when the program ended first.
    func runToNextEvent() -> RunEvent?
    /// `[`: back to the previous event, exactly; nil when there is none before this point.
    func backToPreviousEvent() -> RunEvent?
    /// Enter in the Events view: to the event at `index` (oldest first), exactly.
    func goToEvent(_ index: Int)
    /// The kinds of event `run(tasks:)` pauses on.
    var pauseOn: EventKinds { get set }
    /// One statement back.
    func back()
    /// One task back.
    func backTask()
    /// `gc.collect()` now.
    func collect()
    /// Set the toggle at `index` (declaration order); applies from its next read.
    func setToggle(index: Int, value: Bool)
    /// Start again from task 0, keeping the current toggles.
    func restart()
    func snapshot() -> Snapshot
    /// Recent event lines, oldest first ("task 133: gen-0 collection freed 665 objects, ...").
    var recentEvents: [String] { get }
    /// Source lines of a module ("__main__" is the scenario) for the Code pane.
    func source(module: String) -> [String]?
}

extension Engine {
    public func source(module: String) -> [String]? { nil }
}

/// What one message did to the app: the model before and after (engine refreshed), and the
/// commands `update` asked the engine for.
public struct Transition {
    public var message: Message
    public var before: Model
    public var after: Model
    public var commands: [Command]
    /// The user asked to quit.
    public var quit: Bool

    /// Whether the screen needs drawing again: ticks that change nothing do not.
    public var needsRedraw: Bool { message != .tick || after != before }
}

/// Runs the model/update/view loop against an engine: applies the commands `update`
/// returns, then refreshes the snapshot and the events. The terminal drives it with
/// messages and draws `frame()`; a recorded session replays the same messages.
public final class App {
    public private(set) var model: Model
    public let engine: any Engine

    public init(engine: any Engine, width: Int = 120, height: Int = 40, glyphs: Glyphs = .unicode,
                tickRate: Int = 30) {
        self.engine = engine
        self.model = Model(snapshot: engine.snapshot(), events: engine.recentEvents,
                           width: width, height: height, glyphs: glyphs)
        self.model.tickRate = tickRate
        self.model.pauseOn = engine.pauseOn
        if !engine.pauseOn.isEmpty { self.model.pauseOnChoice = engine.pauseOn }
        loadSource()
        clampScrolls(&model)
    }

    /// The one way a message changes the app: `update`, then the engine runs the commands
    /// it returned and the model is refreshed from the engine. The terminal loop, recording
    /// (which writes down the returned transition), playback, the benchmarks and the tests
    /// all come through here. With `engine: false` the commands are dropped: playback uses it
    /// for recorded view changes, which must not move the replayed program.
    @discardableResult
    public func dispatch(_ message: Message, engine runsEngine: Bool = true) -> Transition {
        let before = model
        let (next, commands) = update(model, message)
        model = next
        let quits = commands.contains(.quit)
        if runsEngine { perform(Array(commands.prefix { $0 != .quit })) }
        return Transition(message: message, before: before, after: model, commands: commands,
                          quit: quits || model.quitRequested)
    }

    /// Apply one message. Returns false once the user asked to quit.
    @discardableResult
    public func send(_ message: Message) -> Bool { !dispatch(message).quit }

    /// Apply engine commands directly (a recorded session replays them), then refresh.
    public func perform(_ commands: [Command], refresh shouldRefresh: Bool = true) {
        var acted = false
        var note: String?
        for command in commands {
            switch command {
            case .quit: continue
            case .step: engine.step()
            case .next: engine.next()
            case .finishTask: engine.finishTask()
            case .runTasks(let n):
                if engine.run(tasks: n) { model.running = false }   // paused on an event
            case .nextEvent:
                if engine.runToNextEvent() == nil { note = "no further event: the program ran to its end" }
            case .previousEvent:
                if engine.backToPreviousEvent() == nil { note = "no earlier event: this is the first" }
            case .goToEvent(let i): engine.goToEvent(i)
            case .pauseOn(let kinds): engine.pauseOn = kinds
            case .back: engine.back()
            case .backTask: engine.backTask()
            case .collect: engine.collect()
            case .toggle(let index, let value): engine.setToggle(index: index, value: value)
            case .restart: engine.restart()
            }
            acted = true
        }
        if acted && shouldRefresh { refresh() }
        if let note { model.status = note }
    }

    /// Change the model directly (playback sets speed, run state, sizes); scrolls are
    /// clamped afterwards.
    public func updateModel(_ body: (inout Model) -> Void) {
        body(&model)
        clampScrolls(&model)
    }

    /// Re-read the snapshot and events from the engine.
    public func refresh() {
        let oldLast = model.events.last
        let oldEvent = model.snapshot.events.last
        let wasAlive = model.snapshot.failure == nil
        model.snapshot = engine.snapshot()
        model.events = engine.recentEvents
        if model.events.last != oldLast, model.events.last != nil { model.status = nil }
        if let e = model.snapshot.events.last, e != oldEvent {
            // A new event (or, after `[`, another one is the newest): the event line keeps
            // it for a few seconds.
            model.eventHold = 3 * max(1, model.tickRate)
            model.status = nil
        }
        if wasAlive && model.snapshot.failure != nil {
            // It died: the Code pane goes to the raising line, Scopes to the traceback's end.
            model.scroll[Pane.code.rawValue] = 0
            model.scroll[Pane.scopes.rawValue] = 0
        }
        if let id = model.inspected, !model.snapshot.objects.contains(where: { $0.id == id }) {
            // The explained object is gone: say so once and close the explanation.
            model.inspected = nil
            model.status = "#\(id) was freed: its explanation is closed"
        }
        loadSource()
        clampScrolls(&model)
        if isOver(model.snapshot.state) { model.running = false }
    }

    /// The current frame.
    public func frame() -> Grid { view(model) }

    private func loadSource() {
        for module in ["__main__", model.snapshot.module] where model.sources[module] == nil {
            model.sources[module] = engine.source(module: module) ?? []
        }
    }
}
