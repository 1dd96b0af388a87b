import GCTrapCore

/// The comparison view's own state, beside one investigator `Model` per side (each side's
/// snapshot, speed and run state live there, so the panes draw a side as they draw the
/// investigator).
public struct CompareModel: Equatable, Sendable {
    public static let twoColumnWidth = 160

    public var sides: [Model]
    /// What each side is called on screen ("3.11", "BACK_REFERENCE=False").
    public var labels: [String]
    /// The side that toggles, the Code pane and the narrow layout follow (Tab switches).
    public var focus = 0
    public var criterion: DivergenceCriterion
    public var tracker: DivergenceTracker
    public var width: Int
    public var height: Int
    public var glyphs: Glyphs
    public var helpVisible = false
    /// The room layout (`P`, a facilitator's lesson, `--projector`): CompareProjectorView.
    public var projector = false
    /// One line of feedback ("no divergence after task 1000"), cleared by the next key.
    public var status: String?
    /// Lines scrolled in the Code pane, relative to following the focused side's line.
    public var codeScroll = 0
    public var quitRequested = false

    public init(sides: [Model], labels: [String], criterion: DivergenceCriterion, width: Int, height: Int, glyphs: Glyphs) {
        self.sides = sides
        self.labels = labels
        self.criterion = criterion
        tracker = DivergenceTracker(criterion: criterion, sides: sides.count)
        self.width = width
        self.height = height
        self.glyphs = glyphs
    }

    public var isWide: Bool { width >= CompareModel.twoColumnWidth }
    public var isTooSmall: Bool { width < Model.minimumWidth || height < Model.minimumHeight }
    public var running: Bool { sides.contains { $0.running } }

    /// Each side as the divergence logic sees it, from its snapshot's finished-task rows.
    public var comparisonSides: [ComparisonSide] {
        zip(labels, sides).map { label, m in
            var died: String? = nil
            if case .failed(let why) = m.snapshot.state {
                died = String(why.prefix { $0 != ":" })
            }
            return ComparisonSide(label: label, profile: m.snapshot.profile, rows: m.snapshot.rows, died: died)
        }
    }

    /// The task both sides have finished last (the lockstep position).
    public var alignedTask: Int? {
        let finished = sides.map { $0.snapshot.tasksFinished }
        let k = (finished.max() ?? 0) - 1
        return k >= 0 ? k : nil
    }

    /// Are the sides over (finished, died or stopped)?
    public var allOver: Bool { sides.allSatisfy { isOver($0.snapshot.state) } }
    public var anyOver: Bool { sides.contains { isOver($0.snapshot.state) } }

    /// Brings the divergence list up to date with the rows the sides have now.
    public mutating func track() {
        tracker.advance(comparisonSides, final: anyOver)
    }

    /// Starts the divergence list over (the criterion or a side's toggles changed).
    public mutating func retrack() {
        tracker = DivergenceTracker(criterion: criterion, sides: sides.count)
        track()
    }
}
