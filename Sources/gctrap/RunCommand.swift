import ArgumentParser
import Foundation
import GCTrapCore

/// `gctrap run`: the headless simulation, for people (a summary and a chart) or for
/// scripts (--csv, --json).
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Simulate a scenario to the end and report connections and collections.",
        discussion: """
        FILE is a scenario program, or the name of a built-in one (\(EmbeddedScenarios.all.map(\.name).joined(separator: ", "))).

        --sweep-gen0-at-start runs the scenario once per gen-0 count at the loop's start (0, \
        STEP, 2*STEP... up to the threshold minus 1; --sweep-step, default a tenth of the \
        threshold) and prints one row each: the first collection, the peak open connections, \
        whether and when it died (the start-up lottery; --csv and --json too).

        Exit status: 0 the program ended (the sweep: every run reported, deaths included), 1 it \
        died of an uncaught exception or hit a limit, 2 bad input (unreadable file, syntax \
        error, unsupported construct, also one met only when its line ran, bad option).
        """)

    @OptionGroup var scenario: ScenarioOptions

    @Flag(help: "One CSV row per finished task (the same columns the CPython stand-in prints).")
    var csv = false

    @Flag(help: "A JSON summary with one record per finished task.")
    var json = false

    @Flag(help: "The start-up lottery: one row per gen-0 count at the loop's start, from 0 to the threshold (see --sweep-step).")
    var sweepGen0AtStart = false

    @Option(help: ArgumentHelp("The sweep's step between gen-0 counts (default: a tenth of the threshold, 70 on 3.11/3.12, 200 on 3.13).", valueName: "N"))
    var sweepStep: Int?

    @Flag(help: .hidden) var dis = false

    func validate() throws {
        if csv && json { throw ValidationError("--csv and --json cannot be used together") }
        if sweepStep != nil && !sweepGen0AtStart { throw ValidationError("--sweep-step goes with --sweep-gen0-at-start") }
        if let s = sweepStep, s < 1 { throw ValidationError("--sweep-step must be at least 1") }
        if sweepGen0AtStart && scenario.gen0AtStart != 0 {
            throw ValidationError("--sweep-gen0-at-start sets the gen-0 count itself: drop --gen0-at-start")
        }
    }

    func run() throws {
        if dis { print(try scenario.load().simulation.disassembly); return }
        if sweepGen0AtStart { return try sweep() }
        let loaded = try scenario.load()
        let sim = loaded.simulation
        sim.keepsCheckpoints = false
        let out = StandardOutput()
        // The program's own output: on stdout for people, on stderr beside --csv/--json.
        sim.onOutput = (csv || json) ? { StandardError.write(Sanitize.printableKeepingNewlines($0)) }
                                     : { out.write(Sanitize.printableKeepingNewlines($0)) }
        sim.onErrorOutput = { StandardError.write(Sanitize.printableKeepingNewlines($0)) }
        sim.runToEnd()
        if csv {
            out.write(TaskRow.csvHeader + "\n")
            var bytes: [UInt8] = []
            bytes.reserveCapacity(1 << 17)
            for r in sim.rows {
                r.appendCSV(to: &bytes)
                bytes.append(UInt8(ascii: "\n"))
                if bytes.count > 1 << 16 { out.write(bytes); bytes.removeAll(keepingCapacity: true) }
            }
            out.write(bytes)
        } else if json {
            out.write(RunReport(sim: sim, name: loaded.displayName).json() + "\n")
        } else {
            out.write(RunReport(sim: sim, name: loaded.displayName).text() + "\n")
        }
        if let tb = sim.uncaughtTraceback {
            StandardError.write(tb + "\n")
            throw ExitCode(1)
        }
        if let limit = sim.limitReached, limit.unsupported {
            // A construct met only when its line ran: bad input, reported as the load-time check does.
            StandardError.write(limit.diagnostic(file: Sanitize.printable(loaded.path ?? "\(loaded.displayName).py"), source: loaded.source) + "\n")
            throw ExitCode(2)
        }
        if let limit = sim.limitReached {
            StandardError.write("gctrap: \(limit.message)" + (limit.line > 0 ? " (line \(limit.line))" : "") + "\n")
            throw ExitCode(1)
        }
    }

    /// --sweep-gen0-at-start: the same scenario once per gen-0 count at the loop's start.
    func sweep() throws {
        let profile = try scenario.profile() ?? .py311
        _ = try scenario.parsedSettings()
        let source = try scenario.source()
        let threshold = profile.thresholds[0]
        let step = sweepStep ?? StartupLottery.defaultStep(threshold: threshold)
        var limit = 0
        var runs: [LotteryRun] = []
        for n in StartupLottery.values(threshold: threshold, step: step) {
            let sim = try scenario.makeSimulation(source, profile: profile, gen0AtStart: n)
            sim.keepsCheckpoints = false
            sim.onOutput = { _ in }          // the program's own output is not the table's
            sim.onErrorOutput = { _ in }
            sim.runToEnd()
            if let l = sim.limitReached, l.unsupported {
                // A construct met only when its line ran: bad input, as a plain run reports it.
                StandardError.write(l.diagnostic(file: Sanitize.printable(source.fileName), source: source.text) + "\n")
                throw ExitCode(2)
            }
            limit = sim.connectionTotals.limit
            runs.append(StartupLottery.summary(sim, gen0AtStart: n))
        }
        let report = LotteryReport(name: source.name, profile: profile, step: step, limit: limit, runs: runs)
        let out = StandardOutput()
        out.write((csv ? report.csv() : json ? report.json() : report.text()) + "\n")
    }
}
