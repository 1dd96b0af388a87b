// A follow-along room (`gctrap play --follow FILE`): the trainer's recording is followed
// live as it grows, the learner's screen showing the trainer's state a tick after each
// event. `i` detaches to explore from that exact state; `f` drops what was done live and
// follows again at the trainer's current state.
import Foundation
import GCTrapCore
import GCTrapUI

public final class FollowDriver: TerminalDriver, ShowsProgress {
    public let tail: SessionTail
    /// Nil until the recording's header has arrived.
    public private(set) var player: SessionPlayer?
    /// The live investigator (or comparison) while detached.
    private var live: (any TerminalDriver)?
    /// Events the trainer was at when the learner detached.
    private var detachedAt = 0
    private var width: Int
    private var height: Int
    private let glyphs: Glyphs
    private var helpVisible = false
    private var flash: String?
    /// The question on screen (a prompt, or a lesson's prediction), and the learner's answer once given.
    private var prompt: QuestionBox?
    /// A bad line in the file: following stops there, the screen stays.
    public private(set) var stopped: String?
    /// Set when the file turns out not to be a session before anything was shown: the
    /// command prints it after the terminal is restored and exits 2.
    public private(set) var failure: String?

    /// Builds each recording's starting simulation (the command's budgets).
    private let simulation: (SessionHeader) throws -> Simulation
    /// Draws a frame before `handle` returns (the terminal sets it): catching up with many
    /// events, or a long key while detached, shows its progress.
    public var present: ((Grid) -> Void)? {
        // The terminal sets it just before its first frame: a player given at start catches
        // up now, its progress drawn, so that first frame is already the trainer's state.
        didSet { if present != nil { catchUpIfPending() } }
    }
    /// Seconds of work before its progress shows (gctrap reads GCTRAP_PROGRESS_AFTER).
    public var progressAfter = 1.0
    private let wallClock: () -> Double
    private var lastFrame: Grid?
    /// A player given at start (the command read the file before the screen opened) catches
    /// up once the terminal can draw its progress (`present`), or on the first message.
    private var catchUpPending = false

    public init(tail: SessionTail, player: SessionPlayer? = nil, width: Int, height: Int, glyphs: Glyphs = .unicode,
                simulation: @escaping (SessionHeader) throws -> Simulation = { try SessionLoader.makeSimulation($0) },
                wallClock: @escaping () -> Double = SessionRecorder.monotonicClock()) {
        self.tail = tail
        self.simulation = simulation
        self.wallClock = wallClock
        self.width = width
        self.height = height
        self.glyphs = glyphs
        if let player {
            attach(player, catchingUp: false)
            catchUpPending = true
        }
    }

    /// Builds the player for a recording: its scenario (a version 2 `file` is read beside
    /// the recording), toggles and events checked. `simulation` builds the starting
    /// simulation within the command's budgets.
    public static func makePlayer(_ session: Session, path: String, width: Int, height: Int, glyphs: Glyphs,
                                  simulation: (SessionHeader) throws -> Simulation = { try SessionLoader.makeSimulation($0) }) throws -> SessionPlayer {
        var session = session
        try SessionLoader.resolveScenario(&session, baseDirectory: (path as NSString).deletingLastPathComponent)
        return try withoutActuallyEscaping(simulation) { make in
            try SessionLoader.player(session, width: width, height: height, glyphs: glyphs, simulation: make)
        }
    }

    public var isDetached: Bool { live != nil }

    /// `play --follow --projector`: every recording followed shows in projector mode.
    public var projector: Bool? {
        didSet { player?.projectorOverride = projector }
    }

    private func attach(_ p: SessionPlayer, catchingUp: Bool = true) {
        player = p
        p.projectorOverride = projector
        live = nil
        prompt = nil
        p.setScreenSize(width: width, height: max(1, height - 1))
        if catchingUp { catchUp(p) }
    }

