import Foundation
import XCTest

/// Every relative link of the repository's documents (README.md, docs/*.md,
/// sessions/**/*.md, Tests/**/README.md) names a file inside the repository: none is
/// broken, none leads out of it (../shared, an absolute path), so the docs stand on
/// their own in a fresh clone.
final class DocLinksTests: XCTestCase {

    func testEveryRelativeDocLinkResolvesInsideTheRepository() throws {
        let root = Binary.packageRoot.standardizedFileURL.resolvingSymlinksInPath()
        let docs = DocLinks.documents(in: root)
        XCTAssertTrue(docs.contains("README.md") && docs.contains("docs/architecture.md"), "documents found: \(docs)")
        var checked = 0
        var bad: [String] = []
        for doc in docs {
            let text = try String(contentsOf: root.appendingPathComponent(doc), encoding: .utf8)
            for link in DocLinks.targets(in: text) where DocLinks.isRelative(link.target) {
                checked += 1
                if let problem = DocLinks.problem(link.target, from: doc, root: root) {
                    bad.append("\(doc):\(link.line): (\(link.target)) \(problem)")
                }
            }
        }
        XCTAssertEqual(bad, [], "links that do not resolve to a file inside the repository")
        XCTAssertGreaterThan(checked, 5, "the link reader found too few links: it has stopped reading them")
    }

    /// The reader itself: inline links, images, titles, angle brackets and reference
    /// definitions count; links in code do not; the checker refuses what leaves the repo.
    func testTheLinkReaderAndCheckerCatchBrokenAndOutsideLinks() throws {
        let text = """
        See [a](docs/a.md#part) and ![img](pic.png "title"), [b](<with space.md>),
        [web](https://example.org), [here](#anchor).
        `[not](code.md)` and

        ```
        [neither](fenced.md)
        ```
        [ref]: ../shared/notes.md
        """
        XCTAssertEqual(DocLinks.targets(in: text).map(\.target),
                       ["docs/a.md#part", "pic.png", "with space.md", "https://example.org", "#anchor", "../shared/notes.md"])
        XCTAssertEqual(DocLinks.targets(in: text).map(\.line), [1, 1, 1, 2, 2, 8])
        let root = Binary.packageRoot.standardizedFileURL.resolvingSymlinksInPath()
        XCTAssertNil(DocLinks.problem("docs/architecture.md#where", from: "README.md", root: root))
        XCTAssertNil(DocLinks.problem("../docs/lessons.md", from: "sessions/README.md", root: root))
        XCTAssertNotNil(DocLinks.problem("docs/nope.md", from: "README.md", root: root))
        XCTAssertNotNil(DocLinks.problem("../shared/DESIGN.md", from: "README.md", root: root))
        XCTAssertNotNil(DocLinks.problem("/etc/hostname", from: "README.md", root: root))
    }
}

enum DocLinks {
    /// The documents whose links are checked, relative to the root, sorted.
    static func documents(in root: URL) -> [String] {
        var out: [String] = []
        let fm = FileManager.default
        if fm.fileExists(atPath: root.appendingPathComponent("README.md").path) { out.append("README.md") }
        func walk(_ dir: String, _ keep: (String) -> Bool, deep: Bool) {
            guard let names = try? fm.contentsOfDirectory(atPath: root.appendingPathComponent(dir).path) else { return }
            for name in names.sorted() {
                let rel = dir + "/" + name
                var isDir: ObjCBool = false
                fm.fileExists(atPath: root.appendingPathComponent(rel).path, isDirectory: &isDir)
                if isDir.boolValue { if deep { walk(rel, keep, deep: true) } } else if keep(name) { out.append(rel) }
            }
        }
        walk("docs", { $0.hasSuffix(".md") }, deep: false)
        walk("sessions", { $0.hasSuffix(".md") }, deep: true)
        walk("Tests", { $0 == "README.md" }, deep: true)
        return out
    }

    /// Link targets with their line numbers: `[text](target)`, `![alt](target "title")`,
    /// `[text](<target>)`, and reference definitions `[id]: target`. Code spans and fenced
    /// blocks are skipped.
    static func targets(in text: String) -> [(target: String, line: Int)] {
        var out: [(String, Int)] = []
        var fenced = false
        for (n, raw) in text.components(separatedBy: "\n").enumerated() {
            if raw.trimmingCharacters(in: .whitespaces).hasPrefix("```") { fenced.toggle(); continue }
            if fenced { continue }
            let line = withoutCodeSpans(raw)
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("["), let close = trimmed.range(of: "]:") {
                let rest = trimmed[close.upperBound...].trimmingCharacters(in: .whitespaces)
                if let t = rest.split(separator: " ").first { out.append((String(t), n + 1)); continue }
            }
            var i = line.startIndex
            while let open = line[i...].range(of: "](") {
                var j = open.upperBound
                var target = ""
                if j < line.endIndex, line[j] == "<" {
                    guard let end = line[j...].firstIndex(of: ">") else { break }
                    target = String(line[line.index(after: j)..<end])
                    j = end
                } else {
                    while j < line.endIndex, line[j] != ")", line[j] != " " { target.append(line[j]); j = line.index(after: j) }
                }
                if !target.isEmpty { out.append((target, n + 1)) }
                i = j < line.endIndex ? line.index(after: j) : j
            }
        }
        return out
    }

    static func isRelative(_ target: String) -> Bool {
        if target.hasPrefix("#") { return false }
        // A scheme (https:, mailto:) makes it an address, not a path.
        if let colon = target.firstIndex(of: ":"), target[..<colon].allSatisfy({ $0.isLetter || $0 == "+" || $0 == "." || $0 == "-" }),
           !target[..<colon].isEmpty { return false }
        return true
    }

    /// Why the target does not name a file inside the repository, or nil when it does.
    static func problem(_ target: String, from doc: String, root: URL) -> String? {
        let path = String(target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0])
            .removingPercentEncoding ?? target
        if path.isEmpty { return nil }
        if path.hasPrefix("/") { return "is an absolute path" }
        let base = root.appendingPathComponent(doc).deletingLastPathComponent()
        let resolved = base.appendingPathComponent(path).standardizedFileURL.resolvingSymlinksInPath()
        guard resolved.path.hasPrefix(root.path + "/") else { return "leads outside the repository" }
        guard FileManager.default.fileExists(atPath: resolved.path) else { return "does not exist" }
        return nil
    }

    private static func withoutCodeSpans(_ line: String) -> String {
        var out = "", inCode = false
        for c in line {
            if c == "`" { inCode.toggle(); continue }
            if !inCode { out.append(c) }
        }
        return out
    }
}
