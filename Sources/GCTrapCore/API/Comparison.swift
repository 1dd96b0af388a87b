// Two or more runs of one scenario side by side (other toggles, another Python), aligned by
// task, and the tasks where they diverge. Divergence is judged on what teaches something
// (a collection on one side only, an error, a new peak, garbage that holds a connection),
// not on raw counts, unless the user asks for a count.

/// What makes two sides' tasks "different".
public enum DivergenceCriterion: String, CaseIterable, Sendable {
    /// A collection on one side only, an error, a new peak that puts one side ahead, or
    /// garbage that starts holding connections on one side only.
    case events
    case open
    case leaked
    case collections
    case error
    /// The gen-0 counter at the task's end (tracked objects allocated less those freed
    /// since the last collection): how far each side is from its next collection.
    case heap

    public var explanation: String {
        switch self {
        case .events: return "a collection on one side only, an error, a peak that puts one side ahead, or garbage starting to hold connections"
        case .open: return "open connections at the task's end"
        case .leaked: return "leaked connections (open, owner unreachable) at the task's end"
        case .collections: return "the generations collected during the task"
        case .error: return "the exception that ended the program"
        case .heap: return "the gen-0 counter at the task's end"
        }
    }
}

/// One side of a comparison: a label ("3.11", "left"), its profile and its rows.
public struct ComparisonSide: Sendable {
    public var label: String
    public var profile: PythonProfile
    public var rows: TaskRows
    /// The exception that ended the program ("TooManyConnections"), if it died.
    public var died: String?

    public init(label: String, profile: PythonProfile, rows: TaskRows, died: String?) {
        self.label = label
        self.profile = profile
        self.rows = rows
        self.died = died
    }

    /// The row of task k, if this side reached its end. Rows are task-ordered from 0, but
    /// a loop left early may skip numbers, so look it up rather than index blindly.
    public func row(_ k: Int) -> TaskRow? {
        if k < rows.count, rows[k].task == k { return rows[k] }
        return rows.first { $0.task == k }
    }

    public var lastTask: Int { rows.last?.task ?? -1 }

    /// Highest open count at a task's end, and the first task that reached it.
    public var peak: (open: Int, task: Int)? {
        var best: (Int, Int)? = nil
        for r in rows where best == nil || r.open > best!.0 { best = (r.open, r.task) }
        return best
    }
}

/// A task where the sides differ, and what it means in words.
public struct Divergence: Equatable, Sendable {
    public var task: Int
    public var text: String
}

public enum Comparison {
    /// Every task where the sides differ by `criterion`, in task order. Past the end of a
    /// side (it died or finished) only the first task is a divergence: the end itself.
    public static func divergences(_ sides: [ComparisonSide], by criterion: DivergenceCriterion,
                                   limit: Int = Int.max) -> [Divergence] {
        var tracker = DivergenceTracker(criterion: criterion, sides: sides.count)
        tracker.advance(sides, limit: limit)
        return tracker.found
    }

    static func differs(_ rows: [TaskRow], previousPeaks: [Int], by c: DivergenceCriterion) -> Bool {
        func allSame<T: Equatable>(_ f: (Int, TaskRow) -> T) -> Bool {
            let first = f(0, rows[0])
            return rows.enumerated().allSatisfy { f($0.offset, $0.element) == first }
        }
        switch c {
        case .open: return !allSame { $1.open }
        case .leaked: return !allSame { $1.leaked }
        case .collections: return !allSame { $1.collectionsDuring }
        case .error: return !allSame { $1.error }
        case .heap: return !allSame { $1.count0 }
        case .events:
            // A peak matters when it changes which side is ahead, not every task one side
            // keeps climbing.
            let peaks = rows.enumerated().map { max(previousPeaks[$0.offset], $0.element.open) }
            return !allSame { $1.collectionsDuring } || !allSame { $1.error }
                || !allSame { $1.leaked > 0 }
                || order(peaks) != order(previousPeaks)
        }
    }

