import Foundation
import XCTest
@testable import GCTrapCore
@testable import GCTrapSession
@testable import GCTrapUI

/// Issue 12: a seek that takes longer than a second shows its progress on the bar line,
/// between events and inside a long one, and says afterwards how long it took. The clock
/// is the test's, so nothing here depends on the machine's speed.
final class SeekProgressTests: XCTestCase {
    /// One task of about 70,000 statements (past the 65,536 at which a run reports), then markers.
    static let session = Session(header: SessionHeader(title: "busy", created: "2026-01-01T00:00:00Z", scenarioName: "busy", scenarioSource: """
        import gctrap

        for t in gctrap.tasks(1):
            k = 0
            while k < 35000:
                k += 1
        """, python: "3.11", settings: [:], toggles: [], cols: 100, rows: 30), events: [
            SessionEvent(t: 1.0, .action(.run(tasks: 2))),   // to the loop's start, then through the task
            SessionEvent(t: 2.0, .marker("one")),
            SessionEvent(t: 3.0, .marker("two")),
            SessionEvent(t: 4.0, .marker("three")),
        ])

    func driver(progressAfter: Double) throws -> (PlaybackDriver, SessionPlayer) {
        let player = try SessionLoader.load(Data(Self.session.fileText.utf8), maxSteps: 1_000_000)
        var t = 0.0
        // Every look at the clock is 0.6 s later: the seek passes a second on its second report.
        let d = PlaybackDriver(player: player, width: 100, height: 30, wallClock: { t += 0.6; return t })
        d.progressAfter = progressAfter
        return (d, player)
    }

    func testASlowSeekDrawsItsProgressAndSaysHowLongItTook() throws {
        let (d, player) = try driver(progressAfter: 1)
        var shown: [Grid] = []
        d.present = { shown.append($0) }
        let before = d.frame()           // the terminal draws before it reads a key
        _ = d.handle(.key(.char("9")))   // to 90% of the recording: the three first events
        XCTAssertEqual(player.position, 3)
        XCTAssertFalse(shown.isEmpty, "no progress drawn")
        let bars = shown.map { $0.lines[29] }
        XCTAssertTrue(bars.allSatisfy { $0.contains("seeking: event ") && $0.contains(" of 3 (") }, bars.joined(separator: "\n"))
        // Over the screen as it was before the seek.
        XCTAssertEqual(Array(shown[0].lines.prefix(28)), Array(before.lines.prefix(28)))
        XCTAssertTrue(d.frame().lines[29].contains("seek took "), d.frame().lines[29])
    }

    func testAQuickSeekShowsNoProgress() throws {
        let (d, player) = try driver(progressAfter: 1000)
        var shown = 0
        d.present = { _ in shown += 1 }
        _ = d.frame()
        _ = d.handle(.key(.char("9")))
        XCTAssertEqual(player.position, 3)
        XCTAssertEqual(shown, 0)
        XCTAssertFalse(d.frame().lines[29].contains("seek took"))
    }

    func testProgressInsideALongEventComesFromTheRunItself() throws {
        let (_, player) = try driver(progressAfter: 0)
        var reports: [(Int, Int, Int?)] = []
        player.onSeekProgress = { reports.append(($0, $1, $2)) }
        player.seek(to: 1)
        // Once inside the run (65,536 statements after it began), once after the event.
        XCTAssertEqual(reports.count, 2)
        XCTAssertGreaterThanOrEqual(reports.first?.2 ?? 0, 65536)
        XCTAssertNil(reports.last?.2 ?? nil)
        XCTAssertEqual(reports.last.map { [$0.0, $0.1] }, [1, 1])
        player.onSeekProgress = nil
        XCTAssertNil(player.simulation.onProgress, "the hook is the seek's only")
    }
}
