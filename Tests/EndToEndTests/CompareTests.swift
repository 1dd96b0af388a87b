import Foundation
import XCTest

/// `gctrap compare` headless: the first divergence in words, the joined CSV, the JSON
/// summary and --exit-code, on the built binary.
final class CompareTests: EndToEndCase {
    /// 3.11 against 3.13 on the incident: the first divergence that teaches something is
    /// 3.11's first gen-0 collection at task 138, not the counters that differ from task 1.
    func testPythonVersionsDivergeAtTheFirstCollection() throws {
        let r = gctrap("compare", "incident", "--left-python", "3.11", "--right-python", "3.13")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains(
            "first divergence: task 138: 3.11 collected gen 0 (closed 137); open 2, 1 in garbage | 3.13 count 705/2000; open 139, a new peak, 138 in garbage"),
            r.stdout)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "gctrap compare incident: 3.11 | 3.13  (by events)")
        XCTAssertTrue(lines.contains { $0.hasPrefix("outcome") && $0.contains("finished") && $0.contains("died: TooManyConnections in task 300") }, r.stdout)
        XCTAssertTrue(lines.contains { $0.hasPrefix("peak open (at a task's end)") && $0.contains("300 (task 299)") && $0.hasSuffix("2.00x") }, r.stdout)
    }

    /// BACK_REFERENCE on against off: the first task whose garbage holds a connection is
    /// task 1 (task 0's agent is still held by the loop variable); --exit-code says 1.
    func testBackReferenceDivergesOnLeakedWithExitCode() throws {
        let r = gctrap("compare", "incident", "--right", "BACK_REFERENCE=False", "--criterion", "leaked", "--exit-code")
        XCTAssertEqual(r.status, 1, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("gctrap compare incident: BACK_REFERENCE=True | BACK_REFERENCE=False  (by leaked)"), r.stdout)
        XCTAssertTrue(r.stdout.contains("first divergence: task 1: BACK_REFERENCE=True count 20/700; open 2, a new peak, 1 in garbage | BACK_REFERENCE=False count 15/700; open 1"), r.stdout)
    }

    /// Sides that agree by the criterion exit 0 with --exit-code and say so.
    func testNoDivergenceExitsZero() throws {
        let r = gctrap("compare", "incident", "--set", "TASKS=100", "--right", "BACK_REFERENCE=False",
                       "--criterion", "error", "--exit-code")
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("no divergence by error"), r.stdout)
    }

    /// The joined CSV carries every `run --csv` column per side, with a delta, and each
    /// side's columns are exactly that side's `run --csv`.
    func testCSVJoinsBothSidesRunCSV() throws {
        let c = gctrap("compare", "incident", "--set", "TASKS=200", "--left-python", "3.11", "--right-python", "3.13", "--csv")
        XCTAssertEqual(c.status, 0, c.stderr)
        let rows = c.stdout.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        XCTAssertEqual(rows[0].prefix(4), ["task", "left_open", "right_open", "delta_open"])
        XCTAssertEqual(rows[0].suffix(2), ["left_error", "right_error"])
        XCTAssertEqual(rows.count, 201)
        for (side, python) in [(0, "3.11"), (1, "3.13")] {
            let run = gctrap("run", "incident", "--set", "TASKS=200", "--python", python, "--csv")
            let expected = run.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            for (i, e) in expected.enumerated() {
                var cells = [rows[i + 1][0]]
                var col = 1
                for c in 1..<e.count {
                    cells.append(rows[i + 1][col + side])
                    col += c == e.count - 1 ? 2 : 3
                }
                XCTAssertEqual(cells, e, "\(python) row \(i)")
            }
        }
        XCTAssertEqual(rows[139][1...3], ["2", "139", "137"], "task 138: open 2 on 3.11, 139 on 3.13")
    }

    /// Three Pythons at once (headless): one column per version, the summary per side.
    func testThreePythonsInJSON() throws {
        let r = gctrap("compare", "incident", "--python", "3.11,3.12,3.13", "--json")
        XCTAssertEqual(r.status, 0, r.stderr)
        let obj = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        let sides = obj["sides"] as! [[String: Any]]
        XCTAssertEqual(sides.map { $0["label"] as! String }, ["3.11", "3.12", "3.13"])
        XCTAssertEqual(sides[2]["outcome"] as? String, "died: TooManyConnections in task 300")
        XCTAssertEqual((sides[2]["first_error"] as? [String: Any])?["task"] as? Int, 300)
        XCTAssertEqual((obj["first_divergence"] as? [String: Any])?["task"] as? Int, 138)
    }

    /// Bad input is exit 2 with the reason.
    func testBadComparisonsExitTwo() throws {
        let same = gctrap("compare", "incident")
        XCTAssertEqual(same.status, 2)
        XCTAssertTrue(same.stderr.contains("both sides are the same"), same.stderr)
        let criterion = gctrap("compare", "incident", "--right-python", "3.13", "--criterion", "nope")
        XCTAssertEqual(criterion.status, 2)
        XCTAssertTrue(criterion.stderr.contains("unknown criterion 'nope'"), criterion.stderr)
        let unknown = gctrap("compare", "incident", "--right", "NOPE=1")
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.stderr.contains("--set: unknown name 'NOPE'"), unknown.stderr)
        let python = gctrap("compare", "incident", "--right-python", "2.7")
        XCTAssertEqual(python.status, 2)
        XCTAssertTrue(python.stderr.contains("unknown Python profile '2.7'"), python.stderr)
    }
}