    /// Each side's peak against the first side's: -1 below, 0 level, 1 above.
    static func order(_ peaks: [Int]) -> [Int] {
        peaks.map { $0 < peaks[0] ? -1 : ($0 > peaks[0] ? 1 : 0) }
    }

    /// "task 138: 3.11 collected gen 0 (closed 137); 3.13 count 705/2000"
    static func describe(_ sides: [ComparisonSide], _ rows: [TaskRow], previousPeaks: [Int], task k: Int) -> String {
        var parts: [String] = []
        for (i, side) in sides.enumerated() {
            let r = rows[i]
            let before = k > 0 ? side.row(k - 1) : nil
            var what: [String] = []
            if !r.error.isEmpty { what.append("died of \(r.error)") }
            let gens = r.collectionsDuring
            if !gens.isEmpty {
                let closed = r.closedByFinalizer - (before?.closedByFinalizer ?? 0)
                what.append("collected gen \(gens.map(String.init).joined(separator: "+")) (closed \(closed))")
            }
            if what.isEmpty {
                what.append("count \(r.count0)/\(side.profile.thresholds[0])")
            }
            var facts = ["open \(r.open)"]
            if r.open > previousPeaks[i] && r.open > 1 { facts[0] += ", a new peak" }
            if r.leaked > 0 { facts.append("\(r.leaked) in garbage") }
            parts.append("\(side.label) \(what.joined(separator: ", ")); \(facts.joined(separator: ", "))")
        }
        return "task \(k): " + parts.joined(separator: " | ")
    }

    static func endText(_ sides: [ComparisonSide], _ rows: [TaskRow?], task k: Int) -> String {
        var parts: [String] = []
        for (i, side) in sides.enumerated() {
            if let r = rows[i] {
                parts.append("\(side.label) runs on (open \(r.open))")
            } else if let d = side.died {
                // The dying task has its row (with the error) when it died inside the loop.
                let k = side.rows.last.map { $0.error.isEmpty ? $0.task + 1 : $0.task } ?? 0
                parts.append("\(side.label) died of \(d) in task \(k)")
            } else {
                parts.append("\(side.label) ended after task \(side.lastTask)")
            }
        }
        return "task \(k): " + parts.joined(separator: " | ")
    }
}

/// Divergences found so far, extended as the sides run (the investigator's lockstep view
/// feeds it after every tick; the headless report feeds it once).
public struct DivergenceTracker: Equatable, Sendable {
    public let criterion: DivergenceCriterion
    public private(set) var found: [Divergence] = []
    /// The next task to examine.
    public private(set) var nextTask = 0
    /// True once one side has ended and the end was reported: nothing more to compare.
    public private(set) var ended = false
    var peaks: [Int]

    public init(criterion: DivergenceCriterion, sides: Int) {
        self.criterion = criterion
        peaks = Array(repeating: 0, count: sides)
    }

    /// Examines every task that all sides have finished since the last call (and the end
    /// of a side that has stopped while another runs on, once `final` says no more rows
    /// will come for it).
    public mutating func advance(_ sides: [ComparisonSide], limit: Int = Int.max, final: Bool = true) {
        guard sides.count >= 2, sides.count == peaks.count else { return }
        let last = sides.map(\.lastTask).max() ?? -1
        while !ended && nextTask <= last && found.count < limit {
            let k = nextTask
            let rows = sides.map { $0.row(k) }
            if rows.contains(where: { $0 == nil }) {
                // A side lacks row k: it ended before it (or has not got there yet).
                guard final || sides.contains(where: { $0.died != nil && $0.row(k) == nil }) else { return }
                found.append(Divergence(task: k, text: Comparison.endText(sides, rows, task: k)))
                ended = true
                return
            }
            let present = rows.map { $0! }
            let previousPeaks = peaks
            for (i, r) in present.enumerated() { peaks[i] = max(peaks[i], r.open) }
            if Comparison.differs(present, previousPeaks: previousPeaks, by: criterion) {
                found.append(Divergence(task: k, text: Comparison.describe(sides, present, previousPeaks: previousPeaks, task: k)))
            }
            nextTask += 1
        }
    }
}
