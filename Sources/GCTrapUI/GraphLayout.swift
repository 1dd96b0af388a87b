// Places a GraphScene on a canvas of cells: boxes one under the other in the scene's order
// (references mostly run from a box to the next one), and arrows between them.
//
//     ┌──────────────────────┐
//     │ Agent#12             │      a reference to the next box: an arrow in the gap,
//     │ rc 1 · g0 · ↻ cycle  │      its label beside it; one back to the box above: a
//     └──┰──────────▲────────┘      second arrow in the same gap
//        ┃ context  ┃ agent
//     ┌──▼──────────┸────────┐
//     │ ContextService#13    ├──┐   any other reference: out of the owner's right side,
//     │ rc 1 · g0 · ↻ cycle  │  │   down (or up) a lane, into the target's right side
//     └──────────────────────┘  │   with its label at the arrowhead; one lane per owner,
//     ...                       │   lanes reused where they do not overlap
//     │ list#4               │◀ [0] ─┘
//
// Cycle references are drawn heavy (`#`/`=` in ASCII), the focused object's box double.
// Pure: the same scene gives the same canvas.

public enum GraphLayout {
    /// A drawn scene: the part of the canvas asked for, where it starts, the whole
    /// canvas's size and where each node's box is.
    public struct Drawing: Equatable, Sendable {
        public var grid: Grid
        public var origin: (x: Int, y: Int)
        public var width: Int
        public var height: Int
        public var boxes: [Rect]

        public static func == (a: Drawing, b: Drawing) -> Bool {
            a.grid == b.grid && a.origin == b.origin && a.width == b.width && a.height == b.height && a.boxes == b.boxes
        }
    }

    static let boxHeight = 4   // border, title, detail, border
    static let gap = 1         // one row between boxes for the arrows that join them

