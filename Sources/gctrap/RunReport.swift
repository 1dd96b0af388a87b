import Foundation
import GCTrapCore

/// The end-of-run summary of `gctrap run`: for people (text with a chart) or scripts (JSON).
struct RunReport {
    let sim: Simulation
    let name: String

    /// The most open at a task's end, and the first task that ended so.
    var peak: (open: Int, task: Int)? {
        sim.rows.max { a, b in a.open < b.open || (a.open == b.open && a.task > b.task) }.map { ($0.open, $0.task) }
    }

    /// The most open at any moment within a task (db.peak_in_task), and the first such task.
    var peakInTask: (open: Int, task: Int)? {
        sim.rows.max { a, b in a.peakInTask < b.peakInTask || (a.peakInTask == b.peakInTask && a.task > b.task) }
            .map { ($0.peakInTask, $0.task) }
    }

    var outcome: String {
        switch sim.state {
        case .failed(let s): return "died: " + Sanitize.printable(s)
        case .stopped(let s): return "stopped: " + Sanitize.printable(s)
        case .finished: return "finished"
        case .running, .ready: return "unfinished"
        }
    }

    func text() -> String {
        var out: [String] = []
        let t = sim.connectionTotals
        let rows = sim.rows
        let lottery = sim.gen0AtStart == 0 ? "" : ", gen-0 count \(sim.gen0AtStart) at the loop's start"
        out.append("gctrap run \(name) (CPython \(sim.profile.name) profile\(lottery)): \(rows.count) task\(rows.count == 1 ? "" : "s"), \(outcome)")
        if let p = peak, let q = peakInTask {
            out.append("peak open connections: \(p.open) at the end of task \(p.task); \(q.open) within task \(q.task) (server limit \(t.limit))")
        } else {
            out.append("peak open connections: none (no task finished)")
        }
        if let first = rows.first(where: { !$0.error.isEmpty }) {
            out.append("first error: \(first.error) in task \(first.task)")
        } else if case .failed(let s) = sim.state {
            out.append("first error: \(Sanitize.printable(s))")
        } else {
            out.append("first error: none")
        }
        let g = sim.gcCollections
        out.append("collections: gen 0: \(g[0]), gen 1: \(g[1]), gen 2: \(g[2]) (gc.collect() calls included)")
        out.append("connections closed: \(t.closedExplicit) explicitly, \(t.closedByFinalizer) by finalizers; still open: \(t.open) (\(t.leaked) leaked, \(t.held) held)")
        if !rows.isEmpty {
            out.append("")
            out.append(contentsOf: chart(rows, width: 64, height: 8))
        }
        return out.joined(separator: "\n")
    }

    /// Open connections per task, one column per bucket of tasks; collections marked below.
    func chart(_ rows: TaskRows, width: Int, height: Int) -> [String] {
        let columns = min(width, rows.count)
        let perColumn = (rows.count + columns - 1) / columns
        var peaks: [Int] = [], marks: [Character] = []
        var i = 0
        while i < rows.count {
            let slice = rows[i..<min(rows.count, i + perColumn)]
            peaks.append(slice.map(\.open).max() ?? 0)
            let gens = slice.flatMap(\.collectionsDuring)
            marks.append(gens.isEmpty ? " " : Character(String(gens.max()!)))
            i += perColumn
        }
        let top = max(1, peaks.max() ?? 1)
        var lines: [String] = ["open connections per task (\(perColumn) task\(perColumn == 1 ? "" : "s") per column)"]
        let label = String(top).count
        for level in stride(from: height, through: 1, by: -1) {
            let threshold = Double(top) * Double(level - 1) / Double(height)
            var line = level == height ? String(top).leftPadded(label) : (level == 1 ? "0".leftPadded(label) : String(repeating: " ", count: label))
            line += " |"
            for p in peaks { line += Double(p) > threshold && p > 0 ? "#" : " " }
            lines.append(line)
        }
        lines.append(String(repeating: " ", count: label) + " +" + String(repeating: "-", count: peaks.count))
        lines.append(String(repeating: " ", count: label) + "  " + String(marks) + "  <- collections (generation)")
        let last = rows.last!.task
        lines.append(String(repeating: " ", count: label) + "  task 0" + String(repeating: " ", count: max(1, peaks.count - 6 - String(last).count - 5)) + "task \(last)")
        return lines
    }

    func json() -> String {
        let t = sim.connectionTotals
        var obj: [String: Any] = [
            "scenario": name,
            "python": sim.profile.name,
            "tasks": sim.rows.count,
            "outcome": outcome,
            "collections": sim.gcCollections,
            "closed_explicit": t.closedExplicit,
            "closed_by_finalizer": t.closedByFinalizer,
            "open": t.open,
            "limit": t.limit,
            "gen0_at_start": sim.gen0AtStart,
        ]
        if let p = peak { obj["peak_open"] = p.open; obj["peak_task"] = p.task }
        if let q = peakInTask { obj["peak_in_task"] = q.open; obj["peak_in_task_task"] = q.task }
        if let e = sim.uncaughtType { obj["error"] = e }
        obj["rows"] = sim.rows.map { r -> [String: Any] in
            ["task": r.task, "open": r.open, "peak_in_task": r.peakInTask, "in_use": r.inUse, "idle": r.idle, "leaked": r.leaked,
             "closed_explicit": r.closedExplicit, "closed_by_finalizer": r.closedByFinalizer,
             "gc_gen0": r.collections[0], "gc_gen1": r.collections[1], "gc_gen2": r.collections[2],
             "gc_count0": r.count0, "error": r.error]
        }
        let data = try! JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys])
        return String(data: data, encoding: .utf8)!
    }
}

extension String {
    func leftPadded(_ n: Int) -> String {
        count >= n ? self : String(repeating: " ", count: n - count) + self
    }
}
