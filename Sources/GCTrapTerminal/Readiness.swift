// What `gctrap doctor` asks of the terminal, read without taking over the screen:
// size, locale, whether ncurses knows $TERM and its colours.
import CNCursesw
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public struct TerminalProbe: Sendable {
    /// Both stdin and stdout are terminals.
    public var interactive: Bool
    /// Columns and rows of the terminal on stdout (nil when it is not one).
    public var size: (cols: Int, rows: Int)?
    /// The locale the investigator will run in (`setlocale(LC_ALL, "")`) and its character set.
    public var locale: String
    public var codeset: String
    public var term: String?
    /// True when ncurses has a terminfo entry for $TERM; nil when no terminfo database was found.
    public var termKnown: Bool?
    /// Colours in the terminfo entry (-1: none).
    public var colors: Int

    public var isUTF8: Bool {
        let c = codeset.lowercased()
        return c == "utf-8" || c == "utf8"
    }

    public static func read() -> TerminalProbe {
        let interactive = Terminal.isInteractive()
        var size: (Int, Int)?
        var ws = winsize()
        if gct_isatty(1) != 0, ioctl(1, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0 {
            size = (Int(ws.ws_col), Int(ws.ws_row))
        }
        let locale = gct_setlocale_all().map { String(cString: $0) } ?? "C"
        let codeset = gct_codeset_name().map { String(cString: $0) } ?? ""
        let term = getenv("TERM").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
        var colors: Int32 = -1
        var known: Bool? = false
        if term != nil {
            switch gct_probe_term(&colors) {
            case 1: known = true
            case 0, 2: known = false   // unknown, or a hardcopy terminal
            default: known = nil
            }
        }
        return TerminalProbe(interactive: interactive, size: size, locale: locale, codeset: codeset,
                             term: term, termKnown: known, colors: Int(colors))
    }
}
