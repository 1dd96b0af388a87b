// Lesson screens compared as text with Goldens/NAME.txt (GCTRAP_RECORD_GOLDENS=1 rewrites
// them; a missing one is written and the test fails once, so every golden gets looked at).
import Foundation
import XCTest
import GCTrapUI

enum Golden {
    static var directory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Goldens")
    }

    static func text(_ grid: Grid) -> String {
        grid.lines.map { l -> String in
            var s = Substring(l)
            while s.last == " " { s = s.dropLast() }
            return String(s)
        }.joined(separator: "\n") + "\n"
    }

    static func assert(_ grid: Grid, _ name: String, file: StaticString = #filePath, line: UInt = #line) {
        let actual = text(grid)
        let url = directory.appendingPathComponent(name + ".txt")
        let record = ProcessInfo.processInfo.environment["GCTRAP_RECORD_GOLDENS"] == "1"
        guard !record, let expected = try? String(contentsOf: url, encoding: .utf8) else {
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try? actual.write(to: url, atomically: true, encoding: .utf8)
            if !record { XCTFail("recorded new golden \(name).txt: check it and run again", file: file, line: line) }
            return
        }
        if expected != actual {
            let e = expected.components(separatedBy: "\n"), a = actual.components(separatedBy: "\n")
            let first = (0..<max(e.count, a.count)).first { ($0 < e.count ? e[$0] : "") != ($0 < a.count ? a[$0] : "") } ?? 0
            XCTFail("frame differs from golden \(name).txt at line \(first + 1) (GCTRAP_RECORD_GOLDENS=1 rewrites it):\n"
                    + "expected |\(first < e.count ? e[first] : "")|\nactual   |\(first < a.count ? a[first] : "")|\n" + actual,
                    file: file, line: line)
        }
    }
}
