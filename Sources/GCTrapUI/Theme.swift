// The one table that maps semantic roles to colours and attributes (htop's CRT.c idea).
// The terminal turns `Style` into a curses pair; with NO_COLOR it uses `monochrome`,
// which keeps states apart with bold, reverse, underline and dim (views add text markers
// too, so nothing depends on colour alone).

public enum TermColor: Int, Sendable {
    case `default` = -1
    case black = 0, red, green, yellow, blue, magenta, cyan, white
    // The Okabe-Ito palette (colour-blind safe) as the nearest xterm-256 colours, with pure
    // black, white and a dark grey, for the projector theme.
    case okOrange = 178          // #E69F00 -> #d7af00
    case okSkyBlue = 74          // #56B4E9 -> #5fafd7
    case okBluishGreen = 36      // #009E73 -> #00af87
    case okYellow = 221          // #F0E442 -> #ffd75f
    case okBlue = 25             // #0072B2 -> #005faf
    case okVermillion = 166      // #D55E00 -> #d75f00
    case okReddishPurple = 175   // #CC79A7 -> #d787af
    case pureBlack = 16          // #000000
    case pureWhite = 231         // #ffffff
    case darkGrey = 238          // #444444

    /// The nearest of the eight basic colours, for terminals with fewer than 256.
    public var basic: TermColor {
        switch self {
        case .okOrange, .okYellow: return .yellow
        case .okSkyBlue: return .cyan
        case .okBluishGreen: return .green
        case .okBlue: return .blue
        case .okVermillion: return .red
        case .okReddishPurple: return .magenta
        case .pureBlack, .darkGrey: return .black
        case .pureWhite: return .white
        default: return self
        }
    }
}

public struct Style: Equatable, Hashable, Sendable {
    public var fg: TermColor
    public var bg: TermColor
    public var attrs: Attr
    public init(_ fg: TermColor = .default, _ bg: TermColor = .default, _ attrs: Attr = []) {
        self.fg = fg; self.bg = bg; self.attrs = attrs
    }
}

public struct Theme: Sendable {
    public var name: String
    public var usesColor: Bool
    private var table: [Style]

    public init(name: String, usesColor: Bool, style: (ColorRole) -> Style) {
        self.name = name
        self.usesColor = usesColor
        self.table = ColorRole.allCases.map(style)
    }

    @inline(__always)
    public func style(_ role: ColorRole) -> Style { table[Int(role.rawValue)] }

    public static let color = Theme(name: "color", usesColor: true) { role in
        switch role {
        case .normal: return Style()
        case .title: return Style(.cyan, .default, [.bold])
        case .focusedTitle: return Style(.black, .cyan, [.bold])
        case .border: return Style(.blue)
        case .focusedBorder: return Style(.cyan, .default, [.bold])
        case .header: return Style(.white, .blue, [.bold])
        case .lineNumber: return Style(.default, .default, [.dim])
        case .currentLine: return Style(.black, .yellow, [.bold])
        case .keyword: return Style(.magenta)
        case .reachable: return Style(.green)
        case .garbage: return Style(.red, .default, [.bold])
        case .cycle: return Style(.magenta, .default, [.bold])
        case .connectionOpen: return Style(.yellow, .default, [.bold])
        case .connectionLeaked: return Style(.white, .red, [.bold])
        case .connectionHeld: return Style(.yellow, .default, [.bold, .underline])
        case .connectionIdle: return Style(.cyan)
        case .connectionInUse: return Style(.green, .default, [.bold])
        case .gcCollection: return Style(.magenta, .default, [.bold])
        case .chartBar: return Style(.yellow)
        case .warning: return Style(.yellow, .default, [.bold])
        case .error: return Style(.white, .red, [.bold])
        case .dim: return Style(.default, .default, [.dim])
        case .keyHint: return Style(.black, .cyan)
        case .toggleOn: return Style(.black, .green, [.bold])
        case .toggleOff: return Style(.default, .default, [.dim])
        case .selection: return Style(.default, .default, [.reverse])
        case .event: return Style(.yellow)
        case .running: return Style(.black, .green, [.bold])
        case .paused: return Style(.black, .yellow, [.bold])
        }
    }

    /// Projector mode: black on white (projectors wash dark themes out), Okabe-Ito colours
    /// as backgrounds behind black text (each at least 5:1 against it, WCAG's 4.5:1 for
    /// text), blue (5:1 on white) for lines; no dim text. States keep their text marks
    /// ([leaked], garbage, ↻), so nothing depends on telling colours apart.
    public static let projector = Theme(name: "projector", usesColor: true) { role in
        let ink = TermColor.pureBlack, paper = TermColor.pureWhite
        switch role {
        case .normal, .reachable, .keyword: return Style(ink, paper)
        case .title: return Style(ink, paper, [.bold])
        case .focusedTitle, .header, .keyHint: return Style(paper, .okBlue, [.bold])
        case .border, .chartBar, .event, .connectionIdle: return Style(.okBlue, paper)
        case .focusedBorder, .connectionOpen: return Style(.okBlue, paper, [.bold])
        case .lineNumber, .dim, .toggleOff: return Style(.darkGrey, paper)
        case .currentLine, .warning, .paused: return Style(ink, .okYellow, [.bold])
        case .garbage: return Style(ink, .okVermillion, [.bold])
        case .cycle, .gcCollection: return Style(ink, .okReddishPurple, [.bold])
        case .connectionLeaked: return Style(ink, .okOrange, [.bold])
        case .connectionHeld: return Style(ink, .okSkyBlue, [.bold, .underline])
        case .connectionInUse, .toggleOn, .running: return Style(ink, .okBluishGreen, [.bold])
        case .error: return Style(paper, ink, [.bold])
        case .selection: return Style(ink, paper, [.reverse])
        }
    }

    public static let monochrome = Theme(name: "monochrome", usesColor: false) { role in
        switch role {
        case .normal, .reachable, .chartBar, .event, .connectionIdle, .border, .keyword: return Style()
        case .title, .header, .focusedBorder, .connectionOpen, .connectionInUse, .warning:
            return Style(.default, .default, [.bold])
        case .focusedTitle, .currentLine, .selection, .keyHint, .toggleOn, .running, .paused:
            return Style(.default, .default, [.reverse])
        case .garbage, .gcCollection: return Style(.default, .default, [.bold, .underline])
        case .cycle, .connectionHeld: return Style(.default, .default, [.underline])
        case .connectionLeaked, .error: return Style(.default, .default, [.bold, .reverse])
        case .lineNumber, .dim, .toggleOff: return Style(.default, .default, [.dim])
        }
    }
}

extension ColorRole {
    /// One character per role, for role maps in tests ("." is normal).
    public var code: Character {
        let codes: [Character] = Array(".tTbBhnckrgyoLHiuGCwedK+_sERP")
        let i = Int(rawValue)
        return i < codes.count ? codes[i] : "?"
    }
}
