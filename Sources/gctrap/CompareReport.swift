import Foundation
import GCTrapCore

/// The figures of `gctrap compare`, for people (a table with ratio columns), for documents
/// (Markdown) and for scripts (CSV, JSON).
struct CompareReport {
    let name: String
    let sides: [ComparisonSide]
    let sims: [Simulation]
    let criterion: DivergenceCriterion
    let divergences: [Divergence]

    init(name: String, sides: [ComparisonSide], sims: [Simulation], criterion: DivergenceCriterion) {
        self.name = name
        self.sides = sides
        self.sims = sims
        self.criterion = criterion
        divergences = Comparison.divergences(sides, by: criterion)
    }

    var first: Divergence? { divergences.first }

    /// One figure per side, with its number for the ratio column when it has one.
    struct Figure {
        var title: String
        var texts: [String]
        var numbers: [Int?]
    }

    var figures: [Figure] {
        var f: [Figure] = []
        let totals = sims.map(\.connectionTotals)
        f.append(Figure(title: "tasks finished", texts: sides.map { String($0.rows.count) }, numbers: sides.map { $0.rows.count }))
        f.append(Figure(title: "outcome", texts: sims.indices.map(outcome), numbers: sides.map { _ in nil }))
        f.append(Figure(title: "peak open (at a task's end)",
                        texts: sides.map { s in s.peak.map { "\($0.open) (task \($0.task))" } ?? "-" },
                        numbers: sides.map { $0.peak?.open }))
        for g in 0..<3 {
            f.append(Figure(title: "gen-\(g) collections", texts: sims.map { String($0.gcCollections[g]) },
                            numbers: sims.map { $0.gcCollections[g] }))
        }
        f.append(Figure(title: "closed by finalizers", texts: totals.map { String($0.closedByFinalizer) }, numbers: totals.map(\.closedByFinalizer)))
        f.append(Figure(title: "closed explicitly", texts: totals.map { String($0.closedExplicit) }, numbers: totals.map(\.closedExplicit)))
        f.append(Figure(title: "open at the end", texts: totals.map { "\($0.open) (\($0.leaked) leaked)" }, numbers: totals.map(\.open)))
        return f
    }

    func outcome(_ i: Int) -> String {
        switch sims[i].state {
        case .failed:
            let task = sides[i].rows.last(where: { !$0.error.isEmpty })?.task
            return "died: \(sims[i].uncaughtType ?? "error")" + (task.map { " in task \($0)" } ?? "")
        case .stopped(let s): return "stopped: " + Sanitize.printable(s)
        case .finished: return "finished"
        case .running, .ready: return "unfinished"
        }
    }

    /// "2.00x", or "-" where a ratio means nothing (a zero, a missing figure).
    static func ratio(_ a: Int?, _ b: Int?) -> String {
        guard let a, let b, a > 0 else { return "-" }
        return String(format: "%.2fx", Double(b) / Double(a))
    }

    var summaryLine: String {
        guard let d = first else {
            return "no divergence by \(criterion.rawValue): \(criterion.explanation) agree on every task"
        }
        return "first divergence: \(d.text)"
    }

    func text() -> String {
        var out: [String] = []
        out.append("gctrap compare \(name): " + sides.map(\.label).joined(separator: " | ") + "  (by \(criterion.rawValue))")
        out.append("")
        let twoSides = sides.count == 2
        var header = [""] + sides.map(\.label)
        if twoSides { header.append("right/left") }
        var table: [[String]] = [header]
        for f in figures {
            var row = [f.title] + f.texts
            if twoSides { row.append(Self.ratio(f.numbers[0], f.numbers[1])) }
            table.append(row)
        }
        out.append(contentsOf: Self.align(table))
        out.append("")
        out.append(summaryLine)
        if divergences.count > 1 {
            out.append("\(divergences.count) tasks diverge by \(criterion.rawValue); the next ones:")
            for d in divergences.dropFirst().prefix(4) { out.append("  " + d.text) }
        }
        return out.joined(separator: "\n")
    }

