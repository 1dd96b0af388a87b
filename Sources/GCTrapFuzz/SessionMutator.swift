// Hostile sessions, generated from a seed (issue 12): a header whose scenario may be a
// hostile program, actions that ask for many tasks, restarts and steps back in bulk,
// then byte- and line-level damage (cuts, flips, duplicated and swapped lines, tokens
// dropped in). Deterministic: the same seed gives the same bytes.
import GCTrapCore
import GCTrapSession
import GCTrapUI

public enum SessionMutator {
    static let tinySource = """
    import db
    import gctrap

    BACK_REFERENCE = True
    EXPLICIT_RELEASE = False
    TASKS = 40

    class Agent:
        def __init__(self, n):
            self.n = n
            self.conn = db.connect()
            if BACK_REFERENCE:
                self.me = self

    for i in gctrap.tasks(TASKS):
        a = Agent(i)
        if EXPLICIT_RELEASE:
            a.conn.close()
    """

    static let tokens: [String] = [
        "0", "-1", "1e308", "99999999999999999999", "10000000", "9223372036854775807", "true", "null", "\"\"", "[]", "{}",
        "\"max\"", "\"step\"", "\"run\"", "\"toggle\"", "\"view\"", "\"key Tab\"", "\"back\"", "\"restart\"", "\"\\u001b[2J\"",
        "\"\\u202e\"", "\"action\"", "\"marker\"", "\"prompt\"", "\"caption\"", "\"t\"", "\"version\"", ",", ":", "\"", "\\",
    ]

    static func action(_ rng: inout SplitMix64) -> SessionAction {
        switch rng.below(14) {
        case 0, 1: return .step
        case 2: return .next
        case 3: return .finishTask
        case 4: return .run(tasks: [1, 5, 50, 1000, 100_000, 1_000_000, 10_000_000][rng.below(7)])
        case 5: return .back
        case 6: return .backTask
        case 7: return .restart
        case 8: return .collect
        case 9: return .toggle(index: rng.below(2), name: nil, value: rng.below(2) == 0)
        case 10: return .view(.key([.tab, .down, .enter, .pageDown, .char("j")][rng.below(5)]))
        case 11: return .speed([1, 10, 100][rng.below(3)])
        case 12: return rng.below(2) == 0 ? .play : .pause
        default: return .resize(cols: 1 + rng.below(300), rows: 1 + rng.below(100))
        }
    }

    /// A session file for `seed`: deterministic bytes.
    public static func session(seed: UInt64) -> [UInt8] {
        var rng = SplitMix64(seed: seed ^ 0x7365_7373_696f_6e73)
        // A third of the sessions carry a hostile program as their scenario.
        let hostile = rng.below(3) == 0
        let source = hostile ? ScenarioMutator.program(seed: rng.next()) : tinySource
        let header = SessionHeader(title: "fuzz \(seed)", created: "2026-01-01T00:00:00Z", scenarioName: "fuzz",
                                   scenarioSource: source, python: ["3.11", "3.12", "3.13"][rng.below(3)],
                                   toggles: hostile ? [] : [("BACK_REFERENCE", rng.below(2) == 0), ("EXPLICIT_RELEASE", false)],
                                   cols: 100, rows: 30)
        var lines = [header.jsonLine]
        var t = 0.0
        let count = 1 + rng.below(40)
        for _ in 0..<count {
            t += Double(rng.below(2000)) / 1000
            switch rng.below(12) {
            case 0: lines.append(SessionEvent(t: t, .marker("m\(rng.below(100))")).jsonLine)
            case 1: lines.append(SessionEvent(t: t, .caption("caption \u{202E}\(rng.below(100))")).jsonLine)
            default: lines.append(SessionEvent(t: t, .action(action(&rng))).jsonLine)
            }
        }
        var bytes = Array((lines.joined(separator: "\n") + "\n").utf8)
        for _ in 0..<rng.below(4) { damage(&bytes, &rng) }
        return bytes
    }

    static func damage(_ b: inout [UInt8], _ rng: inout SplitMix64) {
        guard !b.isEmpty else { b = Array("{}".utf8); return }
        let pos = rng.below(b.count)
        func split() -> [[UInt8]] { b.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init) }
        func join(_ l: [[UInt8]]) -> [UInt8] { Array(l.joined(separator: [0x0A])) }
        switch rng.below(9) {
        case 0: b[pos] ^= UInt8(truncatingIfNeeded: 1 << rng.below(8))
        case 1: b[pos] = UInt8(truncatingIfNeeded: rng.next())
        case 2: b.removeSubrange(max(pos, b.count / 2)...)   // a cut, mostly after the header
        case 3, 4:
            let at = max(pos, min(b.count - 1, b.count / 2 + pos / 2))
            let token = Array(tokens[rng.below(tokens.count)].utf8)
            b.replaceSubrange(at..<min(b.count, at + rng.below(6)), with: token)
        case 5:
            var l = split()
            l.remove(at: rng.below(l.count))
            b = join(l)
        case 6:
            var l = split()
            let i = rng.below(l.count)
            for _ in 0..<(1 + rng.below(50)) { l.insert(l[i], at: i) }
            b = join(l)
        case 7:
            var l = split()
            let i = rng.below(l.count), j = rng.below(l.count)
            l.swapAt(i, j)
            b = join(l)
        default:
            // A line cut short in the middle, the rest appended after it (a disk full for a moment).
            var l = split()
            let i = rng.below(l.count)
            l[i] = Array(l[i].prefix(rng.below(l[i].count + 1)))
            b = join(l)
        }
    }
}
