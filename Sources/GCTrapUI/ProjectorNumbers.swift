import GCTrapCore

/// Projector mode's three numbers in block digits: open connections against the server's
/// limit, generation 0's counter against its threshold, the task. When they do not fit,
/// the limit and threshold go small beside the big number, then the task goes small.
enum ProjectorNumbers {
    struct Field {
        var label: String
        var big: String
        var small: String     // shown in plain text after the digits when the big form does not fit
        var role: ColorRole
    }

    static func fields(_ model: Model) -> [Field] {
        let s = model.snapshot
        let t = s.totals
        let openRole: ColorRole = t.open >= t.limit ? .error : (t.open * 5 >= t.limit * 4 ? .warning : .connectionOpen)
        let count = s.gc.counts.first ?? 0, threshold = s.gc.thresholds.first ?? 0
        let gcRole: ColorRole = threshold > 0 && count * 10 >= threshold * 9 ? .warning : .normal
        return [
            Field(label: "open", big: "\(t.open)", small: "/\(t.limit)", role: openRole),
            Field(label: "gen 0", big: "\(count)", small: "/\(threshold)", role: gcRole),
            Field(label: "task", big: s.task.map(String.init) ?? "-", small: "", role: .normal),
        ]
    }

    /// How each field is drawn: the big text in digits, the rest in plain text.
    static func plan(_ fields: [Field], width: Int) -> [(big: String, small: String)] {
        let gap = 3
        func total(_ p: [(big: String, small: String)]) -> Int {
            zip(fields, p).reduce(0) { acc, e in
                acc + displayWidth(e.0.label) + 1 + BlockDigits.width(e.1.big)
                    + (e.1.small.isEmpty ? 0 : 1 + displayWidth(e.1.small))
            } + gap * (fields.count - 1)
        }
        let all = fields.map { ($0.big + $0.small, "") }
        if total(all) <= width { return all }
        let limitsSmall = fields.map { ($0.big, $0.small) }
        if total(limitsSmall) <= width { return limitsSmall }
        var taskSmall = limitsSmall
        taskSmall[taskSmall.count - 1] = ("", fields.last!.big)
        return taskSmall
    }

    static func draw(_ model: Model, into grid: inout Grid, _ r: Rect) {
        guard r.height >= 3, r.width > 0 else { return }
        let fields = fields(model)
        let plan = plan(fields, width: r.width - 2)
        var x = r.x + 1
        for (f, p) in zip(fields, plan) {
            grid.write(f.label, x: x, y: r.y + 1, maxWidth: r.maxX - x, role: .title, attrs: [.bold])
            x += displayWidth(f.label) + 1
            if !p.big.isEmpty {
                for (k, row) in BlockDigits.rows(p.big, ascii: model.glyphs.isASCII).enumerated() {
                    grid.write(row, x: x, y: r.y + k, maxWidth: r.maxX - x, role: f.role, attrs: [.bold])
                }
                x += BlockDigits.width(p.big) + 1
            }
            if !p.small.isEmpty {
                x = grid.write(p.small, x: x, y: r.y + 2, maxWidth: r.maxX - x, role: f.role, attrs: [.bold]) + 1
            }
            x += 2
        }
    }
}
