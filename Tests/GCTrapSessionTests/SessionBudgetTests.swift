import Foundation
import XCTest
@testable import GCTrapCore
@testable import GCTrapSession

/// A replayed session stays within the step budget it was given, whatever its actions ask.
final class SessionBudgetTests: XCTestCase {
    /// Fuzz seed 5011, minimized: a `__del__` that makes another instance of its class is an
    /// endless finalizer chain; `task` runs it to the budget, `back` returns to the start of
    /// the statement and `next` runs it again. Every run stops at the budget given, not at
    /// the default one the first checkpoint was taken with.
    static let seed5011 = """
    {"format":"gctrap-session","version":1,"title":"fuzz 5011","created":"2026-01-01T00:00:00Z","python":"3.13","size":{"cols":100,"rows":30},"settings":{},"toggles":{},"scenario":{"name":"fuzz","source":"x = 9223372036854775807\\ny = -3037000500\\nprint(x // y)\\nx //= y\\nprint(-x, abs(x))\\n\\nclass A:\\n    def __del__(self):\\n        A()\\n\\nA()\\nprint('after')\\n\\na = [1]\\nb = [2]\\nfor i in range(200000):\\n    a = [a]\\n    b = [b]\\nprint(a < b)\\nprint(max(a, b) is a)\\n\\n"}}
    {"t":0.36,"action":"task"}
    {"t":1.771,"marker":"m17"}
    {"t":2.618,"action":"resize","cols":4,"rows":35}
    {"t":4.22,"action":"back"}
    {"t":5.929,"action":"next"}

    """

    func testAFinalizerChainReplayedAfterAStepBackStopsAtTheGivenBudget() throws {
        let player = try SessionLoader.load(Data(SessionBudgetTests.seed5011.utf8), maxSteps: 20_000)
        var lines: [String] = []
        Narrative.tell(player) { lines.append($0) }
        XCTAssertEqual(player.position, player.count)
        XCTAssertEqual(player.simulation.limitReached?.message,
                       "stopped after 20000 statements (--max-steps, finalizers included): an endless loop?")
        XCTAssertEqual(player.simulation.limitReached?.line, 9)
        XCTAssertEqual(player.simulation.machine.maxSteps, 20_000)
        XCTAssertTrue(lines.last?.contains("stopped after 20000 statements") == true, lines.joined(separator: "\n"))
        // `next` after the `back` lands on the end the `task` reached instead of running the
        // chain again: the replay ran the budget once, not once per action.
        XCTAssertNil(player.budgetStop)
        XCTAssertLessThan(player.simulation.workDone, 20_000 + 100)
    }

