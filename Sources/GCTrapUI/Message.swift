// Every input the app reacts to is a message, so a session can be recorded as the initial
// model plus the list of messages and replayed by folding `update` again.

public enum Key: Hashable, Sendable {
    case char(Character)
    case enter, tab, backTab, escape, backspace
    case up, down, left, right, pageUp, pageDown, home, end
    case shiftLeft, shiftRight  // asciinema's player: seek by 10%
    case ctrl(Character)      // ctrl("c") for Ctrl-C when the terminal delivers it as a key
    case function(Int)
}

public enum MouseButton: String, Hashable, Sendable {
    case left, middle, right, wheelUp, wheelDown
}

public enum Message: Hashable, Sendable {
    case key(Key)
    /// A timer tick (the terminal sends `Model.tickRate` of them per second while idle).
    case tick
    case resize(width: Int, height: Int)
    case mouse(x: Int, y: Int, button: MouseButton)
}

// A one-line text form of messages ("key s", "key Tab", "tick", "resize 120 40",
// "mouse 12 1 left") for recordings and test scripts.
extension Key: CustomStringConvertible {
    private static let names: [(Key, String)] = [
        (.enter, "Enter"), (.tab, "Tab"), (.backTab, "BackTab"), (.escape, "Esc"),
        (.backspace, "Backspace"), (.up, "Up"), (.down, "Down"), (.left, "Left"),
        (.right, "Right"), (.shiftLeft, "S-Left"), (.shiftRight, "S-Right"), (.pageUp, "PgUp"), (.pageDown, "PgDn"), (.home, "Home"), (.end, "End"),
    ]

    public var description: String {
        switch self {
        case .char(" "): return "Space"
        case .char(let c): return String(c)
        case .ctrl(let c): return "Ctrl-\(c)"
        case .function(let n): return "F\(n)"
        default: return Key.names.first { $0.0 == self }!.1
        }
    }

    public init?(_ text: String) {
        if let named = Key.names.first(where: { $0.1 == text }) { self = named.0; return }
        if text == "Space" { self = .char(" "); return }
        if text.hasPrefix("Ctrl-"), text.count == 6, let c = text.last { self = .ctrl(c); return }
        if text.hasPrefix("F"), text.count > 1, let n = Int(text.dropFirst()) { self = .function(n); return }
        if text.count == 1, let c = text.first { self = .char(c); return }
        return nil
    }
}

extension Message: CustomStringConvertible {
    public var description: String {
        switch self {
        case .key(let k): return "key \(k)"
        case .tick: return "tick"
        case .resize(let w, let h): return "resize \(w) \(h)"
        case .mouse(let x, let y, let b): return "mouse \(x) \(y) \(b.rawValue)"
        }
    }

    public init?(_ text: String) {
        let parts = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard let head = parts.first else { return nil }
        switch (head, parts.count) {
        case ("tick", 1): self = .tick
        case ("key", 2):
            guard let k = Key(parts[1]) else { return nil }
            self = .key(k)
        case ("resize", 3):
            guard let w = Int(parts[1]), let h = Int(parts[2]) else { return nil }
            self = .resize(width: w, height: h)
        case ("mouse", 4):
            guard let x = Int(parts[1]), let y = Int(parts[2]), let b = MouseButton(rawValue: parts[3])
            else { return nil }
            self = .mouse(x: x, y: y, button: b)
        default: return nil
        }
    }
}
