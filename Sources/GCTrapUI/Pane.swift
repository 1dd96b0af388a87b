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
