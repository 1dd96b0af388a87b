import GCTrapCore

/// The comparison screen, a pure function of the model. Two columns (each side's
/// Connections and GC panes) from 160 columns; below that the focused side and a delta
/// column. Under them the Code pane once, with each side's line marked, and an overlay chart
/// of both sides' open connections with a +/- delta row, so it reads without colour.
public func compareView(_ model: CompareModel) -> Grid {
    var grid = Grid(width: model.width, height: model.height)
    if model.isTooSmall {
        let text = "terminal too small: need \(Model.minimumWidth)x\(Model.minimumHeight), have \(model.width)x\(model.height)"
        grid.write(text, x: max(0, (model.width - text.count) / 2), y: model.height / 2, role: .warning, attrs: [.bold])
        return grid
    }
    if model.projector { return compareProjectorView(model) }
    let w = model.width, h = model.height
    drawCompareHeader(model, into: &grid, Rect(x: 0, y: 0, width: w, height: 1))
    drawDivergenceLines(model, into: &grid, Rect(x: 0, y: 1, width: w, height: 2))
    // The focused side's toggles (1-9 flip them on that side only; › marks the side).
    let focused = model.sides[model.focus]
    let toggleRows = Layout.toggleRows(focused.snapshot.toggles, width: w)
    drawToggleBar(focused, into: &grid, Rect(x: 0, y: 3, width: w, height: toggleRows))

    let available = h - 4 - toggleRows
    let bottomHeight = max(8, available * 2 / 5)
    let top = Rect(x: 0, y: 3 + toggleRows, width: w, height: available - bottomHeight)
    let bottom = Rect(x: 0, y: top.maxY, width: w, height: bottomHeight)
    if model.isWide {
        let n = model.sides.count
        for i in 0..<n {
            let x0 = i * w / n, x1 = (i + 1) * w / n
            drawSideColumn(model, i, into: &grid, Rect(x: x0, y: top.y, width: x1 - x0, height: top.height))
        }
    } else {
        let deltaWidth = w >= 100 ? 26 : 22
        let side = Rect(x: 0, y: top.y, width: w - deltaWidth, height: top.height)
        drawSideColumn(model, model.focus, into: &grid, side)
        drawDeltaColumn(model, into: &grid, Rect(x: side.maxX, y: top.y, width: deltaWidth, height: top.height))
    }
    let codeWidth = max(40, w * 9 / 20)
    drawCompareCode(model, into: &grid, Rect(x: 0, y: bottom.y, width: codeWidth, height: bottom.height))
    drawOverlayChart(model, into: &grid, Rect(x: codeWidth, y: bottom.y, width: w - codeWidth, height: bottom.height))
    drawCompareFooter(model, into: &grid, Rect(x: 0, y: h - 1, width: w, height: 1))
    if model.helpVisible { drawCompareHelp(model, into: &grid) }
    return grid
}

func drawCompareHeader(_ model: CompareModel, into grid: inout Grid, _ r: Rect) {
    grid.fill(r, with: Cell(" ", role: .header))
    let sep = " \(model.glyphs.separator) "
    let task = model.alignedTask.map { "task \($0) done" } ?? "before task 0"
    let parts = [" gctrap compare", model.sides[0].snapshot.scenario, model.labels.joined(separator: " | "), task,
                 "by \(model.criterion.rawValue)"]
    let state: Span
    if model.running {
        state = Span(" \(model.glyphs.running) running \(model.sides[0].speedText) ", .running, [.bold])
    } else if model.allOver {
        state = Span(" both ended ", .paused)
    } else {
        state = Span(" \(model.glyphs.paused) paused \(model.glyphs.separator) \(model.sides[0].speedText) ", .paused)
    }
    let sw = displayWidth(state.text)
    grid.write(truncate(parts.joined(separator: sep), to: max(0, r.width - sw - 1), ellipsis: model.glyphs.ellipsis),
               x: r.x, y: r.y, role: .header, attrs: [.bold])
    grid.write(state.text, x: max(r.x, r.maxX - sw), y: r.y, maxWidth: sw, role: state.role, attrs: state.attrs)
}

