import Foundation
import XCTest

/// Issue 12: every bad input exits 2 with a message and leaves nothing behind; text from
/// the command line reaches the terminal only made printable.
final class CommandLineBadInputTests: EndToEndCase {
    func testArgumentParserUsageErrorsExit2NotEX_USAGE() throws {
        let cases: [[String]] = [
            ["run", "incident", "--csv", "--json"],
            ["play", "--speed", "0", "x.gctrap"],
            ["play"],
            ["export", "x.gctrap", "--size", "0x0", "--asciicast", "o.cast"],
            ["export", "x.gctrap"],
            ["run", "--no-such-option"],
            ["run", "incident", "--max-steps", "many"],
            ["run", "incident", "--max-steps", "0"],
            ["play", "x.gctrap", "--max-steps", "-1"],
        ]
        for args in cases {
            let r = Binary.run(binary, args, cwd: tmp, timeout: 60)
            XCTAssertEqual(r.status, 2, "gctrap \(args.joined(separator: " ")): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains("Usage: gctrap"), r.stderr)
        }
        let both = gctrap("run", "incident", "--csv", "--json")
        XCTAssertTrue(both.stderr.hasPrefix("Error: --csv and --json cannot be used together\nUsage: gctrap run "), both.stderr)
        XCTAssertEqual(gctrap("run", "--help").status, 0, "help is not an error")
    }

    func testCommandLineTextIsMadePrintable() throws {
        let profile = gctrap("run", "incident", "--python", "\u{1B}[2J\u{1B}]0;owned\u{07}")
        XCTAssertEqual(profile.status, 2)
        XCTAssertEqual(profile.stderr, "gctrap: unknown Python profile '?[2J?]0;owned?': use 3.11 or 3.12 or 3.13\n")
        let name = gctrap("run", "n\u{1B}]0;x\u{07}.py")
        XCTAssertEqual(name.status, 2)
        XCTAssertFalse(name.stderr.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, name.stderr)
        let parser = gctrap("run", "--\u{1B}[31mred")
        XCTAssertEqual(parser.status, 2)
        XCTAssertFalse(parser.stderr.unicodeScalars.contains { $0.value == 0x1B }, parser.stderr)
        let set = gctrap("run", "incident", "--set", "N\u{1B}[1m=1")
        XCTAssertEqual(set.status, 2)
        XCTAssertFalse(set.stderr.unicodeScalars.contains { $0.value == 0x1B }, set.stderr)
    }

    /// A 2 GB sparse file is refused by its size, before any of it is read.
    func testAHugeScenarioIsRefusedBeforeReading() throws {
        let path = tmp.appendingPathComponent("huge.py").path
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: nil))
        let h = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        try h.truncate(atOffset: 2 << 30)
        try h.close()
        let r = gctrap("run", path, timeout: 20)
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.stderr, "gctrap: \(path): larger than 1 MB; scenarios are small programs\n")
        // A device with no size is read only up to the limit.
        let zero = gctrap("run", "/dev/zero", timeout: 20)
        XCTAssertEqual(zero.status, 2)
        XCTAssertTrue(zero.stderr.contains("larger than 1 MB"), zero.stderr)
    }

    /// An unknown TERM is bad input (2, not ncurses' 1) and no empty recording is left.
    func testUnknownTerminalExits2AndLeavesNoRecording() throws {
        guard let script = Binary.which("script") else { throw XCTSkip("script(1) is not installed") }
        let out = tmp.appendingPathComponent("rec.gctrap").path
        // script(1) gives gctrap a pseudo-terminal; -e returns the child's status.
        let r = Binary.run(script, ["-qec", "\(binary!) --record \(out)", "/dev/null"], cwd: tmp,
                           env: ["TERM": "no-such-terminal-xyz"], timeout: 60)
        XCTAssertEqual(r.status, 2, r.stdout + r.stderr)
        XCTAssertTrue((r.stdout + r.stderr).contains("the terminal type 'no-such-terminal-xyz' (TERM) is unknown"), r.stdout + r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out), "no empty recording left behind")
        let play = Binary.run(script, ["-qec", "\(binary!) play \(Binary.packageRoot.path)/sessions/incident-tour.gctrap --record \(out)", "/dev/null"],
                              cwd: tmp, env: ["TERM": "no-such-terminal-xyz"], timeout: 60)
        XCTAssertEqual(play.status, 2, play.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }
}
