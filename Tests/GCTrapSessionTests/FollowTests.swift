import Foundation
import XCTest
@testable import GCTrapCore
@testable import GCTrapSession
@testable import GCTrapUI

/// Following a recording while it is written (`play --follow`): the file reader and the
/// learner's screen, without a terminal (the tmux test is in EndToEndTests).
final class FollowTests: XCTestCase {
    var dir: URL!
    var path: String { dir.appendingPathComponent("room.gctrap").path }

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("gctrap-follow-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: dir)
    }

    func append(_ text: String) throws {
        if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        let h = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try h.seekToEnd()
        try h.write(contentsOf: Data(text.utf8))
        try h.close()
    }

    func lines(_ events: ArraySlice<SessionEvent>) -> String {
        events.map { $0.jsonLine + "\n" }.joined()
    }

    func testAGrowingFileIsReadLineByLineAndAPartialLineWaits() throws {
        let tail = SessionTail(path: path)
        XCTAssertEqual(try tail.poll(), SessionTail.Update.none)
        XCTAssertEqual(tail.waiting, .noFile)
        let header = Sample.header().jsonLine
        try append(String(header.prefix(40)))
        XCTAssertEqual(try tail.poll(), SessionTail.Update.none)
        XCTAssertEqual(tail.waiting, .noHeader, "a header cut short is waited for, not refused")
        try append(String(header.dropFirst(40)) + "\n" + lines(Sample.events[0..<2]))
        guard case .started(let session) = try tail.poll() else { return XCTFail("the header and two events arrived") }
        XCTAssertEqual(session.header, Sample.header())
        XCTAssertEqual(session.events.map(\.kind), Sample.events[0..<2].map(\.kind))
        XCTAssertEqual(session.events.map(\.line), [2, 3])
        let third = Sample.events[2].jsonLine
        try append(String(third.prefix(5)))
        XCTAssertEqual(try tail.poll(), SessionTail.Update.none)
        XCTAssertEqual(tail.pendingBytes, 5)
        XCTAssertEqual(tail.nextLine, 4)
        try append(String(third.dropFirst(5)) + "\n")
        guard case .events(let more) = try tail.poll() else { return XCTFail("the completed line arrived") }
        XCTAssertEqual(more.map(\.kind), [Sample.events[2].kind])
        XCTAssertEqual(more.first?.line, 4)
        XCTAssertEqual(tail.pendingBytes, 0)
    }

    func testACopyThatReplacesTheFileIsReadOnFromWhereItWas() throws {
        try append(Sample.header().jsonLine + "\n" + lines(Sample.events[0..<3]))
        let tail = SessionTail(path: path)
        guard case .started = try tail.poll() else { return XCTFail("started") }
        // A copy of the grown file replaces it (a new inode, as cp to a temp name and mv do).
        let copy = dir.appendingPathComponent("room.tmp").path
        let grown = Sample.header().jsonLine + "\n" + lines(Sample.events[0..<5])
        try grown.write(toFile: copy, atomically: false, encoding: .utf8)
        XCTAssertEqual(rename(copy, path), 0)
        guard case .events(let more) = try tail.poll() else { return XCTFail("the new events of the copy") }
        XCTAssertEqual(more.map(\.kind), Sample.events[3..<5].map(\.kind))
    }

    func testAFileStartedOverIsFollowedFromItsStart() throws {
        try append(Sample.header().jsonLine + "\n" + lines(Sample.events[0..<6]))
        let tail = SessionTail(path: path)
        guard case .started = try tail.poll() else { return XCTFail("started") }
        var other = Sample.header()
        other.title = "second run"
        // Overwritten in place (--force truncates the same file).
        let h = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try h.truncate(atOffset: 0)
        try h.write(contentsOf: Data((other.jsonLine + "\n" + lines(Sample.events[0..<1])).utf8))
        try h.close()
        guard case .restarted(let session) = try tail.poll() else { return XCTFail("a new recording") }
        XCTAssertEqual(session.header.title, "second run")
        XCTAssertEqual(session.events.count, 1)
    }

