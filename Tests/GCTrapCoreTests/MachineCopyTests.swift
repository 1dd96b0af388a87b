import XCTest
@testable import GCTrapCore

/// The machine's hot arrays (value stack, frames, heap objects) are not copy-on-write
/// (UncheckedArray): a plain copy of a Machine shares them. Every kept machine (checkpoint,
/// saved state, remembered end) is a `detached()` copy, and comes back as one; if it were
/// not, running on would silently rewrite the past that stepping back returns to.
final class MachineCopyTests: XCTestCase {
    /// The live machine in the middle of a call (frames, locals and temporaries on the stack).
    func midCall() throws -> Simulation {
        let sim = try Simulation(source: EmbeddedScenarios.incident, name: "incident")
        sim.run(tasks: 40)
        for _ in 0..<5 { sim.step() }
        XCTAssertGreaterThan(sim.machine.frames.count, 1, "stopped inside a call")
        return sim
    }

    func testADetachedCopyKeepsItsArraysWhenTheLiveMachineChanges() throws {
        let sim = try midCall()
        let kept = sim.machine.detached()
        let stack = Array(kept.stack), frames = Array(kept.frames)
        let refcounts = kept.heap.objects.map(\.refcount), next = Array(kept.heap.gcNext)
        XCTAssertFalse(stack.isEmpty)

        // Changed in place, each array of the live machine: the copy sees none of it.
        sim.machine.stack[0] = .int(12345)
        sim.machine.stack.append(.int(6789))
        sim.machine.frames[0].ip += 1
        sim.machine.heap.objects[Int(Heap.firstObjectID)].refcount += 1
        sim.machine.heap.gcNext[0] = -7
        XCTAssertEqual(kept.stack.count, stack.count)
        XCTAssertEqual(Array(kept.stack), stack, "the kept stack changed")
        XCTAssertEqual(kept.frames.map(\.ip), frames.map(\.ip))
        XCTAssertEqual(kept.heap.objects.map(\.refcount), refcounts)
        XCTAssertEqual(Array(kept.heap.gcNext), next)
    }

    /// A checkpoint is not changed by running on: back to it from far ahead (twice, the
    /// second time after running on from the first restore) gives a fresh run's state.
    func testSteppingBackTwiceToTheSamePointGivesAFreshRunsState() throws {
        let sim = try midCall()
        let target = sim.steps
        let fresh = try Simulation(source: EmbeddedScenarios.incident, name: "incident")
        fresh.keepsCheckpoints = false
        fresh.seek(toStep: target)
        let expected = fresh.snapshot()

        sim.run(tasks: 60)
        sim.seek(toStep: target)
        XCTAssertEqual(sim.steps, target)
        XCTAssertEqual(sim.snapshot(), expected)
        sim.run(tasks: 30)
        sim.seek(toStep: target)
        XCTAssertEqual(sim.snapshot(), expected, "the checkpoint changed after the first restore ran on")
    }

    /// A saved state (a player's, a lesson's) can be restored any number of times.
    func testASavedStateRestoredTwiceGivesTheSameState() throws {
        let sim = try midCall()
        let saved = sim.saveState(), rows = sim.rows
        let expected = sim.snapshot()
        sim.run(tasks: 20)
        sim.restoreState(saved, rows: rows)
        XCTAssertEqual(sim.snapshot(), expected)
        sim.run(tasks: 20)
        sim.restoreState(saved, rows: rows)
        XCTAssertEqual(sim.snapshot(), expected, "the saved state changed after its first restore ran on")
    }

    /// The remembered end is kept apart from the live machine: a collection by the
    /// investigator (`g`) at the end does not change what a later run lands on.
    func testTheRememberedEndIsNotChangedByTheInvestigatorAtTheEnd() throws {
        let source = "import gc\nclass N:\n    def __init__(self):\n        self.me = self\nfor i in range(30):\n    n = N()\nx = 1\n"
        let sim = try Simulation(source: source, name: "t", fileName: "t.py")
        sim.runToEnd()
        let end = sim.snapshot(), steps = sim.steps
        XCTAssertGreaterThan(sim.collectNow(), 0)
        sim.seek(toStep: steps / 2)
        sim.runToEnd()
        XCTAssertEqual(sim.steps, steps)
        XCTAssertEqual(sim.snapshot().objects, end.objects)
    }
}
