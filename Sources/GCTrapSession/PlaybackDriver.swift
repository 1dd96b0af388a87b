// Playback in the investigator's screen, with asciinema's keys, a playback bar (position,
// markers, speed, caption), prompts, and `i` to take over and keep exploring live.
import Foundation
import GCTrapCore
import GCTrapUI

public final class PlaybackDriver: TerminalDriver, ShowsProgress {
    /// The part of the recording playing (most recordings have one; a workshop has one per lesson).
    public private(set) var player: SessionPlayer
    public static let speeds: [Double] = [0.25, 0.5, 1, 2, 4, 8, 16, 32]
    public private(set) var speedIndex = 2
    public private(set) var playing = true
    /// Playback time, in the session's seconds.
    public private(set) var clock: Double = 0
    /// Gaps between events longer than this play as this long (asciinema's idle limit).
    public var idleLimit = 2.0
    private var width: Int
    private var height: Int
    private var lastWall: Double?
    private let wallClock: () -> Double
    private var helpVisible = false
    private var flash: String?
    private var prompt: QuestionBox?
    private var live: (any TerminalDriver)?
    private let takeOver: ((SessionPlayer) -> any TerminalDriver)?
    /// Shown in the bar and the help: the file being played.
    public var title: String
    /// Draws a frame before `handle` returns (the terminal sets it): a long seek shows its progress.
    public var present: ((Grid) -> Void)?
    /// A seek shows its progress once it has run this long, in seconds (gctrap reads
    /// GCTRAP_PROGRESS_AFTER, so a test can ask for it at once).
    public var progressAfter = 1.0
    /// The last frame drawn: what a long seek shows its progress over.
    private var lastFrame: Grid?

    public init(player: SessionPlayer, width: Int, height: Int, speed: Double = 1, title: String = "",
                wallClock: @escaping () -> Double = SessionRecorder.monotonicClock(),
                takeOver: ((SessionPlayer) -> any TerminalDriver)? = nil) {
        self.player = player
        self.width = width
        self.height = height
        self.wallClock = wallClock
        self.takeOver = takeOver
        self.title = title
        if let i = PlaybackDriver.speeds.firstIndex(where: { $0 >= speed }) { speedIndex = i }
        player.setScreenSize(width: width, height: max(1, height - 1))
    }

    public var speed: Double { PlaybackDriver.speeds[speedIndex] }
    public var isLive: Bool { live != nil }

    // MARK: messages

    public func handle(_ message: Message) -> DriverResult {
        if let live { return working { live.handle(message) } }
        switch message {
        case .tick:
            return tick()
        case .resize(let w, let h):
            width = w; height = h
            player.setScreenSize(width: w, height: max(1, h - 1))
            return .redraw
        case .mouse:
            return .unchanged
        case .key(let key):
            return keyPress(key)
        }
    }

    private func tick() -> DriverResult {
        let now = wallClock()
        var resumeAt: Double? = now
        defer { lastWall = resumeAt }
        guard playing, prompt == nil else { return .unchanged }
        let dt = lastWall.map { now - $0 } ?? 0
        if let stop = player.budgetStop, player.position >= stop.position {
            // The events ran past the step budget: the rest of the recording is not played.
            playing = false
            flash = "line \(stop.line): " + stop.message
            return .redraw
        }
        if player.position >= player.count {
            if openPart(player.partIndex + 1) { return .redraw }
            playing = false
            flash = "end of the recording: space plays it again"
            return .redraw
        }
        let next = player.times[player.position]
        if next - clock > idleLimit { clock = next - idleLimit }
        clock += dt * speed
        // A recorded run of many tasks replays inside one tick: past `progressAfter` it
        // draws its progress (from inside the run) like a seek.
        let took = showingProgress(since: now, hook: { report in
            player.simulation.onProgress = { [unowned self] steps in
                report("playing: event \(self.player.position + 1) of \(self.player.count), statement \(steps)")
            }
            return { self.player.simulation.onProgress = nil }
        }) {
            while player.position < player.reachable && player.times[player.position] <= clock {
                let index = player.position
                guard let e = player.forward() else { break }
                if let q = QuestionBox(e.kind, event: index) {
                    prompt = q
                    break
                }
                if case .marker(let label) = e.kind { flash = "marker: " + label }
            }
        }
        if let took {
            flash = String(format: "replaying that event took %.1f s", took)
            // The time spent replaying does not move the playback clock on.
            resumeAt = nil
        }
        return .redraw
    }

