// The moments of a run worth stopping at: each collection, each new high of open
// connections, a connection refused by the server, a pool run dry, the uncaught exception.
// The investigator lists them (the Events view), runs to the next one (`]`), steps back to
// the previous one (`[`) and can pause on chosen kinds. Every one carries its task and the
// statement count at which it shows, so going back to it is exact time travel.

public struct RunEvent: Equatable, Sendable {
    public enum Kind: UInt8, CaseIterable, Sendable {
        case collection      // automatic (threshold) or gc.collect() (program or investigator)
        case peak            // open connections above every earlier count
        case refused         // db.connect() refused: the server holds its limit
        case exhausted       // db.Pool.acquire() found no idle connection and no room
        case uncaught        // the exception that ended the program

        /// The word `--pause-on` and the Events view use.
        public var name: String {
            switch self {
            case .collection: return "collection"
            case .peak: return "peak"
            case .refused: return "refused"
            case .exhausted: return "exhausted"
            case .uncaught: return "uncaught"
            }
        }

        public var bit: UInt8 { 1 << rawValue }
    }

    public var kind: Kind
    /// collection: the generation collected.
    public var generation: Int8 = 0
    /// collection: gc.collect() rather than the threshold.
    public var forced = false
    /// peak: a later, higher count of the same climb was folded into this event.
    var continued = false
    /// The task it happened in; -1 outside the task loop.
    var taskIndex: Int32
    /// The statement count at which it is visible: `seek(toStep:)` here shows it done.
    public var step: Int
    // Numbers by kind (Int32 keeps 200,000 events in a few megabytes):
    //   collection: a objects freed, b connections closed, c objects scanned, d open after
    //   peak:       a the new high, b the server limit, c the task that reached it, d the previous high
    //   refused:    a open, b the server limit
    //   exhausted:  a connections in use, b the pool's size
    var a: Int32 = 0, b: Int32 = 0, c: Int32 = 0, d: Int32 = 0

    public var task: Int? { taskIndex >= 0 ? Int(taskIndex) : nil }
    public var freed: Int { Int(a) }
    public var connectionsClosed: Int { Int(b) }
    public var scanned: Int { Int(c) }
    /// collection: open connections after it; peak: the high; refused: open.
    public var open: Int { kind == .collection ? Int(d) : Int(a) }
    /// refused and peak: the server limit; exhausted: the pool's size.
    public var limit: Int { Int(b) }
    public var inUse: Int { Int(a) }
    /// peak: the task in which the high was reached (the climb began at `task`).
    public var peakTask: Int? { kind == .peak && c >= 0 ? Int(c) : nil }

    init(kind: Kind, task: Int?, step: Int) {
        self.kind = kind
        self.taskIndex = Int32(clamping: task ?? -1)
        self.step = step
    }

    /// One line: "task 138: gen-0 collection freed 690 objects, closed 138 connections
    /// (scanned 700)". `failure` is the uncaught exception's summary (`EventHistory.failure`).
    public func text(failure: String? = nil) -> String {
        let prefix = task.map { "task \($0): " } ?? "before the task loop: "
        return prefix + body(failure: failure)
    }

    /// The line without its task.
    public func body(failure: String? = nil) -> String {
        switch kind {
        case .collection:
            let what = forced ? (generation == 2 ? "gc.collect()" : "gc.collect(\(generation))")
                              : "gen-\(generation) collection"
            return "\(what) freed \(plural(freed, "object")), closed \(plural(connectionsClosed, "connection")) (scanned \(scanned))"
        case .peak:
            var s = "open connections at a new high: \(open)"
            if let t = peakTask, t != task { s += " by task \(t)" }
            return s + " (limit \(limit))"
        case .refused:
            return "connection refused: \(open)/\(limit) open (db.TooManyConnections)"
        case .exhausted:
            return "pool exhausted: \(inUse) of \(limit) in use (db.PoolExhausted)"
        case .uncaught:
            return "the program died: " + (failure ?? "uncaught exception")
        }
    }
}

func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }

/// Every event of a run, oldest first. Kept in fixed-size chunks so that a copy (a
/// checkpoint, a saved state) shares all but the last chunk with the original.
public struct EventHistory: Equatable, Sendable {
    static let chunkSize = 1024
    var chunks: [[RunEvent]] = []
    var tail: [RunEvent] = []
    /// The uncaught exception's summary ("db.TooManyConnections: Create Session failed: ...").
    public internal(set) var failure: String?

    public init() {}

    public var count: Int { chunks.count * EventHistory.chunkSize + tail.count }
    public var isEmpty: Bool { count == 0 }

