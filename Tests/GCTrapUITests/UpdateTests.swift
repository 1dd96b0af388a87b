import XCTest
@testable import GCTrapCore
@testable import GCTrapUI

/// Message handling: keys map to engine commands, focus, scrolling, speed, screen size.
final class UpdateTests: XCTestCase {
    func model(_ w: Int = 120, _ h: Int = 40) -> Model { Fixtures.model(Fixtures.leaking, width: w, height: h) }

    func send(_ m: Model, _ keys: Key...) -> (Model, [Command]) {
        var m = m
        var all: [Command] = []
        for k in keys {
            let (n, c) = update(m, .key(k))
            m = n; all += c
        }
        return (m, all)
    }

    func testSteppingKeysMapToEngineCommands() {
        let cases: [(Key, Command)] = [
            (.char("s"), .step), (.char("n"), .next), (.char("t"), .finishTask), (.char("b"), .back),
            (.char("B"), .backTask), (.char("g"), .collect), (.char("R"), .restart), (.char("q"), .quit),
            (.char("."), .step), (.char(","), .back),
        ]
        for (key, command) in cases {
            XCTAssertEqual(send(model(), key).1, [command], "key \(key)")
        }
    }

    func testDigitKeysFlipTheTogglesInDeclarationOrder() {
        XCTAssertEqual(send(model(), .char("1")).1, [.toggle(index: 0, value: false)])
        XCTAssertEqual(send(model(), .char("2")).1, [.toggle(index: 1, value: true)])
        let (m, c) = send(model(), .char("5"))
        XCTAssertEqual(c, [.toggle(index: 4, value: true)])
        XCTAssertEqual(m.status, "USE_POOL = True: applies from the next read of USE_POOL")
    }

    func testADigitBeyondTheTogglesDoesNothingButSaysSo() {
        let (m, c) = send(model(), .char("9"))
        XCTAssertEqual(c, [])
        XCTAssertEqual(m.status, "no toggle 9: there are 5")
    }

    func testSpaceAndCStartAndPauseARun() {
        var (m, c) = send(model(), .char(" "))
        XCTAssertTrue(m.running); XCTAssertEqual(c, [])
        (m, c) = send(m, .char("c"))
        XCTAssertFalse(m.running)
    }

    func testStepKeysPauseARun() {
        var m = model(); m.running = true
        let (n, c) = send(m, .char("s"))
        XCTAssertFalse(n.running); XCTAssertEqual(c, [.step])
    }

    func testTicksRunTasksAtTheChosenSpeed() {
        var m = model()
        m.running = true
        m.speedIndex = Model.speeds.firstIndex(of: 10)!   // 10 tasks/s at 30 ticks/s
        var total = 0
        for _ in 0..<30 {
            let (n, c) = update(m, .tick); m = n
            for case .runTasks(let k) in c { total += k }
        }
        XCTAssertEqual(total, 10)
        m.speedIndex = Model.speeds.count - 1
        XCTAssertEqual(update(m, .tick).1, [.runTasks(m.maxTasksPerTick)])
    }

    func testTicksDoNothingWhilePaused() {
        XCTAssertEqual(update(model(), .tick).1, [])
    }

    func testARunStopsWhenTheProgramEnds() {
        var m = model(); m.running = true; m.snapshot.state = .finished
        let (n, c) = update(m, .tick)
        XCTAssertFalse(n.running); XCTAssertEqual(c, [])
        XCTAssertEqual(send(n, .char("c")).0.status, "the program has ended: R restarts it")
    }

    func testSpeedStaysWithinItsBounds() {
        var m = model()
        for _ in 0..<40 { m = send(m, .char("+")).0 }
        XCTAssertNil(m.speed)
        XCTAssertEqual(m.speedText, "max speed")
        for _ in 0..<40 { m = send(m, .char("-")).0 }
        XCTAssertEqual(m.speed, 1)
        XCTAssertEqual(m.speedText, "1 task/s")
    }