    /// Draw `scene` with boxes at most `maxBoxWidth` columns wide: the part of it in
    /// `window` (moved inside the drawing when it runs past an edge), or all of it. Only
    /// the window's cells are drawn, so a long drawing costs what the screen shows.
    public static func draw(_ scene: GraphScene, glyphs: Glyphs, maxBoxWidth: Int = 48, selected: Int? = nil,
                            window: Rect? = nil) -> Drawing {
        let n = scene.nodes.count
        guard n > 0 else { return Drawing(grid: Grid(width: 0, height: 0), origin: (0, 0), width: 0, height: 0, boxes: []) }
        let inner = scene.nodes.map { max(displayWidth($0.title), displayWidth($0.detail)) }.max() ?? 0
        let boxWidth = max(14, min(maxBoxWidth, inner + 4))
        func top(_ i: Int) -> Int { i * (boxHeight + gap) }
        func outRow(_ i: Int) -> Int { top(i) + 1 }
        func inRow(_ i: Int) -> Int { top(i) + 2 }

        // Links between neighbours go in the gap; the rest in lanes, grouped by owner.
        var down: [Int: [GraphScene.Link]] = [:]     // i -> i+1, keyed by i
        var up: [Int: [GraphScene.Link]] = [:]       // i+1 -> i, keyed by i
        var laned: [Int: [GraphScene.Link]] = [:]    // by owner
        for l in scene.links {
            if l.to == l.from + 1 { down[l.from, default: []].append(l) } else if l.to == l.from - 1 {
                up[l.to, default: []].append(l)
            } else {
                laned[l.from, default: []].append(l)
            }
        }
        // Labels at each lane arrowhead, joined per target.
        var incoming: [Int: [GraphScene.Link]] = [:]
        for owner in laned.keys.sorted() { for l in laned[owner]! { incoming[l.to, default: []].append(l) } }
        func joined(_ ls: [GraphScene.Link]) -> String {
            var seen: [String] = []
            for l in ls where !seen.contains(l.label) { seen.append(l.label) }
            return seen.joined(separator: ",")
        }
        let stub = max(3, (incoming.values.map { displayWidth(joined($0)) }.max() ?? 0) + 4)
        // Lanes: interval colouring of the owners' vertical spans, top first.
        let owners = laned.keys.sorted { a, b in
            let ta = laned[a]!.map { min(outRow(a), inRow($0.to)) }.min()!
            let tb = laned[b]!.map { min(outRow(b), inRow($0.to)) }.min()!
            return ta != tb ? ta < tb : a < b
        }
        var laneOf: [Int: Int] = [:]
        var laneBottom: [Int] = []
        for o in owners {
            let rows = laned[o]!.map { inRow($0.to) } + [outRow(o)]
            let lo = rows.min()!, hi = rows.max()!
            if let k = laneBottom.firstIndex(where: { $0 < lo }) {
                laneOf[o] = k; laneBottom[k] = hi
            } else {
                laneOf[o] = laneBottom.count; laneBottom.append(hi)
            }
        }
        let laneX0 = boxWidth + stub
        let width = owners.isEmpty ? boxWidth : laneX0 + 2 * laneBottom.count
        let height = top(n - 1) + boxHeight
        var clip = window ?? Rect(x: 0, y: 0, width: width, height: height)
        clip.x = max(0, min(clip.x, width - clip.width))
        clip.y = max(0, min(clip.y, height - clip.height))
        var canvas = LineCanvas(clip)

        var boxes: [Rect] = []
        for (i, node) in scene.nodes.enumerated() {
            let r = Rect(x: 0, y: top(i), width: boxWidth, height: boxHeight)
            boxes.append(r)
            guard r.maxY > clip.y - 1, r.y < clip.maxY + 1 else { continue }
            let role = nodeRole(node)
            canvas.rect(r, weight: node.isFocus ? .double : .light, role: role)
            // The box Tab selected: its title reversed, as a list's selected row.
            let isSelected = selected == i
            canvas.text((node.isFocus ? glyphs.pointer : " ") + node.title, x: 1, y: r.y + 1, width: boxWidth - 2,
                        role: isSelected ? .selection : role, attrs: isSelected ? [.bold, .reverse] : [.bold],
                        ellipsis: glyphs.ellipsis)
            canvas.text(" " + node.detail, x: 1, y: r.y + 2, width: boxWidth - 2,
                        role: node.connection == nil ? .dim : role, attrs: node.connection == nil ? [] : [.bold],
                        ellipsis: glyphs.ellipsis)
        }
        let arrows = glyphs.isASCII ? (down: "v", up: "^", left: "<") : (down: "▼", up: "▲", left: "◀")

        // The gap arrows: down from box i to i+1 at column 3, up beside it.
        for i in 0..<(n - 1) {
            let gapY = top(i) + boxHeight
            var x = 3
            for (links, isDown) in [(down[i] ?? [], true), (up[i] ?? [], false)] where !links.isEmpty {
                let cycle = links.contains { $0.onCycle }
                let w: LineCanvas.Weight = cycle ? .heavy : .light
                let role: ColorRole = cycle ? .cycle : .normal
                guard x < boxWidth - 1 else { break }
                // From the owner's border, through the gap, to an arrowhead on the other border.
                canvas.line(x: x, from: gapY - 1, to: gapY + 1, weight: w, role: role)
                canvas.text(isDown ? arrows.down : arrows.up, x: x, y: isDown ? gapY + 1 : gapY - 1, width: 1,
                            role: role, attrs: [.bold])
                let label = joined(links)
                let room = boxWidth - 1 - (x + 2)
                canvas.text(label, x: x + 2, y: gapY, width: room, role: role, attrs: cycle ? [.bold] : [],
                            ellipsis: glyphs.ellipsis)
                x += 2 + min(displayWidth(label), max(0, room)) + 3
            }
        }

        // Lanes.
        for o in owners {
            let lx = laneX0 + 2 * laneOf[o]!
            for l in laned[o]! {
                let w: LineCanvas.Weight = l.onCycle ? .heavy : .light
                let role: ColorRole = l.onCycle ? .cycle : .normal
                let from = outRow(o), to = inRow(l.to)
                canvas.hline(y: from, from: boxWidth - 1, to: lx, weight: w, role: role)
                canvas.line(x: lx, from: from, to: to, weight: w, role: role)
                canvas.hline(y: to, from: boxWidth, to: lx, weight: w, role: role)
            }
        }
        // Arrowheads and labels last, over the lines.
        for t in incoming.keys.sorted() {
            let ls = incoming[t]!
            let cycle = ls.contains { $0.onCycle }
            let role: ColorRole = cycle ? .cycle : .normal
            canvas.text(arrows.left, x: boxWidth, y: inRow(t), width: 1, role: role, attrs: [.bold])
            let label = " " + joined(ls) + " "
            canvas.text(label, x: boxWidth + 1, y: inRow(t), width: stub - 2, role: role, attrs: cycle ? [.bold] : [])
        }
        return Drawing(grid: canvas.render(glyphs: glyphs), origin: (clip.x, clip.y), width: width, height: height,
                       boxes: boxes)
    }

