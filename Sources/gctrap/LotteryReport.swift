import Foundation
import GCTrapCore

/// `gctrap run --sweep-gen0-at-start`: the start-up lottery's table, for people (text) or
/// scripts (--csv, --json).
struct LotteryReport {
    let name: String
    let profile: PythonProfile
    let step: Int
    let limit: Int
    let runs: [LotteryRun]

    static let csvHeader = "gen0_at_start,first_collection_task,first_collection_gen,gc_gen0,gc_gen1,gc_gen2,peak_open,peak_open_task,peak_in_task,peak_in_task_task,tasks,error,error_task,stopped"

    func outcome(_ r: LotteryRun) -> String {
        if let e = r.error { return "died in task \(r.errorTask.map(String.init) ?? "?"): \(Sanitize.printable(e))" }
        if let s = r.stopped { return "stopped: " + Sanitize.printable(s) }
        return "finished \(r.tasks) task\(r.tasks == 1 ? "" : "s")"
    }

    func text() -> String {
        let t = profile.thresholds[0]
        var out = ["gctrap run \(name) --sweep-gen0-at-start (CPython \(profile.name) profile, gen-0 threshold \(t), step \(step))",
                   "gen-0 count when the loop starts, the first collection, the most open connections (server limit \(limit))",
                   ""]
        let head = ["gen0 at start", "first collection", "collections 0/1/2", "peak open: end / within", "within vs limit", "outcome"]
        var table: [[String]] = []
        for r in runs {
            let first = r.firstCollectionTask.map { "task \($0) (gen \(r.firstCollectionGeneration ?? 0))" } ?? "none"
            let peak = "\(r.peakOpen) / \(r.peakInTask)" + (r.peakInTaskTask.map { " (task \($0))" } ?? "")
            table.append([String(r.gen0AtStart), first, r.collections.map(String.init).joined(separator: "/"), peak,
                          bar(r.peakInTask), outcome(r)])
        }
        let widths = head.indices.map { i in max(head[i].count, table.map { $0[i].count }.max() ?? 0) }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in
                i == 0 ? c.leftPadded(widths[0]) : (i == cells.count - 1 ? c : c.padding(toLength: widths[i], withPad: " ", startingAt: 0))
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        out.append(line(head))
        for row in table { out.append(line(row)) }
        out.append("")
        out.append("within vs limit: the peak within a task on a scale whose right end, |, is the server limit")
        out.append("A real process reaches its loop with whatever count start-up left: measured 577 on 3.12 and")
        out.append("925-1047 on 3.13 after a few imports. gctrap verify FILE --gen0-at-start N checks a row on CPython.")
        return out.joined(separator: "\n")
    }

    /// The peak within a task on a 20-column scale whose right end is the server limit.
    func bar(_ peak: Int) -> String {
        let width = 20
        guard limit > 0 else { return "" }
        let filled = min(width, peak * width / limit)   // full only at the limit itself
        return "[" + String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled) + "|"
    }

    func csv() -> String {
        var lines = [Self.csvHeader]
        for r in runs {
            let cells: [String] = [
                String(r.gen0AtStart), r.firstCollectionTask.map(String.init) ?? "", r.firstCollectionGeneration.map(String.init) ?? "",
                String(r.collections[0]), String(r.collections[1]), String(r.collections[2]),
                String(r.peakOpen), r.peakOpenTask.map(String.init) ?? "", String(r.peakInTask), r.peakInTaskTask.map(String.init) ?? "",
                String(r.tasks), Sanitize.printable(r.error ?? ""), r.errorTask.map(String.init) ?? "",
                csvField(r.stopped.map(Sanitize.printable) ?? ""),
            ]
            lines.append(cells.joined(separator: ","))
        }
        return lines.joined(separator: "\n")
    }

    func csvField(_ s: String) -> String {
        s.contains(",") || s.contains("\"") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    func json() -> String {
        let obj: [String: Any] = [
            "scenario": name,
            "python": profile.name,
            "threshold0": profile.thresholds[0],
            "step": step,
            "limit": limit,
            "runs": runs.map { r -> [String: Any] in
                var o: [String: Any] = [
                    "gen0_at_start": r.gen0AtStart, "collections": r.collections, "peak_open": r.peakOpen,
                    "peak_in_task": r.peakInTask, "tasks": r.tasks,
                    "first_collection_task": r.firstCollectionTask.map { $0 as Any } ?? NSNull(),
                    "first_collection_gen": r.firstCollectionGeneration.map { $0 as Any } ?? NSNull(),
                    "error": r.error.map { $0 as Any } ?? NSNull(),
                    "error_task": r.errorTask.map { $0 as Any } ?? NSNull(),
                ]
                if let t = r.peakOpenTask { o["peak_open_task"] = t }
                if let t = r.peakInTaskTask { o["peak_in_task_task"] = t }
                if let s = r.stopped { o["stopped"] = s }
                return o
            },
        ]
        let data = try! JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys])
        return String(data: data, encoding: .utf8)!
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.hasSuffix(" ") { s.removeLast() }
        return s
    }
}
