// The investigator's panes.

public enum Pane: Int, CaseIterable, Hashable, Sendable {
    case code, scopes, objects, connections, gc

    /// The word in the pane's border; users and tests find panes by it.
    public var title: String {
        switch self {
        case .code: return "Code"
        case .scopes: return "Scopes"
        case .objects: return "Objects"
        case .connections: return "Connections"
        case .gc: return "GC"
        }
    }

    public var next: Pane { Pane(rawValue: (rawValue + 1) % Pane.allCases.count)! }
    public var previous: Pane {
        Pane(rawValue: (rawValue + Pane.allCases.count - 1) % Pane.allCases.count)!
    }
}

/// One pane's content: the title in its border, how many rows it scrolls or selects
/// through, and how it draws into the inside of its box. `view` and scrolling loop over
/// `Pane.allCases` through this; a pane that shows a list of lines needs only the three
/// and gets plain scrolling (offset in `Model.scroll`, clamped to its content). Panes with
/// a selection or a follow position (Code, Objects, Connections) override `scroll`/`clamp`.
///
/// Adding a pane: a case in `Pane` (with its word and its content below), its rectangle in
/// `Layout`, and a file with its `PaneContent`.
protocol PaneContent {
    static var pane: Pane { get }
    /// The title in the pane's border ("GC · enabled").
    static func title(_ model: Model) -> String
    /// What the pane's marks mean, in a few words for its border when there is room (the
    /// legend, `?`, has them all); empty for none.
    static func hint(_ model: Model) -> String
    /// Rows of content at this width: what the pane scrolls or selects through.
    static func contentHeight(_ model: Model, width: Int) -> Int
    /// Draw the content into `r`, the inside of the pane's box.
    static func draw(_ model: Model, into grid: inout Grid, _ r: Rect)
    /// Move by `delta` rows (keys, wheel).
    static func scroll(_ m: inout Model, by delta: Int)
    /// Keep the pane's offsets within its content, `inner` being the inside of its box.
    static func clamp(_ m: inout Model, inner: Rect)
}

extension PaneContent {
    static func hint(_ model: Model) -> String { "" }

    static func scroll(_ m: inout Model, by delta: Int) {
        m.scroll[pane.rawValue] += delta
    }

    static func clamp(_ m: inout Model, inner: Rect) {
        let rows = contentHeight(m, width: inner.width)
        m.scroll[pane.rawValue] = min(max(0, m.scroll(pane)), max(0, rows - max(1, inner.height)))
    }
}

extension Pane {
    var content: any PaneContent.Type {
        switch self {
        case .code: return CodePane.self
        case .scopes: return ScopesPane.self
        case .objects: return ObjectsPane.self
        case .connections: return ConnectionsPane.self
        case .gc: return GCPane.self
        }
    }
}
