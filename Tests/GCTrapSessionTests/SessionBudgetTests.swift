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

    /// A session that steps back and forth plays whole: replaying to a point already
    /// reached is not new work.
    func testStepsBackAndForthAfterTheEndReuseTheEnd() throws {
        var lines = [#"{"format":"gctrap-session","version":1,"title":"back","created":"2026-01-01T00:00:00Z","python":"3.11","size":{"cols":100,"rows":30},"settings":{},"toggles":{},"scenario":{"name":"loop","source":"for i in range(3000):\n    x = i\n"}}"#]
        lines.append(#"{"t":0,"action":"task"}"#)
        for k in 1...200 { lines.append(#"{"t":\#(k),"action":"\#(k % 2 == 1 ? "back" : "step")"}"#) }
        let player = try SessionLoader.load(Data((lines.joined(separator: "\n") + "\n").utf8), maxSteps: 10_000)
        XCTAssertNil(Narrative.tell(player) { _ in })
        XCTAssertEqual(player.position, player.count)
        XCTAssertEqual(player.simulation.state, .finished)
        XCTAssertLessThan(player.simulation.workDone, 20_000)
    }
}