    func markdown() -> String {
        let twoSides = sides.count == 2
        var header = ["", ] + sides.map { "`\($0.label)`" }
        if twoSides { header.append("ratio") }
        var lines = ["**gctrap compare \(name)** (by \(criterion.rawValue))", "",
                     "| " + header.joined(separator: " | ") + " |",
                     "|" + header.map { _ in "---" }.joined(separator: "|") + "|"]
        for f in figures {
            var row = [f.title] + f.texts
            if twoSides { row.append(Self.ratio(f.numbers[0], f.numbers[1])) }
            lines.append("| " + row.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |")
        }
        lines.append("")
        lines.append(summaryLine)
        return lines.joined(separator: "\n")
    }

    static func align(_ table: [[String]]) -> [String] {
        let widths = (0..<(table.map(\.count).max() ?? 0)).map { c in table.map { c < $0.count ? $0[c].count : 0 }.max() ?? 0 }
        return table.map { row in
            row.enumerated().map { c, cell in
                c == 0 ? cell.padding(toLength: widths[c], withPad: " ", startingAt: 0) : cell.leftPadded(widths[c])
            }.joined(separator: "   ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
    }

    // MARK: CSV

    static let columns = TaskRow.csvHeader.split(separator: ",").dropFirst().map(String.init)

    var csvHeader: String {
        var h = ["task"]
        let prefixes = sides.count == 2 ? ["left", "right"] : sides.map { Self.columnPrefix($0.label) }
        for c in Self.columns {
            for p in prefixes { h.append("\(p)_\(c)") }
            if sides.count == 2 && c != "error" { h.append("delta_\(c)") }
        }
        return h.joined(separator: ",")
    }

    static func columnPrefix(_ label: String) -> String {
        String(label.map { $0.isLetter || $0.isNumber || $0 == "." ? $0 : "_" })
    }

    func writeCSV(_ out: StandardOutput) {
        out.write(csvHeader + "\n")
        let last = sides.map(\.lastTask).max() ?? -1
        var text = ""
        var k = 0
        while k <= last {
            let rows = sides.map { $0.row(k) }
            if rows.allSatisfy({ $0 == nil }) { k += 1; continue }
            let cells = rows.map { r in r.map { $0.csv.split(separator: ",", omittingEmptySubsequences: false).dropFirst().map(String.init) } }
            var line = [String(k)]
            for (ci, c) in Self.columns.enumerated() {
                for cs in cells { line.append(cs?[ci] ?? "") }
                if sides.count == 2 && c != "error" {
                    if let a = cells[0].flatMap({ Int($0[ci]) }), let b = cells[1].flatMap({ Int($0[ci]) }) {
                        line.append(String(b - a))
                    } else {
                        line.append("")
                    }
                }
            }
            text += line.joined(separator: ",") + "\n"
            if text.utf8.count > 1 << 16 { out.write(text); text = "" }
            k += 1
        }
        out.write(text)
    }

    // MARK: JSON

    func json() -> String {
        let totals = sims.map(\.connectionTotals)
        let perSide: [[String: Any]] = sides.indices.map { i in
            let s = sides[i]
            var o: [String: Any] = [
                "label": s.label,
                "python": s.profile.name,
                "tasks": s.rows.count,
                "outcome": outcome(i),
                "collections": sims[i].gcCollections,
                "closed_explicit": totals[i].closedExplicit,
                "closed_by_finalizer": totals[i].closedByFinalizer,
                "open": totals[i].open,
                "leaked": totals[i].leaked,
                "limit": totals[i].limit,
            ]
            if let p = s.peak { o["peak_open"] = p.open; o["peak_task"] = p.task }
            if let r = s.rows.first(where: { !$0.error.isEmpty }) { o["first_error"] = ["task": r.task, "type": r.error] as [String: Any] }
            return o
        }
        var obj: [String: Any] = [
            "scenario": name,
            "criterion": criterion.rawValue,
            "sides": perSide,
            "divergent_tasks": divergences.count,
        ]
        if let d = first { obj["first_divergence"] = ["task": d.task, "text": d.text] as [String: Any] }
        let data = try! JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys])
        return String(data: data, encoding: .utf8)!
    }
}
