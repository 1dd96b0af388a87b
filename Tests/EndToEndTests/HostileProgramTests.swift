import Foundation
import GCTrapFuzz
import XCTest

/// Issue 12's crashers, each a program that once ended gctrap by a signal or ran forever:
/// now each exits 0, 1 or 2 with CPython's exception or gctrap's message, well within the
/// time-out (a guard, not a measurement).
final class HostileProgramTests: EndToEndCase {
    func runProgram(_ source: String, _ extra: [String] = [], file: StaticString = #filePath, line: UInt = #line) throws -> Binary.Result {
        let path = try write("p.py", source)
        let r = Binary.run(binary, ["run", path] + extra, cwd: tmp, timeout: 60)
        XCTAssertFalse(r.timedOut, "did not finish:\n\(source)", file: file, line: line)
        XCTAssertTrue((0...2).contains(r.status), "status \(r.status):\n\(source)\n\(r.stderr)", file: file, line: line)
        return r
    }

    func assertStops(_ source: String, status: Int32 = 1, _ stderrEnd: String, _ extra: [String] = [],
                     file: StaticString = #filePath, line: UInt = #line) throws {
        let r = try runProgram(source, extra, file: file, line: line)
        XCTAssertEqual(r.status, status, r.stderr, file: file, line: line)
        XCTAssertTrue(r.stderr.hasSuffix(stderrEnd), "stderr ends:\n\(r.stderr.suffix(400))\nexpected:\n\(stderrEnd)", file: file, line: line)
    }

    static let beyond = "gctrap: integer beyond 64 bits: gctrap models ints up to 2**63 - 1"

    func testIntegersPastSixtyFourBitsStopWithAMessageNamingTheLine() throws {
        try assertStops("x = -9223372036854775807 - 1\nprint(-x)\n", "\(Self.beyond) (line 2)\n")
        try assertStops("print(abs(-9223372036854775807 - 1))\n", "\(Self.beyond) (line 1)\n")
        try assertStops("print((-9223372036854775807 - 1) // -1)\n", "\(Self.beyond) (line 1)\n")
        try assertStops("print(sum([9223372036854775807, 1]))\n", "\(Self.beyond) (line 1)\n")
        try assertStops("x = 9223372036854775807\nx += 1\n", "\(Self.beyond) (line 2)\n")
        try assertStops("print(int('99999999999999999999'))\n", "\(Self.beyond) (line 1)\n")
    }

    func testArithmeticAtTheEdgesMatchesPython() throws {
        // Values CPython computes that fit 64 bits: no stop.
        let r = try runProgram("""
            m = -9223372036854775807 - 1
            print(m % -1, 1 % m, m // 3, m % 3, m // 1, -(m + 1))
            for i in range(9223372036854775806, 9223372036854775807, 2):
                print(i)
            print(len(range(0, 9223372036854775807, 3)))
            """)
        XCTAssertEqual(r.status, 0, r.stderr)
        // python3 -c 'm=-2**63; print(m % -1, 1 % m, m // 3, m % 3, m // 1, -(m + 1)); ...'
        XCTAssertTrue(r.stdout.hasPrefix("""
            0 -9223372036854775807 -3074457345618258603 1 -9223372036854775808 9223372036854775807
            9223372036854775806
            3074457345618258603

            """), r.stdout)
    }

    func testMembershipInRangesSpanningTheSixtyFourBitEdgesMatchesPython() throws {
        // Found by scripts/fuzz (seeds 24, 95): `-1 in range(-1, -3037000500, -2**63)` trapped
        // negating the step.
        let r = try runProgram("""
            m = -9223372036854775807 - 1
            r = range(-1, -3037000500, m)
            print(-1 in r, -2 in r, m in r)
            r = range(m, 9223372036854775807, 3)
            print(4611686018427387904 in r, 4611686018427387903 in r, m in r, 9223372036854775806 in r)
            r = range(9223372036854775807, m, -5)
            print(m + 2 in r, m + 3 in r, 9223372036854775807 in r)
            """)
        XCTAssertEqual(r.status, 0, r.stderr)
        // python3 on the same program
        XCTAssertTrue(r.stdout.hasPrefix("True False False\nTrue False True False\nFalse False True\n"), r.stdout)
    }

    func testAComparisonThatWouldNeverEndStopsAtTheBudget() throws {
        // Found by scripts/fuzz (session seed 683): a list holding the same sublist twice, 60
        // deep, makes == compare 2**60 pairs (CPython does not return either).
        let program = """
            a = []
            b = []
            for i in range(60):
                a = [a, a]
                b = [b, b]
            print(a == b)
            """
        try assertStops(program, "gctrap: stopped inside one comparison (==, in) after 100,000 pairs of objects (nested containers that share their parts: CPython would not finish either) (line 6)\n",
                        ["--python", "3.13", "--max-steps", "100000"])
        // Shallow equal structures compare as CPython does, sets and dicts by hash.
        let r = try runProgram("""
            a = []
            b = []
            for i in range(10):
                a = [a, a]
                b = [b, b]
            s = set(range(100000))
            d = {i: i for i in range(100000)}
            print(a == b, s == set(range(99999, -1, -1)), d == {i: i for i in range(99999, -1, -1)}, s == {1}, d == {1: 1})
            """, ["--max-steps", "100000"])
        XCTAssertEqual(r.stdout.components(separatedBy: "\n").first, "True True True False False", r.stderr)
    }

