import Foundation
import XCTest
@testable import GCTrapCore
@testable import GCTrapSession
@testable import GCTrapUI

/// A session's `gen0_at_start` (the start-up lottery): written when set, read back, given to
/// the replayed simulation, and refused out of range at line 1.
final class Gen0AtStartSessionTests: XCTestCase {
    func header(python: String = "3.13", gen0: Int) -> SessionHeader {
        var h = SessionHeader(title: "lottery", created: "2026-01-01T00:00:00Z", scenarioName: "incident",
                              scenarioSource: EmbeddedScenarios.incident, python: python)
        h.gen0AtStart = gen0
        return h
    }

    func testTheHeaderKeepsTheCountAndTheReplayStartsFromIt() throws {
        let h = header(gen0: 1800)
        XCTAssertTrue(h.jsonLine.contains("\"gen0_at_start\":1800"), h.jsonLine)
        XCTAssertFalse(header(gen0: 0).jsonLine.contains("gen0_at_start"), "0, the default, is not written")
        let parsed = try SessionParser.parse(h.jsonLine + "\n")
        XCTAssertEqual(parsed.header.gen0AtStart, 1800)
        let sim = try SessionLoader.makeSimulation(parsed.header)
        XCTAssertEqual(sim.gen0AtStart, 1800)
        sim.runToEnd()
        // 3.13, a count of 1800 at the loop's start: the first collection in task 38, death in 337.
        XCTAssertEqual(sim.rows.first { !$0.collectionsDuring.isEmpty }?.task, 38)
        XCTAssertEqual(sim.rows.last?.task, 337)
        XCTAssertEqual(sim.rows.last?.error, "TooManyConnections")
    }

    func testOutOfRangeCountsAreRefusedAtLine1() {
        for (python, value, message) in [("3.11", "700", "from 0 to 699"), ("3.13", "2000", "from 0 to 1999"),
                                         ("3.13", "-1", "from 0 to 1999"), ("3.11", "\"5\"", "from 0 to 699")] {
            let text = "{\"format\":\"gctrap-session\",\"version\":2,\"python\":\"\(python)\",\"gen0_at_start\":\(value),\"scenario\":{\"name\":\"incident\"}}\n"
            XCTAssertThrowsError(try SessionParser.parse(text)) { e in
                let err = e as! SessionError
                XCTAssertEqual(err.line, 1)
                XCTAssertTrue(err.message.contains(message), err.message)
            }
        }
    }

    /// A recorded comparison keeps a side's own count, and the replay starts that side from it.
    func testAComparisonSideKeepsItsOwnCount() throws {
        var h = header(gen0: 0)
        h.formatVersion = 2
        h.compare = CompareInfo(sides: [CompareInfo.Side(label: "gen0=0", python: "3.13", settings: [:]),
                                        CompareInfo.Side(label: "gen0=1800", python: "3.13", settings: [:], gen0AtStart: 1800)],
                                criterion: "events")
        XCTAssertTrue(h.jsonLine.contains("\"gen0_at_start\":1800"), h.jsonLine)
        let parsed = try SessionParser.parse(h.jsonLine + "\n")
        XCTAssertEqual(parsed.header.compare?.sides.map(\.gen0AtStart), [nil, 1800])
        let d = try CompareSession.driver(parsed.header, width: 200, height: 50)
        XCTAssertEqual(d.sims.map(\.gen0AtStart), [0, 1800])
        let bad = h.jsonLine.replacingOccurrences(of: "\"gen0_at_start\":1800", with: "\"gen0_at_start\":2000")
        XCTAssertThrowsError(try SessionParser.parse(bad + "\n")) { e in
            XCTAssertTrue((e as! SessionError).message.contains("side 2's \"gen0_at_start\" must be a whole number from 0 to 1999"))
        }
    }
}