/// The divergence that matters now, in words: the one at the current task if there is one,
/// else the first (after the status, if any); its role, and whether it is the current task's.
func divergenceSummary(_ model: CompareModel) -> (text: String, role: ColorRole, current: Bool) {
    let found = model.tracker.found
    let here = model.alignedTask.flatMap { k in found.first { $0.task == k } }
    var text: String
    var role = ColorRole.warning
    if let d = here {
        let index = (found.firstIndex(of: d) ?? 0) + 1
        text = "\(index == 1 ? "first divergence" : "divergence \(index)"): \(d.text)"
    } else if let d = found.first {
        text = "first divergence: \(d.text)"
        role = .event
    } else {
        let through = model.alignedTask.map { " through task \($0)" } ?? ""
        text = "no divergence by \(model.criterion.rawValue)\(through) (\(model.criterion.explanation))"
        role = .dim
    }
    if let s = model.status { text = s + "  \(model.glyphs.separator)  " + text }
    return (text, role, here != nil)
}

/// The divergence summary wrapped to the rows given, never silently cut (all bold for a room).
func drawDivergenceLines(_ model: CompareModel, into grid: inout Grid, _ r: Rect, bold: Bool = false) {
    let (text, role, current) = divergenceSummary(model)
    let lines = wrap(text, width: r.width)
    for (i, line) in lines.prefix(r.height).enumerated() {
        var l = line
        if i == r.height - 1 && lines.count > r.height { l = truncate(line, to: r.width - 1, ellipsis: model.glyphs.ellipsis) + model.glyphs.ellipsis }
        grid.write(l, x: r.x, y: r.y + i, maxWidth: r.width, role: role, attrs: bold || (i == 0 && current) ? [.bold] : [])
    }
}

/// One side: its label, then its Connections and GC panes as the investigator draws them.
func drawSideColumn(_ model: CompareModel, _ i: Int, into grid: inout Grid, _ r: Rect) {
    guard r.height > 2, r.width > 10 else { return }
    var side = model.sides[i]
    side.focus = model.focus == i ? .connections : .code
    let focused = model.focus == i && model.sides.count > 1
    let label = " \(focused ? model.glyphs.pointer : " ") \(model.labels[i]) " + stateText(side.snapshot.state)
    grid.write(truncate(label, to: r.width, ellipsis: model.glyphs.ellipsis), x: r.x, y: r.y, maxWidth: r.width,
               role: focused ? .focusedTitle : .title, attrs: [.bold])
    let gcWidth = min(34, max(24, r.width * 2 / 5))
    let panes = Rect(x: r.x, y: r.y + 1, width: r.width, height: r.height - 1)
    drawPane(.connections, side, into: &grid, Rect(x: panes.x, y: panes.y, width: panes.width - gcWidth, height: panes.height))
    drawPane(.gc, side, into: &grid, Rect(x: panes.maxX - gcWidth, y: panes.y, width: gcWidth, height: panes.height))
}

public func stateText(_ s: RunState) -> String {
    switch s {
    case .failed(let why): return "died: " + String(why.prefix { $0 != ":" })
    case .stopped: return "stopped"
    case .finished: return "finished"
    case .ready, .running: return ""
    }
}

