import Foundation
import XCTest
import GCTrapHost

/// `--gen0-at-start N` (the start-up lottery) against real CPython through the stand-in's
/// GCTRAP_GEN0_AT_START, the sweep's table, and their bad input.
final class StartupLotteryTests: EndToEndCase {
    /// verify gives N to both sides and still compares row for row: 3.11 always, 3.12 and
    /// 3.13 when installed (the values the issue measured in real processes among them).
    func testGen0AtStartMatchesCPythonRowForRow() throws {
        var missing: [String] = []
        for (version, values) in [("3.11", [2, 699]), ("3.12", [577]), ("3.13", [1047])] {
            guard let py = Interpreters.find(version) else { missing.append(version); continue }
            for n in values {
                let r = gctrap("verify", "incident", "--python-binary", py, "--gen0-at-start", String(n))
                XCTAssertEqual(r.status, 0, "\(version) N=\(n):\n\(r.stdout)\(r.stderr)")
                XCTAssertTrue(r.stdout.contains("rows: identical"), "\(version) N=\(n):\n\(r.stdout)")
                XCTAssertTrue(r.stdout.contains("--gen0-at-start \(n)"), r.stdout)
            }
        }
        if !missing.isEmpty { throw XCTSkip("not compared, not installed: CPython " + missing.joined(separator: ", ")) }
    }

    /// The setting moves the first collection: on 3.11 the incident's first gen-0 collection
    /// comes in task 138 from a count of 0 and in task 0 from 699.
    func testGen0AtStartMovesTheFirstCollection() throws {
        func firstCollection(_ n: Int) -> Int? {
            let r = gctrap("run", "incident", "--csv", "--gen0-at-start", String(n))
            XCTAssertEqual(r.status, 0, r.stderr)
            return r.stdout.split(separator: "\n").dropFirst().first { $0.split(separator: ",")[7] != "0" }
                .map { Int($0.split(separator: ",")[0])! }
        }
        XCTAssertEqual(firstCollection(0), 138)
        XCTAssertEqual(firstCollection(560), 26)
        XCTAssertEqual(firstCollection(699), 0)
    }

    /// The sweep's rows, checked against CPython for two of them: on 3.13 the incident dies
    /// in task 300 from a count of 0 (no collection before) and in task 337 from 1800 (the
    /// first collection in task 38).
    func testSweepTableAndItsRowsOnCPython() throws {
        let csv = gctrap("run", "incident", "--python", "3.13", "--sweep-gen0-at-start", "--sweep-step", "900", "--csv")
        XCTAssertEqual(csv.status, 0, csv.stderr)
        let lines = csv.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "gen0_at_start,first_collection_task,first_collection_gen,gc_gen0,gc_gen1,gc_gen2,peak_open,peak_open_task,peak_in_task,peak_in_task_task,tasks,error,error_task,stopped")
        XCTAssertEqual(lines.count, 5, "0, 900, 1800 and 1999")
        XCTAssertEqual(lines[1], "0,,,0,0,0,300,299,300,299,301,TooManyConnections,300,")
        XCTAssertEqual(lines[3], "1800,38,0,1,0,0,300,336,300,336,338,TooManyConnections,337,")
        XCTAssertEqual(lines[4].split(separator: ",", omittingEmptySubsequences: false).first, "1999")

        let text = gctrap("run", "incident", "--python", "3.13", "--sweep-gen0-at-start", "--sweep-step", "1000")
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertTrue(text.stdout.contains("gen-0 threshold 2000, step 1000"), text.stdout)
        XCTAssertTrue(text.stdout.contains("died in task 300: TooManyConnections"), text.stdout)
        XCTAssertTrue(text.stdout.contains("1999  task 0 (gen 0)"), text.stdout)
        XCTAssertTrue(text.stdout.contains("925-1047 on 3.13"), text.stdout)

