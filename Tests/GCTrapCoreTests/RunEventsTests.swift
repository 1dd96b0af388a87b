import XCTest
@testable import GCTrapCore

/// The run's notable events (collections, new highs, refusals, the failure) with their task
/// and step; `]` and `[` through them; pausing on them; the failure kept with its traceback.
final class RunEventsTests: XCTestCase {
    func incident(_ profile: PythonProfile = .py311, _ settings: [String: String] = [:]) throws -> Simulation {
        try Simulation(source: EmbeddedScenarios.incident, name: "incident", profile: profile, settings: settings)
    }

    /// On 3.11 the first event is the first connection (a new high, task 0); the climb to
    /// 138 open is one event; the next is the first collection, at task 138, which closes
    /// the 137 connections the cycles held.
    func test_runToNextEventStopsAtTheFirstHighThenAtTheFirstCollection() throws {
        let sim = try incident()
        let first = try XCTUnwrap(sim.runToNextEvent())
        XCTAssertEqual(first.kind, .peak)
        XCTAssertEqual(first.task, 0)
        XCTAssertEqual(first.open, 1)
        XCTAssertEqual(sim.steps, first.step, "it stops just after the event")
        let second = try XCTUnwrap(sim.runToNextEvent())
        XCTAssertEqual(second.kind, .collection)
        XCTAssertEqual(second.task, 138)
        XCTAssertEqual(second.generation, 0)
        XCTAssertFalse(second.forced)
        XCTAssertEqual(second.connectionsClosed, 137)
        XCTAssertEqual(sim.steps, second.step)
        XCTAssertEqual(sim.currentTask, 138)
        XCTAssertTrue(second.text().hasPrefix("task 138: gen-0 collection freed "), second.text())
        XCTAssertTrue(second.text().contains(", closed 137 connections (scanned "), second.text())
        // The climb that ended at the collection is the first event, folded: 138 by task 137.
        XCTAssertEqual(sim.events.count, 2)
        XCTAssertEqual(sim.events[0].open, 138)
        XCTAssertEqual(sim.events[0].peakTask, 137)
        XCTAssertEqual(sim.events[0].text(), "task 0: open connections at a new high: 138 by task 137 (limit 300)")
        XCTAssertEqual(sim.snapshot().events, sim.events)
    }

    /// `[` goes back to the previous event exactly, and `]` from there lands on the same
    /// state as before.
    func test_previousAndNextEventAreExactTimeTravel() throws {
        let sim = try incident()
        sim.runToNextEvent()
        let atPeak = sim.snapshot()
        sim.runToNextEvent()
        let atCollection = sim.snapshot()
        sim.run(tasks: 3)
        let back = try XCTUnwrap(sim.backToPreviousEvent())
        XCTAssertEqual(back.kind, .collection)
        XCTAssertEqual(sim.snapshot(), atCollection, "[ from after the collection lands on it")
        let back2 = try XCTUnwrap(sim.backToPreviousEvent())
        XCTAssertEqual(back2.kind, .peak)
        XCTAssertEqual(sim.snapshot().steps, atPeak.steps)
        XCTAssertEqual(sim.events.count, 1, "the events after the point are gone with it")
        XCTAssertNil(sim.backToPreviousEvent(), "nothing before the first event")
        sim.runToNextEvent()
        XCTAssertEqual(sim.snapshot(), atCollection)
    }

    /// A run pauses on the kinds chosen (`--pause-on collection`), just after the event.
    func test_runPausesOnTheChosenKinds() throws {
        let sim = try incident()
        sim.pauseOn = EventKinds([.collection])
        XCTAssertTrue(sim.run(tasks: 1_000))
        XCTAssertEqual(sim.currentTask, 138)
        XCTAssertEqual(sim.events.last?.kind, .collection)
        XCTAssertEqual(sim.steps, sim.events.last?.step)
        sim.pauseOn = .none
        XCTAssertFalse(sim.run(tasks: 10))
        XCTAssertEqual(sim.currentTask, 148)
    }

    /// 3.13: the server refuses the 301st session in task 300, and that exception ends the
    /// program; both are events, and the failure keeps its traceback with the frames' locals.
    func test_theFailureOn313IsRefusalThenUncaughtWithTracebackFrames() throws {
        let sim = try incident(.py313)
        sim.runToEnd()
        let kinds = (0..<sim.events.count).map { sim.events[$0].kind }
        XCTAssertEqual(Array(kinds.suffix(2)), [.refused, .uncaught])
        let refused = sim.events[sim.events.count - 2]
        XCTAssertEqual(refused.task, 300)
        XCTAssertEqual(refused.text(), "task 300: connection refused: 300/300 open (db.TooManyConnections)")
        XCTAssertEqual(sim.events.last?.task, 300)
        XCTAssertTrue(sim.events.last!.text(failure: sim.events.failure).hasPrefix(
            "task 300: the program died: db.TooManyConnections: Create Session failed: Too many sessions"))
        let s = sim.snapshot()
        let f = try XCTUnwrap(s.failure)
        XCTAssertEqual(f.type, "db.TooManyConnections")
        XCTAssertTrue(f.message.hasSuffix("in nebula-graphd.conf"), f.message)
        XCTAssertEqual(f.task, 300)
        XCTAssertEqual(f.frames.map(\.function),
                       ["<module>", "run_batch", "process_inference_task", "_execute_agent", "__init__", "__init__", "__init__", "__init__", "connect"])
        XCTAssertEqual(f.frames.last?.module, "db")
        XCTAssertEqual(f.frames.last?.line, 63)
        XCTAssertEqual(s.module, "db", "the Code pane shows the raising line")
        XCTAssertEqual(s.line, 63)
        let execute = f.frames[3]
        XCTAssertTrue(execute.locals.contains(Binding(name: "task_id", value: ValueDescription(text: "300", objectID: nil))), "\(execute.locals)")
        XCTAssertTrue(f.traceback.hasPrefix("Traceback (most recent call last):"))
        XCTAssertEqual(s.totals.limit, 300)
    }

