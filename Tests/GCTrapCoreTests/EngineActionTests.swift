import XCTest
@testable import GCTrapCore

/// The investigator's actions in any order never crash the engine, and the same actions
/// always give the same state (what stepping back, playback and the tests rely on).
final class EngineActionTests: XCTestCase {
    enum Action: CaseIterable { case step, next, task, run, back, backTask, collect, toggle, restart, nextEvent, previousEvent, pauseOn }

    func play(_ source: String, seed: UInt64, actions: Int) throws -> (Snapshot, [TaskRow]) {
        let sim = try Simulation(source: source, name: "fuzz")
        var rng = SplitMix64(seed: seed)
        let toggles = sim.toggles
        for _ in 0..<actions {
            switch Action.allCases[rng.below(Action.allCases.count)] {
            case .step: sim.step()
            case .next: sim.next()
            case .task: sim.finishTask()
            case .run: sim.run(tasks: 1 + rng.below(40))
            case .back: sim.back()
            case .backTask: sim.backTask()
            case .collect: sim.collectNow()
            case .toggle:
                if !toggles.isEmpty { sim.setToggle(index: rng.below(toggles.count), value: rng.below(2) == 1) }
            case .restart: if rng.below(8) == 0 { sim.restart() }
            case .nextEvent: if rng.below(3) == 0 { sim.runToNextEvent() }   // may run far: rarer
            case .previousEvent: sim.backToPreviousEvent()
            case .pauseOn: sim.pauseOn = EventKinds(mask: UInt8(rng.below(32)))
            }
        }
        return (sim.snapshot(), sim.rows)
    }

    func test_randomActionsNeverCrashAndReplayToTheSameState() throws {
        for (name, source) in EmbeddedScenarios.all {
            for seed in [UInt64(1), 2] {
                let a = try play(source, seed: seed, actions: 200)
                let b = try play(source, seed: seed, actions: 200)
                XCTAssertEqual(a.0, b.0, "\(name) seed \(seed): same actions, different snapshot")
                XCTAssertEqual(a.1, b.1, "\(name) seed \(seed): same actions, different rows")
            }
        }
    }

    /// Stepping back and forward again lands on the state that was left.
    func test_backThenForwardReturnsToTheSameSnapshot() throws {
        let sim = try Simulation(source: EmbeddedScenarios.incident, name: "incident")
        sim.run(tasks: 150)
        for _ in 0..<7 { sim.step() }
        let before = sim.snapshot()
        let steps = sim.steps
        sim.backTask()
        sim.back()
        XCTAssertLessThan(sim.steps, steps)
        sim.seek(toStep: steps)
        XCTAssertEqual(sim.snapshot(), before)
    }
}
