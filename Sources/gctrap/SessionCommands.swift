import ArgumentParser
import Foundation
import GCTrapCore
import GCTrapSession
import GCTrapTerminal
import GCTrapUI

/// The budgets a replayed session runs within (the same as `gctrap run`'s, plus a task
/// limit): a shared file must not be able to ask for hours of work or gigabytes.
struct SessionBudgetOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Stop the replayed simulation after this many statements ('none': no limit).", valueName: "N|none"))
    var maxSteps = StepLimit.standard

    @Option(help: "Refuse a session whose run events ask for more tasks than this in all.")
    var maxTasks = SessionLimits.defaultMaxTotalTasks

    @Option(help: ArgumentHelp("The replayed program's budget of modelled memory (MemoryError past it), e.g. 64M, 1G.", valueName: "SIZE"))
    var maxMemory = MemorySize(bytes: Simulation.defaultMemoryBudget)

    func validate() throws {
        guard maxTasks >= 1 else { throw ValidationError("--max-tasks must be at least 1") }
    }
}

/// Reads and checks a session file. Every problem: `FILE:LINE: message` on stderr, exit 2.
/// Warnings (a cut line) are printed and the rest plays.
func loadSession(_ path: String, budget: SessionBudgetOptions, width: Int? = nil, height: Int? = nil) throws -> SessionPlayer {
    var limits = SessionLimits.standard
    limits.maxTotalTasks = budget.maxTasks
    let fm = FileManager.default
    var isDir: ObjCBool = false
    let shown = Sanitize.printable(path)
    guard fm.fileExists(atPath: path, isDirectory: &isDir) else { throw BadInput(diagnostic: "\(shown): no such file") }
    if isDir.boolValue { throw BadInput(diagnostic: "\(shown): is a directory, not a session file") }
    let data: Data
    switch readBounded(path, limit: limits.maxBytes) {
    case .tooLarge: throw BadInput(diagnostic: "\(shown):1: the file is over the limit of \(limits.maxBytes) bytes for a session")
    case .unreadable(let why): throw BadInput(diagnostic: "\(shown): cannot read the file: \(why)")
    case .data(let d): data = d
    }
    do {
        // A lesson's scenario `file` is relative to the session file's folder.
        let player = try SessionLoader.load(data, limits: limits, width: width, height: height,
                                            baseDirectory: (path as NSString).deletingLastPathComponent) { header in
            let sim = try SessionLoader.makeSimulation(header, maxSteps: budget.maxSteps.steps)
            sim.memoryBudget = budget.maxMemory.bytes
            return sim
        }
        for w in player.session.warnings { StandardError.write(w.formatted(file: path) + "\n") }
        return player
    } catch let e as SessionError {
        throw BadInput(diagnostic: e.formatted(file: path))
    } catch {
        throw BadInput(diagnostic: "\(shown):1: cannot read the session")
    }
}

/// A replay that ran past its step budget: FILE:LINE of the event where it stopped.
func budgetDiagnostic(_ stop: SessionPlayer.BudgetStop, file: String) -> String {
    "\(Sanitize.printable(file)):\(stop.line): \(stop.message)"
}

/// The session's own recording time (its header's `created`) as Unix seconds, for the
/// asciicast header; nil when the session does not say.
func recordedAt(_ created: String) -> Int? {
    let f = ISO8601DateFormatter()
    f.formatOptions = [.withInternetDateTime]
    if let d = f.date(from: created) { return Int(d.timeIntervalSince1970) }
    f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return f.date(from: created).map { Int($0.timeIntervalSince1970) }
}

func isoNow() -> String {
    let f = ISO8601DateFormatter()
    f.formatOptions = [.withInternetDateTime]
    return f.string(from: Date())
}

/// Refuses to replace an existing file without --force (checked before the screen opens).
func checkWritable(_ path: String, force: Bool) throws {
    if !force && FileManager.default.fileExists(atPath: path) {
        throw BadInput("\(Sanitize.printable(path)): already exists; use --force to overwrite it")
    }
}

