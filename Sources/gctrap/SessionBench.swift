import ArgumentParser
import Foundation
import GCTrapCore
import GCTrapSession
import GCTrapUI

/// `gctrap bench-sessions` (hidden; scripts/bench-sessions runs it on a release build):
/// seek times in a session covering 200,000 tasks, and the size of an hour of exploring.
struct SessionBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-sessions", abstract: "Benchmarks of recorded sessions.", shouldDisplay: false)

    @Option(help: "Tasks in the long session.") var tasks = 200_000
    @Option(help: "Random seeks to time.") var seeks = 200
    @Option(help: "Minutes of synthetic exploring.") var minutes = 60

    func run() throws {
        try longSession()
        try hourOfExploring()
    }

    func now() -> Double { ProcessInfo.processInfo.systemUptime }

    func longSession() throws {
        // Runs of 100 tasks (a recording at 200 tasks/s merges ticks per half second), with
        // steps, backs, collections, toggles and markers along the way.
        let header = SessionHeader(title: "bench: \(tasks) tasks", created: "2026-01-01T00:00:00Z",
                                   scenarioName: "incident", scenarioSource: EmbeddedScenarios.named("incident")!,
                                   python: "3.11", settings: ["TASKS": String(tasks)],
                                   toggles: [("BACK_REFERENCE", false)], cols: 120, rows: 40)
        var events: [SessionEvent] = []
        var t = 0.0
        var done = 0
        var i = 0
        while done < tasks {
            t += 0.5
            i += 1
            switch i % 50 {
            case 10: events.append(SessionEvent(t: t, .action(.step)))
            case 20: events.append(SessionEvent(t: t, .action(.next)))
            case 25: events.append(SessionEvent(t: t, .action(.back)))
            case 30: events.append(SessionEvent(t: t, .action(.collect)))
            case 35: events.append(SessionEvent(t: t, .marker("checkpoint \(i)")))
            case 40: events.append(SessionEvent(t: t, .action(.toggle(index: 2, name: "FORCED_COLLECTION", value: (i / 50) % 2 == 0))))
            case 45: events.append(SessionEvent(t: t, .action(.backTask)))
            default:
                events.append(SessionEvent(t: t, .action(.run(tasks: 100))))
                done += 100
            }
        }
        let text = Session(header: header, events: events).fileText
        let data = Data(text.utf8)
        var start = now()
        let player = try SessionLoader.load(data)
        let loadTime = now() - start
        start = now()
        player.buildIndex()
        let indexTime = now() - start
        player.seek(to: player.count)
        let finished = player.simulation.rows.count
        var rng = SystemRandomNumberGenerator()
        var times: [Double] = []
        for _ in 0..<seeks {
            let target = Int.random(in: 0...player.count, using: &rng)
            let s = now()
            player.seek(to: target)
            player.syncApp()
            times.append(now() - s)
        }
        // And the worst case: from the end to just before each saved state's successor.
        times.sort()
        let mean = times.reduce(0, +) / Double(times.count)
        print("long session: \(player.count) events, \(tasks) tasks (\(finished) rows at the end), file \(data.count / 1024) KiB")
        print("  load \(ms(loadTime)), index (one full replay) \(ms(indexTime)), \(player.savedStateCount) saved states")
        print("  \(seeks) random seeks (restore + replay + screen refresh): mean \(ms(mean)), median \(ms(times[times.count / 2])), p95 \(ms(times[times.count * 95 / 100])), max \(ms(times.last!))")
        print("  max resident memory \(maxRSS() / 1024) MiB")
    }

    func hourOfExploring() throws {
        let sim = try Simulation(source: EmbeddedScenarios.named("incident")!, name: "incident",
                                 settings: ["TASKS": "1000000", "BACK_REFERENCE": "False"])
        let app = App(engine: sim, width: 120, height: 40)
        var bytes = 0, lines = 0
        var text = ""
        var clock = 0.0
        let header = SessionHeader(title: "an hour", created: "2026-01-01T00:00:00Z", scenarioName: "incident",
                                   scenarioSource: EmbeddedScenarios.named("incident")!, python: "3.11",
                                   settings: ["TASKS": "1000000"], toggles: sim.toggles.map { ($0.name, $0.value) })
        let recorder = SessionRecorder(header: header, sink: { bytes += $0.utf8.count + 1; lines += 1; text += $0 + "\n" },
                                       clock: { clock })
        let driver = RecordingDriver(app: app, recorder: recorder)
        var rng = SplitMix64(seed: 1)
        let keys: [String] = ["s", "n", "n", "t", "Space", "Space", "+", "-", "Tab", "Down", "Down", "Up", "Enter",
                              "b", "B", "g", "1", "2", "3", "4", "R", "PgDn", "Esc"]
        let ticksPerSecond = 30
        let total = minutes * 60 * ticksPerSecond
        var nextKey = 0
        let start = now()
        for tick in 0..<total {
            clock = Double(tick) / Double(ticksPerSecond)
            _ = driver.handle(.tick)
            if tick >= nextKey {
                // About one key every two seconds; now and then a marker or a caption.
                let r = rng.next() % 100
                if r < 2 {
                    _ = driver.handle(.key(.char(r == 0 ? "m" : "a")))
                    for c in "look at the GC pane now" { _ = driver.handle(.key(.char(c))) }
                    _ = driver.handle(.key(.enter))
                } else {
                    _ = driver.handle(.key(Key(keys[Int(rng.next() % UInt64(keys.count))])!))
                }
                if app.model.speedIndex > 8 { _ = driver.handle(.key(.char("-"))) }
                nextKey = tick + 15 + Int(rng.next() % 90)
            }
        }
        recorder.finish()
        print("hour of exploring (\(minutes) min synthetic, \(total) ticks, a key every ~2 s, runs up to 500 tasks/s): "
              + "\(lines) lines, \(bytes / 1024) KiB (\(String(format: "%.2f", Double(bytes) / 1_048_576)) MiB) incl. the scenario source; "
              + "\(sim.rows.count) tasks finished since the last restart; simulated in \(ms(now() - start))")
        let player = try SessionLoader.load(Data(text.utf8))
        player.seek(to: player.count)
        let same = player.simulation.snapshot() == sim.snapshot()
        print("  replaying the recording reaches the same state as the live session: \(same ? "yes" : "NO")")
        if !same { throw ExitCode(1) }
    }

    func ms(_ s: Double) -> String { String(format: "%.1f ms", s * 1000) }

    func maxRSS() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int(usage.ru_maxrss)
    }
}

