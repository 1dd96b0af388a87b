// The recorded-session format (docs/sessions.md): JSON Lines, a header then one event per
// line. A session stores the scenario and the user's actions, not screen frames: the
// simulation is deterministic, so replaying the actions rebuilds every state exactly.
import GCTrapCore
import GCTrapUI

public enum SessionFormat {
    public static let name = "gctrap-session"
    /// Version 2 adds lessons (docs/lessons.md); version 1 files still play.
    public static let version = 2
    public static let fileExtension = "gctrap"
}

/// Line 1 of a session file.
public struct SessionHeader: Equatable, Sendable {
    public var title: String
    /// ISO 8601, UTC.
    public var created: String
    public var scenarioName: String
    /// The scenario's full source, so the file is self-contained.
    public var scenarioSource: String
    public var python: String
    /// `--set` values the recording started with (applied before the toggles).
    public var settings: [String: String]
    /// The toggles' values when the recording started, in declaration order.
    public var toggles: [(name: String, value: Bool)]
    public var cols: Int
    public var rows: Int
    /// Version 2: a lesson's number, minutes and what it teaches.
    public var lesson: LessonInfo?
    /// Version 2: the scenario file, relative to the session file, when `source` is not given
    /// (`SessionLoader` reads it into `scenarioSource`).
    public var scenarioFile: String?
    /// The version the file declared (1 for sessions made in memory); written back as at
    /// least 2 when the session holds a lesson.
    public var formatVersion: Int = 1
    /// Version 2: a comparison (`gctrap compare --record`): the sides, each with its Python
    /// and its own settings on top of `settings`. Its events are the comparison's keys.
    public var compare: CompareInfo?
    /// Generation 0's count when the task loop starts (`--gen0-at-start`, the start-up
    /// lottery); written only when not 0. A comparison's sides all start so.
    public var gen0AtStart = 0

    public init(title: String, created: String, scenarioName: String, scenarioSource: String,
                python: String, settings: [String: String] = [:], toggles: [(name: String, value: Bool)] = [],
                cols: Int = 120, rows: Int = 40, lesson: LessonInfo? = nil) {
        self.title = title; self.created = created; self.scenarioName = scenarioName
        self.scenarioSource = scenarioSource; self.python = python; self.settings = settings
        self.toggles = toggles; self.cols = cols; self.rows = rows; self.lesson = lesson
    }

    public static func == (a: SessionHeader, b: SessionHeader) -> Bool {
        a.title == b.title && a.created == b.created && a.scenarioName == b.scenarioName
            && a.scenarioSource == b.scenarioSource && a.python == b.python && a.settings == b.settings
            && a.toggles.map(\.name) == b.toggles.map(\.name) && a.toggles.map(\.value) == b.toggles.map(\.value)
            && a.cols == b.cols && a.rows == b.rows && a.lesson == b.lesson && a.scenarioFile == b.scenarioFile
            && a.compare == b.compare && a.gen0AtStart == b.gen0AtStart
    }
}

/// The sides of a recorded comparison and the divergence criterion it started with.
public struct CompareInfo: Equatable, Sendable {
    public struct Side: Equatable, Sendable {
        public var label: String
        public var python: String
        public var settings: [String: String]
        /// This side's `--gen0-at-start` when it differs from the header's `gen0_at_start`.
        public var gen0AtStart: Int?
        public init(label: String, python: String, settings: [String: String], gen0AtStart: Int? = nil) {
            self.label = label; self.python = python; self.settings = settings; self.gen0AtStart = gen0AtStart
        }
    }
    public var sides: [Side]
    public var criterion: String
    public init(sides: [Side], criterion: String) { self.sides = sides; self.criterion = criterion }
}

/// A user action, as the engine and the screen saw it. Running at a speed is recorded as
/// what the engine did (`run` with a task count per batch of ticks), so replay does not
/// depend on timing.
public enum SessionAction: Equatable, Sendable {
    case step, next, finishTask
    case run(tasks: Int)
    case play, pause
    /// Tasks per second; nil is "as fast as it goes".
    case speed(Int?)
    case toggle(index: Int, name: String?, value: Bool)
    case collect, back, backTask, restart
    case resize(cols: Int, rows: Int)
    /// A key or click that only changes what the screen shows (pane focus, scrolling,
    /// the selected object, the why-alive explanation), in `Message`'s text form.
    case view(Message)
    /// `]`, `[`, Enter in the Events view (the event's index, oldest first).
    case nextEvent, previousEvent
    case goToEvent(index: Int)
    /// `p` or --pause-on: the kinds of event runs pause on ("collection, error"; "" is none).
    case pauseOn(EventKinds)

