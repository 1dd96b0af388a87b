import XCTest
@testable import GCTrapCore

/// The rows' chunked storage behaves as an array (appends, removals across chunk
/// boundaries, equality) and as a value: a copy taken before an append (a tick's
/// snapshot) keeps what it had.
final class ChunkedArrayTests: XCTestCase {
    let size = ChunkedArray<Int>.chunkSize

    func testAppendsAndRemovalsAcrossChunkBoundariesMatchAnArray() {
        var chunked = ChunkedArray<Int>()
        var plain: [Int] = []
        var rng = SplitMix64(seed: 9)
        for _ in 0..<400 {
            if rng.below(3) == 0, !plain.isEmpty {
                let k = rng.below(min(plain.count, 2 * size) + 1)
                chunked.removeLast(k); plain.removeLast(k)
            } else {
                let more = (0..<rng.below(size + 7)).map { _ in rng.below(1000) }
                chunked.append(contentsOf: more); plain.append(contentsOf: more)
            }
            XCTAssertEqual(Array(chunked), plain)
            XCTAssertEqual(chunked.count, plain.count)
            XCTAssertEqual(chunked.last, plain.last)
        }
        chunked.removeAll()
        XCTAssertTrue(chunked.isEmpty)
    }

    func testACopyKeepsItsElementsWhileTheOriginalGrowsAndShrinks() {
        var rows = ChunkedArray(0..<(2 * size + 5))
        let copy = rows
        rows.append(contentsOf: 0..<size)
        rows.removeLast(2 * size)
        rows.append(-1)
        XCTAssertEqual(Array(copy), Array(0..<(2 * size + 5)))
        XCTAssertEqual(Array(rows), Array(0..<(size + 5)) + [-1])
    }

    func testEqualContentsAreEqualHoweverTheyWereBuilt() {
        var a = ChunkedArray(0..<(size + 10))
        a.removeLast(20)
        a.append(contentsOf: (size - 10)..<(size + 10))
        XCTAssertEqual(a, ChunkedArray(0..<(size + 10)))
        XCTAssertNotEqual(a, ChunkedArray(0..<(size + 9)))
        XCTAssertEqual(ChunkedArray<Int>(), [])
    }
}
