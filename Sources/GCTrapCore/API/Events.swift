// What happened, in order: the investigator's event log and a run's narrative.
// Kept in a bounded ring so a 200,000-task run stays small.

public enum Event: Equatable, Sendable {
    case taskStarted(Int)
    case taskFinished(Int)
    case collectionStarted(generation: Int, forced: Bool)
    case collection(CollectionRecord)
    case connectionOpened(object: Int, connection: Int)
    case connectionClosed(object: Int, connection: Int, byFinalizer: Bool)
    /// A checked-out pooled connection was freed and its finalizer gave the slot back
    /// (db.Pool's default, as nebula3's Session.__del__ calls release()).
    case poolSlotReturned(object: Int, connection: Int)
    case raised(type: String, message: String, line: Int)
    case caught(type: String, line: Int)
    case finalizer(Int, String)
    case resurrected(Int)
    case ignored(String, String)
    case output(String)
    case uncaught(type: String, message: String)

    /// One line for the event log.
    public var text: String {
        switch self {
        case .taskStarted(let k): return "task \(k) started"
        case .taskFinished(let k): return "task \(k) finished"
        case .collectionStarted(let g, let forced):
            return forced ? "gc.collect(\(g)) started" : "gen-\(g) collection started"
        case .collection(let r):
            let what = r.forced ? "gc.collect(\(r.generation))" : "gen-\(r.generation) collection"
            return "\(what) freed \(r.collected) objects, closed \(r.connectionsClosed) connections (scanned \(r.scanned))"
        case .connectionOpened(_, let c): return "connection \(c) opened"
        case .connectionClosed(_, let c, let fin):
            return fin ? "connection \(c) closed by its finalizer" : "connection \(c) closed"
        case .poolSlotReturned(_, let c):
            return "connection \(c) freed while checked out: its finalizer returned the pool slot"
        case .raised(let t, let m, let line): return "line \(line): raised \(t)" + (m.isEmpty ? "" : ": \(m)")
        case .caught(let t, let line): return "line \(line): caught \(t)"
        case .finalizer(_, let t): return "\(t).__del__ ran"
        case .resurrected(let id): return "object #\(id) resurrected by its finalizer"
        case .ignored(let ctx, let text): return "exception ignored in \(ctx): \(text)"
        case .output(let s): return "print: " + s.trimmingCharacters(in: "\n")
        case .uncaught(let t, let m): return "uncaught \(t)" + (m.isEmpty ? "" : ": \(m)")
        }
    }
}

public struct LoggedEvent: Equatable, Sendable {
    public var sequence: Int
    public var task: Int?
    public var event: Event
}

struct EventLog {
    static let capacity = 512
    var ring: [LoggedEvent] = []
    var next = 0          // ring write position once full
    var sequence = 0
    var currentTask: Int? = nil

    /// `consuming`: the event moves into the ring (borrowed, it was copied, retaining its
    /// strings, several times a task).
    mutating func add(_ e: consuming Event) {
        let entry = LoggedEvent(sequence: sequence, task: currentTask, event: e)
        sequence += 1
        if ring.count < EventLog.capacity {
            ring.append(entry)
        } else {
            ring[next] = entry
            next = (next + 1) % EventLog.capacity
        }
    }

    /// The last `n` events, oldest first.
    func recent(_ n: Int) -> [LoggedEvent] {
        let ordered = ring.count < EventLog.capacity ? ring : Array(ring[next...] + ring[..<next])
        return Array(ordered.suffix(n))
    }
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s = s.dropFirst() }
        while s.last == set { s = s.dropLast() }
        return String(s)
    }
}

extension Substring {
    func trimmingCharacters(in set: Character) -> String {
        String(self).trimmingCharacters(in: set)
    }
}
