import GCTrapCore

// Keys that change what is shown, not the program: the Graph view (G, Enter on a garbage
// group), projector mode (P), horizontal scrolling (←/→), scrolling the help. They never
// ask the engine for anything, so they record and replay like any other key.

/// Handle `key` if it is one of these; true when it was.
func viewKey(_ m: inout Model, _ key: Key) -> Bool {
    if m.graph != nil, graphKey(&m, key) { return true }
    switch key {
    case .char("G"):
        openGraph(&m)
    case .char("P"):
        m.projector.toggle()
        m.status = m.projector ? "projector mode: P returns to the full layout, ? shows the legend"
            : "projector mode off"
        let layout = Layout(m)
        if !layout.shows(m.focus) { m.focus = .code }
    case .enter where m.focus == .objects:
        // Enter on a garbage group draws it; on an object it explains it (Update's inspect).
        let rows = ObjectsPane.rows(m.snapshot)
        guard !rows.isEmpty, case .group(let g) = rows[min(m.selectedRow, rows.count - 1)] else { return false }
        m.graph = GraphViewState(focus: .group(g.representative))
    case .left, .char("h"):
        scrollHorizontally(&m, m.focus, by: -8)
    case .right, .char("l"):
        scrollHorizontally(&m, m.focus, by: 8)
    case .tab, .backTab:
        // Past the panes projector mode hides.
        let layout = Layout(m)
        var p = m.focus
        repeat { p = key == .tab ? p.next : p.previous } while !layout.shows(p) && p != m.focus
        m.focus = p
    default:
        return false
    }
    return true
}

/// G: draw what is selected: the selected garbage group or object (Objects), the selected
/// connection's owner chain (Connections), else the biggest garbage group.
func openGraph(_ m: inout Model) {
    let s = m.snapshot
    var focus: GraphScene.Focus?
    switch m.focus {
    case .objects:
        let rows = ObjectsPane.rows(s)
        if !rows.isEmpty {
            switch rows[min(m.selectedRow, rows.count - 1)] {
            case .group(let g): focus = .group(g.representative)
            case .object(let i): focus = .object(s.objects[i].id)
            case .header: break
            }
        }
    case .connections:
        if let i = ConnectionsPane.selected(m) { focus = .object(s.connections[i].objectID) }
    default:
        break
    }
    if focus == nil, let g = ObjectsPane.garbageGroups(s).first { focus = .group(g.representative) }
    guard let focus else {
        m.status = "nothing to draw: no garbage; pick an object in Objects (Tab) and press G"
        return
    }
    m.graph = GraphViewState(focus: focus)
}

/// Keys while the Graph view is open: arrows scroll it, G or Esc closes it.
private func graphKey(_ m: inout Model, _ key: Key) -> Bool {
    guard var g = m.graph else { return false }
    let page = max(1, Layout(m).graph.height - 6)
    switch key {
    case .char("G"), .escape: m.graph = nil; return true
    case .up, .char("k"): g.scrollY -= 2
    case .down, .char("j"): g.scrollY += 2
    case .left, .char("h"): g.scrollX -= 8
    case .right, .char("l"): g.scrollX += 8
    case .pageUp: g.scrollY -= page
    case .pageDown: g.scrollY += page
    case .home: g.scrollY = 0; g.scrollX = 0
    case .end: g.scrollY = 1_000_000
    case .tab, .backTab:
        // Select the next (previous) box and scroll it into view.
        let f = GraphView.frame(m.snapshot, g, glyphs: m.glyphs, Layout(m).graph)
        let n = f.scene.nodes.count
        guard n > 0 else { return true }
        let cur = g.selected ?? (key == .tab ? -1 : n)
        let next = ((key == .tab ? cur + 1 : cur - 1) % n + n) % n
        g.selected = next
        g.selectedLink = nil
        let box = f.drawing.boxes[next]
        if box.y < g.scrollY { g.scrollY = box.y }
        if box.maxY > g.scrollY + f.window.height { g.scrollY = box.maxY - f.window.height }
    case .char("r"):
        // The next reference: of the selected box when one is, else of the whole drawing.
        let scene = GraphScene(g.focus, in: m.snapshot, glyphs: m.glyphs)
        let candidates = scene.links.indices.filter { g.selected == nil || scene.links[$0].from == g.selected }
        guard !candidates.isEmpty else { g.selectedLink = nil; break }
        let after = candidates.first { $0 > (g.selectedLink ?? -1) }
        g.selectedLink = after ?? candidates[0]
    case .enter:
        // Draw around the selected box: its group if it is garbage, else its neighbourhood.
        guard let i = g.selected else { return true }
        let scene = GraphScene(g.focus, in: m.snapshot, glyphs: m.glyphs)
        guard i < scene.nodes.count else { return true }
        let node = scene.nodes[i]
        var next = GraphViewState(focus: node.garbage ? .group(node.id) : .object(node.id))
        next.history = g.history + [g.focus]
        g = next
    case .backspace:
        guard let previous = g.history.last else { return true }
        var back = GraphViewState(focus: previous)
        back.history = Array(g.history.dropLast())
        g = back
    default: return false                       // everything else (s, c, b, ...) still runs the program
    }
    let f = GraphView.frame(m.snapshot, g, glyphs: m.glyphs, Layout(m).graph)
    m.graph = GraphView.clamped(g, f)
    return true
}

/// Keys while the help is shown: arrows and pages scroll it; anything else closes it.
func helpKey(_ m: inout Model, _ key: Key) -> Bool {
    let page = max(1, m.height - 6)
    switch key {
    case .up, .char("k"): m.helpScroll -= 1
    case .down, .char("j"): m.helpScroll += 1
    case .pageUp: m.helpScroll -= page
    case .pageDown, .char(" "): m.helpScroll += page
    case .home: m.helpScroll = 0
    default: return false
    }
    m.helpScroll = min(max(0, m.helpScroll), HelpOverlay.maxScroll(m))
    return true
}

/// Move a pane's content sideways, as far as its widest line.
func scrollHorizontally(_ m: inout Model, _ pane: Pane, by delta: Int) {
    let inner = Layout(m).rect(pane).inset(1)
    guard !inner.isEmpty else { return }
    let width = pane == .code ? CodePane.contentWidth(m) : usedWidth(pane, m, height: inner.height, from: inner.width)
    let limit = max(0, width - (pane == .code ? inner.width : inner.width))
    m.hscroll[pane.rawValue] = min(max(0, m.hscroll[pane.rawValue] + delta), limit)
    if m.hscroll[pane.rawValue] == 0 && delta > 0 {
        m.status = "\(pane.title): nothing more to the right"
    }
}

/// Columns a pane's content uses when drawn wider than its box: how far it can scroll.
func usedWidth(_ pane: Pane, _ m: Model, height: Int, from width: Int) -> Int {
    let wide = width + sidewaysRoom
    var g = Grid(width: wide, height: height)
    pane.content.draw(m, into: &g, Rect(x: 0, y: 0, width: wide, height: height))
    var used = 0
    for y in 0..<height {
        var x = wide - 1
        while x >= used, g[x, y].scalar == " " { x -= 1 }
        used = max(used, x + 1)
    }
    return used
}
