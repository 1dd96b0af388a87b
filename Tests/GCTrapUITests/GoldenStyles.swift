// Golden frames with their styles: the text, then one letter per cell naming the style the
// terminal would draw it with under a theme (colour, NO_COLOR's monochrome, projector), and
// the key to the letters. A colour golden and a NO_COLOR golden of the same frame differ
// only in the styles, which is what they are there to show.
import XCTest
import GCTrapUI

extension Golden {
    /// The style of one cell as the terminal draws it: the role's style plus the cell's own
    /// bold and underline (reverse only counts without colour, as in Terminal.draw).
    static func effectiveStyle(_ cell: Cell, _ theme: Theme) -> Style {
        var st = theme.style(cell.role)
        var extra = cell.attrs
        if theme.usesColor { extra.remove(.reverse) }
        st.attrs.formUnion(extra.intersection([.bold, .underline, .reverse]))
        return st
    }

    static func describe(_ st: Style) -> String {
        var parts: [String] = []
        if st.fg != .default { parts.append("fg \(st.fg)") }
        if st.bg != .default { parts.append("bg \(st.bg)") }
        let names: [(Attr, String)] = [(.bold, "bold"), (.reverse, "reverse"), (.underline, "underline"), (.dim, "dim")]
        for (a, n) in names where st.attrs.contains(a) { parts.append(n) }
        return parts.isEmpty ? "plain" : parts.joined(separator: " ")
    }

    /// The frame's text, its style map under `theme` and the key.
    static func styledText(_ grid: Grid, theme: Theme) -> String {
        let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        var code: [Style: Character] = [:]
        var order: [Style] = []
        var map: [String] = []
        for y in 0..<grid.height {
            var row = ""
            for x in 0..<grid.width {
                let cell = grid[x, y]
                let st = effectiveStyle(cell, theme)
                if cell.scalar == " " && st.bg == .default && !st.attrs.contains(.reverse) && !st.attrs.contains(.underline) {
                    row.append(" ")   // an empty cell looks the same in any plain style
                    continue
                }
                if code[st] == nil {
                    code[st] = order.count < letters.count ? letters[order.count] : "?"
                    order.append(st)
                }
                row.append(code[st]!)
            }
            var s = Substring(row)
            while s.last == " " { s = s.dropLast() }
            map.append(String(s))
        }
        let text = grid.lines.map { l -> String in
            var s = Substring(l)
            while s.last == " " { s = s.dropLast() }
            return String(s)
        }
        let key = order.map { "\(code[$0]!) \(describe($0))" }
        return (text + ["", "-- styles under the \(theme.name) theme --"] + map + ["", "-- key --"] + key)
            .joined(separator: "\n") + "\n"
    }

    /// Compare `grid` with its styled golden `name.txt` (same recording rules as `assert`).
    static func assertStyled(_ grid: Grid, theme: Theme, _ name: String, file: StaticString = #filePath, line: UInt = #line) {
        let actual = styledText(grid, theme: theme)
        let url = directory.appendingPathComponent(name + ".txt")
        let record = ProcessInfo.processInfo.environment["GCTRAP_RECORD_GOLDENS"] == "1"
        guard !record, let expected = try? String(contentsOf: url, encoding: .utf8) else {
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try? actual.write(to: url, atomically: true, encoding: .utf8)
            if !record { XCTFail("recorded new golden \(name).txt: check it and run again", file: file, line: line) }
            return
        }
        if let d = diff(expected: expected, actual: actual) {
            XCTFail("frame differs from golden \(name).txt (GCTRAP_RECORD_GOLDENS=1 rewrites it):\n\(d)",
                    file: file, line: line)
        }
    }
}
