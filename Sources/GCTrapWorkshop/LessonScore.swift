// A learner's score on a task, against the reference solution (Learn Git Branching's
// "you solved it in N, the best is M"): hints used, actions taken, and the cost the lesson
// names (e.g. objects scanned) counted over the task.
import GCTrapSession

public struct LessonScore: Equatable, Sendable, Codable {
    public var hints: Int
    public var actions: Int
    public var cost: Int?
    public var solutionShown: Bool
    public var referenceActions: Int
    public var referenceCost: Int?

    public init(hints: Int, actions: Int, cost: Int?, solutionShown: Bool, referenceActions: Int, referenceCost: Int?) {
        self.hints = hints; self.actions = actions; self.cost = cost; self.solutionShown = solutionShown
        self.referenceActions = referenceActions; self.referenceCost = referenceCost
    }

    /// Actions a solution counts as a learner's keys would: speed, play/pause and resizes
    /// are not actions.
    public static func countedActions(_ actions: [SessionAction]) -> Int {
        actions.filter {
            switch $0 {
            case .speed, .pause, .resize: return false
            default: return true
            }
        }.count
    }

    /// Better first: no solution shown, fewer hints, lower cost, fewer actions.
    public func isBetter(than other: LessonScore) -> Bool {
        func key(_ s: LessonScore) -> [Int] { [s.solutionShown ? 1 : 0, s.hints, s.cost ?? 0, s.actions] }
        return key(self).lexicographicallyPrecedes(key(other))
    }

    /// Stars out of 3: one for no solution shown, one for no hints, one for matching the
    /// reference on actions and cost.
    public var stars: Int {
        if solutionShown { return 0 }
        var s = 1
        if hints == 0 { s += 1 }
        if actions <= referenceActions && (cost ?? 0) <= (referenceCost ?? cost ?? 0) { s += 1 }
        return s
    }
}