    public subscript(i: Int) -> RunEvent {
        let c = i / EventHistory.chunkSize
        return c < chunks.count ? chunks[c][i % EventHistory.chunkSize] : tail[i - chunks.count * EventHistory.chunkSize]
    }

    public var last: RunEvent? { tail.last ?? chunks.last?.last }

    /// Chunks forgotten from the front (the live investigator's long runs): absolute chunk
    /// numbers, so every copy (checkpoints) forgets the same ones.
    var droppedChunks = 0

    /// Forgets the chunks before absolute chunk number `n`.
    mutating func dropChunks(before n: Int) {
        let k = max(0, min(chunks.count, n - droppedChunks))
        guard k > 0 else { return }
        chunks.removeFirst(k)
        droppedChunks += k
    }

    mutating func append(_ e: RunEvent) {
        tail.append(e)
        if tail.count == EventHistory.chunkSize {
            chunks.append(tail)
            tail = []
        }
    }

    /// Folds a higher count of the same climb into the last event (a peak).
    mutating func extendLast(with e: RunEvent) {
        if tail.isEmpty, let c = chunks.popLast() { tail = c }
        guard let i = tail.indices.last else { append(e); return }
        tail[i].a = e.a
        tail[i].c = e.c
        tail[i].continued = true
    }

    /// Index of the newest event that shows before statement count `step` (for `[`).
    public func lastIndex(before step: Int) -> Int? {
        var lo = 0, hi = count   // first index with .step >= step
        while lo < hi {
            let mid = (lo + hi) / 2
            if self[mid].step < step { lo = mid + 1 } else { hi = mid }
        }
        return lo > 0 ? lo - 1 : nil
    }

    /// The newest `n` events, newest first.
    public func newest(_ n: Int, skipping offset: Int = 0) -> [RunEvent] {
        var out: [RunEvent] = []
        var i = count - 1 - offset
        while i >= 0 && out.count < n { out.append(self[i]); i -= 1 }
        return out
    }

    /// How many of each kind, by `Kind.rawValue`.
    public func counts() -> [Int] {
        var n = [Int](repeating: 0, count: RunEvent.Kind.allCases.count)
        for c in chunks { for e in c { n[Int(e.kind.rawValue)] += 1 } }
        for e in tail { n[Int(e.kind.rawValue)] += 1 }
        return n
    }
}

/// A set of event kinds (`--pause-on collection,error`).
public struct EventKinds: Hashable, Sendable {
    public var mask: UInt8
    public init(mask: UInt8) { self.mask = mask }
    public init(_ kinds: [RunEvent.Kind]) { mask = kinds.reduce(0) { $0 | $1.bit } }

    public static let none = EventKinds(mask: 0)
    public static let all = EventKinds(RunEvent.Kind.allCases)
    /// "error": what stops a batch job — refused, exhausted, uncaught.
    public static let errors = EventKinds([.refused, .exhausted, .uncaught])

    public var isEmpty: Bool { mask == 0 }
    public func contains(_ k: RunEvent.Kind) -> Bool { mask & k.bit != 0 }

    /// The words accepted by `--pause-on`.
    public static let words = ["collection", "peak", "refused", "exhausted", "uncaught", "error", "all"]

    /// Parses "collection,error"; nil names the first unknown word.
    public static func parse(_ text: String) -> Result<EventKinds, ParseError> {
        var mask: UInt8 = 0
        for raw in text.split(separator: ",", omittingEmptySubsequences: false) {
            let w = raw.trimmingCharacters(in: " ").lowercased()
            switch w {
            case "error", "errors": mask |= EventKinds.errors.mask
            case "all": mask |= EventKinds.all.mask
            case "collections": mask |= RunEvent.Kind.collection.bit
            default:
                guard let k = RunEvent.Kind.allCases.first(where: { $0.name == w }) else {
                    return .failure(ParseError(word: String(raw)))
                }
                mask |= k.bit
            }
        }
        return .success(EventKinds(mask: mask))
    }

    public struct ParseError: Error, Equatable, Sendable { public var word: String }

    /// "collection, error" — the inverse of `parse`, in a fixed order.
    public var description: String {
        if mask == 0 { return "nothing" }
        var words: [String] = []
        if contains(.collection) { words.append("collection") }
        if contains(.peak) { words.append("peak") }
        if mask & EventKinds.errors.mask == EventKinds.errors.mask {
            words.append("error")
        } else {
            for k in [RunEvent.Kind.refused, .exhausted, .uncaught] where contains(k) { words.append(k.name) }
        }
        return words.joined(separator: ", ")
    }
}
