import ArgumentParser
import Foundation
import GCTrapCore

/// Options every command that loads a scenario shares, and the loading itself: every
/// bad input ends here with a clear message and exit status 2.
struct ScenarioOptions: ParsableArguments {
    @Argument(help: "A scenario file, or the name of a built-in scenario (default: incident).")
    var file: String?

    @Option(help: "The CPython profile: \(PythonProfile.all.map(\.name).joined(separator: " or ")).")
    var python = "3.11"

    @Option(name: .customLong("set"), help: ArgumentHelp("Override a module-level constant (a toggle), e.g. --set RETURN_AGENT=False.", valueName: "NAME=VALUE"))
    var settings: [String] = []

    @Option(help: "Stop after this many statements (an endless loop guard).")
    var maxSteps = 50_000_000

    struct Loaded {
        var simulation: Simulation
        var displayName: String
        var path: String?
        var source: String
    }

    func load() throws -> Loaded {
        guard let profile = PythonProfile.named(python) else {
            fail("unknown Python profile '\(Sanitize.printable(python))': use \(PythonProfile.all.map(\.name).joined(separator: " or "))")
        }
        var parsed: [String: String] = [:]
        for s in settings {
            guard let eq = s.firstIndex(of: "="), eq != s.startIndex else {
                fail("--set needs NAME=VALUE, got '\(Sanitize.printable(s))'")
            }
            parsed[String(s[..<eq])] = String(s[s.index(after: eq)...])
        }
        let (name, path, source) = readScenario(file ?? "incident")
        do {
            let sim = try Simulation(source: source, name: name, profile: profile, settings: parsed,
                                     fileName: path ?? "\(name).py")
            sim.maxSteps = maxSteps
            return Loaded(simulation: sim, displayName: name, path: path, source: source)
        } catch let e as SetupError {
            if case .scenario = e {
                // A compiler-style diagnostic: FILE:LINE:COL first, so editors can jump to it.
                StandardError.write(describe(e, path: path ?? "\(name).py") + "\n")
                Foundation.exit(2)
            }
            fail(describe(e, path: path ?? "\(name).py"))
        }
    }

    func describe(_ e: SetupError, path: String) -> String {
        switch e {
        case .scenario(let err, let module, let lines):
            let file = module == "db" ? "db.py (built in)" : path
            return err.formatted(file: Sanitize.printable(file), lines: lines)
        case .unknownSetting(let name, let available):
            let list = available.isEmpty ? "the scenario declares no module-level constants" :
                "the scenario's constants: " + available.joined(separator: ", ")
            return "--set: unknown name '\(Sanitize.printable(name))'; \(list)"
        case .badSettingValue(let name, let value, let expected):
            return "--set \(Sanitize.printable(name)): '\(Sanitize.printable(value))' is not \(expected)"
        }
    }
}

/// Reads a scenario from a path, or a built-in one by name. Exits 2 on anything unreadable.
func readScenario(_ spec: String) -> (name: String, path: String?, source: String) {
    let fm = FileManager.default
    var isDir: ObjCBool = false
    if !fm.fileExists(atPath: spec, isDirectory: &isDir) {
        if let builtIn = EmbeddedScenarios.named(spec) { return (spec, nil, builtIn) }
        let names = EmbeddedScenarios.all.map(\.name).joined(separator: ", ")
        fail("\(Sanitize.printable(spec)): no such file (built-in scenarios: \(names))")
    }
    if isDir.boolValue { fail("\(Sanitize.printable(spec)): is a directory, not a scenario file") }
    let data: Data
    switch readBounded(spec, limit: 1 << 20) {
    case .unreadable(let why): fail("\(Sanitize.printable(spec)): cannot read the file: \(why)")
    case .tooLarge: fail("\(Sanitize.printable(spec)): larger than 1 MB; scenarios are small programs")
    case .data(let d): data = d
    }
    if data.contains(0) { fail("\(Sanitize.printable(spec)): a binary file, not a Python scenario") }
    guard let text = String(data: data, encoding: .utf8) else {
        fail("\(Sanitize.printable(spec)): not UTF-8 text")
    }
    let base = (spec as NSString).lastPathComponent
    let name = base.hasSuffix(".py") ? String(base.dropLast(3)) : base
    return (name, spec, text)
}

enum BoundedRead { case data(Data), tooLarge, unreadable(String) }

/// Reads at most `limit` bytes: the size is checked before reading (a 2 GB file is
/// refused at once) and the read itself stops past the limit (a pipe or /dev/zero
/// reports no size).
func readBounded(_ path: String, limit: Int) -> BoundedRead {
    if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber,
       size.int64Value > Int64(limit) {
        return .tooLarge
    }
    guard let handle = FileHandle(forReadingAtPath: path) else { return .unreadable("permission denied or not a file") }
    defer { try? handle.close() }
    do {
        var data = Data()
        while data.count <= limit {
            guard let chunk = try handle.read(upToCount: min(1 << 20, limit + 1 - data.count)), !chunk.isEmpty else { break }
            data.append(chunk)
        }
        return data.count > limit ? .tooLarge : .data(data)
    } catch {
        return .unreadable("read error")
    }
}

/// Prints `gctrap: message` on stderr and exits with status 2 (bad input). The message
/// is made printable: it may quote the command line, which is as untrusted as a file.
func fail(_ message: String) -> Never {
    StandardError.write("gctrap: \(Sanitize.printableKeepingNewlines(message))\n")
    exit(2)
}

enum StandardError {
    static func write(_ s: String) {
        FileHandle.standardError.write(s.data(using: .utf8)!)
    }
}

struct StandardOutput {
    func write(_ s: String) {
        FileHandle.standardOutput.write(s.data(using: .utf8)!)
    }
}