    /// Applies every event not applied yet; the last prompt among them is shown. Many events
    /// (following again after a long detour, joining late) show their progress.
    private func catchUp(_ p: SessionPlayer) {
        // Joining late, nothing of this recording is on screen yet: the progress goes over
        // its start.
        let base = lastFrame ?? (present == nil ? nil : frame())
        let line = ProgressLine(over: base, ascii: glyphs.isASCII, clock: wallClock, after: progressAfter, present: present)
        let target = p.count
        if let line {
            p.simulation.onProgress = { steps in line.report("catching up: event \(p.position + 1) of \(target), statement \(steps)") }
        }
        defer { p.simulation.onProgress = nil }
        while p.position < p.count {
            let index = p.position
            guard let e = p.forward() else { break }
            if let q = QuestionBox(e.kind, event: index) { prompt = q }
            if case .marker(let label) = e.kind { flash = "marker: " + label }
            line?.report("catching up: event \(p.position) of \(target)")
        }
        if let took = line?.took() { flash = String(format: "caught up in %.1f s", took) }
    }

    /// A key while detached that runs long shows "working: statement S", then how long it took.
    private func working(_ live: any TerminalDriver, _ message: Message) -> DriverResult {
        guard let p = player, let line = ProgressLine(over: lastFrame, ascii: glyphs.isASCII, clock: wallClock,
                                                      after: progressAfter, present: present) else {
            return live.handle(message)
        }
        p.simulation.onProgress = { steps in line.report("working: statement \(steps)") }
        defer { p.simulation.onProgress = nil }
        let result = live.handle(message)
        if let took = line.took() {
            p.app.updateModel { $0.status = String(format: "that took %.1f s", took) }
            return .redraw
        }
        return result
    }

    // MARK: messages

    public func handle(_ message: Message) -> DriverResult {
        if catchUpIfPending() { return handleMessage(message) == .quit ? .quit : .redraw }
        return handleMessage(message)
    }

    @discardableResult
    private func catchUpIfPending() -> Bool {
        guard catchUpPending, let p = player else { return false }
        catchUpPending = false
        catchUp(p)
        return true
    }

    private func handleMessage(_ message: Message) -> DriverResult {
        if case .tick = message {
            let changed = poll()
            if failure != nil { return .quit }
            if let live { return live.handle(.tick) == .quit ? .quit : (changed ? .redraw : .unchanged) }
            return changed ? .redraw : .unchanged
        }
        if case .resize(let w, let h) = message {
            width = w; height = h
            player?.setScreenSize(width: w, height: max(1, h - 1))
            if let live { _ = live.handle(.resize(width: w, height: max(1, h - 1))) }
            return .redraw
        }
        if let live {
            if message == .key(.char("f")) { return follow() }
            return working(live, message)
        }
        guard case .key(let key) = message else { return .unchanged }
        return keyPress(key)
    }

    /// Reads what the trainer added. True when the screen changes.
    private func poll() -> Bool {
        guard stopped == nil else { return false }
        let waitingBefore = (tail.waiting, tail.pendingBytes > 0)
        let changed = read()
        return changed || waitingBefore != (tail.waiting, tail.pendingBytes > 0)
    }

