import Foundation
import XCTest
import GCTrapHost

/// The fidelity corpus (Tests/Fidelity/*.py: small programs that stress exceptions, with,
/// loops, finalizers, the collector and the db stand-in) through `gctrap verify` against
/// CPython 3.11 and, when installed, 3.12 and 3.13: identical CSV and identical printed output.
/// Programs with a known, documented disagreement live in Tests/Fidelity/known/ and are
/// not run here.
final class FidelityTests: EndToEndCase {
    static var corpus: [URL] {
        let dir = Binary.packageRoot.appendingPathComponent("Tests/Fidelity")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".py") }.sorted().map { dir.appendingPathComponent($0) }
    }

    /// Runs every corpus file against one interpreter, two at a time; returns the failures.
    func verifyCorpus(_ python: String) -> [String] {
        let files = Self.corpus
        let lock = NSLock()
        var failures: [String] = []
        let exe = binary!, cwd = tmp!
        DispatchQueue.concurrentPerform(iterations: files.count) { i in
            let f = files[i]
            let r = Binary.run(exe, ["verify", f.path, "--python-binary", python, "--timeout", "60"], cwd: cwd, timeout: 90)
            var problems: [String] = []
            if r.timedOut { problems.append("timed out") }
            if r.status != 0 { problems.append("exit \(r.status)") }
            if !r.stdout.contains("rows: identical") { problems.append("CSV differs") }
            if !r.stdout.split(separator: "\n").contains(where: { $0.hasPrefix("program output") && $0.contains("identical") }) {
                problems.append("printed output differs")
            }
            if !problems.isEmpty {
                lock.lock()
                failures.append("\(f.lastPathComponent) on \(python): \(problems.joined(separator: ", "))\n\(r.stdout)\(r.stderr)")
                lock.unlock()
            }
        }
        return failures
    }

    func check(_ version: String, required: Bool) throws {
        if required && Interpreters.find(version) == nil { XCTFail("no CPython \(version)") }
        let py = try requireCPython(version)
        XCTAssertGreaterThanOrEqual(Self.corpus.count, 20, "the fidelity corpus is missing")
        let started = Date()
        let failures = verifyCorpus(py)
        XCTAssert(failures.isEmpty, "\(failures.count) of \(Self.corpus.count) programs differ:\n" + failures.joined(separator: "\n"))
        print("fidelity corpus on CPython \(version): \(Self.corpus.count) programs in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
    }

    func testCorpusMatchesCPython311() throws { try check("3.11", required: false) }
    func testCorpusMatchesCPython312() throws { try check("3.12", required: false) }
    func testCorpusMatchesCPython313() throws { try check("3.13", required: false) }
}
