import Foundation
import XCTest
import GCTrapHost

/// The workshop (issue 8) on the built binary: the menu and progress, `lesson check` on every
/// shipped lesson and on bad ones, each lesson's variants against CPython, and lessons played
/// in a real terminal (tmux, 120x40).
final class WorkshopTests: EndToEndCase {
    var lessons: String { Binary.packageRoot.appendingPathComponent("sessions/lessons").path }
    var state: String { tmp.appendingPathComponent("state").path }

    func workshop(_ args: String...) -> Binary.Result {
        let r = Binary.run(binary, ["workshop", "--lessons", lessons] + args, cwd: tmp, env: ["XDG_STATE_HOME": state], timeout: 60)
        XCTAssertFalse(r.timedOut)
        return r
    }

    func testEveryShippedLessonPassesLessonCheck() {
        let r = gctrap("lesson", "check", lessons, timeout: 300)
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        XCTAssertEqual(r.stdout.components(separatedBy: ": ok (").count - 1, 12, r.stdout)
    }

    func testABadLessonExitsTwoWithFileAndLine() throws {
        let text = try String(contentsOfFile: lessons + "/03-the-cycle.gctrap", encoding: .utf8)
            .replacingOccurrences(of: #""answer":2"#, with: #""answer":1"#)
            .replacingOccurrences(of: #""misconceptions":["Reference counting frees an object when its count drops to 0, but in a cycle the count never drops: each object holds the other.","The loop variable does keep the last agent alive, but that explains one session, not one per task.","","#,
                                  with: #""misconceptions":["Reference counting frees an object when its count drops to 0, but in a cycle the count never drops: each object holds the other.","","A wrong answer now.","#)
        let path = try write("bad.gctrap", text)
        let r = gctrap("lesson", "check", path)
        XCTAssertEqual(r.status, 2, r.stdout + r.stderr)
        XCTAssertTrue(r.stderr.hasPrefix(path + ":3: predict: the stated answer is choice 2"), r.stderr)
        let missing = gctrap("lesson", "check", tmp.appendingPathComponent("nope.gctrap").path)
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("no such file"), missing.stderr)
    }

    func testTheMenuListsTheLessonsWithTheirMinutesAndProgressResets() throws {
        var r = workshop()
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("Core (90 minutes):"), r.stdout)
        XCTAssertTrue(r.stdout.contains("Extras (40 minutes):"), r.stdout)
        XCTAssertTrue(r.stdout.contains("   3  [    ]  The cycle refcounting cannot see (12 min)"), r.stdout)
        XCTAssertTrue(r.stdout.contains("0 of 12 done."), r.stdout)
        // Progress written by a lesson (as the terminal run does) shows in the menu.
        let dir = state + "/gctrap"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try #"{"lessons":{"3":{"done":true,"completions":1,"best":{"hints":1,"actions":6,"solutionShown":false,"referenceActions":5}}}}"#
            .write(toFile: dir + "/workshop.json", atomically: true, encoding: .utf8)
        r = workshop()
        XCTAssertTrue(r.stdout.contains("   3  [done]  The cycle refcounting cannot see (12 min)  best: 1 hint, 6 actions"), r.stdout)
        XCTAssertTrue(r.stdout.contains("1 of 12 done."), r.stdout)
        r = workshop("--reset")
        XCTAssertEqual(r.status, 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/workshop.json"))
        XCTAssertTrue(workshop().stdout.contains("0 of 12 done."))
        let none = workshop("42")
        XCTAssertEqual(none.status, 2)
        XCTAssertTrue(none.stderr.contains("no lesson 42: the lessons are 1, 2, 3"), none.stderr)
        let noTTY = workshop("3")
        XCTAssertEqual(noTTY.status, 2)
        XCTAssertTrue(noTTY.stderr.contains("a lesson needs a terminal"), noTTY.stderr)
    }

    /// Every variant a lesson shows — its start, and each set of toggles its reveals and
    /// solutions reach — runs the same on CPython (the lesson's version, when installed) as on
    /// the simulator. Found from the lesson files themselves, so a new lesson is covered.
    func lessonVariants() throws -> [(file: String, python: String, sets: [String], gen0: Int)] {
        var out: [(file: String, python: String, sets: [String], gen0: Int)] = []
        let names = try FileManager.default.contentsOfDirectory(atPath: lessons).filter { $0.hasSuffix(".gctrap") }.sorted()
        for name in names {
            let lines = try String(contentsOfFile: lessons + "/" + name, encoding: .utf8).split(separator: "\n")
            guard let header = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any],
                  let scenario = header["scenario"] as? [String: Any] else { continue }
            let file = (scenario["file"] as? String).map { lessons + "/" + $0 }
                ?? Binary.scenarios.appendingPathComponent((scenario["name"] as? String ?? "") + ".py").path
            let python = header["python"] as? String ?? "3.11"
            var state: [String: String] = (header["settings"] as? [String: String]) ?? [:]
            for (k, v) in (header["toggles"] as? [String: Bool]) ?? [:] { state[k] = v ? "True" : "False" }
            func variant() -> [String] { state.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" } }
            let gen0 = header["gen0_at_start"] as? Int ?? 0
            // A comparison lesson shows each side: its Python, its own settings and start.
            if let sides = (header["compare"] as? [String: Any])?["sides"] as? [[String: Any]] {
                for side in sides {
                    let own = state.merging((side["settings"] as? [String: String]) ?? [:]) { $1 }
                    out.append((file, side["python"] as? String ?? python, own.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" },
                                side["gen0_at_start"] as? Int ?? gen0))
                }
                continue
            }
            var seen: Set<[String]> = [variant()]
            out.append((file, python, variant(), gen0))
            for line in lines.dropFirst() {
                guard let event = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { continue }
                var actions: [[String: Any]] = [event]
                if let p = event["predict"] as? [String: Any] { actions = p["reveal"] as? [[String: Any]] ?? [] }
                if let t = event["task"] as? [String: Any] { actions = t["solution"] as? [[String: Any]] ?? [] }
                for a in actions where a["action"] as? String == "toggle" {
                    guard let n = a["name"] as? String, let v = a["value"] as? Bool else {
                        XCTFail("\(name): a toggle action without its name"); continue
                    }
                    state[n] = v ? "True" : "False"
                }
                if seen.insert(variant()).inserted { out.append((file, python, variant(), gen0)) }
            }
        }
        return out
    }

    func testLessonVariantsMatchCPython() throws {
        let variants = try lessonVariants()
        XCTAssertGreaterThanOrEqual(variants.count, 15, "every lesson starts from one variant and reaches at least one more")
        var missing: [String] = []
        for v in variants {
            guard let py = Interpreters.find(v.python) else {
                missing.append("\((v.file as NSString).lastPathComponent) \(v.sets.joined(separator: " ")) on \(v.python)")
                continue
            }
            var args = ["verify", v.file, "--python-binary", py]
            for s in v.sets { args += ["--set", s] }
            if v.gen0 != 0 { args += ["--gen0-at-start", String(v.gen0)] }
            let r = Binary.run(binary, args, cwd: tmp, timeout: 300)
            XCTAssertEqual(r.status, 0, "\(v): \(r.stdout)\(r.stderr)")
            XCTAssertTrue(r.stdout.contains("rows: identical"), "\(v): \(r.stdout)")
        }
        if !missing.isEmpty {
            throw XCTSkip("not compared, their CPython is not installed: " + missing.joined(separator: "; "))
        }
    }
}

/// Lessons in a real terminal.
final class WorkshopTUITests: TmuxCase {
    override func setUpWithError() throws {
        try super.setUpWithError()
        tmuxEnv = ["TERM": "xterm-256color"]   // no LANG: the locale of the test process
    }

