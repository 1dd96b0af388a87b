import XCTest
@testable import GCTrapCore

/// The charts' block maxima: any range's summary equals reading its rows, however the rows
/// came (in pieces, stepped back, thinned, restarted).
final class TaskRowChartTests: XCTestCase {
    /// Rows with open, in-use and collections from a fixed pseudo-random sequence.
    func rows(_ n: Int, seed: UInt64 = 7) -> [TaskRow] {
        var x = seed
        func next(_ m: Int) -> Int {
            x = x &* 6364136223846793005 &+ 1442695040888963407
            return Int((x >> 33) % UInt64(m))
        }
        return (0..<n).map { k in
            let gens = [0, 1, 2].filter { _ in next(9) == 0 }
            return TaskRow(task: k, open: next(300), inUse: next(40), idle: 0, leaked: 0, closedExplicit: 0,
                           closedByFinalizer: 0, collections: [0, 0, 0], count0: 0, error: "", collectionsDuring: gens)
        }
    }

    /// What the chart must answer, by reading every row of the range.
    func expected(_ rows: ArraySlice<TaskRow>) -> (Int32, Int32, UInt8) {
        (Int32(rows.map(\.open).max() ?? 0), Int32(rows.map(\.inUse).max() ?? 0),
         rows.reduce(0) { $0 | $1.collectionsDuring.reduce(0) { $0 | UInt8(1 << $1) } })
    }

    func assertMatches(_ chart: TaskRowChart, _ rows: [TaskRow], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(chart.rowCount, rows.count, file: file, line: line)
        let n = rows.count, chunked = TaskRows(rows)
        var ranges: [(Int, Int)] = [(0, n), (0, 0), (n, n)]
        for lo in stride(from: 0, to: n, by: 37) {
            for len in [1, 2, 15, 16, 17, 31, 32, 33, 100, 257, 1000, 4099] where lo + len <= n { ranges.append((lo, lo + len)) }
        }
        for (lo, hi) in ranges {
            let s = chart.summary(lo, hi, of: chunked)
            let e = expected(rows[lo..<hi])
            XCTAssertEqual(s.open, e.0, "open \(lo)..<\(hi)", file: file, line: line)
            XCTAssertEqual(s.inUse, e.1, "in use \(lo)..<\(hi)", file: file, line: line)
            XCTAssertEqual(s.collected, e.2, "collected \(lo)..<\(hi)", file: file, line: line)
        }
    }

    func testAnyRangeEqualsReadingItsRows() {
        let all = rows(5000)
        assertMatches(TaskRowChart(TaskRows(all)), all)
    }

    func testRowsTakenInPiecesGiveTheSameChart() {
        let all = rows(3001)
        var chart = TaskRowChart()
        var end = 0
        for piece in [1, 15, 16, 17, 250, 1, 1000, 1701] {
            end += piece
            chart.extend(TaskRows(all[..<end]))
            assertMatches(chart, Array(all[..<end]))
        }
        XCTAssertEqual(chart, TaskRowChart(TaskRows(all)))
    }

    func testSteppingBackThenOtherRowsGiveTheChartOfTheNewRows() {
        let first = rows(2000, seed: 1), other = rows(2000, seed: 2)
        var chart = TaskRowChart(TaskRows(first))
        for cut in [1999, 1024, 1000, 17, 0] {
            chart.truncate(to: cut)
            XCTAssertEqual(chart, TaskRowChart(TaskRows(first[..<cut])))
        }
        chart.truncate(to: 0)
        let mixed = Array(first[..<0]) + other
        chart.extend(TaskRows(mixed))
        XCTAssertEqual(chart, TaskRowChart(TaskRows(mixed)))
        assertMatches(chart, mixed)
    }

    /// The simulation keeps its chart in step with its rows through runs, steps back, a
    /// restart with a toggle flipped, a restored state and thinning.
    func testTheSimulationKeepsItsChartInStepWithItsRows() throws {
        let sim = try Simulation(source: EmbeddedScenarios.incident, name: "incident", settings: ["TASKS": "3000"])
        func check(_ what: String) {
            XCTAssertEqual(sim.rowChart, TaskRowChart(sim.rows), what)
            XCTAssertEqual(sim.snapshot().chart, TaskRowChart(sim.rows), what)
        }
        sim.run(tasks: 700)
        check("after 700 tasks")
        sim.backTask(); sim.backTask()
        XCTAssertLessThan(sim.rows.count, 700)
        check("after two tasks back")
        let saved = sim.saveState(), kept = sim.rows
        sim.run(tasks: 300)
        check("after running on")
        sim.restoreState(saved, rows: kept)
        check("after restoring a state")
        sim.setToggle(index: 0, value: false)
        sim.restart()
        check("after a restart")
        sim.run(tasks: 500)
        check("after running with the toggle flipped")
        sim.thinsHistory = true
        sim.denseHistory = 64
        sim.run(tasks: 400)
        XCTAssertLessThan(sim.rows.count, sim.tasksFinished, "thinned")
        check("after thinning")
    }

    func testASnapshotWhoseRowsChangedChartsItsNewRows() {
        let all = rows(100)
        var s = Snapshot(scenario: "x", profile: .py311, state: .running, task: nil, tasksFinished: 0, totalTasks: nil,
                         steps: 0, module: "__main__", line: 1, frames: [], globals: [], objects: [], connections: [],
                         totals: ConnectionTotals(open: 0, limit: 300, inUse: 0, idle: 0, held: 0, leaked: 0, poolSize: nil,
                                                  closedExplicit: 0, closedByFinalizer: 0, refused: 0),
                         gc: GCInfo(counts: [0, 0, 0], thresholds: [700, 10, 10], collections: [0, 0, 0], collected: [0, 0, 0],
                                    enabled: true, last: nil, trackedObjects: [0, 0, 0], longLivedPending: 0, longLivedTotal: 0),
                         toggles: [], rows: TaskRows(all), rowChart: TaskRowChart(TaskRows(all)))
        s.rows = TaskRows(rows(100, seed: 99))
        XCTAssertNil(s.rowChart)
        XCTAssertEqual(s.chart, TaskRowChart(s.rows))
    }
}
