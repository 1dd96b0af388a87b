// The only code that touches ncurses: init and teardown, drawing grids (only the cells
// that changed), reading keys, mouse and resizes as `Message`s, restoring the terminal on
// signals and fatal errors.
import CNCursesw
import GCTrapUI
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public struct TerminalOptions: Sendable {
    /// Monochrome (bold/reverse/underline/dim only). Defaults to NO_COLOR being set.
    public var noColor: Bool
    /// ASCII drawing; defaults to true when the locale is not UTF-8.
    public var ascii: Bool?
    public var mouse: Bool
    /// Ticks per second while idle (also the frame rate while running).
    public var tickRate: Int

    public init(noColor: Bool? = nil, ascii: Bool? = nil, mouse: Bool = true, tickRate: Int = 30) {
        let env = Terminal.environment()
        self.noColor = noColor ?? (env["NO_COLOR"].map { !$0.isEmpty } ?? false)
        self.ascii = ascii
        self.mouse = mouse
        self.tickRate = max(1, tickRate)
    }
}

/// Restores the terminal from signal handlers: reachable without captures.
nonisolated(unsafe) private var cursesActive: Int32 = 0

private func restoreTerminalFromSignal(_ sig: Int32) {
    if cursesActive != 0 {
        cursesActive = 0
        endwin()
    }
    signal(sig, SIG_DFL)
    raise(sig)
}

public final class Terminal {
    public private(set) var width: Int = 0
    public private(set) var height: Int = 0
    public let glyphs: Glyphs
    public private(set) var theme: Theme
    /// Whether the terminal draws in colour (not NO_COLOR, and it has colours).
    private var colors = false
    private var palette: Palette = .standard
    private var previous: Grid?
    private var attrTable: [attr_t] = []
    private var pairTable: [Int16] = []
    private let options: TerminalOptions
    /// The read timeout set with wtimeout, in milliseconds.
    private var inputTimeout: Int32 = -1

    public static func environment() -> [String: String] {
        var out: [String: String] = [:]
        var p = environ
        while let entry = p.pointee {
            let s = String(cString: entry)
            if let eq = s.firstIndex(of: "=") { out[String(s[..<eq])] = String(s[s.index(after: eq)...]) }
            p += 1
        }
        return out
    }

    /// True when both stdin and stdout are terminals.
    public static func isInteractive() -> Bool {
        gct_isatty(0) != 0 && gct_isatty(1) != 0
    }

    /// Why the terminal cannot be used, or nil when it can: checked before anything is
    /// created, because initscr() would print ncurses' message and exit 1 on its own.
    public static func unusableReason() -> String? {
        guard isInteractive() else {
            return "needs a terminal (stdin and stdout must be TTYs)"
        }
        let term = environment()["TERM"] ?? ""
        var colors: Int32 = -1
        switch gct_probe_term(&colors) {
        case 1: return nil
        case 2: return "the terminal type '\(printable(term))' (TERM) is a hardcopy terminal; the investigator needs a screen"
        case -1: return "no terminfo database found for TERM '\(printable(term))'; try TERM=xterm-256color"
        default:
            return term.isEmpty ? "TERM is not set; set it to your terminal's type, e.g. TERM=xterm-256color"
                : "the terminal type '\(printable(term))' (TERM) is unknown to terminfo; try TERM=xterm-256color"
        }
    }

