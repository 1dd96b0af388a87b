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
            fail("unknown Python profile '\(python)': use \(PythonProfile.all.map(\.name).joined(separator: " or "))")
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
            return "--set \(name): '\(Sanitize.printable(value))' is not \(expected)"
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
    guard let data = fm.contents(atPath: spec) else { fail("\(Sanitize.printable(spec)): cannot read the file") }
    if data.count > 1 << 20 { fail("\(Sanitize.printable(spec)): larger than 1 MB; scenarios are small programs") }
    if data.contains(0) { fail("\(Sanitize.printable(spec)): a binary file, not a Python scenario") }
    guard let text = String(data: data, encoding: .utf8) else {
        fail("\(Sanitize.printable(spec)): not UTF-8 text")
    }
    let base = (spec as NSString).lastPathComponent
    let name = base.hasSuffix(".py") ? String(base.dropLast(3)) : base
    return (name, spec, text)
}

/// Prints `gctrap: message` on stderr and exits with status 2 (bad input).
func fail(_ message: String) -> Never {
    StandardError.write("gctrap: \(message)\n")
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
