import GCTrapCore

/// Connections: pooled / leaked / held side by side, open against the server limit, a
/// chart of open connections per finished task with each collection marked, and the stack
/// where the selected connection was opened.
enum ConnectionsPane: PaneContent {
    static let pane = Pane.connections
    static func hint(_ model: Model) -> String { "[leaked]: owner is garbage" }

    static func title(_ model: Model) -> String {
        let t = model.snapshot.totals
        return "Connections" + (t.refused > 0 ? " \(model.glyphs.separator) \(t.refused) refused" : "")
    }

    /// Statistic tokens, flowed onto as many lines as the width needs.
    static func tokens(_ model: Model) -> [[Span]] {
        let t = model.snapshot.totals
        let pooled = t.inUse + t.idle
        var out: [[Span]] = []
        // What matters first: open now and the most open within this task (the chart below
        // has each task's end); then where the open ones are.
        let openRole: ColorRole = t.open >= t.limit ? .error : (t.open * 5 >= t.limit * 4 ? .warning : .connectionOpen)
        out.append([Span("open now \(t.open)/\(t.limit)", openRole, [.bold])])
        out.append([Span("task peak \(max(t.peakInTask, t.open))", .normal)])
        if let size = t.poolSize {
            out.append([Span("pooled \(pooled)/\(size)", .connectionInUse, [.bold]),
                        Span(" (\(t.inUse) in use, \(t.idle) idle)", .dim)])
        }
        out.append([Span("leaked \(t.leaked)", t.leaked > 0 ? .connectionLeaked : .normal, t.leaked > 0 ? [.bold] : [])])
        out.append([Span("held \(t.held)", t.held > 0 ? .connectionHeld : .normal, t.held > 0 ? [.bold] : [])])
        if t.poolSize == nil { out.append([Span("pooled 0/-", .dim)]) }
        if t.refused > 0 { out.append([Span("refused \(t.refused)", .error, [.bold])]) }
        return out
    }