    @discardableResult
    func waitFor(_ what: String, timeout: TimeInterval = 30, _ text: String,
                 file: StaticString = #filePath, line: UInt = #line) -> String {
        // The lesson's session (a test may open a learner's beside it).
        waitFor("\(what) (\"\(text)\")", in: "lesson", timeout: timeout, { $0.contains(text) }, file: file, line: line)
    }

    func keys(_ k: String...) { for key in k { tm("send-keys", "-t", "lesson", key) } }

    func startWorkshop(_ args: String) throws {
        let lessons = Binary.packageRoot.appendingPathComponent("sessions/lessons").path
        let script = try write("wrap.sh", """
            #!/bin/sh
            XDG_STATE_HOME='\(tmp.appendingPathComponent("state").path)' \(binary!) workshop --lessons '\(lessons)' \(args)
            echo "GCTRAP-EXIT-STATUS=$?"
            sleep 60
            """)
        chmod(script, 0o755)
        let r = tm("new-session", "-d", "-s", "lesson", "-x", "120", "-y", "40", script)
        XCTAssertEqual(r.status, 0, r.stderr)
    }

    /// Lesson 3 from its caption to its success panel: a wrong prediction gets its
    /// misconception, the simulation answers, `h` gives the hints in order, the expected keys
    /// reach the goal, and the progress file records it.
    func testLessonThreeToItsGoal() throws {
        try startWorkshop("3")
        waitFor("the caption", "SQLAlchemy found a Session <-> SessionTransaction cycle")
        keys("Enter")
        waitFor("the prediction", "1-4 answer")
        keys("1")
        waitFor("the misconception", "Why 1 is tempting: Reference counting frees an object when its count drops to 0")
        keys("Enter")
        waitFor("the simulation's answer", "The simulation says: open = 3")
        keys("Enter")
        waitFor("the task", "Task: Find one of the leaked sessions")
        keys("h")
        var s = waitFor("hint 1", "Hint 1: `Tab` moves the focus")
        XCTAssertFalse(s.contains("Hint 2"), s)
        keys("h")
        s = waitFor("hint 2", "Hint 2: The newest connection is still held by `agent`")
        XCTAssertTrue(s.contains("h hint (1 left)"), s)
        keys("Tab", "Tab", "Tab", "Up")
        s = screen("lesson")
        XCTAssertFalse(s.contains("Well done"), "the goal is not reached before Enter:\n\(s)")
        keys("Enter")
        s = waitFor("the success panel", "Well done: goal reached.")
        XCTAssertTrue(s.contains("Score: hints 2 · actions 5 (reference 5)"), s)
        XCTAssertTrue(s.contains("Unreachable is not freed."), s)
        XCTAssertTrue(s.contains("Next: lesson 4, Who decides when"), s)
        keys("Enter")
        waitFor("the end panel", "Lesson complete.")
        let progress = try String(contentsOfFile: tmp.appendingPathComponent("state/gctrap/workshop.json").path, encoding: .utf8)
        XCTAssertTrue(progress.contains("\"done\" : true"), progress)
        keys("Enter")
        waitFor("lesson 4 opens", "Lesson 4: Who decides when")
        keys("q")
        waitFor("the exit", "GCTRAP-EXIT-STATUS=0")
    }

