import GCTrapCore

/// A styled piece of text.
public struct Span: Equatable, Sendable {
    public var text: String
    public var role: ColorRole
    public var attrs: Attr
    public init(_ text: String, _ role: ColorRole = .normal, _ attrs: Attr = []) {
        self.text = text; self.role = role; self.attrs = attrs
    }
}

extension Grid {
    /// Write spans one after another from (x, y), clipped to `maxWidth` columns.
    @discardableResult
    public mutating func write(_ spans: [Span], x: Int, y: Int, maxWidth: Int) -> Int {
        var cx = x
        let limit = x + maxWidth
        for s in spans {
            if cx >= limit { break }
            cx = write(s.text, x: cx, y: y, maxWidth: limit - cx, role: s.role, attrs: s.attrs)
        }
        return cx
    }
}

/// Thousands separators: 20812 -> "20,812".
func grouped(_ n: Int) -> String {
    let s = String(abs(n))
    if s.count <= 3 { return n < 0 ? "-" + s : s }
    var out = ""
    for (i, c) in s.enumerated() {
        if i > 0, (s.count - i) % 3 == 0 { out.append(",") }
        out.append(c)
    }
    return n < 0 ? "-" + out : out
}

/// The whole screen, a pure function of the model.
public func view(_ model: Model) -> Grid {
    var grid = Grid(width: model.width, height: model.height)
    if model.isTooSmall {
        let text = "terminal too small: need \(Model.minimumWidth)x\(Model.minimumHeight), have \(model.width)x\(model.height)"
        let x = max(0, (model.width - text.count) / 2)
        grid.write(text, x: x, y: model.height / 2, role: .warning, attrs: [.bold])
        return grid
    }
    let layout = Layout(width: model.width, height: model.height)
    drawHeader(model, into: &grid, layout.header)
    drawToggleBar(model, into: &grid, layout.toggleBar)
    for pane in Pane.allCases {
        drawPane(pane, model, into: &grid, layout.rect(pane))
    }
    drawEventLine(model, into: &grid, layout.eventLine)
    drawFooter(model, into: &grid, layout.footer)
    if model.helpVisible { drawHelp(model, into: &grid) }
    return grid
}

/// Draw one pane (border, title and content) into `rect`.
public func drawPane(_ pane: Pane, _ model: Model, into grid: inout Grid, _ rect: Rect) {
    let content = pane.content
    grid.box(rect, title: content.title(model), focused: model.focus == pane, glyphs: model.glyphs)
    content.draw(model, into: &grid, rect.inset(1))
}

/// Render one pane alone, at the size the layout gives it on a `model.width` x
/// `model.height` screen (per-pane golden frames).
public func viewPane(_ pane: Pane, _ model: Model) -> Grid {
    let r = Layout(width: model.width, height: model.height).rect(pane)
    var grid = Grid(width: r.width, height: r.height)
    drawPane(pane, model, into: &grid, Rect(x: 0, y: 0, width: r.width, height: r.height))
    return grid
}

func runStateSpan(_ model: Model) -> Span {
    let g = model.glyphs
    switch model.snapshot.state {
    case .finished: return Span(" finished ", .paused)
    case .failed(let why): return Span(" failed: \(why) ", .error, [.bold])
    case .stopped(let why): return Span(" stopped: \(why) ", .warning)
    case .ready, .running:
        if model.running { return Span(" \(g.running) running \(model.speedText) ", .running, [.bold]) }
        return Span(" \(g.paused) paused \(g.separator) \(model.speedText) ", .paused)
    }
}

func drawHeader(_ model: Model, into grid: inout Grid, _ r: Rect) {
    let s = model.snapshot
    grid.fill(r, with: Cell(" ", role: .header))
    let sep = " \(model.glyphs.separator) "
    var task = "task " + (s.task.map(String.init) ?? "-")
    if let total = s.totalTasks { task += "/\(total)" }
    // Most important first; the tail is dropped when the line is too narrow.
    var parts = [" gctrap", s.scenario, "Python " + s.profile.name, task,
                 "done \(s.tasksFinished)", "step \(s.steps)"]
    let stateWidth0 = displayWidth(runStateSpan(model).text)
    while parts.count > 4, displayWidth(parts.joined(separator: sep)) + stateWidth0 + 2 > r.width {
        parts.removeLast()
    }
    let left = parts.joined(separator: sep) + " "
    let state = runStateSpan(model)
    let stateWidth = displayWidth(state.text)
    let leftMax = max(0, r.width - stateWidth - 1)
    grid.write(truncate(left, to: leftMax, ellipsis: model.glyphs.ellipsis), x: r.x, y: r.y,
               role: .header, attrs: [.bold])
    let sx = max(r.x + min(displayWidth(left), leftMax) + 1, r.maxX - stateWidth)
    grid.write(state.text, x: sx, y: r.y, maxWidth: r.maxX - sx, role: state.role, attrs: state.attrs)
}