/// `gctrap play`: replay a recorded session.
struct PlayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "play",
        abstract: "Play back a recorded session (.gctrap), or print its narrative with --headless.",
        discussion: """
        Keys: space pause, . and , one event forward/back, left/right seek 5 s (with Shift 10%), [ and ] previous/next \
        marker, 0-9 jump to 0-90%, + and - speed, P projector mode, i take over (explore live from here; with --record, \
        into a new file), ? help, q quit.

        --follow FILE follows a recording while it is being written (a trainer's `--record` file on a shared \
        folder or copied over): new events show as they arrive; i detaches to explore from that state, f \
        follows again at the trainer's current state.

        Exit status: 0 success, 2 bad input (FILE:LINE: message), no usable terminal, or a \
        take-over that could not be recorded.
        """)

    @Argument(help: "The session file.")
    var file: String

    @OptionGroup var budget: SessionBudgetOptions

    @Flag(help: "Print the narrative (markers, captions, toggles, one line per task reached) instead of playing.")
    var headless = false

    @Option(help: "Playback speed: 0.25 to 32.")
    var speed: Double = 1

    @Option(help: ArgumentHelp("When you take over with i, record the rest into this file.", valueName: "OUT.gctrap"))
    var record: String?

    @Flag(help: "Overwrite the --record file if it exists.")
    var force = false

    @Flag(help: "Do not capture the mouse.")
    var noMouse = false

    @Flag(help: "Follow FILE live as it is written (a trainer's recording): i explores from there, f follows again.")
    var follow = false

    @Flag(help: "Show the recording in projector mode (three panes, block digits, a light theme) whatever it was recorded in; P toggles it.")
    var projector = false

    func validate() throws {
        guard speed >= 0.25 && speed <= 32 else { throw ValidationError("--speed must be from 0.25 to 32") }
    }

    func run() throws {
        if follow { return try runFollow() }
        if headless {
            let player = try loadSession(file, budget: budget)
            if isPlainComparison(player) { return try tellComparison(player.session, file: file, budget: budget) }
            let out = StandardOutput()
            var buffer = ""
            let stop = Narrative.tell(player) { line in
                buffer += line + "\n"
                if buffer.utf8.count > 1 << 16 { out.write(buffer); buffer = "" }
            }
            out.write(buffer)
            if let stop { throw BadInput(diagnostic: budgetDiagnostic(stop, file: file)) }
            return
        }
        if let reason = Terminal.unusableReason() {
            throw BadInput("playback \(reason); use `gctrap play --headless` for text")
        }
        if let record { try checkWritable(record, force: force) }
        let player = try loadSession(file, budget: budget)
        if isPlainComparison(player) {
            return try playComparison(player.session, file: file, budget: budget, speed: speed, mouse: !noMouse, projector: projector)
        }
        let path = file
        let recordPath = record
        let force = force
        let title = player.session.header.title.isEmpty ? Sanitize.printable(path) : player.session.header.title
        if projector { player.projectorOverride = true }
        var writer: SessionWriter?
        var takeOverFailure: String?
        let status = TerminalApp.run(options: TerminalOptions(mouse: !noMouse)) { info in
            player.app.updateModel { $0.glyphs = info.glyphs }
            let driver = PlaybackDriver(player: player, width: info.width, height: info.height, speed: speed, title: title, takeOver: { p in
                p.simulation.thinsHistory = true   // live from here on: bounded history
                if let compare = p.compare {
                    // A comparison part (a lesson that opened one): both sides go on live.
                    guard let recordPath else { return compare }
                    let w: SessionWriter
                    do { w = try SessionWriter(path: recordPath, force: force) } catch {
                        takeOverFailure = "take-over not recorded: \(error)"
                        return compare
                    }
                    writer = w
                    var header = p.session.header
                    header.title = (header.title.isEmpty ? "comparison" : header.title) + " (taken over)"
                    header.created = isoNow()
                    let r = CompareRecordingDriver(driver: compare, header: header, writer: w, sink: w.write(line:),
                                                   clock: SessionRecorder.monotonicClock(offset: p.time))
                    r.copy(p.events.prefix(p.position))
                    return r
                }
                guard let recordPath else { return AppDriver(app: p.app) }
                // Not with force unless asked: a file that appeared since the start is kept.
                let w: SessionWriter
                do {
                    w = try SessionWriter(path: recordPath, force: force)
                } catch {
                    let message = "take-over not recorded: \(error)"
                    takeOverFailure = message
                    p.app.updateModel { $0.status = message }
                    return AppDriver(app: p.app)
                }
                writer = w
                var header = p.session.header
                header.title = (header.title.isEmpty ? "session" : header.title) + " (taken over)"
                header.created = isoNow()
                let recorder = SessionRecorder(header: header, sink: w.write(line:),
                                               clock: SessionRecorder.monotonicClock(offset: p.time))
                for e in p.events.prefix(p.position) { recorder.copy(e) }
                recorder.record(.marker("taken over at \(clockText(p.time)) of \(Sanitize.printable((path as NSString).lastPathComponent))"))
                return RecordingDriver(app: p.app, recorder: recorder, failure: { w.failure })
            })
            driver.progressAfter = progressAfter()
            return driver
        }
        writer?.close()
        if let failure = takeOverFailure ?? writer?.failure {
            StandardError.write("gctrap: \(failure)\n")
            throw ExitCode(2)
        }
        if status != 0 { throw ExitCode(status) }
    }
}

