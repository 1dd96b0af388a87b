import Foundation
import XCTest

/// Issue 7's story in a real terminal (tmux, 120x40): `]` to the first collection on 3.11,
/// the failure screen on 3.13 (header, error, traceback), and `b` from it to the `raise`.
final class StoryTUITests: TmuxCase {
    override func setUpWithError() throws {
        try super.setUpWithError()
        tmuxEnv = ["TERM": "xterm-256color"]   // no LANG: the locale of the test process
    }

    /// gctrap with `args` in a 120x40 terminal; the wrapper prints GCTRAP-EXIT-STATUS when it ends.
    func startGctrap(_ args: String = "") throws {
        try start("\(binary!) \(args)")
    }

    /// 3.11: `]` runs to each next event; the first collection comes at task 138 and the
    /// event line says what it did.
    func testNextEventRunsToTheFirstCollectionAndTheEventLineSaysSo() throws {
        try startGctrap()
        waitFor("the panes") { $0.contains("Objects") && $0.contains("GC") }
        // Each `]` is waited for by what it must show, so no key races the screen.
        tm("send-keys", "]")
        waitFor("the first event: the first connection") { $0.contains("» task 0: open connections at a new high") }
        tm("send-keys", "]")
        var s = waitFor("the first collection") { $0.contains("» task 138: gen-0 collection freed") }
        XCTAssertTrue(s.contains("task 138: gen-0 collection freed"), s)
        XCTAssertTrue(s.contains("closed 137 connections (scanned"), s)
        XCTAssertTrue(header(s).contains("task 138/1000"), header(s))
        // The Events view lists it, newest first.
        tm("send-keys", "e")
        s = waitFor("the Events view") { $0.contains("Events \u{00B7}") }
        let lines = s.split(separator: "\n").map(String.init)
        let collection = lines.firstIndex { $0.contains("task 138 gc") } ?? -1
        let high = lines.firstIndex { $0.range(of: "task 0 +high", options: .regularExpression) != nil } ?? -1
        XCTAssertTrue(collection >= 0 && high > collection, "newest first:\n\(s)")
        tm("send-keys", "q")
        waitFor("exit") { $0.contains("GCTRAP-EXIT-STATUS=0") }
    }

    /// 3.13: the run dies in task 300; the header keeps scenario, profile, task and step and
    /// says so; the whole error is on screen; Scopes shows the traceback, innermost last.
    func testTheFailureScreenKeepsItsContext() throws {
        try startGctrap("incident --python 3.13")
        waitFor("the panes") { $0.contains("Objects") && $0.contains("GC") }
        tm("send-keys", "+")
        for _ in 0..<16 { tm("send-keys", "+") }
        tm("send-keys", "c")
        let s = waitFor("the failure", timeout: 60) { $0.contains("died in task 300") && $0.contains("nebula-graphd.conf") }
        let head = header(s)
        for part in ["incident", "Python 3.13", "task 300/1000", "step ", "died in task 300"] {
            XCTAssertTrue(head.contains(part), "header lacks \(part): \(head)")
        }
        // The whole message, wrapped: every word of it is on screen.
        let flat = s.replacingOccurrences(of: "\n", with: " ")
        for part in ["db.TooManyConnections: Create Session failed: Too many sessions created from 127.0.0.1",
                     "the threshold is 300.", "'max_sessions_per_ip_per_user'", "nebula-graphd.conf"] {
            XCTAssertTrue(flat.contains(part) || s.contains(part), "the error lacks \(part):\n\(s)")
        }
        XCTAssertTrue(s.contains("traceback: 9 frames, innermost last"), s)
        XCTAssertTrue(s.contains("connect  db.py, line 63"), s)
        XCTAssertTrue(s.contains("Code \u{00B7} db:63"), "the Code pane stands on the raise:\n\(s)")
        tm("send-keys", "q")
        waitFor("exit") { $0.contains("GCTRAP-EXIT-STATUS=0") }
    }

    /// `b` from the failure goes back exactly one statement: to the `raise`, its line
    /// marked and in view, the program alive again.
    func testBackFromTheFailureLandsOnTheRaise() throws {
        try startGctrap("incident --python 3.13 --pause-on uncaught")
        waitFor("the panes") { $0.contains("Objects") && $0.contains("GC") }
        for _ in 0..<16 { tm("send-keys", "+") }
        tm("send-keys", "c")
        waitFor("the failure", timeout: 60) { $0.contains("died in task 300") }
        tm("send-keys", "b")
        let s = waitFor("back on the raise") { !$0.contains("died in task 300") && $0.contains("Code \u{00B7} db:63") }
        XCTAssertTrue(header(s).contains("task 300/1000"), header(s))
        let raiseLine = s.split(separator: "\n").first { $0.contains("raise TooManyConnections(") }
        XCTAssertNotNil(raiseLine, "the raise is in view:\n\(s)")
        XCTAssertTrue(raiseLine.map { $0.contains("\u{25B6}") || $0.contains("63") } ?? false, "\(raiseLine ?? "")")
        tm("send-keys", "q")
        waitFor("exit") { $0.contains("GCTRAP-EXIT-STATUS=0") }
    }
}
