// `gctrap play --headless`: the session as text, for people and scripts. Markers,
// captions, prompts, toggles, restarts, event jumps and pause kinds with their times, and
// a line per task reached.
import GCTrapCore
import GCTrapUI

public enum Narrative {
    /// Replays the whole session from the start, calling `emit` with each line. Returns
    /// where the replay stopped when the events ran past the step budget (the rest untold).
    @discardableResult
    public static func tell(_ player: SessionPlayer, emit: (String) -> Void) -> SessionPlayer.BudgetStop? {
        let h = player.session.header
        let sim = player.simulation
        player.seek(to: 0)
        emit((player.partCount > 1 ? "session \(player.partIndex + 1) of \(player.partCount): " : "session: ") + (h.title.isEmpty ? "(untitled)" : h.title))
        var about = "scenario \(h.scenarioName), Python \(h.python), \(player.count) event\(player.count == 1 ? "" : "s"), \(clockText(player.duration, tenths: false)) long"
        if let c = player.compare {
            about = "comparison of scenario \(h.scenarioName): \(c.model.labels.joined(separator: " | ")) (by \(c.model.criterion.rawValue)), \(player.count) event\(player.count == 1 ? "" : "s"), \(clockText(player.duration, tenths: false)) long"
        }
        if !h.created.isEmpty { about += ", recorded \(h.created)" }
        emit(about)
        if let c = player.compare {
            tellComparison(player, c, emit: emit)
        } else {
            tellInvestigator(player, sim, emit: emit)
        }
        // A recording of several sessions (a workshop, lesson after lesson): the next ones.
        if let stop = player.budgetStop {
            emit("stopped at event \(stop.position) of \(player.count): " + stop.message)
            return stop
        }
        if player.partIndex == 0 {
            var previous = player
            for i in 1..<player.partCount {
                emit("")
                guard let next = player.part(i) else { continue }
                next.continueBudget(from: previous)
                previous = next
                if let stop = tell(next, emit: emit) { return stop }
            }
        }
        return nil
    }

    /// A comparison part (a lesson that opened the compare view): its keys, runs, the
    /// divergences as they are found, the lesson's texts, and each side at the end.
    static func tellComparison(_ player: SessionPlayer, _ d: CompareDriver, emit: (String) -> Void) {
        var reported = 0
        while player.position < player.count {
            let stamp = "[\(clockText(player.times[player.position]))]"
            guard let e = player.forward() else { break }
            let task = d.model.alignedTask.map(String.init) ?? "-"
            switch e.kind {
            case .marker(let label): emit("\(stamp) marker: \(label)")
            case .caption(let text): emit(text.isEmpty ? "\(stamp) caption cleared" : "\(stamp) caption: \(text)")
            case .prompt, .lesson(.predict), .lesson(.task):
                for l in lessonLines(e.kind, stamp: stamp) { emit(l) }
            case .action(.view(let m)):
                emit("\(stamp) \(m.description)" + (d.model.status.map { ": \($0)" } ?? "") + " (task \(task))")
            case .action(.run(let n)):
                emit("\(stamp) ran \(n) task\(n == 1 ? "" : "s"): task \(task)")
            default:
                break
            }
            CompareSession.tellDivergences(d, reported: &reported, emit: emit)
        }
        emit(CompareSession.endLine(d, state: stateText))
    }

