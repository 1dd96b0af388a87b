import ArgumentParser
import Foundation
import GCTrapCore
import GCTrapHost

/// `gctrap verify`: runs a scenario on real CPython (with the db and gctrap stand-ins) and
/// on the simulator with the profile of that interpreter's version, and compares the CSVs.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Run a scenario on real CPython and on the simulator, and compare them.",
        discussion: """
        FILE is copied into a temporary folder with the CPython stand-ins db.py and gctrap.py \
        (taken from FILE's folder when it has them, else the built-in copies) and run there by \
        the interpreter, which writes its CSV to $GCTRAP_CSV. --set rewrites the constant's line \
        in the copy. The simulator runs the same file with the profile of the interpreter's \
        version (\(PythonProfile.all.map(\.name).joined(separator: ", "))).

        Without --python-binary: python3, or with --python X the first CPython X among pythonX on PATH, $PYENV_ROOT (or ~/.pyenv)/versions/X*/bin/python and python3.

        Exit status: 0 the CSVs are identical, 1 they differ, 2 bad input or no usable interpreter.
        """)

    @OptionGroup var scenario: ScenarioOptions

    @Option(help: ArgumentHelp("The CPython interpreter to run (default: python3, or the --python version's).", valueName: "PATH"))
    var pythonBinary: String?

    @Option(help: "Give up on the interpreter after this many seconds.")
    var timeout = 600

    func run() throws {
        let requested = try scenario.profile()
        let settings = try scenario.parsedSettings()
        let source = try scenario.source()
        let standIns = StandIns(beside: source.path)
        // Load once with the default profile: syntax errors and bad --set values end here
        // (exit 2) before any interpreter is looked for.
        let probe = try scenario.makeSimulation(source, profile: .py311, dbSource: standIns.db, gen0AtStart: 0)
        let interpreter = try findInterpreter(requested)
        let gen0 = scenario.gen0AtStart
        try ScenarioOptions.checkGen0AtStart(gen0, profile: interpreter.profile)
        if gen0 != 0 && !standIns.gctrap.contains("GCTRAP_GEN0_AT_START") {
            throw BadInput("--gen0-at-start: the stand-in gctrap.py from \(standIns.from) predates GCTRAP_GEN0_AT_START; copy the current scenarios/gctrap.py there")
        }
        let cpython = try runCPython(interpreter.binary, on: cpythonCopy(of: source, settings: settings, values: probe.settings),
                                     name: source.name, standIns: standIns, gen0AtStart: gen0)
        let sim = interpreter.profile == .py311 && gen0 == 0 ? probe
            : try scenario.makeSimulation(source, profile: interpreter.profile, dbSource: standIns.db)
        let gctrap = runSimulator(sim)
        let comparison = SideBySide(cpython: cpython, gctrap: gctrap)
        var title = "gctrap verify \(Sanitize.printable(source.fileName))"
        if !settings.isEmpty { title += " " + settings.map { "--set \($0.name)=\($0.value)" }.joined(separator: " ") }
        if gen0 != 0 { title += " --gen0-at-start \(gen0)" }
        print(comparison.report(title: title, standIns: standIns.from,
                                left: "CPython \(interpreter.version) (\(Sanitize.printable(interpreter.binary)))",
                                right: "gctrap, \(interpreter.profile.name) profile"))
        if let limit = sim.limitReached, limit.unsupported {
            throw BadInput(diagnostic: limit.diagnostic(file: Sanitize.printable(source.fileName), source: source.text))
        }
        if !comparison.identical { throw ExitCode(1) }
    }

    // MARK: pieces

    /// The interpreter to run, its version ("3.11") and gctrap's profile for it.
    func findInterpreter(_ requested: PythonProfile?) throws -> (binary: String, version: String, profile: PythonProfile) {
        let binary: String, version: String
        if let explicit = pythonBinary {
            guard let resolved = Processes.which(explicit) else {
                throw BadInput("python binary not found: \(Sanitize.printable(explicit))")
            }
            guard let v = Interpreters.version(of: resolved) else {
                throw BadInput("\(Sanitize.printable(explicit)) does not run as a Python interpreter (`\(Sanitize.printable(resolved)) -c 'import sys; print(sys.version_info[:2])'` failed)")
            }
            (binary, version) = (explicit, v)
        } else if let want = requested?.name {
            guard let found = Interpreters.find(want) else {
                throw BadInput("no CPython \(want) found (looked for \(Interpreters.searched(want))); pass --python-binary PATH")
            }
            (binary, version) = (found, want)
        } else {
            guard let resolved = Processes.which("python3") else {
                throw BadInput("python3 not found on PATH; install CPython or pass --python-binary PATH")
            }
            guard let v = Interpreters.version(of: resolved) else {
                throw BadInput("python3 (\(resolved)) does not run; pass --python-binary PATH")
            }
            (binary, version) = ("python3", v)
        }
        guard let profile = PythonProfile.named(version) else {
            throw BadInput("\(Sanitize.printable(binary)) is CPython \(version), and gctrap has no profile for it (profiles: \(PythonProfile.all.map(\.name).joined(separator: ", "))); pass --python-binary with one of those versions")
        }
        if let want = requested?.name, want != version {
            throw BadInput("--python \(want) but \(Sanitize.printable(binary)) is CPython \(version)")
        }
        return (binary, version, profile)
    }

    /// The scenario's text for CPython, with the --set values written into it.
    func cpythonCopy(of source: ScenarioOptions.Source, settings: [(name: String, value: String)],
                     values: [String: Value]) throws -> String {
        var copy = source.text
        for (k, _) in settings {
            guard let v = values[k] else { continue }
            guard let rewritten = rewriteConstant(in: copy, name: k, literal: pythonLiteral(v)) else {
                throw BadInput("--set \(k): cannot find the line `\(k) = ...` at the start of a line in \(Sanitize.printable(source.fileName))")
            }
            copy = rewritten
        }
        return copy
    }

    /// Runs `script` on CPython in a temporary folder beside the stand-ins.
    func runCPython(_ binary: String, on script: String, name: String, standIns: StandIns, gen0AtStart: Int = 0) throws -> VerifyRun {
        let tmp = try makeTempDir()
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        let scriptName = (name.isEmpty ? "scenario" : name) + ".py"
        let csvPath = (tmp as NSString).appendingPathComponent("gctrap-verify.csv")
        do {
            try script.write(toFile: (tmp as NSString).appendingPathComponent(scriptName), atomically: true, encoding: .utf8)
            try standIns.db.write(toFile: (tmp as NSString).appendingPathComponent("db.py"), atomically: true, encoding: .utf8)
            try standIns.gctrap.write(toFile: (tmp as NSString).appendingPathComponent("gctrap.py"), atomically: true, encoding: .utf8)
        } catch {
            throw BadInput("cannot write the temporary copy in \(tmp): \(error.localizedDescription)")
        }
        var env = ProcessInfo.processInfo.environment
        env["GCTRAP_CSV"] = csvPath
        env["GCTRAP_GEN0_AT_START"] = String(gen0AtStart)   // always: a value in the caller's environment must not leak in
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env["PYTHONIOENCODING"] = "utf-8"
        env.removeValue(forKey: "PYTHONPATH")
        env.removeValue(forKey: "PYTHONSTARTUP")
        env.removeValue(forKey: "GCTRAP_COUNT_ONLY")   // verify compares `leaked`: the walk must run
        let started = Date()
        let py = Processes.run(binary, [scriptName], cwd: tmp, environment: env, timeout: TimeInterval(timeout))
        let seconds = Date().timeIntervalSince(started)
        if py.status < 0 { throw BadInput("cannot run \(Sanitize.printable(binary)): \(py.stderr)") }
        if py.timedOut { throw BadInput("\(Sanitize.printable(binary)) did not finish within \(timeout) s (--timeout)") }
        let error: String
        if py.status == 0 { error = "none" } else {
            error = Sanitize.printable(py.stderr.split(separator: "\n").last.map(String.init) ?? "exit status \(py.status)")
        }
        return VerifyRun(rows: csvRows(readText(csvPath) ?? ""), output: py.stdout, error: error,
                         status: py.status, seconds: seconds, stderr: py.stderr)
    }

    func runSimulator(_ sim: Simulation) -> VerifyRun {
        var output = ""
        sim.onOutput = { output += $0 }
        sim.onErrorOutput = { _ in }     // CPython's stderr is not compared
        let started = Date()
        sim.runToEnd()
        let seconds = Date().timeIntervalSince(started)
        let error: String
        switch sim.state {
        case .failed(let s): error = Sanitize.printable(s)
        case .stopped(let s): error = "stopped: " + Sanitize.printable(s)
        default: error = "none"
        }
        let status: Int32 = sim.limitReached?.unsupported == true ? 2
            : sim.uncaughtTraceback != nil || sim.limitReached != nil ? 1 : 0
        return VerifyRun(rows: sim.rows.map(\.csv), output: output, error: error, status: status,
                         seconds: seconds, stderr: "")
    }
}

