import Foundation
import XCTest

/// `gctrap compare` in a real terminal (tmux, 120x40: the one-side-plus-delta layout).
extension TUITests {
    /// 3.11 against 3.13: `f` runs both to the first divergence, task 138, and the screen
    /// shows both sides' counters; `q` leaves with status 0 and the terminal restored.
    func testCompareJumpsToTheFirstDivergenceOfTheIncident() throws {
        try startGctrap("compare incident --left-python 3.11 --right-python 3.13")
        waitFor("the comparison") { $0.contains("gctrap compare") && $0.contains("3.11 | 3.13") }
        tm("send-keys", "f")
        let s = waitFor("the first divergence") { $0.contains("task 138 done") }
        XCTAssertTrue(s.contains("first divergence: task 138: 3.11 collected gen 0 (closed 137);"), s)
        XCTAssertTrue(s.contains("open        2  139  +137"), s)
        XCTAssertTrue(s.contains("gen0 cnt    4  705  +701"), s)
        tm("send-keys", "Tab")
        waitFor("the other side") { $0.contains("open      139    2  -137") }
        tm("send-keys", "q")
        let end = waitFor("the exit") { $0.contains("GCTRAP-DONE") }
        XCTAssertTrue(end.contains("GCTRAP-EXIT-STATUS=0"), end)
        XCTAssertTrue(end.contains("icanon") && end.contains("echo") && !end.contains("-icanon"), end)
    }
}
