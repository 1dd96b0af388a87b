import XCTest
import GCTrapCore
import GCTrapSession
import GCTrapUI
@testable import GCTrapWorkshop

/// `workshop --record`: a lesson recorded as it goes is a session that replays to the state
/// the lesson reached, rewinds (show solution, going on after a task) included.
final class LessonRecordingTests: XCTestCase {
    func record(_ file: String, _ play: (LessonDriver) -> Void) throws -> (LessonDriver, Session) {
        let stage = try LessonStage.load(path: Lessons.folder.appendingPathComponent(file).path)
        let d = LessonDriver(stage: stage, width: 120, height: 40)
        var lines: [String] = []
        var t = 0.0
        var header = stage.session.header
        header.scenarioFile = nil
        let recorder = SessionRecorder(header: header, sink: { lines.append($0) }, clock: { t += 0.1; return t })
        d.startRecording(recorder)
        play(d)
        recorder.finish()
        let session = try SessionParser.parse(lines.joined(separator: "\n") + "\n")
        return (d, session)
    }

    func replay(_ session: Session) throws -> Simulation {
        let player = try SessionLoader.load(Data(session.fileText.utf8))
        player.seek(to: player.count)
        return player.simulation
    }

    func keys(_ d: LessonDriver, _ ks: Key...) { for k in ks { _ = d.handle(.key(k)) } }
    func settle(_ d: LessonDriver) { for _ in 0..<300 { _ = d.handle(.tick) } }

    func testShowSolutionIsRecordedAsARewindAndReplaysToTheSameState() throws {
        let (d, session) = try record("03-the-cycle.gctrap") { d in
            keys(d, .enter, .char("1"), .enter)
            settle(d)
            keys(d, .enter, .char("s"), .char("s"), .char("4"))    // wander: two steps, a toggle
            keys(d, .char("S"), .char("y"))
            settle(d)
            keys(d, .enter)
        }
        XCTAssertEqual(d.phase, .finished)
        XCTAssertTrue(session.events.contains { if case .lesson(.predict) = $0.kind { return true }; return false })
        XCTAssertTrue(session.events.contains { $0.kind == .caption("Lesson complete.") })
        let sim = try replay(session)
        XCTAssertEqual(sim.steps, d.stage.simulation.steps)
        XCTAssertEqual(sim.rows, d.stage.simulation.rows)
        XCTAssertEqual(sim.toggles.map(\.value), d.stage.simulation.toggles.map(\.value))
    }

    func testGoingOnFromTheReferenceStateAfterATaskReplaysTheSame() throws {
        let (d, session) = try record("01-the-300-session-wall.gctrap") { d in
            keys(d, .enter, .char("3"), .enter)
            settle(d)
            keys(d, .enter)
            for _ in 0..<60 { keys(d, .char("t")) }   // the learner's own way to the goal
            keys(d, .enter)
        }
        XCTAssertEqual(d.phase, .finished)
        let sim = try replay(session)
        XCTAssertEqual(sim.steps, d.stage.simulation.steps)
        XCTAssertEqual(sim.uncaughtType, "TooManyConnections")
    }

    /// `workshop --record` through two lessons: one file, the second lesson after a `session`
    /// event; each part replays to the state its lesson reached.
    func testGoingOnToTheNextLessonRecordsItInTheSameFile() throws {
        var lines: [String] = []
        var t = 0.0
        let recording = WorkshopRecording(sink: { lines.append($0) }, clock: { t += 0.1; return t })
        func open(_ file: String) throws -> LessonDriver {
            let d = LessonDriver(stage: try LessonStage.load(path: Lessons.folder.appendingPathComponent(file).path), width: 120, height: 40)
            recording.record(d, width: 120, height: 40, created: "2026-11-30T00:00:00Z")
            return d
        }
        let three = try open("03-the-cycle.gctrap")
        var four: LessonDriver?
        three.openNext = { four = try? open("04-who-decides-when.gctrap"); return four }
        keys(three, .enter, .char("3"), .enter)
        settle(three)
        keys(three, .enter, .tab, .tab, .tab, .up, .enter)
        keys(three, .enter)
        XCTAssertEqual(three.phase, .finished)
        keys(three, .enter)                      // the end panel opens lesson 4
        let d4 = try XCTUnwrap(four)
        keys(d4, .enter, .char("2"), .enter)
        settle(d4)
        recording.finish()

        let session = try SessionParser.parse(lines.joined(separator: "\n") + "\n")
        XCTAssertEqual(session.header.title, "The cycle refcounting cannot see")
        let parts = session.parts
        XCTAssertEqual(parts.count, 2)
        XCTAssertEqual(parts[1].header.title, "Who decides when")
        XCTAssertEqual(parts[1].header.scenarioSource, d4.stage.session.header.scenarioSource, "the next lesson's header embeds its source")
        let player = try SessionLoader.load(Data(session.fileText.utf8))
        player.seek(to: player.count)
        XCTAssertEqual(player.simulation.steps, three.stage.simulation.steps)
        let second = try XCTUnwrap(player.part(1))
        second.seek(to: second.count)
        XCTAssertEqual(second.simulation.steps, d4.stage.simulation.steps)
        XCTAssertEqual(second.simulation.rows, d4.stage.simulation.rows)
    }

    /// A failed write (a full disk) is said on the lesson's panel, in every phase after it.
    func testAFailedWriteIsShownOnTheLessonsPanel() throws {
        var failed: String?
        let recording = WorkshopRecording(sink: { _ in failed = "recording stopped: cannot write room.gctrap: No space left on device" },
                                          clock: { 0 }, failure: { failed })
        let d = LessonDriver(stage: try LessonStage.load(path: Lessons.folder.appendingPathComponent("03-the-cycle.gctrap").path), width: 120, height: 40)
        recording.record(d, width: 120, height: 40, created: "")
        let s = Golden.text(d.frame())
        XCTAssertTrue(s.contains("NOT RECORDING: recording stopped: cannot write room.gctrap: No space left on device"), s)
        keys(d, .enter)
        XCTAssertTrue(Golden.text(d.frame()).contains("NOT RECORDING: recording stopped"), Golden.text(d.frame()))
    }
}
