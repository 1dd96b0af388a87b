import Foundation
import XCTest
@testable import GCTrapCore
@testable import GCTrapSession
@testable import GCTrapUI

/// Issue 12: besides seeks, two more places run long with the screen still: a recorded run of
/// many tasks replayed while playing, and a key pressed in the live investigator after a
/// take-over (`t` through a long task). Both draw their progress on the bar line from inside
/// the run and then say how long they took. The clock is the test's (each look 0.6 s later).
final class PlaybackProgressTests: XCTestCase {
    func driver(progressAfter: Double, takeOver: ((SessionPlayer) -> any TerminalDriver)? = nil) throws -> (PlaybackDriver, SessionPlayer) {
        let player = try SessionLoader.load(Data(SeekProgressTests.session.fileText.utf8), maxSteps: 1_000_000)
        var t = 0.0
        let d = PlaybackDriver(player: player, width: 100, height: 30, wallClock: { t += 0.6; return t }, takeOver: takeOver)
        d.progressAfter = progressAfter
        return (d, player)
    }

    func testALongEventWhilePlayingDrawsItsProgressAndSaysHowLongItTook() throws {
        // The run reports once, 65,536 statements in: one look at the clock after the tick's.
        let (d, player) = try driver(progressAfter: 0.5)
        var shown: [Grid] = []
        d.present = { shown.append($0) }
        let before = d.frame()
        var ticks = 0
        while player.position < 1 && ticks < 10 { _ = d.handle(.tick); ticks += 1 }
        XCTAssertEqual(player.position, 1, "the recorded run was replayed")
        guard !shown.isEmpty else { return XCTFail("no progress drawn") }
        let bars = shown.map { $0.lines[29] }
        XCTAssertTrue(bars.allSatisfy { $0.contains("playing: event 1 of 4, statement ") }, bars.joined(separator: "\n"))
        XCTAssertEqual(Array(shown[0].lines.prefix(28)), Array(before.lines.prefix(28)), "drawn over the screen before the event")
        XCTAssertTrue(d.frame().lines[29].contains("replaying that event took "), d.frame().lines[29])
        // The time spent replaying does not count as playback time: the next tick does not
        // rush through the markers.
        _ = d.handle(.tick)
        XCTAssertEqual(player.position, 1)
    }

    func testAQuickEventWhilePlayingShowsNothing() throws {
        let (d, player) = try driver(progressAfter: 1000)
        var shown = 0
        d.present = { _ in shown += 1 }
        _ = d.frame()
        var ticks = 0
        while player.position < 1 && ticks < 10 { _ = d.handle(.tick); ticks += 1 }
        XCTAssertEqual(player.position, 1)
        XCTAssertEqual(shown, 0)
        XCTAssertFalse(d.frame().lines[29].contains("took"))
    }

    func testALongKeyAfterATakeOverDrawsItsProgressAndSaysHowLongItTook() throws {
        let (d, player) = try driver(progressAfter: 0.5, takeOver: { AppDriver(app: $0.app) })
        var shown: [Grid] = []
        d.present = { shown.append($0) }
        _ = d.handle(.key(.char(" ")))            // pause at the start
        _ = d.handle(.key(.char("i")))            // take over before the recorded run
        XCTAssertTrue(d.isLive)
        _ = d.frame()
        var presses = 0
        // `t` to the first task boundary, then through the task of 70,000 statements.
        while shown.isEmpty && presses < 4 {
            _ = d.handle(.key(.char("t")))
            _ = d.frame()
            presses += 1
        }
        XCTAssertFalse(shown.isEmpty, "no progress drawn")
        XCTAssertTrue(shown.allSatisfy { $0.lines[29].contains("working: statement ") }, shown.map { $0.lines[29] }.joined(separator: "\n"))
        XCTAssertTrue(d.frame().text.contains("that took "), d.frame().text)
        XCTAssertNil(player.simulation.onProgress, "the hook is the key's only")
    }
}
