// Reading and writing the lesson parts of a version-2 session file: the header's `lesson`
// object and the `predict`, `task` and `check` events (docs/lessons.md).
import Foundation
import GCTrapCore
import GCTrapUI

extension SessionParser {
    static let lessonKinds = ["predict", "task", "check"]

    static func parseLessonInfo(_ v: Any?, limits: SessionLimits) throws -> LessonInfo {
        guard let o = v as? [String: Any] else {
            throw SessionError(line: 1, "\"lesson\" must be an object with number, minutes, teaches and case")
        }
        guard let number = int(o["number"]), (1...99).contains(number) else {
            throw SessionError(line: 1, "the lesson's \"number\" must be a whole number from 1 to 99")
        }
        guard let minutes = int(o["minutes"]), (1...120).contains(minutes) else {
            throw SessionError(line: 1, "the lesson's \"minutes\" must be a whole number from 1 to 120")
        }
        let teaches = try text(o["teaches"], "the lesson's \"teaches\"", line: 1, limits: limits, max: 300)
        let realCase = try text(o["case"], "the lesson's \"case\" (the real case it is built on)", line: 1, limits: limits)
        var extra = false
        if o["extra"] != nil {
            guard let b = bool(o["extra"]) else { throw SessionError(line: 1, "the lesson's \"extra\" must be true or false") }
            extra = b
        }
        if teaches.isEmpty { throw SessionError(line: 1, "the lesson's \"teaches\" is empty") }
        if realCase.isEmpty { throw SessionError(line: 1, "the lesson's \"case\" is empty: name the real case it is built on") }
        return LessonInfo(number: number, minutes: minutes, teaches: teaches, realCase: realCase, extra: extra)
    }

    static func parseLessonEvent(_ kind: String, _ o: [String: Any], line: Int, limits: SessionLimits) throws -> LessonEvent {
        guard let body = o[kind] as? [String: Any] else {
            throw SessionError(line: line, "a \(kind) must be an object (see docs/lessons.md)")
        }
        func str(_ key: String, optional: Bool = false) throws -> String {
            if optional && body[key] == nil { return "" }
            guard body[key] != nil else { throw SessionError(line: line, "the \(kind) has no \"\(key)\"") }
            return try text(body[key], "the \(kind)'s \"\(key)\"", line: line, limits: limits)
        }
        func actions(_ key: String) throws -> [SessionAction] {
            guard let v = body[key] else { return [] }
            guard let list = v as? [Any], list.count <= 200 else {
                throw SessionError(line: line, "the \(kind)'s \"\(key)\" must be a list of at most 200 actions such as {\"action\": \"run\", \"tasks\": 10}")
            }
            return try list.map { item in
                guard let a = item as? [String: Any], a["action"] != nil else {
                    throw SessionError(line: line, "the \(kind)'s \"\(key)\" holds something that is not an action such as {\"action\": \"step\"}")
                }
                return try parseAction(a, line: line, limits: limits)
            }
        }
        func measure(_ key: String = "measure") throws -> String {
            let m = try str(key)
            if m.isEmpty || m.count > 60 { throw SessionError(line: line, "the \(kind)'s \"\(key)\" must name a measure") }
            return m
        }
        switch kind {
        case "predict":
            let question = try str("question")
            guard let raw = body["choices"] as? [Any], (2...4).contains(raw.count) else {
                throw SessionError(line: line, "the predict's \"choices\" must be a list of 2 to 4 strings (keys 1-4)")
            }
            let choices = try raw.map { try text($0, "a choice", line: line, limits: limits, max: 500) }
            guard let answer = int(body["answer"]), answer >= 0, answer < choices.count else {
                throw SessionError(line: line, "the predict's \"answer\" must be the index (from 0) of one of its \(choices.count) choices")
            }
            guard let mis = body["misconceptions"] as? [Any], mis.count == choices.count else {
                throw SessionError(line: line, "the predict's \"misconceptions\" must be a list with one text per choice (\"\" for the right one)")
            }
            let misconceptions = try mis.map { try text($0, "a misconception", line: line, limits: limits) }
            for (i, m) in misconceptions.enumerated() where i != answer && m.isEmpty {
                throw SessionError(line: line, "choice \(i + 1) is wrong but names no misconception: say what a learner who picks it believes")
            }
            guard let vals = body["values"] as? [Any], vals.count == choices.count else {
                throw SessionError(line: line, "the predict's \"values\" must be a list with one value per choice: what \"measure\" would be if that choice were right")
            }
            let values = try vals.map { try expectation($0, line: line, what: "a value in \"values\"") }
            return .predict(Predict(question: question, choices: choices, answer: answer, misconceptions: misconceptions,
                                    explanation: try str("explanation", optional: true), reveal: try actions("reveal"),
                                    measure: try measure(), values: values))
        case "task":
            let text_ = try str("text")
            guard let rawGoal = body["goal"] as? [Any], (1...12).contains(rawGoal.count) else {
                throw SessionError(line: line, "the task's \"goal\" must be a list of 1 to 12 conditions such as {\"measure\": \"peak_open\", \"at_most\": 2}")
            }
            let goal: [Condition] = try rawGoal.map { c in
                guard let o = c as? [String: Any], let m = o["measure"] as? String, !m.isEmpty, m.count <= 60 else {
                    throw SessionError(line: line, "a goal condition needs \"measure\" and one of \"is\", \"at_least\", \"at_most\"")
                }
                var rest = o
                rest["measure"] = nil
                return Condition(Sanitize.printable(m), try expectation(rest, line: line, what: "the condition on \(Sanitize.printable(m))"))
            }
            guard let rawHints = body["hints"] as? [Any], (1...9).contains(rawHints.count) else {
                throw SessionError(line: line, "the task's \"hints\" must be a list of 1 to 9 texts, in the order h gives them")
            }
            let hints = try rawHints.map { try text($0, "a hint", line: line, limits: limits) }
            let solution = try actions("solution")
            if solution.isEmpty { throw SessionError(line: line, "the task has no \"solution\": the actions that reach its goal") }
            var cost: String?
            if body["cost"] != nil { cost = try measure("cost") }
            return .task(LessonTask(text: text_, goal: goal, hints: hints, solution: solution,
                                    takeaway: try str("takeaway"), cost: cost))
        default:
            var rest = body
            rest["measure"] = nil
            rest["after"] = nil
            return .check(Check(measure: try measure(), expect: try expectation(rest, line: line, what: "the check"),
                                after: try actions("after")))
        }
    }

