// Golden frames: a frame is compared as text with a file in Goldens/. Set
// GCTRAP_RECORD_GOLDENS=1 to (re)write them; a missing golden is written and the test fails
// once, so new goldens are always looked at.
import Foundation
import XCTest
import GCTrapUI

enum Golden {
    static var directory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Goldens")
    }

    /// A readable line-by-line diff: the differing rows with a caret under the first
    /// differing column, then the whole actual frame.
    static func diff(expected: String, actual: String) -> String? {
        if expected == actual { return nil }
        let e = expected.components(separatedBy: "\n"), a = actual.components(separatedBy: "\n")
        var out: [String] = []
        var shown = 0
        for i in 0..<max(e.count, a.count) {
            let el = i < e.count ? e[i] : "<no line>"
            let al = i < a.count ? a[i] : "<no line>"
            if el == al { continue }
            shown += 1
            if shown > 12 { out.append("  ... more differing lines"); break }
            let ec = Array(el), ac = Array(al)
            var col = 0
            while col < min(ec.count, ac.count), ec[col] == ac[col] { col += 1 }
            out.append("  line \(i + 1), column \(col + 1):")
            out.append("    expected |\(el)|")
            out.append("    actual   |\(al)|")
            out.append("              " + String(repeating: " ", count: col) + "^")
        }
        out.append("actual frame:")
        out.append(contentsOf: a.map { "    |" + $0 })
        return out.joined(separator: "\n")
    }

    static func assert(_ grid: Grid, _ name: String, file: StaticString = #filePath, line: UInt = #line) {
        let actual = grid.lines.map { l -> String in
            var s = Substring(l)
            while s.last == " " { s = s.dropLast() }
            return String(s)
        }.joined(separator: "\n") + "\n"
        let url = directory.appendingPathComponent(name + ".txt")
        let record = ProcessInfo.processInfo.environment["GCTRAP_RECORD_GOLDENS"] == "1"
        guard !record, let expected = try? String(contentsOf: url, encoding: .utf8) else {
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try? actual.write(to: url, atomically: true, encoding: .utf8)
            if !record { XCTFail("recorded new golden \(name).txt: check it and run again", file: file, line: line) }
            return
        }
        if let d = diff(expected: expected, actual: actual) {
            XCTFail("frame differs from golden \(name).txt (GCTRAP_RECORD_GOLDENS=1 rewrites it):\n\(d)",
                    file: file, line: line)
        }
    }
}
