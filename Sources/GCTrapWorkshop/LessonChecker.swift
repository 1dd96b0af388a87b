// `gctrap lesson check`: a lesson is checked against the simulation before a room sees it.
// Every prediction's stated answer must be what the simulation shows after its reveal (and
// no other choice may match); every task's goal must be reached by its reference solution
// and not hold before anything is done; every claim (`check`) must hold; hints may only name
// toggles, constants, lines, panes and keys that exist; and every number the lesson's texts
// state must be one of the numbers those checks establish (or a constant of the scenario).
import Foundation
import GCTrapCore
import GCTrapSession
import GCTrapUI

public struct LessonReport: Sendable {
    public var problems: [SessionError] = []
    public var predictions = 0
    public var tasks = 0
    public var checks = 0
    public var numbersChecked = 0
    /// Per task: the reference solution's action count and cost.
    public var solutions: [(actions: Int, cost: Int?, measure: String?)] = []
    public var ok: Bool { problems.isEmpty }
}

public enum LessonChecker {
    /// Keys a hint may name in backticks: the investigator's and the lesson's.
    public static let keys: Set<String> = [
        "s", "n", "t", "c", "b", "B", "g", "R", "q", "?", "h", "S", "r", "v", "+", "-", "1", "2", "3", "4", "5", "6",
        "7", "8", "9", "Tab", "Shift-Tab", "Enter", "Esc", "space", "G", "P", "[", "]", "arrows", "Up", "Down", "Left", "Right", "PgUp", "PgDn",
        "Home", "End", "y", "f", "d",
    ]
    public static let panes = ["Code", "Scopes", "Objects", "Connections", "GC", "Graph"]

    /// Parses, loads and checks the file. Problems carry the line they are about.
    public static func check(path: String) -> LessonReport {
        var report = LessonReport()
        let stage: LessonStage
        do {
            stage = try LessonStage.load(path: path)
        } catch let e as SessionError {
            report.problems.append(e)
            return report
        } catch {
            report.problems.append(SessionError(line: 1, "cannot load the lesson"))
            return report
        }
        check(stage, into: &report)
        return report
    }

