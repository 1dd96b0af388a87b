import Foundation
import XCTest
@testable import GCTrapCore
@testable import GCTrapSession
@testable import GCTrapUI

/// The sample tours play, and every marker and caption is true where it appears: each one
/// is checked against the replayed simulation and screen at that point.
final class TourTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func load(_ name: String) throws -> SessionPlayer {
        let data = try Data(contentsOf: TourTests.root.appendingPathComponent("sessions/\(name)"))
        return try SessionLoader.load(data, limits: .standard)
    }

    /// Plays every event; at each marker or caption, `check` gets its text, the snapshot and
    /// the frame. Every marker and non-empty caption must have a check.
    func play(_ name: String, _ checks: [String: (Snapshot, String, Model) -> Void]) throws {
        let player = try load(name)
        var seen = Set<String>()
        for i in 0..<player.count {
            player.seek(to: i + 1)
            let text: String
            switch player.events[i].kind {
            case .marker(let l): text = l
            case .caption(let c) where !c.isEmpty: text = c
            default: continue
            }
            guard let check = checks[text] else { XCTFail("\(name): no check for \"\(text)\""); continue }
            let frame = Exporter.presentationFrame(player).text
            check(player.app.model.snapshot, frame, player.app.model)
            seen.insert(text)
        }
        XCTAssertEqual(seen, Set(checks.keys), "\(name): every check met its marker or caption")
    }

    func kinds(_ s: Snapshot) -> [RunEvent.Kind] { (0..<s.events.count).map { s.events[$0].kind } }

    func testTheTourOn311IsTrueAtEveryMarkerAndCaption() throws {
        try play("incident-tour.gctrap", [
            "Each task builds an agent whose chain opens a graph-database session": { s, _, _ in
                XCTAssertEqual(s.steps, 0)
            },
            "start": { s, _, _ in XCTAssertEqual(s.steps, 0) },
            "Two tasks done: 2 sessions open, and task 0's agent is garbage in a cycle": { s, _, _ in
                XCTAssertEqual(s.tasksFinished, 2)
                XCTAssertEqual(s.totals.open, 2)
                XCTAssertEqual(s.objects.filter { $0.reachability == .garbage && $0.typeName == "Agent" && $0.inCycle }.count, 1)
            },
            "the cycle drawn: Agent.context -> ContextService.agent -> Agent": { _, frame, m in
                XCTAssertNotNil(m.graph)
                XCTAssertTrue(frame.contains("cycle: Agent.context → ContextService.agent → Agent"), frame)
            },
            "Enter on a garbage group draws it: the cycle keeps its connection open, waiting for a gen-0 collection": { _, frame, m in
                XCTAssertNotNil(m.graph)
                XCTAssertTrue(frame.contains("keeps 1 open connection alive"), frame)
                XCTAssertTrue(frame.contains("1 waits for a gen-0 collection"), frame)
            },
            "] runs to the next event: nothing frees the cycles until the gen-0 counter passes 700": { s, _, m in
                XCTAssertNil(m.graph)
                XCTAssertEqual(s.gc.collections[0], 0)
                XCTAssertEqual(s.gc.thresholds[0], 700)
            },
            "first collection (task 138): 137 sessions closed": { s, frame, _ in
                XCTAssertEqual(s.task, 138)
                let e = s.events.last!
                XCTAssertEqual(e.kind, .collection)
                XCTAssertEqual(e.task, 138)
                XCTAssertEqual(e.connectionsClosed, 137)
                XCTAssertEqual(s.steps, e.step)
                XCTAssertTrue(frame.contains("» task 138: gen-0 collection freed"), frame)
            },
            "e lists the events: the climb to 138 open, then the gen-0 collection": { s, frame, m in
                XCTAssertNotNil(m.eventsView)
                XCTAssertEqual(self.kinds(s), [.peak, .collection])
                XCTAssertEqual(s.events[0].open, 138)
                XCTAssertTrue(frame.contains("Events"), frame)
            },
            "a new high: the climb passes 138 (task 275)": { s, _, _ in
                let e = s.events.last!
                XCTAssertEqual(e.kind, .peak)
                XCTAssertEqual(e.task, 275)
                XCTAssertGreaterThan(e.open, 138)
                XCTAssertEqual(s.task, 275)
            },
            "second collection (task 278)": { s, _, _ in
                XCTAssertEqual(s.events.last?.kind, .collection)
                XCTAssertEqual(s.events.last?.task, 278)
                XCTAssertEqual(s.task, 278)
            },
            "A few cycles are promoted to gen 1 each time: every climb goes a little higher": { s, _, _ in
                XCTAssertGreaterThan(s.gc.counts[1], 0, "survivors counted toward gen 1")
                let highs = (0..<s.events.count).map { s.events[$0] }.filter { $0.kind == .peak }
                XCTAssertEqual(highs.count, 2)
                XCTAssertGreaterThan(highs[1].open, highs[0].open)
            },
            "[ steps back to the previous event, exactly": { s, _, _ in
                let e = s.events.last!
                XCTAssertEqual(e.kind, .peak)
                XCTAssertEqual(e.task, 275)
                XCTAssertEqual(s.steps, e.step)
            },
            "Now switch off the back reference (toggle 4) and restart": { s, _, _ in
                XCTAssertTrue(s.toggles[3].value, "not yet switched")
            },
            "no cycle: 1 open at each task's end, 2 within a task, no collection": { s, _, _ in
                XCTAssertFalse(s.toggles[3].value)
                XCTAssertEqual(s.state, .finished)
                XCTAssertEqual(s.rows.count, 1000)
                XCTAssertEqual(s.rows.map(\.open).max(), 1)
                XCTAssertEqual(s.rows.map(\.peakInTask).max(), 2)
                XCTAssertFalse(self.kinds(s).contains(.collection))
            },
        ])
    }

    func testTheTourOn313IsTrueAtEveryMarkerAndCaption() throws {
        try play("incident-313-tour.gctrap", [
            "CPython 3.13: gen 0's threshold is 2000, so the first collection would come at task 398": { s, _, _ in
                XCTAssertEqual(s.profile.name, "3.13")
                XCTAssertEqual(s.gc.thresholds[0], 2000)
                // 5 tracked objects left per task: 2000 / 5 = 400 tasks, the first at task 398.
                // The same program with the server limit lifted: where the first collection comes.
                let lifted = EmbeddedScenarios.incident.replacingOccurrences(
                    of: "import gctrap\n", with: "import gctrap\ndb.configure(max_connections=10000)\n")
                XCTAssertNotEqual(lifted, EmbeddedScenarios.incident)
                let sim = try! Simulation(source: lifted, name: "incident", profile: .py313)
                sim.pauseOn = EventKinds([.collection])
                sim.run(tasks: 1_000)
                XCTAssertEqual(sim.currentTask, 398)
            },
            "start": { s, _, _ in XCTAssertEqual(s.steps, 0) },
            "] : the first session opens; the climb that follows is one event": { s, _, _ in
                XCTAssertEqual(self.kinds(s), [.peak])
                XCTAssertEqual(s.events[0].task, 0)
                XCTAssertEqual(s.totals.open, 1)
            },
            "task 300: the server refuses the 301st session": { s, frame, _ in
                XCTAssertEqual(self.kinds(s), [.peak, .refused])
                XCTAssertEqual(s.events[0].open, 300)
                XCTAssertEqual(s.events[1].task, 300)
                XCTAssertEqual(s.totals.open, 300)
                XCTAssertTrue(frame.contains("» task 300: connection refused: 300/300 open"), frame)
            },
            "died in task 300: db.TooManyConnections": { s, frame, _ in
                XCTAssertEqual(s.failure?.task, 300)
                XCTAssertEqual(s.failure?.type, "db.TooManyConnections")
                XCTAssertTrue(frame.split(separator: "\n").first!.contains("died in task 300"), frame)
            },
            "The failure keeps its context: the header, the whole error, the raise in Code, the traceback in Scopes": { s, frame, _ in
                let head = String(frame.split(separator: "\n").first!)
                for part in ["incident", "Python 3.13", "task 300/1000", "step "] { XCTAssertTrue(head.contains(part), head) }
                XCTAssertTrue(frame.contains("in nebula-graphd.conf"), frame)
                XCTAssertTrue(frame.contains("Code · db:63"), frame)
                XCTAssertTrue(frame.contains("traceback: 9 frames, innermost last"), frame)
                XCTAssertEqual(s.line, 63)
            },
            "b: one statement back, on the raise": { s, frame, _ in
                XCTAssertNil(s.failure)
                XCTAssertEqual(s.module, "db")
                XCTAssertEqual(s.line, 63)
                XCTAssertTrue(frame.contains("▶  63         raise TooManyConnections("), frame)
            },
            "G draws the cycle that keeps each of the 300 sessions open": { s, frame, m in
                XCTAssertNotNil(m.graph)
                XCTAssertTrue(frame.contains("cycle: Agent.context → ContextService.agent → Agent"), frame)
                XCTAssertEqual(s.totals.open, 300)
                XCTAssertEqual(s.totals.leaked, 299)
            },
        ])
    }
}
