// The investigator's history over long runs (issue 12): finished-task rows and task start
// steps stay dense for the most recent tasks and thin out behind them, half as dense at
// each halving, so an hour at full speed holds a bounded number of rows. Headless runs and
// replayed sessions keep every row (`thinsHistory` off).

/// Task starts (task number -> statement count), sorted by task, thinned like the rows.
struct TaskStarts {
    private(set) var tasks: [Int] = []
    private(set) var steps: [Int] = []

    var isEmpty: Bool { tasks.isEmpty }
    var lastTask: Int? { tasks.last }

    /// Records (or, for a task number seen again, replaces) where task `k` started.
    mutating func set(_ k: Int, _ step: Int) {
        if let last = tasks.last, k <= last {
            let i = index(atOrBefore: k)
            if let i, tasks[i] == k { steps[i] = step; return }
            let at = (i ?? -1) + 1
            tasks.insert(k, at: at)
            steps.insert(step, at: at)
            return
        }
        tasks.append(k)
        steps.append(step)
    }

    /// The start of task `k`, or of the nearest earlier task kept when `k`'s was thinned out.
    func start(atOrBefore k: Int) -> (task: Int, step: Int)? {
        guard let i = index(atOrBefore: k) else { return nil }
        return (tasks[i], steps[i])
    }

    func start(of k: Int) -> Int? {
        guard let i = index(atOrBefore: k), tasks[i] == k else { return nil }
        return steps[i]
    }

    private func index(atOrBefore k: Int) -> Int? {
        var lo = 0, hi = tasks.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if tasks[mid] <= k { lo = mid + 1 } else { hi = mid }
        }
        return lo == 0 ? nil : lo - 1
    }

    /// Keeps every other entry among all but the newest `recent`.
    mutating func thin(keepingRecent recent: Int) {
        guard tasks.count > recent else { return }
        let old = tasks.count - recent
        tasks = thinned(tasks, old)
        steps = thinned(steps, old)
    }
}

/// Every other element of the first `old`, then the rest as they are.
func thinned<T>(_ a: [T], _ old: Int) -> [T] {
    var out: [T] = []
    out.reserveCapacity(old / 2 + a.count - old + 1)
    var i = 0
    while i < old { out.append(a[i]); i += 2 }
    out.append(contentsOf: a[old...])
    return out
}

extension Simulation {
    /// Tasks finished so far, thinned-out rows included.
    public var tasksFinished: Int { rowsEver }

    /// Rows kept at full density behind the current task; older ones thin out.
    public static let defaultDenseHistory = 1 << 17

    /// Thins rows and task starts once they pass twice the dense window.
    func thinHistoryIfNeeded() {
        guard thinsHistory else { return }
        if rows.count > 2 * denseHistory {
            let old = rows.count - denseHistory
            rows = TaskRows(thinned(Array(rows), old))
            rowChart = TaskRowChart(rows)
            rowSeq = thinned(rowSeq, old)
        }
        if taskStarts.tasks.count > 2 * denseHistory {
            taskStarts.thin(keepingRecent: denseHistory)
        }
        // The events to jump to ([ and ]): the oldest chunks go, in the checkpoints' copies
        // too, so no copy keeps them alive.
        if events.count > 2 * denseHistory {
            let cut = events.droppedChunks + (events.count - denseHistory) / EventHistory.chunkSize
            events.dropChunks(before: cut)
            for i in checkpoints.indices { checkpoints[i].events.dropChunks(before: cut) }
            timelineEnd?.events.dropChunks(before: cut)
        }
    }
}
