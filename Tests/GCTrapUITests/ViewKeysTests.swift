import XCTest
@testable import GCTrapCore
@testable import GCTrapUI

/// Keys that change what is shown: the Graph view, projector mode, sideways scrolling, and
/// the layout they rely on.
final class ViewKeysTests: XCTestCase {
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

    func testGOpensTheGraphOfTheSelectedObjectAndArrowsScrollItWithinTheDrawing() {
        var m = model(80, 24)
        m.focus = .objects
        m = send(m, .down, .down).0                  // Agent#2330, a reachable object (past a header)
        m = send(m, .char("G")).0
        XCTAssertEqual(m.graph?.focus, .object(Fixtures.base(task: 133)))
        m = send(m, .down, .down, .down).0
        XCTAssertEqual(m.graph?.scrollY, 6)
        m = send(m, .end).0
        let f = GraphView.frame(m.snapshot, m.graph!, glyphs: m.glyphs, Layout(m).graph)
        XCTAssertEqual(m.graph?.scrollY, f.drawing.height - f.window.height, "the end of the drawing, not past it")
        let (after, commands) = send(m, .char("s"))
        XCTAssertEqual(commands, [.step], "program keys still work with the view open")
        XCTAssertNotNil(after.graph)
        XCTAssertNil(send(m, .char("G")).0.graph, "G closes it")
    }

    func testTabAndEnterInTheGraphFollowAnObjectAndBackspaceComesBack() {
        let base = Fixtures.base(task: 0)
        var m = send(model(80, 24), .char("G")).0
        m = send(m, .tab, .tab).0
        XCTAssertEqual(m.graph?.selected, 1, "the second box: ContextService")
        m = send(m, .enter).0
        XCTAssertEqual(m.graph?.focus, .group(base + 1))
        XCTAssertEqual(m.graph?.history, [.group(base)])
        XCTAssertNil(m.graph?.selected)
        // Down to the connection (the fifth box): scrolled into view at 80x24.
        m = send(m, .tab, .tab, .tab, .tab, .tab).0
        XCTAssertEqual(m.graph?.selected, 4)
        let f = GraphView.frame(m.snapshot, m.graph!, glyphs: m.glyphs, Layout(m).graph)
        XCTAssertGreaterThanOrEqual(f.drawing.boxes[4].y, m.graph!.scrollY)
        XCTAssertLessThanOrEqual(f.drawing.boxes[4].maxY, m.graph!.scrollY + f.window.height)
        XCTAssertTrue(view(m).text.contains("Connection#1004 (conn 1)"))
        m = send(m, .backspace).0
        XCTAssertEqual(m.graph?.focus, .group(base))
        XCTAssertEqual(m.graph?.history, [])
    }

    func testGWithNothingSelectedDrawsTheBiggestGarbageGroup() {
        let m = send(model(), .char("G")).0
        XCTAssertEqual(m.graph?.focus, .group(Fixtures.base(task: 0)))
    }

    func testPSwitchesToProjectorModeWithThreePanesAndTabSkipsTheHiddenOnes() {
        var m = send(model(80, 24), .char("P")).0
        XCTAssertTrue(m.projector)
        let layout = Layout(m)
        XCTAssertEqual(Pane.allCases.filter(layout.shows), [.code, .objects, .connections])
        XCTAssertEqual(layout.numbers.height, 3)
        m = send(m, .tab).0
        XCTAssertEqual(m.focus, .objects)
        m = send(m, .tab, .tab).0
        XCTAssertEqual(m.focus, .code)
        XCTAssertEqual(view(m).palette, .projector)
        XCTAssertFalse(send(m, .char("P")).0.projector)
    }

    func testLeftAndRightScrollTheFocusedPaneSidewaysAsFarAsItsWidestLine() {
        var m = model(80, 24)
        m.focus = .code
        m = send(m, .right).0
        XCTAssertEqual(m.hscroll[Pane.code.rawValue], 8)
        XCTAssertTrue(view(m).text.contains("Code · incident.py:115 · from column 9"))
        for _ in 0..<20 { m = send(m, .right).0 }
        let limit = CodePane.contentWidth(m) - (Layout(m).rect(.code).width - 2)
        XCTAssertEqual(m.hscroll[Pane.code.rawValue], limit)
        // The line numbers stay while the source moves.
        XCTAssertTrue(viewPane(.code, m).lines[3].hasPrefix("║▶ 115"))
        m = send(m, .left, .char("h")).0
        XCTAssertEqual(m.hscroll[Pane.code.rawValue], limit - 16)
        m.focus = .objects
        m = send(m, .right).0
        XCTAssertEqual(m.hscroll[Pane.objects.rawValue], 8)
        let pane = viewPane(.objects, m).text
        XCTAssertTrue(pane.contains("║Agent <-> ContextService -> ..║"), "the group's whole shape, from its 9th column\n" + pane)
        XCTAssertTrue(pane.contains("↓ 9 more"), pane)
    }

    func testTheCodePaneShowsSeventyTwoColumnsOfSourceAt120x40AndFortyAt80x24() {
        for (w, h, columns) in [(120, 40, 72), (80, 24, 40)] {
            let m = model(w, h)
            let inner = Layout(m).rect(.code).inset(1)
            let gutter = CodePane.gutter(m, count: m.sources["__main__"]!.count)
            XCTAssertGreaterThanOrEqual(inner.width - gutter, columns, "\(w)x\(h)")
        }
        // The incident's longest line of code shows whole at 120x40.
        let line = "            result, confidence, agent = process_inference_task(task_id)"
        var m = model(120, 40)
        m.snapshot.line = 129
        XCTAssertTrue(viewPane(.code, m).text.contains(line))
    }

    func testTheToggleBarWrapsToShowWholeNamesAt80Columns() {
        let spans = Layout.toggleSpans(Fixtures.toggles, width: 80)
        XCTAssertEqual(spans.map(\.text), ["1[x]RETURN_AGENT", "2[ ]EXPLICIT_RELEASE", "3[ ]FORCED_COLLECTION",
                                           "4[x]BACK_REFERENCE", "5[ ]USE_POOL"])
        XCTAssertEqual(spans.map(\.row), [0, 0, 0, 1, 1])
        XCTAssertEqual(Layout.toggleRows(Fixtures.toggles, width: 120), 1)
        // A click on the second row flips the toggle drawn there.
        let m = model(80, 24)
        let (_, c) = update(m, .mouse(x: spans[4].x + 1, y: 2, button: .left))
        XCTAssertEqual(c, [.toggle(index: 4, value: true)])
    }
}
