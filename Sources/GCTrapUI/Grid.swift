// A frame is a value: a width x height grid of cells that views write into and tests read
// back as text (ratatui's Buffer, in spirit). Writes are clipped to the grid and to an
// optional column limit, and are aware of wide characters.

public struct Rect: Equatable, Hashable, Sendable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x; self.y = y; self.width = width; self.height = height
    }
    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    public var isEmpty: Bool { width <= 0 || height <= 0 }
    public func contains(x px: Int, y py: Int) -> Bool {
        px >= x && px < maxX && py >= y && py < maxY
    }
    /// The rectangle shrunk by `n` on every side (a box's interior).
    public func inset(_ n: Int) -> Rect {
        Rect(x: x + n, y: y + n, width: max(0, width - 2 * n), height: max(0, height - 2 * n))
    }
}

/// Which colour table a frame is meant for: projector mode asks the terminal for its light,
/// colour-blind-safe theme.
public enum Palette: Equatable, Sendable {
    case standard, projector
}

public struct Grid: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]
    public var palette: Palette = .standard

    public init(width: Int, height: Int, fill: Cell = .blank) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.cells = Array(repeating: fill, count: self.width * self.height)
    }

    @inline(__always)
    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    /// Put one scalar at (x, y), keeping wide characters whole. Returns the columns used.
    @discardableResult
    public mutating func put(_ s: Unicode.Scalar, x: Int, y: Int, role: ColorRole = .normal,
                             attrs: Attr = [], limit: Int? = nil) -> Int {
        let w = columnWidth(s)
        if w == 0 || y < 0 || y >= height || x < 0 { return 0 }
        let end = min(width, limit ?? width)
        if x >= end { return 0 }
        if x + w > end {
            // A wide character that does not fit: draw a space in its first column.
            setCell(Cell(" ", role: role, attrs: attrs), at: y * width + x)
            return 1
        }
        let i = y * width + x
        setCell(Cell(s, role: role, attrs: attrs), at: i)
        if w == 2 {
            if x + 2 < width, cells[i + 2].isContinuation { cells[i + 2].scalar = " " }
            cells[i + 1] = Cell(Cell.continuation, role: role, attrs: attrs)
        }
        return w
    }

    @inline(__always)
    private mutating func setCell(_ c: Cell, at i: Int) {
        let x = i % width
        // Overwriting the right half of a wide character: blank its left half.
        if cells[i].isContinuation, x > 0 { cells[i - 1].scalar = " " }
        // Overwriting the left half of a wide character with something narrow.
        if x + 1 < width, cells[i + 1].isContinuation { cells[i + 1].scalar = " " }
        cells[i] = c
    }

    /// Write text from (x, y), clipped at `maxWidth` columns and at the grid's edge.
    /// Returns the column after the last character written.
    @discardableResult
    public mutating func write(_ text: String, x: Int, y: Int, maxWidth: Int? = nil,
                               role: ColorRole = .normal, attrs: Attr = []) -> Int {
        guard y >= 0, y < height else { return x }
        let limit = maxWidth.map { min(width, x + $0) } ?? width
        var cx = x
        for u in text.unicodeScalars {
            if cx >= limit { break }
            if cx < 0 { cx += max(columnWidth(u), 0); continue }
            cx += put(u, x: cx, y: y, role: role, attrs: attrs, limit: limit)
        }
        return cx
    }

    /// Fill a rectangle with one cell.
    public mutating func fill(_ r: Rect, with cell: Cell = .blank) {
        let x0 = max(0, r.x), x1 = min(width, r.maxX)
        let y0 = max(0, r.y), y1 = min(height, r.maxY)
        if x0 >= x1 || y0 >= y1 { return }
        for y in y0..<y1 {
            let base = y * width
            for x in x0..<x1 { cells[base + x] = cell }
        }
    }

    /// Change role and attributes of a run of cells on one row, keeping their characters.
    public mutating func style(x: Int, y: Int, width w: Int, role: ColorRole, attrs: Attr = []) {
        guard y >= 0, y < height else { return }
        let x0 = max(0, x), x1 = min(width, x + w)
        if x0 >= x1 { return }
        let base = y * width
        for i in (base + x0)..<(base + x1) {
            cells[i].role = role
            cells[i].attrs = attrs
        }
    }

    /// Draw a box around `r` with a title in its top border.
    public mutating func box(_ r: Rect, title: String, focused: Bool, glyphs: Glyphs) {
        guard r.width >= 2, r.height >= 2 else { return }
        let b = focused ? glyphs.focusedBox : glyphs.box
        let role: ColorRole = focused ? .focusedBorder : .border
        let attrs: Attr = focused ? [.bold] : []
        let top = r.y, bottom = r.maxY - 1, left = r.x, right = r.maxX - 1
        put(b.topLeft, x: left, y: top, role: role, attrs: attrs)
        put(b.topRight, x: right, y: top, role: role, attrs: attrs)
        put(b.bottomLeft, x: left, y: bottom, role: role, attrs: attrs)
        put(b.bottomRight, x: right, y: bottom, role: role, attrs: attrs)
        if right - left > 1 {
            for x in (left + 1)..<right {
                put(b.horizontal, x: x, y: top, role: role, attrs: attrs)
                put(b.horizontal, x: x, y: bottom, role: role, attrs: attrs)
            }
        }
        if bottom - top > 1 {
            for y in (top + 1)..<bottom {
                put(b.vertical, x: left, y: y, role: role, attrs: attrs)
                put(b.vertical, x: right, y: y, role: role, attrs: attrs)
            }
        }
        if !title.isEmpty, r.width > 4 {
            let t = " " + truncate(title, to: r.width - 4, ellipsis: glyphs.ellipsis) + " "
            write(t, x: left + 1, y: top, maxWidth: r.width - 2,
                  role: focused ? .focusedTitle : .title, attrs: focused ? [.bold, .reverse] : [.bold])
        }
    }

    /// Copy of the cells inside `r` (for per-pane golden frames).
    public func region(_ r: Rect) -> Grid {
        var g = Grid(width: r.width, height: r.height)
        for y in 0..<r.height where r.y + y >= 0 && r.y + y < height {
            for x in 0..<r.width where r.x + x >= 0 && r.x + x < width {
                g.cells[y * r.width + x] = self[r.x + x, r.y + y]
            }
        }
        return g
    }

    /// The characters of each row, trailing spaces kept, for tests and plain-text output.
    public var lines: [String] {
        var out: [String] = []
        out.reserveCapacity(height)
        for y in 0..<height {
            var v = String.UnicodeScalarView()
            for x in 0..<width {
                let c = cells[y * width + x]
                if !c.isContinuation { v.append(c.scalar) }
            }
            out.append(String(v))
        }
        return out
    }

    /// The whole frame as text, one line per row, trailing spaces trimmed.
    public var text: String {
        lines.map { line in
            var s = Substring(line)
            while s.last == " " { s = s.dropLast() }
            return String(s)
        }.joined(separator: "\n")
    }

    /// Roles of each row as one character per cell (see `ColorRole.code`), for tests.
    public var roleLines: [String] {
        (0..<height).map { y in
            String((0..<width).map { x in cells[y * width + x].role.code })
        }
    }

    /// Indices (y * width + x) of cells that differ from `old`; every index when the sizes
    /// differ or there is no previous frame. The terminal redraws only these.
    public func diff(from old: Grid?) -> [Int] {
        guard let old, old.width == width, old.height == height else {
            return Array(0..<cells.count)
        }
        var changed: [Int] = []
        cells.withUnsafeBufferPointer { new in
            old.cells.withUnsafeBufferPointer { prev in
                for i in 0..<new.count where new[i] != prev[i] {
                    changed.append(i)
                }
            }
        }
        return changed
    }
}
