// Where the run ends, remembered. Runs are deterministic, so once a run has got to the end
// (finished, failed, or stopped by a limit), any later run of the same timeline (after a
// step back, a seek, a restart with the same toggles) that goes on into that last statement
// ends exactly there. Instead of running into it again it lands on the remembered end: a
// finalizer chain of millions of statements inside one statement (fuzz seed 5011) runs once,
// not once per `back` + `next` of a session. The timeline is the first checkpoint's settings
// and the investigator's changes before the end (pinned checkpoints: `g`, a toggle).

extension Simulation {
    struct TimelineKey: Equatable {
        var origin: [String: Value]
        var pins: [Int]
    }

    struct TimelineEnd {
        /// The statement the run ended in: any run of the timeline that goes on from a state
        /// at this statement count gets to the end. For a limit met inside a nested run (a
        /// finalizer chain) it is the statement before the end's count, where the work was.
        var step: Int
        var key: TimelineKey
        /// The state at the end: machine (output sinks left out), events, row count.
        var machine: Machine
        var events: EventHistory
        var rowsEver: Int
        /// The rows from `firstRow` on (by their place among all rows) with those places, and
        /// the task starts recorded inside the last statement.
        var firstRow: Int
        var rows: [TaskRow]
        var rowSeqs: [Int]
        var taskStarts: [(task: Int, step: Int)]
    }

    /// The timeline up to statement `step`: the changes at `step` itself count when made
    /// before the statement ran (at an end they came after it).
    func timelineKey(through step: Int) -> TimelineKey {
        let pins = checkpoints.filter {
            $0.pinned && ($0.machine.steps < step || ($0.machine.steps == step && !Simulation.isEnd($0.machine)))
        }
        return TimelineKey(origin: checkpoints.first?.settings ?? [:], pins: pins.map(\.serial))
    }

    static func isEnd(_ m: Machine) -> Bool { m.finished || m.limit != nil }

    /// The remembered end, when it belongs to the timeline the simulation is on now.
    func reusableEnd() -> TimelineEnd? {
        guard let end = timelineEnd, machine.steps <= end.step, !isFinished else { return nil }
        if let c = endCheckedAt, c.revision == timelineRevision { return c.valid ? end : nil }
        let valid = timelineKey(through: end.step) == end.key
        endCheckedAt = (timelineRevision, valid)
        return valid ? end : nil
    }

    /// A run got to the end: remember it (rows and task starts back to the last checkpoint
    /// before it, which any later run of this timeline has passed before it gets here).
    func rememberEnd() {
        // Without checkpoints (headless runs) nothing runs this timeline again.
        guard keepsCheckpoints else { return }
        let s = machine.limit != nil ? min(machine.limitStep, machine.steps) : machine.steps
        let firstRow = checkpoints.last(where: { $0.machine.steps <= s && !Simulation.isEnd($0.machine) })?.rows ?? 0
        var keptRows: [TaskRow] = [], seqs: [Int] = []
        if thinsHistory {
            for (i, q) in rowSeq.enumerated() where q >= firstRow { keptRows.append(rows[i]); seqs.append(q) }
        } else if firstRow < rows.count {
            keptRows = Array(rows[firstRow...])
            seqs = Array(firstRow..<rows.count)
        }
        var starts: [(task: Int, step: Int)] = []
        for (k, step) in zip(taskStarts.tasks, taskStarts.steps) where step >= s { starts.append((k, step)) }
        var m = machine.detached()   // the live machine may run on (`g` at the end)
        m.outputSink = nil
        m.errorSink = nil
        m.progress = nil
        timelineEnd = TimelineEnd(step: s, key: timelineKey(through: s), machine: m, events: events, rowsEver: rowsEver,
                                  firstRow: firstRow, rows: keptRows, rowSeqs: seqs, taskStarts: starts)
        endCheckedAt = nil
    }

    /// Whether the state paused at the end's last statement (rows drained) can take the
    /// end's rows: a run of the same timeline has at least those before the end's first one.
    func canAdopt(_ end: TimelineEnd) -> Bool {
        machine.steps == end.step && rowsEver >= end.firstRow && rowsEver <= end.rowsEver
    }

    /// Lands on the remembered end from a state paused at its last statement (rows drained).
    func adopt(_ end: TimelineEnd) -> RunOutcome {
        let sink = machine.outputSink, errorSink = machine.errorSink
        // The end's machine carries the event kinds seen since the first run last cleared
        // them; this run has seen its own so far plus the events of the last statement.
        var signal = machine.eventSignal
        let size = EventHistory.chunkSize
        let seen = events.droppedChunks * size + events.count
        machine = end.machine.detached()   // the end can be adopted again
        machine.outputSink = sink
        machine.errorSink = errorSink
        applyLimits()
        var e = end.events
        e.dropChunks(before: events.droppedChunks)
        let base = e.droppedChunks * size
        for i in max(seen, base)..<max(seen, base + e.count) where !e[i - base].continued {
            signal |= e[i - base].kind.bit
        }
        machine.eventSignal = signal
        events = e
        let from = rowsEver
        if let i = end.rowSeqs.firstIndex(where: { $0 >= from }) {
            rows.append(contentsOf: end.rows[i...])
            if thinsHistory { rowSeq.append(contentsOf: end.rowSeqs[i...]) }
            rowChart.extend(rows)
        }
        rowsEver = end.rowsEver
        for s in end.taskStarts { taskStarts.set(s.task, s.step) }
        thinHistoryIfNeeded()
        return machine.limit != nil ? .limited : .finished
    }
}
