import ArgumentParser
import Foundation
import GCTrapCore

/// Options every command that loads a scenario shares (`explore`, `run`, `verify`), and the
/// loading itself: every bad input ends here as a thrown `BadInput` (exit status 2).
struct ScenarioOptions: ParsableArguments {
    @Argument(help: "A scenario file, or the name of a built-in scenario (default: incident).")
    var file: String?

    @Option(help: "The CPython profile: \(PythonProfile.all.map(\.name).joined(separator: " or ")) (default: 3.11; verify: the interpreter's version).")
    var python: String?

    @Option(name: .customLong("set"), help: ArgumentHelp("Override a module-level constant (a toggle), e.g. --set RETURN_AGENT=False.", valueName: "NAME=VALUE"))
    var settings: [String] = []

    @Option(help: ArgumentHelp("Stop after this many statements (an endless loop guard); finalizers' statements count too. 'none': no limit (hours of exploring).", valueName: "N|none"))
    var maxSteps = StepLimit.standard

    @Option(help: ArgumentHelp("The budget of modelled memory (what CPython would hold: 64 bytes an object, 8 a slot, a str's bytes); past it the program gets MemoryError. E.g. 64M, 1G.", valueName: "SIZE"))
    var maxMemory = MemorySize(bytes: Simulation.defaultMemoryBudget)

    @Option(help: "Stop after this many finished tasks.")
    var maxTasks = Int.max

    @Option(name: .customLong("gen0-at-start"), help: ArgumentHelp("Generation 0's count when the task loop starts (the start-up lottery): 0, the default, is right after the stand-in's start-up collection; up to the profile's first threshold minus 1 (699 on 3.11/3.12, 1999 on 3.13). verify passes it to CPython as GCTRAP_GEN0_AT_START.", valueName: "N"))
    var gen0AtStart = 0

    func validate() throws {
        guard maxTasks >= 1 else { throw ValidationError("--max-tasks must be at least 1") }
    }

    /// A scenario's text and where it came from.
    struct Source {
        var name: String
        /// The file, or nil for a built-in scenario.
        var path: String?
        var text: String
        /// The name diagnostics use: the path, or NAME.py for a built-in.
        var fileName: String { path ?? "\(name).py" }
    }

    struct Loaded {
        var simulation: Simulation
        var displayName: String
        var path: String?
        var source: String
    }

    /// The profile named by --python; nil when none was given.
    func profile() throws -> PythonProfile? {
        guard let python else { return nil }
        guard let profile = PythonProfile.named(python) else {
            throw BadInput("unknown Python profile '\(Sanitize.printable(python))': use \(PythonProfile.all.map(\.name).joined(separator: " or "))")
        }
        return profile
    }

    /// The --set pairs in order (a later one wins).
    func parsedSettings() throws -> [(name: String, value: String)] {
        try settings.map { s in
            guard let eq = s.firstIndex(of: "="), eq != s.startIndex else {
                throw BadInput("--set needs NAME=VALUE, got '\(Sanitize.printable(s))'")
            }
            return (String(s[..<eq]), String(s[s.index(after: eq)...]))
        }
    }

