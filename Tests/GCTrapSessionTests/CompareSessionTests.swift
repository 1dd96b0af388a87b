import Foundation
import XCTest
@testable import GCTrapCore
@testable import GCTrapSession
@testable import GCTrapUI

/// Recorded comparisons: what `compare --record` writes plays back to the same screens,
/// headless and exported; a bad comparison header is refused at line 1.
final class CompareSessionTests: XCTestCase {
    func comparisonHeader() -> SessionHeader {
        var h = SessionHeader(title: "incident: 3.11 vs 3.13", created: "2026-01-01T00:00:00Z", scenarioName: "incident",
                              scenarioSource: EmbeddedScenarios.named("incident")!, python: "3.11", cols: 120, rows: 40)
        h.compare = CompareInfo(sides: [.init(label: "3.11", python: "3.11", settings: [:]),
                                        .init(label: "3.13", python: "3.13", settings: [:])], criterion: "events")
        return h
    }

    /// Keys and ticks through the recording driver; the file's replay reaches the same frame.
    func testARecordedComparisonReplaysToTheSameScreen() throws {
        var lines: [String] = []
        var now = 0.0
        let live = try CompareSession.driver(comparisonHeader(), width: 120, height: 40)
        let rec = CompareRecordingDriver(driver: live, header: comparisonHeader(), writer: nil, sink: { lines.append($0) },
                                         clock: { now })
        for m: Message in [.key(.char("f")), .key(.char("m")), .key(.tab), .key(.char("c"))] { _ = rec.handle(m); now += 0.3 }
        for _ in 0..<20 { _ = rec.handle(.tick); now += 0.1 }
        for m: Message in [.key(.char("c")), .key(.char("]")), .key(.char("d"))] { _ = rec.handle(m); now += 0.3 }
        let liveFrame = live.frame().text
        XCTAssertEqual(rec.handle(.key(.char("q"))), .quit)
        let session = try SessionParser.parse(lines.joined(separator: "\n") + "\n")
        XCTAssertEqual(session.header.compare, comparisonHeader().compare)
        XCTAssertTrue(lines.contains("{\"t\":0.3,\"marker\":\"marker 1 at task 138\"}"), lines.joined(separator: "\n"))
        XCTAssertTrue(lines.contains { $0.contains("\"action\":\"run\"") }, "ticks are written as run events")
        XCTAssertFalse(lines.contains { $0.contains("key q") }, "quitting is not an event")

        let replay = try CompareSession.driver(session.header, width: 120, height: 40)
        for e in session.events { CompareSession.apply(e, to: replay) }
        XCTAssertEqual(replay.model.alignedTask, live.model.alignedTask)
        XCTAssertEqual(replay.model.criterion, .open)
        XCTAssertEqual(replay.frame().text, liveFrame)
    }

    /// `play --headless` tells the keys, the tasks and each divergence as it is found.
    func testTheNarrativeOfARecordedComparison() throws {
        let text = comparisonHeader().jsonLine + "\n"
            + "{\"t\":1,\"action\":\"view\",\"message\":\"key f\"}\n"
            + "{\"t\":2,\"marker\":\"the first collection\"}\n"
            + "{\"t\":3,\"action\":\"view\",\"message\":\"key ]\"}\n"
        var out: [String] = []
        try CompareSession.tell(try SessionParser.parse(text)) { out.append($0) }
        XCTAssertEqual(out, [
            "comparison: incident: 3.11 | 3.13 (by events)",
            "[0:01.0] key f: divergence 1 of 1+ (task 138)",
            "divergence 1: task 138: 3.11 collected gen 0 (closed 137); open 2, 1 in garbage | 3.13 count 705/2000; open 139, a new peak, 138 in garbage",
            "[0:02.0] marker: the first collection",
            "[0:03.0] key ]: divergence 2 of 2+ (task 278)",
            "divergence 2: task 278: 3.11 collected gen 0 (closed 139); open 3, 2 in garbage | 3.13 count 1405/2000; open 279, a new peak, 278 in garbage",
            "end: task 278: 3.11 open 3, 2/0/1 collections | 3.13 open 279, 0/0/1 collections",
        ])
    }

    /// Export frames: one per event that changes the screen, the marker on its frame.
    func testExportedFramesOfAComparison() throws {
        let text = comparisonHeader().jsonLine + "\n"
            + "{\"t\":1,\"action\":\"view\",\"message\":\"key f\"}\n"
            + "{\"t\":1.5,\"marker\":\"here\"}\n"
            + "{\"t\":2,\"action\":\"view\",\"message\":\"key Tab\"}\n"
        var frames: [ExportFrame] = []
        try CompareSession.frames(try SessionParser.parse(text), width: 120, height: 40) { frames.append($0) }
        XCTAssertEqual(frames.map(\.time), [0, 1, 1.5, 2])
        XCTAssertEqual(frames.map(\.markers), [[], [], ["here"], []])
        XCTAssertTrue(frames[1].grid.text.contains("task 138 done"))
    }

    /// A comparison header with one side, an unknown Python or criterion is refused at line 1.
    func testBadComparisonHeadersAreRefused() {
        func header(_ compare: String) -> String {
            "{\"format\":\"gctrap-session\",\"version\":2,\"scenario\":{\"name\":\"incident\"},\"compare\":\(compare)}\n"
        }
        let cases: [(String, String)] = [
            ("{\"sides\":[{\"label\":\"a\",\"python\":\"3.11\"}]}", "a comparison has 2 to 4 sides, not 1"),
            ("{\"sides\":[{\"label\":\"a\",\"python\":\"3.11\"},{\"label\":\"b\",\"python\":\"2.7\"}]}", "side 2: unknown Python profile '2.7'"),
            ("{\"criterion\":\"x\",\"sides\":[{\"label\":\"a\",\"python\":\"3.11\"},{\"label\":\"b\",\"python\":\"3.13\"}]}", "unknown divergence criterion 'x'"),
            ("[]", "\"compare\" must be"),
        ]
        for (compare, message) in cases {
            XCTAssertThrowsError(try SessionParser.parse(header(compare))) { e in
                let err = e as! SessionError
                XCTAssertEqual(err.line, 1)
                XCTAssertTrue(err.message.contains(message), err.message)
            }
        }
    }
}
