// Recording: turns what the app did with each message into session events, and writes
// each one as a whole line the moment it happens (crash-safe: a recording cut short
// plays up to its last whole line).
import Foundation
import GCTrapCore
import GCTrapUI
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An append-only session file. Every line goes to the kernel as it is written.
public final class SessionWriter {
    public let path: String
    private var fd: Int32

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Creates the file; refuses to replace an existing one unless `force`.
    public init(path: String, force: Bool) throws {
        self.path = path
        var flags = O_WRONLY | O_CREAT | O_CLOEXEC
        flags |= force ? O_TRUNC : O_EXCL
        let fd = open(path, flags, 0o644)
        if fd < 0 {
            let err = errno
            if err == EEXIST {
                throw Failure(description: "\(Sanitize.printable(path)): already exists; use --force to overwrite it")
            }
            throw Failure(description: "\(Sanitize.printable(path)): cannot create the file: \(String(cString: strerror(err)))")
        }
        self.fd = fd
    }

    /// Why recording stopped (a failed write: a full disk, a closed pipe), or nil. After
    /// a failure nothing more is written, so the file ends at the cut and plays up to its
    /// last whole line.
    public private(set) var failure: String?

    /// Writes one line (a newline is added).
    public func write(line: String) {
        guard fd >= 0, failure == nil else { return }
        if let error = writeAll(fd, Array((line + "\n").utf8)) {
            failure = "recording stopped: cannot write \(Sanitize.printable(path)): \(error)"
            close()
        }
    }

    public func close() {
        if fd >= 0 {
            if Glibc.close(fd) != 0 && failure == nil {
                failure = "recording stopped: cannot write \(Sanitize.printable(path)): \(String(cString: strerror(errno)))"
            }
            fd = -1
        }
    }

    deinit { close() }
}

/// Decides which events a message makes, and writes them through `sink` (one line each).
public final class SessionRecorder {
    private let sink: (String) -> Void
    private let clock: () -> Double
    private var pendingRun: (tasks: Int, t: Double, started: Double)?
    /// Batches of ticks while running are merged into one `run` event per this many seconds.
    public var runFlushInterval = 0.5
    public private(set) var eventsWritten = 0

    /// `clock` gives seconds since the start of the recording.
    public init(header: SessionHeader?, sink: @escaping (String) -> Void, clock: @escaping () -> Double) {
        self.sink = sink
        self.clock = clock
        if let header { sink(header.jsonLine) }
    }

    /// A clock that starts now, at `offset` seconds.
    public static func monotonicClock(offset: Double = 0) -> () -> Double {
        let start = ProcessInfo.processInfo.systemUptime
        return { offset + ProcessInfo.processInfo.systemUptime - start }
    }

    public func record(_ kind: SessionEventKind) {
        flushRun()
        write(SessionEvent(t: clock(), kind))
    }

    /// Writes an event as it is (its own time), for copying events into a new file.
    public func copy(_ event: SessionEvent) {
        flushRun()
        write(event)
    }

    private func write(_ e: SessionEvent) {
        sink(e.jsonLine)
        eventsWritten += 1
    }

    /// Tasks the engine ran on a tick.
    public func recordRun(tasks: Int) {
        let now = clock()
        if var p = pendingRun {
            p.tasks += tasks
            p.t = now
            pendingRun = p
        } else {
            pendingRun = (tasks, now, now)
        }
        if let p = pendingRun, now - p.started >= runFlushInterval { flushRun() }
    }

    /// Called on every tick: writes a merged run that has waited long enough.
    public func tick() {
        if let p = pendingRun, clock() - p.started >= runFlushInterval { flushRun() }
    }

    public func flushRun() {
        guard let p = pendingRun else { return }
        pendingRun = nil
        write(SessionEvent(t: p.t, .action(.run(tasks: p.tasks))))
    }

    /// Records what one message did: the engine commands it produced, and the changes of
    /// run state, speed and view it made to the model.
    public func observe(_ t: Transition) {
        let (message, before, after, commands) = (t.message, t.before, t.after, t.commands)
        for c in commands {
            switch c {
            case .quit: continue
            case .runTasks(let n):
                if message == .tick { recordRun(tasks: n) } else { record(.action(.run(tasks: n))) }
            case .step: record(.action(.step))
            case .next: record(.action(.next))
            case .finishTask: record(.action(.finishTask))
            case .back: record(.action(.back))
            case .backTask: record(.action(.backTask))
            case .collect: record(.action(.collect))
            case .restart: record(.action(.restart))
            case .nextEvent: record(.action(.nextEvent))
            case .previousEvent: record(.action(.previousEvent))
            case .goToEvent(let i): record(.action(.goToEvent(index: i)))
            case .pauseOn(let k): record(.action(.pauseOn(k)))
            case .toggle(let i, let v):
                let toggles = before.snapshot.toggles
                record(.action(.toggle(index: i, name: i < toggles.count ? toggles[i].name : nil, value: v)))
            }
        }
        if case .resize(let w, let h) = message {
            record(.action(.resize(cols: w, rows: h)))
            return
        }
        guard commands.isEmpty else { return }
        switch message {
        case .key, .mouse:
            if after.running != before.running { record(.action(after.running ? .play : .pause)) }
            if after.speedIndex != before.speedIndex { record(.action(.speed(Model.speeds[after.speedIndex]))) }
            if after.focus != before.focus || after.scroll != before.scroll || after.selectedRow != before.selectedRow
                || after.inspected != before.inspected || after.selectedConnection != before.selectedConnection
                || after.eventsView != before.eventsView || after.graph != before.graph {
                record(.action(.view(message)))
            }
        case .tick, .resize:
            break
        }
    }