    private func keyPress(_ key: Key) -> DriverResult {
        if key == .ctrl("c") || key == .char("q") { return .quit }
        if helpVisible { helpVisible = false; return .redraw }
        if var q = prompt {
            switch q.key(key) {
            case .answered: prompt = q
            case .closed: prompt = nil; lastWall = nil
            case .ignored: break
            }
            return .redraw
        }
        flash = nil
        switch key {
        case .char("}"), .char("{"):
            let target = player.partIndex + (key == .char("}") ? 1 : -1)
            if !openPart(target) {
                flash = player.partCount == 1 ? "this recording holds one session" : (target < 0 ? "this is the first session" : "this is the last session")
            }
        case .char(" "):
            if player.position >= player.count && player.partIndex > 0 && player.partIndex == player.partCount - 1 {
                // At the end of a recording of several sessions: play it again from the first.
                _ = openPart(0)
                playing = true
            } else if player.position >= player.reachable {
                seeking { player.seek(to: 0) }
                clock = 0
                playing = true
            } else {
                playing.toggle()
            }
            lastWall = nil
        case .char("."):
            playing = false
            if let e = player.forward() {
                clock = player.time
                prompt = QuestionBox(e.kind, event: player.position - 1)
            }
        case .char(","):
            playing = false
            seeking { player.seek(to: player.position - 1) }
            clock = player.time
        case .right, .left:
            let target = max(0, clock + (key == .right ? 5 : -5))
            seeking { player.seek(toTime: target) }
            clock = min(target, player.duration)
        case .shiftRight, .shiftLeft:
            let target = max(0, clock + player.duration * (key == .shiftRight ? 0.1 : -0.1))
            seeking { player.seek(toTime: target) }
            clock = min(target, player.duration)
        case .char("]"):
            if let m = player.markers.first(where: { $0 >= player.position }) {
                jump(toEvent: m + 1)
            } else {
                flash = "no marker after this point"
            }
        case .char("["):
            if let m = player.markers.last(where: { $0 + 1 < player.position }) {
                jump(toEvent: m + 1)
            } else {
                jump(toEvent: 0)
                flash = player.markers.isEmpty ? "this recording has no markers" : "start (no marker before)"
            }
        case .char(let c) where c.isASCII && c.isNumber:
            let d = Double(Int(String(c))!)
            let target = player.duration * d / 10
            seeking {
                if player.duration > 0 {
                    player.seek(toTime: target)
                } else {
                    player.seek(to: player.count * Int(d) / 10)
                }
            }
            clock = target
        case .char("+"), .char("="):
            speedIndex = min(speedIndex + 1, PlaybackDriver.speeds.count - 1)
            flash = "playback speed " + speedText
        case .char("-"), .char("_"):
            speedIndex = max(speedIndex - 1, 0)
            flash = "playback speed " + speedText
        case .char("?"), .function(1):
            helpVisible = true
        case .char("i"):
            return startLive()
        case .char("P"):
            player.syncApp()
            player.projectorOverride = !(player.compare?.projector ?? player.app.model.projector)
            flash = "projector mode " + (player.projectorOverride == true ? "on" : "off") + " (P)"
        case .tab, .backTab, .up, .down, .pageUp, .pageDown, .home, .end, .enter, .escape,
             .char("j"), .char("k"), .char("h"), .char("l"):
            // Look around the replayed state; the next seek resets the view to the recording's.
            player.localView(.key(key))
        default:
            break
        }
        return .redraw
    }

    /// Goes to the start of another session of the recording (a workshop's next lesson).
    private func openPart(_ index: Int) -> Bool {
        guard let next = player.part(index) else { return false }
        // Forward through the recording the parts share one replay budget, as `play
        // --headless` and `export` count it.
        if index > player.partIndex { next.continueBudget(from: player) }
        next.app.updateModel { $0.glyphs = self.player.app.model.glyphs }
        player = next
        player.setScreenSize(width: width, height: max(1, height - 1))
        clock = player.times.first ?? 0
        lastWall = nil
        prompt = nil
        flash = "session \(index + 1) of \(player.partCount): " + (player.session.header.title.isEmpty ? player.session.header.scenarioName : player.session.header.title)
        return true
    }

