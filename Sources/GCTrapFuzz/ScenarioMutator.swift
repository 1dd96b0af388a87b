// Hostile scenarios, generated from a seed (issue 12): the kinds of program that once
// crashed or hung the simulator — boundary integers, repetition and range extremes, deep
// nesting, recursion through special methods, finalizer chains and loops, allocation
// doubling — alone, combined, inside functions and task loops, and then mutated line by
// line. The same seed gives the same program on every machine.
import GCTrapCore

public enum ScenarioMutator {
    /// The integers around the 64-bit edges, as Python source (gctrap has no `**`).
    static let boundaryInts = [
        "9223372036854775807", "-9223372036854775807 - 1", "-9223372036854775807", "4611686018427387904",
        "3037000500", "-3037000500", "9223372036854775806", "0", "1", "-1", "2", "-2", "1000000", "256", "257", "-5", "-6",
    ]

    static let sizes = ["0", "1", "3", "1000", "100000", "10000000", "4611686018427387904", "9223372036854775807",
                        "2305843009213693952", "1152921504606846976", "-1"]

    /// One hostile fragment (top-level statements, no leading indentation).
    static func kernel(_ rng: inout SplitMix64) -> String {
        func pick(_ xs: [String]) -> String { xs[rng.below(xs.count)] }
        let n = pick(["3", "50", "999", "1000", "1001", "5000", "200000"])
        switch rng.below(16) {
        case 0:
            let op = pick(["+", "-", "*", "//", "%"])
            return "x = \(pick(boundaryInts))\ny = \(pick(boundaryInts))\nprint(x \(op) y)\nx \(op)= y\nprint(-x, abs(x))\n"
        case 1:
            return "print(sum([\(pick(boundaryInts)), \(pick(boundaryInts)), \(pick(boundaryInts))]))\nprint(abs(\(pick(boundaryInts))))\nprint(int(\"\(pick(["99999999999999999999", "-9223372036854775808", "9223372036854775807", "12"]))\"))\n"
        case 2:
            let start = pick(boundaryInts), stop = pick(boundaryInts), step = pick(["1", "-1", "2", "-2", "3037000500", "9223372036854775807", "-9223372036854775807 - 1"])
            return "r = range(\(start), \(stop), \(step))\nprint(len(r))\nk = 0\nfor i in r:\n    k += 1\n    if k > 5:\n        break\nprint(k, \(start) in r)\nprint(list(range(\(start), \(stop), \(step)))[:0] if False else 0)\n"
        case 3:
            let seq = pick(["\"ab\"", "[0]", "(1,)", "[1, 2, 3]", "\"\"", "[]", "\"x\" * 1000"])
            return "x = \(seq) * \(pick(sizes))\nprint(len(x))\n"
        case 4:
            let kind = pick(["[a]", "(a,)", "[a, a]", "{1: a}"])
            return "a = []\nfor i in range(\(n)):\n    a = \(kind)\nb = []\nfor i in range(\(n)):\n    b = \(kind.replacingOccurrences(of: "a", with: "b"))\nprint(a == b)\nprint(a != b)\nprint(len(repr(a)))\nprint(a in [b])\n"
        case 5:
            return "a = [1]\nb = [2]\nfor i in range(\(n)):\n    a = [a]\n    b = [b]\nprint(a < b)\nprint(max(a, b) is a)\n"
        case 6:
            let method = pick(["__str__", "__str__"])
            let body = pick(["return str(self)", "return str(self) + \"x\"", "return str([self])", "return 'ok %d' if False else str(B())"])
            return "class B:\n    def \(method)(self):\n        \(body)\n\nclass A:\n    def \(method)(self):\n        return str(B())\n\nprint(str(A()))\n"
        case 7:
            return "class E(Exception):\n    def __init__(self):\n        raise E()\n\ntry:\n    raise E()\nexcept RecursionError as e:\n    print('recursion', e)\nraise E()\n"
        case 8:
            return "class A:\n    def __del__(self):\n        A()\n\nA()\nprint('after')\n"
        case 9:
            return "class Node:\n    def __init__(self, nxt):\n        self.nxt = nxt\n    def __del__(self):\n        x = [self] * 10\n\nhead = None\nfor i in range(\(n)):\n    head = Node(head)\nhead = None\nprint('freed')\n"
        case 10:
            return "keep = []\nclass R:\n    def __del__(self):\n        keep.append(self)\n        R()\n\nR()\nprint(len(keep))\n"
        case 11:
            return pick([
                "x = [1]\nfor i in range(70):\n    x = x + x\nprint(len(x))\n",
                "s = \"a\"\nwhile True:\n    s = s + s\n",
                "l = [0]\nfor i in range(70):\n    l.extend(l)\nprint(len(l))\n",
                "l = [\"a\"]\nfor i in range(70):\n    l = l * 2\n    s = \"\".join(l)\nprint(len(s))\n",
                "t = (1,)\nwhile True:\n    t = t + t\n",
                "d = {}\ni = 0\nwhile True:\n    d[i] = [i] * 100\n    i += 1\n",
                "l = []\nwhile True:\n    l.append(\"x\" * 10000)\n",
                "l = []\nwhile True:\n    l.append(l)\n",
                "s = \"ab\"\nfor i in range(70):\n    s = s * 2\nprint(len(s))\n",
            ])
        case 12:
            return "def f(n):\n    return f(n + 1)\n\nf(0)\n"
        case 13:
            return "def g(n):\n    if n == 0:\n        return 0\n    return g(n - 1) + 1\n\nprint(g(\(n)))\n"
        case 14:
            return "x = \(pick(boundaryInts))\nl = [1, 2, 3]\nprint(l[x % 3])\nprint(l * (x % 4))\nprint(x // \(pick(["-1", "1", "3", "-3", "7"])), x % \(pick(["-1", "1", "3", "-3", "7"])))\n"
        default:
            return "import gc\nclass C:\n    def __init__(self):\n        self.me = self\n    def __del__(self):\n        C()\n\nfor i in range(\(n)):\n    C()\ngc.collect()\nprint(gc.get_count())\n"
        }
    }