    func testRepetitionAndRangeLengthsRaiseAsCPythonDoes() throws {
        try assertStops("print(len(range(-9223372036854775807 - 1, 9223372036854775807)))\n",
                        "OverflowError: Python int too large to convert to C ssize_t\n")
        try assertStops("x = 'ab' * 4611686018427387904\n", "OverflowError: repeated string is too long\n")
        try assertStops("x = [0] * 4611686018427387904\n", "MemoryError\n")
        try assertStops("x = [0] * 1000000000\n", "MemoryError\n")
        // Caught like any exception.
        let caught = try runProgram("try:\n    x = [0, 1] * 4611686018427387904\nexcept MemoryError:\n    print('caught')\n")
        XCTAssertEqual(caught.status, 0, caught.stderr)
        XCTAssertTrue(caught.stdout.hasPrefix("caught\n"), caught.stdout)
    }

    func testMemoryBombsRaiseMemoryErrorWithTheirRow() throws {
        // At the default budget (128 MiB modelled).
        try assertStops("s = 'a'\nwhile True:\n    s = s + s\n", "    s = s + s\nMemoryError\n")
        // The rest with a smaller budget, so a debug build gets there quickly; scripts/fuzz
        // runs them at the default one.
        let small = ["--max-memory", "8M"]
        try assertStops("x = [1]\nfor i in range(64):\n    x = x + x\n", "    x = x + x\nMemoryError\n", small)
        try assertStops("l = [0]\nfor i in range(64):\n    l.extend(l)\n", "    l.extend(l)\nMemoryError\n", small)
        try assertStops("l = ['ab'] * 1000\nwhile True:\n    l = l + l\n    s = ''.join(l)\n", "MemoryError\n", small)
        try assertStops("l = []\nwhile True:\n    l.append('x' * 100000)\n", "MemoryError\n", small + ["--max-steps", "100000000"])
        // The budget is settable: a small one stops a small program.
        try assertStops("l = [0] * 200000\n", "MemoryError\n", ["--max-memory", "1M"])
        let fits = try runProgram("l = [0] * 200000\nprint(len(l))\n", ["--max-memory", "4M"])
        XCTAssertTrue(fits.stdout.hasPrefix("200000\n"), fits.stdout + fits.stderr)
    }

    func testNativeRecursionRaisesRecursionError() throws {
        try assertStops("class E(Exception):\n    def __init__(self):\n        raise E()\n\nraise E()\n",
                        "RecursionError: maximum recursion depth exceeded\n")
        try assertStops("class A:\n    def __str__(self):\n        return str(self)\n\nprint(str(A()))\n",
                        "RecursionError: maximum recursion depth exceeded while getting the str of an object\n")
        let deep = "a = []\nb = []\nfor i in range(100000):\n    a = [a]\n    b = [b]\n"
        try assertStops(deep + "print(a == b)\n", "RecursionError: maximum recursion depth exceeded in comparison\n")
        try assertStops(deep + "print(a < b)\n", "RecursionError: maximum recursion depth exceeded in comparison\n")
        // Exceptions nested in exceptions: repr and str walk them without native recursion;
        // an uncaught one ends its traceback as CPython's does.
        let chain = "e = Exception('x')\nfor i in range(100000):\n    e = Exception(e)\n"
        try assertStops(chain + "print(repr(e))\n", "RecursionError: maximum recursion depth exceeded while getting the repr of an object\n")
        try assertStops(chain + "print(e)\n", "RecursionError: maximum recursion depth exceeded while getting the str of an object\n")
        try assertStops(chain + "raise e\n", "    raise e\nException: <exception str() failed>\n")
        try assertStops("t = int\nfor i in range(100000):\n    t = (t,)\nprint(isinstance(1, t))\n",
                        "RecursionError: maximum recursion depth exceeded in __instancecheck__\n")
        // A repr longer than the memory budget: MemoryError, not gigabytes of text.
        try assertStops("l = [0] * 1000\nm = [l] * 1000\nn = [m] * 1000\ns = repr(n)\n", "    s = repr(n)\nMemoryError\n", ["--max-memory", "8M"])
        let shallow = try runProgram("a = []\nb = []\nfor i in range(500):\n    a = [a]\n    b = [b]\nprint(a == b, a < b, a in [b])\n")
        XCTAssertTrue(shallow.stdout.hasPrefix("True False True\n"), shallow.stdout + shallow.stderr)
    }