    static func nodeRole(_ node: GraphScene.Node) -> ColorRole {
        if let state = node.connection {
            switch state {
            case .leaked: return .connectionLeaked
            case .held: return .connectionHeld
            case .idle: return .connectionIdle
            case .inUse: return .connectionInUse
            }
        }
        if node.inCycle { return .cycle }
        return node.garbage ? .garbage : .reachable
    }
}

/// Lines as weights per direction (so crossings and junctions get the right character),
/// with text on top.
struct LineCanvas {
    enum Weight: UInt8 { case none = 0, light = 1, heavy = 2, double = 3 }
    /// The part of the drawing this canvas holds: callers use drawing coordinates.
    let x0: Int, y0: Int
    let width: Int
    let height: Int
    /// Per cell: the weight towards north, east, south and west, two bits each.
    var lines: [UInt8]
    var lineRole: [ColorRole]
    var text: Grid
    var hasText: [Bool]

    init(_ clip: Rect) {
        x0 = clip.x; y0 = clip.y
        width = max(0, clip.width); height = max(0, clip.height)
        lines = Array(repeating: 0, count: width * height)
        lineRole = Array(repeating: .normal, count: width * height)
        text = Grid(width: width, height: height)
        hasText = Array(repeating: false, count: width * height)
    }

    static let north: UInt8 = 0, east: UInt8 = 2, south: UInt8 = 4, west: UInt8 = 6

    mutating func mark(_ x: Int, _ y: Int, _ shift: UInt8, _ w: Weight, _ role: ColorRole) {
        let x = x - x0, y = y - y0
        guard x >= 0, x < width, y >= 0, y < height else { return }
        let i = y * width + x
        let old = (lines[i] >> shift) & 3
        if w.rawValue > old {
            lines[i] = (lines[i] & ~(3 << shift)) | (w.rawValue << shift)
        }
        // A heavier line colours the cell (a cycle through a plain junction shows).
        if w.rawValue >= old || lines[i] == (w.rawValue << shift) { lineRole[i] = role }
    }

    /// A vertical line between two rows (inclusive).
    mutating func line(x: Int, from y0: Int, to y1: Int, weight w: Weight, role: ColorRole) {
        let a = min(y0, y1), b = max(y0, y1)
        guard a < b, x >= x0, x < x0 + width else { return }
        // Only the rows inside the canvas.
        for y in max(a, self.y0 - 1)...max(max(a, self.y0 - 1), min(b, self.y0 + height)) {
            if y > a { mark(x, y, LineCanvas.north, w, role) }
            if y < b { mark(x, y, LineCanvas.south, w, role) }
        }
    }

    /// A horizontal line between two columns (inclusive).
    mutating func hline(y: Int, from x0: Int, to x1: Int, weight w: Weight, role: ColorRole) {
        let a = min(x0, x1), b = max(x0, x1)
        guard a < b, y >= y0, y < y0 + height else { return }
        for x in max(a, self.x0 - 1)...max(max(a, self.x0 - 1), min(b, self.x0 + width)) {
            if x > a { mark(x, y, LineCanvas.west, w, role) }
            if x < b { mark(x, y, LineCanvas.east, w, role) }
        }
    }

    mutating func rect(_ r: Rect, weight w: Weight, role: ColorRole) {
        hline(y: r.y, from: r.x, to: r.maxX - 1, weight: w, role: role)
        hline(y: r.maxY - 1, from: r.x, to: r.maxX - 1, weight: w, role: role)
        line(x: r.x, from: r.y, to: r.maxY - 1, weight: w, role: role)
        line(x: r.maxX - 1, from: r.y, to: r.maxY - 1, weight: w, role: role)
    }