    public func finish() { flushRun() }
}

/// The investigator with a recorder: `m` adds a marker and `a` a caption (a line of input
/// at the bottom, Enter accepts, Esc cancels); everything else goes to the app and is
/// recorded.
public final class RecordingDriver: TerminalDriver {
    public let app: App
    public let recorder: SessionRecorder
    private var input: (marker: Bool, text: String)?
    private var onFinish: (() -> Void)?
    /// Why recording stopped (the writer's failure), shown in place of the REC badge.
    private let failure: () -> String?
    private var failureShown = false

    public init(app: App, recorder: SessionRecorder, failure: @escaping () -> String? = { nil }, onFinish: (() -> Void)? = nil) {
        self.app = app
        self.recorder = recorder
        self.failure = failure
        self.onFinish = onFinish
        app.updateModel { $0.status = "recording: m adds a marker, a a caption" }
    }

    public func handle(_ message: Message) -> DriverResult {
        if let current = input, case .key(let key) = message {
            var text = current.text
            switch key {
            case .enter:
                // A marker is found by its label ([ and ] in playback, export's index): an
                // empty one would be a chapter without a name. A caption may be empty (it clears).
                if current.marker && text.allSatisfy({ $0 == " " }) {
                    app.updateModel { $0.status = "a marker needs a label: type one, or Esc to cancel" }
                    return .redraw
                }
                input = nil
                recorder.record(current.marker ? .marker(text) : .caption(text))
                app.updateModel { $0.status = current.marker ? "marker added: \(text)" : (text.isEmpty ? "caption cleared" : "caption set") }
                return .redraw
            case .escape:
                input = nil
                return .redraw
            case .backspace:
                if !text.isEmpty { text.removeLast() }
            case .char(let c):
                if text.count < 200 { text = text + Sanitize.printable(String(c)) }
            case .ctrl("c"):
                input = nil
                return finish()
            default:
                break
            }
            input = (current.marker, text)
            return .redraw
        }
        if case .key(let key) = message, input == nil, key == .char("m") || key == .char("a"),
           !app.model.helpVisible, !app.model.isTooSmall {
            input = (key == .char("m"), "")
            return .redraw
        }
        let t = app.dispatch(message)
        recorder.observe(t)
        if t.quit { return finish() }
        if message == .tick {
            recorder.tick()
            if !failureShown, let f = failure() {
                failureShown = true
                app.updateModel { $0.status = f }
                return .redraw
            }
        }
        return t.needsRedraw ? .redraw : .unchanged
    }

    private func finish() -> DriverResult {
        recorder.finish()
        onFinish?()
        onFinish = nil
        return .quit
    }

    public func frame() -> Grid {
        var grid = app.frame()
        let m = app.model
        guard !m.isTooSmall, grid.height >= 2 else { return grid }
        let y = grid.height - 2
        if let input {
            grid.fill(Rect(x: 0, y: y, width: grid.width, height: 1))
            let prompt = input.marker ? "marker label: " : "caption: "
            var x = grid.write(prompt, x: 0, y: y, role: .title, attrs: [.bold])
            x = grid.write(input.text, x: x, y: y, maxWidth: max(0, grid.width - x - 30), role: .normal)
            x = grid.write(m.glyphs.isASCII ? "_" : "▏", x: x, y: y, role: .keyHint)
            grid.write("  Enter saves, Esc cancels", x: x, y: y, maxWidth: max(0, grid.width - x), role: .dim)
        } else if failure() != nil {
            let badge = " NOT RECORDING "
            grid.write(badge, x: max(0, grid.width - badge.count), y: y, role: .error, attrs: [.bold, .reverse])
        } else {
            let badge = m.glyphs.isASCII ? " * REC " : " ● REC "
            grid.write(badge, x: max(0, grid.width - 7), y: y, role: .error, attrs: [.bold])
        }
        return grid
    }
}
