import GCTrapCore

/// What the engine is asked to do; `update` returns them and `App` applies them.
public enum Command: Hashable, Sendable {
    case step               // one statement, into calls (pdb `s`)
    case next               // next statement in this frame (pdb `n`)
    case finishTask         // to the end of the current task
    case runTasks(Int)      // run this many more tasks (ticks while running)
    case back               // one statement back
    case backTask           // one task back
    case collect            // gc.collect() now
    case toggle(index: Int, value: Bool)
    case restart            // task 0 with the current toggles
    case nextEvent          // `]`: run to just after the next event
    case previousEvent      // `[`: back to the previous event (exact)
    case goToEvent(Int)     // Enter in the Events view: to the event at this index (oldest first)
    case pauseOn(EventKinds) // runs stop at these kinds of event (`p`, --pause-on)
    case quit
}

/// Everything the screen shows, and nothing else: `view(model)` is a pure function of it.
public struct Model: Equatable, Sendable {
    /// Speeds for `+`/`-`, in tasks per second; `nil` is "as fast as it goes".
    public static let speeds: [Int?] = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000,
                                        10_000, 20_000, 50_000, nil]
    public static let minimumWidth = 80
    public static let minimumHeight = 24

    public var snapshot: Snapshot
    /// Source lines per module ("__main__" is the scenario), for the Code pane.
    public var sources: [String: [String]]
    /// Most recent engine events, oldest first; the last one is shown in the event line.
    public var events: [String]
    public var width: Int
    public var height: Int
    public var focus: Pane = .code
    /// Scroll offset per pane (indexed by `Pane.rawValue`). For Code it is relative to the
    /// position that follows execution, and resets when execution moves.
    public var scroll: [Int] = Array(repeating: 0, count: Pane.allCases.count)
    /// Selected row of the Objects pane (see `ObjectsPane.rows`).
    public var selectedRow: Int = 0
    /// Object whose "why alive / what frees it" explanation is shown (toggled by Enter).
    public var inspected: Int?
    /// Index into `snapshot.connections` of the connection whose opening stack is shown;
    /// nil follows the most recent one.
    public var selectedConnection: Int?
    public var speedIndex: Int = 5
    public var running: Bool = false
    public var helpVisible: Bool = false
    /// A one-line message from the UI itself (speed changed, toggle flipped...), shown in
    /// the event line until the next engine event.
    public var status: String?
    public var glyphs: Glyphs
    /// Ticks per second the terminal sends; speed is converted to tasks per tick with it.
    public var tickRate: Int = 30
    /// Tasks per tick at the "as fast as it goes" speed.
    public var maxTasksPerTick: Int = 2_000
    /// Fractional tasks carried between ticks, in 1/tickRate units.
    public var tickCredit: Int = 0
    public var quitRequested: Bool = false
    /// The Graph view, when open (G, or Enter on a garbage group).
    public var graph: GraphViewState?
    /// Projector mode (P, or --projector): three panes, block digits, the light theme.
    public var projector: Bool = false
    /// Horizontal scroll per pane in columns (indexed by `Pane.rawValue`; ←/→ when focused).
    public var hscroll: [Int] = Array(repeating: 0, count: Pane.allCases.count)
    /// First line of the help and legend shown (they scroll on small screens).
    public var helpScroll: Int = 0
    /// The Events view (`e`), when open.
    public var eventsView: EventsViewState?
    /// Ticks left to keep the newest event on the event line (it is replaced only by a
    /// newer event, not by the minor log, for a few seconds even at full speed).
    public var eventHold: Int = 0
    /// The kinds of event a run pauses on (`--pause-on`, `p` switches it on and off).
    public var pauseOn: EventKinds = .none
    /// What `p` switches on: the --pause-on kinds, else collections and errors.
    public var pauseOnChoice: EventKinds = EventKinds([.collection, .refused, .exhausted, .uncaught])

    public init(snapshot: Snapshot, sources: [String: [String]] = [:], events: [String] = [],
                width: Int = 120, height: Int = 40, glyphs: Glyphs = .unicode) {
        self.snapshot = snapshot
        self.sources = sources
        self.events = events
        self.width = width
        self.height = height
        self.glyphs = glyphs
    }

    public var speed: Int? { Model.speeds[speedIndex] }
    public var isTooSmall: Bool { width < Model.minimumWidth || height < Model.minimumHeight }

    public var speedText: String {
        guard let s = speed else { return "max speed" }
        return "\(s) task\(s == 1 ? "" : "s")/s"
    }

    public func scroll(_ pane: Pane) -> Int { scroll[pane.rawValue] }
}