    private func jump(toEvent e: Int) {
        seeking { player.seek(to: e) }
        clock = player.time
        if let m = player.lastMarker, m.index == e - 1 { flash = "marker: " + m.label }
    }

    /// Runs a seek; one that takes longer than `progressAfter` draws its progress on the
    /// bar line over the last screen and says afterwards how long it took.
    private func seeking(_ body: () -> Void) {
        let took = showingProgress(since: nil, hook: { report in
            player.onSeekProgress = { position, target, steps in
                var text = "seeking: event \(position) of \(target) (\(target == 0 ? 100 : position * 100 / target)%)"
                if let steps { text += ", statement \(steps)" }
                report(text)
            }
            return { self.player.onSeekProgress = nil }
        }, body)
        if let took { flash = String(format: "seek took %.1f s", took) }
    }

    /// The live investigator after a take-over: a key that runs long (`]` across a quiet
    /// stretch, `t` through a long task, a step back far from a checkpoint) draws
    /// "working: statement S" over its screen and then says in the status line how long it took.
    private func working(_ body: () -> DriverResult) -> DriverResult {
        var result = DriverResult.unchanged
        let took = showingProgress(since: nil, hook: { report in
            player.simulation.onProgress = { steps in report("working: statement \(steps)") }
            return { self.player.simulation.onProgress = nil }
        }) { result = body() }
        if let took {
            player.app.updateModel { $0.status = String(format: "that took %.1f s", took) }
            return .redraw
        }
        return result
    }

    /// Runs `body` with a progress hook: `hook` installs a reporter (and returns how to remove
    /// it) drawing on the bar line (ProgressLine) once `progressAfter` seconds have passed
    /// since `since` (or now). Returns the seconds taken when progress was shown.
    private func showingProgress(since: Double?, hook: (_ report: @escaping (String) -> Void) -> (() -> Void),
                                 _ body: () -> Void) -> Double? {
        guard let line = ProgressLine(over: lastFrame, ascii: player.app.model.glyphs.isASCII, clock: wallClock,
                                      after: progressAfter, started: since, present: present) else {
            body()
            return nil
        }
        let remove = hook { line.report($0) }
        defer { remove() }
        body()
        return line.took()
    }

    private func startLive() -> DriverResult {
        guard let takeOver else {
            flash = "taking over is not available here"
            return .redraw
        }
        player.syncApp()
        // A comparison part (a lesson that opened one) goes on live with both sides.
        if let compare = player.compare { _ = compare.handle(.resize(width: width, height: height)) }
        player.app.updateModel {
            $0.width = width
            $0.height = height
            $0.running = false
            $0.status = "live from \(clockText(player.time)) of the recording: exploring on your own now"
        }
        live = takeOver(player)
        return .redraw
    }

    var speedText: String {
        let s = speed
        return s == s.rounded() ? "\(Int(s))x" : "\(s)x"
    }

    // MARK: drawing

    public func frame() -> Grid {
        if let live {
            let g = live.frame()
            lastFrame = g
            return g
        }
        let inner = player.screen()
        var grid = Grid(width: width, height: height)
        grid.palette = inner.palette   // projector mode's light theme
        for y in 0..<min(inner.height, height) {
            for x in 0..<min(inner.width, width) { grid[x, y] = inner[x, y] }
        }
        let glyphs = player.app.model.glyphs
        if player.isTooSmall || height < 3 { return grid }
        drawCaptionLine(&grid, y: height - 2, glyphs: glyphs)
        drawBar(&grid, y: height - 1, glyphs: glyphs)
        prompt?.draw(&grid, glyphs: glyphs, then: "continues")
        if helpVisible { drawHelp(&grid, glyphs: glyphs) }
        lastFrame = grid
        return grid
    }

