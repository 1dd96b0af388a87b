import XCTest
@testable import GCTrapCore

/// Divergence by criterion over hand-made rows: events ignore counters that differ,
/// counts do not, and the end of one side is one divergence.
final class ComparisonTests: XCTestCase {
    func row(_ k: Int, open: Int, leaked: Int = 0, finalized: Int = 0, count0: Int, during: [Int] = [], error: String = "") -> TaskRow {
        TaskRow(task: k, open: open, inUse: 0, idle: 0, leaked: leaked, closedExplicit: 0, closedByFinalizer: finalized,
                collections: [during.contains(0) ? 1 : 0, 0, 0], count0: count0, error: error, collectionsDuring: during)
    }

    func side(_ label: String, _ rows: [TaskRow], died: String? = nil, threshold: Int = 700) -> ComparisonSide {
        var p = PythonProfile.py311
        p.thresholds[0] = threshold
        return ComparisonSide(label: label, profile: p, rows: TaskRows(rows), died: died)
    }

    func testEventsIgnoreCountersThatOnlyDrift() {
        let a = side("a", [row(0, open: 1, count0: 5), row(1, open: 2, count0: 10), row(2, open: 1, finalized: 2, count0: 1, during: [0])])
        let b = side("b", [row(0, open: 1, count0: 6), row(1, open: 2, count0: 12), row(2, open: 3, count0: 18)], threshold: 2000)
        let d = Comparison.divergences([a, b], by: .events)
        XCTAssertEqual(d.map(\.task), [2])
        XCTAssertEqual(d.first?.text, "task 2: a collected gen 0 (closed 2); open 1 | b count 18/2000; open 3, a new peak")
        XCTAssertEqual(Comparison.divergences([a, b], by: .heap).map(\.task), [0, 1, 2])
        XCTAssertEqual(Comparison.divergences([a, b], by: .open).map(\.task), [2])
    }

    func testTheEndOfOneSideIsOneDivergence() {
        let a = side("a", [row(0, open: 1, count0: 5), row(1, open: 2, count0: 10), row(2, open: 3, count0: 15)])
        let b = side("b", [row(0, open: 1, count0: 5), row(1, open: 2, count0: 10, error: "TooManyConnections")], died: "TooManyConnections")
        let d = Comparison.divergences([a, b], by: .error)
        XCTAssertEqual(d, [Divergence(task: 1, text: "task 1: a count 10/700; open 2, a new peak | b died of TooManyConnections; open 2, a new peak"),
                           Divergence(task: 2, text: "task 2: a runs on (open 3) | b died of TooManyConnections in task 1")])
    }

    func testGarbageThatStartsHoldingConnectionsIsAnEvent() {
        let a = side("on", [row(0, open: 1, count0: 15), row(1, open: 2, leaked: 1, count0: 20)])
        let b = side("off", [row(0, open: 1, count0: 15), row(1, open: 1, count0: 15)])
        XCTAssertEqual(Comparison.divergences([a, b], by: .events).map(\.task), [1])
        XCTAssertEqual(Comparison.divergences([a, a], by: .events), [])
    }
}