    /// The engine command this action replays, if it has one.
    public var command: Command? {
        switch self {
        case .step: return .step
        case .next: return .next
        case .finishTask: return .finishTask
        case .run(let n): return .runTasks(n)
        case .toggle(let i, _, let v): return .toggle(index: i, value: v)
        case .collect: return .collect
        case .back: return .back
        case .backTask: return .backTask
        case .restart: return .restart
        case .nextEvent: return .nextEvent
        case .previousEvent: return .previousEvent
        case .goToEvent(let i): return .goToEvent(i)
        case .pauseOn(let k): return .pauseOn(k)
        case .play, .pause, .speed, .resize, .view: return nil
        }
    }

    /// The action's name in the file.
    public var name: String {
        switch self {
        case .step: return "step"
        case .next: return "next"
        case .finishTask: return "task"
        case .run: return "run"
        case .play: return "play"
        case .pause: return "pause"
        case .speed: return "speed"
        case .toggle: return "toggle"
        case .collect: return "collect"
        case .back: return "back"
        case .backTask: return "back_task"
        case .restart: return "restart"
        case .resize: return "resize"
        case .view: return "view"
        case .nextEvent: return "next_event"
        case .previousEvent: return "previous_event"
        case .goToEvent: return "go_event"
        case .pauseOn: return "pause_on"
        }
    }
}

/// A question for the audience (workshop lessons): shown when playback reaches it.
public struct Prompt: Equatable, Sendable {
    public var question: String
    public var choices: [String]
    /// Index into `choices` of the right answer.
    public var answer: Int
    public var explanation: String
    public init(question: String, choices: [String], answer: Int, explanation: String = "") {
        self.question = question; self.choices = choices; self.answer = answer; self.explanation = explanation
    }
}

public enum SessionEventKind: Equatable, Sendable {
    case action(SessionAction)
    case marker(String)
    /// Text shown from this point on; an empty caption clears it.
    case caption(String)
    case prompt(Prompt)
    /// Version 2: a prediction, a task or a checked claim (docs/lessons.md).
    case lesson(LessonEvent)
    /// Version 2: another session starts here, in the same recording (a workshop recorded
    /// lesson after lesson): its scenario, Python, settings and toggles, from a fresh start.
    /// The events after it, up to the next one, are that session's.
    case session(SessionHeader)
}

public struct SessionEvent: Equatable, Sendable {
    /// Seconds since the start of the recording (for real-time playback); nil when the
    /// file gives none (it then plays at the previous event's time).
    public var t: Double?
    public var kind: SessionEventKind
    /// The line of the file the event came from (0 for events made in memory).
    public var line: Int

    public init(t: Double? = nil, _ kind: SessionEventKind, line: Int = 0) {
        self.t = t; self.kind = kind; self.line = line
    }
}

public struct Session: Equatable, Sendable {
    public var header: SessionHeader
    public var events: [SessionEvent]
    /// Problems that did not stop the file from playing (a truncated last line).
    public var warnings: [SessionError]

    public init(header: SessionHeader, events: [SessionEvent] = [], warnings: [SessionError] = []) {
        self.header = header; self.events = events; self.warnings = warnings
    }

    /// Each event's time: its own `t`, or the previous event's.
    public var times: [Double] {
        var out: [Double] = []
        out.reserveCapacity(events.count)
        var last = 0.0
        for e in events {
            if let t = e.t { last = t }
            out.append(last)
        }
        return out
    }

    public var duration: Double { times.last ?? 0 }
}

/// A problem in a session file, at a line.
public struct SessionError: Error, Equatable, Sendable, CustomStringConvertible {
    public var line: Int
    public var message: String
    /// The line is not UTF-8 or not JSON: what a write cut short leaves (a full disk, a
    /// crash). Playback stops there with a warning instead of refusing the file.
    var isDamage = false
    public init(line: Int, _ message: String) { self.line = line; self.message = message }

    /// `FILE:LINE: message`, safe to print.
    public func formatted(file: String) -> String {
        "\(Sanitize.printable(file)):\(line): \(Sanitize.printableKeepingNewlines(message))"
    }

    public var description: String { "\(line): \(message)" }
}

// MARK: writing