    /// Lesson 8's task in a terminal: in the Graph view `r` selects references one after the
    /// other; the one that closes the cycle (Context.agent) is the goal.
    func testLessonEightSelectsTheReferenceThatClosesTheCycle() throws {
        try startWorkshop("8")
        waitFor("the caption", "httpx's Response and its stream pointed at each other")
        keys("Enter")
        waitFor("the task", "Task: Which reference should be weak?")
        keys("Tab", "Tab", "G", "r")
        var s = waitFor("the first reference", "reference: Agent.context → Context#1, on the cycle")
        XCTAssertFalse(s.contains("Well done"), s)
        keys("r")
        s = waitFor("the success panel", "Well done: goal reached.")
        XCTAssertTrue(s.contains("reference: Context.agent → Agent#1, closes the cycle: weak or gone, reference counting frees the rest"), s)
        XCTAssertTrue(s.contains("Score: hints 0 · actions 5 (reference 5)"), s)
        keys("Enter")
        s = waitFor("the prediction", "1-4 answer")
        XCTAssertTrue(s.contains("Now the context keeps weakref.ref(agent)"), s)
        keys("2", "Enter")
        waitFor("the simulation's answer", "The simulation says: peak_open = 2")
        keys("q")
        waitFor("the exit", "GCTRAP-EXIT-STATUS=0")
    }