func drawToggleBar(_ model: Model, into grid: inout Grid, _ r: Rect) {
    let toggles = model.snapshot.toggles
    if toggles.isEmpty {
        grid.write("toggles: (none in this scenario)", x: r.x, y: r.y, maxWidth: r.width, role: .dim)
        return
    }
    let spans = Layout.toggleSpans(toggles, width: r.width)
    if let first = spans.first, first.x >= 9 {
        grid.write("toggles: ", x: r.x, y: r.y, role: .dim)
    }
    for s in spans {
        let on = toggles[s.index].value
        grid.write(s.text, x: r.x + s.x, y: r.y, maxWidth: r.maxX - (r.x + s.x),
                   role: on ? .toggleOn : .toggleOff, attrs: on ? [.bold] : [])
    }
}

func drawEventLine(_ model: Model, into grid: inout Grid, _ r: Rect) {
    let text = model.status ?? model.events.last ?? ""
    let role: ColorRole = model.status != nil ? .warning : .event
    grid.write(model.glyphs.isASCII ? "> " : "» ", x: r.x, y: r.y, role: .dim)
    grid.write(truncate(text, to: r.width - 2, ellipsis: model.glyphs.ellipsis), x: r.x + 2, y: r.y,
               maxWidth: r.width - 2, role: role)
}

let footerHints: [(String, String)] = [
    ("s", "step"), ("n", "next"), ("t", "task"), ("c", "run"), ("+-", "speed"), ("b/B", "back"),
    ("g", "gc"), ("1-9", "toggle"), ("R", "restart"), ("Tab", "pane"), ("Enter", "why"),
    ("?", "help"), ("q", "quit"),
]

func drawFooter(_ model: Model, into grid: inout Grid, _ r: Rect) {
    // "? help  q quit" always shows, at the right; the other hints fill from the left.
    let pinned = footerHints.suffix(2)
    let pinnedWidth = pinned.reduce(0) { $0 + $1.0.count + $1.1.count + 2 }
    var x = r.x
    for (key, what) in footerHints.dropLast(2) {
        let need = key.count + what.count + 2
        if x + need > r.maxX - pinnedWidth { break }
        x = grid.write(key, x: x, y: r.y, role: .keyHint, attrs: [.reverse])
        x = grid.write(" " + what + " ", x: x, y: r.y, role: .normal)
    }
    x = max(x, r.maxX - pinnedWidth)
    for (key, what) in pinned {
        x = grid.write(key, x: x, y: r.y, role: .keyHint, attrs: [.reverse])
        x = grid.write(" " + what + " ", x: x, y: r.y, role: .normal)
    }
}

let helpLines: [(String, String)] = [
    ("s", "step one statement (into calls)"),
    ("n", "next statement in this frame"),
    ("t", "finish the current task"),
    ("c, space", "run / pause"),
    ("+ / -", "speed (tasks per second)"),
    ("b", "step back one statement"),
    ("B", "back one task"),
    ("g", "run gc.collect() now"),
    ("1-9", "flip a toggle (from the next read)"),
    ("R", "restart from task 0, same toggles"),
    ("Tab, S-Tab", "focus next / previous pane"),
    ("arrows, hjkl", "scroll / select in the pane"),
    ("PgUp, PgDn", "scroll a page"),
    ("Enter", "on an object: why alive / what frees it"),
    ("mouse", "click a toggle or a pane"),
    ("?", "this help (Esc closes)"),
    ("q", "quit"),
]

func drawHelp(_ model: Model, into grid: inout Grid) {
    let keyWidth = helpLines.map { $0.0.count }.max() ?? 0
    let textWidth = helpLines.map { $0.1.count }.max() ?? 0
    let w = min(grid.width - 2, keyWidth + textWidth + 6)
    let h = min(grid.height - 2, helpLines.count + 4)
    let r = Rect(x: (grid.width - w) / 2, y: (grid.height - h) / 2, width: w, height: h)
    grid.fill(r)
    grid.box(r, title: "Help", focused: true, glyphs: model.glyphs)
    let inner = r.inset(1)
    for (i, line) in helpLines.enumerated() where i < inner.height - 1 {
        grid.write([Span(pad(line.0, to: keyWidth), .keyHint, [.bold]), Span("  " + line.1)],
                   x: inner.x + 1, y: inner.y + i, maxWidth: inner.width - 1)
    }
    if inner.height > 1 {
        grid.write("press ? or Esc to close", x: inner.x + 1, y: inner.maxY - 1,
                   maxWidth: inner.width - 1, role: .dim)
    }
}