/// Below 160 columns: this side's figures beside the other side's, and the difference.
func drawDeltaColumn(_ model: CompareModel, into grid: inout Grid, _ r: Rect) {
    let other = model.focus == 0 ? 1 : 0
    let a = model.sides[model.focus].snapshot, b = model.sides[other].snapshot
    grid.box(r, title: "vs \(model.labels[other])", focused: false, glyphs: model.glyphs)
    let inner = r.inset(1)
    func row(_ name: String, _ x: Int, _ y: Int) -> [Span] {
        let d = y - x
        let delta = d == 0 ? "=" : (d > 0 ? "+\(d)" : "\(d)")
        let text = pad(name, to: 8) + pad(String(x), to: 5, right: true) + pad(String(y), to: 5, right: true)
        return [Span(text), Span(pad(delta, to: max(1, inner.width - displayWidth(text)), right: true),
                                 d == 0 ? .dim : .warning, d == 0 ? [] : [.bold])]
    }
    var lines: [[Span]] = [[Span(pad("", to: 8) + pad("this", to: 5, right: true) + pad("other", to: 6, right: true), .dim)]]
    lines.append(row("open", a.totals.open, b.totals.open))
    lines.append(row("leaked", a.totals.leaked, b.totals.leaked))
    lines.append(row("held", a.totals.held, b.totals.held))
    lines.append(row("in use", a.totals.inUse, b.totals.inUse))
    lines.append(row("gen0 cnt", a.gc.counts[0], b.gc.counts[0]))
    for g in 0..<3 { lines.append(row("gen\(g) col", a.gc.collections[g], b.gc.collections[g])) }
    lines.append(row("fin.clos", a.totals.closedByFinalizer, b.totals.closedByFinalizer))
    lines.append(row("explicit", a.totals.closedExplicit, b.totals.closedExplicit))
    for (i, l) in lines.prefix(inner.height).enumerated() {
        grid.write(l, x: inner.x, y: inner.y + i, maxWidth: inner.width)
    }
}

/// The scenario's source once, with a gutter column per side: the side's mark (`L`, `R`) at
/// the line it is on, its lower-case mark (`l`, `r`) on the lines that have run on that side
/// but not on every side (since the start or the last restart), so it reads without colour.
func drawCompareCode(_ model: CompareModel, into grid: inout Grid, _ r: Rect) {
    let marks = model.sides.indices.map { sideMark($0, model.glyphs) }
    let places = model.sides.map { ($0.snapshot.module, $0.snapshot.line) }
    let ran = model.sides.map(\.snapshot.mainLinesRun)
    let lines = model.sides[0].sources["__main__"] ?? []
    /// Per line: which sides ran it, when some did and some did not.
    func oneSided(_ n: Int) -> [Bool]? {
        let on = ran.map { $0.contains(n) }
        return on.contains(true) && on.contains(false) ? on : nil
    }
    let oneSidedCount = lines.indices.reduce(0) { $0 + (oneSided($1 + 1) == nil ? 0 : 1) }
    var title = "Code " + model.sides.indices.map { i in
        "\(model.glyphs.separator) \(marks[i]) \(model.labels[i]) " + (places[i].0 == "__main__" ? "line \(places[i].1)" : "in \(places[i].0) line \(places[i].1)")
    }.joined(separator: " ")
    if oneSidedCount > 0 {
        title += " \(model.glyphs.separator) \(model.sides.indices.map { ranMark($0) }.joined(separator: " ")): \(oneSidedCount) line\(oneSidedCount == 1 ? "" : "s") ran on one side only"
    }
    grid.box(r, title: title, focused: false, glyphs: model.glyphs)
    let inner = r.inset(1)
    guard !inner.isEmpty, !lines.isEmpty else { return }
    let follow = places[model.focus].0 == "__main__" ? places[model.focus].1 : 1
    let top = max(0, min(lines.count - inner.height, follow - 1 - inner.height / 2 + model.codeScroll))
    let numberWidth = String(lines.count).count
    for row in 0..<inner.height where top + row < lines.count {
        let n = top + row + 1
        var x = inner.x
        let only = oneSided(n)
        for (i, p) in places.enumerated() {
            let on = p.0 == "__main__" && p.1 == n
            if on {
                grid.write(marks[i], x: x, y: inner.y + row, role: .warning, attrs: [.bold])
            } else if only?[i] == true {
                grid.write(ranMark(i), x: x, y: inner.y + row, role: .event)
            } else {
                grid.write(" ", x: x, y: inner.y + row, role: .dim)
            }
            x += 1
        }
        grid.write(" " + pad(String(n), to: numberWidth, right: true) + " ", x: x, y: inner.y + row, role: .lineNumber)
        x += numberWidth + 2
        let isFocusedLine = places[model.focus].0 == "__main__" && places[model.focus].1 == n
        grid.write(lines[n - 1], x: x, y: inner.y + row, maxWidth: inner.maxX - x,
                   role: isFocusedLine ? .currentLine : (only != nil ? .event : .normal))
    }
}

