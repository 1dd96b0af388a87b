import XCTest
import GCTrapCore
import GCTrapSession
import GCTrapUI
@testable import GCTrapWorkshop

final class MeasuresTests: XCTestCase {
    func testPeakOpenCountsTheInTaskMomentWhenTheReturnedAgentIsStillBound() throws {
        let sim = try Simulation(source: EmbeddedScenarios.incident, name: "incident", settings: ["BACK_REFERENCE": "False", "TASKS": "20"])
        sim.runToEnd()
        XCTAssertEqual(Measures.value("peak_open", sim: sim, model: nil), .int(2))
        XCTAssertEqual(Measures.value("finished", sim: sim, model: nil), .bool(true))
        XCTAssertEqual(Measures.value("error", sim: sim, model: nil), LessonValue.none)
    }
}