    /// Control characters out (TERM comes from the environment: untrusted).
    private static func printable(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.prefix(64).map { $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) ? "?" : $0 }))
    }

    /// Initialise curses. Call `shutdown()` (or let a signal handler do it) afterwards.
    public init(options: TerminalOptions = TerminalOptions()) {
        self.options = options
        let locale = gct_setlocale_all().map { String(cString: $0) } ?? ""
        let l = locale.lowercased()
        let utf8 = l.contains("utf-8") || l.contains("utf8")
        glyphs = (options.ascii ?? !utf8) ? .ascii : .unicode
        Terminal.installSignalHandlers()
        initscr()
        cursesActive = 1
        cbreak()
        noecho()
        nonl()
        keypad(gct_stdscr(), true)
        set_escdelay(25)
        curs_set(0)
        inputTimeout = Int32(1000 / options.tickRate)
        wtimeout(gct_stdscr(), inputTimeout)
        if options.mouse {
            mousemask(gct_button1_pressed() | gct_button1_clicked() | gct_button1_released()
                      | gct_button4_pressed() | gct_button5_pressed(), nil)
            mouseinterval(0)
        }
        if !options.noColor && has_colors() {
            start_color()
            use_default_colors()
            colors = gct_colors() >= 8
        }
        theme = colors ? .color : .monochrome
        buildStyleTable(colors: colors)
        updateSize()
    }

    private func buildStyleTable(colors: Bool) {
        attrTable = []; pairTable = []
        for role in ColorRole.allCases {
            let style = theme.style(role)
            var a = gct_a_normal()
            if style.attrs.contains(.bold) { a |= gct_a_bold() }
            if style.attrs.contains(.reverse) { a |= gct_a_reverse() }
            if style.attrs.contains(.underline) { a |= gct_a_underline() }
            if style.attrs.contains(.dim) { a |= gct_a_dim() }
            var pair: Int16 = 0
            if colors, Int(role.rawValue) + 1 < Int(gct_color_pairs()) {
                pair = Int16(role.rawValue) + 1
                // The projector's 256-colour palette falls back to the basic eight.
                let many = gct_colors() >= 256
                init_pair(pair, Int16((many ? style.fg : style.fg.basic).rawValue),
                          Int16((many ? style.bg : style.bg.basic).rawValue))
            }
            attrTable.append(a)
            pairTable.append(pair)
        }
    }

    public func updateSize() {
        var y: Int32 = 0, x: Int32 = 0
        gct_getmaxyx(gct_stdscr(), &y, &x)
        height = Int(y); width = Int(x)
    }

    /// Draw a frame, writing only the cells that changed since the previous one.
    public func draw(_ grid: Grid) {
        if grid.palette != palette {
            // Projector mode on or off: another colour table, and every cell drawn again.
            palette = grid.palette
            if colors {
                theme = palette == .projector ? .projector : .color
                buildStyleTable(colors: colors)
            }
            invalidate()
        }
        let changed = grid.diff(from: previous)
        if previous == nil || previous!.width != grid.width || previous!.height != grid.height {
            werase(gct_stdscr())
        }
        var cc = cchar_t()
        let cells = grid.cells
        let w = grid.width
        for i in changed {
            let cell = cells[i]
            if cell.isContinuation { continue }
            let x = i % w, y = i / w
            if y >= height || x >= width { continue }
            let extra = cell.attrs
            var a = attrTable[Int(cell.role.rawValue)]
            if extra.contains(.bold) { a |= gct_a_bold() }
            if extra.contains(.reverse) && theme.usesColor == false { a |= gct_a_reverse() }
            if extra.contains(.underline) { a |= gct_a_underline() }
            _ = gct_setcchar1(&cc, wchar_t(bitPattern: cell.scalar.value), a, pairTable[Int(cell.role.rawValue)])
            mvwadd_wch(gct_stdscr(), Int32(y), Int32(x), &cc)
        }
        wrefresh(gct_stdscr())
        previous = grid
    }

    /// Forget the previous frame so the next draw repaints everything (Ctrl-L, resize).
    public func invalidate() {
        previous = nil
        clearok(gct_stdscr(), true)
    }

    /// Wait up to one tick for input. Returns nil on timeout; the caller sends `.tick`.
    public func readMessage() -> Message? {
        readMessage(waitingAtMost: nil)
    }

    /// Wait at most `milliseconds` for input (0: only what is already there; nil: one tick).
    /// The loop waits only for what is left of the tick, so a tick that takes long (both
    /// sides of a comparison at full speed) is not followed by a whole tick of idle waiting.
    public func readMessage(waitingAtMost milliseconds: Int?) -> Message? {
        let wait = Int32(milliseconds.map { max(0, $0) } ?? 1000 / options.tickRate)
        if wait != inputTimeout {
            wtimeout(gct_stdscr(), wait)
            inputTimeout = wait
        }
        var ch: wint_t = 0
        let r = wget_wch(gct_stdscr(), &ch)
        if r == gct_err() { return nil }
        if r == gct_key_code_yes() {
            let k = Int32(ch)
            if k == gct_key_resize() {
                updateSize()
                invalidate()
                return .resize(width: width, height: height)
            }
            if k == gct_key_mouse() { return readMouse() }
            return translateKeyCode(k).map { .key($0) }
        }
        return translateChar(UInt32(ch)).map { .key($0) }
    }

    private func translateKeyCode(_ k: Int32) -> Key? {
        switch k {
        case gct_key_up(): return .up
        case gct_key_down(): return .down
        case gct_key_left(): return .left
        case gct_key_right(): return .right
        case gct_key_sleft(): return .shiftLeft
        case gct_key_sright(): return .shiftRight
        case gct_key_ppage(): return .pageUp
        case gct_key_npage(): return .pageDown
        case gct_key_home(): return .home
        case gct_key_end(): return .end
        case gct_key_btab(): return .backTab
        case gct_key_enter(): return .enter
        case gct_key_backspace(): return .backspace
        default:
            for n in 1...12 where k == gct_key_f(Int32(n)) { return .function(n) }
            return nil
        }
    }

    private func translateChar(_ c: UInt32) -> Key? {
        switch c {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 127, 8: return .backspace
        case 12: invalidate(); return nil          // Ctrl-L: repaint
        case 1...26: return .ctrl(Character(Unicode.Scalar(c + 96)!))
        default:
            guard let u = Unicode.Scalar(c) else { return nil }
            return .char(Character(u))
        }
    }

    private func readMouse() -> Message? {
        var ev = MEVENT()
        guard getmouse(&ev) == gct_ok() else { return nil }
        let s = ev.bstate
        let button: MouseButton
        if s & gct_button4_pressed() != 0 { button = .wheelUp }
        else if s & gct_button5_pressed() != 0 { button = .wheelDown }
        else if s & (gct_button1_pressed() | gct_button1_clicked()) != 0 { button = .left }
        else { return nil }
        return .mouse(x: Int(ev.x), y: Int(ev.y), button: button)
    }

    /// Restore the terminal. Safe to call twice.
    public func shutdown() {
        if cursesActive != 0 {
            cursesActive = 0
            curs_set(1)
            endwin()
        }
    }

    deinit { shutdown() }

    /// SIGINT, SIGTERM, SIGHUP and fatal signals (a Swift trap is SIGILL/SIGTRAP) restore the
    /// terminal, then take their default action.
    static func installSignalHandlers() {
        for sig in [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGABRT, SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE] {
            signal(sig) { restoreTerminalFromSignal($0) }
        }
    }
}

