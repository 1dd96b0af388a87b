import XCTest
import GCTrapCore
import GCTrapSession
import GCTrapUI
@testable import GCTrapWorkshop

/// The lesson screen driven by messages, as the terminal drives it: captions, a wrong and a
/// right prediction, hints in order, the goal checked after each key, show solution, the
/// score, facilitator mode.
final class LessonDriverTests: XCTestCase {
    func driver(_ file: String = "03-the-cycle.gctrap", facilitator: Bool = false, width: Int = 120, height: Int = 40) throws -> LessonDriver {
        let stage = try LessonStage.load(path: Lessons.folder.appendingPathComponent(file).path, width: width, height: height)
        return LessonDriver(stage: stage, width: width, height: height, facilitator: facilitator)
    }

    func screen(_ d: LessonDriver) -> String { Golden.text(d.frame()) }

    func keys(_ d: LessonDriver, _ ks: Key...) { for k in ks { _ = d.handle(.key(k)) } }

    /// Ticks until nothing is playing (a reveal or a shown solution), at most `limit`.
    func settle(_ d: LessonDriver, limit: Int = 2_000) {
        for _ in 0..<limit { _ = d.handle(.tick) }
    }

    func testLessonThreeRunToItsGoalWithTheExpectedKeys() throws {
        let d = try driver()
        Golden.assert(d.frame(), "lesson3-caption-120x40")
        keys(d, .enter)
        guard case .predict = d.phase else { return XCTFail("expected the prediction, got \(d.phase)") }
        keys(d, .char("3"))
        XCTAssertTrue(screen(d).contains("Right: now see the simulation agree."), screen(d))
        keys(d, .enter)
        settle(d, limit: 40)
        XCTAssertTrue(screen(d).contains("The simulation says: open = 3"), screen(d))
        Golden.assert(d.frame(), "lesson3-revealed-120x40")
        keys(d, .enter)
        guard case .task = d.phase else { return XCTFail("expected the task, got \(d.phase)") }
        keys(d, .tab, .tab, .tab, .up)
        guard case .task = d.phase else { return XCTFail("the goal is not reached before Enter") }
        keys(d, .enter)
        guard case .success(_, let score) = d.phase else { return XCTFail("expected success, got \(d.phase)") }
        XCTAssertEqual(score, LessonScore(hints: 0, actions: 5, cost: nil, solutionShown: false, referenceActions: 5, referenceCost: nil))
        XCTAssertEqual(score.stars, 3)
        Golden.assert(d.frame(), "lesson3-success-120x40")
        var completed: [LessonScore]?
        d.onComplete = { completed = $0 }
        keys(d, .enter)
        XCTAssertEqual(d.phase, .finished)
        XCTAssertEqual(completed, [score])
    }

    /// Lesson 8's task: in the Graph view `r` selects references one after the other; the note
    /// says which closes the cycle, and selecting that one (Context.agent) is the goal.
    func testSelectingTheReferenceThatClosesTheCycleIsLessonEightsGoal() throws {
        let d = try driver("08-breaking-the-cycle-with-a-weak-reference.gctrap")
        keys(d, .enter)
        guard case .task = d.phase else { return XCTFail("expected the task, got \(d.phase)") }
        keys(d, .tab, .tab, .char("G"), .char("r"))
        guard case .task = d.phase else { return XCTFail("Agent.context is on the cycle but does not close it: \(d.phase)") }
        XCTAssertEqual(d.stage.value("selected_reference"), .text("Agent.context"))
        XCTAssertEqual(d.stage.value("selected_reference_closes_cycle"), .bool(false))
        Golden.assert(d.frame(), "lesson8-reference-on-cycle-120x40")
        keys(d, .char("r"))
        XCTAssertEqual(d.stage.value("selected_reference"), .text("Context.agent"))
        guard case .success(_, let score) = d.phase else { return XCTFail("expected success, got \(d.phase)") }
        XCTAssertEqual(score.actions, 5)
        XCTAssertTrue(screen(d).contains("reference: Context.agent → Agent#1, closes the cycle"), screen(d))
    }

