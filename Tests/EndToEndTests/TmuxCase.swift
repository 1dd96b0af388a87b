import Foundation
import XCTest

/// A test case with its own tmux server (its own socket), killed at the end.
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

    /// The screen of a tmux session (the last one started when not named).
    func screen(_ session: String? = nil) -> String {
        session.map { tm("capture-pane", "-p", "-t", $0).stdout } ?? tm("capture-pane", "-p").stdout
    }

    func lines(_ s: String) -> [String] { s.components(separatedBy: "\n") }

    /// Waits until the screen satisfies `ok` (generous timeout: the machine is shared).
    @discardableResult
    func waitFor(_ what: String, in session: String? = nil, timeout: TimeInterval = 20, _ ok: (String) -> Bool,
                 file: StaticString = #filePath, line: UInt = #line) -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var s = screen(session)
        while !ok(s) && Date() < deadline {
            usleep(100_000)
            s = screen(session)
        }
        XCTAssertTrue(ok(s), "waiting for \(what); screen:\n\(s)", file: file, line: line)
        return s
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
