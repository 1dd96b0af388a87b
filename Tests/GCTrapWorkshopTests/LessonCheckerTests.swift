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

    /// A lesson header with `compare` (here the bug against the fix, by leaked connections):
    /// measures name a side or the comparison, a goal can be a divergence, actions are the
    /// compare view's keys and runs; anything else is reported at its line.
    static let compareHeader = Lessons.header.replacingOccurrences(of: #","lesson":"#, with: #","compare":{"sides":[{"label":"bug","python":"3.11","settings":{}},{"label":"fix","python":"3.11","settings":{"BACK_REFERENCE":"False"}}],"criterion":"leaked"},"lesson":"#)
    static let comparePredict = #"{"predict":{"question":"Open on the fix after 3 tasks?","choices":["one","three"],"answer":0,"misconceptions":["","the fix changes nothing"],"reveal":[{"action":"run","tasks":4}],"measure":"right.open","values":[1,3]}}"#
    static let compareTask = #"{"task":{"text":"Jump to the first divergence.","goal":[{"measure":"at_divergence","is":1}],"hints":["`R` restarts both sides, `f` jumps to the first divergence."],"solution":[{"action":"view","message":"key R"},{"action":"view","message":"key f"}],"takeaway":"Done."}}"#

    func testAComparisonLessonChecksItsSidesAndItsDivergence() {
        let ok = Lessons.check(Lessons.lesson([Self.compareHeader, Lessons.caption, Self.comparePredict, Self.compareTask]))
        XCTAssertTrue(ok.ok, ok.problems.map(\.description).joined(separator: "\n"))
        XCTAssertEqual(ok.predictions, 1)
        XCTAssertEqual(ok.tasks, 1)
    }

    func testAComparisonLessonRefusesOtherActionsUnsidedMeasuresAndAGoalThatAlreadyHolds() {
        let plain = Self.comparePredict.replacingOccurrences(of: #""measure":"right.open""#, with: #""measure":"open""#)
        let toggle = #"{"action":"toggle","index":3,"name":"BACK_REFERENCE","value":false}"#
        let already = #"{"task":{"text":"Stand still.","goal":[{"measure":"right.BACK_REFERENCE","is":false}],"hints":["`Tab` switches the side."],"solution":[{"action":"view","message":"key Tab"}],"takeaway":"Done."}}"#
        let r = Lessons.check(Lessons.lesson([Self.compareHeader, Lessons.caption, toggle, plain, already]))
        XCTAssertEqual(r.problems.map(\.line), [3, 4, 5], r.problems.map(\.description).joined(separator: "\n"))
        guard r.problems.count == 3 else { return }
        XCTAssertTrue(r.problems[0].message.contains("action toggle in a comparison lesson"), r.problems[0].message)
        XCTAssertTrue(r.problems[1].message.contains("name a side (left.open, right.open)"), r.problems[1].message)
        XCTAssertTrue(r.problems[2].message.contains("the goal already holds"), r.problems[2].message)
    }

    func testAComparisonLessonHasTwoSides() {
        let three = Self.compareHeader.replacingOccurrences(of: #"],"criterion""#, with: #",{"label":"3.13","python":"3.13","settings":{}}],"criterion""#)
        let r = Lessons.check(Lessons.lesson([three, Lessons.caption, Self.comparePredict, Self.compareTask]))
        XCTAssertEqual(r.problems.first?.line, 1, r.problems.map(\.description).joined(separator: "\n"))
        XCTAssertTrue(r.problems.first?.message.contains("a lesson compares two sides") ?? false, r.problems.map(\.description).joined(separator: "\n"))
    }

    func testTheComparisonMeasuresAreDocumented() throws {
        let docs = try String(contentsOf: Lessons.root.appendingPathComponent("docs/lessons.md"), encoding: .utf8)
        for m in Measures.comparison.map(\.name).filter({ !$0.contains(",") }) + ["left.peak_open"] { XCTAssertTrue(docs.contains("`\(m)`"), m) }
    }
}