    func testTabCyclesFocusThroughAllPanesAndShiftTabGoesBack() {
        var m = model()
        var seen: [Pane] = []
        for _ in 0..<5 { seen.append(m.focus); m = send(m, .tab).0 }
        XCTAssertEqual(seen, [.code, .scopes, .objects, .connections, .gc])
        XCTAssertEqual(m.focus, .code)
        XCTAssertEqual(send(m, .backTab).0.focus, .gc)
    }

    func testScrollingTheScopesPaneStaysWithinItsContent() {
        var m = model(80, 24)
        m.focus = .scopes
        m = send(m, .pageDown, .pageDown, .pageDown, .pageDown, .pageDown).0
        let rows = ScopesPane.rows(m).count
        let visible = Layout(width: 80, height: 24).rect(.scopes).height - 2
        XCTAssertEqual(m.scroll(.scopes), rows - visible)
        m = send(m, .up).0
        XCTAssertEqual(m.scroll(.scopes), rows - visible - 1)
        m = send(m, .home).0
        XCTAssertEqual(m.scroll(.scopes), 0)
        m = send(m, .char("j"), .char("j")).0
        XCTAssertEqual(m.scroll(.scopes), 2)
    }

    func testScrollingTheGCPaneStopsAtItsLastLineSoOneUpScrollsBack() {
        for fixture in [Fixtures.leaking, Fixtures.afterCollection] {
            var m = Fixtures.model(fixture, width: 80, height: 24)
            m.focus = .gc
            let inner = Layout(width: 80, height: 24).rect(.gc).inset(1)
            let lines = GCPane.lines(m, width: inner.width).count
            XCTAssertGreaterThan(lines, inner.height, "the GC pane must be taller than its box for this test")
            m = send(m, .end).0
            XCTAssertEqual(m.scroll(.gc), lines - inner.height)
            let atEnd = viewPane(.gc, m)
            m = send(m, .up).0
            XCTAssertEqual(m.scroll(.gc), lines - inner.height - 1)
            XCTAssertNotEqual(viewPane(.gc, m).lines, atEnd.lines, "one Up from the end shows a line more at the top")
        }
    }

    func testScrollingCodeIsRelativeToTheCurrentLineAndStepFollowsAgain() {
        var m = model()
        m.focus = .code
        m = send(m, .up, .up, .char("k")).0
        XCTAssertEqual(m.scroll(.code), -3)
        m = send(m, .char("s")).0
        XCTAssertEqual(m.scroll(.code), 0)
    }

    func testArrowsInObjectsMoveTheSelectionAndEnterExplainsIt() {
        var m = model(160, 48)
        m.focus = .objects
        m = send(m, .down).0                 // row 1: the garbage group
        XCTAssertEqual(m.selectedRow, 1)
        m = send(m, .enter).0
        XCTAssertEqual(m.graph, GraphViewState(focus: .group(Fixtures.base(task: 0))), "Enter on a group draws it")
        m = send(m, .escape).0
        XCTAssertNil(m.graph)
        m = send(m, .down).0                 // row 3: Agent#2330, past the "reachable" header
        m = send(m, .enter).0
        XCTAssertEqual(m.inspected, Fixtures.base(task: 133))
        XCTAssertTrue(Explain.explain(m.inspected!, in: m.snapshot).hasPrefix("Agent#2330 is alive: agent in run_batch"))
        m = send(m, .enter).0
        XCTAssertNil(m.inspected, "Enter again hides the explanation")
    }

    func testWhyAliveFollowsThePathFromAFrame() {
        let s = Fixtures.leaking
        let text = Explain.explain(Fixtures.base(task: 133) + 4, in: s)
        XCTAssertEqual(text, "Connection#2334 is alive: agent in run_batch → Agent#2330 .context → ContextService#2331"
                       + " .data → DataService#2332 .graph → GraphService#2333 .conn → Connection#2334")
    }

    func testQuestionMarkOpensHelpArrowsScrollItAndAnyOtherKeyClosesIt() {
        var (m, c) = send(model(80, 24), .char("?"))
        XCTAssertTrue(m.helpVisible)
        (m, c) = send(m, .down, .down, .pageDown)
        XCTAssertTrue(m.helpVisible)
        XCTAssertEqual(m.helpScroll, 2 + 18)
        (m, c) = send(m, .char("s"))
        XCTAssertFalse(m.helpVisible)
        XCTAssertEqual(c, [], "the key that closes help does nothing else")
    }