/// `gctrap export`: asciicast v2 or text frames.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a recorded session as asciicast v2 (asciinema plays it) or as text frames.",
        discussion: """
        Files are written under a temporary name and renamed into place when complete; \
        neither the .cast nor the frames replace earlier ones without --force.

        Exit status: 0 success, 2 bad input (FILE:LINE: message) or an output that cannot be written.
        """)

    @Argument(help: "The session file.")
    var file: String

    @OptionGroup var budget: SessionBudgetOptions

    @Option(help: ArgumentHelp("Write asciicast v2 here.", valueName: "OUT.cast"))
    var asciicast: String?

    @Option(help: ArgumentHelp("Write each screen as a text file in this directory.", valueName: "DIR"))
    var frames: String?

    @Option(help: ArgumentHelp("Screen size (default: the recorded one).", valueName: "COLSxROWS"))
    var size: String?

    @Flag(help: "Overwrite an existing .cast file, or frames of an earlier export.")
    var force = false

    @Flag(help: "Export in projector mode (three panes, block digits, the light theme) whatever the recording says.")
    var projector = false

    /// --size as numbers (nil: the recorded size).
    var parsedSize: (cols: Int, rows: Int)? {
        guard let size else { return nil }
        let parts = size.lowercased().split(separator: "x")
        // The investigator needs 80x24; a smaller export would only hold "terminal too small".
        guard parts.count == 2, let c = Int(parts[0]), let r = Int(parts[1]),
              (Model.minimumWidth...1000).contains(c), (Model.minimumHeight...1000).contains(r) else {
            return nil
        }
        return (c, r)
    }

    func validate() throws {
        guard asciicast != nil || frames != nil else { throw ValidationError("give --asciicast OUT.cast and/or --frames DIR") }
        if size != nil && parsedSize == nil {
            throw ValidationError("--size must be COLSxROWS from \(Model.minimumWidth)x\(Model.minimumHeight) to 1000x1000, e.g. 120x40 (got '\(Sanitize.printable(size ?? ""))')")
        }
    }

    func run() throws {
        let cols = parsedSize?.cols, rows = parsedSize?.rows
        if let asciicast { try checkWritable(asciicast, force: force) }
        if let frames { try checkFramesFolder(frames) }
        let player = try loadSession(file, budget: budget)
        if projector { player.projectorOverride = true }
        let w = cols ?? player.session.header.cols, h = rows ?? player.session.header.rows
        let title = player.session.header.title.isEmpty ? (file as NSString).lastPathComponent : player.session.header.title
        var progress = Progress(total: player.count, after: progressAfter())
        // A recorded comparison replays on its own driver; a session on its player.
        var position: () -> Int = { player.position }
        var stop: SessionPlayer.BudgetStop?
        var source: ((ExportFrame) -> Void) -> Void = { each in stop = Exporter.frames(player, width: w, height: h, each: each) }
        if isPlainComparison(player) {
            // Only loading the sides can fail: check it here, where the error can be told.
            do { _ = try CompareSession.driver(player.session.header, width: w, height: h, maxSteps: budget.maxSteps.steps) } catch let e as SessionError {
                throw BadInput(diagnostic: e.formatted(file: file))
            }
            var done = 0
            position = { done }
            source = { each in
                try? CompareSession.frames(player.session, width: w, height: h, maxSteps: budget.maxSteps.steps, projector: projector) { f in done += 1; each(f) }
            }
        }
        // Inside an event that runs long (a recorded run of many tasks), too.
        let what = asciicast.map { "exporting " + Sanitize.printable(($0 as NSString).lastPathComponent) } ?? "exporting frames"
        player.simulation.onProgress = { steps in progress.report(what, position(), steps: steps) }
        if let asciicast {
            let output: OutputFile
            do { output = try OutputFile(path: asciicast, force: force) } catch { throw BadInput("\(error)") }
            var buffer = ""
            Exporter.asciicast(width: w, height: h, title: title, timestamp: recordedAt(player.session.header.created), frames: source) { s in
                buffer += s
                if buffer.utf8.count > 1 << 16 { output.write(buffer); buffer = "" }
                progress.report("exporting \(Sanitize.printable((asciicast as NSString).lastPathComponent))", position())
            }
            output.write(buffer)
            do { try output.commit() } catch { progress.finish(); throw BadInput("\(error)") }
        }
        if let frames {
            do {
                try FileManager.default.createDirectory(atPath: frames, withIntermediateDirectories: true)
            } catch {
                progress.finish()
                throw BadInput("\(Sanitize.printable(frames)): cannot create the directory")
            }
            // An earlier export's frames go first (only with --force, checked above), so the
            // folder never mixes two exports.
            for old in earlierFrames(frames) { try? FileManager.default.removeItem(atPath: (frames as NSString).appendingPathComponent(old)) }
            var n = 0
            var index = ""
            var failure: Error?
            source { f in
                guard failure == nil else { return }
                n += 1
                let name = "frame-" + String(format: "%05d", n) + ".txt"
                let path = (frames as NSString).appendingPathComponent(name)
                do {
                    let out = try OutputFile(path: path, force: false)
                    out.write(f.grid.text + "\n")
                    try out.commit()
                } catch {
                    failure = error
                    return
                }
                index += "\(name) \(String(format: "%.3f", f.time))" + f.markers.map { " marker: " + $0 }.joined() + "\n"
                progress.report("exporting frames", position())
            }
            if let failure { progress.finish(); throw BadInput("\(failure)") }
            do {
                let out = try OutputFile(path: (frames as NSString).appendingPathComponent("index.txt"), force: false)
                out.write(index)
                try out.commit()
            } catch {
                progress.finish()
                throw BadInput("\(error)")
            }
        }
        progress.finish()
        // What was exported stays (the session up to there); the status says it is not all.
        if let stop { throw BadInput(diagnostic: budgetDiagnostic(stop, file: file)) }
    }

    /// Refuses a path that is not a folder, and a folder holding an earlier export without --force.
    func checkFramesFolder(_ frames: String) throws {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: frames, isDirectory: &isDir) else { return }
        if !isDir.boolValue { throw BadInput("\(Sanitize.printable(frames)): exists and is not a directory") }
        if !force && !earlierFrames(frames).isEmpty {
            throw BadInput("\(Sanitize.printable(frames)): holds an earlier export's frames; use --force to replace them")
        }
    }

    /// The files an export writes (frame-NNNNN.txt and index.txt) already in `dir`.
    func earlierFrames(_ dir: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.filter { $0 == "index.txt" || ($0.hasPrefix("frame-") && $0.hasSuffix(".txt")) }
    }
}

