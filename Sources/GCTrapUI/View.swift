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
    let layout = Layout(model)
    grid.palette = model.projector ? .projector : .standard
    drawHeader(model, into: &grid, layout.header)
    drawToggleBar(model, into: &grid, layout.toggleBar)
    if model.projector { ProjectorNumbers.draw(model, into: &grid, layout.numbers) }
    for pane in Pane.allCases where layout.shows(pane) {
        drawPane(pane, model, into: &grid, layout.rect(pane))
    }
    if let g = model.graph {
        GraphView.draw(model.snapshot, g, glyphs: model.glyphs, into: &grid, layout.graph)
    }
    if let ev = model.eventsView {
        EventsView.draw(model, ev, into: &grid, EventsView.rect(layout))
    }
    FailureBanner.draw(model, into: &grid, layout.banner)
    drawEventLine(model, into: &grid, layout.eventLine)
    drawFooter(model, into: &grid, layout.footer)
    if model.helpVisible { drawHelp(model, into: &grid) }
    return grid
}

/// Draw one pane (border, title and content) into `rect`.
public func drawPane(_ pane: Pane, _ model: Model, into grid: inout Grid, _ rect: Rect) {
    let content = pane.content
    let shift = model.hscroll[pane.rawValue]
    var title = content.title(model)
    if shift > 0 { title += " \(model.glyphs.separator) from column \(shift + 1)" }
    // A one-line hint of what the pane's marks mean, when the border has room for it.
    let hint = content.hint(model)
    if !hint.isEmpty, displayWidth(title) + displayWidth(hint) + 3 <= rect.width - 4 { title += " \(model.glyphs.separator) " + hint }
    grid.box(rect, title: title, focused: model.focus == pane, glyphs: model.glyphs)
    let inner = rect.inset(1)
    guard shift > 0, pane != .code, !inner.isEmpty else {
        content.draw(model, into: &grid, inner)   // Code scrolls its source itself, keeping the line numbers
        return
    }
    // Scrolled sideways: draw the content with room for all of it, then show the columns
    // from `shift`, and its scroll hints at the right of the border.
    let room = inner.width + sidewaysRoom
    var wide = Grid(width: room, height: rect.height)
    content.draw(model, into: &wide, Rect(x: 0, y: 1, width: room, height: inner.height))
    for y in 1..<max(1, rect.height - 1) {
        for x in 0..<inner.width where x + shift < room {
            var c = wide[x + shift, y]
            if c.isContinuation { c = Cell(" ", role: c.role, attrs: c.attrs) }
            grid[inner.x + x, rect.y + y] = c
        }
    }
    for y in [0, rect.height - 1] {
        // The hints ("↓ 5 more") were drawn at the wide grid's right edge.
        var hint: [Cell] = []
        var x = room - 1
        while x >= 0, wide[x, y].scalar != " " || (x > 0 && wide[x - 1, y].scalar != " ") { hint.insert(wide[x, y], at: 0); x -= 1 }
        for (k, c) in hint.enumerated() where inner.maxX - hint.count + k >= inner.x {
            grid[inner.maxX - hint.count + k, rect.y + y] = c
        }
    }
}

/// Columns a pane may scroll past its box: its content is drawn this much wider.
let sidewaysRoom = 240

/// Render one pane alone, at the size the layout gives it on a `model.width` x
/// `model.height` screen (per-pane golden frames).
public func viewPane(_ pane: Pane, _ model: Model) -> Grid {
    let r = Layout(model).rect(pane)
    var grid = Grid(width: r.width, height: r.height)
    drawPane(pane, model, into: &grid, Rect(x: 0, y: 0, width: r.width, height: r.height))
    return grid
}

func runStateSpan(_ model: Model) -> Span {
    let g = model.glyphs
    switch model.snapshot.state {
    case .finished: return Span(" finished ", .paused)
    case .failed:
        // The error itself is in the banner below, whole; here only where it happened.
        let task = model.snapshot.failure?.task.map { " in task \($0)" } ?? ""
        return Span(" died\(task) ", .error, [.bold])
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
    // After a failure the task is the one it died in (the loop is over, but that is the context).
    var task = "task " + ((s.task ?? s.failure?.task).map(String.init) ?? "-")
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
    grid.write(Layout.toggleLabel, x: r.x, y: r.y, role: .dim)
    for s in spans {
        let on = toggles[s.index].value
        grid.write(s.text, x: r.x + s.x, y: r.y + s.row, maxWidth: r.maxX - (r.x + s.x),
                   role: on ? .toggleOn : .toggleOff, attrs: on ? [.bold] : [])
    }
}

/// The newest notable event, while the event line keeps it: for a few seconds after it
/// happened, and as long as the run stands just after it (after `]`, `[`, or the failure).
func heldEvent(_ model: Model) -> RunEvent? {
    guard let e = model.snapshot.events.last else { return nil }
    if model.eventHold > 0 || e.step == model.snapshot.steps { return e }
    if e.kind == .uncaught && model.snapshot.failure != nil { return e }
    return nil
}

func drawEventLine(_ model: Model, into grid: inout Grid, _ r: Rect) {
    var text = model.status ?? model.events.last ?? ""
    var role: ColorRole = model.status != nil ? .warning : .event
    if model.status == nil, let e = heldEvent(model) {
        text = e.text(failure: model.snapshot.events.failure)
        role = EventsView.role(e.kind)
    }
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
    ("] / [", "run to the next event / back to the previous one"),
    ("e", "events: collections, new highs, refusals, failure"),
    ("p", "pause runs on collections and errors (on/off)"),
    ("1-9", "flip a toggle (from the next read)"),
    ("R", "restart from task 0, same toggles"),
    ("Tab, S-Tab", "focus next / previous pane"),
    ("up, down, jk", "scroll / select in the pane"),
    ("PgUp, PgDn", "scroll a page"),
    ("left, right", "scroll the focused pane sideways"),
    ("Enter", "on an object: why alive / what frees it"),
    ("Enter, G", "on a garbage group: draw it (Graph view)"),
    ("G", "Graph view of the selected object; G/Esc closes"),
    ("Tab, Enter", "in the Graph view: pick a box, draw around it"),
    ("Backspace", "in the Graph view: back to the previous drawing"),
    ("r", "in the Graph view: select a reference (of the box)"),
    ("P", "projector mode: big numbers, light theme"),
    ("mouse", "click a toggle or a pane"),
    ("?", "this help and the legend (Esc closes)"),
    ("q", "quit"),
]

func drawHelp(_ model: Model, into grid: inout Grid) {
    HelpOverlay.draw(model, into: &grid)
}
