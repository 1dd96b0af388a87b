import Foundation
import XCTest
import GCTrapCore

/// `gctrap run` and `gctrap verify` on the built binary: the shipped scenarios against
/// real CPython, and every bad input of the core issue with its message and exit status.
final class VerifyTests: EndToEndCase {
    /// Every scenario in scenarios/ (the binary embeds them all): a new one is verified
    /// against CPython and its recorded CSVs checked without editing this list.
    static let shipped = EmbeddedScenarios.all.map(\.name)

    func verifyAll(_ python: String) {
        for s in Self.shipped {
            let r = gctrap("verify", Binary.scenarios.appendingPathComponent("\(s).py").path, "--python-binary", python)
            XCTAssertEqual(r.status, 0, "\(s) on \(python):\n\(r.stdout)\(r.stderr)")
            XCTAssertTrue(r.stdout.contains("rows: identical"), r.stdout)
            XCTAssertTrue(r.stdout.contains("peak open"), r.stdout)
            XCTAssertTrue(r.stdout.contains("collections gen 0/1/2"), r.stdout)
        }
    }

    /// Every shipped scenario prints the same CSV on CPython 3.11 and on the simulator.
    func testShippedScenariosMatchCPython311() throws {
        let py = try requireCPython("3.11")
        verifyAll(py)
    }

    /// The same on CPython 3.13 when it is installed (never required).
    func testShippedScenariosMatchCPython313() throws {
        let py = try requireCPython("3.13")
        verifyAll(py)
    }

    /// --set is written into CPython's copy and given to the simulator; the side-by-side
    /// report names the peak and the stopping error.
    func testVerifyWithSettingsAndReport() throws {
        let py = try requireCPython("3.11")
        let r = gctrap("verify", "incident", "--python-binary", py, "--set", "USE_POOL=True", "--set", "TASKS=40")
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("PoolExhausted (task 10)"), r.stdout)
        XCTAssertTrue(r.stdout.contains("rows: identical (11 rows)"), r.stdout)
    }

    /// A difference is exit 1 with the first differing row; bad input is exit 2.
    func testVerifyExitStatuses() throws {
        let py = try requireCPython("3.11")
        // A gctrap.py stand-in beside the file that reports count0 one too high: CPython
        // uses it, the simulator (which mirrors the real stand-in) does not.
        let standIn = try String(contentsOf: Binary.scenarios.appendingPathComponent("gctrap.py"), encoding: .utf8)
        let skewed = standIn.replacingOccurrences(of: "count0 = gc.get_count()[0]", with: "count0 = gc.get_count()[0] + 1")
        XCTAssertNotEqual(skewed, standIn, "gctrap.py changed: update this test")
        try write("gctrap.py", skewed)
        let f = try write("s.py", "import db\nimport gctrap\nfor t in gctrap.tasks(3):\n    c = db.connect()\n")
        let r = gctrap("verify", f, "--python-binary", py)
        XCTAssertEqual(r.status, 1, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("rows: differ from row 1"), r.stdout)

        XCTAssertEqual(gctrap("verify", "incident", "--python-binary", "/nonexistent/python").status, 2)
        let missing = gctrap("verify", "incident", "--python-binary", "/nonexistent/python")
        XCTAssertTrue(missing.stderr.contains("python binary not found"), missing.stderr)
        let badVersion = gctrap("verify", "incident", "--python", "3.9")
        XCTAssertEqual(badVersion.status, 2)
        XCTAssertTrue(badVersion.stderr.contains("unknown Python profile '3.9'"), badVersion.stderr)
        // An interpreter whose version has no profile: a stand-in that says it is 3.9.
        let fake = try write("python-3.9", "#!/bin/sh\necho '(3, 9)'\n")
        chmod(fake, 0o755)
        let old = gctrap("verify", "incident", "--python-binary", fake)
        XCTAssertEqual(old.status, 2, old.stdout + old.stderr)
        XCTAssertTrue(old.stderr.contains("is CPython 3.9, and gctrap has no profile for it"), old.stderr)
        let syntax = gctrap("verify", try write("bad.py", "x = (\n"), "--python-binary", py)
        XCTAssertEqual(syntax.status, 2)
        XCTAssertTrue(syntax.stderr.contains("bad.py:"), syntax.stderr)
    }

    /// `python3 scenarios/incident.py` prints exactly what `gctrap run --csv` prints.
    func testCPythonPrintsTheSameCSVAsRun() throws {
        let py = try requireCPython("3.11")
        let cp = Binary.run(py, [Binary.scenarios.appendingPathComponent("incident.py").path], cwd: tmp, timeout: 120)
        XCTAssertEqual(cp.status, 0, cp.stderr)
        let sim = gctrap("run", Binary.scenarios.appendingPathComponent("incident.py").path, "--csv")
        XCTAssertEqual(sim.status, 0, sim.stderr)
        XCTAssertEqual(sim.stdout, cp.stdout)
    }
}