    func testABadWholeLineIsReportedAtItsLine() throws {
        try append(Sample.header().jsonLine + "\n" + lines(Sample.events[0..<2]))
        let tail = SessionTail(path: path)
        _ = try tail.poll()
        try append("{\"action\":\"dance\"}\n")
        XCTAssertThrowsError(try tail.poll()) { e in
            XCTAssertEqual((e as? SessionError)?.line, 4)
            XCTAssertTrue((e as? SessionError)?.message.contains("dance") ?? false, "\(e)")
        }
        let notASession = dir.appendingPathComponent("notes.txt").path
        try "hello\n".write(toFile: notASession, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try SessionTail(path: notASession).poll()) { e in
            XCTAssertEqual((e as? SessionError)?.line, 1)
        }
    }

    /// The same line rules as a whole file (one reader for both): times in order, the task budget.
    func testAFollowedFileMeetsTheSameRulesAsAWholeFile() throws {
        var limits = SessionLimits.standard
        limits.maxTotalTasks = 5
        try append(Sample.header().jsonLine + "\n" + #"{"t":1,"action":"run","tasks":3}"# + "\n")
        let tail = SessionTail(path: path, limits: limits)
        guard case .started = try tail.poll() else { return XCTFail("started") }
        try append(#"{"t":2,"action":"run","tasks":3}"# + "\n")
        XCTAssertThrowsError(try tail.poll()) { e in
            XCTAssertEqual(e as? SessionError, SessionError(line: 3, "the session's run events ask for 6 tasks by this line, over the task limit of 5 (--max-tasks)"))
        }
        let whole = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertThrowsError(try SessionParser.parse(whole, limits: limits)) { e in
            XCTAssertEqual((e as? SessionError)?.message, "the session's run events ask for 6 tasks by this line, over the task limit of 5 (--max-tasks)")
        }
        let other = dir.appendingPathComponent("b.gctrap").path
        try (Sample.header().jsonLine + "\n" + #"{"t":2,"step":1}"# + "\n").write(toFile: other, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try SessionTail(path: other).poll()) { e in XCTAssertEqual((e as? SessionError)?.line, 2) }
    }

    /// Events appended to a player land on the same states as a player of the whole file.
    func testAppendedEventsReplayToTheSameStatesAsTheWholeFile() throws {
        let whole = try Sample.player()
        let growing = try Sample.player(Session(header: Sample.header(), events: Array(Sample.events[0..<4])).fileText)
        growing.seek(to: growing.count)
        for chunk in stride(from: 4, to: Sample.events.count, by: 5) {
            growing.append(Array(Sample.events[chunk..<min(chunk + 5, Sample.events.count)]))
            growing.seek(to: growing.count)
            whole.seek(to: growing.count)
            XCTAssertEqual(growing.simulation.snapshot(), whole.simulation.snapshot(), "after \(growing.count) events")
            XCTAssertEqual(growing.caption, whole.caption)
            XCTAssertEqual(growing.lastMarker?.label, whole.lastMarker?.label)
        }
        XCTAssertEqual(growing.times, whole.times)
        XCTAssertEqual(growing.markers, whole.markers)
    }

    func testTheLearnerFollowsDetachesAndFollowsAgainAtTheTrainersState() throws {
        try append(Sample.header().jsonLine + "\n" + lines(Sample.events[0..<3]))
        let tail = SessionTail(path: path)
        let d = FollowDriver(tail: tail, width: 100, height: 30)
        XCTAssertEqual(d.handle(.tick), .redraw)
        let p = try XCTUnwrap(d.player)
        XCTAssertEqual(p.position, 3, "starts at the trainer's current state")
        XCTAssertEqual(d.frame().lines[29].trimmingCharacters(in: .whitespaces),
                       "● FOLLOWING room.gctrap  event 3  0:01.0  marker: start")
        try append(lines(Sample.events[3..<5]))
        XCTAssertEqual(d.handle(.tick), .redraw)
        XCTAssertEqual(p.position, 5, "new events are applied as they arrive")
        XCTAssertEqual(d.frame().lines[28].trimmingCharacters(in: .whitespaces), "❯ a cycle per task")
        let trainerSteps = p.simulation.steps

        XCTAssertEqual(d.handle(.key(.char("i"))), .redraw)
        XCTAssertTrue(d.isDetached)
        for _ in 0..<3 { _ = d.handle(.key(.char("s"))) }
        XCTAssertEqual(p.simulation.steps, trainerSteps + 3, "the learner explores from the trainer's state")
        try append(lines(Sample.events[5..<7]))
        _ = d.handle(.tick)
        XCTAssertEqual(p.position, 5, "detached: the trainer's new events wait")
        XCTAssertEqual(d.frame().lines[29].trimmingCharacters(in: .whitespaces),
                       "DETACHED at event 5: trainer at 7 (+2)  f follows again  ◆ start")

        XCTAssertEqual(d.handle(.key(.char("f"))), .redraw)
        XCTAssertFalse(d.isDetached)
        XCTAssertEqual(p.position, 7)
        let whole = try Sample.player()
        whole.seek(to: 7)
        XCTAssertEqual(p.simulation.snapshot(), whole.simulation.snapshot(), "back on the trainer's exact state")
    }

    /// A trainer's workshop recording goes on to a lesson that opens a comparison (a `session`
    /// event whose header has `compare`): the follower's screen becomes the compare view, the
    /// trainer's keys drive it (`f`: the first divergence, task 138), `i` explores both sides from
    /// there and `f` follows again at the trainer's state.
    func testAFollowerSeesTheComparisonTheTrainerOpens() throws {
        var compare = SessionHeader(title: "Same code, another Python", created: "", scenarioName: "incident",
                                    scenarioSource: EmbeddedScenarios.named("incident")!, python: "3.11", cols: 120, rows: 40)
        compare.compare = CompareInfo(sides: [.init(label: "3.11", python: "3.11", settings: [:]),
                                              .init(label: "3.13", python: "3.13", settings: [:])], criterion: "events")
        compare.formatVersion = 2
        var first = Sample.header()
        first.formatVersion = 2
        try append(first.jsonLine + "\n" + lines(Sample.events[0..<3]))
        let d = FollowDriver(tail: SessionTail(path: path), width: 120, height: 40)
        _ = d.handle(.tick)
        XCTAssertNil(d.player?.compare)
        try append(lines([SessionEvent(t: 3, .session(compare)), SessionEvent(t: 3.5, .caption("3.11 left, 3.13 right")),
                          SessionEvent(t: 4, .action(.view(.key(.char("f")))))][...]))
        XCTAssertEqual(d.handle(.tick), .redraw)
        let p = try XCTUnwrap(d.player)
        XCTAssertNotNil(p.compare, "the trainer moved on to a comparison")
        XCTAssertEqual(p.compare?.model.alignedTask, 138)
        let screen = d.frame().lines
        XCTAssertTrue(screen[0].contains("gctrap compare · incident · 3.11 | 3.13 · task 138 done"), screen[0])
        XCTAssertTrue(screen.joined(separator: "\n").contains("first divergence: task 138: 3.11 collected gen 0 (closed 137)"), screen.joined(separator: "\n"))
        XCTAssertEqual(screen[38].trimmingCharacters(in: .whitespaces), "❯ 3.11 left, 3.13 right")
        XCTAssertTrue(screen[39].contains("FOLLOWING room.gctrap  event 2"), screen[39])

        _ = d.handle(.key(.char("i")))
        XCTAssertTrue(d.isDetached)
        _ = d.handle(.key(.char("]")))
        XCTAssertEqual(p.compare?.model.alignedTask, 278, "the learner explores both sides on their own")
        try append(lines([SessionEvent(t: 5, .action(.view(.key(.char("t")))))][...]))
        _ = d.handle(.tick)
        _ = d.handle(.key(.char("f")))
        XCTAssertFalse(d.isDetached)
        XCTAssertEqual(p.compare?.model.alignedTask, 139, "back on the trainer's state: task 138, then t")
    }

    /// Issue 12: catching up with a recorded run of many tasks (the trainer ran a long task,
    /// or the learner follows again after a detour) draws its progress on the bar line from
    /// inside the run, then says how long it took. The clock is the test's.
    func testCatchingUpWithALongEventDrawsItsProgress() throws {
        let busy = SeekProgressTests.session
        try append(busy.header.jsonLine + "\n")
        var t = 0.0
        let d = FollowDriver(tail: SessionTail(path: path), width: 100, height: 30, wallClock: { t += 0.6; return t })
        d.progressAfter = 0.5
        var shown: [Grid] = []
        d.present = { shown.append($0) }
        _ = d.handle(.tick)
        let before = d.frame()
        try append(lines(busy.events[0..<1]))   // the run through the task of 70,000 statements
        _ = d.handle(.tick)
        XCTAssertEqual(d.player?.position, 1)
        guard let first = shown.first else { return XCTFail("no progress drawn") }
        XCTAssertTrue(first.lines[29].contains("catching up: event 1 of 1, statement "), first.lines[29])
        XCTAssertEqual(Array(first.lines.prefix(28)), Array(before.lines.prefix(28)))
        XCTAssertTrue(d.frame().lines[29].contains("caught up in "), d.frame().lines[29])
        XCTAssertNil(d.player?.simulation.onProgress)
    }

    /// Joining late: the file already holds the long event when the follower starts (the
    /// command reads it before the screen opens and hands the player over: it catches up
    /// once the screen exists, before the first frame), or when it appears (the first tick).
    /// The first catch-up draws its progress over the recording's start.
    func testAFollowersFirstCatchUpDrawsItsProgress() throws {
        let busy = SeekProgressTests.session
        try append(busy.header.jsonLine + "\n" + lines(busy.events[0..<1]))
        for handedOver in [true, false] {
            let tail = SessionTail(path: path)
            var player: SessionPlayer?
            if handedOver, case .started(let session) = try tail.poll() {
                player = try FollowDriver.makePlayer(session, path: path, width: 100, height: 30, glyphs: .unicode)
            }
            var t = 0.0
            let d = FollowDriver(tail: tail, player: player, width: 100, height: 30, wallClock: { t += 0.6; return t })
            d.progressAfter = 0.5
            var shown: [Grid] = []
            d.present = { shown.append($0) }
            XCTAssertEqual(d.player?.position, handedOver ? 1 : nil, "handed over: caught up as the screen opens")
            XCTAssertEqual(d.handle(.tick), handedOver ? .unchanged : .redraw)
            XCTAssertEqual(d.player?.position, 1, "handed over: \(handedOver)")
            guard let first = shown.first else { return XCTFail("no progress drawn (handed over: \(handedOver))") }
            XCTAssertTrue(first.lines[29].contains("catching up: event 1 of 1, statement "), first.lines[29])
            XCTAssertTrue(first.lines[28].contains("explore from here"), "drawn over the follower's screen: \(first.lines[28])")
            XCTAssertTrue(d.frame().lines[29].contains("caught up in "), d.frame().lines[29])
        }
    }

    func testAQuestionFromTheTrainerCanBeAnswered() throws {
        try append(Sample.header().jsonLine + "\n")
        let d = FollowDriver(tail: SessionTail(path: path), width: 100, height: 30)
        _ = d.handle(.tick)
        try append(lines(Sample.events[0..<15]))
        _ = d.handle(.tick)
        XCTAssertTrue(d.frame().text.contains("Open now?"))
        _ = d.handle(.key(.char("1")))
        XCTAssertTrue(d.frame().text.contains("Not quite: the answer is 3."))
        _ = d.handle(.key(.enter))
        XCTAssertFalse(d.frame().text.contains("Open now?"))
    }

    func testAFileThatIsNotASessionStopsTheFollowerWithItsLine() throws {
        let d = FollowDriver(tail: SessionTail(path: path), width: 100, height: 30)
        XCTAssertEqual(d.handle(.tick), .unchanged)
        XCTAssertTrue(d.frame().text.contains("No such file yet"))
        try append("{\"format\":\"something else\"}\n")
        XCTAssertEqual(d.handle(.tick), .quit)
        XCTAssertEqual(d.failure?.hasPrefix(path + ":1: not a gctrap session"), true, d.failure ?? "")
    }
}