/// The CPython stand-ins db.py and gctrap.py: beside FILE when it has them, else the built-in copies.
struct StandIns {
    var db = EmbeddedScenarios.db + "\n"
    var gctrap = EmbeddedScenarios.gctrapStandIn + "\n"
    /// Where they came from, for the report.
    var from = "built-in copies"

    init(beside path: String?) {
        guard let path else { return }
        let dir = (path as NSString).deletingLastPathComponent
        let folder = dir.isEmpty ? "." : dir
        let dbPath = (folder as NSString).appendingPathComponent("db.py")
        let gctrapPath = (folder as NSString).appendingPathComponent("gctrap.py")
        if let d = readText(dbPath) {
            db = d
            from = dbPath
        }
        if let g = readText(gctrapPath) {
            gctrap = g
            from += ", " + gctrapPath
        } else if from != "built-in copies" {
            from += ", built-in gctrap.py"
        }
    }
}

/// What one side of the comparison did.
struct VerifyRun {
    var rows: [String]
    var output: String
    /// The error that stopped the program ("none", or the last line of the traceback).
    var error: String
    var status: Int32
    var seconds: Double
    var stderr: String
}

/// CPython's run and the simulator's side by side.
struct SideBySide {
    var cpython: VerifyRun
    var gctrap: VerifyRun

