import Foundation
import XCTest

/// The investigator (issue 3) driven in a real terminal: tmux, detached, 120x40.
final class TUITests: TmuxCase {
    override func setUpWithError() throws {
        try super.setUpWithError()
        tmuxEnv = ["TERM": "xterm-256color"]   // no LANG: the locale of the test process
    }

    /// Starts `gctrap` (the default command) through a wrapper that reports the terminal
    /// state after it exits.
    func startGctrap(_ args: String = "") throws {
        let script = try write("wrap.sh", """
            #!/bin/sh
            trap 'true' INT TERM HUP
            \(binary!) \(args)
            echo "GCTRAP-EXIT-STATUS=$?"
            stty -a | tr ' ;' '\\n\\n' | grep -E '^-?(icanon|echo)$' | tr '\\n' ' '
            echo
            echo GCTRAP-DONE
            sleep 60
            """)
        chmod(script, 0o755)
        let r = tm("new-session", "-d", "-x", "120", "-y", "40", script)
        XCTAssertEqual(r.status, 0, r.stderr)
    }

    func testPanesKeysToggleResizeAndQuit() throws {
        try startGctrap()
        var s = waitFor("the panes") { $0.contains("Objects") && $0.contains("GC") }
        for title in ["Code", "Scopes", "Objects", "Connections", "GC"] {
            XCTAssertTrue(s.contains(title), "pane \(title) missing:\n\(s)")
        }
        XCTAssertTrue(header(s).contains("step 0"), header(s))
        XCTAssertTrue(s.contains("1[x]RETURN_AGENT"), s)

        // s / n step: the step counter moves.
        tm("send-keys", "n")
        s = waitFor("step 1") { self.header($0).contains("step 1 ") || self.header($0).contains("step 1\u{00B7}") }
        tm("send-keys", "s")
        s = waitFor("step 2") { self.header($0).contains("step 2") }
        // t: to the task boundary: the header names task 0.
        tm("send-keys", "t")
        s = waitFor("task 0") { self.header($0).contains("task 0/") }
        tm("send-keys", "t")
        s = waitFor("task 1") { self.header($0).contains("task 1/") }

        // 1 flips the first toggle.
        tm("send-keys", "1")
        s = waitFor("toggle off") { $0.contains("1[ ]RETURN_AGENT") }

        // Resize: 80x24 still draws the panes; 60x20 is too small; back to 120x40 recovers.
        tm("resize-window", "-x", "80", "-y", "24")
        s = waitFor("80x24 frame") { $0.contains("Code") && $0.contains("GC") && !$0.contains("too small") }
        tm("resize-window", "-x", "60", "-y", "20")
        s = waitFor("too small") { $0.contains("terminal too small: need 80x24, have 60x20") }
        tm("resize-window", "-x", "120", "-y", "40")
        s = waitFor("recovered") { $0.contains("Connections") && !$0.contains("too small") }

        // q quits; the wrapper's report shows a restored terminal, off the alternate screen.
        tm("send-keys", "q")
        s = waitFor("exit") { $0.contains("GCTRAP-DONE") }
        XCTAssertTrue(s.contains("GCTRAP-EXIT-STATUS=0"), s)
        XCTAssertTrue(s.contains("icanon") && !s.contains("-icanon"), "canonical mode restored:\n\(s)")
        XCTAssertTrue(s.contains("echo") && !s.contains("-echo "), "echo restored:\n\(s)")
        XCTAssertFalse(s.contains("Objects"), "the investigator's screen is gone:\n\(s)")
        XCTAssertEqual(tm("display-message", "-p", "#{alternate_on}").stdout.trimmingCharacters(in: .whitespacesAndNewlines), "0")
    }

