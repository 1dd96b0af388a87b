import XCTest
@testable import GCTrapCore

/// Issue 12 inside the core: the memory budget, the step budget over finalizers, the task
/// limit, and the live investigator's history thinning out over long runs.
final class LimitsTests: XCTestCase {
    static let loop = """
    import gctrap

    class Agent:
        def __init__(self, n):
            self.n = n
            self.me = self

    for i in gctrap.tasks(400):
        a = Agent(i)
    """

    func testHistoryThinsBehindARecentDenseWindowAndStepBackStaysExact() throws {
        let thin = try Simulation(source: LimitsTests.loop, name: "loop")
        thin.thinsHistory = true
        thin.denseHistory = 16
        let full = try Simulation(source: LimitsTests.loop, name: "loop")
        thin.run(tasks: 300)
        full.run(tasks: 300)
        XCTAssertEqual(thin.tasksFinished, full.rows.count)
        XCTAssertLessThanOrEqual(thin.rows.count, 2 * 16 + 16, "rows stay bounded")
        XCTAssertLessThan(thin.taskStarts.tasks.count, 2 * 16 + 1)
        // The newest rows are all there, equal to an unthinned run's; older ones at decreasing density.
        XCTAssertEqual(Array(thin.rows.suffix(16)), Array(full.rows.suffix(16)))
        XCTAssertEqual(thin.rows.map(\.task), thin.rows.map(\.task).sorted())
        XCTAssertEqual(thin.rows.first?.task, 0)
        // Back a task and back a statement land on the same states as without thinning.
        for _ in 0..<5 {
            thin.backTask(); full.backTask()
            XCTAssertEqual(thin.steps, full.steps)
            var a = thin.snapshot(), b = full.snapshot()
            XCTAssertEqual(Array(a.rows.suffix(8)), Array(b.rows.suffix(8)))
            a.rows = []; b.rows = []
            XCTAssertEqual(a, b)
            thin.back(); full.back()
            XCTAssertEqual(thin.steps, full.steps)
            XCTAssertEqual(thin.rows.last, full.rows.last)
        }
        thin.run(tasks: 50); full.run(tasks: 50)
        XCTAssertEqual(thin.tasksFinished, full.rows.count)
        XCTAssertEqual(thin.rows.last, full.rows.last)
    }

    func testTheTaskLimitStopsTheRun() throws {
        let sim = try Simulation(source: LimitsTests.loop, name: "loop")
        sim.maxTasks = 25
        sim.runToEnd()
        XCTAssertEqual(sim.limitReached?.message, "stopped after 25 tasks (--max-tasks)")
        XCTAssertGreaterThanOrEqual(sim.rows.count, 25)
    }

    func testFinalizerStatementsCountTowardTheStepBudget() throws {
        let sim = try Simulation(source: "class A:\n    def __del__(self):\n        A()\n\nA()\n", name: "del")
        sim.maxSteps = 10_000
        sim.runToEnd()
        XCTAssertEqual(sim.limitReached?.message, "stopped after 10000 statements (--max-steps, finalizers included): an endless loop?")
        XCTAssertEqual(sim.limitReached?.line, 3)
        _ = sim.snapshot()   // the stopped state is whole
    }

    /// The first checkpoint is taken at init, before a caller sets the budgets: stepping
    /// back to it must not bring back the defaults (fuzz seed 5011 ran a finalizer chain to
    /// 50,000,000 statements after a step back under --max-steps 5000000).
    func testTheBudgetsSetAfterInitSurviveAStepBackToTheFirstCheckpoint() throws {
        let sim = try Simulation(source: "x = 1\nclass A:\n    def __del__(self):\n        A()\n\nA()\n", name: "del")
        sim.maxSteps = 10_000
        sim.memoryBudget = 1 << 20
        sim.maxTasks = 7
        sim.runToEnd()
        XCTAssertEqual(sim.limitReached?.message, "stopped after 10000 statements (--max-steps, finalizers included): an endless loop?")
        sim.seek(toStep: 1)
        XCTAssertNil(sim.limitReached)
        XCTAssertEqual(sim.machine.maxSteps, 10_000)
        XCTAssertEqual(sim.machine.memory.budget, 1 << 20)
        XCTAssertEqual(sim.machine.maxTasks, 7)
        sim.runToEnd()
        XCTAssertEqual(sim.limitReached?.message, "stopped after 10000 statements (--max-steps, finalizers included): an endless loop?")
        sim.restoreState(sim.saveState(), rows: sim.rows)
        XCTAssertEqual(sim.machine.maxSteps, 10_000)
        sim.restart()
        XCTAssertEqual(sim.machine.memory.budget, 1 << 20)
    }

