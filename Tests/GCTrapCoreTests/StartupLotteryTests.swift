import XCTest
@testable import GCTrapCore

/// The start-up lottery in the core: the count the loop starts with, the objects standing for
/// start-up's leftovers, and the sweep's values and summaries.
final class StartupLotteryCoreTests: XCTestCase {
    func incident(_ profile: PythonProfile, gen0: Int, tasks: Int = 1000) throws -> Simulation {
        let sim = try Simulation(source: EmbeddedScenarios.incident, name: "incident", profile: profile,
                                 settings: ["TASKS": String(tasks)], gen0AtStart: gen0)
        sim.keepsCheckpoints = false
        return sim
    }

    /// Task 0's row counts N more young objects than from 0, less the one 3-tuple the
    /// leftovers put on the free list (the boundary's get_count then takes it from there).
    func testTheLoopStartsWithTheGivenCount() throws {
        let base = try incident(.py311, gen0: 0, tasks: 1)
        base.runToEnd()
        for n in [1, 2, 3, 400] {
            let sim = try incident(.py311, gen0: n, tasks: 1)
            sim.runToEnd()
            XCTAssertEqual(sim.rows[0].count0, base.rows[0].count0 + n - 1, "N=\(n)")
        }
    }

    /// The leftovers stay alive (held by the loop's iterator), so the first collection moves
    /// them to generation 1 instead of freeing them.
    func testTheLeftoversSurviveTheFirstCollection() throws {
        let sim = try incident(.py311, gen0: 600, tasks: 30)
        sim.maxTasks = 25             // stop inside the loop: its iterator (and what it holds) still alive
        sim.runToEnd()
        XCTAssertEqual(sim.rows.first { !$0.collectionsDuring.isEmpty }?.task, 18)
        XCTAssertGreaterThanOrEqual(sim.snapshot().gc.trackedObjects[1], 600)
    }

    func testTheSweepVisitsZeroStepsAndTheLastValueBelowTheThreshold() {
        XCTAssertEqual(StartupLottery.values(threshold: 700, step: 70), [0, 70, 140, 210, 280, 350, 420, 490, 560, 630, 699])
        XCTAssertEqual(StartupLottery.values(threshold: 2000, step: 1000), [0, 1000, 1999])
        XCTAssertEqual(StartupLottery.values(threshold: 5, step: 0), [0, 1, 2, 3, 4])
        XCTAssertEqual(StartupLottery.defaultStep(threshold: 2000), 200)
    }

    /// On 3.13 the incident dies whatever the count: only when, and whether a collection came first.
    func testTheSweepSaysWhenTheFirstCollectionComesAndWhenTheProgramDies() throws {
        let runs = try StartupLottery.sweep([0, 600, 1800]) { try incident(.py313, gen0: $0) }
        XCTAssertEqual(runs.map(\.firstCollectionTask), [nil, 278, 38])
        XCTAssertEqual(runs.map(\.errorTask), [300, 577, 337])
        XCTAssertEqual(runs.map(\.error), ["TooManyConnections", "TooManyConnections", "TooManyConnections"])
        XCTAssertEqual(runs.map(\.peakInTask), [300, 300, 300])
        XCTAssertEqual(runs.map(\.collections), [[0, 0, 0], [1, 0, 0], [1, 0, 0]])
    }
}
