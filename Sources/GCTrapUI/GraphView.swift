import GCTrapCore

/// The Graph view's state: what it is about and how far it is scrolled.
public struct GraphViewState: Equatable, Sendable {
    public var focus: GraphScene.Focus
    public var scrollX: Int = 0
    public var scrollY: Int = 0
    /// The box Tab moved to (index into the scene's nodes); Enter draws around it.
    public var selected: Int?
    /// The reference `r` selected (index into the scene's links): the one a weak
    /// reference would replace, named in the notes.
    public var selectedLink: Int?
    /// Where Enter came from, for Backspace.
    public var history: [GraphScene.Focus] = []

    public init(focus: GraphScene.Focus, scrollX: Int = 0, scrollY: Int = 0) {
        self.focus = focus; self.scrollX = scrollX; self.scrollY = scrollY
    }
}

/// The Graph view (G, or Enter on a garbage group): the notes naming the cycles and what
/// they keep open, then the drawing, scrolled with the arrows.
enum GraphView {
    /// Rows of notes shown above the drawing at most.
    static let maxNotes = 8

    struct Frame {
        var scene: GraphScene
        var drawing: GraphLayout.Drawing
        var notes: [String]
        /// Where the drawing's window is, inside the box.
        var window: Rect
    }

    /// Everything the view needs for a box `r` (border included); `update` uses it to clamp scrolling.
    static func frame(_ s: Snapshot, _ state: GraphViewState, glyphs: Glyphs, _ r: Rect) -> Frame {
        let inner = r.inset(1)
        let scene = GraphScene(state.focus, in: s, glyphs: glyphs)
        var notes: [String] = []
        if let k = state.selectedLink, k < scene.links.count {
            notes += wrap(referenceNote(scene, scene.links[k], glyphs: glyphs), width: max(1, inner.width))
        }
        for n in scene.notes {
            notes += wrap(n, width: max(1, inner.width))
        }
        if scene.omitted > 0 { notes.append("(\(scene.omitted) more references not drawn)") }
        // Keep most of the box for the drawing on short screens.
        let room = max(2, inner.height / 4)
        if notes.count > min(maxNotes, room) {
            notes = Array(notes.prefix(min(maxNotes, room)))
            if let last = notes.last { notes[notes.count - 1] = truncate(last + " " + glyphs.ellipsis, to: inner.width, ellipsis: glyphs.ellipsis) }
        }
        let top = inner.y + notes.count + (notes.isEmpty ? 0 : 1)
        let window = Rect(x: inner.x, y: top, width: inner.width, height: max(0, inner.maxY - top))
        // Only the part in the window is drawn; the layout moves it inside the drawing.
        let drawing = GraphLayout.draw(scene, glyphs: glyphs, maxBoxWidth: max(20, min(48, inner.width - 12)),
                                       selected: state.selected, window: Rect(x: state.scrollX, y: state.scrollY, width: window.width,
                                                    height: window.height))
        return Frame(scene: scene, drawing: drawing, notes: notes, window: window)
    }

    /// "reference: ContextService.agent → Agent#12, closes the cycle: ..." for the selected reference.
    static func referenceNote(_ scene: GraphScene, _ l: GraphScene.Link, glyphs: Glyphs) -> String {
        var line = "reference: \(scene.referenceName(l)) \(glyphs.arrow) \(scene.nodes[l.to].title), "
        if l.closesCycle {
            line += "closes the cycle: weak or gone, reference counting frees the rest"
        } else if l.onCycle {
            line += "on the cycle"
        } else {
            line += "not on a cycle"
        }
        return line
    }

    static func title(_ f: Frame, glyphs: Glyphs) -> String {
        "Graph \(glyphs.separator) " + (f.scene.heading.isEmpty ? "nothing to draw" : f.scene.heading)
    }

    /// The hint added to the title when it fits.
    static let hint = "arrows scroll, Tab/Enter follow an object, G or Esc closes"

    /// Scroll offsets kept within the drawing.
    static func clamped(_ state: GraphViewState, _ f: Frame) -> GraphViewState {
        var st = state
        st.scrollX = min(max(0, st.scrollX), max(0, f.drawing.width - f.window.width))
        st.scrollY = min(max(0, st.scrollY), max(0, f.drawing.height - f.window.height))
        return st
    }

    static func draw(_ s: Snapshot, _ state: GraphViewState, glyphs: Glyphs, into grid: inout Grid, _ r: Rect) {
        guard r.width >= 4, r.height >= 3 else { return }
        let f = frame(s, state, glyphs: glyphs, r)
        var title = GraphView.title(f, glyphs: glyphs)
        if displayWidth(title) + displayWidth(hint) + 7 <= r.width { title += " \(glyphs.separator) " + hint }
        grid.fill(r)
        grid.box(r, title: title, focused: true, glyphs: glyphs)
        let inner = r.inset(1)
        for (k, line) in f.notes.enumerated() {
            let role: ColorRole = line.hasPrefix("cycle:") ? .cycle : line.hasPrefix("reference:") ? .selection : .normal
            grid.write(line, x: inner.x, y: inner.y + k, maxWidth: inner.width, role: role,
                       attrs: role == .cycle ? [.bold] : [])
        }
        if f.scene.nodes.isEmpty {
            grid.write(f.scene.heading, x: inner.x, y: inner.y, maxWidth: inner.width, role: .dim)
            return
        }
        let w = f.window
        let d = f.drawing.grid          // the window's part of the drawing
        for row in 0..<min(w.height, d.height) {
            for col in 0..<min(w.width, d.width) {
                let c = d[col, row]
                if c.isContinuation { continue }
                grid.put(c.scalar, x: w.x + col, y: w.y + row, role: c.role, attrs: c.attrs, limit: w.maxX)
            }
        }
        drawScrollHint(into: &grid, Rect(x: w.x, y: w.y, width: w.width, height: w.height),
                       top: f.drawing.origin.y, count: f.drawing.height, glyphs: glyphs)
        if f.drawing.width - f.drawing.origin.x > w.width {
            let t = (glyphs.isASCII ? "-> " : "→ ") + "more to the right"
            grid.write(t, x: r.x + 2, y: r.maxY - 1, maxWidth: max(0, r.width - 4), role: .dim)
        }
    }
}
