import ArgumentParser
import Foundation
import GCTrapCore
import GCTrapSession
import GCTrapTerminal
import GCTrapUI
import GCTrapWorkshop

/// `gctrap workshop`: the lessons menu, a lesson, progress.
struct WorkshopCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workshop",
        abstract: "Workshop lessons: the menu, or lesson N.",
        discussion: """
        Without N: the lessons (number, title, minutes, what each teaches, done, best score). With N: \
        the lesson in the investigator. In a lesson: Enter continues, 1-4 answer a prediction, h gives \
        the next hint, S shows the solution, q quits; in a task every investigator key works. With \
        --facilitator predictions wait for the trainer: v types the room's votes (a bar chart), r \
        reveals; the projector layout is on and captions and questions fill the screen.

        WorkshopProgress: $XDG_STATE_HOME/gctrap/workshop.json (default ~/.local/state/gctrap/); --reset clears it.
        Lessons: --lessons DIR, else $GCTRAP_LESSONS, else sessions/lessons here or beside the checkout.

        Exit status: 0 success, 2 bad input (no such lesson, a lesson that does not load: FILE:LINE: message).
        """)

    @Argument(help: "The lesson to start.")
    var number: Int?

    @Flag(help: "Facilitator mode, for a trainer in front of a room.")
    var facilitator = false

    @Flag(help: "Forget the progress (done, best scores).")
    var reset = false

    @Option(help: ArgumentHelp("The folder of lesson files.", valueName: "DIR"))
    var lessons: String?

    @Flag(help: "Do not capture the mouse.")
    var noMouse = false

    @Option(help: ArgumentHelp("Record the lesson as it goes (flushed per event), for learners following with `gctrap play --follow FILE`; the next lessons (Enter on a lesson's last panel) go on in the same file.", valueName: "OUT.gctrap"))
    var record: String?

    @Flag(help: "Overwrite the --record file if it exists.")
    var force = false

    func run() throws {
        let progressPath = WorkshopProgress.path()
        if reset {
            if FileManager.default.fileExists(atPath: progressPath) {
                do { try FileManager.default.removeItem(atPath: progressPath) } catch { throw BadInput("cannot remove \(progressPath): \(error.localizedDescription)") }
            }
            StandardOutput().write("progress cleared (\(progressPath))\n")
            if number == nil { return }
        }
        guard let folder = Catalog.folder(explicit: lessons, executable: CommandLine.arguments[0]) else {
            throw BadInput("no lessons found: run from the repository's root, or give --lessons DIR")
        }
        let (catalog, problems) = Catalog.load(folder: folder)
        if catalog.isEmpty {
            for p in problems { StandardError.write(p + "\n") }
            throw BadInput("\(Sanitize.printable(folder)): no lessons there")
        }
        guard let number else {
            for p in problems { StandardError.write(p + "\n") }
            StandardOutput().write(menu(catalog, WorkshopProgress.load(path: progressPath)))
            return
        }
        guard catalog.contains(where: { $0.info.number == number }) else {
            throw BadInput("no lesson \(number): the lessons are \(catalog.map { String($0.info.number) }.joined(separator: ", "))")
        }
        guard Terminal.isInteractive() else {
            throw BadInput("a lesson needs a terminal (stdin and stdout must be TTYs); `gctrap lesson check` checks one without")
        }
        let facilitator = self.facilitator
        // Load before the screen opens, so a bad lesson is reported on a normal terminal.
        func stage(_ entry: CatalogEntry, _ info: TerminalInfo?) throws -> LessonStage {
            do {
                return try LessonStage.load(path: entry.path, width: info?.width ?? 120, height: info?.height ?? 40,
                                            glyphs: info?.glyphs ?? .unicode)
            } catch let e as SessionError {
                throw BadInput(diagnostic: e.formatted(file: entry.path))
            } catch {
                throw BadInput(diagnostic: "\(entry.path): cannot load the lesson")
            }
        }
        _ = try stage(catalog.first { $0.info.number == number }!, nil)
        var writer: SessionWriter?
        if let record {
            try checkWritable(record, force: force)
            do { writer = try SessionWriter(path: record, force: force) } catch { throw BadInput("\(error)") }
        }
        // One recording for the whole workshop: lesson after lesson, in the same file.
        let recording = writer.map { w in
            WorkshopRecording(sink: w.write(line:), clock: SessionRecorder.monotonicClock(), failure: { w.failure })
        }
        func driver(_ n: Int, _ info: TerminalInfo) -> LessonDriver? {
            guard let i = catalog.firstIndex(where: { $0.info.number == n }) else { return nil }
            let entry = catalog[i]
            // A lesson that fails to load here is not opened (the first one was loaded above).
            guard let loaded = try? stage(entry, info) else { return nil }
            let d = LessonDriver(stage: loaded, width: info.width, height: info.height, facilitator: facilitator)
            if i + 1 < catalog.count { d.next = (catalog[i + 1].info.number, catalog[i + 1].title) }
            d.onComplete = { scores in
                var p = WorkshopProgress.load(path: progressPath)
                p.complete(n, scores: scores)
                try? p.save(path: progressPath)
            }
            if i + 1 < catalog.count {
                let nextNumber = catalog[i + 1].info.number
                d.openNext = { driver(nextNumber, info) }
            }
            recording?.record(d, width: info.width, height: info.height, created: isoNow())
            return d
        }
        let status = TerminalApp.run(options: TerminalOptions(mouse: !noMouse)) { info in
            driver(number, info)!
        }
        recording?.finish()
        writer?.close()
        if let failure = writer?.failure {
            // Shown on the lesson's panel when it happened; repeated here so a script sees it too.
            StandardError.write("gctrap: \(failure)\n")
            throw ExitCode(2)
        }
        if status != 0 { throw ExitCode(status) }
    }

    func menu(_ catalog: [CatalogEntry], _ progress: WorkshopProgress) -> String {
        var out = "gctrap workshop: \(catalog.count) lessons\n\n"
        let core = catalog.filter { !$0.info.extra }
        let extras = catalog.filter { $0.info.extra }
        func rows(_ list: [CatalogEntry]) {
            for e in list {
                let p = progress.entry(e.info.number)
                let done = p?.done == true ? "done" : "    "
                var best = ""
                if let b = p?.best {
                    best = "  best: \(b.hints) hint\(b.hints == 1 ? "" : "s"), \(b.actions) action\(b.actions == 1 ? "" : "s")"
                    if let c = b.cost { best += ", cost \(c)" }
                    if b.solutionShown { best += ", solution shown" }
                }
                let num = e.info.number < 10 ? " \(e.info.number)" : "\(e.info.number)"
                out += "  \(num)  [\(done)]  \(e.title) (\(e.info.minutes) min)\(best)\n"
                out += "            \(e.info.teaches)\n"
            }
        }
        out += "Core (\(core.reduce(0) { $0 + $1.info.minutes }) minutes):\n"
        rows(core)
        if !extras.isEmpty {
            out += "\nExtras (\(extras.reduce(0) { $0 + $1.info.minutes }) minutes):\n"
            rows(extras)
        }
        let done = catalog.filter { progress.entry($0.info.number)?.done == true }.count
        out += "\n\(done) of \(catalog.count) done. Start one: gctrap workshop N   (for a room: --facilitator)\n"
        return out
    }
}
