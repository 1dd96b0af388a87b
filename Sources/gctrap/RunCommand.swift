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

        Exit status: 0 the program ended, 1 it died of an uncaught exception or hit a limit, \
        2 bad input (unreadable file, syntax error, unsupported construct, also one met only \
        when its line ran, bad option).
        """)

    @OptionGroup var scenario: ScenarioOptions

    @Flag(help: "One CSV row per finished task (the same columns the CPython stand-in prints).")
    var csv = false

    @Flag(help: "A JSON summary with one record per finished task.")
    var json = false

    @Flag(help: .hidden) var dis = false

    func validate() throws {
        if csv && json { throw ValidationError("--csv and --json cannot be used together") }
    }

    func run() throws {
        if dis { print(try scenario.load().simulation.disassembly); return }
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
}
