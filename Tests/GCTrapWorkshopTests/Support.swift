import Foundation
import GCTrapSession
@testable import GCTrapWorkshop

enum Lessons {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let folder = root.appendingPathComponent("sessions/lessons")

    static var files: [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".gctrap") }.sorted().map { folder.appendingPathComponent($0) }
    }

    static func text(_ name: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
    }

    /// Writes `text` to a temporary lesson file and checks it.
    static func check(_ text: String) -> LessonReport {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gctrap-lesson-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("lesson.gctrap")
        try? text.write(to: file, atomically: true, encoding: .utf8)
        return LessonChecker.check(path: file.path)
    }

    /// A small lesson on the incident scenario, for tests that break one part of it.
    static let header = #"{"format":"gctrap-session","version":2,"title":"Test lesson","scenario":{"name":"incident"},"settings":{"TASKS":"50"},"lesson":{"number":40,"minutes":5,"teaches":"testing","case":"none"}}"#
    static let caption = #"{"caption":"A caption."}"#
    static let predict = #"{"predict":{"question":"Open after 3 tasks?","choices":["one","three"],"answer":1,"misconceptions":["refcounting frees cycles",""],"reveal":[{"action":"run","tasks":4}],"measure":"open","values":[1,3]}}"#
    static let task = #"{"task":{"text":"Make it die.","goal":[{"measure":"peak_open","at_most":2},{"measure":"finished","is":true}],"hints":["Flip BACK_REFERENCE with `4`."],"solution":[{"action":"toggle","index":3,"name":"BACK_REFERENCE","value":false},{"action":"restart"},{"action":"run","tasks":2000}],"takeaway":"Done."}}"#

    static func lesson(_ lines: [String]) -> String { lines.joined(separator: "\n") + "\n" }
}
