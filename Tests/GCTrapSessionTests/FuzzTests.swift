import Foundation
import XCTest
@testable import GCTrapCore
@testable import GCTrapSession
@testable import GCTrapUI

/// Mutated sessions (seeded, so a failure reproduces): none may crash or hang; each either
/// loads and replays, or is refused with a line number inside the file.
final class FuzzTests: XCTestCase {
    static let iterations = 10_000

    func testTenThousandMutatedSessionsNeverCrashOrHang() throws {
        var rng = SplitMix64(seed: 0x6763_7472_6170)
        let base = Array(Sample.text.utf8)
        let lineCount = Sample.text.split(separator: "\n", omittingEmptySubsequences: false).count
        var loaded = 0, refused = 0, warned = 0
        let start = Date()
        // Building a simulation costs milliseconds in a debug build; sessions whose header
        // survived the mutations reuse one, reset to its exact starting state.
        let pristine = try SessionLoader.makeSimulation(Sample.header(), maxSteps: 5_000)
        let initial = pristine.saveState()
        let baseHeader = try SessionParser.parse(Sample.text).header
        let factory: (SessionHeader) throws -> Simulation = { h in
            if h == baseHeader {
                pristine.restoreState(initial, rows: [])
                return pristine
            }
            return try SessionLoader.makeSimulation(h, maxSteps: 5_000)
        }
        for i in 0..<FuzzTests.iterations {
            var bytes = base
            for _ in 0...(rng.next() % 3) { mutate(&bytes, &rng) }
            let data = Data(bytes)
            do {
                let player = try SessionLoader.load(data, maxSteps: 5_000, simulation: factory)
                loaded += 1
                if !player.session.warnings.isEmpty { warned += 1 }
                player.seek(to: player.count)
                player.seek(to: player.count / 2)
                if i % 100 == 0 {
                    _ = Exporter.presentationFrame(player)
                    var n = 0
                    Narrative.tell(player) { _ in n += 1 }
                }
            } catch let e as SessionError {
                refused += 1
                XCTAssertGreaterThanOrEqual(e.line, 1)
                XCTAssertLessThanOrEqual(e.line, lineCount + 64, e.message)
                XCTAssertFalse(e.formatted(file: "f").unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, e.message)
            }
        }
        XCTAssertEqual(loaded + refused, FuzzTests.iterations)
        XCTAssertGreaterThan(loaded, 100, "the mutations should leave some sessions playable")
        XCTAssertGreaterThan(refused, 1000)
        print("fuzz: \(loaded) played (\(warned) with a warning), \(refused) refused, in \(Date().timeIntervalSince(start)) s")
    }

    static let tokens: [String] = [
        "0", "-1", "1e308", "99999999999999999999", "2.5", "true", "null", "\"\"", "[]", "{}", "\"max\"",
        "\"step\"", "\"run\"", "\"toggle\"", "\"view\"", "\"key Tab\"", "\"back\"", "\"restart\"", "\"\\u001b[2J\"",
        "\"action\"", "\"marker\"", "\"prompt\"", "\"caption\"", "\"t\"", "\"version\"", "2", ",", ":", "\"", "\\",
    ]

    func mutate(_ b: inout [UInt8], _ rng: inout SplitMix64) {
        guard !b.isEmpty else { b = Array("{}".utf8); return }
        let pos = Int(rng.next() % UInt64(b.count))
        switch rng.next() % 9 {
        case 0:   // flip a byte
            b[pos] ^= UInt8(truncatingIfNeeded: 1 << (rng.next() % 8))
        case 1:   // random byte
            b[pos] = UInt8(truncatingIfNeeded: rng.next())
        case 2:   // cut the file
            b.removeSubrange(pos...)
        case 3, 4:   // a token in place of a few bytes, after the header mostly
            let at = max(pos, min(b.count - 1, b.count / 2 + pos / 2))
            let len = Int(rng.next() % 6)
            let token = Array(FuzzTests.tokens[Int(rng.next() % UInt64(FuzzTests.tokens.count))].utf8)
            b.replaceSubrange(at..<min(b.count, at + len), with: token)
        case 5:   // delete a line
            let lines = split(b)
            var l = lines
            l.remove(at: Int(rng.next() % UInt64(l.count)))
            b = join(l)
        case 6:   // duplicate a line
            var l = split(b)
            let i = Int(rng.next() % UInt64(l.count))
            l.insert(l[i], at: i)
            b = join(l)
        case 7:   // swap two lines
            var l = split(b)
            let i = Int(rng.next() % UInt64(l.count)), j = Int(rng.next() % UInt64(l.count))
            l.swapAt(i, j)
            b = join(l)
        default:   // change a digit
            if let d = b.indices.dropFirst(pos).first(where: { b[$0] >= 0x30 && b[$0] <= 0x39 }) {
                b[d] = 0x30 + UInt8(rng.next() % 10)
            }
        }
    }

    func split(_ b: [UInt8]) -> [[UInt8]] { b.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init) }
    func join(_ l: [[UInt8]]) -> [UInt8] { Array(l.joined(separator: [0x0A])) }
}