    func testFinalizerLoopsStopAtTheStepBudget() throws {
        try assertStops("class A:\n    def __del__(self):\n        A()\n\nA()\n",
                        "(--max-steps, finalizers included): an endless loop? (line 3)\n", ["--max-steps", "200000"])
        try assertStops("keep = []\nclass R:\n    def __del__(self):\n        keep.append(self)\n        R()\n\nR()\n",
                        "an endless loop? (line 4)\n", ["--max-steps", "200000"])
    }

    /// Fuzz seed 5011 (minimized): `task` runs a finalizer chain to the budget, `back` and
    /// `next` get there again. It plays whole within the budget given, the chain run once.
    /// A session that restarts and reruns the program past twice the budget stops at the
    /// event that passed it, FILE:LINE, exit 2 (play and export alike).
    func testHostileSessionsStayWithinTheStepBudget() throws {
        let chain = try write("chain.gctrap", """
            {"format":"gctrap-session","version":1,"title":"fuzz 5011","created":"2026-01-01T00:00:00Z","python":"3.13","size":{"cols":100,"rows":30},"settings":{},"toggles":{},"scenario":{"name":"fuzz","source":"class A:\\n    def __del__(self):\\n        A()\\n\\nA()\\nprint('after')\\n"}}
            {"t":0.36,"action":"task"}
            {"t":4.22,"action":"back"}
            {"t":5.929,"action":"next"}

            """)
        let played = Binary.run(binary, ["play", "--headless", chain, "--max-steps", "100000"], cwd: tmp, timeout: 120)
        XCTAssertEqual(played.status, 0, played.stderr)
        XCTAssertTrue(played.stdout.hasSuffix("stopped: stopped after 100000 statements (--max-steps, finalizers included): an endless loop? (line 3), step 4; open connections 0 (0 leaked)\n"), played.stdout)
        var lines = [#"{"format":"gctrap-session","version":1,"title":"again","created":"2026-01-01T00:00:00Z","python":"3.11","size":{"cols":100,"rows":30},"settings":{},"toggles":{},"scenario":{"name":"loop","source":"for i in range(3000):\n    x = i\n"}}"#]
        for k in 0..<40 { lines.append(#"{"t":\#(k),"action":"\#(k % 2 == 0 ? "task" : "restart")"}"#) }
        _ = try write("again.gctrap", lines.joined(separator: "\n") + "\n")
        let message = "again.gctrap:8: the replay stops here: the session's actions have run 24008 statements in all, more than twice --max-steps (10000); the rest is not played (a larger --max-steps plays more)\n"
        let stopped = Binary.run(binary, ["play", "--headless", "again.gctrap", "--max-steps", "10000"], cwd: tmp, timeout: 120)
        XCTAssertEqual(stopped.status, 2, stopped.stderr)
        XCTAssertEqual(stopped.stderr, message)
        XCTAssertTrue(stopped.stdout.hasSuffix("stopped at event 7 of 40: " + message.dropFirst("again.gctrap:8: ".count)), stopped.stdout)
        let exported = Binary.run(binary, ["export", "again.gctrap", "--max-steps", "10000", "--asciicast", "again.cast"], cwd: tmp, timeout: 120)
        XCTAssertEqual(exported.status, 2, exported.stderr)
        XCTAssertEqual(exported.stderr, message)
        XCTAssertEqual(Binary.run(binary, ["play", "--headless", "again.gctrap", "--max-steps", "100000"], cwd: tmp, timeout: 120).status, 0)
    }

    /// A fast sample of scripts/fuzz: generated hostile scenarios and sessions, through
    /// the binary as a user would run them.
    func testAFuzzSampleNeverEndsBySignalOrTimeOut() throws {
        for seed in UInt64(1)...16 {
            let source = ScenarioMutator.program(seed: seed * 7919)
            let path = try write("fuzz-\(seed).py", source)
            let r = Binary.run(binary, ["run", path, "--max-steps", "50000"], cwd: tmp, timeout: 60)
            XCTAssertFalse(r.timedOut, "scenario seed \(seed * 7919) timed out:\n\(source)")
            XCTAssertTrue((0...2).contains(r.status), "scenario seed \(seed * 7919): status \(r.status)\n\(source)\n\(r.stderr.suffix(300))")
        }
        for seed in UInt64(1)...16 {
            let bytes = SessionMutator.session(seed: seed * 104_729)
            let path = tmp.appendingPathComponent("fuzz-\(seed).gctrap").path
            XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
            let r = Binary.run(binary, ["play", "--headless", path, "--max-steps", "200000"], cwd: tmp, timeout: 60)
            XCTAssertFalse(r.timedOut, "session seed \(seed * 104_729) timed out")
            XCTAssertTrue((0...2).contains(r.status), "session seed \(seed * 104_729): status \(r.status)\n\(r.stderr.suffix(300))")
        }
    }

    func testTheMutatorsAreDeterministic() {
        XCTAssertEqual(ScenarioMutator.program(seed: 42), ScenarioMutator.program(seed: 42))
        XCTAssertNotEqual(ScenarioMutator.program(seed: 42), ScenarioMutator.program(seed: 43))
        XCTAssertEqual(SessionMutator.session(seed: 42), SessionMutator.session(seed: 42))
    }
}
