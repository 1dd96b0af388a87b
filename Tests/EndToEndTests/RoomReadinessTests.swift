import Foundation
import XCTest

/// The facilitator's one command (`scripts/check-room`, which runs `gctrap doctor`): its
/// output in a real terminal on this machine, ready and not ready.
final class RoomReadinessTests: TmuxCase {
    /// The pane's text with wrapped lines joined, up to the wrapper's exit line.
    func output(_ s: String) -> String {
        let joined = tm("capture-pane", "-p", "-J").stdout
        let rows = joined.components(separatedBy: "\n").map { l -> String in
            var t = Substring(l)
            while t.last == " " { t = t.dropLast() }
            return String(t)
        }
        let end = rows.firstIndex { $0.hasPrefix("GCTRAP-EXIT-STATUS=") } ?? rows.count - 1
        return rows[...end].joined(separator: "\n") + "\n"
    }

    /// python3 on this machine, when it is one gctrap verify compares with.
    func python() throws -> (path: String, version: String) {
        guard let path = Binary.which("python3") else { throw XCTSkip("no python3 on this machine") }
        let v = Binary.run(path, ["-c", "import sys;print(sys.version.split()[0])"], timeout: 30).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        guard ["3.11", "3.12", "3.13"].contains(where: { v.hasPrefix($0 + ".") }) else {
            throw XCTSkip("python3 is \(v), not 3.11-3.13: the ready case cannot be shown here")
        }
        return (path, v)
    }

    /// A copy of the repository's layout around the built binary: the script, the binary
    /// where `scripts/run` puts it, sources older than it.
    func makeRepo() throws -> URL {
        let repo = tmp.appendingPathComponent("repo")
        let fm = FileManager.default
        for d in ["scripts", ".build/release", "Sources", "scenarios"] {
            try fm.createDirectory(at: repo.appendingPathComponent(d), withIntermediateDirectories: true)
        }
        try fm.copyItem(at: Binary.packageRoot.appendingPathComponent("scripts/check-room"),
                        to: repo.appendingPathComponent("scripts/check-room"))
        try "// Package.swift\n".write(to: repo.appendingPathComponent("Package.swift"), atomically: true, encoding: .utf8)
        try "// main.swift\n".write(to: repo.appendingPathComponent("Sources/main.swift"), atomically: true, encoding: .utf8)
        let old = Date(timeIntervalSince1970: 946_684_800)
        for f in ["Package.swift", "Sources/main.swift"] {
            try fm.setAttributes([.modificationDate: old], ofItemAtPath: repo.appendingPathComponent(f).path)
        }
        return repo
    }

    func testCheckRoomSaysThisTerminalIsReady() throws {
        let py = try python()
        let repo = try makeRepo()
        try FileManager.default.createSymbolicLink(atPath: repo.appendingPathComponent(".build/release/gctrap").path,
                                                   withDestinationPath: binary)
        let state = tmp.appendingPathComponent("state").path
        tmuxEnv["LC_ALL"] = "C.UTF-8"
        tmuxEnv["XDG_STATE_HOME"] = state
        tmuxEnv["NO_COLOR"] = ""
        try FileManager.default.createDirectory(at: tmp.appendingPathComponent("shared"), withIntermediateDirectories: true)
        try start("repo/scripts/check-room --python-binary \(py.path) --room shared/room.gctrap")
        let s = waitFor("the check's end") { $0.contains("GCTRAP-EXIT-STATUS=") }
        XCTAssertEqual(output(s), """
            check-room: the build
              ok   build     .build/release/gctrap (newer than the sources)
            gctrap doctor: is this machine ready for the workshop?
              ok   terminal  120x40
              ok   locale    C.UTF-8 (UTF-8)
              ok   TERM      xterm-256color (ncurses knows it)
              ok   colours   256
              ok   python    \(py.version) at \(py.path) (for gctrap verify)
              ok   progress  \(state)/gctrap (created by the first lesson)
              ok   room      shared/room.gctrap not there yet (the trainer has not started); play --follow waits for it
            ready: this terminal can run the workshop.
            GCTRAP-EXIT-STATUS=0

            """)
    }

    func testANotReadyTerminalGetsAListOfWhatToFix() throws {
        tmuxEnv = ["TERM": "gctrap-no-such-term", "LANG": "C", "LC_ALL": "C",
                   "XDG_STATE_HOME": tmp.appendingPathComponent("state").path, "NO_COLOR": ""]
        try "not a folder".write(to: tmp.appendingPathComponent("state"), atomically: true, encoding: .utf8)
        try start("\(binary!) doctor --python-binary no-such-python --room missing/room.gctrap", cols: 70, rows: 24)
        let s = waitFor("the check's end") { $0.contains("GCTRAP-EXIT-STATUS=") }
        XCTAssertEqual(output(s), """
            gctrap doctor: is this machine ready for the workshop?
              FIX  terminal  70x24: the investigator needs at least 80x24; enlarge the window or use a smaller font
              FIX  locale    C is ANSI_X3.4-1968, not UTF-8 (boxes and arrows would fall back to ASCII): export LANG=C.UTF-8
              FIX  TERM      gctrap-no-such-term has no terminfo entry here: export TERM=xterm-256color (or install ncurses-term)
              FIX  python    no-such-python not found: install CPython 3.11-3.13 (apt-get install python3) for gctrap verify
              FIX  progress  \(tmp.appendingPathComponent("state").path)/gctrap cannot be created (\(tmp.appendingPathComponent("state").path) is not a writable folder): set XDG_STATE_HOME to a writable folder
              FIX  room      the folder missing does not exist here: mount or sync the shared folder
            not ready: 6 things to fix (the FIX lines), then run this again.
            GCTRAP-EXIT-STATUS=1

            """)
    }

    func testCheckRoomSaysWhenGctrapIsNotBuilt() throws {
        _ = try makeRepo()
        try start("repo/scripts/check-room")
        let s = waitFor("the check's end") { $0.contains("GCTRAP-EXIT-STATUS=") }
        XCTAssertEqual(output(s), """
            check-room: the build
              FIX  build     gctrap is not built: run ./scripts/run once (it builds, then opens the investigator; q quits)
            not ready: build it, then run this again.
            GCTRAP-EXIT-STATUS=1

            """)
    }
}
