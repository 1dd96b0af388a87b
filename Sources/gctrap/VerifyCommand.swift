import ArgumentParser
import Foundation
import GCTrapCore

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

        Without --python-binary: python3, or with --python X, pythonX or ~/.pyenv/versions/X*/bin/python.

        Exit status: 0 the CSVs are identical, 1 they differ, 2 bad input or no usable interpreter.
        """)

    @Argument(help: "A scenario file, or the name of a built-in scenario (default: incident).")
    var file: String?

    @Option(help: ArgumentHelp("The CPython interpreter to run (default: python3).", valueName: "PATH"))
    var pythonBinary: String?

    @Option(help: "The CPython version to compare with: \(PythonProfile.all.map(\.name).joined(separator: " or ")). Finds that interpreter unless --python-binary is given, and then must match it.")
    var python: String?

    @Option(name: .customLong("set"), help: ArgumentHelp("Override a module-level constant (a toggle), e.g. --set RETURN_AGENT=False.", valueName: "NAME=VALUE"))
    var settings: [String] = []

    @Option(help: "Stop the simulation after this many statements (an endless loop guard).")
    var maxSteps = 50_000_000

    @Option(help: "Give up on the interpreter after this many seconds.")
    var timeout = 600

    func run() throws {
        if let p = python, PythonProfile.named(p) == nil {
            fail("unknown Python profile '\(Sanitize.printable(p))': use \(PythonProfile.all.map(\.name).joined(separator: " or "))")
        }
        var parsed: [(name: String, value: String)] = []
        for s in settings {
            guard let eq = s.firstIndex(of: "="), eq != s.startIndex else {
                fail("--set needs NAME=VALUE, got '\(Sanitize.printable(s))'")
            }
            parsed.append((String(s[..<eq]), String(s[s.index(after: eq)...])))
        }
        let (name, path, source) = readScenario(file ?? "incident")
        let fileName = path ?? "\(name).py"

        // The stand-ins: beside FILE when it has them, else the built-in copies.
        var dbSource = EmbeddedScenarios.db + "\n"
        var gctrapSource = EmbeddedScenarios.gctrapStandIn + "\n"
        var standInsFrom = "built-in copies"
        if let path {
            let dir = (path as NSString).deletingLastPathComponent
            let folder = dir.isEmpty ? "." : dir
            if let d = readText((folder as NSString).appendingPathComponent("db.py")) {
                dbSource = d
                standInsFrom = (folder as NSString).appendingPathComponent("db.py")
            }
            if let g = readText((folder as NSString).appendingPathComponent("gctrap.py")) {
                gctrapSource = g
                standInsFrom += ", " + (folder as NSString).appendingPathComponent("gctrap.py")
            } else if standInsFrom != "built-in copies" {
                standInsFrom += ", built-in gctrap.py"
            }
        }

        // Load once with the default profile: syntax errors and bad --set values end here
        // (exit 2) before any interpreter is looked for.
        let settingsDict = Dictionary(parsed, uniquingKeysWith: { _, last in last })
        let probe = makeSimulation(source: source, name: name, profile: .py311, settings: settingsDict,
                                   dbSource: dbSource, fileName: fileName)

        // The interpreter and its profile.
        let (binary, version) = findInterpreter()
        guard let profile = PythonProfile.named(version) else {
            fail("\(Sanitize.printable(binary)) is CPython \(version), and gctrap has no profile for it (profiles: \(PythonProfile.all.map(\.name).joined(separator: ", "))); pass --python-binary with one of those versions")
        }
        if let want = python, want != version {
            fail("--python \(want) but \(Sanitize.printable(binary)) is CPython \(version)")
        }

        // The copy for CPython, with the settings written into it.
        var copy = source
        for (k, _) in parsed {
            guard let v = probe.settings[k] else { continue }
            guard let rewritten = rewriteConstant(in: copy, name: k, literal: pythonLiteral(v)) else {
                fail("--set \(k): cannot find the line `\(k) = ...` at the start of a line in \(Sanitize.printable(fileName))")
            }
            copy = rewritten
        }
        let tmp = makeTempDir()
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        let scriptName = (name.isEmpty ? "scenario" : name) + ".py"
        let script = (tmp as NSString).appendingPathComponent(scriptName)
        let csvPath = (tmp as NSString).appendingPathComponent("gctrap-verify.csv")
        do {
            try copy.write(toFile: script, atomically: true, encoding: .utf8)
            try dbSource.write(toFile: (tmp as NSString).appendingPathComponent("db.py"), atomically: true, encoding: .utf8)
            try gctrapSource.write(toFile: (tmp as NSString).appendingPathComponent("gctrap.py"), atomically: true, encoding: .utf8)
        } catch {
            fail("cannot write the temporary copy in \(tmp): \(error.localizedDescription)")
        }

        // CPython.
        var env = ProcessInfo.processInfo.environment
        env["GCTRAP_CSV"] = csvPath
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env["PYTHONIOENCODING"] = "utf-8"
        env.removeValue(forKey: "PYTHONPATH")
        env.removeValue(forKey: "PYTHONSTARTUP")
        let started = Date()
        guard let py = runProcess(binary, [scriptName], cwd: tmp, env: env, timeout: timeout) else {
            fail("cannot run \(Sanitize.printable(binary))")
        }
        let pySeconds = Date().timeIntervalSince(started)
        if py.timedOut {
            fail("\(Sanitize.printable(binary)) did not finish within \(timeout) s (--timeout)")
        }
        let pyCSV = readText(csvPath) ?? ""
        let pyRows = csvRows(pyCSV)

        // The simulator, with the profile of that version.
        let sim = profile == .py311 ? probe
            : makeSimulation(source: source, name: name, profile: profile, settings: settingsDict,
                             dbSource: dbSource, fileName: fileName)
        sim.maxSteps = maxSteps
        var simOutput = ""
        sim.onOutput = { simOutput += $0 }
        sim.onErrorOutput = { _ in }     // CPython's stderr is not compared
        let simStarted = Date()
        sim.runToEnd()
        let simSeconds = Date().timeIntervalSince(simStarted)
        let simRows = sim.rows.map(\.csv)

        // Side by side.
        let cpythonError: String = {
            if py.status == 0 { return "none" }
            let lastLine = py.stderr.split(separator: "\n").last.map(String.init) ?? "exit status \(py.status)"
            return Sanitize.printable(lastLine)
        }()
        let simError: String = {
            switch sim.state {
            case .failed(let s): return Sanitize.printable(s)
            case .stopped(let s): return "stopped: " + Sanitize.printable(s)
            default: return "none"
            }
        }()
        var table: [(String, String, String)] = []
        table.append(("tasks", String(pyRows.count), String(simRows.count)))
        table.append(("peak open (task end)", peak(pyRows), peak(simRows)))
        table.append(("stopping error", withTask(errorClass(cpythonError), pyRows), withTask(errorClass(simError), simRows)))
        table.append(("collections gen 0/1/2", collections(pyRows), collections(simRows)))
        table.append(("exit status", String(py.status), sim.limitReached?.unsupported == true ? "2" : sim.uncaughtTraceback != nil || sim.limitReached != nil ? "1" : "0"))
        table.append(("program output", py.stdout == simOutput ? "identical" : "\(lineCount(py.stdout)) lines",
                      py.stdout == simOutput ? "identical" : "\(lineCount(simOutput)) lines"))
        table.append(("time", String(format: "%.2f s", pySeconds), String(format: "%.2f s", simSeconds)))

        var out: [String] = []
        out.append("gctrap verify \(Sanitize.printable(fileName))" + (parsed.isEmpty ? "" : " " + parsed.map { "--set \($0.name)=\($0.value)" }.joined(separator: " ")))
        out.append("stand-ins: \(Sanitize.printable(standInsFrom))")
        let left = "CPython \(version) (\(Sanitize.printable(binary)))"
        let right = "gctrap, \(profile.name) profile"
        let w0 = max(22, table.map(\.0.count).max() ?? 0) + 2
        let w1 = max(left.count, table.map(\.1.count).max() ?? 0) + 3
        out.append("".padding(w0) + left.padding(w1) + right)
        for (k, a, b) in table { out.append(k.padding(w0) + a.padding(w1) + b) }
        if cpythonError != "none" { out.append("CPython's error: " + cpythonError) }
        if simError != "none" { out.append("gctrap's error:  " + simError) }
        let identical = pyRows == simRows
        if identical {
            out.append("rows: identical (\(simRows.count) row\(simRows.count == 1 ? "" : "s"))")
        } else {
            let n = min(pyRows.count, simRows.count)
            let i = (0..<n).first { pyRows[$0] != simRows[$0] } ?? n
            out.append("rows: differ from row \(i + 1) of \(max(pyRows.count, simRows.count)):")
            out.append("  header   " + TaskRow.csvHeader)
            out.append("  CPython  " + (i < pyRows.count ? Sanitize.printable(pyRows[i]) : "(no row)"))
            out.append("  gctrap   " + (i < simRows.count ? simRows[i] : "(no row)"))
        }
        if py.status != 0 && pyRows.isEmpty && !py.stderr.isEmpty {
            out.append("CPython's stderr (last lines):")
            for l in py.stderr.split(separator: "\n", omittingEmptySubsequences: false).suffix(8) {
                out.append("  " + Sanitize.printable(String(l)))
            }
        }
        print(out.joined(separator: "\n"))
        if let limit = sim.limitReached, limit.unsupported {
            StandardError.write(limit.diagnostic(file: Sanitize.printable(fileName), source: source) + "\n")
            throw ExitCode(2)
        }
        if !identical { throw ExitCode(1) }
    }

    // MARK: pieces

    func makeSimulation(source: String, name: String, profile: PythonProfile, settings: [String: String],
                        dbSource: String, fileName: String) -> Simulation {
        do {
            let sim = try Simulation(source: source, name: name, profile: profile, settings: settings,
                                     dbSource: dbSource, fileName: fileName)
            sim.maxSteps = maxSteps
            return sim
        } catch let e as SetupError {
            fail(ScenarioOptions().describe(e, path: fileName))
        } catch {
            fail("\(error)")
        }
    }

    /// The interpreter to run and its version ("3.11").
    func findInterpreter() -> (String, String) {
        if let explicit = pythonBinary {
            guard let resolved = resolveExecutable(explicit) else {
                fail("python binary not found: \(Sanitize.printable(explicit))")
            }
            guard let v = pythonVersion(resolved) else {
                fail("\(Sanitize.printable(explicit)) does not run as a Python interpreter (`\(Sanitize.printable(resolved)) -c 'import sys; print(sys.version_info[:2])'` failed)")
            }
            return (explicit, v)
        }
        guard let want = python else {
            guard let resolved = resolveExecutable("python3") else {
                fail("python3 not found on PATH; install CPython or pass --python-binary PATH")
            }
            guard let v = pythonVersion(resolved) else {
                fail("python3 (\(resolved)) does not run; pass --python-binary PATH")
            }
            return ("python3", v)
        }
        var candidates: [String] = []
        if let r = resolveExecutable("python" + want) { candidates.append(r) }
        let pyenv = (NSHomeDirectory() as NSString).appendingPathComponent(".pyenv/versions")
        if let versions = try? FileManager.default.contentsOfDirectory(atPath: pyenv) {
            for v in versions.sorted().reversed() where v == want || v.hasPrefix(want + ".") {
                candidates.append("\(pyenv)/\(v)/bin/python")
            }
        }
        if let r = resolveExecutable("python3") { candidates.append(r) }
        for c in candidates {
            if let v = pythonVersion(c), v == want { return (c, v) }
        }
        fail("no CPython \(want) found (looked for python\(want) on PATH, ~/.pyenv/versions/\(want)*/bin/python, python3); pass --python-binary PATH")
    }

    /// `sys.version_info[:2]` as "3.11", or nil when the binary does not run.
    func pythonVersion(_ binary: String) -> String? {
        guard let r = runProcess(binary, ["-c", "import sys;print(sys.version_info[:2])"], cwd: nil,
                                 env: ProcessInfo.processInfo.environment, timeout: 30),
              r.status == 0, !r.timedOut else { return nil }
        // "(3, 11)"
        let digits = r.stdout.split(whereSeparator: { !$0.isNumber }).map(String.init)
        guard digits.count >= 2 else { return nil }
        return digits[0] + "." + digits[1]
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

private func makeTempDir() -> String {
    let base = NSTemporaryDirectory()
    var template = Array(((base as NSString).appendingPathComponent("gctrap-verify.XXXXXX")).utf8CString)
    let ok = template.withUnsafeMutableBufferPointer { buf -> Bool in mkdtemp(buf.baseAddress!) != nil }
    if !ok { fail("cannot create a temporary folder in \(base)") }
    return String(cString: template)
}

/// A path for an executable name (PATH lookup when it has no slash), or nil.
func resolveExecutable(_ name: String) -> String? {
    let fm = FileManager.default
    if name.contains("/") {
        var isDir: ObjCBool = false
        return fm.fileExists(atPath: name, isDirectory: &isDir) && !isDir.boolValue && fm.isExecutableFile(atPath: name) ? name : nil
    }
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    for dir in path.split(separator: ":") {
        let p = (String(dir) as NSString).appendingPathComponent(name)
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: p, isDirectory: &isDir), !isDir.boolValue, fm.isExecutableFile(atPath: p) { return p }
    }
    return nil
}

struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
    var timedOut: Bool
}

/// Runs a program to completion, its output collected through files (no pipe deadlocks).
func runProcess(_ executable: String, _ args: [String], cwd: String?, env: [String: String], timeout: Int) -> ProcessResult? {
    guard let exe = resolveExecutable(executable) else { return nil }
    let outDir = makeTempDir()
    defer { try? FileManager.default.removeItem(atPath: outDir) }
    let outPath = (outDir as NSString).appendingPathComponent("stdout")
    let errPath = (outDir as NSString).appendingPathComponent("stderr")
    FileManager.default.createFile(atPath: outPath, contents: nil)
    FileManager.default.createFile(atPath: errPath, contents: nil)
    guard let outH = FileHandle(forWritingAtPath: outPath), let errH = FileHandle(forWritingAtPath: errPath) else { return nil }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: exe)
    p.arguments = args
    p.environment = env
    if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
    p.standardInput = FileHandle.nullDevice
    p.standardOutput = outH
    p.standardError = errH
    do { try p.run() } catch { return nil }
    let deadline = Date().addingTimeInterval(TimeInterval(timeout))
    var timedOut = false
    while p.isRunning {
        if Date() > deadline { p.terminate(); timedOut = true; break }
        usleep(5_000)
    }
    p.waitUntilExit()
    try? outH.close()
    try? errH.close()
    let out = FileManager.default.contents(atPath: outPath).map { String(decoding: $0, as: UTF8.self) } ?? ""
    let err = FileManager.default.contents(atPath: errPath).map { String(decoding: $0, as: UTF8.self) } ?? ""
    return ProcessResult(status: p.terminationStatus, stdout: out, stderr: err, timedOut: timedOut)
}
