// `gctrap export`: the replayed screens as asciicast v2 (asciinema plays it) or as text
// files. Frames are rendered from the replayed state, never copied from the file, so
// nothing in a session reaches the output raw.
import Foundation
import GCTrapCore
import GCTrapUI

public struct ExportFrame {
    public var time: Double
    public var grid: Grid
    /// Markers passed since the previous frame.
    public var markers: [String]
}

public enum Exporter {
    /// The screens of a session at the given size, one per distinct moment (events at the
    /// same time make one frame); unchanged screens are skipped.
    /// Returns where the replay stopped when the events ran past the step budget.
    @discardableResult
    public static func frames(_ player: SessionPlayer, width: Int, height: Int, each: (ExportFrame) -> Void) -> SessionPlayer.BudgetStop? {
        var last = frames(player, width: width, height: height, after: 0, each: each)
        if let stop = player.budgetStop { return stop }
        // A recording of several sessions (a workshop, lesson after lesson): the next ones follow.
        var previous = player
        for i in 1..<player.partCount {
            guard let next = player.part(i) else { continue }
            next.continueBudget(from: previous)
            previous = next
            last = frames(next, width: width, height: height, after: last, each: each)
            if let stop = next.budgetStop { return stop }
        }
        return nil
    }

    /// One session's frames, none earlier than `after` seconds; returns the last frame's time.
    private static func frames(_ player: SessionPlayer, width: Int, height: Int, after: Double, each: (ExportFrame) -> Void) -> Double {
        player.followResizes = false
        player.seek(to: 0)
        player.setScreenSize(width: width, height: height)
        let spaced = player.duration == 0    // no times in the file: half a second per event
        let start = after == 0 ? 0 : max(after, player.times.first ?? after)
        func time(_ i: Int) -> Double { max(start, spaced ? start + Double(i) * 0.5 : player.times[max(0, i - 1)]) }
        var previous: Grid?
        var pendingMarkers: [String] = []
        var render = true   // the first frame
        var index = 0
        var latest = start
        while true {
            if render {
                let g = presentationFrame(player)
                if g != previous || !pendingMarkers.isEmpty {
                    latest = index == 0 ? start : time(index)
                    each(ExportFrame(time: latest, grid: g, markers: pendingMarkers))
                    pendingMarkers = []
                    previous = g
                }
            }
            guard let e = player.forward() else { break }
            index = player.position
            if case .marker(let l) = e.kind { pendingMarkers.append(l) }
            // Render at the last event of each moment.
            render = player.position == player.reachable || spaced || player.times[player.position] != player.times[player.position - 1]
        }
        return latest
    }

    /// The recorded screen with the caption (on the key-hint line) and any prompt.
    public static func presentationFrame(_ player: SessionPlayer) -> Grid {
        var grid = player.screen()
        let glyphs = player.app.model.glyphs
        if player.isTooSmall || grid.height < 3 { return grid }
        if let caption = player.caption {
            let y = grid.height - 1
            grid.fill(Rect(x: 0, y: y, width: grid.width, height: 1))
            let x = grid.write(glyphs.isASCII ? " >> " : " ❯ ", x: 0, y: y, role: .title, attrs: [.bold])
            grid.write(caption, x: x, y: y, maxWidth: grid.width - x, role: .title, attrs: [.bold])
        }
        if player.position > 0, let q = QuestionBox(player.events[player.position - 1].kind, event: player.position - 1) {
            q.draw(&grid, glyphs: glyphs, then: "continues", showAnswer: true)
        }
        return grid
    }

    /// Writes asciicast v2: a header line, then `[time, "o", data]` and `[time, "m", label]`.
    public static func asciicast(_ player: SessionPlayer, width: Int, height: Int, title: String,
                                 timestamp: Int? = nil, theme: Theme = .color, write: (String) -> Void) {
        withoutActuallyEscaping(write) { write in
            asciicast(width: width, height: height, title: title, timestamp: timestamp, theme: theme,
                  frames: { each in frames(player, width: width, height: height, each: each) }, write: write)
        }
    }