    /// Lesson 5 in a terminal: the compare view, 3.11 against 3.13. A wrong prediction gets its
    /// misconception, the reveal runs both sides (3.13 dies in task 300, 3.11 finishes), and the
    /// learner reaches the goal — the first divergence, task 138 — with `R` and `f`.
    func testLessonFiveRunsToItsGoalInTheCompareView() throws {
        try startWorkshop("5")
        var s = waitFor("the caption", "here it runs on Python 3.11 (left) and 3.13 (right) side by side")
        XCTAssertTrue(s.contains("gctrap compare · incident · 3.11 | 3.13"), s)
        keys("Enter")
        waitFor("the prediction", "How does 3.11 (left)")
        keys("1")
        waitFor("the misconception", "Why 1 is tempting: The code is the same, but not when the collector runs")
        keys("Enter")
        s = waitFor("the simulation's answer", timeout: 60, "The simulation says: left.died_in_task = none")
        XCTAssertTrue(s.contains("both ended"), s)
        keys("Enter")
        waitFor("the task", "Task: Same code, different ends")
        keys("h")
        waitFor("hint 1", "Hint 1: `R` restarts both sides; `f` jumps to the first divergence")
        keys("R")
        waitFor("the restart", "before task 0")
        keys("f")
        s = waitFor("the success panel", timeout: 60, "Well done: goal reached.")
        XCTAssertTrue(s.contains("first divergence: task 138: 3.11 collected gen 0 (closed 137)"), s)
        XCTAssertTrue(s.contains("Score: hints 1 · actions 2 (reference 2)"), s)
        XCTAssertTrue(s.contains("Next: lesson 6, gc.collect() per task, and its price"), s)
        keys("Enter")
        waitFor("the end panel", "Lesson complete.")
        let progress = try String(contentsOfFile: tmp.appendingPathComponent("state/gctrap/workshop.json").path, encoding: .utf8)
        XCTAssertTrue(progress.contains("\"5\""), progress)
        keys("q")
        waitFor("the exit", "GCTRAP-EXIT-STATUS=0")
    }

    func testShowSolutionReachesTheGoal() throws {
        try startWorkshop("3")
        waitFor("the caption", "SQLAlchemy found")
        keys("Enter", "3")
        waitFor("right", "Right: now see the simulation agree.")
        keys("Enter")
        waitFor("the simulation's answer", "The simulation says: open = 3")
        keys("Enter")
        waitFor("the task", "Task: Find one of the leaked sessions")
        keys("S")
        waitFor("the confirmation", "Show the solution?")
        keys("y")
        let s = waitFor("the goal, by the reference solution", "Goal reached by the reference solution.")
        XCTAssertTrue(s.contains("solution shown"), s)
        keys("q")
        waitFor("the exit", "GCTRAP-EXIT-STATUS=0")
    }

    func testFacilitatorModeHidesTheAnswerUntilR() throws {
        try startWorkshop("3 --facilitator --record room.gctrap")
        waitFor("the caption", "SQLAlchemy found")
        keys("Enter")
        var s = waitFor("the question", "r reveal the answer")
        XCTAssertFalse(s.contains("✓"), s)
        keys("2")
        s = waitFor("the trainer's hint", "the room votes: v types the counts, r reveals the answer")
        XCTAssertFalse(s.contains("✓"), s)
        keys("v", "3", "Space", "9", "Space", "6", "Space", "1", "Enter")
        s = waitFor("the vote chart", "9 (47%)")
        XCTAssertTrue(s.contains("█"), s)
        XCTAssertFalse(s.contains("✓"), s)
        keys("r")
        s = waitFor("the answer", "✓ 3) 3: every agent is still alive")
        XCTAssertTrue(s.contains("misconception: The loop variable does keep the last agent alive"), s)
        keys("Enter")
        waitFor("the simulation's answer", "The simulation says: open = 3")
        keys("q")
        waitFor("the exit", "GCTRAP-EXIT-STATUS=0")
        // The trainer's lesson was recorded as it went: a session learners can follow.
        let story = gctrap("play", "--headless", tmp.appendingPathComponent("room.gctrap").path)
        XCTAssertEqual(story.status, 0, story.stderr)
        XCTAssertTrue(story.stdout.contains("caption: SQLAlchemy found a Session"), story.stdout)
        XCTAssertTrue(story.stdout.contains("predict: Each task builds an agent"), story.stdout)
        XCTAssertTrue(story.stdout.contains("task 2: open 3, leaked 2"), story.stdout)
    }

