import ArgumentParser
import Foundation
import GCTrapCore
import GCTrapSession
import GCTrapTerminal
import GCTrapUI

/// Reads and checks a session file. Every problem: `FILE:LINE: message` on stderr, exit 2.
/// Warnings (a cut last line) are printed and the rest plays.
func loadSession(_ path: String, width: Int? = nil, height: Int? = nil) -> SessionPlayer {
    let limits = SessionLimits.standard
    let fm = FileManager.default
    var isDir: ObjCBool = false
    let shown = Sanitize.printable(path)
    guard fm.fileExists(atPath: path, isDirectory: &isDir) else { sessionFail("\(shown): no such file") }
    if isDir.boolValue { sessionFail("\(shown): is a directory, not a session file") }
    if let size = (try? fm.attributesOfItem(atPath: path))?[.size] as? NSNumber, size.intValue > limits.maxBytes {
        sessionFail("\(shown):1: the file is \(size.intValue) bytes, over the limit of \(limits.maxBytes) bytes for a session")
    }
    guard let data = fm.contents(atPath: path) else { sessionFail("\(shown): cannot read the file") }
    do {
        let player = try SessionLoader.load(data, limits: limits, width: width, height: height)
        for w in player.session.warnings { StandardError.write(w.formatted(file: path) + "\n") }
        return player
    } catch let e as SessionError {
        sessionFail(e.formatted(file: path))
    } catch {
        sessionFail("\(shown):1: cannot read the session")
    }
}

func sessionFail(_ message: String) -> Never {
    StandardError.write(message + "\n")
    exit(2)
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
func checkWritable(_ path: String, force: Bool) {
    if !force && FileManager.default.fileExists(atPath: path) {
        fail("\(Sanitize.printable(path)): already exists; use --force to overwrite it")
    }
}

/// `gctrap play`: replay a recorded session.
struct PlayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "play",
        abstract: "Play back a recorded session (.gctrap), or print its narrative with --headless.",
        discussion: """
        Keys: space pause, . and , one event forward/back, left/right seek 5 s (with Shift 10%), [ and ] previous/next \
        marker, 0-9 jump to 0-90%, + and - speed, i take over (explore live from here; with --record, \
        into a new file), ? help, q quit.

        Exit status: 0 success, 2 bad input (FILE:LINE: message).
        """)

    @Argument(help: "The session file.")
    var file: String

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

    func run() throws {
        guard speed >= 0.25 && speed <= 32 else { throw ValidationError("--speed must be from 0.25 to 32") }
        if headless {
            let player = loadSession(file)
            let out = StandardOutput()
            var buffer = ""
            Narrative.tell(player) { line in
                buffer += line + "\n"
                if buffer.utf8.count > 1 << 16 { out.write(buffer); buffer = "" }
            }
            out.write(buffer)
            return
        }
        guard Terminal.isInteractive() else {
            fail("playback needs a terminal (stdin and stdout must be TTYs); use `gctrap play --headless` for text")
        }
        if let record { checkWritable(record, force: force) }
        let player = loadSession(file)
        let path = file
        let recordPath = record
        let title = player.session.header.title.isEmpty ? Sanitize.printable(path) : player.session.header.title
        var writer: SessionWriter?
        let status = TerminalApp.run(options: TerminalOptions(mouse: !noMouse)) { info in
            player.app.updateModel { $0.glyphs = info.glyphs }
            return PlaybackDriver(player: player, width: info.width, height: info.height, speed: speed, title: title) { p in
                guard let recordPath else { return AppDriver(app: p.app) }
                guard let w = try? SessionWriter(path: recordPath, force: true) else { return AppDriver(app: p.app) }
                writer = w
                var header = p.session.header
                header.title = (header.title.isEmpty ? "session" : header.title) + " (taken over)"
                header.created = isoNow()
                let recorder = SessionRecorder(header: header, sink: w.write(line:),
                                               clock: SessionRecorder.monotonicClock(offset: p.time))
                for e in p.events.prefix(p.position) { recorder.copy(e) }
                recorder.record(.marker("taken over at \(clockText(p.time)) of \(Sanitize.printable((path as NSString).lastPathComponent))"))
                return RecordingDriver(app: p.app, recorder: recorder)
            }
        }
        writer?.close()
        if status != 0 { throw ExitCode(status) }
    }
}

