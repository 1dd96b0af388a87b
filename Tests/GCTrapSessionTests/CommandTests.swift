import Foundation
import XCTest
import GCTrapHost

/// `gctrap play --headless` and `gctrap export` on the built binary and the shipped sample.
final class SessionCommandTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let sample = root.appendingPathComponent("sessions/incident-tour.gctrap").path

    static let binary: String? = {
        if let env = ProcessInfo.processInfo.environment["GCTRAP_BIN"] { return env }
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let c = dir.appendingPathComponent("gctrap").path
            if FileManager.default.isExecutableFile(atPath: c) { return c }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }()

    func gctrap(_ args: String...) throws -> (status: Int32, out: String, err: String) {
        guard let bin = SessionCommandTests.binary else { throw XCTSkip("the gctrap binary is not beside the tests") }
        let r = Processes.run(bin, args)
        return (r.status, r.stdout, r.stderr)
    }

    func tempDir() throws -> URL {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("gctrap-sessions-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: d) }
        return d
    }

    func testHeadlessPlayOfTheSampleTellsItsStory() throws {
        let r = try gctrap("play", "--headless", SessionCommandTests.sample)
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.hasPrefix("session: The incident on CPython 3.11, event by event\n"), r.out)
        XCTAssertTrue(r.out.contains("] marker: start\n"))
        XCTAssertTrue(r.out.contains("] toggle BACK_REFERENCE = False\n"))
        XCTAssertTrue(r.out.contains("\ntask 137: open 138, leaked 137,"), "the cycles pile up until the first collection")
        XCTAssertTrue(r.out.contains("\ntask 138: open 2, leaked 1,"))
        XCTAssertTrue(r.out.contains("\nend: "))
    }

    /// `]` and `[` in a recording print the event they reached, as the event line said it.
    func testHeadlessPlayNamesTheEventEachJumpReached() throws {
        let r = try gctrap("play", "--headless", SessionCommandTests.sample)
        XCTAssertEqual(r.status, 0, r.err)
        let jumps = r.out.split(separator: "\n").filter { $0.contains("] ] next event:") || $0.contains("] [ previous event:") }
        XCTAssertEqual(jumps.map { $0.drop { $0 != "]" }.dropFirst(2) }, [
            "] next event: task 138: gen-0 collection freed 685 objects, closed 137 connections (scanned 690) (step 5745)",
            "] next event: task 275: open connections at a new high: 139 (limit 300) (step 11242)",
            "] next event: task 278: gen-0 collection freed 695 objects, closed 139 connections (scanned 701) (step 11349)",
            "[ previous event: task 275: open connections at a new high: 139 (limit 300) (step 11242)",
        ])
    }

    func testExportWritesAsciicastAndFramesAndRefusesToOverwrite() throws {
        let d = try tempDir()
        let cast = d.appendingPathComponent("tour.cast").path
        let frames = d.appendingPathComponent("frames").path
        let r = try gctrap("export", SessionCommandTests.sample, "--asciicast", cast, "--frames", frames, "--size", "100x30")
        XCTAssertEqual(r.status, 0, r.err)
        let text = try String(contentsOfFile: cast, encoding: .utf8)
        XCTAssertTrue(text.hasPrefix("{\"version\":2,\"width\":100,\"height\":30,"))
        XCTAssertTrue(text.contains("\"m\", \"start\"]"))
        let files = try FileManager.default.contentsOfDirectory(atPath: frames)
        XCTAssertTrue(files.contains("frame-00001.txt") && files.contains("index.txt"))
        let again = try gctrap("export", SessionCommandTests.sample, "--asciicast", cast)
        XCTAssertEqual(again.status, 2)
        XCTAssertTrue(again.err.contains("already exists; use --force"), again.err)
    }

    /// Below the investigator's 80x24 an export would only hold "terminal too small"
    /// frames; that and malformed sizes are bad input (exit 2), as the README says.
    func testExportRefusesSizesBelow80x24AndMalformedOnesWithStatus2() throws {
        let d = try tempDir()
        for (i, size) in ["79x24", "80x23", "20x10", "120", "x40", "120x40x2", "abcxdef", "1001x40"].enumerated() {
            let cast = d.appendingPathComponent("t\(i).cast").path
            let r = try gctrap("export", SessionCommandTests.sample, "--asciicast", cast, "--size", size)
            XCTAssertEqual(r.status, 2, "\(size): \(r.err)")
            XCTAssertTrue(r.err.contains("--size must be COLSxROWS from 80x24"), r.err)
            XCTAssertFalse(FileManager.default.fileExists(atPath: cast), "\(size) wrote a file")
        }
        let ok = try gctrap("export", SessionCommandTests.sample, "--asciicast", d.appendingPathComponent("ok.cast").path, "--size", "80x24")
        XCTAssertEqual(ok.status, 0, ok.err)
        let usage = try gctrap("export", SessionCommandTests.sample)
        XCTAssertEqual(usage.status, 2, "a missing --asciicast/--frames is bad input too")
        XCTAssertEqual(try gctrap("run", "incident", "--no-such-option").status, 2)
    }

    /// The .cast header's timestamp is when the session was recorded (its `created`), so
    /// exporting the same file twice gives the same bytes.
    func testTheAsciicastTimestampIsTheRecordingsTime() throws {
        let d = try tempDir()
        let a = d.appendingPathComponent("a.cast").path, b = d.appendingPathComponent("b.cast").path
        XCTAssertEqual(try gctrap("export", SessionCommandTests.sample, "--asciicast", a).status, 0)
        XCTAssertEqual(try gctrap("export", SessionCommandTests.sample, "--asciicast", b).status, 0)
        let text = try String(contentsOfFile: a, encoding: .utf8)
        let header = String(text.prefix { $0 != "\n" })
        let created = try String(contentsOfFile: SessionCommandTests.sample, encoding: .utf8)
            .components(separatedBy: "\"created\":\"")[1].prefix { $0 != "\"" }
        let f = ISO8601DateFormatter()
        let expected = Int(f.date(from: String(created))!.timeIntervalSince1970)
        XCTAssertTrue(header.contains("\"timestamp\":\(expected),"), header)
        XCTAssertEqual(text, try String(contentsOfFile: b, encoding: .utf8))
    }

    func testABadSessionExits2WithFileAndLine() throws {
        let d = try tempDir()
        let f = d.appendingPathComponent("bad.gctrap").path
        var lines = try String(contentsOfFile: SessionCommandTests.sample, encoding: .utf8).split(separator: "\n").map(String.init)
        lines[3] = "{\"action\":\"jump\"}"
        try (lines.joined(separator: "\n") + "\n").write(toFile: f, atomically: true, encoding: .utf8)
        let r = try gctrap("play", "--headless", f)
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.err, "\(f):4: unknown action 'jump'\n")
        XCTAssertEqual(r.out, "")
    }
}

