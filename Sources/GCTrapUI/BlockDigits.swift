// Numbers three rows high, readable from the back of a room (projector mode). Each glyph is
// three columns wide with one column between glyphs. Unicode uses half and full blocks
// (five "pixels" high); ASCII uses the seven-segment shapes.

public enum BlockDigits {
    static let height = 3

    static let unicode: [Character: [String]] = [
        "0": ["█▀█", "█ █", "▀▀▀"], "1": ["▀█ ", " █ ", "▀▀▀"], "2": ["▀▀█", "█▀▀", "▀▀▀"],
        "3": ["▀▀█", " ▀█", "▀▀▀"], "4": ["█ █", "▀▀█", "  ▀"], "5": ["█▀▀", "▀▀█", "▀▀▀"],
        "6": ["█▀▀", "█▀█", "▀▀▀"], "7": ["▀▀█", "  █", "  ▀"], "8": ["█▀█", "█▀█", "▀▀▀"],
        "9": ["█▀█", "▀▀█", "▀▀▀"], "/": ["  █", " █ ", "▀  "], "-": ["   ", "▀▀▀", "   "],
        " ": ["   ", "   ", "   "],
    ]

    static let ascii: [Character: [String]] = [
        "0": [" _ ", "| |", "|_|"], "1": ["   ", "  |", "  |"], "2": [" _ ", " _|", "|_ "],
        "3": [" _ ", " _|", " _|"], "4": ["   ", "|_|", "  |"], "5": [" _ ", "|_ ", " _|"],
        "6": [" _ ", "|_ ", "|_|"], "7": [" _ ", "  |", "  |"], "8": [" _ ", "|_|", "|_|"],
        "9": [" _ ", "|_|", " _|"], "/": ["  /", " / ", "/  "], "-": ["   ", " _ ", "   "],
        " ": ["   ", "   ", "   "],
    ]

    /// Columns `text` takes in block digits.
    public static func width(_ text: String) -> Int {
        text.isEmpty ? 0 : text.count * 4 - 1
    }

    /// Whether every character of `text` has a block glyph.
    public static func canRender(_ text: String) -> Bool {
        text.allSatisfy { unicode[$0] != nil }
    }

    /// The three rows of `text` (digits, "/", "-" and spaces).
    public static func rows(_ text: String, ascii isASCII: Bool) -> [String] {
        let font = isASCII ? ascii : unicode
        var rows = ["", "", ""]
        for (i, c) in text.enumerated() {
            let glyph = font[c] ?? font[" "]!
            for r in 0..<height { rows[r] += (i > 0 ? " " : "") + glyph[r] }
        }
        return rows
    }
}
