import GCTrapCore

/// Code: the scenario source, current line marked, scrolled to follow execution. Toggle
/// declarations show the toggle's current value, so a flip is visible where it is read.
enum CodePane: PaneContent {
    static let pane = Pane.code
    static func hint(_ model: Model) -> String { "\(model.glyphs.currentLine) runs next" }

    static func title(_ model: Model) -> String {
        let s = model.snapshot
        let file = s.module == "__main__" ? s.scenario : s.module
        return "Code \(model.glyphs.separator) \(file):\(s.line)"
    }

    static func lines(_ model: Model) -> [String] {
        model.sources[model.snapshot.module] ?? []
    }

    static func contentHeight(_ model: Model, width: Int) -> Int { lines(model).count }

    /// Columns before the source: the current-line marker and the line number.
    static func gutter(_ model: Model, count: Int) -> Int {
        displayWidth(model.glyphs.currentLine) + 1 + String(count).count + 1
    }

    /// Columns the pane wants for the scenario's longest line (border included), so the
    /// layout can give it that much.
    static func wantedWidth(_ model: Model) -> Int {
        let source = model.sources["__main__"] ?? []
        var longest = 0
        for line in source { longest = max(longest, displayWidth(expandTabs(line))) }
        return longest + gutter(model, count: source.count) + 2
    }

    /// Widest line of the module shown, with the gutter: how far ←/→ can scroll.
    static func contentWidth(_ model: Model) -> Int {
        let source = lines(model)
        var longest = 0
        for line in source { longest = max(longest, displayWidth(expandTabs(line))) }
        return longest + gutter(model, count: source.count) + 11   // room for "  # flipped"
    }

    /// The offset is relative to the follow position (see `top`).
    static func clamp(_ m: inout Model, inner: Rect) {
        let codeHeight = max(1, inner.height)
        let count = lines(m).count
        let follow = m.snapshot.line - 1 - codeHeight / 3
        let maxTop = max(0, count - codeHeight)
        let top = min(max(0, follow + m.scroll(.code)), maxTop)
        m.scroll[Pane.code.rawValue] = top - follow
        if follow + m.scroll(.code) < 0 { m.scroll[Pane.code.rawValue] = -follow }
    }

    /// First line index shown: keeps the current line a third of the way down, plus the
    /// user's scroll offset, clamped to the text.
    static func top(_ model: Model, height: Int, count: Int) -> Int {
        let follow = model.snapshot.line - 1 - height / 3
        let maxTop = max(0, count - height)
        return min(max(0, follow + model.scroll(.code)), maxTop)
    }

    static func draw(_ model: Model, into grid: inout Grid, _ r: Rect) {
        guard !r.isEmpty else { return }
        let s = model.snapshot
        let source = lines(model)
        if source.isEmpty {
            grid.write("(no source for \(s.module))", x: r.x, y: r.y, maxWidth: r.width, role: .dim)
            return
        }
        let digits = String(source.count).count
        let top = top(model, height: r.height, count: source.count)
        let togglesByLine: [Int: Toggle] = s.module == "__main__"
            ? Dictionary(s.toggles.map { ($0.line, $0) }, uniquingKeysWith: { a, _ in a }) : [:]
        let markerWidth = displayWidth(model.glyphs.currentLine) + 1
        for row in 0..<r.height {
            let i = top + row
            guard i < source.count else { break }
            let n = i + 1
            let y = r.y + row
            let current = n == s.line
            var text = expandTabs(source[i])
            var toggled = false
            if let t = togglesByLine[n] {
                (text, toggled) = showToggle(text, t)
            }
            let marker = current ? model.glyphs.currentLine + " " : String(repeating: " ", count: markerWidth)
            var x = grid.write(marker, x: r.x, y: y, maxWidth: r.width, role: current ? .currentLine : .normal,
                               attrs: current ? [.bold] : [])
            x = grid.write(pad(String(n), to: digits, right: true) + " ", x: x, y: y,
                           maxWidth: r.maxX - x, role: current ? .currentLine : .lineNumber)
            // ←/→ scroll the source; the marker and line number stay.
            let shift = model.hscroll[Pane.code.rawValue]
            x = grid.write(dropColumns(text, shift), x: x, y: y, maxWidth: r.maxX - x,
                           role: current ? .currentLine : (togglesByLine[n] != nil ? .keyword : .normal),
                           attrs: current ? [.bold] : [])
            if toggled {
                grid.write(dropColumns("  # flipped", max(0, shift - displayWidth(text))), x: x, y: y,
                           maxWidth: r.maxX - x, role: .warning)
            }
            if current { grid.style(x: r.x, y: y, width: r.width, role: .currentLine, attrs: [.bold]) }
        }
    }

    static func expandTabs(_ s: String) -> String {
        guard s.contains("\t") else { return s }
        var out = ""
        for c in s { if c == "\t" { out += "    " } else { out.append(c) } }
        return out
    }

    /// `NAME = True  # comment` with the toggle's current value in place of the literal.
    static func showToggle(_ line: String, _ t: Toggle) -> (String, Bool) {
        guard let eq = line.firstIndex(of: "=") else { return (line, false) }
        let want = t.value ? "True" : "False"
        var i = line.index(after: eq)
        while i < line.endIndex, line[i] == " " { i = line.index(after: i) }
        for literal in ["True", "False"] where line[i...].hasPrefix(literal) {
            if literal == want { return (line, false) }
            let end = line.index(i, offsetBy: literal.count)
            return (String(line[..<i]) + want + String(line[end...]), true)
        }
        return (line, false)
    }
}

/// `s` without its first `n` columns (a wide character cut in half becomes a space).
func dropColumns(_ s: String, _ n: Int) -> String {
    guard n > 0 else { return s }
    var skipped = 0
    var out = String.UnicodeScalarView()
    for u in s.unicodeScalars {
        if skipped >= n { out.append(u); continue }
        skipped += columnWidth(u)
        if skipped > n { out.append(" ") }
    }
    return String(out)
}
