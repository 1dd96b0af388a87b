import ArgumentParser
import Foundation
import GCTrapCore
import GCTrapSession
import GCTrapTerminal
import GCTrapUI

/// A recording of one comparison (`compare --record`) plays on the comparison's own player;
/// a lesson that opens one, or a workshop recording with one among its lessons, plays part by
/// part on the session player (captions, questions and the next lesson included).
func isPlainComparison(_ player: SessionPlayer) -> Bool {
    player.session.header.compare != nil && player.session.header.lesson == nil && player.partCount == 1
}

/// `play --headless` of a recorded comparison: the keys, the tasks reached, each divergence.
func tellComparison(_ session: Session, file: String, budget: SessionBudgetOptions) throws {
    let out = StandardOutput()
    var buffer = ""
    do {
        try CompareSession.tell(session, width: session.header.cols, height: session.header.rows, maxSteps: budget.maxSteps.steps) { line in
            buffer += Sanitize.printable(line) + "\n"
            if buffer.utf8.count > 1 << 16 { out.write(buffer); buffer = "" }
        }
    } catch let e as SessionError {
        throw BadInput(diagnostic: e.formatted(file: file))
    }
    out.write(buffer)
}

/// `play` of a recorded comparison in the terminal.
func playComparison(_ session: Session, file: String, budget: SessionBudgetOptions, speed: Double, mouse: Bool,
                    projector: Bool = false) throws {
    if let reason = Terminal.unusableReason() {
        throw BadInput("playback \(reason); use `gctrap play --headless` for text")
    }
    // The header was checked when the file was read; a scenario that does not load is
    // refused here, before the terminal is taken.
    do { _ = try CompareSession.driver(session.header, width: 120, height: 40, maxSteps: budget.maxSteps.steps) } catch let e as SessionError {
        throw BadInput(diagnostic: e.formatted(file: file))
    }
    let status = TerminalApp.run(options: TerminalOptions(mouse: mouse)) { info in
        // Cannot fail: the same header loaded above.
        try! ComparePlaybackDriver(session: session, tickRate: info.tickRate, speed: speed) {
            let d = try CompareSession.driver(session.header, width: info.width, height: info.height, glyphs: info.glyphs,
                                              tickRate: info.tickRate, maxSteps: budget.maxSteps.steps)
            if projector { d.projector = true }
            return d
        }
    }
    if status != 0 { throw ExitCode(status) }
}
