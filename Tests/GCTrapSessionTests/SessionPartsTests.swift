import Foundation
import XCTest
@testable import GCTrapCore
@testable import GCTrapSession
@testable import GCTrapUI

/// A recording of several sessions one after another (`workshop --record` through several
/// lessons): `session` events, each part on its own simulation, in playback, headless
/// playback, export and follow-along; and lesson predictions shown to a follower.
final class SessionPartsTests: XCTestCase {
    /// The second part: the same small program with fewer tasks and the back reference off.
    static var second: SessionHeader {
        var h = Sample.header(Sample.tinySource.replacingOccurrences(of: "TASKS = 6", with: "TASKS = 3"), name: "tiny3")
        h.title = "part two"
        h.toggles = [("BACK_REFERENCE", false), ("EXPLICIT_RELEASE", false)]
        h.formatVersion = 2
        return h
    }

    static var twoParts: String {
        var first = Sample.header()
        first.formatVersion = 2
        let events: [SessionEvent] = [
            SessionEvent(t: 0.5, .action(.run(tasks: 3))),
            SessionEvent(t: 1.0, .caption("part one")),
            SessionEvent(t: 2.0, .session(second)),
            SessionEvent(t: 2.5, .action(.run(tasks: 10))),
            SessionEvent(t: 3.0, .marker("two ran")),
        ]
        return Session(header: first, events: events).fileText
    }

    func testASessionEventReadsBackAsWrittenAndSplitsTheRecordingIntoParts() throws {
        let session = try SessionParser.parse(SessionPartsTests.twoParts)
        XCTAssertEqual(session.events.count, 5)
        guard case .session(let h) = session.events[2].kind else { return XCTFail("expected a session event") }
        XCTAssertEqual(h, SessionPartsTests.second)
        let parts = session.parts
        XCTAssertEqual(parts.count, 2)
        XCTAssertEqual(parts[0].events.map(\.kind), [.action(.run(tasks: 3)), .caption("part one")])
        XCTAssertEqual(parts[1].header.scenarioName, "tiny3")
        XCTAssertEqual(parts[1].events.map(\.line), [5, 6], "each event keeps its line in the file")
    }

    func testASessionEventNeedsVersionTwoAndAWholeHeader() {
        let v1 = Sample.header().jsonLine + "\n" + SessionEvent(.session(SessionPartsTests.second)).jsonLine + "\n"
        XCTAssertThrowsError(try SessionParser.parse(v1)) { e in
            XCTAssertEqual((e as? SessionError)?.line, 2)
            XCTAssertTrue("\(e)".contains("a session event needs format version 2"), "\(e)")
        }
        var first = Sample.header()
        first.formatVersion = 2
        let bad = first.jsonLine + "\n" + #"{"session":{"format":"gctrap-session","version":2,"scenario":{"name":"x"}}}"# + "\n"
        XCTAssertThrowsError(try SessionParser.parse(bad)) { e in
            XCTAssertEqual((e as? SessionError)?.line, 2)
            XCTAssertTrue("\(e)".contains("session event: "), "\(e)")
        }
        // A header that parses but whose program does not load fails at the event's line too.
        var broken = SessionPartsTests.second
        broken.scenarioSource = "def broken(:\n"
        let text = first.jsonLine + "\n" + SessionEvent(t: 1, .session(broken)).jsonLine + "\n"
        XCTAssertThrowsError(try SessionLoader.load(Data(text.utf8), maxSteps: 20_000)) { e in
            XCTAssertEqual((e as? SessionError)?.line, 2, "\(e)")
        }
    }

    func testEachPartPlaysOnItsOwnSimulationFromItsOwnStart() throws {
        let player = try Sample.player(SessionPartsTests.twoParts)
        XCTAssertEqual(player.partCount, 2)
        XCTAssertEqual(player.count, 2)
        player.seek(to: player.count)
        XCTAssertEqual(player.simulation.rows.count, 2, "part one ran 3 task boundaries of its 6 tasks")
        let two = try XCTUnwrap(player.part(1))
        XCTAssertEqual(two.partIndex, 1)
        two.seek(to: two.count)
        XCTAssertTrue(two.simulation.isFinished, "part two ran its 3 tasks to the end")
        XCTAssertEqual(two.simulation.rows.count, 3)
        XCTAssertEqual(two.simulation.toggles.map(\.value), [false, false], "with its own toggles")
        XCTAssertNil(two.part(2))
    }

    func testTheHeadlessNarrativeTellsEveryPart() throws {
        var lines: [String] = []
        Narrative.tell(try Sample.player(SessionPartsTests.twoParts)) { lines.append($0) }
        XCTAssertEqual(lines.first, "session 1 of 2: tiny")
        XCTAssertTrue(lines.contains("session 2 of 2: part two"), lines.joined(separator: "\n"))
        XCTAssertTrue(lines.contains("[0:03.0] marker: two ran"), lines.joined(separator: "\n"))
        XCTAssertEqual(lines.filter { $0.hasPrefix("end: ") }.count, 2)
    }

