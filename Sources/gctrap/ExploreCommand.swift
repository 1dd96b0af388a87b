import ArgumentParser
import GCTrapCore
import GCTrapTerminal

/// `gctrap` / `gctrap explore`: the interactive investigator.
struct ExploreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explore",
        abstract: "Open the investigator (the default command) on a scenario.",
        discussion: """
        Keys: s step, n next, t finish task, c or space run/pause, +/- speed, b back a statement,
        B back a task, g gc.collect(), 1-9 toggles, R restart, Tab panes, Enter why-alive, ? help, q quit.
        NO_COLOR=1 gives a monochrome screen. Exit status: 0 on quit, 2 on bad input or no terminal.
        """)

    @OptionGroup var scenario: ScenarioOptions

    @Flag(help: "Do not capture the mouse.")
    var noMouse = false

    func run() throws {
        guard Terminal.isInteractive() else {
            fail("the investigator needs a terminal (stdin and stdout must be TTYs); for a non-interactive run use `gctrap run` (e.g. `gctrap run --csv`)")
        }
        let loaded = try scenario.load()
        let sim = loaded.simulation
        let status = TerminalApp.run(engine: sim, options: TerminalOptions(mouse: !noMouse))
        if status != 0 { throw ExitCode(status) }
    }
}