    private func read() -> Bool {
        let update: SessionTail.Update
        do {
            update = try tail.poll()
        } catch let e as SessionError {
            return stop(e)
        } catch {
            return false
        }
        switch update {
        case .none:
            return false
        case .started(let session), .restarted(let session):
            let again = player != nil
            // A recording of several sessions (a workshop, lesson after lesson): the trainer
            // is in the last one, which opens from its own start (its header embeds its source).
            let current = session.parts.last ?? session
            do {
                attach(try FollowDriver.makePlayer(current, path: tail.path, width: width, height: max(1, height - 1),
                                                   glyphs: glyphs, simulation: simulation))
            } catch let e as SessionError {
                return stop(e)
            } catch {
                return false
            }
            if again { flash = "the trainer started a new recording" }
            return true
        case .events(let events):
            guard player != nil else { return false }
            var batch: [SessionEvent] = []
            var movedOn: String?
            do {
                for e in events {
                    guard case .session(let h) = e.kind else { batch.append(e); continue }
                    // The trainer went on to another session (the next lesson): what came before
                    // it goes to the current one, then the new one opens from its start.
                    try add(batch)
                    batch = []
                    let next: SessionPlayer
                    do {
                        next = try FollowDriver.makePlayer(Session(header: h), path: tail.path, width: width,
                                                           height: max(1, height - 1), glyphs: glyphs, simulation: simulation)
                    } catch let e2 as SessionError {
                        throw SessionError(line: e.line, "session event: " + e2.message)
                    }
                    if live == nil {
                        attach(next)
                    } else {
                        next.projectorOverride = projector
                        player = next
                        detachedAt = 0
                    }
                    movedOn = "the trainer moved on: " + (h.title.isEmpty ? h.scenarioName : Sanitize.printable(h.title))
                }
                try add(batch)
                if let movedOn { flash = movedOn }
            } catch let e as SessionError {
                return stop(e)
            } catch {
                return false
            }
            return true
        }
    }

    /// Events of the current session: checked, appended, and shown unless detached.
    private func add(_ events: [SessionEvent]) throws {
        guard let p = player, !events.isEmpty else { return }
        try SessionLoader.validate(events, toggles: p.simulation.toggles)
        p.append(events)
        if live == nil { flash = nil; catchUp(p) }
    }

    private func stop(_ e: SessionError) -> Bool {
        let text = e.formatted(file: tail.path)
        if player == nil { failure = text; return true }
        stopped = text
        return true
    }

    private func keyPress(_ key: Key) -> DriverResult {
        if key == .ctrl("c") || key == .char("q") { return .quit }
        if helpVisible { helpVisible = false; return .redraw }
        if var q = prompt {
            switch q.key(key) {
            case .answered: prompt = q; return .redraw
            case .closed: prompt = nil; return .redraw
            case .ignored: break
            }
        }
        flash = nil
        switch key {
        case .char("?"), .function(1):
            helpVisible = true
        case .char("i"):
            return detach()
        case .tab, .backTab, .up, .down, .pageUp, .pageDown, .home, .end, .enter, .escape,
             .char("j"), .char("k"), .char("h"), .char("l"):
            // Look around the trainer's state; the next event resets the view to theirs.
            player?.localView(.key(key))
        default:
            break
        }
        return .redraw
    }

    private func detach() -> DriverResult {
        guard let player else {
            flash = "nothing to explore yet: the recording has not started"
            return .redraw
        }
        player.syncApp()
        player.detach()
        detachedAt = player.position
        prompt = nil
        if let compare = player.compare {
            // A comparison the trainer opened (a lesson): explore both sides from here.
            _ = compare.handle(.resize(width: width, height: max(1, height - 1)))
            live = compare
            return .redraw
        }
        player.app.updateModel {
            $0.width = width
            $0.height = max(1, height - 1)
            $0.running = false
            $0.status = "detached at event \(player.position): exploring on your own; f follows the trainer again"
        }
        live = AppDriver(app: player.app)
        return .redraw
    }

    private func follow() -> DriverResult {
        guard let player else { return .redraw }
        live = nil
        player.reattach()
        player.setScreenSize(width: width, height: max(1, height - 1))
        catchUp(player)
        flash = "following again at event \(player.position)"
        return .redraw
    }

    // MARK: drawing

    public func frame() -> Grid {
        var grid = Grid(width: width, height: height)
        guard let player else {
            drawWaiting(&grid)
            return grid
        }
        let inner: Grid
        if let live { inner = live.frame() } else { inner = player.screen() }
        grid.palette = inner.palette   // projector mode's light theme
        for y in 0..<min(inner.height, height) {
            for x in 0..<min(inner.width, width) { grid[x, y] = inner[x, y] }
        }
        if (live == nil ? player.isTooSmall : player.compare?.model.isTooSmall ?? player.app.model.isTooSmall) || height < 3 { return grid }
        if live == nil { drawCaptionLine(&grid, player, y: height - 2) }
        drawBar(&grid, player, y: height - 1)
        if live == nil { prompt?.draw(&grid, glyphs: glyphs, then: "closes") }
        if helpVisible { drawHelp(&grid) }
        lastFrame = grid
        return grid
    }

