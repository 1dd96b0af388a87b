import XCTest
import GCTrapSession
@testable import GCTrapWorkshop

/// The lesson parts of format version 2: they parse, write back the same, and are refused
/// with their line where they are wrong; version 1 files are unchanged.
final class LessonFormatTests: XCTestCase {
    func testLessonEventsWriteBackAsTheyWereRead() throws {
        let session = try SessionParser.parse(Lessons.lesson([Lessons.header, Lessons.caption, Lessons.predict, Lessons.task,
            #"{"check":{"measure":"first_collection_task","at_least":100,"at_most":200,"after":[{"action":"run","tasks":50}]}}"#]))
        XCTAssertEqual(session.header.lesson?.number, 40)
        XCTAssertEqual(session.header.formatVersion, 2)
        XCTAssertFalse(session.header.scenarioSource.isEmpty, "a built-in scenario's source is filled in")
        let again = try SessionParser.parse(session.fileText)
        XCTAssertEqual(again.events.map(\.kind), session.events.map(\.kind))
        XCTAssertEqual(again.header.lesson, session.header.lesson)
        XCTAssertTrue(session.fileText.hasPrefix(#"{"format":"gctrap-session","version":2"#))
    }

    func testAVersionOneFileWithALessonEventIsRefusedAtItsLine() {
        let v1 = Lessons.header.replacingOccurrences(of: #""version":2"#, with: #""version":1"#)
            .replacingOccurrences(of: #","lesson":{"number":40,"minutes":5,"teaches":"testing","case":"none"}"#, with: "")
            .replacingOccurrences(of: #""scenario":{"name":"incident"}"#, with: #""scenario":{"name":"x","source":"x = 1\n"}"#)
        XCTAssertThrowsError(try SessionParser.parse(Lessons.lesson([v1, Lessons.caption, Lessons.predict]))) { e in
            XCTAssertEqual((e as? SessionError)?.line, 3)
            XCTAssertTrue("\(e)".contains("needs format version 2"), "\(e)")
        }
    }

    func testAWrongChoiceWithoutItsMisconceptionIsRefused() {
        let bad = Lessons.predict.replacingOccurrences(of: "refcounting frees cycles", with: "")
        XCTAssertThrowsError(try SessionParser.parse(Lessons.lesson([Lessons.header, bad]))) { e in
            XCTAssertEqual((e as? SessionError)?.line, 2)
            XCTAssertTrue("\(e)".contains("names no misconception"), "\(e)")
        }
    }

    func testATaskWithoutASolutionIsRefused() {
        let bad = Lessons.task.replacingOccurrences(of: #""solution":[{"action":"toggle","index":3,"name":"BACK_REFERENCE","value":false},{"action":"restart"},{"action":"run","tasks":2000}],"#, with: "")
        XCTAssertThrowsError(try SessionParser.parse(Lessons.lesson([Lessons.header, Lessons.caption, bad]))) { e in
            XCTAssertEqual((e as? SessionError)?.line, 3)
            XCTAssertTrue("\(e)".contains("no \"solution\""), "\(e)")
        }
    }

    func testAScenarioThatIsNotBuiltInNeedsAFile() {
        let bad = Lessons.header.replacingOccurrences(of: #"{"name":"incident"}"#, with: #"{"name":"nowhere"}"#)
        XCTAssertThrowsError(try SessionParser.parse(Lessons.lesson([bad]))) { e in
            XCTAssertTrue("\(e)".contains("is not built in"), "\(e)")
        }
    }
}
