import GCTrapCore

/// The comparison for a room (projector mode: `P`, a facilitator's lesson, `--projector`):
/// what must read from the back row and nothing else. The divergence in words, each side's
/// open, leaked and generation-0 counter in block digits under its label and chart mark
/// (L, R), and the overlay chart with its +/- delta row across the full width. The light
/// theme; the panes and the Code pane stay in the normal layout (P returns to it).
///
///      header
///      divergence summary (two rows, bold)
///      L 3.11  died: ...                      (per side: a label row and three rows of digits)
///      open 138/300   leaked 137   gen 0 705/2000
///      overlay chart, delta row, collections, task axis
///      footer
func compareProjectorView(_ model: CompareModel) -> Grid {
    var grid = Grid(width: model.width, height: model.height)
    grid.palette = .projector
    let w = model.width, h = model.height
    drawCompareHeader(model, into: &grid, Rect(x: 0, y: 0, width: w, height: 1))
    // The summary in up to three rows when it needs them and the rest still fits.
    let needed = wrap(divergenceSummary(model).text, width: w).count
    let summaryRows = max(2, min(3, needed, h - 10 - 4 * model.sides.count))
    drawDivergenceLines(model, into: &grid, Rect(x: 0, y: 1, width: w, height: summaryRows), bold: true)
    var y = 1 + summaryRows
    // Each side's figures, as many sides as leave the chart its minimum (7 rows: 5 inside).
    let shown = min(model.sides.count, max(0, (h - 1 - y - 7) / 4))
    drawSideFigures(model, shown, into: &grid, y: y)
    y += 4 * shown
    drawOverlayChart(model, into: &grid, Rect(x: 0, y: y, width: w, height: h - 1 - y))
    drawCompareFooter(model, into: &grid, Rect(x: 0, y: h - 1, width: w, height: 1))
    if model.helpVisible { drawCompareHelp(model, into: &grid) }
    return grid
}

/// Each side's label row (its chart mark, label and how it ended), then its figures in block
/// digits. The sides share one way of drawing and one set of columns, so the same figure
/// stands at the same place for every side; past the width the limits drop to small type,
/// then the counter goes small.
private func drawSideFigures(_ model: CompareModel, _ shown: Int, into grid: inout Grid, y: Int) {
    let fields = model.sides.prefix(shown).map { ProjectorNumbers.comparisonFields($0.snapshot) }
    let candidates = fields.map(ProjectorNumbers.candidates)
    let gap = ProjectorNumbers.gap
    var level = 0, columns: [Int] = []
    for l in 0..<3 {
        level = l
        columns = fields[0].indices.map { f in
            fields.indices.map { i in ProjectorNumbers.width(fields[i][f], candidates[i][l][f]) }.max() ?? 0
        }
        if columns.reduce(0, +) + gap * (columns.count - 1) <= model.width - 2 { break }
    }
    var starts: [Int] = []
    var x = 1
    for w in columns { starts.append(x); x += w + gap }
    for i in fields.indices {
        let r = Rect(x: 0, y: y + 4 * i, width: model.width, height: 4)
        let s = model.sides[i].snapshot
        let ended = stateText(s.state)
        let focused = model.focus == i && model.sides.count > 1
        let label = " \(focused ? model.glyphs.pointer : " ") \(sideMark(i, model.glyphs)) \(model.labels[i])"
            + (ended.isEmpty ? "" : "  \(ended)")
        grid.write(truncate(label, to: r.width, ellipsis: model.glyphs.ellipsis), x: r.x, y: r.y, maxWidth: r.width,
                   role: focused ? .focusedTitle : .title, attrs: [.bold])
        ProjectorNumbers.draw(fields[i], plan: candidates[i][level], starts: starts, ascii: model.glyphs.isASCII,
                              into: &grid, Rect(x: r.x, y: r.y + 1, width: r.width, height: 3))
    }
}
