import XCTest
@testable import GCTrapCore

/// The CPython stand-in (scenarios/gctrap.py) in its counting-only mode, the one
/// scripts/bench times CPython with: no reachability walk, `leaked` empty, every other
/// column but gc_count0 (which the walk's own objects touch) as the full stand-in's.
final class StandInTests: XCTestCase {

    func testCountOnlyStandInLeavesLeakedEmptyAndCountsTheRest() throws {
        let src = """
        import db
        import gctrap


        class Agent:
            def __init__(self):
                self.me = self
                self.conn = db.connect()


        for t in gctrap.tasks(6):
            Agent()

        """
        let full = try CPython.run(src).csv
        let counting = try CPython.run(src, environment: ["GCTRAP_COUNT_ONLY": "1"]).csv
        func rows(_ csv: String) -> [[Substring]] {
            csv.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        }
        let (f, c) = (rows(full), rows(counting))
        XCTAssertEqual(f.count, 6, full)
        XCTAssertEqual(c.count, 6, counting)
        let leaked = 4, count0 = 10
        for (a, b) in zip(f, c) {
            XCTAssertEqual(b[leaked], "", counting)
            XCTAssertEqual(a[leaked], a[1], "every open connection is garbage in a cycle:\n\(full)")
            var a2 = a, b2 = b
            for i in [leaked, count0] { a2[i] = ""; b2[i] = "" }
            XCTAssertEqual(a2, b2, "full:\n\(full)\ncounting only:\n\(counting)")
        }
        // The simulator's rows equal the full stand-in's.
        let sim = try simulate(src)
        XCTAssertEqual(sim.rows.map { $0.leaked }, f.map { Int($0[leaked])! })
    }
}
