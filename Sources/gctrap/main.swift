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
        subcommands: [ExploreCommand.self, RunCommand.self, CompareCommand.self, PlayCommand.self, ExportCommand.self, SessionBenchCommand.self, VerifyCommand.self, WorkshopCommand.self, LessonCommand.self, DoctorCommand.self],
        defaultSubcommand: ExploreCommand.self)
}

// Not `GCTrap.main()`: two kinds of bad input exit 2 as the README promises: `BadInput`
// thrown anywhere (its message), and ArgumentParser's usage errors (it would exit 64,
// EX_USAGE). Their messages may quote what was typed, so they are made printable like any
// other text from outside.
func runCommandLine() -> Never {
    do {
        var command = try GCTrap.parseAsRoot()
        try command.run()
    } catch let bad as BadInput {
        StandardError.write(bad.text + "\n")
        GCTrap.exit(withError: ExitCode(2))
    } catch {
        if GCTrap.exitCode(for: error) == .validationFailure {
            StandardError.write(Sanitize.printableKeepingNewlines(GCTrap.fullMessage(for: error)) + "\n")
            GCTrap.exit(withError: ExitCode(2))
        }
        GCTrap.exit(withError: error)
    }
    GCTrap.exit()
}

// On a thread with a 1 GiB stack (address space, touched only as used): the simulated
// program's nested runs (__str__ calling str(self), finalizers within finalizers) recurse
// natively, and RecursionError must come from the interpreter's limits, never from the
// 8 MB main-thread stack running out first.
let commandThread = Thread { runCommandLine() }
commandThread.stackSize = 1 << 30
commandThread.start()
while true { sleep(3600) }