    func testATooSmallScreenIgnoresKeysButQuitAndRecoversWhenEnlarged() {
        var m = update(model(), .resize(width: 60, height: 20)).0
        XCTAssertTrue(m.isTooSmall)
        XCTAssertEqual(send(m, .char("s")).1, [])
        XCTAssertEqual(send(m, .char("q")).1, [.quit])
        m = update(m, .resize(width: 80, height: 24)).0
        XCTAssertFalse(m.isTooSmall)
        XCTAssertEqual(send(m, .char("s")).1, [.step])
    }

    func testCtrlCQuitsEvenWithHelpOpen() {
        var m = model(); m.helpVisible = true
        XCTAssertEqual(send(m, .ctrl("c")).1, [.quit])
    }

    func testClickingAToggleFlipsItAndClickingAPaneFocusesIt() {
        let m = model()
        let spans = Layout.toggleSpans(m.snapshot.toggles, width: m.width)
        let (_, c) = update(m, .mouse(x: spans[3].x + 1, y: 1, button: .left))
        XCTAssertEqual(c, [.toggle(index: 3, value: false)])
        let gc = Layout(width: 120, height: 40).rect(.gc)
        XCTAssertEqual(update(m, .mouse(x: gc.x + 2, y: gc.y + 2, button: .left)).0.focus, .gc)
    }

    func testMessagesRoundTripThroughTheirTextForm() {
        let messages: [Message] = [.tick, .key(.char("s")), .key(.char(" ")), .key(.backTab), .key(.ctrl("c")),
                                   .resize(width: 120, height: 40), .mouse(x: 3, y: 1, button: .left)]
        for msg in messages {
            XCTAssertEqual(Message(msg.description), msg, msg.description)
        }
    }
}

/// The App runner applies commands to an engine and refreshes the snapshot.
final class AppTests: XCTestCase {
    final class FakeEngine: Engine {
        var log: [String] = []
        var snap = Fixtures.leaking
        func step() { log.append("step"); snap.line += 1 }
        func next() { log.append("next") }
        func finishTask() { log.append("finishTask") }
        func run(tasks: Int) -> Bool { log.append("run \(tasks)"); return false }
        func runToNextEvent() -> RunEvent? { log.append("nextEvent"); return nil }
        func backToPreviousEvent() -> RunEvent? { log.append("previousEvent"); return nil }
        func goToEvent(_ index: Int) { log.append("goToEvent \(index)") }
        var pauseOn = EventKinds.none
        func back() { log.append("back") }
        func backTask() { log.append("backTask") }
        func collect() { log.append("collect") }
        func setToggle(index: Int, value: Bool) { log.append("toggle \(index) \(value)"); snap.toggles[index].value = value }
        func restart() { log.append("restart") }
        func snapshot() -> Snapshot { snap }
        var recentEvents: [String] { log.map { "did \($0)" } }
        func source(module: String) -> [String]? { module == "__main__" ? Fixtures.incidentSource : nil }
    }

    func testCommandsReachTheEngineAndTheSnapshotIsRefreshed() {
        let engine = FakeEngine()
        let app = App(engine: engine, width: 120, height: 40)
        XCTAssertEqual(app.model.sources["__main__"]?.count, Fixtures.incidentSource.count)
        XCTAssertTrue(app.send(.key(.char("s"))))
        XCTAssertTrue(app.send(.key(.char("4"))))
        XCTAssertEqual(engine.log, ["step", "toggle 3 false"])
        XCTAssertEqual(app.model.snapshot.line, 116)
        XCTAssertFalse(app.model.snapshot.toggles[3].value)
        XCTAssertEqual(app.model.events.last, "did toggle 3 false")
        XCTAssertTrue(app.frame().text.contains("4[ ]BACK_REFERENCE"))
        XCTAssertFalse(app.send(.key(.char("q"))))
    }
}