    private var fileName: String { Sanitize.printable((tail.path as NSString).lastPathComponent) }

    private func drawWaiting(_ grid: inout Grid) {
        var lines: [(String, ColorRole)] = [("Following " + Sanitize.printable(tail.path), .title), ("", .normal)]
        if let failure {
            lines.append((failure, .warning))
        } else if let stopped {
            lines.append((stopped, .warning))
        } else if tail.waiting == .noFile {
            lines.append(("No such file yet: waiting for the trainer's recording to appear.", .normal))
        } else {
            lines.append(("Waiting for the recording to start (its first line).", .normal))
        }
        lines += [("", .normal), ("The trainer records with:  gctrap explore --record FILE", .dim), ("q quits", .dim)]
        drawOverlayBox(&grid, title: "Follow", lines: lines, glyphs: glyphs)
    }

    private func drawCaptionLine(_ grid: inout Grid, _ player: SessionPlayer, y: Int) {
        grid.fill(Rect(x: 0, y: y, width: width, height: 1))
        if let caption = player.caption {
            let x = grid.write(glyphs.isASCII ? " >> " : " ❯ ", x: 0, y: y, role: .title, attrs: [.bold])
            grid.write(caption, x: x, y: y, maxWidth: width - x, role: .title, attrs: [.bold])
            return
        }
        var x = 0
        for (k, what) in [("i", "explore from here"), ("Tab arrows", "look around"), ("?", "help"), ("q", "quit")] {
            if x + k.count + what.count + 2 > width { break }
            x = grid.write(k, x: x, y: y, role: .keyHint, attrs: [.reverse])
            x = grid.write(" " + what + " ", x: x, y: y, role: .normal)
        }
    }

    private func drawBar(_ grid: inout Grid, _ player: SessionPlayer, y: Int) {
        grid.fill(Rect(x: 0, y: y, width: width, height: 1), with: Cell(" ", role: .header))
        var left: String
        var role = ColorRole.running
        if live != nil {
            let ahead = player.count - detachedAt
            left = " DETACHED at event \(detachedAt): trainer at \(player.count)"
                + (ahead > 0 ? " (+\(ahead))" : "") + "  f follows again "
            role = .warning
        } else if stopped != nil {
            left = " STOPPED at event \(player.count) "
            role = .error
        } else {
            left = (glyphs.isASCII ? " (o) " : " ● ") + "FOLLOWING \(fileName)  event \(player.count)  \(clockText(player.duration)) "
        }
        let x = grid.write(left, x: 0, y: y, role: role, attrs: [.bold])
        var right = " "
        if let stopped { right += stopped }
        else if let f = flash { right += f }
        else if tail.pendingBytes > 0 { right += "waiting for the rest of line \(tail.nextLine)" }
        else if let m = player.lastMarker { right += (glyphs.isASCII ? "* " : "◆ ") + m.label }
        grid.write(truncate(right, to: max(0, width - x), ellipsis: glyphs.ellipsis), x: x, y: y, maxWidth: width - x, role: .header)
    }

    private func drawHelp(_ grid: inout Grid) {
        let rows: [(String, ColorRole)] = [
            ("Your screen follows the trainer's recording as it grows.", .normal), ("", .normal),
            ("i           detach: explore on your own from this exact state", .normal),
            ("f           (detached) follow again at the trainer's current state", .normal),
            ("Tab, arrows, Enter  look around (until the trainer's next event)", .normal),
            ("1-9         answer a question", .normal), ("q           quit", .normal),
            ("", .normal), ("following " + Sanitize.printable(tail.path), .dim), ("press any key to close", .dim),
        ]
        drawOverlayBox(&grid, title: "Follow keys", lines: rows, glyphs: glyphs)
    }
}