    /// Lesson 5 opens the compare view (3.11 | 3.13): the reveal runs both sides in lockstep
    /// (3.13 dies in task 300, 3.11 finishes); the task's goal is the first divergence, task
    /// 138, reached with `R` and `f` on the compare view.
    func testLessonFiveRunsInTheCompareViewToTheFirstDivergence() throws {
        let d = try driver("05-same-code-another-python.gctrap")
        XCTAssertNotNil(d.stage.compare)
        Golden.assert(d.frame(), "lesson5-compare-caption-120x40")
        keys(d, .enter, .char("2"))
        XCTAssertTrue(screen(d).contains("Right: now see the simulation agree."), screen(d))
        keys(d, .enter)
        settle(d, limit: 200)
        XCTAssertEqual(d.stage.value("left.died_in_task"), LessonValue.none)
        XCTAssertEqual(d.stage.value("right.died_in_task"), .int(300))
        XCTAssertTrue(screen(d).contains("The simulation says: left.died_in_task = none"), screen(d))
        Golden.assert(d.frame(), "lesson5-compare-revealed-120x40")
        keys(d, .enter)
        guard case .task = d.phase else { return XCTFail("expected the task, got \(d.phase)") }
        keys(d, .char("R"))
        guard case .task = d.phase else { return XCTFail("a restart alone is not the goal: \(d.phase)") }
        XCTAssertEqual(d.stage.value("at_divergence"), LessonValue.none)
        keys(d, .char("f"))
        guard case .success(_, let score) = d.phase else { return XCTFail("expected success, got \(d.phase)") }
        XCTAssertEqual(score, LessonScore(hints: 0, actions: 2, cost: nil, solutionShown: false, referenceActions: 2, referenceCost: nil))
        XCTAssertEqual(d.stage.value("at_divergence"), .int(138))
        XCTAssertEqual(d.stage.value("left.closed_by_finalizer"), .int(137))
        XCTAssertEqual(d.stage.value("right.gen0_count"), .int(705))
        Golden.assert(d.frame(), "lesson5-compare-success-120x40")
    }

    /// For a room (`--facilitator`) lesson 5's compare view is in its projector layout: the
    /// divergence in words, each side's figures in block digits, the chart; `P` leaves it.
    func testLessonFiveForARoomShowsTheCompareViewsProjectorLayout() throws {
        let d = try driver("05-same-code-another-python.gctrap", facilitator: true, width: 80, height: 24)
        XCTAssertEqual(d.stage.compare?.projector, true)
        keys(d, .enter, .char("r"), .enter)
        settle(d, limit: 200)
        keys(d, .enter)
        guard case .task = d.phase else { return XCTFail("expected the task, got \(d.phase)") }
        keys(d, .char("R"), .char("f"))
        guard case .success = d.phase else { return XCTFail("expected success, got \(d.phase)") }
        let g = d.frame()
        XCTAssertEqual(g.palette, .projector)
        Golden.assert(g, "lesson5-facilitator-success-80x24")
        XCTAssertTrue(screen(d).contains("L 3.11") && screen(d).contains("R 3.13"), screen(d))
        keys(d, .char("P"))
        XCTAssertEqual(d.stage.compare?.projector, false)
    }

    /// Pressing `[` from the end walks back through the divergences: the learner gets there too.
    func testLessonFiveGoalIsReachedByWalkingBackThroughTheDivergences() throws {
        let d = try driver("05-same-code-another-python.gctrap")
        keys(d, .enter, .char("1"), .enter)
        settle(d, limit: 200)
        keys(d, .enter)
        var presses = 0
        while case .task = d.phase, presses < 10 { keys(d, .char("[")); presses += 1 }
        guard case .success = d.phase else { return XCTFail("expected success, got \(d.phase)") }
        XCTAssertEqual(d.stage.value("at_divergence"), .int(138))
        XCTAssertGreaterThan(presses, 1, "the last divergence is not the first")
    }

    func testAWrongPredictionGetsItsMisconceptionAndTheSimulationThenAnswers() throws {
        let d = try driver()
        keys(d, .enter, .char("1"))
        let s = screen(d)
        XCTAssertTrue(s.contains("Not quite."), s)
        XCTAssertTrue(s.contains("Why 1 is tempting: Reference counting frees an object when its count drops to 0"), s)
        XCTAssertFalse(s.contains("The simulation says"), "the simulation answers only after Enter:\n\(s)")
        XCTAssertFalse(s.contains("✓"), "the answer waits for the simulation:\n\(s)")
        keys(d, .enter)
        settle(d, limit: 40)
        XCTAssertTrue(screen(d).contains("✗ 1) 1: each agent is freed"), screen(d))
        XCTAssertTrue(screen(d).contains("✓ 3) 3: every agent is still alive"), screen(d))
        XCTAssertTrue(screen(d).contains("The simulation says: open = 3"), screen(d))
    }

    func testHintsComeInOrderAndCount() throws {
        let d = try driver()
        keys(d, .enter, .char("3"), .enter)
        settle(d, limit: 40)
        keys(d, .enter, .char("h"))
        XCTAssertTrue(screen(d).contains("Hint 1: `Tab` moves the focus"), screen(d))
        XCTAssertFalse(screen(d).contains("Hint 2:"), screen(d))
        keys(d, .char("h"))
        XCTAssertTrue(screen(d).contains("Hint 2: The newest connection is still held"), screen(d))
        keys(d, .char("h"), .char("h"))
        XCTAssertTrue(screen(d).contains("Hint 3: Press `Enter` on it"), screen(d))
        XCTAssertTrue(screen(d).contains("no more hints: S shows the solution"), screen(d))
        keys(d, .tab, .tab, .tab, .up, .enter)
        guard case .success(_, let score) = d.phase else { return XCTFail("expected success, got \(d.phase)") }
        XCTAssertEqual(score.hints, 3)
        XCTAssertEqual(score.stars, 2)
    }

