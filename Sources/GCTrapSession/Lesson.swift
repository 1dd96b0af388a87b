// Workshop lessons in the session format (version 2, docs/lessons.md): a lesson is a session
// whose header says which lesson it is and whose events add predictions, tasks with goals,
// and checked claims to the captions and actions of version 1.

/// The header's `lesson` object: what the workshop menu shows.
public struct LessonInfo: Equatable, Sendable {
    public var number: Int
    public var minutes: Int
    /// One line: what the lesson teaches.
    public var teaches: String
    /// The real case it is built on (a row of the cases list, with its links).
    public var realCase: String
    /// Core lessons make the 90-minute workshop; extras follow them.
    public var extra: Bool

    public init(number: Int, minutes: Int, teaches: String, realCase: String, extra: Bool = false) {
        self.number = number; self.minutes = minutes; self.teaches = teaches; self.realCase = realCase; self.extra = extra
    }
}

/// A value a measure takes: a number, a word ("TooManyConnections", "leaked"), a boolean
/// (a toggle), or none (no error, nothing inspected).
public enum LessonValue: Equatable, Sendable, CustomStringConvertible {
    case int(Int)
    case text(String)
    case bool(Bool)
    case none

    public var description: String {
        switch self {
        case .int(let i): return String(i)
        case .text(let s): return s
        case .bool(let b): return b ? "True" : "False"
        case .none: return "none"
        }
    }
}

/// What a measure must be: exactly a value, or within bounds (numbers only).
public enum Expectation: Equatable, Sendable, CustomStringConvertible {
    case equals(LessonValue)
    case between(atLeast: Int?, atMost: Int?)

    public func holds(_ v: LessonValue) -> Bool {
        switch self {
        case .equals(let want): return v == want
        case .between(let lo, let hi):
            guard case .int(let n) = v else { return false }
            return (lo.map { n >= $0 } ?? true) && (hi.map { n <= $0 } ?? true)
        }
    }

    public var description: String {
        switch self {
        case .equals(let v): return "is \(v)"
        case .between(let lo?, let hi?): return lo == hi ? "is \(lo)" : "is from \(lo) to \(hi)"
        case .between(let lo?, nil): return "is at least \(lo)"
        case .between(nil, let hi?): return "is at most \(hi)"
        case .between(nil, nil): return "is anything"
        }
    }
}

/// One condition of a goal: `measure` (a name from docs/lessons.md, or a toggle's name)
/// meets `expect`.
public struct Condition: Equatable, Sendable {
    public var measure: String
    public var expect: Expectation
    public init(_ measure: String, _ expect: Expectation) { self.measure = measure; self.expect = expect }
}

/// Predict, then run: a question whose answer the simulation gives. The learner picks a
/// choice, is told why (each wrong choice names the misconception it reveals), then the
/// `reveal` actions run on screen and `measure` shows the simulation's answer, which must
/// be `values[answer]` (checked by `gctrap lesson check`).
public struct Predict: Equatable, Sendable {
    public var question: String
    public var choices: [String]
    public var answer: Int
    /// One per choice; the right choice's is empty.
    public var misconceptions: [String]
    public var explanation: String
    public var reveal: [SessionAction]
    public var measure: String
    /// What `measure` would be if each choice were right.
    public var values: [Expectation]

    public init(question: String, choices: [String], answer: Int, misconceptions: [String], explanation: String,
                reveal: [SessionAction], measure: String, values: [Expectation]) {
        self.question = question; self.choices = choices; self.answer = answer; self.misconceptions = misconceptions
        self.explanation = explanation; self.reveal = reveal; self.measure = measure; self.values = values
    }

    /// The version-1 prompt a player without lesson support shows.
    public var prompt: Prompt {
        Prompt(question: question, choices: choices, answer: answer, explanation: explanation)
    }
}

/// Something to do in the investigator, with a goal checked after every action.
public struct LessonTask: Equatable, Sendable {
    public var text: String
    public var goal: [Condition]
    /// In the order `h` gives them: which toggle, which line, the fix.
    public var hints: [String]
    /// The reference solution: actions from the task's start that reach the goal.
    public var solution: [SessionAction]
    /// What the success panel says.
    public var takeaway: String
    /// The measure the score's cost is counted in (its growth during the task), if any.
    public var cost: String?

    public init(text: String, goal: [Condition], hints: [String], solution: [SessionAction], takeaway: String,
                cost: String? = nil) {
        self.text = text; self.goal = goal; self.hints = hints; self.solution = solution
        self.takeaway = takeaway; self.cost = cost
    }
}

/// A claim the lesson's text makes ("a collection every 140 tasks"), checked against the
/// simulation: from this point, after `after`, `measure` meets `expect`. Learners do not see it.
public struct Check: Equatable, Sendable {
    public var measure: String
    public var expect: Expectation
    public var after: [SessionAction]
    public init(measure: String, expect: Expectation, after: [SessionAction] = []) {
        self.measure = measure; self.expect = expect; self.after = after
    }
}

public enum LessonEvent: Equatable, Sendable {
    case predict(Predict)
    case task(LessonTask)
    case check(Check)
}

extension SessionEventKind {
    /// The question a player shows: a prompt, or a lesson's prediction.
    public var asPrompt: Prompt? {
        switch self {
        case .prompt(let p): return p
        case .lesson(.predict(let p)): return p.prompt
        default: return nil
        }
    }
}
