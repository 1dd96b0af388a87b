import Foundation
import XCTest
@testable import GCTrapCore

/// What a scenario did on the simulator: printed output, rows, the uncaught traceback.
struct SimRun {
    var sim: Simulation
    var output: String
    var traceback: String? { sim.uncaughtTraceback }
    var rows: [TaskRow] { sim.rows }
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

/// Finds a CPython of the given version ("3.11", "3.13"): pythonX.Y, ~/.pyenv, python3.
enum CPython {
    nonisolated(unsafe) static var cache: [String: String?] = [:]
    static let lock = NSLock()

    static func binary(_ version: String) -> String? {
        lock.lock(); defer { lock.unlock() }
        if let hit = cache[version] { return hit }
        var candidates = ["/usr/bin/python\(version)", "/usr/local/bin/python\(version)"]
        let pyenv = (NSHomeDirectory() as NSString).appendingPathComponent(".pyenv/versions")
        if let vs = try? FileManager.default.contentsOfDirectory(atPath: pyenv) {
            for v in vs.sorted().reversed() where v.hasPrefix(version + ".") { candidates.append("\(pyenv)/\(v)/bin/python") }
        }
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            candidates.append("\(dir)/python3")
        }
        var found: String? = nil
        for c in candidates where FileManager.default.isExecutableFile(atPath: c) {
            if let r = run(c, ["-c", "import sys;print('%d.%d' % sys.version_info[:2])"], cwd: nil, env: [:]),
               r.status == 0, r.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == version {
                found = c
                break
            }
        }
        cache[version] = found
        return found
    }

    static func run(_ exe: String, _ args: [String], cwd: URL?, env: [String: String]) -> (status: Int32, stdout: String, stderr: String)? {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = args
        var e = ProcessInfo.processInfo.environment
        for (k, v) in env { e[k] = v }
        p.environment = e
        if let cwd { p.currentDirectoryURL = cwd }
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("gctrap-py-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: tmp) }
        let o = tmp.appendingPathComponent("o"), er = tmp.appendingPathComponent("e")
        _ = FileManager.default.createFile(atPath: o.path, contents: nil)
        _ = FileManager.default.createFile(atPath: er.path, contents: nil)
        guard let oh = try? FileHandle(forWritingTo: o), let eh = try? FileHandle(forWritingTo: er) else { return nil }
        p.standardOutput = oh
        p.standardError = eh
        p.standardInput = FileHandle.nullDevice
        do { try p.run() } catch { return nil }
        p.waitUntilExit()
        try? oh.close(); try? eh.close()
        let out = (try? String(contentsOf: o, encoding: .utf8)) ?? ""
        let err = (try? String(contentsOf: er, encoding: .utf8)) ?? ""
        return (p.terminationStatus, out, err)
    }

    /// Runs `source` as t.py beside the repo's db.py and gctrap.py; nil when no such CPython.
    static func run(_ source: String, version: String = "3.11") -> CPythonRun? {
        guard let exe = binary(version) else { return nil }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gctrap-sem-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for f in ["db.py", "gctrap.py"] {
            try? FileManager.default.copyItem(at: Scenarios.folder.appendingPathComponent(f), to: dir.appendingPathComponent(f))
        }
        try? source.write(to: dir.appendingPathComponent("t.py"), atomically: true, encoding: .utf8)
        let csv = dir.appendingPathComponent("out.csv")
        guard let r = run(exe, ["t.py"], cwd: dir, env: ["GCTRAP_CSV": csv.path, "PYTHONDONTWRITEBYTECODE": "1"]) else { return nil }
        // Tracebacks name the file by its full path: keep only "t.py" like the simulator.
        let stderr = r.stderr.replacingOccurrences(of: dir.path + "/", with: "")
            .replacingOccurrences(of: dir.resolvingSymlinksInPath().path + "/", with: "")
        return CPythonRun(stdout: r.stdout, stderr: stderr, status: r.status,
                          csv: (try? String(contentsOf: csv, encoding: .utf8)) ?? "")
    }
}

extension XCTestCase {
    /// Runs `source` on the simulator and checks its printed output is `expected` (what
    /// CPython prints); when that CPython is installed, checks that it really prints it.
    @discardableResult
    func assertPrints(_ source: String, _ expected: String, profile: PythonProfile = .py311,
                      error: String? = nil, file: StaticString = #filePath, line: UInt = #line) throws -> SimRun {
        let r = try simulate(source, profile: profile, file: file, line: line)
        XCTAssertEqual(r.output, expected, "simulator output", file: file, line: line)
        XCTAssertEqual(r.errorLine, error, "simulator's uncaught exception\n\(r.traceback ?? "")", file: file, line: line)
        if let py = CPython.run(source, version: profile.name) {
            XCTAssertEqual(py.stdout, expected, "CPython \(profile.name) output (stderr: \(py.stderr))", file: file, line: line)
            XCTAssertEqual(py.errorLine, error, "CPython's uncaught exception\n\(py.stderr)", file: file, line: line)
        }
        return r
    }

}
