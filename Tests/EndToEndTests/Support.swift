import Foundation
import XCTest
import GCTrapHost

/// Runs the built `gctrap` binary and other programs, with a timeout.
enum Binary {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static var scenarios: URL { packageRoot.appendingPathComponent("scenarios") }

    /// The gctrap executable beside this test bundle (`swift test` builds every product);
    /// $GCTRAP_BIN overrides; as a last resort it is built into the same scratch folder.
    static let gctrap: String? = {
        let fm = FileManager.default
        if let env = ProcessInfo.processInfo.environment["GCTRAP_BIN"], fm.isExecutableFile(atPath: env) { return env }
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let c = dir.appendingPathComponent("gctrap").path
            if fm.isExecutableFile(atPath: c) { return c }
            dir = dir.deletingLastPathComponent()
        }
        for b in Bundle.allBundles {
            let c = b.bundleURL.deletingLastPathComponent().appendingPathComponent("gctrap").path
            if fm.isExecutableFile(atPath: c) { return c }
        }
        // Build it: the test binary lives in <scratch>/<triple>/debug/.
        let testDir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let scratch = testDir.deletingLastPathComponent().deletingLastPathComponent()
        guard let swift = which("swift") else { return nil }
        let r = run(swift, ["build", "--product", "gctrap", "--scratch-path", scratch.path], cwd: packageRoot, timeout: 900)
        guard r.status == 0 else { return nil }
        let bin = run(swift, ["build", "--show-bin-path", "--scratch-path", scratch.path], cwd: packageRoot, timeout: 120)
        let c = bin.stdout.trimmingCharacters(in: .whitespacesAndNewlines) + "/gctrap"
        return fm.isExecutableFile(atPath: c) ? c : nil
    }()

    static func which(_ name: String) -> String? { Processes.which(name) }

    typealias Result = Processes.Result

    /// The one process runner (GCTrapHost), with `env` added to this process's environment.
    static func run(_ exe: String, _ args: [String], cwd: URL? = nil, env: [String: String] = [:],
                    timeout: TimeInterval = 120) -> Result {
        Processes.run(exe, args, cwd: cwd?.path,
                      environment: ProcessInfo.processInfo.environment.merging(env) { $1 }, timeout: timeout)
    }
}

/// A CPython of `version`, or a skip that says which one is missing and where it was looked for.
func requireCPython(_ version: String) throws -> String {
    guard let py = Interpreters.find(version) else {
        throw XCTSkip("CPython \(version) is not installed (looked for \(Interpreters.searched(version))): the comparison with it did not run")
    }
    return py
}

class EndToEndCase: XCTestCase {
    var binary: String!
    var tmp: URL!

    override func setUpWithError() throws {
        guard let g = Binary.gctrap else {
            XCTFail("the gctrap binary was not found beside the tests nor could be built")
            throw XCTSkip("no gctrap binary")
        }
        binary = g
        tmp = FileManager.default.temporaryDirectory.appendingPathComponent("gctrap-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        if let tmp { try? FileManager.default.removeItem(at: tmp) }
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let u = tmp.appendingPathComponent(name)
        try text.write(to: u, atomically: true, encoding: .utf8)
        return u.path
    }

    func gctrap(_ args: String..., timeout: TimeInterval = 120) -> Binary.Result {
        let r = Binary.run(binary, args, cwd: tmp, timeout: timeout)
        XCTAssertFalse(r.timedOut, "gctrap \(args.joined(separator: " ")) did not finish within \(timeout) s")
        return r
    }
}
