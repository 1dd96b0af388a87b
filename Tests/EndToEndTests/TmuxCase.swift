import Foundation
import XCTest

/// A test case with its own tmux server (its own socket), killed at the end. A tmux that
/// dies under a test fails it with tmux's message, never an index out of range.
class TmuxCase: EndToEndCase {
    var tmux: String!
    var socket = ""
    /// The environment of the programs started in tmux (a UTF-8 locale unless a test says otherwise).
    var tmuxEnv = ["TERM": "xterm-256color", "LANG": "C.UTF-8"]

    override func setUpWithError() throws {
        try super.setUpWithError()
        guard let t = Binary.which("tmux") else { throw XCTSkip("tmux is not installed") }
        tmux = t
        socket = "gctrap-\(type(of: self))-\(getpid())-\(UUID().uuidString.prefix(8))"
    }

    override func tearDownWithError() throws {
        if tmux != nil { _ = Binary.run(tmux, ["-L", socket, "kill-server"], timeout: 10) }
        try super.tearDownWithError()
    }

    @discardableResult
    func tm(_ args: String...) -> Binary.Result {
        Binary.run(tmux, ["-L", socket] + args, cwd: tmp, env: tmuxEnv, timeout: 20)
    }

    /// Why the last capture failed (tmux's own message: its server or session is gone), or nil.
    var captureError: String?

    /// The screen of a tmux session (the last one started when not named); "" when tmux
    /// cannot capture it (see `captureError`).
    func screen(_ session: String? = nil) -> String {
        let r = session.map { tm("capture-pane", "-p", "-t", $0) } ?? tm("capture-pane", "-p")
        captureError = r.status == 0 ? nil : "tmux capture-pane failed (status \(r.status)): \(r.stderr.trimmingCharacters(in: .whitespacesAndNewlines))"
        return r.status == 0 ? r.stdout : ""
    }

    func lines(_ s: String) -> [String] { s.components(separatedBy: "\n") }

    /// Line `i` of a screen, "" past its end (the screen of a tmux that died is empty).
    func line(_ s: String, _ i: Int) -> String {
        let ls = lines(s)
        return i >= 0 && i < ls.count ? ls[i] : ""
    }

    func header(_ s: String) -> String { line(s, 0) }

    /// Waits until the screen satisfies `ok` (generous timeout: the machine is shared).
    /// Fails at once, with tmux's message, when the screen cannot be captured any more.
    @discardableResult
    func waitFor(_ what: String, in session: String? = nil, timeout: TimeInterval = 30, _ ok: (String) -> Bool,
                 file: StaticString = #filePath, line: UInt = #line) -> String {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let s = screen(session)
            if let e = captureError {
                XCTFail("waiting for \(what): \(e)", file: file, line: line)
                return ""
            }
            if ok(s) { return s }
            if Date() >= deadline {
                XCTFail("waiting for \(what); screen:\n\(s)", file: file, line: line)
                return s
            }
            usleep(100_000)
        }
    }

    /// Runs a command line in a new tmux session of the given size; the wrapper exports
    /// `tmuxEnv` (tmux sets its own TERM) and prints the exit status when it ends.
    func start(_ commandLine: String, cols: Int = 120, rows: Int = 40, session: String = "main") throws {
        let exports = tmuxEnv.sorted { $0.key < $1.key }.map { "export \($0.key)='\($0.value)'" }.joined(separator: "\n")
        let script = try write("wrap-\(UUID().uuidString.prefix(6)).sh", """
            #!/bin/sh
            \(exports)
            \(commandLine)
            echo "GCTRAP-EXIT-STATUS=$?"
            sleep 60
            """)
        chmod(script, 0o755)
        let r = tm("new-session", "-d", "-s", session, "-x", String(cols), "-y", String(rows), script)
        XCTAssertEqual(r.status, 0, r.stderr)
    }
}

/// The helpers themselves: a tmux server that dies under a test leaves an empty screen and
/// tmux's message, for `waitFor` to fail with, and screen lines past the end read as "".
final class TmuxHelperTests: TmuxCase {
    func testAScreenFromATmuxThatDiedIsEmptyAndSaysWhy() throws {
        try start("echo hello")
        waitFor("the wrapper's line") { $0.contains("GCTRAP-EXIT-STATUS=0") }
        XCTAssertNil(captureError)
        tm("kill-server")
        let s = screen()
        XCTAssertEqual(s, "")
        XCTAssertTrue(captureError?.hasPrefix("tmux capture-pane failed") ?? false, captureError ?? "no error")
        XCTAssertEqual(line(s, 38), "")
        XCTAssertEqual(header(s), "")
    }
}
