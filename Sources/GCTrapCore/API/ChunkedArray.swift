/// A list that grows at its end, stored in fixed-size chunks: a copy (a tick's snapshot, a
/// saved state) shares every chunk, and the next append copies at most the unfinished last
/// chunk and the list of chunk references, never the finished chunks. The finished-task rows
/// used to be one array (~22 MB at 200,000 rows), which every tick's snapshot shared, so the
/// next tick's append copied all of it: a tick cost more the longer the run.
public struct ChunkedArray<Element> {
    static var chunkShift: Int { 10 }
    static var chunkSize: Int { 1 << chunkShift }
    static var chunkMask: Int { chunkSize - 1 }

    /// Every chunk but the last is full.
    private var chunks: [[Element]] = []
    public private(set) var count = 0

    public init() {}

    public init<S: Sequence>(_ elements: S) where S.Element == Element {
        append(contentsOf: elements)
    }

    public mutating func append(_ element: Element) {
        if count & Self.chunkMask == 0 {
            var chunk: [Element] = []
            chunk.reserveCapacity(Self.chunkSize)
            chunk.append(element)
            chunks.append(chunk)
        } else {
            chunks[chunks.count - 1].append(element)
        }
        count += 1
    }

    public mutating func append<S: Sequence>(contentsOf elements: S) where S.Element == Element {
        for e in elements { append(e) }
    }

    /// Drops the last `k` elements.
    public mutating func removeLast(_ k: Int) {
        precondition(k >= 0 && k <= count, "ChunkedArray.removeLast: \(k) of \(count)")
        guard k > 0 else { return }
        let n = count - k
        let keep = (n + Self.chunkSize - 1) >> Self.chunkShift
        chunks.removeLast(chunks.count - keep)
        let inLast = n & Self.chunkMask
        if inLast != 0 { chunks[keep - 1].removeLast(chunks[keep - 1].count - inLast) }
        count = n
    }

    @discardableResult
    public mutating func removeLast() -> Element {
        let e = self[count - 1]
        removeLast(1)
        return e
    }

    public mutating func removeAll() {
        chunks = []
        count = 0
    }
}

extension ChunkedArray: RandomAccessCollection {
    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(i: Int) -> Element {
        precondition(i >= 0 && i < count, "ChunkedArray: index \(i) of \(count)")
        return chunks[i >> Self.chunkShift][i & Self.chunkMask]
    }
}

extension ChunkedArray: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: Element...) { self.init(elements) }
}

extension ChunkedArray: Equatable where Element: Equatable {
    /// Equal contents have equal chunks; shared chunks compare by identity (Array's ==).
    public static func == (a: ChunkedArray, b: ChunkedArray) -> Bool {
        a.count == b.count && a.chunks == b.chunks
    }
}

extension ChunkedArray: Sendable where Element: Sendable {}

extension ChunkedArray: CustomStringConvertible {
    public var description: String { Array(self).description }
}

/// The finished-task rows of a run, one per task (`Simulation.rows`, `Snapshot.rows`).
public typealias TaskRows = ChunkedArray<TaskRow>