    func testPlaybackGoesOnToTheNextPartAndBracesMoveBetweenThem() throws {
        var now = 0.0
        let d = PlaybackDriver(player: try Sample.player(SessionPartsTests.twoParts), width: 100, height: 30, wallClock: { now })
        for _ in 0..<200 {
            now += 0.1
            _ = d.handle(.tick)
        }
        XCTAssertEqual(d.player.partIndex, 1, "playing on past the first part's end opens the second")
        XCTAssertEqual(d.player.position, d.player.count)
        XCTAssertTrue(d.frame().lines[29].contains("session 2/2"), d.frame().lines[29])
        _ = d.handle(.key(.char("{")))
        XCTAssertEqual(d.player.partIndex, 0)
        XCTAssertEqual(d.player.position, 0, "a part opens from its start")
        XCTAssertTrue(d.frame().lines[29].contains("session 1 of 2: tiny"), d.frame().lines[29])
        _ = d.handle(.key(.char("}")))
        XCTAssertEqual(d.player.partIndex, 1)
        _ = d.handle(.key(.char("}")))
        XCTAssertTrue(d.frame().lines[29].contains("this is the last session"), d.frame().lines[29])
    }

    func testExportedFramesGoThroughEveryPartWithTimesThatNeverGoBack() throws {
        var times: [Double] = []
        var markers: [String] = []
        Exporter.frames(try Sample.player(SessionPartsTests.twoParts), width: 100, height: 30) { f in
            times.append(f.time)
            markers += f.markers
        }
        XCTAssertEqual(times, times.sorted(), "\(times)")
        XCTAssertEqual(markers, ["two ran"])
        XCTAssertEqual(times.last, 3.0)
    }
}

/// Following a workshop recorded lesson after lesson, and a lesson's predictions.
final class FollowPartsTests: XCTestCase {
    var dir: URL!
    var path: String { dir.appendingPathComponent("room.gctrap").path }

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("gctrap-follow-parts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    func append(_ text: String) throws {
        if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        let h = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try h.seekToEnd()
        try h.write(contentsOf: Data(text.utf8))
        try h.close()
    }

    func testTheFollowerGoesOnToTheTrainersNextSession() throws {
        let lines = SessionPartsTests.twoParts.split(separator: "\n").map { String($0) + "\n" }
        try append(lines[0...2].joined())
        let d = FollowDriver(tail: SessionTail(path: path), width: 100, height: 30)
        _ = d.handle(.tick)
        XCTAssertEqual(d.player?.session.header.scenarioName, "tiny")
        try append(lines[3...].joined())
        XCTAssertEqual(d.handle(.tick), .redraw)
        let p = try XCTUnwrap(d.player)
        XCTAssertEqual(p.session.header.scenarioName, "tiny3", "the trainer's next session")
        XCTAssertEqual(p.position, 2, "its events applied")
        XCTAssertTrue(p.simulation.isFinished)
        XCTAssertTrue(d.frame().lines[29].contains("the trainer moved on: part two"), d.frame().lines[29])
        // A learner who starts late opens on the trainer's current session.
        let late = FollowDriver(tail: SessionTail(path: path), width: 100, height: 30)
        _ = late.handle(.tick)
        XCTAssertEqual(late.player?.session.header.scenarioName, "tiny3")
        XCTAssertEqual(late.player?.position, 2)
    }

    func testAPredictionFromALessonRecordingIsAskedAndAWrongAnswerGetsItsMisconception() throws {
        var h = Sample.header()
        h.formatVersion = 2
        let predict = Predict(question: "Open after 2 tasks?", choices: ["0", "2"], answer: 1,
                              misconceptions: ["the collector runs after each task", ""], explanation: "cycles wait for the collector",
                              reveal: [.run(tasks: 3)], measure: "open", values: [.equals(.int(0)), .equals(.int(2))])
        try append(h.jsonLine + "\n")
        let d = FollowDriver(tail: SessionTail(path: path), width: 100, height: 30)
        _ = d.handle(.tick)
        try append(SessionEvent(t: 1, .lesson(.predict(predict))).jsonLine + "\n")
        _ = d.handle(.tick)
        XCTAssertTrue(d.frame().text.contains("Open after 2 tasks?"), d.frame().text)
        XCTAssertTrue(d.frame().text.contains("press 1-2 to answer, Enter to close"), d.frame().text)
        _ = d.handle(.key(.char("1")))
        let s = d.frame().text
        XCTAssertTrue(s.contains("Not quite: the answer is 2."), s)
        XCTAssertTrue(s.contains("Why 1 is tempting: the collector runs after each task"), s)
        _ = d.handle(.key(.enter))
        XCTAssertFalse(d.frame().text.contains("Open after 2 tasks?"))
    }
}
