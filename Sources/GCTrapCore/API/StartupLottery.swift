// The start-up lottery in one table (`gctrap run --sweep-gen0-at-start`). A real process
// reaches its task loop with whatever gen-0 count its imports left, so its first collection
// comes anywhere from the first task to the threshold's: the incident's "now and then". The
// sweep runs the same scenario with the count at the loop's start set to 0, STEP, 2·STEP...
// up to the threshold, and says for each where the first collection came, how high the
// connections went and whether the program died.

/// One run of the sweep.
public struct LotteryRun: Equatable, Sendable {
    public var gen0AtStart: Int
    /// The first task during which a collection ran (explicit `gc.collect()` included), and
    /// the oldest generation collected in it.
    public var firstCollectionTask: Int?
    public var firstCollectionGeneration: Int?
    /// Collections per generation from the loop's start to the last finished task (the CSV's gc_genN).
    public var collections: [Int]
    /// The most open at a task's end, and the first task that ended so.
    public var peakOpen: Int
    public var peakOpenTask: Int?
    /// The most open at any moment within a task, and the first such task.
    public var peakInTask: Int
    public var peakInTaskTask: Int?
    /// Finished tasks (rows).
    public var tasks: Int
    /// The exception that killed the program, and the task it died in.
    public var error: String?
    public var errorTask: Int?
    /// A limit that stopped the run (--max-steps, --max-tasks...), if any.
    public var stopped: String?
}

public enum StartupLottery {
    /// 0, step, 2·step, ... and threshold - 1 (the last value the count can have before the
    /// first collection): every value below the threshold that the sweep visits.
    public static func values(threshold: Int, step: Int) -> [Int] {
        guard threshold > 0 else { return [0] }
        var out = Array(stride(from: 0, to: threshold, by: max(1, step)))
        if out.last != threshold - 1 { out.append(threshold - 1) }
        return out
    }

    /// The default step: about ten rows (70 on 3.11/3.12, 200 on 3.13).
    public static func defaultStep(threshold: Int) -> Int { max(1, threshold / 10) }

    /// Runs `make(n)` to its end for every n and summarizes it.
    public static func sweep(_ values: [Int], make: (Int) throws -> Simulation) rethrows -> [LotteryRun] {
        try values.map { n in
            let sim = try make(n)
            sim.keepsCheckpoints = false
            sim.runToEnd()
            return summary(sim, gen0AtStart: n)
        }
    }

    public static func summary(_ sim: Simulation, gen0AtStart n: Int) -> LotteryRun {
        let rows = sim.rows
        let first = rows.first { !$0.collectionsDuring.isEmpty }
        // max(by:) returns the last of equals: order so the earliest task wins ties.
        let peak = rows.max { $0.open < $1.open || ($0.open == $1.open && $0.task > $1.task) }
        let within = rows.max { $0.peakInTask < $1.peakInTask || ($0.peakInTask == $1.peakInTask && $0.task > $1.task) }
        let errorRow = rows.first { !$0.error.isEmpty }
        return LotteryRun(gen0AtStart: n, firstCollectionTask: first?.task,
                          firstCollectionGeneration: first?.collectionsDuring.max(),
                          collections: rows.last?.collections ?? [0, 0, 0],
                          peakOpen: peak?.open ?? 0, peakOpenTask: peak?.task,
                          peakInTask: within?.peakInTask ?? 0, peakInTaskTask: within?.task,
                          tasks: rows.count, error: sim.uncaughtType, errorTask: errorRow?.task,
                          stopped: sim.limitReached?.message)
    }
}