    private func drawCaptionLine(_ grid: inout Grid, y: Int, glyphs: Glyphs) {
        grid.fill(Rect(x: 0, y: y, width: width, height: 1))
        if let caption = player.caption {
            let x = grid.write(glyphs.isASCII ? " >> " : " ❯ ", x: 0, y: y, role: .title, attrs: [.bold])
            grid.write(caption, x: x, y: y, maxWidth: width - x, role: .title, attrs: [.bold])
            return
        }
        var x = 0
        for (k, what) in [("space", "pause"), (",.", "event"), ("<- ->", "5s"), ("[]", "marker"), ("0-9", "jump"),
                          ("+-", "speed"), ("i", "take over"), ("?", "help"), ("q", "quit")] {
            if x + k.count + what.count + 2 > width { break }
            x = grid.write(k, x: x, y: y, role: .keyHint, attrs: [.reverse])
            x = grid.write(" " + what + " ", x: x, y: y, role: .normal)
        }
    }

    private func drawBar(_ grid: inout Grid, y: Int, glyphs: Glyphs) {
        grid.fill(Rect(x: 0, y: y, width: width, height: 1), with: Cell(" ", role: .header))
        let ascii = glyphs.isASCII
        let state: String
        if player.position >= player.count && !playing { state = ascii ? "[]" : "■" }
        else if playing && prompt == nil { state = ascii ? ">" : "▶" }
        else { state = ascii ? "||" : "⏸" }
        let left = " \(state) \(clockText(min(clock, player.duration))) / \(clockText(player.duration)) "
        var right = (player.partCount > 1 ? " session \(player.partIndex + 1)/\(player.partCount)" : "") + " \(player.position)/\(player.count) \(speedText) "
        if let f = flash { right += "| " + f + " " }
        else if let m = player.lastMarker { right += "| " + (ascii ? "* " : "◆ ") + m.label + " " }
        var x = grid.write(left, x: 0, y: y, role: .header, attrs: [.bold])
        let rightWidth = min(displayWidth(right), max(0, width - x - 12))
        let barWidth = max(0, width - x - rightWidth - 1)
        if barWidth > 0 {
            let fraction: Double
            if player.duration > 0 { fraction = min(1, clock / player.duration) }
            else { fraction = player.count == 0 ? 1 : Double(player.position) / Double(player.count) }
            let filled = Int((fraction * Double(barWidth)).rounded(.down))
            var cells = Array(repeating: ascii ? "-" : "─", count: barWidth)
            for i in 0..<min(filled, barWidth) { cells[i] = ascii ? "=" : "━" }
            for m in player.markers {
                let mt = player.duration > 0 ? player.times[m] / player.duration : Double(m) / Double(max(1, player.count))
                let i = min(barWidth - 1, Int((mt * Double(barWidth)).rounded(.down)))
                cells[i] = ascii ? "|" : "◆"
            }
            for (i, c) in cells.enumerated() {
                grid.write(c, x: x + i, y: y, role: i < filled ? .running : .header, attrs: i < filled ? [.bold] : [])
            }
            x += barWidth
        }
        grid.write(truncate(right, to: width - x, ellipsis: glyphs.ellipsis), x: x, y: y, maxWidth: width - x, role: .header)
    }

    private func drawHelp(_ grid: inout Grid, glyphs: Glyphs) {
        let rows: [(String, ColorRole)] = [
            ("space       pause / play", .normal), (".  ,        one event forward / back", .normal),
            ("<-  ->      seek 5 seconds back / forward", .normal),
            ("S-<- S->    seek 10% back / forward", .normal), ("[  ]        previous / next marker", .normal),
            ("0-9         jump to 0%-90%", .normal), ("+  -        playback speed", .normal),
            ("P           projector mode on / off", .normal),
            ("{  }        previous / next session (a workshop: lesson)", .normal),
            ("Tab, arrows, Enter  look around (until the next seek)", .normal),
            ("i           take over: keep exploring live from here", .normal), ("q           quit", .normal),
            ("", .normal), (title.isEmpty ? "" : "playing " + title, .dim), ("press any key to close", .dim),
        ]
        drawBox(&grid, title: "Playback keys", lines: rows, glyphs: glyphs)
    }

    private func drawBox(_ grid: inout Grid, title: String, lines: [(String, ColorRole)], glyphs: Glyphs) {
        drawOverlayBox(&grid, title: title, lines: lines, glyphs: glyphs)
    }
}

extension SessionPlayer {
    /// A key that only changes the view, applied now and not recorded (the player's own
    /// look around); the next seek returns to the recording's view.
    public func localView(_ message: Message) { applyView(message) }
}
