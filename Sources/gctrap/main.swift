import ArgumentParser
import Foundation
import GCTrapCore

/// gctrap: an investigator for Python programs that run out of database connections.
struct GCTrap: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gctrap",
        abstract: "Step a simulated Python batch loop and see why its connections leak.",
        discussion: """
        Scenarios are small Python programs run on a simulated CPython heap; the same files run on real CPython with scenarios/db.py and scenarios/gctrap.py beside them.

        Exit status: 0 success, 1 the simulated program died or hit a limit, 2 bad input.
        """,
        subcommands: [ExploreCommand.self, RunCommand.self, CompareCommand.self, PlayCommand.self, ExportCommand.self, SessionBenchCommand.self, VerifyCommand.self, LessonCommand.self],
        defaultSubcommand: ExploreCommand.self)
}

// ArgumentParser's `main()` exits 64 (EX_USAGE) on a bad option or value; the documented
// status for bad input is 2, so usage errors are reported here with that status.
do {
    var command = try GCTrap.parseAsRoot()
    try command.run()
} catch {
    if GCTrap.exitCode(for: error) == .validationFailure {
        StandardError.write(GCTrap.fullMessage(for: error) + "\n")
        exit(2)
    }
    GCTrap.exit(withError: error)
}
