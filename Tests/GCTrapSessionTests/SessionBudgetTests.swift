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
    }
}