    /// Writes asciicast v2 from any sequence of frames (a session's, a comparison's).
    public static func asciicast(width: Int, height: Int, title: String, timestamp: Int? = nil, theme: Theme = .color,
                                 frames: ((ExportFrame) -> Void) -> Void, write: @escaping (String) -> Void) {
        var header: [(String, String)] = [("version", "2"), ("width", String(width)), ("height", String(height))]
        if let timestamp { header.append(("timestamp", String(timestamp))) }
        header.append(("idle_time_limit", "2"))
        header.append(("title", JSONText.string(Sanitize.printable(title))))
        header.append(("env", JSONText.object([("TERM", JSONText.string("xterm-256color"))])))
        write(JSONText.object(header) + "\n")
        var previous: Grid?
        frames { f in
            let t = JSONText.seconds(f.time)
            for m in f.markers { write("[\(t), \"m\", \(JSONText.string(m))]\n") }
            var out = previous == nil ? "\u{1B}[?25l\u{1B}[2J" : ""
            // Projector mode's screens in its light theme, as the terminal shows them.
            let frameTheme = theme.name == Theme.color.name && f.grid.palette == .projector ? Theme.projector : theme
            // A change of theme repaints every row.
            out += ansi(f.grid, since: previous?.palette == f.grid.palette ? previous : nil, theme: frameTheme)
            previous = f.grid
            write("[\(t), \"o\", \(JSONText.string(out))]\n")
        }
    }

    /// ANSI text that turns `old` into `grid` on a terminal: changed rows are rewritten.
    public static func ansi(_ grid: Grid, since old: Grid?, theme: Theme) -> String {
        var out = ""
        let same = old.map { $0.width == grid.width && $0.height == grid.height } ?? false
        for y in 0..<grid.height {
            if same, let old, (0..<grid.width).allSatisfy({ old[$0, y] == grid[$0, y] }) { continue }
            out += "\u{1B}[\(y + 1);1H"
            var current: String?
            for x in 0..<grid.width {
                let cell = grid[x, y]
                if cell.isContinuation { continue }
                let sgr = sgrCode(cell, theme: theme)
                if sgr != current { out += sgr; current = sgr }
                let v = cell.scalar.value
                // Cells never hold control characters; belt and braces.
                if v < 0x20 || (v >= 0x7F && v < 0xA0) { out += "?" } else { out.unicodeScalars.append(cell.scalar) }
            }
            out += "\u{1B}[0m"
        }
        return out
    }

    static func sgrCode(_ cell: Cell, theme: Theme) -> String {
        let style = theme.style(cell.role)
        var codes = ["0"]
        let attrs = style.attrs.union(cell.attrs.subtracting(theme.usesColor ? [.reverse] : []))
        if attrs.contains(.bold) { codes.append("1") }
        if attrs.contains(.dim) { codes.append("2") }
        if attrs.contains(.underline) { codes.append("4") }
        if attrs.contains(.reverse) { codes.append("7") }
        // The basic eight as 30-37 / 40-47; the projector's xterm-256 colours as 38;5;N / 48;5;N.
        if style.fg != .default { codes.append(style.fg.rawValue < 8 ? String(30 + style.fg.rawValue) : "38;5;\(style.fg.rawValue)") }
        if style.bg != .default { codes.append(style.bg.rawValue < 8 ? String(40 + style.bg.rawValue) : "48;5;\(style.bg.rawValue)") }
        return "\u{1B}[" + codes.joined(separator: ";") + "m"
    }
}

/// A centred box with a title and lines (wrapped to the screen), for prompts and help.
func drawOverlayBox(_ grid: inout Grid, title: String, lines: [(String, ColorRole)], glyphs: Glyphs) {
    let width = grid.width, height = grid.height
    let maxInner = max(10, width - 8)
    var wrapped: [(String, ColorRole)] = []
    for (text, role) in lines {
        var rest = Substring(text)
        if rest.isEmpty { wrapped.append(("", role)) }
        while !rest.isEmpty {
            var cut = rest.prefix(maxInner)
            if cut.count < rest.count, let space = cut.lastIndex(of: " "), space > cut.startIndex {
                cut = rest[rest.startIndex..<space]
            }
            wrapped.append((String(cut), role))
            rest = rest[cut.endIndex...].drop { $0 == " " }
        }
    }
    let w = min(width - 2, max(title.count + 6, (wrapped.map { displayWidth($0.0) }.max() ?? 0) + 4))
    let h = min(height - 2, wrapped.count + 2)
    guard w > 4, h > 2 else { return }
    let r = Rect(x: (width - w) / 2, y: max(0, (height - h) / 2), width: w, height: h)
    grid.fill(r)
    grid.box(r, title: title, focused: true, glyphs: glyphs)
    for (i, line) in wrapped.prefix(h - 2).enumerated() {
        grid.write(line.0, x: r.x + 2, y: r.y + 1 + i, maxWidth: w - 4, role: line.1,
                   attrs: line.1 == .title ? [.bold] : [])
    }
}
