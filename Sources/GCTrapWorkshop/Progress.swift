// A learner's progress, kept per user in $XDG_STATE_HOME/gctrap/workshop.json (default
// ~/.local/state/gctrap/): which lessons are done, and the best score of each.
import Foundation

public struct WorkshopProgress: Equatable, Codable, Sendable {
    public struct Entry: Equatable, Codable, Sendable {
        public var done: Bool
        /// The best run's score (summed over the lesson's tasks).
        public var best: LessonScore?
        public var completions: Int
    }

    /// By lesson number.
    public var lessons: [String: Entry] = [:]

    public init() {}

    public func entry(_ number: Int) -> Entry? { lessons[String(number)] }

    /// Records a completed run; keeps the better score.
    public mutating func complete(_ number: Int, scores: [LessonScore]) {
        var e = lessons[String(number)] ?? Entry(done: false, best: nil, completions: 0)
        e.done = true
        e.completions += 1
        if let total = LessonScore.total(scores), e.best.map({ total.isBetter(than: $0) }) ?? true { e.best = total }
        lessons[String(number)] = e
    }

    /// The state folder: $XDG_STATE_HOME/gctrap, or ~/.local/state/gctrap.
    public static func folder(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let x = environment["XDG_STATE_HOME"], x.hasPrefix("/") { return x + "/gctrap" }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + "/.local/state/gctrap"
    }

    public static func path(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        folder(environment: environment) + "/workshop.json"
    }

    /// Reads the file; a missing or unreadable file is an empty progress (never an error
    /// that stops a lesson).
    /// A file that is not a progress file (too big, not JSON, nested past JSONDecoder's own
    /// depth limit) is read as no progress, never read whole when over 1 MB.
    public static func load(path: String) -> WorkshopProgress {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size <= 1 << 20, let data = FileManager.default.contents(atPath: path),
              let p = try? JSONDecoder().decode(WorkshopProgress.self, from: data) else { return WorkshopProgress() }
        return p
    }

    /// Writes the file atomically, creating the folder.
    public func save(path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        try enc.encode(self).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}

extension LessonScore {
    /// The scores of a lesson's tasks added up (nil for none).
    public static func total(_ scores: [LessonScore]) -> LessonScore? {
        guard var t = scores.first else { return nil }
        for s in scores.dropFirst() {
            t.hints += s.hints; t.actions += s.actions; t.referenceActions += s.referenceActions
            t.solutionShown = t.solutionShown || s.solutionShown
            if let c = s.cost { t.cost = (t.cost ?? 0) + c }
            if let c = s.referenceCost { t.referenceCost = (t.referenceCost ?? 0) + c }
        }
        return t
    }
}