        let json = gctrap("run", "incident", "--sweep-gen0-at-start", "--sweep-step", "350", "--json")
        XCTAssertEqual(json.status, 0, json.stderr)
        let obj = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let runs = try XCTUnwrap(obj["runs"] as? [[String: Any]])
        XCTAssertEqual(runs.map { $0["gen0_at_start"] as? Int }, [0, 350, 699])
        XCTAssertEqual(runs.map { $0["first_collection_task"] as? Int }, [138, 68, 0])

        let py = try requireCPython("3.13")
        for (n, died) in [(0, "TooManyConnections (task 300)"), (1800, "TooManyConnections (task 337)")] {
            let r = gctrap("verify", "incident", "--python-binary", py, "--gen0-at-start", String(n))
            XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
            XCTAssertTrue(r.stdout.contains(died), r.stdout)
        }
    }

    /// N must leave the first collection to come: 0 <= N < the profile's threshold, in gctrap
    /// (exit 2 with the range) and in the stand-in run directly (exit 2 with the range).
    func testOutOfRangeCountsAreBadInput() throws {
        let over = gctrap("run", "incident", "--gen0-at-start", "700")
        XCTAssertEqual(over.status, 2)
        XCTAssertTrue(over.stderr.contains("--gen0-at-start 700: use 0 to 699 (below the 3.11 profile's gen-0 threshold, 700)"), over.stderr)
        XCTAssertEqual(gctrap("run", "incident", "--gen0-at-start=-1").status, 2)
        XCTAssertEqual(gctrap("run", "incident", "--python", "3.13", "--gen0-at-start", "1999", "--set", "TASKS=3").status, 0)
        XCTAssertEqual(gctrap("compare", "incident", "--left-python", "3.11", "--right-python", "3.13", "--gen0-at-start", "1500", "--csv").status, 2)
        XCTAssertEqual(gctrap("run", "incident", "--sweep-step", "5").status, 2)
        XCTAssertEqual(gctrap("run", "incident", "--sweep-gen0-at-start", "--gen0-at-start", "3").status, 2)

        let py = try requireCPython("3.11")
        let dir = tmp!
        for f in ["db.py", "gctrap.py", "incident.py"] {
            try? FileManager.default.copyItem(at: Binary.scenarios.appendingPathComponent(f), to: dir.appendingPathComponent(f))
        }
        for bad in ["700", "-1", "many"] {
            let r = Binary.run(py, ["incident.py"], cwd: dir, env: ["GCTRAP_GEN0_AT_START": bad, "GCTRAP_CSV": dir.appendingPathComponent("o.csv").path])
            XCTAssertEqual(r.status, 2, "GCTRAP_GEN0_AT_START=\(bad): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains("use 0 to 699"), r.stderr)
        }
    }

    /// Two processes of the same batch whose start-up left different counts, side by side: on
    /// 3.13 the lesson's batch dies in task 300 from 0 and finishes from 1200.
    func testCompareTwoStartUpCounts() throws {
        let lesson = Binary.packageRoot.appendingPathComponent("sessions/lessons/startup_lottery.py").path
        let r = gctrap("compare", lesson, "--python", "3.13", "--left-gen0-at-start", "0", "--right-gen0-at-start", "1200", "--exit-code")
        XCTAssertEqual(r.status, 1, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("gctrap compare startup_lottery: gen0=0 | gen0=1200"), r.stdout)
        XCTAssertTrue(r.stdout.contains("first divergence: task 264: gen0=0 count 804/2000"), r.stdout)
        XCTAssertTrue(r.stdout.contains("died: TooManyConnections in task 300"), r.stdout)
        let same = gctrap("compare", lesson, "--python", "3.13", "--left-gen0-at-start", "5", "--right-gen0-at-start", "5")
        XCTAssertEqual(same.status, 2)
        XCTAssertTrue(same.stderr.contains("both sides are the same"), same.stderr)
        let list = gctrap("compare", lesson, "--python", "3.11,3.13", "--left-gen0-at-start", "5")
        XCTAssertEqual(list.status, 2)
    }
}