    static func tellInvestigator(_ player: SessionPlayer, _ sim: Simulation, emit: (String) -> Void) {
        emit("toggles: " + togglesText(sim.toggles))
        var printed = sim.rows.count
        while player.position < player.count {
            let stamp = "[\(clockText(player.times[player.position]))]"
            guard let e = player.forward() else { break }
            switch e.kind {
            case .marker(let label):
                emit("\(stamp) marker: \(label)")
            case .caption(let text):
                emit(text.isEmpty ? "\(stamp) caption cleared" : "\(stamp) caption: \(text)")
            case .prompt, .lesson(.predict), .lesson(.task):
                for l in lessonLines(e.kind, stamp: stamp) { emit(l) }
            case .lesson(.check), .session:
                break
            case .action(let a):
                switch a {
                case .toggle(let i, _, let v):
                    let name = i < sim.toggles.count ? sim.toggles[i].name : "toggle \(i)"
                    emit("\(stamp) toggle \(name) = \(v ? "True" : "False")")
                case .restart:
                    emit("\(stamp) restart from task 0 (toggles: \(togglesText(sim.toggles)))")
                case .collect:
                    let last = sim.recentEvents.last ?? ""
                    emit("\(stamp) gc.collect() now" + (last.isEmpty ? "" : ": " + last))
                case .back, .backTask:
                    emit("\(stamp) \(a == .back ? "back one statement" : "back one task"): step \(sim.steps), " + taskText(sim))
                case .nextEvent, .previousEvent, .goToEvent:
                    let verb = a == .nextEvent ? "] next event" : a == .previousEvent ? "[ previous event" : "to event"
                    emit("\(stamp) \(verb): " + (eventHere(sim) ?? "none") + " (step \(sim.steps))")
                case .pauseOn(let kinds):
                    emit("\(stamp) runs pause on: " + (kinds.isEmpty ? "nothing" : kinds.description))
                default:
                    break
                }
            }
            let rows = sim.rows
            if rows.count < printed { printed = rows.count }
            while printed < rows.count {
                emit(rowText(rows[printed]))
                printed += 1
            }
        }
        let t = sim.connectionTotals
        emit("end: \(sim.rows.count) task\(sim.rows.count == 1 ? "" : "s") finished, \(stateText(sim.state)), step \(sim.steps); open connections \(t.open) (\(t.leaked) leaked)")
    }

    /// A prompt's, a prediction's or a task's lines, as the handout prints them (the same in
    /// a comparison's narrative); none for other events.
    public static func lessonLines(_ kind: SessionEventKind, stamp: String) -> [String] {
        var out: [String] = []
        switch kind {
        case .prompt(let p):
            out.append("\(stamp) prompt: \(p.question)")
            for (i, c) in p.choices.enumerated() {
                out.append("  \(i + 1)) \(c)" + (i == p.answer ? "   <- answer" : ""))
            }
            if !p.explanation.isEmpty { out.append("  explanation: \(p.explanation)") }
        case .lesson(.predict(let p)):
            out.append("\(stamp) predict: \(p.question)")
            for (i, c) in p.choices.enumerated() {
                out.append("  \(i + 1)) \(c)" + (i == p.answer ? "   <- answer" : "   (misconception: \(p.misconceptions[i]))"))
            }
            if !p.explanation.isEmpty { out.append("  explanation: \(p.explanation)") }
        case .lesson(.task(let t)):
            out.append("\(stamp) task: \(t.text)")
            out.append("  goal: " + t.goal.map { "\($0.measure) \($0.expect)" }.joined(separator: ", "))
            for (i, h) in t.hints.enumerated() { out.append("  hint \(i + 1): \(h)") }
            out.append("  takeaway: \(t.takeaway)")
        default:
            break
        }
        return out
    }

    /// The newest event at or before where the run stands, as the event line shows it.
    static func eventHere(_ sim: Simulation) -> String? {
        // A finished program stands past its last statement: that statement's events show at steps + 1.
        let position = sim.steps + (sim.state == .running || sim.state == .ready ? 1 : 2)
        guard let i = sim.events.lastIndex(before: position) else { return nil }
        return Sanitize.printable(sim.events[i].text(failure: sim.events.failure))
    }

    static func togglesText(_ toggles: [Toggle]) -> String {
        toggles.isEmpty ? "(none)" : toggles.map { "\($0.name)=\($0.value ? "True" : "False")" }.joined(separator: ", ")
    }

    static func taskText(_ sim: Simulation) -> String {
        sim.currentTask.map { "in task \($0)" } ?? "outside the task loop"
    }

    static func stateText(_ s: RunState) -> String {
        switch s {
        case .ready: return "not started"
        case .running: return "paused mid-run"
        case .finished: return "the program finished"
        case .failed(let why): return "the program died: " + Sanitize.printable(why)
        case .stopped(let why): return "stopped: " + Sanitize.printable(why)
        }
    }

    /// `task K: open N, leaked M, ...`
    public static func rowText(_ r: TaskRow) -> String {
        var s = "task \(r.task): open \(r.open), leaked \(r.leaked), in use \(r.inUse), idle \(r.idle), "
            + "closed \(r.closedExplicit) explicitly and \(r.closedByFinalizer) by finalizers, "
            + "collections \(r.collections.map(String.init).joined(separator: "/"))"
        if !r.error.isEmpty { s += ", error: " + Sanitize.printable(r.error) }
        return s
    }
}