/// "exporting: 41% (event 1,200 of 2,900)" on stderr, in place, once an export has taken
/// more than a second; only on a terminal.
struct Progress {
    let total: Int
    let after: Double
    let start = Date()
    var lastShown: Date?
    let enabled = isatty(2) != 0

    init(total: Int, after: Double = 1) { self.total = max(1, total); self.after = after }

    /// On stderr, once the work has taken longer than `after` seconds, at most five times a second.
    mutating func report(_ what: String, _ done: Int, steps: Int? = nil) {
        guard enabled else { return }
        let now = Date()
        guard now.timeIntervalSince(start) >= after, lastShown.map({ now.timeIntervalSince($0) >= 0.2 }) ?? true else { return }
        lastShown = now
        let inside = steps.map { ", statement \($0)" } ?? ""
        StandardError.write("\r\(what): \(min(100, done * 100 / total))% (event \(done) of \(total)\(inside))\u{1B}[K")
    }

    func finish() {
        if enabled && lastShown != nil { StandardError.write("\r\u{1B}[K") }
    }
}

/// Seconds a seek or an export runs before it shows its progress: 1, or GCTRAP_PROGRESS_AFTER
/// (the tests ask for 0, so that progress shows whatever the machine's speed).
func progressAfter() -> Double {
    ProcessInfo.processInfo.environment["GCTRAP_PROGRESS_AFTER"].flatMap(Double.init).map { max(0, $0) } ?? 1
}