/// "L", "R", then "3", "4"...: a side's mark in the gutter and the chart, readable without colour.
func sideMark(_ i: Int, _ glyphs: Glyphs) -> String {
    i == 0 ? "L" : i == 1 ? "R" : String(i + 1)
}

/// "l", "r", then "+": a line that ran on that side and not on every side.
func ranMark(_ i: Int) -> String {
    i == 0 ? "l" : i == 1 ? "r" : "+"
}

/// Both sides' open connections per task in one chart: a column per bucket of tasks, the
/// first side drawn as L, the second as R and both as a full block; the server limit as a
/// line; under it a delta row (+ the right side is higher, - lower) and the collections.
func drawOverlayChart(_ model: CompareModel, into grid: inout Grid, _ r: Rect) {
    let a = model.sides[0].snapshot, b = model.sides[min(1, model.sides.count - 1)].snapshot
    let usesPool = a.totals.poolSize != nil
    let glyphs = model.glyphs
    let both = glyphs.isASCII ? "#" : "█", onlyA = glyphs.isASCII ? "L" : "░", onlyB = glyphs.isASCII ? "R" : "▒"
    let title = "\(usesPool ? "in use" : "open") per task \(glyphs.separator) \(both) both \(onlyA) \(model.labels[0]) only \(onlyB) \(model.labels[min(1, model.labels.count - 1)]) only"
    grid.box(r, title: title, focused: false, glyphs: glyphs)
    let inner = r.inset(1)
    let n = max(a.rows.count, b.rows.count)
    guard n > 0, inner.height >= 5, inner.width > 10 else {
        grid.write("no task finished yet", x: inner.x, y: inner.y, maxWidth: inner.width, role: .dim)
        return
    }
    let limit = usesPool ? (a.totals.poolSize ?? 0) : a.totals.limit
    let labelWidth = max(String(limit).count, 3) + 1
    let width = min(inner.width - labelWidth, n)
    let perColumn = (n + width - 1) / width
    let columns = (n + perColumn - 1) / perColumn
    // Each column's maximum and collections from the block maxima, not by reading every row.
    func buckets(_ s: Snapshot) -> [(value: Int, collected: Bool)?] {
        let chart = s.chart
        return (0..<columns).map { c in
            let lo = c * perColumn, hi = min(s.rows.count, lo + perColumn)
            guard lo < hi else { return nil }
            let sum = chart.summary(lo, hi, of: s.rows)
            return (Int(usesPool ? sum.inUse : sum.open), sum.collected != 0)
        }
    }
    let ba = buckets(a), bb = buckets(b)
    let peak = (ba + bb).compactMap { $0?.value }.max() ?? 0
    let top = max(1, limit, peak)
    let chartHeight = inner.height - 3
    let limitRow = chartHeight - 1 - (limit * (chartHeight - 1) / top)
    for row in 0..<chartHeight {
        let floor = Double(top) * Double(chartHeight - row - 1) / Double(chartHeight)
        let y = inner.y + row
        var label = row == 0 ? String(top) : ""
        if row == limitRow && limit > 0 { label = String(limit) }
        if row == chartHeight - 1 { label = "0" }
        grid.write(pad(label, to: labelWidth - 1, right: true), x: inner.x, y: y, role: .dim)
        for c in 0..<columns {
            let x = inner.x + labelWidth + c
            let va = ba[c].map { Double($0.value) > floor } ?? false
            let vb = bb[c].map { Double($0.value) > floor } ?? false
            if va && vb {
                grid.write(both, x: x, y: y, role: .chartBar)
            } else if va {
                grid.write(onlyA, x: x, y: y, role: .reachable)
            } else if vb {
                grid.write(onlyB, x: x, y: y, role: .connectionOpen)
            } else if row == limitRow && limit > 0 {
                grid.write(glyphs.isASCII ? "-" : "┄", x: x, y: y, role: .error)
            }
        }
    }
    let deltaY = inner.y + chartHeight, gcY = deltaY + 1, axisY = gcY + 1
    grid.write(pad(glyphs.isASCII ? "+-" : "Δ", to: labelWidth - 1, right: true), x: inner.x, y: deltaY, role: .dim)
    grid.write(pad("gc", to: labelWidth - 1, right: true), x: inner.x, y: gcY, role: .dim)
    for c in 0..<columns {
        let x = inner.x + labelWidth + c
        if let p = ba[c], let q = bb[c], p.value != q.value {
            grid.write(q.value > p.value ? "+" : "-", x: x, y: deltaY, role: q.value > p.value ? .warning : .reachable, attrs: [.bold])
        }
        let ca = ba[c]?.collected ?? false, cb = bb[c]?.collected ?? false
        if ca || cb {
            grid.write(ca && cb ? "*" : (ca ? "L" : "R"), x: x, y: gcY, role: .gcCollection)
        }
    }
    let last = (n - 1)
    let axis = "task 0" + String(repeating: " ", count: max(1, columns - 6 - "task \(last)".count)) + "task \(last)"
    grid.write(truncate(axis, to: inner.width - labelWidth, ellipsis: glyphs.ellipsis), x: inner.x + labelWidth, y: axisY, role: .dim)
}

