/// What the charts need from the finished-task rows, kept up to date as rows come, so a
/// chart of 200,000 tasks costs about as much to draw as one of 200: the highest open and
/// in-use counts and the generations collected over any range of rows, by a pyramid of
/// block maxima (blocks of 16 rows, then 32, 64, ...). A frame used to read every row of
/// both sides, ~90 ms at 200,000 tasks a side. Built and kept by the simulation (appends,
/// steps back, thinning, restarts); a pure value.
public struct TaskRowChart: Equatable, Sendable {
    /// One block's maxima and the generations collected during its tasks (bit g: gen g).
    public struct Summary: Equatable, Sendable {
        public var open: Int32 = 0
        public var inUse: Int32 = 0
        public var collected: UInt8 = 0

        init() {}
        init(_ row: TaskRow) {
            open = Int32(clamping: row.open)
            inUse = Int32(clamping: row.inUse)
            collected = row.duringMask
        }

        mutating func add(_ other: Summary) {
            open = max(open, other.open)
            inUse = max(inUse, other.inUse)
            collected |= other.collected
        }

        /// The highest generation collected, or -1.
        public var highestGeneration: Int { collected == 0 ? -1 : 7 - collected.leadingZeroBitCount }
    }

    static let blockShift = 4
    static let block = 1 << blockShift
    /// levels[k][j]: rows j·16·2^k ..< (j+1)·16·2^k, complete blocks only.
    private var levels: [ChunkedArray<Summary>] = []
    /// How many rows it describes (the rows' count when it was last brought up to date).
    public private(set) var rowCount = 0

    public init() {}

    public init(_ rows: TaskRows) { extend(rows) }

    /// Takes in the rows appended since the last call (`rows` holds the earlier ones too).
    public mutating func extend(_ rows: TaskRows) {
        let base = Self.block
        var done = (levels.first?.count ?? 0) * base
        while done + base <= rows.count {
            var s = Summary()
            for k in done..<(done + base) { s.add(Summary(rows[k])) }
            push(s)
            done += base
        }
        rowCount = rows.count
    }

    private mutating func push(_ s: Summary) {
        if levels.isEmpty { levels.append([]) }
        levels[0].append(s)
        var k = 0
        // A level that has just completed a pair makes one block of the level above.
        while levels[k].count % 2 == 0 {
            if levels.count == k + 1 { levels.append([]) }
            guard levels[k + 1].count < levels[k].count / 2 else { break }
            var up = levels[k][levels[k].count - 2]
            up.add(levels[k][levels[k].count - 1])
            levels[k + 1].append(up)
            k += 1
        }
    }

    /// Forgets rows from `count` on (a step back dropped them).
    public mutating func truncate(to count: Int) {
        guard count < rowCount else { return }
        rowCount = max(0, count)
        var size = Self.block
        for k in levels.indices {
            let keep = rowCount / size
            if levels[k].count > keep { levels[k].removeLast(levels[k].count - keep) }
            size *= 2
        }
        while let last = levels.last, last.isEmpty { levels.removeLast() }
    }

    /// The summary of rows lo..<hi; `rows` are the rows it describes.
    public func summary(_ lo: Int, _ hi: Int, of rows: TaskRows) -> Summary {
        var s = Summary()
        let lo = max(0, lo), hi = min(hi, rows.count, rowCount)
        guard lo < hi else { return s }
        let base = Self.block
        var a = (lo + base - 1) / base, b = hi / base
        if a >= b {
            for k in lo..<hi { s.add(Summary(rows[k])) }
            return s
        }
        for k in lo..<(a * base) { s.add(Summary(rows[k])) }
        for k in (b * base)..<hi { s.add(Summary(rows[k])) }
        // Whole blocks a..<b, bottom-up through the levels.
        var level = 0
        while a < b {
            if a & 1 == 1 { s.add(levels[level][a]); a += 1 }
            if b & 1 == 1 { b -= 1; s.add(levels[level][b]) }
            a >>= 1; b >>= 1; level += 1
        }
        return s
    }
}

extension Snapshot {
    /// The block maxima of `rows`: the simulation's, or built here when the snapshot was
    /// made without one (tests, or rows changed since).
    public var chart: TaskRowChart {
        if let c = rowChart, c.rowCount == rows.count { return c }
        return TaskRowChart(rows)
    }
}
