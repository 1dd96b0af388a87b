import Foundation
import XCTest

/// The facilitator guide (sessions/README.md) lists the shipped lessons exactly: numbers,
/// titles, minutes, core or extra, and a clock that adds the minutes up.
final class FacilitatorGuideTests: EndToEndCase {
    struct Lesson: Equatable { var number: Int; var title: String; var minutes: Int; var extra: Bool }

    func shippedLessons() throws -> [Lesson] {
        let folder = Binary.packageRoot.appendingPathComponent("sessions/lessons")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".gctrap") }.sorted()
        return try files.map { name in
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            let first = Data(text.prefix { $0 != "\n" }.utf8)
            let header = try XCTUnwrap(try JSONSerialization.jsonObject(with: first) as? [String: Any], name)
            let lesson = try XCTUnwrap(header["lesson"] as? [String: Any], "\(name) has no lesson object")
            return Lesson(number: try XCTUnwrap(lesson["number"] as? Int), title: try XCTUnwrap(header["title"] as? String),
                          minutes: try XCTUnwrap(lesson["minutes"] as? Int), extra: lesson["extra"] as? Bool ?? false)
        }.sorted { $0.number < $1.number }
    }

    /// The rows of the guide's plan tables: `| N | title | min | ...`.
    func guideRows() throws -> (core: [[String]], extras: [[String]]) {
        let text = try String(contentsOf: Binary.packageRoot.appendingPathComponent("sessions/README.md"), encoding: .utf8)
        var core: [[String]] = [], extras: [[String]] = []
        var inExtras = false
        for line in text.components(separatedBy: "\n") {
            if line.hasPrefix("Extras, for") { inExtras = true }
            if line.hasPrefix("### ") { inExtras = false }
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard line.hasPrefix("| "), cells.count >= 4, Int(cells[0]) != nil, Int(cells[2]) != nil else { continue }
            if inExtras { extras.append(cells) } else { core.append(cells) }
        }
        return (core, extras)
    }

    func testThePlanListsEveryShippedLessonWithItsTitleAndMinutes() throws {
        let lessons = try shippedLessons()
        let (core, extras) = try guideRows()
        func listed(_ rows: [[String]]) -> [Lesson] {
            rows.map { Lesson(number: Int($0[0])!, title: $0[1], minutes: Int($0[2])!, extra: rows == extras) }
        }
        XCTAssertEqual(listed(core), lessons.filter { !$0.extra },
                       "sessions/README.md's 90-minute plan must list the core lessons as shipped: update the plan")
        XCTAssertEqual(listed(extras), lessons.filter(\.extra),
                       "sessions/README.md's extras must list the extra lessons as shipped: update the guide")
        XCTAssertEqual(core.map { Int($0[2])! }.reduce(0, +), 90, "the core is a 90-minute session")
        // The clock column adds the minutes up: 0:00-0:10, 0:10-0:22, ...
        var start = 0
        for row in core {
            let end = start + Int(row[2])!
            XCTAssertEqual(row[3], "\(start / 60):\(String(format: "%02d", start % 60))-\(end / 60):\(String(format: "%02d", end % 60))", row.joined(separator: " | "))
            start = end
        }
    }

    /// The guide's handout: `gctrap play --headless` prints every lesson, questions and
    /// misconceptions included (a lesson's scenario file is found beside it).
    func testTheHandoutPrintsEveryLesson() throws {
        let folder = Binary.packageRoot.appendingPathComponent("sessions/lessons")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".gctrap") }.sorted()
        XCTAssertFalse(files.isEmpty)
        for name in files {
            let r = gctrap("play", "--headless", folder.appendingPathComponent(name).path)
            XCTAssertEqual(r.status, 0, "\(name): \(r.stderr)")
            XCTAssertTrue(r.stdout.contains("] predict: "), name)
            XCTAssertTrue(r.stdout.contains("(misconception: "), name)
            XCTAssertTrue(r.stdout.contains("  hint 1: "), name)
        }
    }
}