    /// Once a run has got to the end, running the same timeline into its last statement
    /// again lands on that end (exactly the same state) without redoing the statement's work;
    /// a toggle flipped before it makes another timeline, which runs for real.
    func testARunIntoTheKnownEndLandsOnItAndAToggleBeforeItRunsAgain() throws {
        let source = "SLOW = True\nclass A:\n    def __del__(self):\n        A()\n\nx = 1\nA()\n"
        let sim = try Simulation(source: source, name: "del")
        sim.maxSteps = 10_000
        sim.runToEnd()
        let end = sim.snapshot(), endSteps = sim.steps
        XCTAssertNotNil(sim.limitReached)
        XCTAssertGreaterThan(sim.workDone, 10_000)
        for _ in 0..<50 {
            let before = sim.workDone
            sim.back()
            XCTAssertNil(sim.limitReached)
            sim.next()
            XCTAssertEqual(sim.steps, endSteps)
            XCTAssertEqual(sim.snapshot(), end)
            XCTAssertLessThan(sim.workDone - before, 100, "the chain is not run again")
        }
        var before = sim.workDone
        sim.restart()
        sim.runToEnd()
        XCTAssertEqual(sim.snapshot(), end)
        XCTAssertLessThan(sim.workDone - before, 100, "a restart with the same toggles is the same timeline")
        sim.seek(toStep: 1)
        sim.setToggle("SLOW", false)
        before = sim.workDone
        sim.runToEnd()
        XCTAssertGreaterThan(sim.workDone - before, 9_000, "another timeline runs the chain again")
        XCTAssertNotNil(sim.limitReached)
    }

    /// The end of a finished program, rows of its tasks included, is the same whether run
    /// to or landed on.
    func testLandingOnTheEndOfAFinishedProgramGivesItsRowsAndState() throws {
        let sim = try Simulation(source: LimitsTests.loop, name: "loop")
        sim.runToEnd()
        let rows = sim.rows, end = sim.snapshot()
        XCTAssertEqual(sim.state, .finished)
        for _ in 0..<3 {
            sim.back()
            sim.step()
            XCTAssertEqual(sim.rows, rows)
            XCTAssertEqual(sim.snapshot(), end)
            sim.backTask()
            sim.runToEnd()
            XCTAssertEqual(sim.rows, rows)
            XCTAssertEqual(sim.snapshot(), end)
        }
    }

    func testMemoryErrorIsAPythonExceptionTheProgramCanCatch() throws {
        let sim = try Simulation(source: """
            try:
                x = [0] * 100000
            except MemoryError:
                print('caught')
            y = [0] * 1000
            print(len(y))
            """, name: "mem")
        sim.memoryBudget = 512 << 10
        var out = ""
        sim.onOutput = { out += $0 }
        sim.runToEnd()
        XCTAssertNil(sim.uncaughtTraceback)
        XCTAssertEqual(out, "caught\n1000\n")
    }

    func testAStringHeldManyTimesCountsOnce() throws {
        let sim = try Simulation(source: "s = 'x' * 100000\nl = [s] * 1000\nprint(len(l))\n", name: "shared")
        sim.memoryBudget = 1 << 20
        var out = ""
        sim.onOutput = { out += $0 }
        sim.runToEnd()
        sim.machine.measureMemory()
        XCTAssertEqual(out, "1000\n", sim.uncaughtTraceback ?? "")
        XCTAssertLessThan(sim.machine.memory.measured, 1 << 20)
    }
}
