// Reading a session file. A session file is untrusted (people share them): every problem
// is a `SessionError` at a line, never a crash; every text that may reach the screen is
// made printable here.
import Foundation
import GCTrapCore
import GCTrapUI

public struct SessionLimits: Sendable {
    public var maxBytes: Int
    public var maxEvents: Int
    /// Longest event line (the header, which holds the scenario source, may be longer).
    public var maxEventLineBytes: Int
    public var maxHeaderBytes: Int
    /// Most tasks a single `run` event may ask for.
    public var maxRunTasks: Int
    public var maxTextLength: Int
    /// Most tasks all the `run` events together may ask for (`--max-tasks`): each task
    /// costs time and a row of history, so a 259-byte file could otherwise ask for hours.
    public var maxTotalTasks: Int

    public init(maxBytes: Int = 64 << 20, maxEvents: Int = 1_000_000, maxEventLineBytes: Int = 64 << 10,
                maxHeaderBytes: Int = 2 << 20, maxRunTasks: Int = 10_000_000, maxTextLength: Int = 2_000,
                maxTotalTasks: Int = SessionLimits.defaultMaxTotalTasks) {
        self.maxBytes = maxBytes; self.maxEvents = maxEvents; self.maxEventLineBytes = maxEventLineBytes
        self.maxHeaderBytes = maxHeaderBytes; self.maxRunTasks = maxRunTasks; self.maxTextLength = maxTextLength
        self.maxTotalTasks = maxTotalTasks
    }

    public static let defaultMaxTotalTasks = 1_000_000

    public static let standard = SessionLimits()
}