func drawCompareFooter(_ model: CompareModel, into grid: inout Grid, _ r: Rect) {
    let hints: [(String, String)] = [("]", "next divergence"), ("[", "previous"), ("f", "first"), ("d", "criterion"),
                                     ("Tab", "side"), ("t", "task"), ("c", "run"), ("b/B", "back"),
                                     ("1-9", "toggle (this side)"), ("?", "help"), ("q", "quit")]
    var x = r.x
    for (key, what) in hints {
        let need = displayWidth(key) + displayWidth(what) + 3
        if x + need > r.maxX { break }
        x = grid.write([Span(" \(key) ", .keyHint), Span(" \(what) ")], x: x, y: r.y, maxWidth: r.maxX - x)
    }
}

let compareHelpLines: [(String, String)] = [
    ("] [ f", "next / previous / first divergence (runs both sides on to find it)"),
    ("d", "divergence criterion: events, open, leaked, collections, error, heap"),
    ("Tab", "focus the other side (toggles, Code pane, narrow layout)"),
    ("1-9", "flip a toggle on the focused side only"),
    ("s n t", "statement, next, finish the task: both sides in lockstep"),
    ("c Space + -", "run or pause both, speed"),
    ("b B R g", "back a statement, back a task, restart, gc.collect(): both sides"),
    ("↑ ↓ PgUp PgDn", "scroll the Code pane"),
    ("L R", "each side's line in the Code pane and its columns in the chart"),
    ("l r", "Code pane: a line that has run on that side only (since the start)"),
    ("█ ░ ▒", "chart: both sides, left only, right only (ASCII: # L R)"),
    ("Δ + -", "chart: the right side is higher (+) or lower (-) than the left"),
    ("gc L R *", "chart: a collection on the left, the right, or both"),
    ("P", "projector layout: the divergence, each side's figures in big digits, the chart"),
    ("q", "quit"),
]

func drawCompareHelp(_ model: CompareModel, into grid: inout Grid) {
    let keyWidth = compareHelpLines.map { displayWidth($0.0) }.max() ?? 0
    let textWidth = compareHelpLines.map { displayWidth($0.1) }.max() ?? 0
    let w = min(grid.width - 2, keyWidth + textWidth + 6)
    let h = min(grid.height - 2, compareHelpLines.count + 4)
    let r = Rect(x: (grid.width - w) / 2, y: (grid.height - h) / 2, width: w, height: h)
    grid.fill(r)
    grid.box(r, title: "Help: compare", focused: true, glyphs: model.glyphs)
    let inner = r.inset(1)
    for (i, line) in compareHelpLines.enumerated() where i < inner.height - 1 {
        grid.write([Span(pad(line.0, to: keyWidth), .keyHint, [.bold]), Span("  " + line.1)],
                   x: inner.x + 1, y: inner.y + i, maxWidth: inner.width - 1)
    }
    grid.write("press any key to close", x: inner.x + 1, y: inner.maxY - 1, maxWidth: inner.width - 1, role: .dim)
}