    /// A value (`300`, `"TooManyConnections"`, `true`, `null`) or an object with `is`, or
    /// `at_least` and/or `at_most`.
    static func expectation(_ v: Any, line: Int, what: String) throws -> Expectation {
        if let o = v as? [String: Any] {
            let known: Set<String> = ["is", "at_least", "at_most"]
            if let bad = o.keys.first(where: { !known.contains($0) }) {
                throw SessionError(line: line, "\(what): unknown key '\(Sanitize.printable(String(bad.prefix(40))))' (use is, at_least, at_most)")
            }
            if let isValue = o["is"] {
                if o.count > 1 { throw SessionError(line: line, "\(what): \"is\" goes alone, without at_least or at_most") }
                return .equals(try value(isValue, line: line, what: what))
            }
            let lo = o["at_least"], hi = o["at_most"]
            if lo == nil && hi == nil { throw SessionError(line: line, "\(what) needs \"is\", \"at_least\" or \"at_most\"") }
            if lo != nil && int(lo) == nil { throw SessionError(line: line, "\(what): \"at_least\" must be a whole number") }
            if hi != nil && int(hi) == nil { throw SessionError(line: line, "\(what): \"at_most\" must be a whole number") }
            return .between(atLeast: int(lo), atMost: int(hi))
        }
        return .equals(try value(v, line: line, what: what))
    }

    static func value(_ v: Any, line: Int, what: String) throws -> LessonValue {
        if v is NSNull { return .none }
        if let b = bool(v) { return .bool(b) }
        if let i = int(v) { return .int(i) }
        if let s = v as? String, s.count <= 200 { return s == "none" ? .none : .text(Sanitize.printable(s)) }
        throw SessionError(line: line, "\(what) must be a whole number, a word, true/false or null")
    }
}

extension LessonValue {
    var json: String {
        switch self {
        case .int(let i): return String(i)
        case .text(let s): return JSONText.string(s)
        case .bool(let b): return b ? "true" : "false"
        case .none: return "null"
        }
    }
}

extension Expectation {
    var jsonPairs: [(String, String)] {
        switch self {
        case .equals(let v): return [("is", v.json)]
        case .between(let lo, let hi):
            return (lo.map { [("at_least", String($0))] } ?? []) + (hi.map { [("at_most", String($0))] } ?? [])
        }
    }

    var json: String {
        if case .equals(let v) = self { return v.json }
        return JSONText.object(jsonPairs)
    }
}

extension LessonEvent {
    /// The event's key and body in an event line.
    var jsonPair: (String, String) {
        func list(_ items: [String]) -> String { "[" + items.joined(separator: ",") + "]" }
        func actions(_ a: [SessionAction]) -> String { list(a.map { JSONText.object($0.jsonPairs) }) }
        switch self {
        case .predict(let p):
            return ("predict", JSONText.object([
                ("question", JSONText.string(p.question)),
                ("choices", list(p.choices.map(JSONText.string))),
                ("answer", String(p.answer)),
                ("misconceptions", list(p.misconceptions.map(JSONText.string))),
                ("explanation", JSONText.string(p.explanation)),
                ("reveal", actions(p.reveal)),
                ("measure", JSONText.string(p.measure)),
                ("values", list(p.values.map(\.json))),
            ]))
        case .task(let t):
            var pairs: [(String, String)] = [
                ("text", JSONText.string(t.text)),
                ("goal", list(t.goal.map { JSONText.object([("measure", JSONText.string($0.measure))] + $0.expect.jsonPairs) })),
                ("hints", list(t.hints.map(JSONText.string))),
                ("solution", actions(t.solution)),
                ("takeaway", JSONText.string(t.takeaway)),
            ]
            if let c = t.cost { pairs.append(("cost", JSONText.string(c))) }
            return ("task", JSONText.object(pairs))
        case .check(let c):
            return ("check", JSONText.object([("measure", JSONText.string(c.measure))] + c.expect.jsonPairs
                                             + [("after", actions(c.after))]))
        }
    }
}
