// Shared by the panes that scroll.

/// "↓ 12 more" in the bottom-right corner when rows are hidden below (and "↑" above).
func drawScrollHint(into grid: inout Grid, _ r: Rect, top: Int, count: Int, glyphs: Glyphs) {
    let below = count - (top + r.height)
    if below > 0 {
        let t = (glyphs.isASCII ? "v " : "↓ ") + "\(below) more"
        grid.write(t, x: r.maxX - displayWidth(t), y: r.maxY, maxWidth: displayWidth(t), role: .dim)
    }
    if top > 0 {
        let t = (glyphs.isASCII ? "^ " : "↑ ") + "\(top) above"
        grid.write(t, x: r.maxX - displayWidth(t), y: r.y - 1, maxWidth: displayWidth(t), role: .dim)
    }
}