/// JSON text written by hand so keys keep a stable, readable order.
enum JSONText {
    static func string(_ s: String) -> String {
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 || u.value == 0x7F || (u.value >= 0x80 && u.value < 0xA0)
                    || u.value == 0x2028 || u.value == 0x2029 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    /// Seconds with at most 3 decimals, no exponent: 12.5, 0.033.
    static func seconds(_ t: Double) -> String {
        let ms = Int((max(0, t) * 1000).rounded())
        let whole = ms / 1000, frac = ms % 1000
        if frac == 0 { return String(whole) }
        var f = String(frac)
        f = String(repeating: "0", count: 3 - f.count) + f
        while f.hasSuffix("0") { f.removeLast() }
        return "\(whole).\(f)"
    }

    static func object(_ pairs: [(String, String)]) -> String {
        "{" + pairs.map { string($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }
}

extension SessionHeader {
    /// The header as one JSON line (no newline).
    public var jsonLine: String {
        let settingsJSON = JSONText.object(settings.sorted { $0.key < $1.key }.map { ($0.key, JSONText.string($0.value)) })
        let togglesJSON = JSONText.object(toggles.map { ($0.name, $0.value ? "true" : "false") })
        var lessonPairs: [(String, String)] = []
        if let l = lesson {
            lessonPairs.append(("lesson", JSONText.object([
                ("number", String(l.number)), ("minutes", String(l.minutes)), ("teaches", JSONText.string(l.teaches)),
                ("case", JSONText.string(l.realCase)), ("extra", l.extra ? "true" : "false"),
            ])))
        }
        if let c = compare {
            lessonPairs.append(("compare", JSONText.object([
                ("criterion", JSONText.string(c.criterion)),
                ("sides", "[" + c.sides.map { side in
                    JSONText.object([("label", JSONText.string(side.label)), ("python", JSONText.string(side.python)),
                                     ("settings", JSONText.object(side.settings.sorted { $0.key < $1.key }.map { ($0.key, JSONText.string($0.value)) }))]
                                    + (side.gen0AtStart.map { [("gen0_at_start", String($0))] } ?? []))
                }.joined(separator: ",") + "]"),
            ])))
        }
        if gen0AtStart != 0 { lessonPairs.insert(("gen0_at_start", String(gen0AtStart)), at: 0) }
        return JSONText.object([
            ("format", JSONText.string(SessionFormat.name)),
            ("version", String(lesson != nil || compare != nil ? max(2, formatVersion) : max(1, formatVersion))),
            ("title", JSONText.string(title)),
            ("created", JSONText.string(created)),
            ("python", JSONText.string(python)),
            ("size", JSONText.object([("cols", String(cols)), ("rows", String(rows))])),
            ("settings", settingsJSON),
            ("toggles", togglesJSON),
            ("scenario", JSONText.object([("name", JSONText.string(scenarioName)),
                                          ("source", JSONText.string(scenarioSource))])),
        ] + lessonPairs)
    }
}

extension SessionEvent {
    /// The event as one JSON line (no newline).
    public var jsonLine: String {
        var pairs: [(String, String)] = []
        if let t { pairs.append(("t", JSONText.seconds(t))) }
        switch kind {
        case .action(let a):
            pairs += a.jsonPairs
        case .marker(let label): pairs.append(("marker", JSONText.string(label)))
        case .caption(let text): pairs.append(("caption", JSONText.string(text)))
        case .prompt(let p):
            pairs.append(("prompt", JSONText.object([
                ("question", JSONText.string(p.question)),
                ("choices", "[" + p.choices.map(JSONText.string).joined(separator: ",") + "]"),
                ("answer", String(p.answer)),
                ("explanation", JSONText.string(p.explanation)),
            ])))
        case .lesson(let l): pairs.append(l.jsonPair)
        case .session(let h): pairs.insert(("session", h.jsonLine), at: 0)   // first: the reader allows it a header's length
        }
        return JSONText.object(pairs)
    }
}

extension SessionAction {
    /// The action's keys in an event line (`"action"` first).
    var jsonPairs: [(String, String)] {
        var pairs: [(String, String)] = [("action", JSONText.string(name))]
        switch self {
        case .run(let n): pairs.append(("tasks", String(n)))
        case .speed(let s): pairs.append(("value", s.map(String.init) ?? JSONText.string("max")))
        case .toggle(let i, let name, let v):
            pairs.append(("index", String(i)))
            if let name { pairs.append(("name", JSONText.string(name))) }
            pairs.append(("value", v ? "true" : "false"))
        case .resize(let c, let r):
            pairs.append(("cols", String(c)))
            pairs.append(("rows", String(r)))
        case .view(let m): pairs.append(("message", JSONText.string(m.description)))
        case .goToEvent(let i): pairs.append(("index", String(i)))
        case .pauseOn(let k): pairs.append(("kinds", JSONText.string(k.isEmpty ? "" : k.description.replacingOccurrences(of: " ", with: ""))))
        default: break
        }
        return pairs
    }
}

extension Session {
    /// The whole file's text.
    public var fileText: String {
        ([header.jsonLine] + events.map(\.jsonLine)).joined(separator: "\n") + "\n"
    }
}

/// Formats seconds as m:ss.s (or h:mm:ss.s).
public func clockText(_ seconds: Double, tenths: Bool = true) -> String {
    let t = max(0, seconds.isFinite ? min(seconds, 1e9) : 0)
    let tenthsTotal = Int((t * 10 + 1e-6).rounded(.down))
    let total = tenthsTotal / 10
    let h = total / 3600, m = (total / 60) % 60, s = total % 60
    let ss = s < 10 ? "0\(s)" : "\(s)"
    var out = h > 0 ? "\(h):\(m < 10 ? "0" : "")\(m):\(ss)" : "\(m):\(ss)"
    if tenths { out += ".\(tenthsTotal % 10)" }
    return out
}
