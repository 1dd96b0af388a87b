import ArgumentParser
import Foundation
import GCTrapCore
import GCTrapSession
import GCTrapTerminal
import GCTrapUI

/// `gctrap` / `gctrap explore`: the interactive investigator.
struct ExploreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explore",
        abstract: "Open the investigator (the default command) on a scenario.",
        discussion: """
        Keys: s step, n next, t finish task, c or space run/pause, +/- speed, b back a statement, \
        B back a task, g gc.collect(), ] next event, [ previous event, e events, p pause on events, 1-9 toggles, \
        R restart, Tab panes, ←/→ scroll sideways, Enter why-alive (on a garbage group: its graph), G Graph view, \
        P projector mode, ? help and legend, q quit.

        NO_COLOR=1 gives a monochrome screen. Exit status: 0 on quit, 2 on bad input or no terminal.
        """)

    @OptionGroup var scenario: ScenarioOptions

    @Flag(help: "Do not capture the mouse.")
    var noMouse = false

    @Option(help: ArgumentHelp("Record the session into this file (m adds a marker, a a caption).", valueName: "OUT.gctrap"))
    var record: String?

    @Flag(help: "Overwrite the --record file if it exists.")
    var force = false

    @Option(help: "The recorded session's title.")
    var title: String?

    @Option(name: .customLong("pause-on"), help: ArgumentHelp(
        "Pause a run on these kinds of event, comma-separated: collection, peak, refused, exhausted, uncaught, error (the last three), all. p switches it off and on.",
        valueName: "KINDS"))
    var pauseOn: String?

    @Flag(help: "Start in projector mode: three panes, the numbers in block digits, a light colour-blind-safe theme (P toggles it).")
    var projector = false

    func run() throws {
        guard Terminal.isInteractive() else {
            throw BadInput("the investigator needs a terminal (stdin and stdout must be TTYs); for a non-interactive run use `gctrap run` (e.g. `gctrap run --csv`)")
        }
        // Before anything is created: an unknown TERM must not leave an empty recording.
        if let reason = Terminal.unusableReason() { throw BadInput("the investigator \(reason)") }
        var kinds = EventKinds.none
        if let pauseOn {
            switch EventKinds.parse(pauseOn) {
            case .success(let k): kinds = k
            case .failure(let e):
                throw BadInput("--pause-on: unknown kind '\(Sanitize.printable(e.word))'; use \(EventKinds.words.joined(separator: ", "))")
            }
        }
        let loaded = try scenario.load()
        let sim = loaded.simulation
        sim.pauseOn = kinds
        sim.thinsHistory = true   // hours of exploring stay within bounded memory
        guard let record else {
            let status = TerminalApp.run(options: TerminalOptions(mouse: !noMouse)) { info in
                let driver = AppDriver(app: App(engine: sim, width: info.width, height: info.height,
                                                glyphs: info.glyphs, tickRate: info.tickRate))
                if projector { _ = driver.handle(.key(.char("P"))) }
                return driver
            }
            if status != 0 { throw ExitCode(status) }
            return
        }
        let writer: SessionWriter
        do { writer = try SessionWriter(path: record, force: force) } catch { throw BadInput("\(error)") }
        // The header keeps the toggles apart; the other --set values are its settings.
        let toggleNames = Set(sim.toggles.map(\.name))
        let settings = try scenario.settingsDictionary().filter { !toggleNames.contains($0.key) }
        let options = TerminalOptions(mouse: !noMouse)
        let status = TerminalApp.run(options: options) { info in
            var header = SessionHeader(
                title: title ?? "\(loaded.displayName) exploration", created: isoNow(),
                scenarioName: loaded.displayName, scenarioSource: loaded.source, python: sim.profile.name,
                settings: settings, toggles: sim.toggles.map { ($0.name, $0.value) },
                cols: max(20, info.width), rows: max(10, info.height))
            header.gen0AtStart = sim.gen0AtStart
            let recorder = SessionRecorder(header: header, sink: writer.write(line:), clock: SessionRecorder.monotonicClock())
            if !kinds.isEmpty { recorder.record(.action(.pauseOn(kinds))) }
            let app = App(engine: sim, width: info.width, height: info.height, glyphs: info.glyphs, tickRate: info.tickRate)
            let driver = RecordingDriver(app: app, recorder: recorder, failure: { writer.failure })
            // Through the driver, so the recording starts in projector mode too.
            if projector { _ = driver.handle(.key(.char("P"))) }
            return driver
        }
        writer.close()
        if let failure = writer.failure {
            // Shown on screen when it happened; repeated here so a script sees it too.
            StandardError.write("gctrap: \(failure)\n")
            throw ExitCode(2)
        }
        if status != 0 { throw ExitCode(status) }
    }
}