final class RunCommandTests: EndToEndCase {
    /// `gctrap run --csv` of every shipped scenario prints, byte for byte, the CSV that real
    /// CPython wrote for it (scenarios/expected/NAME-VERSION.csv, recorded with
    /// `GCTRAP_CSV=... pythonVERSION scenarios/NAME.py`): the simulator is checked against
    /// CPython even on a machine without that interpreter.
    func testRunCSVOfEachShippedScenarioIsTheCSVCPythonRecorded() throws {
        let dir = Binary.scenarios.appendingPathComponent("expected")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".csv") }.sorted()
        for s in VerifyTests.shipped {
            let recorded = files.filter { $0.hasPrefix(s + "-") }
            XCTAssertTrue(recorded.contains("\(s)-3.11.csv") && recorded.contains("\(s)-3.13.csv"),
                          "\(s): no CPython 3.11 and 3.13 recordings in scenarios/expected (has \(recorded))")
            for f in recorded {
                let version = String(f.dropFirst(s.count + 1).dropLast(4))
                let expected = try String(contentsOf: dir.appendingPathComponent(f), encoding: .utf8)
                let r = gctrap("run", Binary.scenarios.appendingPathComponent("\(s).py").path, "--csv", "--python", version)
                XCTAssertFalse(r.stdout.isEmpty, "\(s) --python \(version): no CSV\n\(r.stderr)")
                if r.stdout != expected {
                    let a = expected.split(separator: "\n"), b = r.stdout.split(separator: "\n")
                    let i = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
                    XCTFail("\(s) --python \(version) differs from scenarios/expected/\(f) at line \(i + 1) of \(a.count):\n"
                            + "  CPython \(i < a.count ? String(a[i]) : "(no line)")\n  gctrap  \(i < b.count ? String(b[i]) : "(no line)")")
                }
            }
        }
        XCTAssertGreaterThanOrEqual(files.count, 2 * VerifyTests.shipped.count)
    }

    /// --csv: the header exactly as specified, one row per finished task.
    func testCSVColumns() throws {
        let r = gctrap("run", "incident", "--csv", "--set", "TASKS=5")
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "task,open,in_use,idle,leaked,closed_explicit,closed_by_finalizer,gc_gen0,gc_gen1,gc_gen2,gc_count0,peak_in_task,error")
        XCTAssertEqual(lines.count, 6)
        XCTAssertEqual(lines[1], "0,1,0,0,0,0,0,0,0,0,10,1,")
        for l in lines.dropFirst() { XCTAssertEqual(l.split(separator: ",", omittingEmptySubsequences: false).count, 13, l) }
    }

    /// Two numbers, named apart: the most open at a task's end and the most open at any
    /// moment within a task. Returning the agent without a cycle: 1 at every end (the
    /// previous agent is freed when `agent` is rebound), 2 for a moment inside each task.
    func testTheReportAndJSONNameTheTaskEndAndTheInTaskPeak() throws {
        let r = gctrap("run", "incident", "--set", "BACK_REFERENCE=False", "--set", "TASKS=50")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("peak open connections: 1 at the end of task 0; 2 within task 1 (server limit 300)"), r.stdout)
        let j = gctrap("run", "incident", "--set", "BACK_REFERENCE=False", "--set", "TASKS=50", "--json")
        let obj = try JSONSerialization.jsonObject(with: Data(j.stdout.utf8)) as! [String: Any]
        XCTAssertEqual(obj["peak_open"] as? Int, 1)
        XCTAssertEqual(obj["peak_in_task"] as? Int, 2)
        XCTAssertEqual(obj["peak_in_task_task"] as? Int, 1)
        let rows = obj["rows"] as! [[String: Any]]
        XCTAssertEqual(rows[0]["peak_in_task"] as? Int, 1)
        XCTAssertEqual(rows[49]["peak_in_task"] as? Int, 2)
        XCTAssertEqual(rows[49]["open"] as? Int, 1)
    }

    /// Every figure of the README's variant table is what `gctrap run` measures: "end /
    /// within" is the most open at a task's end and the most open within a task, per profile.
    func testTheReadmeVariantTableMatchesRun() throws {
        let readme = try String(contentsOf: Binary.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let rows = readme.split(separator: "\n").map(String.init).filter { $0.hasPrefix("| ") && $0.contains(" / ") && $0.contains("(") }
            .filter { $0.contains("defaults") || $0.contains("--set ") }
        XCTAssertEqual(rows.count, 5, "the table's five variants")
        let pair = try NSRegularExpression(pattern: "([0-9]+) / ([0-9]+)")
        let set = try NSRegularExpression(pattern: "--set ([A-Z_]+=[A-Za-z0-9]+)")
        for row in rows {
            let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 3 else { XCTFail(row); continue }
            let sets = set.matches(in: cells[0], range: NSRange(cells[0].startIndex..., in: cells[0])).map {
                String(cells[0][Range($0.range(at: 1), in: cells[0])!])
            }
            for (cell, profile) in [(cells[1], "3.11"), (cells[2], "3.13")] {
                guard let m = pair.firstMatch(in: cell, range: NSRange(cell.startIndex..., in: cell)) else { XCTFail(cell); continue }
                let end = Int(cell[Range(m.range(at: 1), in: cell)!])!, within = Int(cell[Range(m.range(at: 2), in: cell)!])!
                var args = ["run", "incident", "--json", "--python", profile]
                for s in sets { args += ["--set", s] }
                let r = Binary.run(binary, args, cwd: tmp, timeout: 120)
                let obj = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
                XCTAssertEqual(obj["peak_open"] as? Int, end, "\(profile) \(sets): end of a task")
                XCTAssertEqual(obj["peak_in_task"] as? Int, within, "\(profile) \(sets): within a task")
            }
        }
    }

    /// The default report: peak, first error, collections, closes, a chart.
    func testHumanReport() throws {
        let r = gctrap("run", "incident", "--python", "3.13")
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stdout.contains("peak open connections: 300"), r.stdout)
        XCTAssertTrue(r.stdout.contains("first error: TooManyConnections in task 300"), r.stdout)
        XCTAssertTrue(r.stdout.contains("collections: gen 0: 0"), r.stdout)
        XCTAssertTrue(r.stderr.contains("Traceback (most recent call last):"), r.stderr)
    }

    // MARK: bad input (core issue, "Bad input")

    func testSyntaxErrorShowsLineColumnAndCaret() throws {
        let f = try write("syn.py", "x = (1,\ny = 2\n")
        let r = gctrap("run", f)
        XCTAssertEqual(r.status, 2)
        let lines = r.stderr.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.first?.hasPrefix("\(f):2:3: error: ") == true, r.stderr)
        XCTAssertEqual(lines.dropFirst().first, "    y = 2")
        XCTAssertEqual(lines.dropFirst(2).first, "      ^")
    }

    func testUnsupportedConstructNamesItAndItsLine() throws {
        let pow = gctrap("run", try write("pow.py", "x = 1\ny = x ** 2\n"))
        XCTAssertEqual(pow.status, 2)
        XCTAssertTrue(pow.stderr.contains("pow.py:2:7: error: the ** operator is not supported"), pow.stderr)
        let asy = gctrap("run", try write("asy.py", "x = 1\nasync def f():\n    pass\n"))
        XCTAssertEqual(asy.status, 2)
        XCTAssertTrue(asy.stderr.contains("asy.py:2:") && asy.stderr.contains("async functions"), asy.stderr)
    }

    /// Misreads are gone: a builtin or module CPython has and gctrap does not model is
    /// refused before the run (exit 2, FILE:LINE:COL, the line, a caret, what to do instead);
    /// a method whose owner is known only when the line runs is refused then, also exit 2.
    func testUnmodelledNamesAreBadInputNotProgramErrors() throws {
        let sup = gctrap("run", try write("sup.py", "class B:\n    pass\nclass C(B):\n    def __init__(self):\n        s = super\n"))
        XCTAssertEqual(sup.status, 2)
        XCTAssertEqual(sup.stderr.split(separator: "\n").map(String.init), [
            "\(tmp.appendingPathComponent("sup.py").path):5:13: error: the built-in 'super' is not supported by gctrap; use it as super().name(...) in a method, or super(Class, self).name(...)",
            "            s = super",
            "                ^"])
        let log = gctrap("run", try write("log.py", "import logging\n"))
        XCTAssertEqual(log.status, 2)
        XCTAssertTrue(log.stderr.contains("log.py:1:1: error: the module 'logging' is not modelled by gctrap"), log.stderr)
        let late = gctrap("run", try write("late.py", "x = (1, 2)\nn = x.count(1)\n"))
        XCTAssertEqual(late.status, 2)
        XCTAssertTrue(late.stderr.contains("late.py:2:1: error: tuple.count is not supported by gctrap\n    n = x.count(1)\n    ^"), late.stderr)
    }

    func testUnreadableFiles() throws {
        let missing = gctrap("run", "no-such-file.py")
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("no-such-file.py: no such file"), missing.stderr)
        let dir = gctrap("run", tmp.path)
        XCTAssertEqual(dir.status, 2)
        XCTAssertTrue(dir.stderr.contains("is a directory"), dir.stderr)
        let bin = tmp.appendingPathComponent("bin.py")
        try Data([0x61, 0x00, 0x62, 0x0a]).write(to: bin)
        let b = gctrap("run", bin.path)
        XCTAssertEqual(b.status, 2)
        XCTAssertTrue(b.stderr.contains("binary file"), b.stderr)
        let latin = tmp.appendingPathComponent("latin.py")
        try Data([0x78, 0x20, 0x3d, 0x20, 0x27, 0xe9, 0x27, 0x0a]).write(to: latin)
        let l = gctrap("run", latin.path)
        XCTAssertEqual(l.status, 2)
        XCTAssertTrue(l.stderr.contains("not UTF-8"), l.stderr)
    }

    func testEmptyFileRunsZeroTasks() throws {
        let f = try write("empty.py", "")
        let r = gctrap("run", f)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("0 tasks, finished"), r.stdout)
        let csv = gctrap("run", f, "--csv")
        XCTAssertEqual(csv.status, 0)
        XCTAssertEqual(csv.stdout.split(separator: "\n").count, 1, "header only")
    }

    func testRuntimeErrorPrintsATracebackAndExits1() throws {
        let f = try write("rt.py", "def f(x):\n    return x.nope\n\n\nf(None)\n")
        let r = gctrap("run", f)
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stderr, """
            Traceback (most recent call last):
              File "\(f)", line 5, in <module>
                f(None)
              File "\(f)", line 2, in f
                return x.nope
            AttributeError: 'NoneType' object has no attribute 'nope'

            """)
    }

    func testEndlessLoopStopsAtMaxSteps() throws {
        let r = gctrap("run", try write("loop.py", "while True:\n    pass\n"), "--max-steps", "200000")
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("stopped after 200000 statements (--max-steps)"), r.stderr)
    }

    /// `--max-steps none`: no statement budget (for a run left going on purpose); the same
    /// program stops under a budget it passes.
    func testMaxStepsNoneLiftsTheStatementBudget() throws {
        let f = try write("long.py", "k = 0\nwhile k < 150000:\n    k += 1\nprint(k)\n")
        let limited = gctrap("run", f, "--max-steps", "200000")
        XCTAssertEqual(limited.status, 1, limited.stderr)
        XCTAssertTrue(limited.stderr.contains("stopped after 200000 statements"), limited.stderr)
        let free = gctrap("run", f, "--max-steps", "none")
        XCTAssertEqual(free.status, 0, free.stderr)
        XCTAssertTrue(free.stdout.contains("150000"), free.stdout)
        XCTAssertTrue(gctrap("explore", "--help").stdout.contains("--max-steps <N|none>"))
    }

    func testAllocationBombHitsTheObjectCap() throws {
        // 2,000,000 surviving lists.
        let r = gctrap("run", try write("bomb.py", "l = []\nwhile True:\n    l.append([])\n"), timeout: 180)
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stderr.contains("object cap reached"), r.stderr)
    }

    func testSetErrors() throws {
        let unknown = gctrap("run", "incident", "--set", "NOPE=1")
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.stderr.contains("unknown name 'NOPE'"), unknown.stderr)
        XCTAssertTrue(unknown.stderr.contains("RETURN_AGENT, EXPLICIT_RELEASE, FORCED_COLLECTION, BACK_REFERENCE, USE_POOL"), unknown.stderr)
        let wrong = gctrap("run", "incident", "--set", "USE_POOL=maybe")
        XCTAssertEqual(wrong.status, 2)
        XCTAssertTrue(wrong.stderr.contains("'maybe' is not a boolean"), wrong.stderr)
        let notInt = gctrap("run", "incident", "--set", "TASKS=many")
        XCTAssertEqual(notInt.status, 2)
        XCTAssertTrue(notInt.stderr.contains("is not an integer"), notInt.stderr)
    }

    func testUnknownPythonProfile() throws {
        let r = gctrap("run", "incident", "--python", "3.9")
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("unknown Python profile '3.9': use 3.11 or "), r.stderr)
        XCTAssertTrue(r.stderr.contains("3.13"), r.stderr)
    }

    /// The investigator needs a terminal; without one it says so and points to `gctrap run`.
    func testNoTerminalPointsToRun() throws {
        let r = gctrap()
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("gctrap run"), r.stderr)
    }
}