public enum SessionParser {
    /// Parses a whole file. Checks the format; `SessionLoader` then checks the scenario
    /// and the actions against it.
    public static func parse(_ data: Data, limits: SessionLimits = .standard) throws -> Session {
        if data.count > limits.maxBytes {
            throw SessionError(line: 1, "the file is \(data.count) bytes, over the limit of \(limits.maxBytes) bytes for a session")
        }
        if data.isEmpty { throw SessionError(line: 1, "empty file: not a gctrap session") }
        // Split into lines (by byte, so invalid UTF-8 is caught per line).
        var lines: [(number: Int, bytes: Data)] = []
        var start = data.startIndex
        var number = 1
        var endsWithNewline = false
        while start < data.endIndex {
            let nl = data[start...].firstIndex(of: 0x0A)
            let end = nl ?? data.endIndex
            var slice = data[start..<end]
            if slice.last == 0x0D { slice = slice.dropLast() }
            lines.append((number, Data(slice)))
            number += 1
            if let nl { start = data.index(after: nl); endsWithNewline = start == data.endIndex } else { start = end; endsWithNewline = false }
        }
        guard let first = lines.first else { throw SessionError(line: 1, "empty file: not a gctrap session") }
        let lastIndex = lines.count - 1
        let truncatedCandidate = !endsWithNewline

        // Header.
        let headerObject: [String: Any]
        do {
            headerObject = try jsonObject(first.bytes, line: 1, maxBytes: limits.maxHeaderBytes, what: "the header")
        } catch let e as SessionError {
            throw SessionError(line: 1, "not a gctrap session: " + e.message)
        }
        let header = try parseHeader(headerObject, limits: limits)

        var events: [SessionEvent] = []
        var warnings: [SessionError] = []
        var reader = EventLineReader(limits: limits, version: header.formatVersion)
        for (i, entry) in lines.enumerated().dropFirst() {
            let object: [String: Any]
            do {
                guard let o = try reader.object(entry.bytes, line: entry.number) else { continue }
                object = o
            } catch let e as SessionError {
                if i == lastIndex && truncatedCandidate {
                    warnings.append(SessionError(line: entry.number, "warning: the last line is cut short (\(e.message)); playing the \(events.count) events before it"))
                    break
                }
                if e.isDamage {
                    // A write cut short mid-file (the disk filled for a moment): everything
                    // after the cut is suspect, the events before it are whole.
                    let after = lines[(i + 1)...].filter { !$0.bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 } }.count
                    warnings.append(SessionError(line: entry.number, "warning: the recording is cut short here (\(e.message)); playing the \(events.count) events before it"
                                                 + (after > 0 ? " and ignoring the \(after) line\(after == 1 ? "" : "s") after it" : "")))
                    break
                }
                throw e
            }
            events.append(try reader.event(object, line: entry.number))
        }
        return Session(header: header, events: events, warnings: warnings)
    }

    public static func parse(_ text: String, limits: SessionLimits = .standard) throws -> Session {
        try parse(Data(text.utf8), limits: limits)
    }

    /// The rules every event line meets, one line at a time: for a whole file (`parse`)
    /// and for a file followed as it grows (`SessionTail`).
    struct EventLineReader {
        let limits: SessionLimits
        /// The header's format version.
        let version: Int
        private(set) var count = 0
        private var lastT = 0.0
        private var totalTasks = 0

        init(limits: SessionLimits, version: Int) { self.limits = limits; self.version = version }

        /// The line's JSON object; nil for a blank line. Errors here may be a line cut short.
        func object(_ bytes: Data, line: Int) throws -> [String: Any]? {
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return nil }
            if count >= limits.maxEvents {
                throw SessionError(line: line, "more than \(limits.maxEvents) events: over the limit for a session")
            }
            // A `session` event holds a whole header (its scenario's source): a header's limit.
            let isSession = version >= 2 && bytes.starts(with: Array(#"{"session":"#.utf8))
            return try jsonObject(bytes, line: line, maxBytes: isSession ? limits.maxHeaderBytes : limits.maxEventLineBytes)
        }

        /// The event a whole line holds, checked against the lines before it.
        mutating func event(_ object: [String: Any], line: Int) throws -> SessionEvent {
            var event = try parseEvent(object, line: line, limits: limits, version: version)
            if case .action(.run(let n)) = event.kind {
                totalTasks += n
                if totalTasks > limits.maxTotalTasks {
                    throw SessionError(line: line, "the session's run events ask for \(totalTasks) tasks by this line, over the task limit of \(limits.maxTotalTasks) (--max-tasks)")
                }
            }
            if let t = event.t {
                if t < lastT {
                    throw SessionError(line: line, "time goes backwards: t \(JSONText.seconds(t)) after \(JSONText.seconds(lastT))")
                }
                lastT = t
            }
            event.line = line
            count += 1
            return event
        }
    }

    // MARK: JSON

    static func jsonObject(_ bytes: Data, line: Int, maxBytes: Int, what: String = "the line") throws -> [String: Any] {
        if bytes.count > maxBytes {
            throw SessionError(line: line, "\(what) is \(bytes.count) bytes long, over the limit of \(maxBytes)")
        }
        guard String(data: bytes, encoding: .utf8) != nil else {
            var e = SessionError(line: line, "\(what) is not UTF-8 text")
            e.isDamage = true
            throw e
        }
        // Deeply nested brackets are never valid here; refuse them before the JSON parser.
        var depth = 0, inString = false, escaped = false
        for b in bytes {
            if inString {
                if escaped { escaped = false } else if b == 0x5C { escaped = true } else if b == 0x22 { inString = false }
                continue
            }
            switch b {
            case 0x22: inString = true
            case 0x5B, 0x7B:
                depth += 1
                if depth > 8 { throw SessionError(line: line, "\(what) is nested too deeply to be a session line") }
            case 0x5D, 0x7D: depth -= 1
            default: break
            }
        }
        let value: Any
        do {
            value = try JSONSerialization.jsonObject(with: bytes, options: [])
        } catch {
            var e = SessionError(line: line, "\(what) is not valid JSON")
            e.isDamage = true
            throw e
        }
        guard let object = value as? [String: Any] else {
            throw SessionError(line: line, "\(what) is not a JSON object")
        }
        return object
    }

    /// A JSON number that is an integer (not a boolean).
    static func int(_ v: Any?) -> Int? {
        guard let n = v as? NSNumber, !isBool(n) else { return nil }
        let d = n.doubleValue
        guard d.isFinite, d == d.rounded(), abs(d) < 1e15 else { return nil }
        return Int(d)
    }

    static func double(_ v: Any?) -> Double? {
        guard let n = v as? NSNumber, !isBool(n) else { return nil }
        let d = n.doubleValue
        return d.isFinite ? d : nil
    }

    static func bool(_ v: Any?) -> Bool? {
        guard let n = v as? NSNumber, isBool(n) else { return nil }
        return n.boolValue
    }

    /// JSON booleans come back as NSNumbers whose type is C `char` ("c").
    static func isBool(_ n: NSNumber) -> Bool {
        String(cString: n.objCType) == "c"
    }

    static func text(_ v: Any?, _ field: String, line: Int, limits: SessionLimits, max: Int? = nil) throws -> String {
        guard let s = v as? String else { throw SessionError(line: line, "\(field) must be a string") }
        let limit = max ?? limits.maxTextLength
        if s.count > limit { throw SessionError(line: line, "\(field) is longer than \(limit) characters") }
        return Sanitize.printable(s)
    }

    // MARK: header

    static func parseHeader(_ o: [String: Any], limits: SessionLimits) throws -> SessionHeader {
        guard let format = o["format"] as? String, format == SessionFormat.name else {
            throw SessionError(line: 1, "not a gctrap session: the first line has no \"format\": \"\(SessionFormat.name)\"")
        }
        guard let version = int(o["version"]) else {
            throw SessionError(line: 1, "the header's \"version\" must be a whole number")
        }
        if version > SessionFormat.version {
            throw SessionError(line: 1, "made by a newer gctrap: format version \(version), this gctrap reads version \(SessionFormat.version)")
        }
        if version < 1 { throw SessionError(line: 1, "unknown format version \(version)") }
        guard let scenario = o["scenario"] as? [String: Any] else {
            throw SessionError(line: 1, "the header has no \"scenario\" object (with \"name\" and \"source\")")
        }
        // Version 2: a lesson may name a built-in scenario or a file instead of embedding the source.
        var file: String?
        if version >= 2, scenario["source"] == nil, scenario["file"] != nil {
            let f = try text(scenario["file"], "the scenario's \"file\"", line: 1, limits: limits, max: 500)
            if f.isEmpty { throw SessionError(line: 1, "the scenario's \"file\" is empty") }
            file = f
        }
        var name = scenario["name"] == nil && file != nil ? "" : try text(scenario["name"], "the scenario's \"name\"", line: 1, limits: limits, max: 100)
        if let file, name.isEmpty {
            name = String((file as NSString).lastPathComponent.dropLast(file.hasSuffix(".py") ? 3 : 0))
        }
        if name.isEmpty { throw SessionError(line: 1, "the scenario's \"name\" is empty") }
        var source: String
        if let s = scenario["source"] as? String {
            source = s
        } else if version >= 2, file != nil {
            source = ""
        } else if version >= 2, let builtIn = EmbeddedScenarios.named(name) {
            source = builtIn
        } else if version >= 2 {
            let names = EmbeddedScenarios.all.map(\.name).joined(separator: ", ")
            throw SessionError(line: 1, "the scenario '\(name)' is not built in (\(names)): give its \"file\" (relative to this file) or its \"source\"")
        } else {
            throw SessionError(line: 1, "the scenario has no \"source\" string")
        }
        if source.utf8.count > 1 << 20 { throw SessionError(line: 1, "the scenario source is larger than 1 MB") }
        let python = o["python"] == nil ? "3.11" : try text(o["python"], "\"python\"", line: 1, limits: limits, max: 20)
        guard PythonProfile.named(python) != nil else {
            throw SessionError(line: 1, "unknown Python profile '\(python)': use \(PythonProfile.all.map(\.name).joined(separator: " or "))")
        }
        var settings: [String: String] = [:]
        if let s = o["settings"] {
            guard let d = s as? [String: Any] else { throw SessionError(line: 1, "\"settings\" must be an object of NAME: VALUE") }
            if d.count > 200 { throw SessionError(line: 1, "too many settings") }
            for (k, v) in d {
                let key = Sanitize.printable(k)
                if let str = v as? String { settings[key] = str }
                else if let b = bool(v) { settings[key] = b ? "True" : "False" }
                else if let i = int(v) { settings[key] = String(i) }
                else { throw SessionError(line: 1, "setting '\(key)' must be a string, a number or a boolean") }
            }
        }
        var toggles: [(name: String, value: Bool)] = []
        if let t = o["toggles"] {
            guard let d = t as? [String: Any] else { throw SessionError(line: 1, "\"toggles\" must be an object of NAME: true/false") }
            if d.count > 200 { throw SessionError(line: 1, "too many toggles") }
            for (k, v) in d.sorted(by: { $0.key < $1.key }) {
                guard let b = bool(v) else { throw SessionError(line: 1, "toggle '\(Sanitize.printable(k))' must be true or false") }
                toggles.append((Sanitize.printable(k), b))
            }
        }
        var cols = 120, rows = 40
        if let size = o["size"] {
            guard let d = size as? [String: Any], let c = int(d["cols"]), let r = int(d["rows"]) else {
                throw SessionError(line: 1, "\"size\" must be {\"cols\": N, \"rows\": N}")
            }
            guard (20...1000).contains(c), (10...1000).contains(r) else {
                throw SessionError(line: 1, "terminal size \(c)x\(r) is out of range (20-1000 columns, 10-1000 rows)")
            }
            cols = c; rows = r
        }
        let title = o["title"] == nil ? "" : try text(o["title"], "the title", line: 1, limits: limits, max: 200)
        let created = o["created"] == nil ? "" : try text(o["created"], "\"created\"", line: 1, limits: limits, max: 64)
        var lesson: LessonInfo?
        if o["lesson"] != nil {
            guard version >= 2 else { throw SessionError(line: 1, "\"lesson\" needs format version 2") }
            lesson = try parseLessonInfo(o["lesson"], limits: limits)
        }
        var header = SessionHeader(title: title, created: created, scenarioName: name, scenarioSource: source,
                                   python: python, settings: settings, toggles: toggles, cols: cols, rows: rows, lesson: lesson)
        header.scenarioFile = file
        header.formatVersion = version
        if let g = o["gen0_at_start"] {
            let t = PythonProfile.named(python)!.thresholds[0]
            guard let n = int(g), n >= 0, n < t else {
                throw SessionError(line: 1, "\"gen0_at_start\" must be a whole number from 0 to \(t - 1) (below the \(python) profile's gen-0 threshold, \(t))")
            }
            header.gen0AtStart = n
        }
        if o["compare"] != nil {
            guard version >= 2 else { throw SessionError(line: 1, "\"compare\" needs format version 2") }
            header.compare = try parseCompareInfo(o["compare"], limits: limits)
        }
        return header
    }

    /// A comparison's sides: 2 to 4, each with a label, a known Python and string settings.
    static func parseCompareInfo(_ v: Any?, limits: SessionLimits) throws -> CompareInfo {
        guard let o = v as? [String: Any], let list = o["sides"] as? [Any] else {
            throw SessionError(line: 1, "\"compare\" must be {\"sides\": [...], \"criterion\": ...}")
        }
        guard (2...4).contains(list.count) else { throw SessionError(line: 1, "a comparison has 2 to 4 sides, not \(list.count)") }
        let criterion = o["criterion"] == nil ? "events" : try text(o["criterion"], "the comparison's \"criterion\"", line: 1, limits: limits, max: 20)
        guard DivergenceCriterion(rawValue: criterion) != nil else {
            throw SessionError(line: 1, "unknown divergence criterion '\(criterion)': use \(DivergenceCriterion.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var sides: [CompareInfo.Side] = []
        for (i, item) in list.enumerated() {
            guard let side = item as? [String: Any] else { throw SessionError(line: 1, "side \(i + 1) of the comparison must be an object") }
            let label = try text(side["label"], "side \(i + 1)'s \"label\"", line: 1, limits: limits, max: 80)
            let python = try text(side["python"], "side \(i + 1)'s \"python\"", line: 1, limits: limits, max: 20)
            guard PythonProfile.named(python) != nil else {
                throw SessionError(line: 1, "side \(i + 1): unknown Python profile '\(python)': use \(PythonProfile.all.map(\.name).joined(separator: " or "))")
            }
            var settings: [String: String] = [:]
            if let d = side["settings"] {
                guard let d = d as? [String: Any], d.count <= 200 else { throw SessionError(line: 1, "side \(i + 1)'s \"settings\" must be an object of NAME: VALUE") }
                for (k, v) in d {
                    guard let str = v as? String else { throw SessionError(line: 1, "side \(i + 1)'s setting '\(Sanitize.printable(k))' must be a string") }
                    settings[Sanitize.printable(k)] = str
                }
            }
            var gen0: Int?
            if let g = side["gen0_at_start"] {
                let t = PythonProfile.named(python)!.thresholds[0]
                guard let n = int(g), n >= 0, n < t else {
                    throw SessionError(line: 1, "side \(i + 1)'s \"gen0_at_start\" must be a whole number from 0 to \(t - 1) (below the \(python) profile's gen-0 threshold, \(t))")
                }
                gen0 = n
            }
            sides.append(CompareInfo.Side(label: label, python: python, settings: settings, gen0AtStart: gen0))
        }
        return CompareInfo(sides: sides, criterion: criterion)
    }

    // MARK: events

    static let kinds = ["action", "marker", "caption", "prompt"]

    static func parseEvent(_ o: [String: Any], line: Int, limits: SessionLimits, version: Int = SessionFormat.version) throws -> SessionEvent {
        let kinds = version >= 2 ? SessionParser.kinds + lessonKinds + ["session"] : SessionParser.kinds
        if version < 2, let k = (lessonKinds + ["session"]).first(where: { o[$0] != nil }) {
            throw SessionError(line: line, "a \(k) event needs format version 2 (set \"version\": 2 in the header)")
        }
        var t: Double?
        if let tv = o["t"] {
            guard let d = double(tv), d >= 0, d <= 1e7 else {
                throw SessionError(line: line, "\"t\" must be a number of seconds from 0 to 10000000")
            }
            t = d
        }
        let present = kinds.filter { o[$0] != nil }
        guard present.count == 1 else {
            if present.isEmpty {
                let keys = o.keys.sorted().prefix(5).map { Sanitize.printable(String($0.prefix(40))) }.joined(separator: ", ")
                throw SessionError(line: line, "unknown event (keys: \(keys.isEmpty ? "none" : keys)); expected one of \(kinds.joined(separator: ", "))")
            }
            throw SessionError(line: line, "an event has one of \(kinds.joined(separator: ", ")); this one has \(present.joined(separator: " and "))")
        }
        switch present[0] {
        case "predict", "task", "check":
            return SessionEvent(t: t, .lesson(try parseLessonEvent(present[0], o, line: line, limits: limits)), line: line)
        case "session":
            guard let h = o["session"] as? [String: Any] else {
                throw SessionError(line: line, "a session event must be an object: a session header (format, version, scenario with its source...)")
            }
            let header: SessionHeader
            do {
                header = try parseHeader(h, limits: limits)
            } catch let e as SessionError {
                throw SessionError(line: line, "session event: " + e.message.replacingOccurrences(of: "the header", with: "its header"))
            }
            guard header.scenarioFile == nil, !header.scenarioSource.isEmpty else {
                throw SessionError(line: line, "a session event's scenario must embed its \"source\"")
            }
            // A comparison may start here too: a workshop recording a lesson that opens one.
            return SessionEvent(t: t, .session(header), line: line)
        case "marker":
            let label = try text(o["marker"], "a marker's label", line: line, limits: limits, max: 200)
            if label.allSatisfy({ $0 == " " }) { throw SessionError(line: line, "a marker's label is empty") }
            return SessionEvent(t: t, .marker(label), line: line)
        case "caption":
            return SessionEvent(t: t, .caption(try text(o["caption"], "a caption", line: line, limits: limits)), line: line)
        case "prompt":
            guard let p = o["prompt"] as? [String: Any] else {
                throw SessionError(line: line, "a prompt must be an object with question, choices, answer, explanation")
            }
            let question = try text(p["question"], "the prompt's question", line: line, limits: limits)
            guard let raw = p["choices"] as? [Any], (1...9).contains(raw.count) else {
                throw SessionError(line: line, "the prompt's choices must be a list of 1 to 9 strings")
            }
            let choices = try raw.map { try text($0, "a prompt choice", line: line, limits: limits, max: 500) }
            guard let answer = int(p["answer"]), answer >= 0, answer < choices.count else {
                throw SessionError(line: line, "the prompt's answer must be the index (from 0) of one of its \(choices.count) choices")
            }
            let explanation = p["explanation"] == nil ? "" : try text(p["explanation"], "the prompt's explanation", line: line, limits: limits)
            return SessionEvent(t: t, .prompt(Prompt(question: question, choices: choices, answer: answer, explanation: explanation)), line: line)
        default:
            return SessionEvent(t: t, .action(try parseAction(o, line: line, limits: limits)), line: line)
        }
    }

    static func parseAction(_ o: [String: Any], line: Int, limits: SessionLimits) throws -> SessionAction {
        guard let name = o["action"] as? String else { throw SessionError(line: line, "\"action\" must be a string") }
        switch name {
        case "step": return .step
        case "next": return .next
        case "task": return .finishTask
        case "play": return .play
        case "pause": return .pause
        case "collect": return .collect
        case "back": return .back
        case "back_task": return .backTask
        case "restart": return .restart
        case "next_event": return .nextEvent
        case "previous_event": return .previousEvent
        case "go_event":
            guard let i = int(o["index"]), i >= 0, i < 100_000_000 else {
                throw SessionError(line: line, "action go_event needs \"index\": the event's position from 0 (oldest first)")
            }
            return .goToEvent(index: i)
        case "pause_on":
            guard let text = o["kinds"] as? String, text.count <= 100 else {
                throw SessionError(line: line, "action pause_on needs \"kinds\": e.g. \"collection,error\", or \"\" for none")
            }
            if text.isEmpty { return .pauseOn(.none) }
            switch EventKinds.parse(text) {
            case .success(let k): return .pauseOn(k)
            case .failure(let e):
                throw SessionError(line: line, "action pause_on: unknown kind '\(Sanitize.printable(e.word))' (\(EventKinds.words.joined(separator: ", ")))")
            }
        case "run":
            guard let n = int(o["tasks"]), n >= 1, n <= limits.maxRunTasks else {
                throw SessionError(line: line, "action run needs \"tasks\": a whole number from 1 to \(limits.maxRunTasks)")
            }
            return .run(tasks: n)
        case "speed":
            if let s = o["value"] as? String, s == "max" { return .speed(nil) }
            guard let n = int(o["value"]), Model.speeds.contains(n) else {
                let list = Model.speeds.compactMap { $0 }.map(String.init).joined(separator: ", ")
                throw SessionError(line: line, "action speed needs \"value\": one of \(list) (tasks per second) or \"max\"")
            }
            return .speed(n)
        case "toggle":
            guard let i = int(o["index"]), i >= 0, i < 1000 else {
                throw SessionError(line: line, "action toggle needs \"index\": the toggle's position from 0")
            }
            guard let v = bool(o["value"]) else { throw SessionError(line: line, "action toggle needs \"value\": true or false") }
            var n: String?
            if o["name"] != nil { n = try text(o["name"], "the toggle's name", line: line, limits: limits, max: 100) }
            return .toggle(index: i, name: n, value: v)
        case "resize":
            guard let c = int(o["cols"]), let r = int(o["rows"]), (1...1000).contains(c), (1...1000).contains(r) else {
                throw SessionError(line: line, "action resize needs \"cols\" and \"rows\" from 1 to 1000")
            }
            return .resize(cols: c, rows: r)
        case "view":
            guard let text = o["message"] as? String, text.count <= 40, let m = Message(text) else {
                throw SessionError(line: line, "action view needs \"message\": a key or click such as \"key Tab\"")
            }
            switch m {
            case .key, .mouse: break
            case .tick, .resize: throw SessionError(line: line, "action view takes a key or a click, not '\(Sanitize.printable(text))'")
            }
            if case .mouse(let x, let y, _) = m, !(0...1000).contains(x) || !(0...1000).contains(y) {
                throw SessionError(line: line, "action view: the click is off any screen")
            }
            return .view(m)
        default:
            throw SessionError(line: line, "unknown action '\(Sanitize.printable(String(name.prefix(40))))'")
        }
    }
}
