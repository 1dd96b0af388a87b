import Foundation
import XCTest

/// A follow-along room (issue 8): `gctrap play --follow` in a real terminal (tmux, 120x40)
/// while the test appends to the trainer's file, as the trainer's gctrap does.
final class FollowRoomTests: TmuxCase {
    static let scenario = """
        import db
        import gctrap

        BACK_REFERENCE = True
        TASKS = 50

        class Agent:
            def __init__(self, n):
                self.n = n
                self.conn = db.connect()
                if BACK_REFERENCE:
                    self.me = self

        for i in gctrap.tasks(TASKS):
            a = Agent(i)
        """

    var header: String {
        let source = String(data: try! JSONSerialization.data(withJSONObject: [Self.scenario], options: []), encoding: .utf8)!
            .dropFirst().dropLast()
        return """
            {"format":"gctrap-session","version":1,"title":"room","python":"3.11","toggles":{"BACK_REFERENCE":true},\
            "scenario":{"name":"room","source":\(source)}}
            """
    }

    func append(_ text: String) throws {
        let path = tmp.appendingPathComponent("room.gctrap").path
        if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        let h = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try h.seekToEnd()
        try h.write(contentsOf: Data(text.utf8))
        try h.close()
    }

    func stepsShown(_ s: String) -> String? {
        let head = line(s, 0)
        guard let r = head.range(of: #"step \d+"#, options: .regularExpression) else { return nil }
        return String(head[r])
    }

    func bar(_ s: String) -> String { line(s, 39).trimmingCharacters(in: .whitespaces) }

    func testFollowPicksUpAppendedEventsAndReattachesAfterExploring() throws {
        try append(header + "\n" + #"{"t":0.5,"action":"step"}"# + "\n")
        try start("\(binary!) play --follow room.gctrap")
        var s = waitFor("the trainer's first event") { bar($0).hasPrefix("● FOLLOWING room.gctrap  event 1 ") }
        XCTAssertEqual(stepsShown(s), "step 1")

        // The trainer goes on: three statements.
        try append(String(repeating: #"{"t":1,"action":"step"}"# + "\n", count: 3))
        s = waitFor("the appended events") { bar($0).hasPrefix("● FOLLOWING room.gctrap  event 4 ") }
        XCTAssertEqual(stepsShown(s), "step 4")

        // A line written in two parts: the first part waits, the rest completes it.
        try append(#"{"t":2,"act"#)
        s = waitFor("the partial line") { bar($0).hasSuffix("waiting for the rest of line 6") }
        XCTAssertEqual(stepsShown(s), "step 4")
        try append(#"ion":"step"}"# + "\n")
        s = waitFor("the completed line") { bar($0).hasPrefix("● FOLLOWING room.gctrap  event 5 ") }
        XCTAssertEqual(stepsShown(s), "step 5")

        // Detach, explore one statement of one's own while the trainer does two.
        tm("send-keys", "i")
        waitFor("detached") { bar($0) == "DETACHED at event 5: trainer at 5  f follows again" }
        tm("send-keys", "s")
        s = waitFor("the learner's own step") { stepsShown($0) == "step 6" }
        try append(String(repeating: #"{"t":3,"action":"step"}"# + "\n", count: 2) + #"{"t":3,"caption":"two more"}"# + "\n")
        s = waitFor("the trainer moving ahead") { bar($0) == "DETACHED at event 5: trainer at 8 (+3)  f follows again" }
        XCTAssertEqual(stepsShown(s), "step 6", "detached: the trainer's events do not move the learner's state")

        // Re-attach: the trainer's current state, caption included.
        tm("send-keys", "f")
        s = waitFor("following again") { bar($0).hasPrefix("● FOLLOWING room.gctrap  event 8 ") }
        XCTAssertEqual(stepsShown(s), "step 7")
        XCTAssertEqual(line(s, 38).trimmingCharacters(in: .whitespaces), "❯ two more")
        XCTAssertTrue(bar(s).hasSuffix("following again at event 8"), bar(s))

        // And it keeps following after re-attaching.
        try append(#"{"t":4,"action":"task"}"# + "\n")
        s = waitFor("the event after re-attaching") { bar($0).hasPrefix("● FOLLOWING room.gctrap  event 9 ") }
        XCTAssertTrue(line(s, 0).contains("task 0/50"), line(s, 0))
        tm("send-keys", "q")
        waitFor("exit status 0") { $0.contains("GCTRAP-EXIT-STATUS=0") }
    }

    func testAFileThatAppearsLaterCutShortIsWaitedFor() throws {
        try start("\(binary!) play --follow room.gctrap")
        waitFor("no file yet") { $0.contains("No such file yet: waiting for the trainer's recording to appear.") }
        try append(String(header.prefix(60)))
        waitFor("a header cut short") { $0.contains("Waiting for the recording to start (its first line).") }
        try append(String(header.dropFirst(60)) + "\n")
        let s = waitFor("the header completed") { bar($0).hasPrefix("● FOLLOWING room.gctrap  event 0 ") }
        XCTAssertTrue(line(s, 0).contains("room"), line(s, 0))
        // A bad line from then on stops following and says where; the screen stays.
        try append(#"{"action":"dance"}"# + "\n")
        waitFor("the bad line reported") { bar($0).hasPrefix("STOPPED at event 0  room.gctrap:2: unknown action") }
        tm("send-keys", "q")
        waitFor("exit status 0") { $0.contains("GCTRAP-EXIT-STATUS=0") }
    }

    func testAFileThatIsNotASessionExits2() throws {
        try write("room.gctrap", "hello\n")
        try start("\(binary!) play --follow room.gctrap")
        let s = waitFor("exit status 2") { $0.contains("GCTRAP-EXIT-STATUS=2") }
        XCTAssertTrue(s.contains("room.gctrap:1: not a gctrap session: the header is not valid JSON"), s)
        let r = gctrap("play", "--follow", "room.gctrap")
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("following needs a terminal (stdin and stdout must be TTYs)"), r.stderr)
    }

    /// The whole room: a trainer's gctrap recording, a learner's gctrap following it.
    func testALearnerFollowsWhatTheTrainersGctrapRecords() throws {
        try write("room.py", Self.scenario)
        try start("\(binary!) explore room.py --record room.gctrap", session: "trainer")
        waitFor("the trainer's investigator", in: "trainer") { $0.contains("REC") }
        try start("\(binary!) play --follow room.gctrap", session: "learner")
        waitFor("the learner following", in: "learner") { bar($0).hasPrefix("● FOLLOWING room.gctrap  event 0 ") }
        for (key, steps) in [("s", "step 1"), ("s", "step 2"), ("n", "step 3")] {
            tm("send-keys", "-t", "trainer", key)
            let t = waitFor("the trainer's \(key)", in: "trainer") { stepsShown($0) == steps }
            let l = waitFor("the learner seeing \(key)", in: "learner") { stepsShown($0) == steps }
            XCTAssertEqual(line(l, 2), line(t, 2), "the same Code pane title")
        }
        tm("send-keys", "-t", "trainer", "t")
        let t = waitFor("the trainer's task", in: "trainer") { line($0, 0).contains("task 0/50") && stepsShown($0) != "step 3" }
        waitFor("the learner seeing the task", in: "learner") { stepsShown($0) == stepsShown(t) }
        // A caption typed by the trainer shows on the learner's caption line.
        tm("send-keys", "-t", "trainer", "a", "look here", "Enter")
        waitFor("the caption", in: "learner") { line($0, 38).trimmingCharacters(in: .whitespaces) == "❯ look here" }
        tm("send-keys", "-t", "trainer", "q")
        waitFor("the trainer's exit", in: "trainer") { $0.contains("GCTRAP-EXIT-STATUS=0") }
        tm("send-keys", "-t", "learner", "q")
        waitFor("the learner's exit", in: "learner") { $0.contains("GCTRAP-EXIT-STATUS=0") }
    }
}