/// Issue 12: sessions within bounds, and no silent loss when writing.
extension SessionCommandTests {
    var t: SessionCommandTests { self }

    func testExportToAFullDiskFailsWithAMessage() throws {
        let r = try t.gctrap("export", SessionCommandTests.sample, "--asciicast", "/dev/full", "--force")
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.err, "gctrap: /dev/full: cannot write: No space left on device\n")
    }

    func testExportWritesUnderATemporaryNameAndLeavesNoneBehind() throws {
        let d = try t.tempDir()
        let cast = d.appendingPathComponent("a.cast").path
        XCTAssertEqual(try t.gctrap("export", SessionCommandTests.sample, "--asciicast", cast).status, 0)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: d.path), ["a.cast"])
        XCTAssertEqual(try t.gctrap("export", SessionCommandTests.sample, "--asciicast", cast, "--force").status, 0)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: d.path), ["a.cast"])
    }

    func testFramesNeverOverwriteWithoutForceAndLeaveNoStaleFrames() throws {
        let d = try t.tempDir()
        let frames = d.appendingPathComponent("frames").path
        XCTAssertEqual(try t.gctrap("export", SessionCommandTests.sample, "--frames", frames).status, 0)
        let first = try FileManager.default.contentsOfDirectory(atPath: frames).sorted()
        let again = try t.gctrap("export", SessionCommandTests.sample, "--frames", frames)
        XCTAssertEqual(again.status, 2)
        XCTAssertEqual(again.err, "gctrap: \(frames): holds an earlier export's frames; use --force to replace them\n")
        // A stale frame from a longer export disappears with --force; other files stay.
        try "stale".write(toFile: frames + "/frame-99999.txt", atomically: false, encoding: .utf8)
        try "mine".write(toFile: frames + "/notes.md", atomically: false, encoding: .utf8)
        XCTAssertEqual(try t.gctrap("export", SessionCommandTests.sample, "--frames", frames, "--force").status, 0)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: frames).sorted(), (first + ["notes.md"]).sorted())
    }

    func testARecordingCutMidFilePlaysUpToTheCutAndSaysWhere() throws {
        let d = try t.tempDir()
        let f = d.appendingPathComponent("cut.gctrap").path
        var lines = try String(contentsOfFile: SessionCommandTests.sample, encoding: .utf8).split(separator: "\n").map(String.init)
        lines[10] = String(lines[10].prefix(15))   // a write cut short, later events appended after it
        try (lines.joined(separator: "\n") + "\n").write(toFile: f, atomically: true, encoding: .utf8)
        let r = try t.gctrap("play", "--headless", f)
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertEqual(r.err, "\(f):11: warning: the recording is cut short here (the line is not valid JSON); playing the 9 events before it and ignoring the \(lines.count - 11) lines after it\n")
        XCTAssertTrue(r.out.contains("\nend: "), r.out)
    }

    func testASessionOverTheTaskLimitIsRefusedAtItsLine() throws {
        let d = try t.tempDir()
        let f = d.appendingPathComponent("many.gctrap").path
        let header = try String(contentsOfFile: SessionCommandTests.sample, encoding: .utf8).split(separator: "\n")[0]
        let text = header + "\n" + String(repeating: "{\"action\":\"run\",\"tasks\":10000000}\n", count: 3)
        try text.write(toFile: f, atomically: true, encoding: .utf8)
        let r = try t.gctrap("play", "--headless", f)
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.err, "\(f):2: the session's run events ask for 10000000 tasks by this line, over the task limit of 1000000 (--max-tasks)\n")
        let small = try t.gctrap("play", "--headless", SessionCommandTests.sample, "--max-tasks", "3")
        XCTAssertEqual(small.status, 2)
        XCTAssertTrue(small.err.contains("over the task limit of 3 (--max-tasks)"), small.err)
    }
}