    /// The terminal is restored however the investigator ends: Ctrl-C (exit 130), SIGTERM
    /// (143) and SIGHUP (129) go through the signal handlers, not through `q`.
    func testSignalsRestoreTheTerminal() throws {
        for (name, expected) in [("INT", 130), ("TERM", 143), ("HUP", 129)] {
            try startGctrap()
            waitFor("the panes") { $0.contains("Objects") && $0.contains("GC") }
            if name == "INT" {
                tm("send-keys", "C-c")
            } else {
                let shell = tm("display-message", "-p", "#{pane_pid}").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                let child = Binary.run("/usr/bin/env", ["pgrep", "-P", shell], timeout: 10).stdout
                    .split(separator: "\n").first.map(String.init) ?? ""
                XCTAssertFalse(child.isEmpty, "no gctrap process under the pane's shell \(shell)")
                _ = Binary.run("/usr/bin/env", ["kill", "-\(name)", child], timeout: 10)
            }
            let s = waitFor("exit after SIG\(name)") { $0.contains("GCTRAP-DONE") }
            XCTAssertTrue(s.contains("GCTRAP-EXIT-STATUS=\(expected)"), "SIG\(name):\n\(s)")
            XCTAssertTrue(s.contains("icanon") && !s.contains("-icanon"), "SIG\(name): canonical mode restored:\n\(s)")
            XCTAssertEqual(tm("display-message", "-p", "#{alternate_on}").stdout.trimmingCharacters(in: .whitespacesAndNewlines), "0")
            tm("kill-server")
        }
    }

    /// NO_COLOR: no colour escape sequences on the screen, yet states stay distinct (the
    /// toggle bar still shows on and off, the current line is still marked).
    func testNoColorDrawsWithoutColours() throws {
        let script = try write("nocolor.sh", "#!/bin/sh\nNO_COLOR=1 \(binary!)\nsleep 60\n")
        chmod(script, 0o755)
        XCTAssertEqual(tm("new-session", "-d", "-x", "120", "-y", "40", script).status, 0)
        waitFor("the panes") { $0.contains("Objects") && $0.contains("GC") }
        tm("send-keys", "t")
        waitFor("task 0") { self.header($0).contains("task 0/") }
        let escaped = tm("capture-pane", "-p", "-e").stdout
        // SGR colour parameters: 30-37, 38;..., 40-47, 48;..., 90-97, 100-107.
        let colour = try NSRegularExpression(pattern: "\u{1B}\\[[0-9;]*(3[0-8]|4[0-8]|9[0-7]|10[0-7])(;[0-9;]*)?m")
        let matches = colour.numberOfMatches(in: escaped, range: NSRange(escaped.startIndex..., in: escaped))
        XCTAssertEqual(matches, 0, "colour sequences with NO_COLOR:\n\(escaped.prefix(2000))")
        let plain = screen()
        XCTAssertTrue(plain.contains("1[x]RETURN_AGENT") && plain.contains("2[ ]EXPLICIT_RELEASE"), plain)
        tm("send-keys", "q")
    }

    /// `gctrap explore FILE --python 3.13` names the scenario and the profile in the header.
    func testExploreAFileWithAProfile() throws {
        let f = try write("tiny.py", "import db\nimport gctrap\nfor t in gctrap.tasks(3):\n    c = db.connect()\n")
        try startGctrap("explore \(f) --python 3.13")
        let s = waitFor("header") { $0.contains("tiny") && $0.contains("3.13") }
        XCTAssertTrue(header(s).contains("tiny"), header(s))
        tm("send-keys", "q")
        waitFor("exit") { $0.contains("GCTRAP-DONE") }
    }

    /// The Graph view (issue 7): on the incident's garbage G draws the cycle and names it;
    /// Esc goes back; --projector starts with the numbers in block digits.
    func testGraphViewDrawsTheIncidentsCycleAndProjectorModeShowsBlockDigits() throws {
        try startGctrap("--projector")
        var s = waitFor("projector numbers") { $0.contains("open") && $0.contains("gen 0") && $0.contains("▀▀▀") }
        XCTAssertFalse(s.contains("Scopes"), "projector mode keeps three panes:\n\(s)")
        tm("send-keys", "P")
        waitFor("the full layout") { $0.contains("Scopes") && $0.contains("GC") }
        for _ in 0..<4 { tm("send-keys", "t") }
        waitFor("task 3") { self.header($0).contains("task 3/") }
        tm("send-keys", "G")
        // The whole view (the screen is drawn in one refresh, but capture can land mid-way).
        s = waitFor("the cycle named and drawn down to its connection") {
            $0.contains("cycle: Agent.context → ContextService.agent → Agent") && $0.contains("open [leaked]")
                && $0.contains("Graph · garbage group: 5 objects") && $0.contains("keeps 1 open connection alive")
        }
        tm("send-keys", "Escape")
        waitFor("the panes again") { $0.contains("Objects") && !$0.contains("Graph ·") }
        tm("send-keys", "q")
        waitFor("exit") { $0.contains("GCTRAP-DONE") }
    }
}
