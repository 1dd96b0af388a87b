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
}
