import XCTest
@testable import GCTrapCore

/// Landing on the remembered end of a timeline (Simulation+TimelineEnd) gives the same
/// answers as running into it: what `]` reports does not depend on what ran before.
final class TimelineEndTests: XCTestCase {
    /// Self-cycles collected every few objects, then a last plain statement.
    static let source = "import gc\ngc.set_threshold(10)\nclass N:\n    def __init__(self):\n        self.me = self\nfor i in range(60):\n    n = N()\nx = 1\n"

    /// `]` until it reports that the program ran to its end (nil), at most 100 times.
    func nextEvents(_ sim: Simulation) -> [Int?] {
        var out: [Int?] = []
        while out.count < 100 {
            guard let e = sim.runToNextEvent() else { out.append(nil); break }
            out.append(e.step)
        }
        return out
    }

    /// Found by review: the end's machine carried the event kinds of the run that first got
    /// there, so after a restart the last `]` reported an old collection instead of "no
    /// further event".
    func testNextEventAfterARestartReportsTheEndAsAFreshRunDoes() throws {
        let fresh = try Simulation(source: Self.source, name: "t", fileName: "t.py")
        let expected = nextEvents(fresh)
        XCTAssertGreaterThan(expected.count, 2)
        XCTAssertEqual(expected.last, .some(nil))

        let sim = try Simulation(source: Self.source, name: "t", fileName: "t.py")
        sim.runToEnd()
        XCTAssertEqual(sim.state, .finished)
        sim.restart()
        XCTAssertEqual(nextEvents(sim), expected)
    }

    /// One step back from the end leaves the end, and one step forward returns to it (found
    /// by review: when the run that finished left a checkpoint of the finished program,
    /// `back` restored that checkpoint and stayed at the end).
    func testOneStepBackFromTheEndLeavesIt() throws {
        let sim = try Simulation(source: "for i in range(3000):\n    x = i\n", name: "t", fileName: "t.py")
        sim.finishTask()
        XCTAssertEqual(sim.state, .finished)
        let end = sim.machine.steps
        sim.back()
        XCTAssertNotEqual(sim.state, .finished)
        XCTAssertEqual(sim.machine.steps, end)
        sim.step()
        XCTAssertEqual(sim.state, .finished)
        XCTAssertEqual(sim.machine.steps, end)
    }
}
