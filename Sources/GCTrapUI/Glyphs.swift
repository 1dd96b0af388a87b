// Drawing characters: Unicode box drawing and blocks when the locale is UTF-8, plain
// ASCII otherwise. Views take every non-ASCII character from here.

public struct BoxGlyphs: Equatable, Sendable {
    public var topLeft: Unicode.Scalar
    public var topRight: Unicode.Scalar
    public var bottomLeft: Unicode.Scalar
    public var bottomRight: Unicode.Scalar
    public var horizontal: Unicode.Scalar
    public var vertical: Unicode.Scalar
}

public struct Glyphs: Equatable, Sendable {
    public var isASCII: Bool
    public var box: BoxGlyphs
    public var focusedBox: BoxGlyphs
    public var ellipsis: String
    /// Marks the current line in the Code pane.
    public var currentLine: String
    /// Marks the selected row in a list.
    public var pointer: String
    /// Chart levels from empty to a full cell (9 entries).
    public var bars: [Unicode.Scalar]
    public var meterFull: Unicode.Scalar
    public var meterEmpty: Unicode.Scalar
    public var cycle: String
    public var separator: String
    public var running: String
    public var paused: String
    public var arrow: String

    public static let unicode = Glyphs(
        isASCII: false,
        box: BoxGlyphs(topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘",
                       horizontal: "─", vertical: "│"),
        focusedBox: BoxGlyphs(topLeft: "╔", topRight: "╗", bottomLeft: "╚", bottomRight: "╝",
                              horizontal: "═", vertical: "║"),
        ellipsis: "…", currentLine: "▶", pointer: "›",
        bars: [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"],
        meterFull: "█", meterEmpty: "░", cycle: "↻", separator: "·",
        running: "▶", paused: "‖", arrow: "→")

    public static let ascii = Glyphs(
        isASCII: true,
        box: BoxGlyphs(topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+",
                       horizontal: "-", vertical: "|"),
        focusedBox: BoxGlyphs(topLeft: "#", topRight: "#", bottomLeft: "#", bottomRight: "#",
                              horizontal: "=", vertical: "#"),
        ellipsis: "~", currentLine: ">", pointer: ">",
        bars: [" ", "_", "_", "-", "-", "=", "=", "#", "#"],
        meterFull: "#", meterEmpty: ".", cycle: "@", separator: "|",
        running: ">", paused: "||", arrow: "->")

    /// UTF-8 glyphs when the locale's character set is UTF-8 (LC_ALL, LC_CTYPE, LANG).
    public static func forLocale(_ environment: [String: String]) -> Glyphs {
        for key in ["LC_ALL", "LC_CTYPE", "LANG"] {
            if let v = environment[key], !v.isEmpty {
                let l = v.lowercased()
                return l.contains("utf-8") || l.contains("utf8") ? .unicode : .ascii
            }
        }
        return .ascii
    }
}
