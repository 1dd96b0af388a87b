import Foundation
import XCTest
@testable import GCTrapCore
@testable import GCTrapSession

/// Issue 12: a replayed session keeps saved states for seeking, each holding its machine and
/// its checkpoints (copies of the heap as it was). Replaying a program that grows toward its
/// memory budget kept dozens of copies; the saved states now count their modelled bytes
/// (each checkpoint once) against a budget and thin out past it, and seeks stay exact.
final class ReplayMemoryTests: XCTestCase {
    /// A dict that grows by one entry a task.
    static let growing = """
        import gctrap

        d = {}
        for task in gctrap.tasks(1000000):
            d[task] = task
        """

    static let session = Session(header: SessionHeader(title: "growing", created: "2026-01-01T00:00:00Z", scenarioName: "growing",
                                                       scenarioSource: growing, python: "3.11", settings: [:], toggles: [],
                                                       cols: 100, rows: 30),
                                 events: (0..<16).map { SessionEvent(t: Double($0 + 1), .action(.run(tasks: 2_500))) })

    func player(savedStateBudget: Int?) throws -> SessionPlayer {
        let p = try SessionLoader.load(Data(Self.session.fileText.utf8)) { header in
            let sim = try SessionLoader.makeSimulation(header)
            sim.memoryBudget = 64 << 20
            sim.checkpointBudget = 1 << 20
            return sim
        }
        p.saveEvery = 5_000
        p.savedStateBudget = savedStateBudget
        return p
    }

    func testSavedStatesOfAGrowingReplayStayWithinTheirBudget() throws {
        let free = try player(savedStateBudget: nil)
        free.buildIndex()
        let bounded = try player(savedStateBudget: 1 << 20)
        bounded.buildIndex()
        XCTAssertGreaterThan(free.savedStateCount, 8)
        XCTAssertGreaterThan(free.savedStateBytes, 4 << 20)
        XCTAssertLessThan(bounded.savedStateCount, free.savedStateCount)
        // What is left is within the budget, or down to the start and one more.
        XCTAssertTrue(bounded.savedStateBytes <= 1 << 20 || bounded.savedStateCount <= 2,
                      "\(bounded.savedStateCount) states, \(bounded.savedStateBytes) bytes")
    }

    func testSeeksAfterThinningReachTheSameStates() throws {
        let bounded = try player(savedStateBudget: 1 << 20)
        bounded.buildIndex()
        for target in [16, 11, 3, 15, 0, 8] {
            bounded.seek(to: target)
            let straight = try player(savedStateBudget: nil)
            straight.seek(to: target)
            XCTAssertEqual(bounded.simulation.snapshot(), straight.simulation.snapshot(), "after \(target) events")
            XCTAssertEqual(bounded.simulation.rows, straight.simulation.rows)
        }
    }
}