    static func flow(_ tokens: [[Span]], width: Int) -> [[Span]] {
        var lines: [[Span]] = []
        var line: [Span] = []
        var used = 0
        for tok in tokens {
            let w = tok.reduce(0) { $0 + displayWidth($1.text) }
            if !line.isEmpty, used + 2 + w > width {
                lines.append(line); line = []; used = 0
            }
            if !line.isEmpty { line.append(Span("  ")); used += 2 }
            line += tok
            used += w
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    /// It selects through the open connections (the stack shown is the selected one's).
    static func contentHeight(_ model: Model, width: Int) -> Int { model.snapshot.connections.count }

    static func scroll(_ m: inout Model, by delta: Int) {
        let n = m.snapshot.connections.count
        guard n > 0 else { return }
        let cur = m.selectedConnection ?? n - 1
        m.selectedConnection = min(max(0, cur + delta), n - 1)
    }

    /// nil follows the most recent connection; otherwise the selection stays in range.
    static func clamp(_ m: inout Model, inner: Rect) {
        if let c = m.selectedConnection {
            let n = m.snapshot.connections.count
            m.selectedConnection = n == 0 ? nil : min(max(0, c), n - 1)
        }
    }

    static func selected(_ model: Model) -> Int? {
        let n = model.snapshot.connections.count
        guard n > 0 else { return nil }
        return min(max(0, model.selectedConnection ?? n - 1), n - 1)
    }

    static func stackLines(_ model: Model) -> [[Span]] {
        let s = model.snapshot
        guard let i = selected(model) else { return [[Span("no open connection", .dim)]] }
        let c = s.connections[i]
        let role: ColorRole
        switch c.state {
        case .leaked: role = .connectionLeaked
        case .held: role = .connectionHeld
        case .idle: role = .connectionIdle
        case .inUse: role = .connectionInUse
        }
        var head: [Span] = [Span("conn #\(c.connectionID) ", .normal, [.bold]), Span(c.state.rawValue, role, [.bold])]
        if let t = c.openedInTask { head.append(Span(" task \(t)", .dim)) }
        head.append(Span(" (\(i + 1)/\(s.connections.count)) opened at:", .dim))
        var out = [head]
        for e in c.openedAt {
            out.append([Span("  \(e.function) ", .normal), Span("\(e.module):\(e.line)", .dim)])
        }
        return out
    }

    static func draw(_ model: Model, into grid: inout Grid, _ r: Rect) {
        guard !r.isEmpty else { return }
        var stats = flow(tokens(model), width: r.width)
        if r.height >= 12 {
            let t = model.snapshot.totals
            stats.append([Span("closed \(t.closedExplicit) explicitly, \(t.closedByFinalizer) by finalizer", .dim)])
        }
        var stack = stackLines(model)
        // The chart takes what the numbers and the stack leave, and at least 7 rows (a
        // label, 5 of bars, the collection marks) when the pane has 14 or more.
        // Below 8 rows a chart would be a line of noise: the numbers take the room.
        let minChart = r.height >= 14 ? 7 : (r.height >= 8 ? 3 : 0)
        let statHeight = min(stats.count, max(1, r.height - minChart - 1))
        let stackRoom = max(1, min(r.height - statHeight - minChart, max(3, (r.height - statHeight) / 3)))
        if stack.count > stackRoom {
            if stackRoom <= 2 {
                stack = Array(stack.prefix(stackRoom))
            } else {
                let hidden = stack.count - stackRoom + 1
                stack = Array(stack.prefix(stackRoom - 1)) + [[Span("  ... \(hidden) more frames", .dim)]]
            }
        }
        var y = r.y
        for line in stats.prefix(statHeight) {
            grid.write(line, x: r.x, y: y, maxWidth: r.width); y += 1
        }
        let chartHeight = r.maxY - y - stack.count
        if chartHeight >= 2 {
            drawChart(model, into: &grid, Rect(x: r.x, y: y, width: r.width, height: chartHeight))
        }
        y = r.maxY - stack.count
        for line in stack where y < r.maxY {
            if y >= r.y { grid.write(line, x: r.x, y: y, maxWidth: r.width) }
            y += 1
        }
    }

    /// What the chart plots: what climbs. A pool's checked-out connections against its size
    /// (its open count stays flat), else open connections against the server limit.
    static func chartSeries(_ s: Snapshot) -> (name: String, limit: Int, limitName: String, usesPool: Bool) {
        if let size = s.totals.poolSize { return ("in use", size, "pool size", true) }
        return ("open", s.totals.limit, "limit", false)
    }

    /// The chart's first row, the longest form that fits ("open at each task's end, tasks
    /// 0-999, 16 per column; digits: collections by generation").
    static func chartLabel(_ name: String, first: Int, last: Int, bucket: Int, width: Int) -> String {
        let per = bucket > 1 ? ", \(bucket) per column" : ""
        let forms = [
            "\(name) at each task's end, tasks \(first)-\(last)\(per); digit: a collection (generation)",
            "\(name) at each task's end, tasks \(first)-\(last)\(per); digit: collection gen",
            "\(name) at each task's end, tasks \(first)-\(last)\(per)",
            "\(name) at task ends \(first)-\(last)\(bucket > 1 ? " (\(bucket)/col)" : "")",
            "\(name) at task ends",
        ]
        return forms.first { displayWidth($0) <= width } ?? forms.last!
    }

    /// Per finished task, what climbs (open, or a pool's in use) at the task's end: one column
    /// per task, or per bucket of tasks (the bucket's maximum). The scale is the server
    /// limit or the pool size, drawn as a dashed line with its value; the row under the
    /// bars shows the oldest generation collected in each column.
    static func drawChart(_ model: Model, into grid: inout Grid, _ r: Rect) {
        let s = model.snapshot
        let rows = s.rows
        let g = model.glyphs
        let series = chartSeries(s)
        if rows.isEmpty {
            grid.write(truncate("\(series.name) at each task's end: no task finished yet", to: r.width, ellipsis: g.ellipsis),
                       x: r.x, y: r.y, role: .dim)
            return
        }
        let limitLabel = " \(series.limitName) \(series.limit)"
        let columns = max(1, r.width)
        let bucket = max(1, (rows.count + columns - 1) / columns)
        let used = (rows.count + bucket - 1) / bucket
        var values = [Int](repeating: 0, count: used)
        var marks = [Int](repeating: -1, count: used)
        // Each column's maximum from the block maxima, not by reading every row.
        let chart = s.chart
        for c in 0..<used {
            let b = chart.summary(c * bucket, (c + 1) * bucket, of: rows)
            values[c] = Int(series.usesPool ? b.inUse : b.open)
            marks[c] = b.highestGeneration
        }
        let first = rows.first!.task, last = rows.last!.task
        grid.write(chartLabel(series.name, first: first, last: last, bucket: bucket, width: r.width), x: r.x, y: r.y,
                   maxWidth: r.width, role: .dim)
        let barRows = r.height - 2
        let baseY = r.y + barRows          // last bar row
        if barRows >= 1 {
            // The top bar row is the limit: its dashed line, and its value at the right.
            let scale = max(series.limit, values.max() ?? 0, 1)
            let lineY = r.y + 1
            let dash: Unicode.Scalar = g.isASCII ? "-" : "┄"
            for x in 0..<r.width { grid.put(dash, x: r.x + x, y: lineY, role: .warning) }
            for c in 0..<used {
                var eighths = values[c] * barRows * 8 / scale
                if values[c] > 0 && eighths == 0 { eighths = 1 }
                var y = baseY
                while eighths > 0 && y > r.y {
                    let level = min(8, eighths)
                    grid.put(g.bars[level], x: r.x + c, y: y, role: .chartBar)
                    eighths -= level
                    y -= 1
                }
            }
            let lx = r.maxX - displayWidth(limitLabel)
            if lx >= r.x { grid.write(limitLabel, x: lx, y: lineY, maxWidth: r.maxX - lx, role: .warning, attrs: [.bold]) }
        }
        let markY = r.maxY - 1
        for c in 0..<used where marks[c] >= 0 {
            grid.put(Unicode.Scalar(UInt8(48 + min(marks[c], 9))), x: r.x + c, y: markY, role: .gcCollection, attrs: [.bold])
        }
    }
}