/// The interactive investigator: runs the app on the terminal until the user quits.
public enum TerminalApp {
    /// Returns the process exit status: 0 after `q`, 2 when stdin or stdout is not a terminal.
    public static func run(engine: any Engine, options: TerminalOptions = TerminalOptions()) -> Int32 {
        run(options: options) { info in
            AppDriver(app: App(engine: engine, width: info.width, height: info.height,
                               glyphs: info.glyphs, tickRate: info.tickRate))
        }
    }

    /// Runs any driver (the investigator, a recorder, a player) until it quits.
    public static func run(options: TerminalOptions = TerminalOptions(),
                           makeDriver: (TerminalInfo) -> any TerminalDriver) -> Int32 {
        guard Terminal.isInteractive() else {
            let msg = "gctrap: the investigator needs a terminal (stdin and stdout must be TTYs).\n"
                + "For a non-interactive run use `gctrap run` (e.g. `gctrap run --csv`).\n"
            fputs(msg, stderr)
            return 2
        }
        if let reason = Terminal.unusableReason() {
            fputs("gctrap: \(reason)\n", stderr)
            return 2
        }
        let term = Terminal(options: options)
        defer { term.shutdown() }
        let driver = makeDriver(TerminalInfo(width: term.width, height: term.height, glyphs: term.glyphs,
                                             tickRate: options.tickRate))
        (driver as? ShowsProgress)?.present = { term.draw($0) }
        term.draw(driver.frame())
        let tickNanos = UInt64(1_000_000_000 / options.tickRate)
        var lastTick = DispatchTimeLite.now()
        loop: while true {
            var dirty = false
            let due = lastTick &+ tickNanos, before = DispatchTimeLite.now()
            let waitMillis = due > before ? Int((due - before + 999_999) / 1_000_000) : 0
            if let message = term.readMessage(waitingAtMost: waitMillis) {
                switch driver.handle(message) {
                case .quit: break loop
                case .redraw: dirty = true
                case .unchanged: break
                }
            }
            let now = DispatchTimeLite.now()
            if now &- lastTick >= tickNanos {
                lastTick = now
                switch driver.handle(.tick) {
                case .quit: break loop
                case .redraw: dirty = true
                case .unchanged: break
                }
            }
            if dirty { term.draw(driver.frame()) }
        }
        return 0
    }
}

/// Monotonic nanoseconds without Foundation.
enum DispatchTimeLite {
    static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }
}
