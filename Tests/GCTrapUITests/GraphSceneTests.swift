import XCTest
@testable import GCTrapCore
@testable import GCTrapUI

/// The Graph view's pure parts: which objects it draws, the cycles it names, the layout.
final class GraphSceneTests: XCTestCase {
    func o(_ id: Int, _ type: String, _ edges: [(String, Int)], garbage: Bool = true) -> ObjectInfo {
        ObjectInfo(id: id, typeName: type, label: "\(type)#\(id)", refcount: 1, generation: 0,
                   edges: edges.map { Edge(label: $0.0, target: $0.1) }, reachability: garbage ? .garbage : .reachable,
                   inCycle: false, finalized: false, hasFinalizer: false)
    }

    func snapshot(_ objects: [ObjectInfo]) -> Snapshot {
        var s = Fixtures.leaking
        s.objects = objects
        s.connections = []
        return s
    }

    func test_aGarbageGroupIsItsFiveObjectsWithTheCycleNamedAndItsConnectionMarked() {
        let scene = GraphScene(.group(Fixtures.base(task: 0)), in: Fixtures.leaking)
        XCTAssertEqual(scene.nodes.map(\.title), ["Agent#1000", "ContextService#1001", "DataService#1002",
                                                  "GraphService#1003", "Connection#1004 (conn 1)"])
        XCTAssertEqual(scene.nodes.map(\.isFocus), [true, false, false, false, false])
        XCTAssertEqual(scene.nodes[4].connection, .leaked)
        XCTAssertEqual(scene.links.filter(\.onCycle).map(\.label), ["context", "agent"])
        XCTAssertEqual(scene.heading, "garbage group: 5 objects (1 of 133 alike)")
        XCTAssertEqual(scene.notes, [
            "cycle: Agent.context → ContextService.agent → Agent, keeps 1 open connection alive: conn 1 [leaked]",
            // Why-alive on a group: the whole group, by the collection each instance waits for.
            "133 x Agent <-> ... -> Connection: 133 wait for a gen-0 collection (680/700); or gc.collect()",
            "all the garbage: 133 cycles Agent.context → ContextService.agent → Agent keep 133 connections open",
        ])
    }

    func test_theNeighbourhoodOfAReachableObjectShowsWhoRefersToItAndTheChainItHolds() {
        let current = Fixtures.base(task: 134)
        let scene = GraphScene(.object(current), in: Fixtures.leaking, glyphs: .ascii)
        XCTAssertEqual(scene.heading, "neighbourhood of Agent#\(current)")
        // The context service refers to it (drawn above), then the chain down to the connection.
        XCTAssertEqual(scene.nodes.map(\.title), ["ContextService#2341", "Agent#2340", "DataService#2342",
                                                  "GraphService#2343", "Connection#2344 (conn 135)"])
        XCTAssertEqual(scene.notes, ["cycle: Agent.context -> ContextService.agent -> Agent (still reachable), holds conn 135 [held]"])
    }

    func test_aFreedObjectSaysSo() {
        let scene = GraphScene(.object(99_999), in: Fixtures.leaking)
        XCTAssertEqual(scene.nodes, [])
        XCTAssertEqual(scene.heading, "#99999 is gone: freed")
    }

    func test_referencesToTheNextBoxGoInTheGapAndTheOthersDownALane() {
        // list -> a, b; a -> list (a cycle); b -> b (a self reference).
        let s = snapshot([o(1, "list", [("[0]", 2), ("[1]", 3)]), o(2, "A", [("owner", 1)]), o(3, "B", [("me", 3)])])
        let scene = GraphScene(.group(1), in: s)
        let d = GraphLayout.draw(scene, glyphs: .unicode)
        XCTAssertEqual(d.grid.text, """
        ╔════════════════════════════╗
        ║›list#1                     ╟──────────┐
        ║ rc 1  g0  ↻ cycle  garbage ║          │
        ╚══╤═══════▲═════════════════╝          │
           ┃ [0]   ┃ owner                      │
        ┌──▼───────┸─────────────────┐          │
        │ A#2                        │          │
        │ rc 1  g0  ↻ cycle  garbage │          │
        └────────────────────────────┘          │
                                                │
        ┌────────────────────────────┐          │
        │ B#3                        ┝━━━━━━━━━━┿━┓
        │ rc 1  g0  ↻ cycle  garbage │◀ [1],me ━┻━┛
        └────────────────────────────┘
        """)
        XCTAssertEqual(d.boxes.count, 3)
    }

    func test_aSixtyObjectGroupIsDrawnWholeWithEveryReferenceArrivingAtItsBox() {
        // A ring of 60 objects, each also pointing two ahead: one cycle, many lanes.
        let n = 60
        let objects = (0..<n).map { k in o(k + 1, "Node", [("next", (k + 1) % n + 1), ("skip", (k + 2) % n + 1)]) }
        let scene = GraphScene(.group(1), in: snapshot(objects))
        XCTAssertEqual(scene.nodes.count, n)
        XCTAssertEqual(scene.cycles.count, 1)
        let d = GraphLayout.draw(scene, glyphs: .unicode)
        XCTAssertEqual(d.boxes.count, n)
        for (a, b) in zip(d.boxes, d.boxes.dropFirst()) { XCTAssertLessThan(a.maxY, b.y, "boxes do not overlap") }
        // Every box has an arrowhead pointing at it (the gap's ▼ or a lane's ◀).
        for (i, r) in d.boxes.enumerated() {
            let row1 = d.grid.lines[r.y], row2 = d.grid.lines[r.y + 2]
            XCTAssertTrue(row1.contains("▼") || row2.contains("◀") || row1.contains("▲"), "box \(i) has no arrow in")
        }
    }

    func test_junctionsTakeTheWeightOfTheirLines() {
        XCTAssertEqual(LineCanvas.glyph(n: 1, e: 1, s: 1, w: 1, ascii: false), "┼")
        XCTAssertEqual(LineCanvas.glyph(n: 0, e: 1, s: 2, w: 1, ascii: false), "┰")
        XCTAssertEqual(LineCanvas.glyph(n: 0, e: 3, s: 1, w: 3, ascii: false), "╤")
        XCTAssertEqual(LineCanvas.glyph(n: 2, e: 0, s: 2, w: 0, ascii: false), "┃")
        XCTAssertEqual(LineCanvas.glyph(n: 2, e: 0, s: 2, w: 0, ascii: true), "#")
        XCTAssertEqual(LineCanvas.glyph(n: 0, e: 1, s: 0, w: 1, ascii: true), "-")
        XCTAssertEqual(LineCanvas.glyph(n: 1, e: 1, s: 0, w: 0, ascii: true), "+")
    }
}
