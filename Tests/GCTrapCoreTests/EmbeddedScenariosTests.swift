import XCTest
@testable import GCTrapCore

/// The binary carries the shipped scenarios; they must be the files in scenarios/.
final class EmbeddedScenariosTests: XCTestCase {
    let scenarios = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scenarios")

    func test_embeddedCopiesMatchTheFilesInScenarios_runScriptsEmbedScenariosWhenThisFails() throws {
        for (name, source) in EmbeddedScenarios.all + [("db", EmbeddedScenarios.db)] {
            let file = try String(contentsOf: scenarios.appendingPathComponent("\(name).py"), encoding: .utf8)
            XCTAssertEqual(source + "\n", file, "\(name).py differs from its embedded copy")
        }
    }

    func test_everyShippedScenarioIsEmbedded() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: scenarios.path)
            .filter { $0.hasSuffix(".py") && $0 != "db.py" && $0 != "gctrap.py" }
            .map { String($0.dropLast(3)) }
        XCTAssertEqual(Set(files), Set(EmbeddedScenarios.all.map(\.name)))
    }
}