    /// `workshop --record` on a file that cannot be written (a full disk): the panel says
    /// NOT RECORDING and why, the lesson goes on, and gctrap exits 2 with the reason.
    func testARecordThatCannotBeWrittenIsSaidOnThePanelAndExitsTwo() throws {
        try startWorkshop("3 --record /dev/full --force")
        var s = waitFor("the failure on the panel", "NOT RECORDING: recording stopped: cannot write /dev/full: No space left on device")
        XCTAssertTrue(s.contains("SQLAlchemy found a Session"), "the lesson goes on:\n\(s)")
        keys("Enter")
        s = waitFor("the prediction, still saying so", "1-4 answer")
        XCTAssertTrue(s.contains("NOT RECORDING: recording stopped"), s)
        keys("q")
        s = waitFor("the exit", "GCTRAP-EXIT-STATUS=2")
        XCTAssertTrue(s.contains("gctrap: recording stopped: cannot write /dev/full: No space left on device"), s)
    }

    /// Lesson 5 for a room: the trainer runs it with `--facilitator --record`; a learner
    /// following the file sees the compare view too — the question, the reveal (3.13 dies, 3.11
    /// finishes), the trainer's `R` and `f` to the first divergence, task 138 — explores both
    /// sides from there (`i`, `]`) and follows again (`f`). The recording then plays, prints
    /// and exports as a comparison.
    func testALearnerFollowingTheTrainerSeesTheComparisonLesson() throws {
        try startWorkshop("5 --facilitator --record room.gctrap")
        waitFor("the caption", "here it runs on Python 3.11 (left) and 3.13 (right)")
        let follow = try write("follow.sh", """
            #!/bin/sh
            \(binary!) play --follow room.gctrap
            echo "GCTRAP-EXIT-STATUS=$?"
            sleep 60
            """)
        chmod(follow, 0o755)
        XCTAssertEqual(tm("new-session", "-d", "-s", "learner", "-x", "120", "-y", "40", follow).status, 0)
        func waitLearner(_ what: String, timeout: TimeInterval = 30, _ text: String, file: StaticString = #filePath, line: UInt = #line) -> String {
            waitFor("learner: \(what) (\"\(text)\")", in: "learner", timeout: timeout, { $0.contains(text) }, file: file, line: line)
        }
        var s = waitLearner("the comparison", "gctrap compare · incident · 3.11 | 3.13")
        XCTAssertTrue(s.contains("❯ Lesson 1 ran this batch on Python 3.13"), s)
        keys("Enter")
        waitFor("the trainer's question", "r reveal the answer")
        s = waitLearner("the prediction as a question", "press 1-4 to answer, Enter to close")
        XCTAssertTrue(s.contains("Both sides run the same 1000 tasks. On 3.13 (right)"), s)
        tm("send-keys", "-t", "learner", "2")
        waitLearner("the learner's own verdict", "Right.")
        tm("send-keys", "-t", "learner", "Enter")
        keys("r", "Enter")
        waitFor("the simulation's answer", timeout: 60, "The simulation says: left.died_in_task = none")
        waitLearner("the reveal on both sides", timeout: 60, "both ended")
        keys("Enter")
        waitFor("the task", "Task: Same code, different ends")
        keys("R", "f")
        waitFor("the trainer's goal", timeout: 60, "Well done: goal reached.")
        s = waitLearner("the first divergence", timeout: 60, "3.11 | 3.13 · task 138 done")
        XCTAssertTrue(s.contains("first divergence: task 138: 3.11 collected gen 0 (closed 137)"), s)
        tm("send-keys", "-t", "learner", "i")
        waitLearner("detached", "DETACHED at event")
        tm("send-keys", "-t", "learner", "]")
        waitLearner("the learner's own next divergence", timeout: 60, "3.11 | 3.13 · task 278 done")
        tm("send-keys", "-t", "learner", "f")
        waitLearner("following again at the trainer's state", "3.11 | 3.13 · task 138 done")
        keys("q")
        waitFor("the trainer's exit", "GCTRAP-EXIT-STATUS=0")
        tm("send-keys", "-t", "learner", "q")
        waitLearner("the learner's exit", "GCTRAP-EXIT-STATUS=0")

        let room = tmp.appendingPathComponent("room.gctrap").path
        let story = gctrap("play", "--headless", room)
        XCTAssertEqual(story.status, 0, story.stderr)
        XCTAssertTrue(story.stdout.contains("comparison of scenario incident: 3.11 | 3.13 (by events)"), story.stdout)
        XCTAssertTrue(story.stdout.contains("] predict: Both sides run the same 1000 tasks."), story.stdout)
        XCTAssertTrue(story.stdout.contains("divergence 1: task 138: 3.11 collected gen 0 (closed 137)"), story.stdout)
        XCTAssertTrue(story.stdout.contains("] key f: divergence 1 of"), story.stdout)
        let frames = tmp.appendingPathComponent("frames").path
        let export = gctrap("export", room, "--frames", frames)
        XCTAssertEqual(export.status, 0, export.stderr)
        let last = try FileManager.default.contentsOfDirectory(atPath: frames).filter { $0.hasPrefix("frame-") }.sorted().last ?? ""
        let screen = try String(contentsOfFile: frames + "/" + last, encoding: .utf8)
        XCTAssertTrue(screen.contains("gctrap compare · incident · 3.11 | 3.13 · task 138 done"), screen)
        // `play` shows it too, from the start.
        try start("\(binary!) play room.gctrap", session: "player")
        waitFor("the played comparison", in: "player", timeout: 30) { $0.contains("gctrap compare · incident · 3.11 | 3.13") }
        tm("send-keys", "-t", "player", "q")
    }