    mutating func text(_ s: String, x: Int, y: Int, width w: Int, role: ColorRole, attrs: Attr = [],
                       ellipsis: String = "…") {
        let x = x - x0, y = y - y0
        guard w > 0, y >= 0, y < height, x < width, x + w > 0 else { return }
        let t = truncate(s, to: w, ellipsis: ellipsis)
        let end = text.write(t, x: x, y: y, maxWidth: w, role: role, attrs: attrs)
        if y >= 0, y < height {
            for cx in max(0, x)..<min(width, max(x, end)) { hasText[y * width + cx] = true }
        }
    }

    func render(glyphs: Glyphs) -> Grid {
        var g = text
        for i in 0..<lines.count where lines[i] != 0 && !hasText[i] {
            let bits = lines[i]
            let s = LineCanvas.glyph(n: (bits >> 0) & 3, e: (bits >> 2) & 3, s: (bits >> 4) & 3, w: (bits >> 6) & 3,
                                     ascii: glyphs.isASCII)
            g[i % width, i / width] = Cell(s, role: lineRole[i], attrs: containsHeavy(bits) ? [.bold] : [])
        }
        return g
    }

    private func containsHeavy(_ bits: UInt8) -> Bool {
        for shift in stride(from: UInt8(0), to: 8, by: 2) where (bits >> shift) & 3 == 2 { return true }
        return false
    }

    /// The box-drawing character for lines leaving a cell towards north, east, south and
    /// west with the given weights (0 none, 1 light, 2 heavy, 3 double).
    // Indexed by direction mask: N=1 E=2 S=4 W=8.
    static let light: [Unicode.Scalar] = [" ", "│", "─", "└", "│", "│", "┌", "├", "─", "┘", "─", "┴", "┐", "┤", "┬", "┼"]
    static let heavy: [Unicode.Scalar] = [" ", "┃", "━", "┗", "┃", "┃", "┏", "┣", "━", "┛", "━", "┻", "┓", "┫", "┳", "╋"]
    static let double: [Unicode.Scalar] = [" ", "║", "═", "╚", "║", "║", "╔", "╠", "═", "╝", "═", "╩", "╗", "╣", "╦", "╬"]

    static func glyph(n: UInt8, e: UInt8, s: UInt8, w: UInt8, ascii: Bool) -> Unicode.Scalar {
        let heaviest = max(max(n, e), max(s, w))
        let mask = (n > 0 ? 1 : 0) | (e > 0 ? 2 : 0) | (s > 0 ? 4 : 0) | (w > 0 ? 8 : 0)
        if ascii {
            let vertical = mask == 1 || mask == 4 || mask == 5
            let horizontal = mask == 2 || mask == 8 || mask == 10
            // Heavy (a cycle's references): = and #. Double (the focused box) stays plain:
            // its title carries the pointer.
            if heaviest == 2 {
                return horizontal ? "=" : "#"
            }
            return vertical ? "|" : horizontal ? "-" : "+"
        }
        if heaviest == 3 {
            // A double border with a single branch: ╤ ╧ ╟ ╢; otherwise all double.
            let doubled = (n == 3 ? 1 : 0) | (e == 3 ? 2 : 0) | (s == 3 ? 4 : 0) | (w == 3 ? 8 : 0)
            if doubled == 10, mask == 14 { return "╤" }
            if doubled == 10, mask == 11 { return "╧" }
            if doubled == 5, mask == 7 { return "╟" }
            if doubled == 5, mask == 13 { return "╢" }
            return LineCanvas.double[mask]
        }
        if heaviest == 2 {
            // A heavy branch off a light straight line: ┰ ┸ ┝ ┥; a heavy line across a light one: ╂ ┿.
            let heavyMask = (n == 2 ? 1 : 0) | (e == 2 ? 2 : 0) | (s == 2 ? 4 : 0) | (w == 2 ? 8 : 0)
            switch (mask, heavyMask) {
            case (14, 4): return "┰"
            case (11, 1): return "┸"
            case (7, 2): return "┝"
            case (13, 8): return "┥"
            case (15, 5): return "╂"
            case (15, 10): return "┿"
            default: return LineCanvas.heavy[mask]
            }
        }
        return LineCanvas.light[mask]
    }
}
