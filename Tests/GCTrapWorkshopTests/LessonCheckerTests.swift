import XCTest
import GCTrapSession
@testable import GCTrapWorkshop

/// `gctrap lesson check`: each kind of bad lesson is caught at its line (the shipped lessons
/// are checked by the binary in EndToEndTests/WorkshopTests).
final class LessonCheckerTests: XCTestCase {
    func testTheSmallTestLessonPasses() {
        let r = Lessons.check(Lessons.lesson([Lessons.header, Lessons.caption, Lessons.predict, Lessons.task]))
        XCTAssertTrue(r.ok, r.problems.map(\.description).joined(separator: "\n"))
    }

    func testAStatedAnswerTheSimulationContradictsIsReportedAtItsLine() {
        let wrong = Lessons.predict.replacingOccurrences(of: #""answer":1"#, with: #""answer":0"#)
            .replacingOccurrences(of: #"["refcounting frees cycles",""]"#, with: #"["","cycles are invisible"]"#)
        let r = Lessons.check(Lessons.lesson([Lessons.header, Lessons.caption, wrong, Lessons.task]))
        XCTAssertEqual(r.problems.map(\.line), [3])
        XCTAssertTrue(r.problems[0].message.contains("the simulation gives open = 3"), r.problems[0].message)
    }

    func testChoicesTheSimulationCannotTellApartAreReported() {
        let same = Lessons.predict.replacingOccurrences(of: #""values":[1,3]"#, with: #""values":[{"at_least":1},3]"#)
        let r = Lessons.check(Lessons.lesson([Lessons.header, Lessons.caption, same, Lessons.task]))
        XCTAssertEqual(r.problems.map(\.line), [3])
        XCTAssertTrue(r.problems[0].message.contains("also matches choice 1"), r.problems[0].message)
    }

    func testAGoalReachedByDoingNothingIsReported() {
        let idle = Lessons.task.replacingOccurrences(of: #"[{"measure":"peak_open","at_most":2},{"measure":"finished","is":true}]"#,
                                                     with: #"[{"measure":"peak_open","at_most":5}]"#)
        let r = Lessons.check(Lessons.lesson([Lessons.header, Lessons.caption, Lessons.predict, idle]))
        XCTAssertEqual(r.problems.map(\.line), [4])
        XCTAssertTrue(r.problems[0].message.contains("already holds before the learner does anything"), r.problems[0].message)
    }

    func testASolutionThatMissesTheGoalIsReported() {
        let miss = Lessons.task.replacingOccurrences(of: #"{"action":"run","tasks":2000}"#, with: #"{"action":"run","tasks":5}"#)
        let r = Lessons.check(Lessons.lesson([Lessons.header, Lessons.caption, Lessons.predict, miss]))
        XCTAssertEqual(r.problems.map(\.line), [4])
        XCTAssertTrue(r.problems[0].message.contains("does not reach the goal"), r.problems[0].message)
        XCTAssertTrue(r.problems[0].message.contains("finished = False"), r.problems[0].message)
    }

    func testHintsThatNameMissingThingsAreReported() {
        let bad = Lessons.task.replacingOccurrences(of: "Flip BACK_REFERENCE with `4`.",
                                                    with: "Flip BACK_REFRENCE in the Heap pane, then call `gc.freeze_all()`.")
        let r = Lessons.check(Lessons.lesson([Lessons.header, Lessons.caption, Lessons.predict, bad]))
        let text = r.problems.map(\.message).joined(separator: "\n")
        XCTAssertEqual(Set(r.problems.map(\.line)), [4])
        XCTAssertTrue(text.contains("`gc.freeze_all()`"), text)
        XCTAssertTrue(text.contains("BACK_REFRENCE, which the scenario does not declare"), text)
        XCTAssertTrue(text.contains("the Heap pane"), text)
    }

    func testANumberNoCheckEstablishesIsReported() {
        let claim = #"{"caption":"A collection comes every 140 tasks; see line 9999."}"#
        let r = Lessons.check(Lessons.lesson([Lessons.header, claim, Lessons.predict, Lessons.task]))
        XCTAssertEqual(r.problems.map(\.line), [2, 2])
        XCTAssertTrue(r.problems[0].message.contains("the number 140"), r.problems[0].message)
        XCTAssertTrue(r.problems[1].message.contains("9999"), r.problems[1].message)
        let checked = Lessons.check(Lessons.lesson([Lessons.header.replacingOccurrences(of: "\"50\"", with: "\"1000\""),
            #"{"caption":"A collection comes every 140 tasks."}"#,
            #"{"check":{"measure":"collection_interval","is":140,"after":[{"action":"run","tasks":300}]}}"#,
            Lessons.predict, Lessons.task]))
        XCTAssertTrue(checked.ok, "\(checked.problems)")
    }

    func testAFalseCheckIsReported() {
        let r = Lessons.check(Lessons.lesson([Lessons.header, Lessons.caption,
            #"{"check":{"measure":"open","is":7,"after":[{"action":"run","tasks":3}]}}"#, Lessons.predict, Lessons.task]))
        XCTAssertEqual(r.problems.map(\.line), [3])
        XCTAssertTrue(r.problems[0].message.contains("open is 7 is false"), r.problems[0].message)
    }

    func testEveryMeasureIsDocumented() throws {
        let docs = try String(contentsOf: Lessons.root.appendingPathComponent("docs/lessons.md"), encoding: .utf8)
        for m in Measures.all { XCTAssertTrue(docs.contains("| `\(m.name)` |"), m.name) }
    }
}
