// The question box of playback, follow-along and export: a recorded prompt, or a lesson's
// prediction (format version 2), answered locally with 1-9. A wrong answer to a prediction
// also gets the misconception that choice reveals, as in the lesson itself.
import GCTrapCore
import GCTrapUI

struct QuestionBox: Equatable {
    /// The event it comes from (index into the player's events).
    let event: Int
    let prompt: Prompt
    /// A prediction's misconception per choice ("" for the right one); empty for a prompt.
    let misconceptions: [String]
    /// The viewer's answer, once given.
    var answer: Int?

    init?(_ kind: SessionEventKind, event: Int) {
        guard let p = kind.asPrompt else { return nil }
        self.event = event
        prompt = p
        if case .lesson(.predict(let pr)) = kind { misconceptions = pr.misconceptions } else { misconceptions = [] }
    }

    enum Outcome { case answered, closed, ignored }

    /// `1`-`9` answers (once); Enter, space or Esc closes the box.
    mutating func key(_ key: Key) -> Outcome {
        if answer == nil, case .char(let c) = key, let d = Int(String(c)), d >= 1, d <= prompt.choices.count {
            answer = d - 1
            return .answered
        }
        if key == .enter || key == .char(" ") || key == .escape { return .closed }
        return .ignored
    }

    /// The box's lines. `then` is what Enter does ("continues", "closes"); `showAnswer`
    /// marks the answer without one given (an exported frame).
    func lines(glyphs: Glyphs, then: String, showAnswer: Bool = false) -> [(String, ColorRole)] {
        let pr = prompt
        let ok = glyphs.isASCII ? "> " : "✓ ", no = glyphs.isASCII ? "x " : "✗ "
        let known = answer != nil || showAnswer
        var lines: [(String, ColorRole)] = [(pr.question, .title), ("", .normal)]
        for (i, c) in pr.choices.enumerated() {
            let mark = known && i == pr.answer ? ok : (i == answer ? no : "  ")
            lines.append(("\(mark)\(i + 1)) \(c)", known && i == pr.answer ? .reachable : .normal))
        }
        if let a = answer {
            lines.append(("", .normal))
            lines.append((a == pr.answer ? "Right." : "Not quite: the answer is \(pr.answer + 1).", a == pr.answer ? .reachable : .warning))
            if a != pr.answer, a < misconceptions.count, !misconceptions[a].isEmpty {
                lines.append(("Why \(a + 1) is tempting: " + misconceptions[a], .warning))
            }
            if !pr.explanation.isEmpty { lines.append((pr.explanation, .normal)) }
            lines.append(("Enter \(then)", .dim))
        } else if showAnswer {
            if !pr.explanation.isEmpty { lines += [("", .normal), (pr.explanation, .normal)] }
        } else {
            lines.append(("", .normal))
            lines.append(("press 1-\(pr.choices.count) to answer, Enter to \(then == "continues" ? "skip" : "close")", .dim))
        }
        return lines
    }

    func draw(_ grid: inout Grid, glyphs: Glyphs, then: String, showAnswer: Bool = false) {
        drawOverlayBox(&grid, title: "Question", lines: lines(glyphs: glyphs, then: then, showAnswer: showAnswer), glyphs: glyphs)
    }
}
