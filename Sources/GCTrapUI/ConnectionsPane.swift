import GCTrapCore

/// Connections: pooled / leaked / held side by side, open against the server limit, a
/// chart of open connections per finished task with each collection marked, and the stack
/// where the selected connection was opened.
enum ConnectionsPane: PaneContent {
    static let pane = Pane.connections

    static func title(_ model: Model) -> String {
        let t = model.snapshot.totals
        return "Connections" + (t.refused > 0 ? " \(model.glyphs.separator) \(t.refused) refused" : "")
    }

    /// Statistic tokens, flowed onto as many lines as the width needs.
    static func tokens(_ model: Model) -> [[Span]] {
        let t = model.snapshot.totals
        let pooled = t.inUse + t.idle
        var out: [[Span]] = []
        if let size = t.poolSize {
            out.append([Span("pooled \(pooled)/\(size)", .connectionInUse, [.bold]),
                        Span(" (\(t.inUse) in use, \(t.idle) idle)", .dim)])
        } else {
            out.append([Span("pooled \(pooled)/-", .dim)])
        }
        out.append([Span("leaked \(t.leaked)", t.leaked > 0 ? .connectionLeaked : .normal, t.leaked > 0 ? [.bold] : [])])
        out.append([Span("held \(t.held)", t.held > 0 ? .connectionHeld : .normal, t.held > 0 ? [.bold] : [])])
        let openRole: ColorRole = t.open >= t.limit ? .error : (t.open * 5 >= t.limit * 4 ? .warning : .connectionOpen)
        out.append([Span("open \(t.open)/\(t.limit)", openRole, [.bold])])
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
        let minChart = 3
        let statHeight = min(stats.count, max(1, r.height - minChart - 1))
        let stackRoom = max(1, r.height - statHeight - minChart)
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

    /// Open connections per finished task: one column per task, or per bucket of tasks
    /// (the bucket's maximum) when there are more tasks than columns. The row under the
    /// bars shows the oldest generation collected in that column.
    static func drawChart(_ model: Model, into grid: inout Grid, _ r: Rect) {
        let rows = model.snapshot.rows
        let g = model.glyphs
        if rows.isEmpty {
            grid.write("open per task: no task finished yet", x: r.x, y: r.y, maxWidth: r.width, role: .dim)
            return
        }
        let columns = r.width
        let bucket = max(1, (rows.count + columns - 1) / columns)
        let used = (rows.count + bucket - 1) / bucket
        var values = [Int](repeating: 0, count: used)
        var marks = [Int](repeating: -1, count: used)
        rows.withUnsafeBufferPointer { rs in
            for k in 0..<rs.count {
                let c = k / bucket
                if rs[k].open > values[c] { values[c] = rs[k].open }
                for gen in rs[k].collectionsDuring where gen > marks[c] { marks[c] = gen }
            }
        }
        let peak = values.max() ?? 0
        let first = rows.first!.task, last = rows.last!.task
        let per = bucket > 1 ? ", \(bucket) tasks/col" : ""
        let label = "open per task \(first)-\(last) (peak \(peak)\(per)); digit = collection gen"
        grid.write(truncate(label, to: r.width, ellipsis: g.ellipsis), x: r.x, y: r.y, role: .dim)
        let barRows = r.height - 2
        let baseY = r.y + barRows          // last bar row
        if barRows >= 1 {
            let scale = max(peak, 10)   // a flat line of 1 should not fill the chart
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
        }
        let markY = r.maxY - 1
        for c in 0..<used where marks[c] >= 0 {
            grid.put(Unicode.Scalar(UInt8(48 + min(marks[c], 9))), x: r.x + c, y: markY, role: .gcCollection, attrs: [.bold])
        }
    }
}