    /// Indents every line of `text` by `spaces`.
    static func indent(_ text: String, _ spaces: Int) -> String {
        let pad = String(repeating: " ", count: spaces)
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "" : pad + $0 }.joined(separator: "\n")
    }

    /// A program for `seed`: deterministic.
    public static func program(seed: UInt64) -> String {
        var rng = SplitMix64(seed: seed ^ 0x7363_656e_6172_696f)
        var parts: [String] = []
        switch rng.below(4) {
        case 0:
            // A shipped scenario with a small task count and a hostile fragment after it.
            let base = EmbeddedScenarios.all[rng.below(EmbeddedScenarios.all.count)].source
            parts.append(shrinkTasks(base))
        case 1:
            // A fragment inside a function called from a task loop.
            parts.append("import gctrap\n\ndef work():\n" + indent(kernel(&rng), 4) + "\n\nfor t in gctrap.tasks(\(1 + rng.below(4))):\n    work()\n")
        default:
            break
        }
        for _ in 0...rng.below(3) { parts.append(kernel(&rng)) }
        var lines = parts.joined(separator: "\n").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for _ in 0..<rng.below(4) { mutate(&lines, &rng) }
        return lines.joined(separator: "\n") + "\n"
    }

    static func shrinkTasks(_ source: String) -> String {
        source.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            line.hasPrefix("TASKS = ") ? "TASKS = 50" : String(line)
        }.joined(separator: "\n")
    }

    /// One line-level mutation: the kinds of edit that keep a program mostly valid.
    static func mutate(_ lines: inout [String], _ rng: inout SplitMix64) {
        guard !lines.isEmpty else { return }
        let i = rng.below(lines.count)
        switch rng.below(6) {
        case 0:
            lines.insert(lines[i], at: i)
        case 1:
            lines.remove(at: i)
        case 2:
            if i + 1 < lines.count { lines.swapAt(i, i + 1) }
        case 3:
            // An integer literal becomes a boundary value.
            var out = ""
            var replaced = false
            var digits = ""
            for ch in lines[i] + " " {
                if ch.isNumber && ch.isASCII { digits.append(ch); continue }
                if !digits.isEmpty {
                    out += replaced ? digits : boundaryInts[rng.below(boundaryInts.count)]
                    replaced = true
                    digits = ""
                }
                out.append(ch)
            }
            lines[i] = String(out.dropLast())
        case 4:
            // A fragment at the indentation of the line it lands before.
            let indentWidth = lines[i].prefix(while: { $0 == " " }).count
            lines.insert(indent(kernel(&rng), indentWidth), at: i)
        default:
            lines[i] = String(lines[i].prefix(rng.below(lines[i].count + 1)))
        }
    }
}
