import ArgumentParser
import Foundation
import GCTrapCore
import GCTrapSession
import GCTrapTerminal
import GCTrapUI

extension PlayCommand {
    /// `gctrap play --follow FILE`: a learner's screen in a follow-along room. What is
    /// already in the file is checked before the screen opens (a bad file exits 2 as
    /// `play` does); a file that does not exist yet, or has no whole first line, is waited for.
    func runFollow() throws {
        if headless { throw BadInput("--follow shows the recording live on the screen; use --headless without it to print a file") }
        if record != nil { throw BadInput("--follow does not record; the trainer's file is the recording") }
        if let reason = Terminal.unusableReason() {
            throw BadInput("following \(reason); use `gctrap play --headless` for text")
        }
        var limits = SessionLimits.standard
        limits.maxTotalTasks = budget.maxTasks
        let tail = SessionTail(path: file, limits: limits)
        let budget = self.budget
        let simulation = { (header: SessionHeader) throws -> Simulation in
            let sim = try SessionLoader.makeSimulation(header, maxSteps: budget.maxSteps.steps)
            sim.memoryBudget = budget.maxMemory.bytes
            return sim
        }
        var player: SessionPlayer?
        do {
            if case .started(let session) = try tail.poll() {
                player = try FollowDriver.makePlayer(session, path: file, width: session.header.cols, height: session.header.rows,
                                                     glyphs: .unicode, simulation: simulation)
            }
        } catch let e as SessionError {
            throw BadInput(diagnostic: e.formatted(file: file))
        }
        var driver: FollowDriver?
        let status = TerminalApp.run(options: TerminalOptions(mouse: !noMouse)) { info in
            player?.app.updateModel { $0.glyphs = info.glyphs }
            let d = FollowDriver(tail: tail, player: player, width: info.width, height: info.height, glyphs: info.glyphs,
                                 simulation: simulation)
            if projector { d.projector = true }
            d.progressAfter = progressAfter()
            driver = d
            return d
        }
        // A file that turned out not to be a session once its first line arrived.
        if let failure = driver?.failure { throw BadInput(diagnostic: failure) }
        if status != 0 { throw ExitCode(status) }
    }
}