    var identical: Bool { cpython.rows == gctrap.rows }

    func report(title: String, standIns: String, left: String, right: String) -> String {
        let (py, sim) = (cpython, gctrap)
        let sameOutput = py.output == sim.output
        let table: [(String, String, String)] = [
            ("tasks", String(py.rows.count), String(sim.rows.count)),
            ("peak open (task end)", peak(py.rows), peak(sim.rows)),
            ("stopping error", withTask(errorClass(py.error), py.rows), withTask(errorClass(sim.error), sim.rows)),
            ("collections gen 0/1/2", collections(py.rows), collections(sim.rows)),
            ("exit status", String(py.status), String(sim.status)),
            ("program output", sameOutput ? "identical" : "\(lineCount(py.output)) lines",
             sameOutput ? "identical" : "\(lineCount(sim.output)) lines"),
            ("time", String(format: "%.2f s", py.seconds), String(format: "%.2f s", sim.seconds)),
        ]
        var out: [String] = []
        out.append(title)
        out.append("stand-ins: \(Sanitize.printable(standIns))")
        let w0 = max(22, table.map(\.0.count).max() ?? 0) + 2
        let w1 = max(left.count, table.map(\.1.count).max() ?? 0) + 3
        out.append("".padding(w0) + left.padding(w1) + right)
        for (k, a, b) in table { out.append(k.padding(w0) + a.padding(w1) + b) }
        if py.error != "none" { out.append("CPython's error: " + py.error) }
        if sim.error != "none" { out.append("gctrap's error:  " + sim.error) }
        if identical {
            out.append("rows: identical (\(sim.rows.count) row\(sim.rows.count == 1 ? "" : "s"))")
        } else {
            let n = min(py.rows.count, sim.rows.count)
            let i = (0..<n).first { py.rows[$0] != sim.rows[$0] } ?? n
            out.append("rows: differ from row \(i + 1) of \(max(py.rows.count, sim.rows.count)):")
            out.append("  header   " + TaskRow.csvHeader)
            out.append("  CPython  " + (i < py.rows.count ? Sanitize.printable(py.rows[i]) : "(no row)"))
            out.append("  gctrap   " + (i < sim.rows.count ? sim.rows[i] : "(no row)"))
        }
        if py.status != 0 && py.rows.isEmpty && !py.stderr.isEmpty {
            out.append("CPython's stderr (last lines):")
            for l in py.stderr.split(separator: "\n", omittingEmptySubsequences: false).suffix(8) {
                out.append("  " + Sanitize.printable(String(l)))
            }
        }
        return out.joined(separator: "\n")
    }
}

// MARK: - helpers

