// One screen cell: a character, a semantic colour role and text attributes.
//
// The character is stored as a single Unicode scalar rather than a String or Character:
// a 200x60 frame is 12,000 cells and the renderer must stay under 2 ms, so cells are small,
// trivially copyable values. A wide (two-column) character occupies its cell and marks the
// next one as a continuation (`scalar == Cell.continuation`). Zero-width scalars (combining
// marks) are dropped when writing; the scenario sources this renders are ASCII in practice.

/// Text attributes, independent of colour. Monochrome mode relies on them.
public struct Attr: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let bold = Attr(rawValue: 1 << 0)
    public static let reverse = Attr(rawValue: 1 << 1)
    public static let underline = Attr(rawValue: 1 << 2)
    public static let dim = Attr(rawValue: 1 << 3)
}

/// What a piece of text means; the terminal maps each role to a curses pair in one table
/// (`Theme`), htop style. Views never choose colours directly.
public enum ColorRole: UInt8, CaseIterable, Hashable, Sendable {
    case normal
    case title
    case focusedTitle
    case border
    case focusedBorder
    case header
    case lineNumber
    case currentLine
    case keyword
    case reachable
    case garbage
    case cycle
    case connectionOpen
    case connectionLeaked
    case connectionHeld
    case connectionIdle
    case connectionInUse
    case gcCollection
    case chartBar
    case warning
    case error
    case dim
    case keyHint
    case toggleOn
    case toggleOff
    case selection
    case event
    case running
    case paused
}

public struct Cell: Equatable, Hashable, Sendable {
    public var scalar: Unicode.Scalar
    public var role: ColorRole
    public var attrs: Attr

    public init(_ scalar: Unicode.Scalar = " ", role: ColorRole = .normal, attrs: Attr = []) {
        self.scalar = scalar
        self.role = role
        self.attrs = attrs
    }

    /// The right half of a wide character.
    public static let continuation: Unicode.Scalar = "\u{0}"
    public static let blank = Cell()

    public var isContinuation: Bool { scalar == Cell.continuation }
}
