import Foundation
import XCTest
import GCTrapHost
@testable import GCTrapCore

/// What a scenario did on the simulator: printed output, rows, the uncaught traceback.
struct SimRun {
    var sim: Simulation
    var output: String
    var traceback: String? { sim.uncaughtTraceback }
    var rows: [TaskRow] { Array(sim.rows) }
    /// The last line of the traceback ("ValueError: boom"), like CPython's last stderr line.
    var errorLine: String? { traceback?.split(separator: "\n").last.map(String.init) }
}

/// What the same file did on real CPython with the stand-ins.
struct CPythonRun {
    var stdout: String
    var stderr: String
    var status: Int32
    var csv: String
    var errorLine: String? {
        status == 0 ? nil : stderr.split(separator: "\n").last.map(String.init)
    }
}

enum Scenarios {
    /// The repo's scenarios folder (the stand-ins db.py and gctrap.py live there).
    static var folder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scenarios")
    }
}

func simulate(_ source: String, profile: PythonProfile = .py311, settings: [String: String] = [:],
              maxSteps: Int = 20_000_000, file: StaticString = #filePath, line: UInt = #line) throws -> SimRun {
    let sim = try Simulation(source: source, name: "t", profile: profile, settings: settings, fileName: "t.py")
    sim.maxSteps = maxSteps
    var out = ""
    sim.onOutput = { out += $0 }
    sim.runToEnd()
    if let limit = sim.limitReached {
        XCTFail("simulation hit a limit: \(limit.message)", file: file, line: line)
    }
    return SimRun(sim: sim, output: out)
}

/// Runs programs on a real CPython of a given version ("3.11", "3.13"), found by GCTrapHost.
enum CPython {
    /// The interpreter, or a skip that says which one is missing and where it was looked for.
    static func require(_ version: String) throws -> String {
        guard let exe = Interpreters.find(version) else {
            throw XCTSkip("CPython \(version) is not installed (looked for \(Interpreters.searched(version))): "
                          + "the simulator was checked, the comparison with CPython did not run")
        }
        return exe
    }

    /// Runs `source` as t.py beside the repo's db.py and gctrap.py.
    /// Skips (throws XCTSkip with the reason) when that CPython is not installed.
    /// `environment` adds to (or overrides) the inherited one; GCTRAP_COUNT_ONLY is dropped
    /// unless given there, so the stand-in's walk runs.
    static func run(_ source: String, version: String = "3.11", environment: [String: String] = [:]) throws -> CPythonRun {
        let exe = try require(version)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gctrap-sem-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for f in ["db.py", "gctrap.py"] {
            try? FileManager.default.copyItem(at: Scenarios.folder.appendingPathComponent(f), to: dir.appendingPathComponent(f))
        }
        try? source.write(to: dir.appendingPathComponent("t.py"), atomically: true, encoding: .utf8)
        let csv = dir.appendingPathComponent("out.csv")
        var env = ProcessInfo.processInfo.environment
        env["GCTRAP_CSV"] = csv.path
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env.removeValue(forKey: "GCTRAP_COUNT_ONLY")
        env.merge(environment) { $1 }
        let r = Processes.run(exe, ["t.py"], cwd: dir.path, environment: env)
        if r.status < 0 || r.timedOut { XCTFail("\(exe) t.py did not run: \(r.stderr)") }
        // Tracebacks name the file by its full path: keep only "t.py" like the simulator.
        let stderr = r.stderr.replacingOccurrences(of: dir.path + "/", with: "")
            .replacingOccurrences(of: dir.resolvingSymlinksInPath().path + "/", with: "")
        return CPythonRun(stdout: r.stdout, stderr: stderr, status: r.status,
                          csv: (try? String(contentsOf: csv, encoding: .utf8)) ?? "")
    }
}

extension XCTestCase {
    /// Runs `source` on the simulator and checks its printed output is `expected` (what
    /// CPython prints), then checks that CPython really prints it; when that CPython is not
    /// installed the test is skipped with the reason, after the simulator's checks.
    @discardableResult
    func assertPrints(_ source: String, _ expected: String, profile: PythonProfile = .py311,
                      error: String? = nil, file: StaticString = #filePath, line: UInt = #line) throws -> SimRun {
        let r = try simulate(source, profile: profile, file: file, line: line)
        XCTAssertEqual(r.output, expected, "simulator output", file: file, line: line)
        XCTAssertEqual(r.errorLine, error, "simulator's uncaught exception\n\(r.traceback ?? "")", file: file, line: line)
        let py = try CPython.run(source, version: profile.name)
        XCTAssertEqual(py.stdout, expected, "CPython \(profile.name) output (stderr: \(py.stderr))", file: file, line: line)
        XCTAssertEqual(py.errorLine, error, "CPython's uncaught exception\n\(py.stderr)", file: file, line: line)
        return r
    }

}
