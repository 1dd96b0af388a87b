import XCTest
@testable import GCTrapCore
@testable import GCTrapUI

/// Issue 7's story on screen, from the real simulation: the Events view and the failure
/// screen as whole frames (80x24 and 120x40; colour, NO_COLOR and ASCII), `]`/`[`/`p`/`e`
/// through `update` and the App, the chart, the numbers that agree, why-alive on a group.
final class StoryViewTests: XCTestCase {
    enum Mode: String, CaseIterable { case color, nocolor, ascii }

    func app(_ profile: PythonProfile, _ w: Int, _ h: Int, glyphs: Glyphs = .unicode,
             settings: [String: String] = [:]) throws -> App {
        let sim = try Simulation(source: EmbeddedScenarios.incident, name: "incident", profile: profile, settings: settings)
        return App(engine: sim, width: w, height: h, glyphs: glyphs)
    }

    func check(_ name: String, _ profile: PythonProfile, _ act: (App) -> Void) throws {
        for (w, h) in [(80, 24), (120, 40)] {
            for mode in Mode.allCases {
                let a = try app(profile, w, h, glyphs: mode == .ascii ? .ascii : .unicode)
                act(a)
                let g = a.frame()
                Golden.assertStyled(g, theme: mode == .nocolor ? .monochrome : .color, "\(name)-\(w)x\(h)-\(mode.rawValue)")
                if mode == .ascii {
                    for line in g.lines { XCTAssertTrue(line.unicodeScalars.allSatisfy(\.isASCII), line) }
                }
            }
        }
    }

    /// 3.11 after the second collection: the Events view, newest first.
    func testTheEventsViewListsTheRunsEventsNewestFirst() throws {
        try check("events-incident", .py311) { a in
            for _ in 0..<4 { a.send(.key(.char("]"))) }
            a.send(.key(.char("e")))
        }
    }

    /// 3.13 at the failure: header with task and step, the whole error, the raising line,
    /// the traceback.
    func testTheFailureScreenKeepsItsContext() throws {
        try check("failure-incident-313", .py313) { a in
            a.updateModel { $0.speedIndex = Model.speeds.count - 1 }
            a.send(.key(.char("c")))
            for _ in 0..<10 { a.send(.tick) }
        }
    }

    func testNextAndPreviousEventKeysTravelExactly() throws {
        let a = try app(.py311, 120, 40)
        a.send(.key(.char("]")))
        a.send(.key(.char("]")))
        let atCollection = a.model.snapshot
        XCTAssertEqual(atCollection.task, 138)
        XCTAssertTrue(a.frame().text.contains("» task 138: gen-0 collection freed"), a.frame().text)
        for _ in 0..<200 { a.send(.tick) }
        XCTAssertTrue(a.frame().text.contains("» task 138: gen-0 collection freed"), "it stays while the run stands on it")
        a.send(.key(.char("t")))
        a.send(.key(.char("[")))
        XCTAssertEqual(a.model.snapshot, atCollection)
        a.send(.key(.char("[")))
        a.send(.key(.char("[")))
        XCTAssertEqual(a.model.status, "no earlier event: this is the first")
    }

    /// The event line keeps a new event a few seconds (90 ticks at 30/s), then the log.
    func testTheEventLineHoldsANewEventForAFewSeconds() throws {
        let a = try app(.py311, 120, 40)
        a.updateModel { $0.speedIndex = 3 }        // 10 tasks/s
        a.send(.key(.char("c")))
        var ticks = 0
        while a.model.snapshot.events.isEmpty && ticks < 100 { a.send(.tick); ticks += 1 }
        XCTAssertTrue(a.frame().text.contains("» task 0: open connections at a new high"), a.frame().text)
        for _ in 0..<60 { a.send(.tick) }
        XCTAssertTrue(a.frame().text.contains("» task "), a.frame().text)
        XCTAssertTrue(a.frame().text.contains("new high"), "still held after two seconds")
    }