    func settingsDictionary() throws -> [String: String] {
        Dictionary(try parsedSettings().map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last })
    }

    /// The scenario file, or the built-in scenario of that name.
    func source() throws -> Source { try readScenario(file ?? "incident") }

    /// A simulation of `source` on `profile` with the --set values and the step limit.
    func makeSimulation(_ source: Source, profile: PythonProfile, dbSource: String? = nil,
                        gen0AtStart: Int? = nil) throws -> Simulation {
        let n = gen0AtStart ?? self.gen0AtStart
        try Self.checkGen0AtStart(n, profile: profile)
        do {
            let sim: Simulation
            if let dbSource {
                sim = try Simulation(source: source.text, name: source.name, profile: profile,
                                     settings: try settingsDictionary(), dbSource: dbSource, fileName: source.fileName,
                                     gen0AtStart: n)
            } else {
                sim = try Simulation(source: source.text, name: source.name, profile: profile,
                                     settings: try settingsDictionary(), fileName: source.fileName, gen0AtStart: n)
            }
            sim.maxSteps = maxSteps.steps
            sim.memoryBudget = maxMemory.bytes
            sim.maxTasks = maxTasks
            return sim
        } catch let e as SetupError {
            if case .scenario = e {
                // A compiler-style diagnostic: FILE:LINE:COL first, so editors can jump to it.
                throw BadInput(diagnostic: describe(e, path: source.fileName))
            }
            throw BadInput(describe(e, path: source.fileName))
        }
    }

    /// --gen0-at-start must leave the first collection to come: 0 up to the threshold, exclusive.
    static func checkGen0AtStart(_ n: Int, profile: PythonProfile) throws {
        guard let range = Simulation.gen0AtStartRange(profile), range.contains(n) else {
            let t = profile.thresholds[0]
            throw BadInput("--gen0-at-start \(n): use 0 to \(t - 1) (below the \(profile.name) profile's gen-0 threshold, \(t))")
        }
    }

    /// Everything `explore` and `run` need: profile (default 3.11), settings, scenario.
    func load() throws -> Loaded {
        let profile = try profile() ?? .py311
        _ = try parsedSettings()
        let source = try source()
        let sim = try makeSimulation(source, profile: profile)
        return Loaded(simulation: sim, displayName: source.name, path: source.path, source: source.text)
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

/// Reads a scenario from a path, or a built-in one by name.
func readScenario(_ spec: String) throws -> ScenarioOptions.Source {
    let fm = FileManager.default
    var isDir: ObjCBool = false
    let shown = Sanitize.printable(spec)
    if !fm.fileExists(atPath: spec, isDirectory: &isDir) {
        if let builtIn = EmbeddedScenarios.named(spec) { return .init(name: spec, path: nil, text: builtIn) }
        let names = EmbeddedScenarios.all.map(\.name).joined(separator: ", ")
        throw BadInput("\(shown): no such file (built-in scenarios: \(names))")
    }
    if isDir.boolValue { throw BadInput("\(shown): is a directory, not a scenario file") }
    let data: Data
    switch readBounded(spec, limit: 1 << 20) {
    case .unreadable(let why): throw BadInput("\(shown): cannot read the file: \(why)")
    case .tooLarge: throw BadInput("\(shown): larger than 1 MB; scenarios are small programs")
    case .data(let d): data = d
    }
    if data.contains(0) { throw BadInput("\(shown): a binary file, not a Python scenario") }
    guard let text = String(data: data, encoding: .utf8) else { throw BadInput("\(shown): not UTF-8 text") }
    let base = (spec as NSString).lastPathComponent
    let name = base.hasSuffix(".py") ? String(base.dropLast(3)) : base
    return .init(name: name, path: spec, text: text)
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

/// Bad input (exit status 2): `main.swift` prints the message on stderr and exits with 2.
/// Helpers throw it instead of exiting, so every command cleans up on the way out.
struct BadInput: Error {
    /// The whole line printed on stderr.
    var text: String

    /// `gctrap: message`, made printable: it may quote the command line, which is as
    /// untrusted as a file.
    init(_ message: String) { text = "gctrap: " + Sanitize.printableKeepingNewlines(message) }

    /// A line that already says where it comes from (`FILE:LINE:COL: error: ...`, `FILE:LINE: ...`).
    init(diagnostic: String) { text = diagnostic }
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

    func write(_ bytes: [UInt8]) {
        FileHandle.standardOutput.write(Data(bytes))
    }
}

/// A byte count typed as 1048576, 512K, 64M or 1G (binary units).
/// `--max-steps N` (at least 1) or `--max-steps none`: the statement budget, or none at all
/// for a run the user means to leave going (the live investigator thins its history).
struct StepLimit: ExpressibleByArgument {
    static let standard = StepLimit(steps: 50_000_000)
    var steps: Int

    init(steps: Int) { self.steps = steps }

    init?(argument: String) {
        let t = argument.trimmingCharacters(in: .whitespaces)
        if t.lowercased() == "none" { steps = Int.max; return }
        guard let n = Int(t), n >= 1 else { return nil }
        steps = n
    }

    var defaultValueDescription: String { steps == Int.max ? "none" : "\(steps)" }
}

struct MemorySize: ExpressibleByArgument {
    var bytes: Int

    init(bytes: Int) { self.bytes = bytes }

    init?(argument: String) {
        let t = argument.trimmingCharacters(in: .whitespaces).uppercased()
        let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
        var digits = Substring(t)
        var unit = 1
        if let last = t.last, let u = units[last] { unit = u; digits = t.dropLast() }
        if digits.hasSuffix("I") || digits.hasSuffix("B") { return nil }
        guard let n = Int(digits), n >= 1, n <= (1 << 50) / unit else { return nil }
        bytes = n * unit
    }

    var defaultValueDescription: String { "\(bytes >> 20)M" }
}
