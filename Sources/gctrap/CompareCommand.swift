import ArgumentParser
import Dispatch
import Foundation
import GCTrapCore
import GCTrapHost
import GCTrapSession
import GCTrapTerminal
import GCTrapUI

/// `gctrap compare`: one scenario run two (or more) ways, aligned by task, with the first
/// task where they diverge in words.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Run a scenario two ways (toggles or Python versions) and show where they diverge.",
        discussion: """
        Each side runs the same file. --left/--right set a side's constants (on top of the \
        common --set); --left-python/--right-python pick a side's profile; --python with a \
        comma-separated list (3.11,3.12,3.13) compares three or more profiles.

        Examples:
          gctrap compare incident --left-python 3.11 --right-python 3.13
          gctrap compare incident --right BACK_REFERENCE=False --criterion leaked --exit-code

        Divergence criteria (--criterion): \(DivergenceCriterion.allCases.map { "\($0.rawValue): \($0.explanation)" }.joined(separator: "; ")).

        In a terminal it opens the side-by-side investigator (keys: ] next divergence, [ previous, \
        f first, d criterion, Tab side, t task, c run, b/B back, 1-9 toggles on the focused side, \
        ? help, q quit); with --headless, --csv, --json, --markdown or --exit-code, or without a \
        terminal, it prints the report.

        Exit status: 0 compared (1 with --exit-code when the sides diverge), 2 bad input.
        """)

    @Argument(help: "A scenario file, or the name of a built-in scenario (default: incident).")
    var file: String?

    @Option(help: ArgumentHelp("The profile of both sides, or a comma-separated list of profiles, one side each (\(PythonProfile.all.map(\.name).joined(separator: ",")))."))
    var python = "3.11"

    @Option(name: .customLong("set"), help: ArgumentHelp("Override a constant on every side.", valueName: "NAME=VALUE"))
    var common: [String] = []

    @Option(help: ArgumentHelp("Override a constant on the left side.", valueName: "NAME=VALUE"))
    var left: [String] = []

    @Option(help: ArgumentHelp("Override a constant on the right side.", valueName: "NAME=VALUE"))
    var right: [String] = []

    @Option(help: "The left side's profile.")
    var leftPython: String?

    @Option(help: "The right side's profile.")
    var rightPython: String?

    @Option(help: ArgumentHelp("What counts as a divergence: \(DivergenceCriterion.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "CRITERION"))
    var criterion = "events"

    @Flag(help: "Joined CSV rows: task, then each column of `run --csv` per side (and its delta for two sides).")
    var csv = false

    @Flag(help: "A JSON summary per side, with the first divergence.")
    var json = false

    @Flag(help: "The report as a Markdown table.")
    var markdown = false

    @Flag(help: "Exit 1 when the sides diverge by the criterion (for scripts and CI).")
    var exitCode = false

    @Flag(help: "Print the report instead of opening the side-by-side investigator (the default without a terminal).")
    var headless = false

    @Flag(help: "Do not capture the mouse.")
    var noMouse = false

    @Flag(help: "Start in the projector layout: the divergence, each side's figures in block digits, the chart, a light theme (P toggles it).")
    var projector = false

    @Option(help: ArgumentHelp("Record the comparison into this file (both sides and one stream of keys; m adds a marker).", valueName: "OUT.gctrap"))
    var record: String?

    @Flag(help: "Overwrite the --record file if it exists.")
    var force = false

    @Option(help: "The recorded comparison's title.")
    var title: String?

    @Option(help: ArgumentHelp("Stop each side after this many statements (an endless loop guard; 'none': no limit).", valueName: "N|none"))
    var maxSteps = StepLimit.standard

    @Option(name: .customLong("gen0-at-start"), help: ArgumentHelp("Generation 0's count when the task loop starts, on every side (the start-up lottery; default 0, right after the stand-in's start-up collection; below each side's threshold).", valueName: "N"))
    var gen0AtStart = 0

    @Option(name: .customLong("left-gen0-at-start"), help: ArgumentHelp("The left side's --gen0-at-start (e.g. 0 against --right-gen0-at-start 1200: two processes whose start-up left different counts).", valueName: "N"))
    var leftGen0AtStart: Int?

    @Option(name: .customLong("right-gen0-at-start"), help: ArgumentHelp("The right side's --gen0-at-start.", valueName: "N"))
    var rightGen0AtStart: Int?

    /// Bad combinations are bad input: exit 2 with the reason.
    func checkOptions() throws -> DivergenceCriterion {
        if [csv, json, markdown].filter({ $0 }).count > 1 {
            throw BadInput("choose one of --csv, --json, --markdown")
        }
        guard let c = DivergenceCriterion(rawValue: criterion) else {
            throw BadInput("unknown criterion '\(Sanitize.printable(criterion))': use \(DivergenceCriterion.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return c
    }

    /// A side before it runs: its profile and its own settings.
    struct SideSpec {
        var python: String
        var settings: [String]
        var gen0AtStart = 0
    }

    func sideSpecs() throws -> [SideSpec] {
        let list = python.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        if list.count > 1 {
            if leftPython != nil || rightPython != nil {
                throw BadInput("--python with a list already names every side; drop --left-python/--right-python")
            }
            if !left.isEmpty || !right.isEmpty || leftGen0AtStart != nil || rightGen0AtStart != nil {
                throw BadInput("--left/--right apply to two sides; with a list of Pythons use --set and --gen0-at-start for all")
            }
            return list.map { SideSpec(python: $0, settings: common, gen0AtStart: gen0AtStart) }
        }
        let l = SideSpec(python: leftPython ?? python, settings: common + left, gen0AtStart: leftGen0AtStart ?? gen0AtStart)
        let r = SideSpec(python: rightPython ?? python, settings: common + right, gen0AtStart: rightGen0AtStart ?? gen0AtStart)
        if l.python == r.python && Set(left) == Set(right) && l.gen0AtStart == r.gen0AtStart {
            throw BadInput("both sides are the same: give --left/--right NAME=VALUE, --left-python/--right-python or --left-gen0-at-start/--right-gen0-at-start")
        }
        return [l, r]
    }

    func run() throws {
        let by = try checkOptions()
        let specs = try sideSpecs()
        let loaded: [ScenarioOptions.Loaded] = try specs.map { spec in
            var o = try ScenarioOptions.parse([])
            o.file = file
            o.python = spec.python
            o.settings = spec.settings
            o.maxSteps = maxSteps
            o.gen0AtStart = spec.gen0AtStart
            return try o.load()
        }
        let labels = Self.labels(specs, loaded.map(\.simulation))
        let sims = loaded.map(\.simulation)
        if !(headless || csv || json || markdown || exitCode) && Terminal.isInteractive() {
            var writer: SessionWriter?
            if let record {
                do { writer = try SessionWriter(path: record, force: force) } catch { throw BadInput("\(error)") }
            }
            let source = loaded[0].source, name = loaded[0].displayName
            let status = TerminalApp.run(options: TerminalOptions(mouse: !noMouse)) { info in
                let driver = CompareDriver(simulations: sims, labels: labels, criterion: by, width: info.width,
                                           height: info.height, glyphs: info.glyphs, tickRate: info.tickRate)
                driver.runSides = SideThreads.run   // both sides' ticks at once: two cores at full speed
                driver.projector = projector
                guard let writer else { return driver }
                var header = SessionHeader(title: title ?? "\(name): \(labels.joined(separator: " vs "))", created: isoNow(),
                                           scenarioName: name, scenarioSource: source, python: specs[0].python,
                                           cols: max(20, info.width), rows: max(10, info.height))
                header.gen0AtStart = gen0AtStart
                header.compare = CompareInfo(sides: zip(labels, specs).map { label, spec in
                    CompareInfo.Side(label: label, python: spec.python, settings: Self.settingsDictionary(spec.settings),
                                     gen0AtStart: spec.gen0AtStart == gen0AtStart ? nil : spec.gen0AtStart)
                }, criterion: by.rawValue)
                return CompareRecordingDriver(driver: driver, header: header, writer: writer, sink: writer.write(line:),
                                              clock: SessionRecorder.monotonicClock())
            }
            writer?.close()
            if let failure = writer?.failure {
                StandardError.write("gctrap: \(failure)\n")
                throw ExitCode(2)
            }
            if status != 0 { throw ExitCode(status) }
            return
        }
        // Each side is an independent simulation: run them on their own threads.
        for s in sims {
            s.keepsCheckpoints = false
            s.onOutput = { _ in }
            s.onErrorOutput = { _ in }
        }
        // Each side on its own thread, with the 1 GiB stack the command thread has (main.swift),
        // so a deep recursion in the program meets the simulator's limits, not the stack's end.
        let done = DispatchGroup()
        for sim in sims {
            done.enter()
            let thread = Thread { sim.runToEnd(); done.leave() }
            thread.stackSize = 1 << 30
            thread.start()
        }
        done.wait()
        let sides = zip(labels, sims).map { label, sim in
            ComparisonSide(label: label, profile: sim.profile, rows: sim.rows, died: sim.uncaughtType)
        }
        let report = CompareReport(name: loaded[0].displayName, sides: sides, sims: sims, criterion: by)
        let out = StandardOutput()
        if csv {
            report.writeCSV(out)
        } else if json {
            out.write(report.json() + "\n")
        } else if markdown {
            out.write(report.markdown() + "\n")
        } else {
            out.write(report.text() + "\n")
        }
        if exitCode && report.first != nil { throw ExitCode(1) }
    }

    /// Names each side by what sets it apart: its Python when those differ, the settings
    /// that differ otherwise ("BACK_REFERENCE=False"), "left"/"right" as a last resort.
    static func labels(_ specs: [SideSpec], _ sims: [Simulation]) -> [String] {
        let pythons = specs.map(\.python)
        let showPython = Set(pythons).count > 1
        let showGen0 = Set(specs.map(\.gen0AtStart)).count > 1
        // NAME -> value per side, defaults included, for the names any side sets.
        var names: [String] = []
        for s in specs { for kv in s.settings { let n = String(kv.prefix { $0 != "=" }); if !names.contains(n) { names.append(n) } } }
        let values: [[String: String]] = zip(specs, sims).map { spec, sim in
            var v: [String: String] = [:]
            for t in sim.toggles { v[t.name] = t.value ? "True" : "False" }
            for kv in spec.settings {
                if let eq = kv.firstIndex(of: "=") { v[String(kv[..<eq])] = String(kv[kv.index(after: eq)...]) }
            }
            return v
        }
        let toggles = Set(sims.first?.toggles.map(\.name) ?? [])
        func value(_ i: Int, _ n: String) -> String {
            let v = values[i][n] ?? "?"
            return toggles.contains(n) ? normalized(v) : v
        }
        let differing = names.filter { n in Set(values.indices.map { value($0, n) }).count > 1 }
        var out: [String] = []
        for (i, spec) in specs.enumerated() {
            var parts: [String] = []
            if showPython { parts.append(spec.python) }
            if showGen0 { parts.append("gen0=\(spec.gen0AtStart)") }
            for n in differing { parts.append("\(n)=\(value(i, n))") }
            out.append(parts.isEmpty ? (i == 0 ? "left" : i == 1 ? "right" : "side \(i + 1)") : Sanitize.printable(parts.joined(separator: " ")))
        }
        return out
    }

    static func settingsDictionary(_ list: [String]) -> [String: String] {
        var out: [String: String] = [:]
        for kv in list {
            if let eq = kv.firstIndex(of: "=") { out[String(kv[..<eq])] = String(kv[kv.index(after: eq)...]) }
        }
        return out
    }

    static func normalized(_ v: String) -> String {
        switch v.lowercased() {
        case "true", "1", "yes", "on": return "True"
        case "false", "0", "no", "off": return "False"
        default: return v
        }
    }
}
