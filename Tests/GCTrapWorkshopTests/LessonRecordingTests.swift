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

    /// Both sides of a comparison, step for step: the same rows and statements on each.
    func assertSameSides(_ replayed: CompareDriver?, _ live: CompareDriver?, file: StaticString = #filePath, line: UInt = #line) {
        guard let replayed, let live else { return XCTFail("not a comparison", file: file, line: line) }
        XCTAssertEqual(replayed.simulations.count, live.simulations.count, file: file, line: line)
        for (r, l) in zip(replayed.simulations, live.simulations) {
            XCTAssertEqual(r.steps, l.steps, file: file, line: line)
            XCTAssertEqual(r.rows, l.rows, file: file, line: line)
            XCTAssertEqual(r.toggles.map(\.value), l.toggles.map(\.value), file: file, line: line)
        }
        XCTAssertEqual(replayed.model.tracker.found, live.model.tracker.found, file: file, line: line)
    }

    /// Lesson 5 recorded: the header keeps both sides; the learner's keys on the compare view
    /// (a toggle flipped on the right side, a run) are `view` and `run` events; show solution
    /// is written as the compare view's keys that rebuild the start (the toggle flipped back,
    /// `R`, the lesson's actions), so the recording replays to the state the lesson reached.
    func testAComparisonLessonIsRecordedWithBothSidesAndReplaysToTheSameState() throws {
        let (d, session) = try record("05-same-code-another-python.gctrap") { d in
            keys(d, .enter, .char("2"), .enter)
            settle(d)
            keys(d, .enter)
            keys(d, .tab, .char("4"), .char("R"), .char("t"), .char("t"))   // wander: the fix on 3.13, two tasks
            keys(d, .char("S"), .char("y"))
            settle(d)
            keys(d, .enter)
        }
        XCTAssertEqual(d.phase, .finished)
        XCTAssertEqual(session.header.compare?.sides.map(\.python), ["3.11", "3.13"])
        XCTAssertTrue(session.events.contains { $0.kind == .action(.view(.key(.char("4")))) }, "the learner's toggle on the compare view")
        let player = try SessionLoader.load(Data(session.fileText.utf8))
        player.seek(to: player.count)
        assertSameSides(player.compare, d.stage.compare)
        XCTAssertEqual(d.stage.value("at_divergence"), .int(138))
        XCTAssertEqual(player.compare?.model.alignedTask, 138)
        XCTAssertEqual(player.compare?.simulations[1].toggles.first { $0.name == "BACK_REFERENCE" }?.value, true, "the right side's toggle flipped back")
    }

    /// `workshop --record` from lesson 4 on to lesson 5: the `session` event opens the
    /// comparison (both sides in its header), and that part replays to lesson 5's state.
    func testGoingOnToAComparisonLessonRecordsTheComparisonInTheSameFile() throws {
        var lines: [String] = []
        var t = 0.0
        let recording = WorkshopRecording(sink: { lines.append($0) }, clock: { t += 0.1; return t })
        func open(_ file: String) throws -> LessonDriver {
            let d = LessonDriver(stage: try LessonStage.load(path: Lessons.folder.appendingPathComponent(file).path), width: 120, height: 40)
            recording.record(d, width: 120, height: 40, created: "2026-11-30T00:00:00Z")
            return d
        }
        let four = try open("04-who-decides-when.gctrap")
        var five: LessonDriver?
        four.openNext = { five = try? open("05-same-code-another-python.gctrap"); return five }
        while four.phase != .finished {
            switch four.phase {
            case .caption: keys(four, .enter)
            case .predict(let p): if p.chosen == nil { keys(four, .char("1")) }; keys(four, .enter); settle(four)
            case .task: keys(four, .char("S"), .char("y")); settle(four)
            case .success: keys(four, .enter)
            case .finished: break
            }
        }
        keys(four, .enter)
        let d5 = try XCTUnwrap(five)
        keys(d5, .enter, .char("2"), .enter)
        settle(d5)
        keys(d5, .enter, .char("R"), .char("f"))
        guard case .success = d5.phase else { return XCTFail("lesson 5's goal: \(d5.phase)") }
        recording.finish()

        let session = try SessionParser.parse(lines.joined(separator: "\n") + "\n")
        let parts = session.parts
        XCTAssertEqual(parts.count, 2)
        XCTAssertNil(parts[0].header.compare)
        XCTAssertEqual(parts[1].header.compare?.sides.map(\.label), ["3.11", "3.13"])
        let player = try SessionLoader.load(Data(session.fileText.utf8))
        let second = try XCTUnwrap(player.part(1))
        second.seek(to: second.count)
        assertSameSides(second.compare, d5.stage.compare)
        XCTAssertTrue(second.screen().lines.joined().contains("first divergence: task 138"))
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
