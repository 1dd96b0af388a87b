import XCTest
@testable import GCTrapCore

/// Issue 12: step-back checkpoints are copies of the heap as it was (copy-on-write: a dict
/// that grows by one entry after a checkpoint copies its whole table), so a program growing
/// toward its memory budget used to keep up to 256 of them: replaying a 16 MiB dict bomb
/// took the process to 3 GB. Their modelled bytes now count against a budget (the memory
/// budget by default); past it they thin out, and stepping back stays exact.
final class CheckpointBudgetTests: XCTestCase {
    static let growing = """
        import gctrap

        d = {}
        for task in gctrap.tasks(1000000):
            d[task] = task
        """

    func make(checkpointBudget: Int?) throws -> Simulation {
        let sim = try Simulation(source: Self.growing, name: "growing")
        sim.memoryBudget = 64 << 20
        sim.checkpointBudget = checkpointBudget
        return sim
    }

    func testCheckpointsOfAGrowingHeapStayWithinTheirBudget() throws {
        let free = try make(checkpointBudget: nil)
        free.run(tasks: 50_000)
        let bounded = try make(checkpointBudget: 512 << 10)
        bounded.run(tasks: 50_000)
        XCTAssertGreaterThan(free.checkpointCount, 40, "without a tight budget they are many")
        XCTAssertGreaterThan(free.checkpointBytes, 20 << 20)
        // Each costs more than the budget once the dict is measured past it: the first and the
        // newest remain (the first is never dropped, so any point can be reached).
        XCTAssertLessThanOrEqual(bounded.checkpointCount, 2)
        let newest = bounded.checkpoints.last!.cost
        XCTAssertLessThanOrEqual(bounded.checkpointBytes, (512 << 10) + newest)
        XCTAssertEqual(bounded.checkpoints.first?.machine.steps, 0)
    }

    /// Back, forward past a later checkpoint, back again: the same states as one straight run
    /// (a forward seek used to restore the later checkpoint and lose the rows in between).
    func testSteppingBackAfterThinningIsExact() throws {
        let bounded = try make(checkpointBudget: 512 << 10)
        bounded.run(tasks: 40_000)
        let end = bounded.steps
        for target in [end - 1, end / 2, 70_001, 3] {
            bounded.seek(toStep: target)
            let straight = try make(checkpointBudget: nil)
            straight.keepsCheckpoints = false
            straight.seek(toStep: target)
            XCTAssertEqual(bounded.steps, target)
            let a = bounded.snapshot(), b = straight.snapshot()
            XCTAssertEqual(a.rows.count, b.rows.count, "at step \(target)")
            XCTAssertTrue(a.rows == b.rows, "at step \(target)")
            XCTAssertEqual(a.gc, b.gc, "at step \(target)")
            XCTAssertEqual(a.objects, b.objects, "at step \(target)")
            XCTAssertEqual(a.frames, b.frames, "at step \(target)")
            XCTAssertEqual(a.globals, b.globals, "at step \(target)")
            XCTAssertEqual(a.events, b.events, "at step \(target)")
            XCTAssertTrue(a == b, "at step \(target)")
        }
    }

    func testASmallHeapKeepsItsCheckpoints() throws {
        // The incident's heap is small: the default budget thins none of its checkpoints.
        func run(_ budget: Int?) throws -> Simulation {
            let sim = try Simulation(source: EmbeddedScenarios.incident, name: "incident", settings: ["TASKS": "3000", "EXPLICIT_RELEASE": "True"])
            sim.checkpointBudget = budget
            sim.runToEnd()
            return sim
        }
        let standard = try run(nil), unbounded = try run(Int.max)
        XCTAssertGreaterThan(standard.checkpointCount, 60)
        XCTAssertEqual(standard.checkpointCount, unbounded.checkpointCount)
        XCTAssertLessThan(standard.checkpointBytes, standard.memoryBudget / 4)
    }
}