    /// A loop of 3,000 iterations outside any task: each `task` runs it to the end. A file
    /// that restarts and runs it again and again stops once the replay has run twice
    /// --max-steps, at the event that went past it, instead of running once per action.
    static let rerunning: String = {
        var lines = [#"{"format":"gctrap-session","version":1,"title":"again","created":"2026-01-01T00:00:00Z","python":"3.11","size":{"cols":100,"rows":30},"settings":{},"toggles":{},"scenario":{"name":"loop","source":"for i in range(3000):\n    x = i\n"}}"#]
        for k in 0..<40 { lines.append(#"{"t":\#(k),"action":"\#(k % 2 == 0 ? "task" : "restart")"}"#) }
        return lines.joined(separator: "\n") + "\n"
    }()

    func testASessionThatRerunsTheProgramStopsAtTwiceTheBudgetAtTheEventThatPassedIt() throws {
        let player = try SessionLoader.load(Data(SessionBudgetTests.rerunning.utf8), maxSteps: 10_000)
        var lines: [String] = []
        let stop = Narrative.tell(player) { lines.append($0) }
        // One run is 6,002 statements: the fourth `task` (event 7, line 8) passes 20,000.
        XCTAssertEqual(stop, player.budgetStop)
        XCTAssertEqual(stop?.position, 7)
        XCTAssertEqual(stop?.line, 8)
        XCTAssertEqual(stop?.message, "the replay stops here: the session's actions have run 24008 statements in all, more than twice --max-steps (10000); the rest is not played (a larger --max-steps plays more)")
        XCTAssertEqual(lines.last, "stopped at event 7 of 40: " + (stop?.message ?? ""))
        XCTAssertEqual(player.reachable, 7)
        player.seek(to: player.count)
        XCTAssertEqual(player.position, 7)
        XCTAssertNil(player.forward())
        // A larger budget plays it all.
        let all = try SessionLoader.load(Data(SessionBudgetTests.rerunning.utf8), maxSteps: 200_000)
        XCTAssertNil(Narrative.tell(all) { _ in })
        XCTAssertEqual(all.position, all.count)
    }

    /// A seek whose own first pass meets the budget stops there instead of spinning: the
    /// target it set out for is no longer reachable (found by review: `9` or `]` before
    /// event 7 had played hung `gctrap play`).
    func testASeekThatMeetsTheBudgetOnItsWayStopsAtTheStop() throws {
        let player = try SessionLoader.load(Data(SessionBudgetTests.rerunning.utf8), maxSteps: 10_000)
        player.seek(to: 20)
        XCTAssertEqual(player.position, 7)
        XCTAssertEqual(player.budgetStop?.position, 7)
        var reports = 0
        let again = try SessionLoader.load(Data(SessionBudgetTests.rerunning.utf8), maxSteps: 10_000)
        again.onSeekProgress = { _, _, _ in reports += 1 }
        again.seek(to: 30)
        XCTAssertEqual(again.position, 7)
        XCTAssertGreaterThan(reports, 0)
    }

    static func session(_ source: String, _ actions: [String]) -> Data {
        var lines = [#"{"format":"gctrap-session","version":1,"title":"back","created":"2026-01-01T00:00:00Z","python":"3.11","size":{"cols":100,"rows":30},"settings":{},"toggles":{},"scenario":{"name":"loop","source":"\#(source)"}}"#]
        for (k, a) in actions.enumerated() { lines.append(#"{"t":\#(k),"action":"\#(a)"}"#) }
        return Data((lines.joined(separator: "\n") + "\n").utf8)
    }

    /// One step back from the end leaves the end (it stayed there when the finishing run
    /// had left a checkpoint of the finished program), and the step forward again lands on
    /// the remembered end instead of running into it: the replay pays for the task and for
    /// the re-execution the step back needs, not for a third run.
    func testAStepBackFromTheEndLeavesItAndTheStepForwardReusesTheEnd() throws {
        let player = try SessionLoader.load(SessionBudgetTests.session(#"for i in range(3000):\n    x = i\n"#, ["task", "back", "step"]), maxSteps: 10_000)
        player.forward()
        XCTAssertEqual(player.simulation.state, .finished)
        let end = player.simulation.machine.steps
        player.forward()
        XCTAssertNotEqual(player.simulation.state, .finished)
        XCTAssertEqual(player.simulation.machine.steps, end)
        let afterBack = player.simulation.workDone
        player.forward()
        XCTAssertEqual(player.simulation.state, .finished)
        XCTAssertEqual(player.simulation.machine.steps, end)
        XCTAssertLessThan(player.simulation.workDone - afterBack, 100)
    }

    /// A session of tasks that steps back and forth many times plays whole: its checkpoints
    /// keep each step back short and the end is not run into again.
    func testStepsBackAndForthAfterTheEndPlayWhole() throws {
        let tasks = Array(repeating: "task", count: 21)
        let backs = (1...200).map { $0 % 2 == 1 ? "back" : "step" }
        let player = try SessionLoader.load(SessionBudgetTests.session(#"import gctrap\nfor t in gctrap.tasks(20):\n    x = [t]\n    y = [x, t]\n"#, tasks + backs), maxSteps: 10_000)
        for _ in tasks { player.forward() }
        let steps = player.simulation.machine.steps, state = player.simulation.state
        while player.forward() != nil {}
        XCTAssertNil(player.budgetStop)
        XCTAssertEqual(player.position, player.count)
        XCTAssertEqual(player.simulation.machine.steps, steps)
        XCTAssertEqual(player.simulation.state, state)
        XCTAssertLessThan(player.simulation.workDone, 20_000)
    }

    /// `g` runs the finalizers of what it frees: a session that collects, steps back and
    /// collects again pays for every run of them (they were outside the replay's count).
    func testCollectionsFinalizersCountTowardTheReplayBudget() throws {
        let src = #"class C:\n    def __init__(self):\n        self.me = self\n    def __del__(self):\n        i = 0\n        while i < 1000:\n            i += 1\n\nc = C()\ndel c\nx = 1\n"#
        var actions = ["next", "next", "next", "next"]
        for _ in 0..<40 { actions += ["collect", "back", "next"] }
        let player = try SessionLoader.load(SessionBudgetTests.session(src, actions), maxSteps: 10_000)
        let stop = Narrative.tell(player) { _ in }
        XCTAssertNotNil(stop)
        XCTAssertLessThan(player.position, player.count)
        XCTAssertGreaterThan(player.simulation.workDone, 20_000)
    }
}