/// The Python spelling of a setting's value.
func pythonLiteral(_ v: Value) -> String {
    switch v {
    case .bool(let b): return b ? "True" : "False"
    case .int(let i): return String(i)
    case .none: return "None"
    case .str(let s):
        var out = "'"
        for u in s.unicodeScalars {
            switch u {
            case "\\": out += "\\\\"
            case "'": out += "\\'"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 || u.value == 0x7f { out += String(format: "\\x%02x", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "'"
    default: return "None"
    }
}

/// Replaces the value of the first module-level `NAME = value` line, keeping any comment.
func rewriteConstant(in source: String, name: String, literal: String) -> String? {
    var lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    for (i, line) in lines.enumerated() {
        guard line.hasPrefix(name) else { continue }
        var rest = line.dropFirst(name.count)
        let beforeEq = rest.prefix { $0 == " " || $0 == "\t" }
        rest = rest.dropFirst(beforeEq.count)
        guard rest.first == "=", rest.dropFirst().first != "=" else { continue }
        rest = rest.dropFirst()
        let afterEq = rest.prefix { $0 == " " || $0 == "\t" }
        rest = rest.dropFirst(afterEq.count)
        // The old literal: a quoted string, or everything up to whitespace or a comment.
        var end = rest.startIndex
        if let q = rest.first, q == "'" || q == "\"" {
            var j = rest.index(after: rest.startIndex)
            while j < rest.endIndex && rest[j] != q {
                if rest[j] == "\\" { j = rest.index(after: j); if j == rest.endIndex { break } }
                j = rest.index(after: j)
            }
            end = j < rest.endIndex ? rest.index(after: j) : j
        } else {
            end = rest.firstIndex { $0 == " " || $0 == "\t" || $0 == "#" } ?? rest.endIndex
        }
        if end == rest.startIndex { continue }
        lines[i] = name + beforeEq + "=" + afterEq + literal + rest[end...]
        return lines.joined(separator: "\n")
    }
    return nil
}

func readText(_ path: String) -> String? {
    var isDir: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue,
          let data = FileManager.default.contents(atPath: path) else { return nil }
    return String(data: data, encoding: .utf8)
}

/// Data rows of a CSV (header and empty lines dropped).
func csvRows(_ text: String) -> [String] {
    text.split(separator: "\n").map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
        .filter { !$0.isEmpty && $0 != TaskRow.csvHeader }
}

private func fields(_ row: String) -> [String] { row.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }

/// "150 (task 978)": the highest `open` at a task end and the first task that reached it.
private func peak(_ rows: [String]) -> String {
    var best: (Int, String)? = nil
    for r in rows {
        let f = fields(r)
        guard f.count >= 2, let open = Int(f[1]) else { continue }
        if best == nil || open > best!.0 { best = (open, f[0]) }
    }
    return best.map { "\($0.0) (task \($0.1))" } ?? "-"
}

private func withTask(_ error: String, _ rows: [String]) -> String {
    guard error != "none" else { return error }
    if let r = rows.last(where: { (fields($0).last ?? "").isEmpty == false }) {
        let f = fields(r)
        return "\(error) (task \(f[0]))"
    }
    return error
}

/// "TooManyConnections" from "db.TooManyConnections: Create Session failed: ...".
private func errorClass(_ message: String) -> String {
    guard message != "none" else { return message }
    if message.hasPrefix("stopped: ") { return "stopped (limit)" }
    let head = message.split(separator: ":", maxSplits: 1).first.map(String.init) ?? message
    if head.contains(" ") { return message.count > 40 ? String(message.prefix(37)) + "..." : message }
    return head.split(separator: ".").last.map(String.init) ?? head
}

private func collections(_ rows: [String]) -> String {
    guard let last = rows.last else { return "-" }
    let f = fields(last)
    guard f.count >= 10 else { return "?" }
    return "\(f[7])/\(f[8])/\(f[9])"
}

private func lineCount(_ s: String) -> Int { s.split(separator: "\n", omittingEmptySubsequences: false).count - (s.hasSuffix("\n") ? 1 : 0) }

private extension String {
    func padding(_ n: Int) -> String { count >= n ? self + " " : self + String(repeating: " ", count: n - count) }
}

private func makeTempDir() throws -> String {
    let base = NSTemporaryDirectory()
    var template = Array(((base as NSString).appendingPathComponent("gctrap-verify.XXXXXX")).utf8CString)
    let ok = template.withUnsafeMutableBufferPointer { buf -> Bool in mkdtemp(buf.baseAddress!) != nil }
    if !ok { throw BadInput("cannot create a temporary folder in \(base)") }
    return String(cString: template)
}
