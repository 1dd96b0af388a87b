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
        return [
            openField(s),
            gen0Field(s),
            Field(label: "task", big: s.task.map(String.init) ?? "-", small: "", role: .normal),
        ]
    }

    /// Open connections against the limit: warning from 80%, error at the limit.
    static func openField(_ s: Snapshot) -> Field {
        let t = s.totals
        let role: ColorRole = t.open >= t.limit ? .error : (t.open * 5 >= t.limit * 4 ? .warning : .connectionOpen)
        return Field(label: "open", big: "\(t.open)", small: "/\(t.limit)", role: role)
    }

    /// Generation 0's counter against its threshold: warning from 90%.
    static func gen0Field(_ s: Snapshot) -> Field {
        let count = s.gc.counts.first ?? 0, threshold = s.gc.thresholds.first ?? 0
        let role: ColorRole = threshold > 0 && count * 10 >= threshold * 9 ? .warning : .normal
        return Field(label: "gen 0", big: "\(count)", small: "/\(threshold)", role: role)
    }

    /// A comparison side's figures (the compare view's projector layout): open against the
    /// limit, leaked, and generation 0's counter against its threshold.
    static func comparisonFields(_ s: Snapshot) -> [Field] {
        [
            openField(s),
            Field(label: "leaked", big: "\(s.totals.leaked)", small: "", role: s.totals.leaked > 0 ? .warning : .normal),
            gen0Field(s),
        ]
    }

    /// How each field is drawn: the big text in digits, the rest in plain text.
    typealias Plan = [(big: String, small: String)]
    static let gap = 3

    /// The ways to draw the fields, widest first: all in digits; the limits in small type;
    /// the last field in small type too.
    static func candidates(_ fields: [Field]) -> [Plan] {
        let all = fields.map { ($0.big + $0.small, "") }
        let limitsSmall = fields.map { ($0.big, $0.small) }
        var lastSmall = limitsSmall
        lastSmall[lastSmall.count - 1] = ("", fields.last!.big + fields.last!.small)
        return [all, limitsSmall, lastSmall]
    }

    /// Columns a field takes drawn as `p` says (the gap after it not counted).
    static func width(_ f: Field, _ p: (big: String, small: String)) -> Int {
        displayWidth(f.label) + 1 + BlockDigits.width(p.big) + (p.small.isEmpty ? 0 : 1 + displayWidth(p.small))
    }

    /// The widest way that fits `width`, or the narrowest.
    static func plan(_ fields: [Field], width: Int) -> Plan {
        let c = candidates(fields)
        return c.first { p in zip(fields, p).reduce(0) { $0 + Self.width($1.0, $1.1) } + gap * (fields.count - 1) <= width } ?? c.last!
    }

    static func draw(_ model: Model, into grid: inout Grid, _ r: Rect) {
        draw(fields(model), ascii: model.glyphs.isASCII, into: &grid, r)
    }

    /// Draws the fields one after the other, or each from its column of `starts` (a
    /// comparison lines its sides' figures up).
    static func draw(_ fields: [Field], plan given: Plan? = nil, starts: [Int]? = nil, ascii: Bool,
                     into grid: inout Grid, _ r: Rect) {
        guard r.height >= 3, r.width > 0 else { return }
        let plan = given ?? plan(fields, width: r.width - 2)
        var x = r.x + 1
        for (i, (f, p)) in zip(fields, plan).enumerated() {
            if let starts, i < starts.count { x = starts[i] }
            grid.write(f.label, x: x, y: r.y + 1, maxWidth: r.maxX - x, role: .title, attrs: [.bold])
            x += displayWidth(f.label) + 1
            if !p.big.isEmpty {
                for (k, row) in BlockDigits.rows(p.big, ascii: ascii).enumerated() {
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
