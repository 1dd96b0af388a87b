import XCTest
@testable import GCTrapCore

/// The lines of __main__ that have run (what the compare view's "ran on one side only" reads):
/// a toggle's branch is in the set only on the side that took it, and stepping back restores
/// the set exactly.
final class LinesRunTests: XCTestCase {
    func incident(_ settings: [String: String] = [:]) throws -> Simulation {
        try Simulation(source: EmbeddedScenarios.incident, name: "incident", settings: settings)
    }

    func testABranchTakenOnOneSideOnly() throws {
        let on = try incident(), off = try incident(["BACK_REFERENCE": "False"])
        on.run(tasks: 2)              // to the loop's start, then through task 0
        off.run(tasks: 2)
        let line = EmbeddedScenarios.incident.split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.trimmingCharacters(in: .whitespaces) == "if BACK_REFERENCE:" }! + 2   // the branch's body
        XCTAssertTrue(on.snapshot().mainLinesRun.contains(line))
        XCTAssertFalse(off.snapshot().mainLinesRun.contains(line))
        XCTAssertTrue(off.snapshot().mainLinesRun.contains(line - 1), "both test the condition")
    }

    func testSteppingBackRestoresTheLinesRun() throws {
        let sim = try incident()
        for _ in 0..<40 { sim.step() }
        let early = sim.snapshot().mainLinesRun
        sim.run(tasks: 2)
        XCTAssertNotEqual(sim.snapshot().mainLinesRun, early)
        while sim.snapshot().steps > 40 { sim.back() }
        XCTAssertEqual(sim.snapshot().mainLinesRun, early)
        sim.restart()
        XCTAssertTrue(sim.snapshot().mainLinesRun.isEmpty)
    }

    func testTheSetHoldsWhatWasInserted() {
        var s = LineSet([3, 64, 200])
        XCTAssertTrue(s.contains(3) && s.contains(64) && s.contains(200))
        XCTAssertFalse(s.contains(4) || s.contains(63) || s.contains(1000) || s.contains(-1))
        s.insert(3)
        XCTAssertEqual(s, LineSet([200, 64, 3]))
    }
}