    func testShowSolutionAsksFirstThenPlaysTheReferenceToTheGoal() throws {
        let d = try driver()
        keys(d, .enter, .char("3"), .enter)
        settle(d, limit: 40)
        keys(d, .enter, .char("s"))       // the learner wanders off first
        keys(d, .char("S"))
        XCTAssertTrue(screen(d).contains("Show the solution?"), screen(d))
        keys(d, .char("n"))
        guard case .task(let t) = d.phase else { return XCTFail() }
        XCTAssertFalse(t.solutionShown, "any key but y declines")
        keys(d, .char("S"), .char("y"))
        _ = d.handle(.tick)
        guard case .task = d.phase else { return XCTFail("the solution plays visibly, one action per few ticks") }
        settle(d, limit: 200)
        guard case .success(_, let score) = d.phase else { return XCTFail("expected success, got \(d.phase)") }
        XCTAssertTrue(score.solutionShown)
        XCTAssertEqual(score.stars, 0)
        XCTAssertTrue(screen(d).contains("Goal reached by the reference solution."), screen(d))
    }

    func testFacilitatorModeHidesTheAnswerUntilRAndChartsTheVotes() throws {
        let d = try driver(facilitator: true)
        keys(d, .enter, .char("3"))
        var s = screen(d)
        XCTAssertFalse(s.contains("✓"), "no answer marked before r:\n\(s)")
        XCTAssertFalse(s.contains("misconception:"), s)
        XCTAssertTrue(s.contains("the room votes: v types the counts, r reveals the answer"), s)
        keys(d, .char("v"), .char("2"), .char(" "), .char("9"), .char(" "), .char("6"), .char(" "), .char("1"), .enter)
        s = screen(d)
        XCTAssertTrue(s.contains("9 (50%)"), s)
        XCTAssertTrue(s.contains("█"), s)
        XCTAssertFalse(s.contains("✓"), s)
        Golden.assert(d.frame(), "lesson3-facilitator-votes-120x40")
        keys(d, .char("r"))
        s = screen(d)
        XCTAssertTrue(s.contains("✓ 3) 3: every agent is still alive"), s)
        XCTAssertTrue(s.contains("misconception: The loop variable does keep the last agent alive"), s)
        XCTAssertFalse(s.contains("The simulation says"), s)
        keys(d, .enter)
        settle(d, limit: 40)
        XCTAssertTrue(screen(d).contains("The simulation says: open = 3"), screen(d))
        XCTAssertTrue(d.stage.app.model.projector, "the projector layout is the default")
    }

    func testAfterATaskTheLessonGoesOnFromTheReferenceState() throws {
        // Lesson 4: the learner reaches the goal by another route; what follows (the end)
        // starts from the reference solution's state only when events remain, so here the
        // learner's own state stays on screen.
        let d = try driver("04-who-decides-when.gctrap")
        keys(d, .enter, .char("2"), .enter)
        settle(d, limit: 100)
        keys(d, .enter)
        guard case .task = d.phase else { return XCTFail("\(d.phase)") }
        keys(d, .char("R"))
        for _ in 0..<140 { keys(d, .char("t")) }
        guard case .success = d.phase else {
            return XCTFail("finishing tasks one by one reaches the goal in task 138: \(d.stage.value("tasks_done")!) \(d.stage.value("gen0_collections")!)")
        }
    }
}

extension LessonDriverTests {
    /// A projector's 80x24: the caption and the question fill the screen, wrapped.
    func testFacilitatorScreensFitARoomsEightyByTwentyFour() throws {
        let d = try driver(facilitator: true, width: 80, height: 24)
        Golden.assert(d.frame(), "lesson3-facilitator-caption-80x24")
        keys(d, .enter)
        Golden.assert(d.frame(), "lesson3-facilitator-predict-80x24")
        keys(d, .char("r"))
        Golden.assert(d.frame(), "lesson3-facilitator-answer-80x24")
        keys(d, .enter)
        settle(d, limit: 40)
        Golden.assert(d.frame(), "lesson3-facilitator-revealed-80x24")
    }
}

extension LessonDriverTests {
    /// At 80x24 a question too long for the panel under the investigator takes the screen:
    /// the learner reads all of it; the reveal then runs with the investigator in view.
    func testALongQuestionTakesTheScreenAtEightyByTwentyFour() throws {
        let d = try driver("07-release-it-yourself.gctrap", width: 80, height: 24)
        keys(d, .enter, .char("1"))
        Golden.assert(d.frame(), "lesson7-predict-wrong-80x24")
        keys(d, .enter)
        settle(d)
        let s = screen(d)
        XCTAssertTrue(s.contains("The simulation says: peak_open = 1"), s)
        XCTAssertTrue(s.contains("Code"), "the investigator is in view again:\n\(s)")
    }
}