    /// `b` from the failure is one statement: the `raise` in db.connect, not the line before.
    func test_backFromTheFailureLandsOnTheRaise() throws {
        let sim = try incident(.py313)
        sim.runToEnd()
        sim.back()
        let s = sim.snapshot()
        XCTAssertEqual(s.state, .running)
        XCTAssertEqual(s.module, "db")
        XCTAssertEqual(s.line, 63)
        XCTAssertEqual(s.task, 300)
        XCTAssertNil(s.failure)
        sim.step()
        XCTAssertNotNil(sim.snapshot().failure, "one step forward dies again")
        // `[` from the failure is the refusal, which shows at the start of the raise too.
        let e = try XCTUnwrap(sim.backToPreviousEvent())
        XCTAssertEqual(e.kind, .refused)
        XCTAssertEqual(sim.snapshot().line, 63)
    }

    /// The pool variant: the 11th checkout finds the pool dry.
    func test_poolExhaustionIsAnEventWithThePoolsNumbers() throws {
        let sim = try incident(.py311, ["USE_POOL": "True"])
        sim.runToEnd()
        let exhausted = (0..<sim.events.count).map { sim.events[$0] }.filter { $0.kind == .exhausted }
        XCTAssertEqual(exhausted.count, 1)
        XCTAssertEqual(exhausted.first?.task, 10)
        XCTAssertEqual(exhausted.first?.text(), "task 10: pool exhausted: 10 of 10 in use (db.PoolExhausted)")
    }

    /// gc.collect() per task: one event per task, kept in chunks; every one of them can be
    /// found and returned to, across chunk boundaries.
    func test_thousandsOfEventsAreKeptAndFoundAcrossChunks() throws {
        let sim = try incident(.py311, ["FORCED_COLLECTION": "True", "TASKS": "2500"])
        sim.runToEnd()
        let collections = (0..<sim.events.count).filter { sim.events[$0].kind == .collection }
        XCTAssertEqual(collections.count, 2500)
        XCTAssertTrue(sim.events[collections[1500]].text().hasPrefix("task 1500: gc.collect() freed "))
        let target = sim.events[collections[1200]]
        XCTAssertEqual(sim.events.lastIndex(before: target.step + 1), collections[1200])
        sim.seek(toStep: target.step + 1)
        XCTAssertEqual(sim.events.last, target)
        XCTAssertEqual(sim.backToPreviousEvent(), target)
        XCTAssertEqual(sim.events.count, collections[1200] + 1)
    }

    /// db.peak_in_task: the most open within the running task, live and per row.
    func test_thePeakWithinTheTaskIsLiveAndInEachRow() throws {
        let sim = try incident(.py311, ["BACK_REFERENCE": "False"])
        sim.run(tasks: 4)     // the first boundary is the loop's start
        XCTAssertEqual(sim.rows.map(\.open), [1, 1, 1])
        XCTAssertEqual(sim.rows.map(\.peakInTask), [1, 2, 2])
        XCTAssertEqual(sim.snapshot().totals.peakInTask, 1, "task 3 has only the last agent's connection so far")
        while sim.snapshot().totals.open < 2 { sim.step() }
        XCTAssertEqual(sim.snapshot().totals.peakInTask, 2)
    }

    /// `s` does not stop on a function's docstring (CPython compiles it to no code).
    func test_stepSkipsFunctionDocstrings() throws {
        let sim = try Simulation(source: "def f():\n    \"\"\"doc\"\"\"\n    x = 1\n    return x\n\ny = f()\n")
        var lines: [Int] = []
        while !sim.isFinished { sim.step(); lines.append(sim.snapshot().line) }
        XCTAssertFalse(lines.contains(2), "\(lines)")
        XCTAssertTrue(lines.contains(3), "\(lines)")
    }

    /// While db is being imported its limit is not set yet: the default shows, not 0.
    func test_theServerLimitIsNeverZeroWhileDbIsImported() throws {
        let sim = try incident()
        for _ in 0..<40 {
            sim.step()
            XCTAssertEqual(sim.snapshot().totals.limit, 300, "at \(sim.snapshot().module):\(sim.snapshot().line)")
        }
    }

    func test_pauseOnWordsParse() {
        XCTAssertEqual(try EventKinds.parse("collection,error").get(), EventKinds([.collection, .refused, .exhausted, .uncaught]))
        XCTAssertEqual(try EventKinds.parse("peak").get().description, "peak")
        XCTAssertEqual(try EventKinds.parse("all").get(), .all)
        XCTAssertEqual(EventKinds([.collection, .refused, .exhausted, .uncaught]).description, "collection, error")
        guard case .failure(let e) = EventKinds.parse("collection,oops") else { return XCTFail("accepted a bad word") }
        XCTAssertEqual(e.word, "oops")
    }
}