    /// The checks on a loaded lesson (the stage is played through to its end).
    public static func check(_ stage: LessonStage, into report: inout LessonReport) {
        let session = stage.session
        func problem(_ line: Int, _ message: String) { report.problems.append(SessionError(line: line, message)) }
        guard let info = session.header.lesson else {
            problem(1, "not a lesson: the header has no \"lesson\" object (number, minutes, teaches, case)")
            return
        }
        if let c = session.header.compare, c.sides.count != 2 {
            problem(1, "a lesson compares two sides (left and right, as its measures name them), not \(c.sides.count)")
        }
        let toggles = stage.simulation.toggles
        let sourceLines = stage.simulation.sourceLines(module: "__main__") ?? []
        let source = stage.simulation.source
        var backed = Set<Int>()
        for t in stage.simulation.profile.thresholds { backed.insert(t) }
        for p in PythonProfile.all { backed.formUnion(p.thresholds) }
        let limit = stage.simulation.connectionTotals.limit
        backed.formUnion([0, limit, limit + 1])   // "task 0", the server's limit, "the 301st session"
        backed.insert(info.number)
        backed.formUnion(constants(source))
        for v in session.header.settings.values { if let i = Int(v) { backed.insert(i) } }
        // Texts whose numbers must be backed, with their lines; checked once the walk is done.
        var texts: [(line: Int, text: String)] = [(1, session.header.title), (1, info.teaches)]

        func known(_ measure: String, _ line: Int) -> Bool {
            if stage.knows(measure) { return true }
            if stage.compare != nil {
                problem(line, "unknown measure '\(measure)' in a comparison: name a side (left.\(measure), right.\(measure)) or use divergence_task, divergences, focused_side (docs/lessons.md)")
            } else {
                problem(line, "unknown measure '\(measure)': see the list in docs/lessons.md (or a toggle: \(toggles.map(\.name).joined(separator: ", ")))")
            }
            return false
        }
        /// A comparison replays keys (`view`) and runs; other actions have no meaning there.
        func comparable(_ actions: [SessionAction], _ line: Int) {
            guard stage.compare != nil else { return }
            for a in actions {
                switch a {
                case .view, .run: continue
                default: problem(line, "action \(a.name) in a comparison lesson: use the compare view's keys (view actions: key t, key R, key f, key 1...) and run")
                }
            }
        }
        for sim in stage.simulations { backed.formUnion(sim.profile.thresholds) }
        func back(_ e: Expectation) {
            switch e {
            case .equals(.int(let i)): backed.insert(i)
            case .between(let lo, let hi):
                if let lo { backed.insert(lo) }
                if let hi { backed.insert(hi) }
            default: break
            }
        }

        var captions = 0
        for event in session.events {
            let line = event.line
            switch event.kind {
            case .action(let a):
                comparable([a], line)
                stage.apply(a)
            case .marker:
                break
            case .session:
                problem(line, "a session event starts another session: recordings of a whole workshop have them, a lesson file holds one lesson")
            case .caption(let text):
                captions += 1
                texts.append((line, text))
            case .prompt(let p):
                texts.append((line, p.question))
                texts += p.choices.map { (line, $0) }
                texts.append((line, p.explanation))
            case .lesson(.check(let c)):
                report.checks += 1
                guard known(c.measure, line) else { continue }
                back(c.expect)
                comparable(c.after, line)
                let saved = stage.save()
                for a in c.after { stage.apply(a) }
                let v = stage.value(c.measure) ?? .none
                if !c.expect.holds(v) {
                    problem(line, "check: \(c.measure) \(c.expect) is false: the simulation gives \(v)")
                } else {
                    report.numbersChecked += 1
                }
                stage.restore(saved)
            case .lesson(.predict(let p)):
                report.predictions += 1
                texts.append((line, p.question))
                texts += p.choices.map { (line, $0) }
                texts += p.misconceptions.map { (line, $0) }
                texts.append((line, p.explanation))
                for v in p.values { back(v) }
                guard known(p.measure, line) else { continue }
                comparable(p.reveal, line)
                for a in p.reveal { stage.apply(a) }
                let v = stage.value(p.measure) ?? .none
                let matching = p.values.indices.filter { p.values[$0].holds(v) }
                if !matching.contains(p.answer) {
                    let also = matching.first.map { ", which is choice \($0 + 1) (\"\(p.choices[$0])\")" } ?? ", which matches no choice"
                    problem(line, "predict: the stated answer is choice \(p.answer + 1) (\"\(p.choices[p.answer])\", \(p.measure) \(p.values[p.answer])), but after the reveal the simulation gives \(p.measure) = \(v)\(also)")
                } else if matching.count > 1 {
                    let others = matching.filter { $0 != p.answer }.map { String($0 + 1) }.joined(separator: ", ")
                    problem(line, "predict: after the reveal \(p.measure) = \(v) also matches choice \(others): give each choice a value the simulation can tell apart")
                } else {
                    report.numbersChecked += 1
                }
            case .lesson(.task(let t)):
                report.tasks += 1
                texts.append((line, t.text))
                texts += t.hints.map { (line, $0) }
                texts.append((line, t.takeaway))
                for c in t.goal { back(c.expect) }
                var ok = true
                for c in t.goal where !known(c.measure, line) { ok = false }
                if let cost = t.cost, !known(cost, line) { ok = false }
                for h in t.hints {
                    for bad in unknownNames(in: h, toggles: toggles, sourceLines: sourceLines, source: source) {
                        problem(line, "a hint names \(bad)")
                    }
                }
                guard ok else { continue }
                comparable(t.solution, line)
                if stage.holds(t.goal) {
                    problem(line, "task: the goal already holds before the learner does anything (\(describe(t.goal, stage)))")
                }
                let costBefore = t.cost.flatMap { stage.value($0) }
                var reached = false
                for a in t.solution {
                    stage.apply(a)
                    if stage.holds(t.goal) { reached = true }
                }
                if !reached {
                    problem(line, "task: the reference solution does not reach the goal; at its end \(describe(t.goal, stage))")
                } else {
                    report.numbersChecked += t.goal.count
                }
                var cost: Int?
                if let m = t.cost, case .int(let before)? = costBefore, case .int(let after)? = stage.value(m) { cost = after - before }
                report.solutions.append((LessonScore.countedActions(t.solution), cost, t.cost))
            }
        }
        if captions == 0 { problem(1, "a lesson opens with a caption: the real case, in two or three sentences") }
        if report.predictions == 0 { problem(1, "a lesson has at least one predict event (predict, then reveal)") }
        if report.tasks == 0 { problem(1, "a lesson has at least one task with a goal") }
        for (line, text) in texts {
            for n in unbackedNumbers(in: text, backed: backed, lines: sourceLines.count) {
                problem(line, "the number \(n) in \"\(excerpt(text, around: n))\" is not checked: add a check event that measures it (docs/lessons.md, \"Numbers\")")
            }
        }
    }

    static func describe(_ goal: [Condition], _ stage: LessonStage) -> String {
        goal.map { c in
            let v = stage.value(c.measure) ?? .none
            return "\(c.measure) = \(v) (wanted: \(c.expect))"
        }.joined(separator: ", ")
    }