/// `gctrap export`: asciicast v2 or text frames.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a recorded session as asciicast v2 (asciinema plays it) or as text frames.",
        discussion: "Exit status: 0 success, 2 bad input (FILE:LINE: message).")

    @Argument(help: "The session file.")
    var file: String

    @Option(help: ArgumentHelp("Write asciicast v2 here.", valueName: "OUT.cast"))
    var asciicast: String?

    @Option(help: ArgumentHelp("Write each screen as a text file in this directory.", valueName: "DIR"))
    var frames: String?

    @Option(help: ArgumentHelp("Screen size (default: the recorded one).", valueName: "COLSxROWS"))
    var size: String?

    @Flag(help: "Overwrite an existing .cast file.")
    var force = false

    func run() throws {
        guard asciicast != nil || frames != nil else { throw ValidationError("give --asciicast OUT.cast and/or --frames DIR") }
        var cols: Int?, rows: Int?
        if let size {
            let parts = size.lowercased().split(separator: "x")
            // The investigator needs 80x24; a smaller export would only hold "terminal too small".
            guard parts.count == 2, let c = Int(parts[0]), let r = Int(parts[1]),
                  (Model.minimumWidth...1000).contains(c), (Model.minimumHeight...1000).contains(r) else {
                fail("--size must be COLSxROWS from \(Model.minimumWidth)x\(Model.minimumHeight) to 1000x1000, e.g. 120x40 (got '\(Sanitize.printable(size))')")
            }
            cols = c; rows = r
        }
        if let asciicast { checkWritable(asciicast, force: force) }
        if let frames {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: frames, isDirectory: &isDir), !isDir.boolValue {
                fail("\(Sanitize.printable(frames)): exists and is not a directory")
            }
        }
        let player = loadSession(file)
        let w = cols ?? player.session.header.cols, h = rows ?? player.session.header.rows
        let title = player.session.header.title.isEmpty ? (file as NSString).lastPathComponent : player.session.header.title
        if let asciicast {
            guard let writer = try? SessionWriter(path: asciicast, force: true) else {
                fail("\(Sanitize.printable(asciicast)): cannot create the file")
            }
            var buffer = ""
            Exporter.asciicast(player, width: w, height: h, title: title, timestamp: recordedAt(player.session.header.created)) { s in
                buffer += s
                if buffer.utf8.count > 1 << 16 { writer.write(line: String(buffer.dropLast())); buffer = "" }
            }
            if !buffer.isEmpty { writer.write(line: String(buffer.dropLast())) }
            writer.close()
        }
        if let frames {
            do {
                try FileManager.default.createDirectory(atPath: frames, withIntermediateDirectories: true)
            } catch {
                fail("\(Sanitize.printable(frames)): cannot create the directory")
            }
            var n = 0
            var index = ""
            Exporter.frames(player, width: w, height: h) { f in
                n += 1
                let name = "frame-" + String(format: "%05d", n) + ".txt"
                let path = (frames as NSString).appendingPathComponent(name)
                if !FileManager.default.createFile(atPath: path, contents: Data((f.grid.text + "\n").utf8)) {
                    fail("\(Sanitize.printable(path)): cannot write the frame")
                }
                index += "\(name) \(String(format: "%.3f", f.time))" + f.markers.map { " marker: " + $0 }.joined() + "\n"
            }
            _ = FileManager.default.createFile(atPath: (frames as NSString).appendingPathComponent("index.txt"),
                                               contents: Data(index.utf8))
        }
    }
}
