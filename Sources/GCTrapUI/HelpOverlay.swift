import GCTrapCore

/// `?`: the keys and the legend of every mark on the screen, side by side when the screen
/// is wide enough, else one under the other, scrolled with the arrows.
enum HelpOverlay {
    static func box(_ model: Model) -> Rect {
        // Everything under the header, so nothing behind shows through.
        Rect(x: 0, y: 1, width: max(0, model.width), height: max(0, model.height - 1))
    }

    static func keyLines() -> [[Span]] {
        let keyWidth = helpLines.map { $0.0.count }.max() ?? 0
        return [[Span("Keys", .title, [.bold])]] + helpLines.map {
            [Span("  "), Span(pad($0.0, to: keyWidth), .keyHint, [.bold]), Span("  " + $0.1)]
        }
    }

    /// The columns of text: keys then legend, as one column or two.
    static func columns(_ model: Model) -> [[[Span]]] {
        let inner = box(model).inset(1)
        let keys = keyLines()
        let keysWidth = keys.map { $0.reduce(0) { $0 + displayWidth($1.text) } }.max() ?? 0
        if inner.width >= keysWidth + 70 {
            return [keys, Legend.lines(model.glyphs, width: inner.width - keysWidth - 4)]
        }
        return [keys + [[]] + Legend.lines(model.glyphs, width: inner.width - 2)]
    }

    static func maxScroll(_ model: Model) -> Int {
        let rows = columns(model).map(\.count).max() ?? 0
        return max(0, rows - (box(model).height - 2))
    }

    static func draw(_ model: Model, into grid: inout Grid) {
        let r = box(model)
        guard r.width > 4, r.height > 3 else { return }
        grid.fill(r)
        let g = model.glyphs
        let hint = "\(g.isASCII ? "up/down" : "↑↓") scroll, ? or Esc closes"
        grid.box(r, title: "Help and legend \(g.separator) " + hint, focused: true, glyphs: g)
        let inner = r.inset(1)
        let cols = columns(model)
        let top = min(max(0, model.helpScroll), maxScroll(model))
        var x = inner.x + 1
        for col in cols {
            let width = col.map { $0.reduce(0) { $0 + displayWidth($1.text) } }.max() ?? 0
            for row in 0..<inner.height where top + row < col.count {
                grid.write(col[top + row], x: x, y: inner.y + row, maxWidth: inner.maxX - x)
            }
            x += width + 3
        }
        let total = cols.map(\.count).max() ?? 0
        drawScrollHint(into: &grid, inner, top: top, count: total, glyphs: g)
    }
}
