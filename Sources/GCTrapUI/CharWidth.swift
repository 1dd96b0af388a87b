// Terminal column width of a Unicode scalar: 0 (combining / control), 1 or 2 (East Asian
// wide and fullwidth, most emoji). A compact table, enough for source code and labels.

@inline(__always)
public func columnWidth(_ s: Unicode.Scalar) -> Int {
    let v = s.value
    if v < 0x300 { return v < 0x20 || (v >= 0x7F && v < 0xA0) ? 0 : 1 }
    return columnWidthSlow(v)
}

@usableFromInline
func columnWidthSlow(_ v: UInt32) -> Int {
    // Combining marks and zero-width characters.
    if (0x300...0x36F).contains(v) || (0x200B...0x200F).contains(v) || (0xFE00...0xFE0F).contains(v)
        || (0x1AB0...0x1AFF).contains(v) || (0x1DC0...0x1DFF).contains(v) || (0x20D0...0x20FF).contains(v)
        || v == 0x2060 || v == 0xFEFF {
        return 0
    }
    // Bidirectional controls and line separators never reach a cell: they would reorder or
    // break what the terminal shows (text from files is escaped before, by Sanitize).
    if (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) || v == 0x061C || v == 0x2028 || v == 0x2029 {
        return 0
    }
    if (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v)
        || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v)
        || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v)
        || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v)
        || (0x1F900...0x1F9FF).contains(v) || (0x20000...0x3FFFD).contains(v) {
        return 2
    }
    return 1
}

/// Width in columns of a string as the grid would draw it.
public func displayWidth(_ s: String) -> Int {
    var w = 0
    for u in s.unicodeScalars { w += columnWidth(u) }
    return w
}

/// Cut `s` to at most `width` columns, ending with `ellipsis` when something was cut.
public func truncate(_ s: String, to width: Int, ellipsis: String = "…") -> String {
    if width <= 0 { return "" }
    if displayWidth(s) <= width { return s }
    let ew = displayWidth(ellipsis)
    if width <= ew { return String(repeating: ".", count: width) }
    var out = String.UnicodeScalarView()
    var w = 0
    for u in s.unicodeScalars {
        let cw = columnWidth(u)
        if w + cw > width - ew { break }
        out.append(u)
        w += cw
    }
    return String(out) + ellipsis
}

/// Pad (or cut) to exactly `width` columns.
public func pad(_ s: String, to width: Int, right: Bool = false) -> String {
    let w = displayWidth(s)
    if w >= width { return truncate(s, to: width) }
    let fill = String(repeating: " ", count: width - w)
    return right ? fill + s : s + fill
}