    /// `p` pauses runs on collections and errors; the run stops at task 138.
    func testPauseOnStopsARunAtTheFirstCollection() throws {
        let a = try app(.py311, 120, 40)
        a.send(.key(.char("p")))
        XCTAssertEqual(a.model.pauseOn, EventKinds([.collection, .refused, .exhausted, .uncaught]))
        XCTAssertEqual(a.model.status, "runs pause on: collection, error (p turns it off)")
        a.updateModel { $0.speedIndex = Model.speeds.count - 1 }
        a.send(.key(.char("c")))
        for _ in 0..<20 where a.model.running { a.send(.tick) }
        XCTAssertFalse(a.model.running)
        XCTAssertEqual(a.model.snapshot.task, 138)
        XCTAssertTrue(a.frame().text.contains("» task 138: gen-0 collection freed"))
    }

    /// Enter in the Events view goes to the selected event.
    func testEnterInTheEventsViewGoesToTheEvent() throws {
        let a = try app(.py311, 120, 40)
        for _ in 0..<3 { a.send(.key(.char("]"))) }
        let third = a.model.snapshot
        a.send(.key(.char("]")))
        a.send(.key(.char("e")))
        a.send(.key(.down))
        a.send(.key(.enter))
        XCTAssertEqual(a.model.snapshot, third)
        XCTAssertEqual(a.model.eventsView?.selected, 0)
        a.send(.key(.escape))
        XCTAssertNil(a.model.eventsView)
    }

    /// Numbers that agree and name themselves: open now, the peak in this task, and the
    /// chart of task ends against the limit line.
    func testConnectionsNamesOpenNowThePeakInTaskAndTheLimit() throws {
        let a = try app(.py311, 120, 40, settings: ["BACK_REFERENCE": "False"])
        a.send(.key(.char("c")))
        for _ in 0..<40 { a.send(.tick) }
        a.send(.key(.char("c")))
        while a.model.snapshot.totals.open < 2 { a.send(.key(.char("s"))) }
        let text = viewPane(.connections, a.model).text
        XCTAssertTrue(text.contains("open now 2/300"), text)
        XCTAssertTrue(text.contains("task peak 2"), text)
        XCTAssertTrue(text.contains("open at task ends 0-") || text.contains("open at each task's end, tasks 0-"), text)
        XCTAssertTrue(text.contains("limit 300"), text)
    }

    /// The chart gets at least 5 rows of bars at 120x40, and a pool scenario plots in_use
    /// against the pool's size.
    func testTheChartIsTallAndPlotsWhatClimbs() throws {
        let a = try app(.py311, 120, 40, settings: ["USE_POOL": "True"])
        a.updateModel { $0.speedIndex = Model.speeds.count - 1 }
        a.send(.key(.char("c")))
        for _ in 0..<5 { a.send(.tick) }
        let pane = viewPane(.connections, a.model)
        let text = pane.text
        XCTAssertTrue(text.contains("in use at task ends") || text.contains("in use at each task's end"), text)
        XCTAssertTrue(text.contains("pool size 10"), text)
        let lines = pane.lines
        let label = lines.firstIndex { $0.contains("in use at") }!
        let limit = lines.firstIndex { $0.contains("pool size 10") }!
        let marks = lines.lastIndex { $0.contains("conn #") || $0.contains("no open connection") }!
        XCTAssertGreaterThanOrEqual(marks - limit - 1, 5, "bar rows:\n\(text)")
        XCTAssertEqual(limit, label + 1)
    }

    /// Why-alive on a garbage group counts the group by the collection each instance waits
    /// for; after R the explanation closes and says so.
    func testWhyAliveOnAGroupCountsByGenerationAndClosesWhenGone() throws {
        let sim = try Simulation(source: EmbeddedScenarios.incident, name: "incident")
        sim.run(tasks: 300)
        let s = sim.snapshot()
        let g = try XCTUnwrap(ObjectsPane.garbageGroups(s).first)
        let text = Explain.explain(g.representative, in: s)
        XCTAssertEqual(g.waiting.reduce(0, +), g.count)
        XCTAssertTrue(text.hasPrefix("\(g.count) x Agent"), text)
        XCTAssertTrue(text.contains("wait for a gen-0 collection (\(s.gc.counts[0])/700)"), text)
        if g.waiting[1] > 0 { XCTAssertTrue(text.contains("promoted to gen 1"), text) }
        let a = App(engine: sim, width: 120, height: 40)
        a.updateModel { $0.inspected = g.representative }
        a.send(.key(.char("R")))
        XCTAssertNil(a.model.inspected)
    }
}
