/// A set of line numbers as a bitset: the lines of `__main__` that have run so far
/// (`Snapshot.mainLinesRun`). The compare view marks the lines that ran on one side only.
/// A value, copied with the machine, so stepping back restores it exactly.
public struct LineSet: Equatable, Sendable {
    var words: [UInt64] = []

    public init() {}

    public init<S: Sequence>(_ lines: S) where S.Element == Int {
        for l in lines { insert(l) }
    }

    public func contains(_ line: Int) -> Bool {
        guard line >= 0 else { return false }
        let w = line >> 6
        return w < words.count && words[w] & (1 << UInt64(line & 63)) != 0
    }

    /// Reads before it writes: a line already in the set costs no copy of a shared buffer.
    @inline(__always)
    public mutating func insert(_ line: Int) {
        guard line >= 0 else { return }
        let w = line >> 6, bit: UInt64 = 1 << UInt64(line & 63)
        if w < words.count {
            if words[w] & bit == 0 { words[w] |= bit }
        } else {
            words.append(contentsOf: repeatElement(0, count: w + 1 - words.count))
            words[w] |= bit
        }
    }

    public var isEmpty: Bool { !words.contains { $0 != 0 } }
}