    /// Integers assigned at module level in the scenario (TASKS = 1000).
    static func constants(_ source: String) -> Set<Int> {
        var out = Set<Int>()
        for line in source.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, !line.hasPrefix(" "), let first = parts[0].first, first.isUppercase else { continue }
            let value = parts[1].split(separator: "#")[0].trimmingCharacters(in: .whitespaces)
            if let i = Int(value) { out.insert(i) }
        }
        return out
    }

    static func excerpt(_ text: String, around n: String) -> String {
        guard let r = text.range(of: n) else { return String(text.prefix(40)) }
        let start = text.index(r.lowerBound, offsetBy: -20, limitedBy: text.startIndex) ?? text.startIndex
        let end = text.index(r.upperBound, offsetBy: 20, limitedBy: text.endIndex) ?? text.endIndex
        return (start > text.startIndex ? "..." : "") + text[start..<end] + (end < text.endIndex ? "..." : "")
    }

    /// Numbers in a text that no check backs. Skipped: `#123` references, Python versions
    /// (3.11), "line N" (checked to exist), "lesson N", and anything in backticks (a key or code).
    static func unbackedNumbers(in text: String, backed: Set<Int>, lines: Int) -> [String] {
        var out: [String] = []
        let chars = Array(text)
        var i = 0
        var inCode = false
        while i < chars.count {
            let c = chars[i]
            if c == "`" { inCode.toggle(); i += 1; continue }
            guard c.isASCII && c.isNumber, !inCode else { i += 1; continue }
            if i > 0, chars[i - 1].isLetter || chars[i - 1] == "_" || chars[i - 1] == "#" || chars[i - 1] == "-" && i > 1 && chars[i - 2].isLetter {
                while i < chars.count, chars[i].isNumber { i += 1 }
                continue
            }
            var j = i
            while j < chars.count, chars[j].isNumber || ((chars[j] == "," || chars[j] == ".") && j + 1 < chars.count && chars[j + 1].isNumber) { j += 1 }
            let token = String(chars[i..<j])
            let before = String(chars[max(0, i - 12)..<i]).lowercased()
            defer { i = j }
            if token.contains(".") {
                if PythonProfile.named(token) != nil || token.hasPrefix("3.") { continue }
                out.append(token)
                continue
            }
            guard let n = Int(token.replacingOccurrences(of: ",", with: "")) else { continue }
            if before.hasSuffix("line ") || before.hasSuffix("lines ") {
                if n < 1 || n > lines { out.append(token + " (the scenario has \(lines) lines)") }
                continue
            }
            if before.hasSuffix("lesson ") || before.hasSuffix("python ") || before.hasSuffix("generation ") || before.hasSuffix("gen-") { continue }
            if !backed.contains(n) { out.append(token) }
        }
        return out
    }

    /// Things a hint names that do not exist: backticked keys or code not in the scenario,
    /// NAMES_WITH_UNDERSCORES that are not its constants, panes that do not exist.
    static func unknownNames(in hint: String, toggles: [Toggle], sourceLines: [String], source: String) -> [String] {
        var bad: [String] = []
        let parts = hint.split(separator: "`", omittingEmptySubsequences: false)
        for (i, p) in parts.enumerated() where i % 2 == 1 {
            let s = String(p)
            if keys.contains(s) || source.contains(s) { continue }
            bad.append("`\(s)`, which is neither a key nor in the scenario's source")
        }
        let constantNames = Set(sourceLines.compactMap { l -> String? in
            guard let n = l.split(separator: "=").first?.trimmingCharacters(in: .whitespaces),
                  !l.hasPrefix(" "), n.allSatisfy({ $0.isUppercase || $0.isNumber || $0 == "_" }), !n.isEmpty else { return nil }
            return n
        }).union(toggles.map(\.name))
        let words = hint.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") })
        for w in words where w.contains("_") && w.allSatisfy({ $0.isUppercase || $0.isNumber || $0 == "_" }) && w.first!.isLetter {
            if !constantNames.contains(String(w)) { bad.append("\(w), which the scenario does not declare (its constants: \(constantNames.sorted().joined(separator: ", ")))") }
        }
        // "the Xyz pane": a capitalised name before "pane" must be a pane.
        let tokens = hint.split(whereSeparator: { $0 == " " }).map { $0.trimmingCharacters(in: CharacterSet.letters.inverted) }
        for (i, w) in tokens.enumerated() where i > 0 && (w == "pane" || w == "panes") {
            let name = tokens[i - 1]
            if let f = name.first, f.isUppercase, !panes.contains(name) {
                bad.append("the \(name) pane, which does not exist (panes: \(panes.joined(separator: ", ")))")
            }
        }
        return bad
    }
}