/// Recorded comparisons through `play --headless` and `export --frames`.
final class CompareSessionCommandTests: EndToEndCase {
    func comparisonFile() throws -> String {
        let header = """
            {"format":"gctrap-session","version":2,"title":"3.11 vs 3.13","python":"3.11","size":{"cols":120,"rows":40},\
            "scenario":{"name":"incident"},"compare":{"criterion":"events","sides":[{"label":"3.11","python":"3.11","settings":{}},\
            {"label":"3.13","python":"3.13","settings":{}}]}}
            """
        return try write("cmp.gctrap", header + "\n"
            + "{\"t\":1,\"action\":\"view\",\"message\":\"key f\"}\n"
            + "{\"t\":2,\"marker\":\"the first collection\"}\n")
    }

    func testPlayHeadlessTellsTheComparison() throws {
        let r = gctrap("play", "--headless", try comparisonFile())
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, """
            comparison: incident: 3.11 | 3.13 (by events)
            [0:01.0] key f: divergence 1 of 1+ (task 138)
            divergence 1: task 138: 3.11 collected gen 0 (closed 137); open 2, 1 in garbage | 3.13 count 705/2000; open 139, a new peak, 138 in garbage
            [0:02.0] marker: the first collection
            end: task 138: 3.11 open 2, 1/0/1 collections | 3.13 open 139, 0/0/1 collections

            """)
    }

    func testExportFramesOfAComparison() throws {
        let file = try comparisonFile()
        let dir = tmp.appendingPathComponent("frames").path
        let r = gctrap("export", file, "--frames", dir)
        XCTAssertEqual(r.status, 0, r.stderr)
        let index = try String(contentsOfFile: dir + "/index.txt", encoding: .utf8)
        XCTAssertEqual(index, "frame-00001.txt 0.000\nframe-00002.txt 1.000\nframe-00003.txt 2.000 marker: the first collection\n")
        let second = try String(contentsOfFile: dir + "/frame-00002.txt", encoding: .utf8)
        XCTAssertTrue(second.contains("task 138 done"), second)
        let cast = gctrap("export", file, "--asciicast", tmp.appendingPathComponent("c.cast").path)
        XCTAssertEqual(cast.status, 0, cast.stderr)
    }
}
