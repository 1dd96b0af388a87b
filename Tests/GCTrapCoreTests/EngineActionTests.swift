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
        return (sim.snapshot(), Array(sim.rows))
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

    /// The investigator's `g` stays in the past it made: stepping back after it, and forward
    /// again, shows the states that were seen, with the collection in them.
    func test_stepsBackAfterAForcedCollectionKeepItsEffect() throws {
        let sim = try Simulation(source: EmbeddedScenarios.incident, name: "incident")
        sim.run(tasks: 60)
        XCTAssertGreaterThan(sim.snapshot().totals.open, 2)
        sim.collectNow()
        let collectedAt = sim.snapshot()
        XCTAssertLessThanOrEqual(collectedAt.totals.open, 2, "g freed the cycles")
        var seen: [Snapshot] = []
        for _ in 0..<25 { sim.step(); seen.append(sim.snapshot()) }
        // Compared by what a failure should print briefly: the step, counters and connections.
        func brief(_ s: Snapshot) -> String { "step \(s.steps) gc \(s.gc) totals \(s.totals)" }
        for i in stride(from: seen.count - 2, through: 0, by: -1) {
            sim.back()
            XCTAssertEqual(brief(sim.snapshot()), brief(seen[i]), "back to step \(i + 1) after g")
            XCTAssertEqual(sim.snapshot(), seen[i], "back to step \(i + 1) after g")
        }
        sim.back()
        XCTAssertEqual(brief(sim.snapshot()), brief(collectedAt), "back to the step g was pressed at")
    }

    /// Going back before `g` undoes it: forward again runs as if it had never been pressed.
    func test_goingBackBeforeAForcedCollectionUndoesIt() throws {
        let plain = try Simulation(source: EmbeddedScenarios.incident, name: "incident")
        plain.run(tasks: 60)
        let start = plain.steps
        for _ in 0..<10 { plain.step() }
        let sim = try Simulation(source: EmbeddedScenarios.incident, name: "incident")
        sim.run(tasks: 60)
        for _ in 0..<5 { sim.step() }
        sim.collectNow()
        for _ in 0..<5 { sim.step() }
        sim.seek(toStep: start)
        sim.seek(toStep: start + 10)
        XCTAssertEqual(sim.snapshot(), plain.snapshot())
        XCTAssertEqual(sim.rows, plain.rows)
    }

    /// A toggle flipped mid-run stays in the past it made: stepping back after the flip shows
    /// the states that were seen; going back before it gives the old value back.
    func test_stepsBackAfterAToggleKeepItsEffectAndBeforeItUndoIt() throws {
        let sim = try Simulation(source: EmbeddedScenarios.incident, name: "incident")
        sim.run(tasks: 60)
        let flippedAt = sim.steps
        sim.setToggle("BACK_REFERENCE", false)
        sim.run(tasks: 3)
        var seen: [Snapshot] = []
        for _ in 0..<20 { sim.step(); seen.append(sim.snapshot()) }
        for i in stride(from: seen.count - 2, through: 0, by: -1) {
            sim.back()
            XCTAssertEqual(sim.snapshot().totals, seen[i].totals, "back to step \(i + 1) after the flip")
            XCTAssertEqual(sim.snapshot(), seen[i], "back to step \(i + 1) after the flip")
        }
        sim.seek(toStep: flippedAt - 1)
        XCTAssertEqual(sim.toggles.first { $0.name == "BACK_REFERENCE" }?.value, true, "the flip is undone")
    }
}