    /// The follow-along room through two lessons: the trainer records lesson 3, goes on to
    /// lesson 4 in the same file; a learner following it sees lesson 3's prediction as a
    /// question, answers it locally, then moves on with the trainer to lesson 4.
    func testALearnerFollowsTheTrainerFromLessonToLessonAndAnswersThePredictions() throws {
        try startWorkshop("3 --record room.gctrap")
        waitFor("the caption", "SQLAlchemy found a Session")
        let follow = try write("follow.sh", """
            #!/bin/sh
            \(binary!) play --follow room.gctrap
            echo "GCTRAP-EXIT-STATUS=$?"
            sleep 60
            """)
        chmod(follow, 0o755)
        XCTAssertEqual(tm("new-session", "-d", "-s", "learner", "-x", "120", "-y", "40", follow).status, 0)
        func learner() -> String { tm("capture-pane", "-p", "-t", "learner").stdout }
        func waitLearner(_ what: String, _ text: String, file: StaticString = #filePath, line: UInt = #line) -> String {
            let deadline = Date().addingTimeInterval(20)
            var s = learner()
            while !s.contains(text) && Date() < deadline { usleep(100_000); s = learner() }
            XCTAssertTrue(s.contains(text), "learner, waiting for \(what) (\"\(text)\"); screen:\n\(s)", file: file, line: line)
            return s
        }
        _ = waitLearner("the trainer's caption", "SQLAlchemy found a Session")
        keys("Enter")
        waitFor("the trainer's prediction", "1-4 answer")
        var s = waitLearner("the prediction as a question", "press 1-4 to answer, Enter to close")
        XCTAssertTrue(s.contains("Each task builds an agent that opens one session"), s)
        tm("send-keys", "-t", "learner", "1")
        s = waitLearner("the learner's own verdict", "Not quite: the answer is 3.")
        XCTAssertTrue(s.contains("Why 1 is tempting: Reference counting frees an object"), s)
        tm("send-keys", "-t", "learner", "Enter")
        keys("3", "Enter")
        waitFor("the simulation's answer", "The simulation says: open = 3")
        keys("Enter")
        waitFor("the task", "Task: Find one of the leaked sessions")
        keys("Tab", "Tab", "Tab", "Up", "Enter")
        waitFor("the success panel", "Well done: goal reached.")
        keys("Enter")
        waitFor("the end panel", "Lesson complete.")
        keys("Enter")
        waitFor("lesson 4 opens", "Lesson 4: Who decides when")
        _ = waitLearner("lesson 4's caption", "CPython's cyclic collector runs neither on a timer")
        keys("q")
        waitFor("the trainer's exit", "GCTRAP-EXIT-STATUS=0")
        let story = gctrap("play", "--headless", tmp.appendingPathComponent("room.gctrap").path)
        XCTAssertEqual(story.status, 0, story.stderr)
        XCTAssertTrue(story.stdout.hasPrefix("session 1 of 2: The cycle refcounting cannot see\n"), story.stdout)
        XCTAssertTrue(story.stdout.contains("\nsession 2 of 2: Who decides when\n"), story.stdout)
    }
}
