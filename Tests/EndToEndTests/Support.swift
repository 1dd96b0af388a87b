import Foundation
import XCTest

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

    static func which(_ name: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let p = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var timedOut: Bool
    }

    /// posix_spawn + waitpid (Foundation's Process can miss the exit of a child that
    /// daemonizes, like `tmux new-session -d`). Output goes through files: no pipe stalls.
    static func run(_ exe: String, _ args: [String], cwd: URL? = nil, env: [String: String] = [:],
                    timeout: TimeInterval = 120) -> Result {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("gctrap-e2e-io-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: tmp) }
        let o = tmp.appendingPathComponent("o").path, er = tmp.appendingPathComponent("e").path
        var e = ProcessInfo.processInfo.environment
        for (k, v) in env { e[k] = v }
        // A shell does the cd and the redirections; arguments travel as positional parameters.
        let script = "cd \"$1\" || exit 126; shift; exec \"$@\" </dev/null >\"$GCTRAP_E2E_OUT\" 2>\"$GCTRAP_E2E_ERR\""
        e["GCTRAP_E2E_OUT"] = o
        e["GCTRAP_E2E_ERR"] = er
        let argv = ["/bin/sh", "-c", script, "sh", cwd?.path ?? FileManager.default.currentDirectoryPath, exe] + args
        let envp = e.map { "\($0.key)=\($0.value)" }
        var cArgs = argv.map { strdup($0) } + [nil]
        var cEnv = envp.map { strdup($0) } + [nil]
        defer { for p in cArgs { free(p) }; for p in cEnv { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, "/bin/sh", nil, nil, &cArgs, &cEnv)
        guard rc == 0 else { return Result(status: -1, stdout: "", stderr: "posix_spawn failed: \(rc)", timedOut: false) }
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        var timedOut = false
        while true {
            let w = waitpid(pid, &status, WNOHANG)
            if w == pid { break }
            if w < 0 { break }
            if Date() > deadline {
                kill(pid, SIGKILL)
                timedOut = true
                _ = waitpid(pid, &status, 0)
                break
            }
            usleep(5_000)
        }
        // WIFEXITED / WEXITSTATUS by hand (the macros do not import).
        let exitStatus: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Result(status: exitStatus,
                      stdout: String(decoding: FileManager.default.contents(atPath: o) ?? Data(), as: UTF8.self),
                      stderr: String(decoding: FileManager.default.contents(atPath: er) ?? Data(), as: UTF8.self),
                      timedOut: timedOut)
    }
}

/// A CPython of a given version, found the way a user would: python3, pythonX.Y, pyenv.
enum Interpreters {
    static func version(of exe: String) -> String? {
        let r = Binary.run(exe, ["-c", "import sys;print('%d.%d' % sys.version_info[:2])"], timeout: 30)
        return r.status == 0 ? r.stdout.trimmingCharacters(in: .whitespacesAndNewlines) : nil
    }

    static func find(_ version: String) -> String? {
        var candidates: [String] = []
        if let p = Binary.which("python3") { candidates.append(p) }
        if let p = Binary.which("python\(version)") { candidates.append(p) }
        let pyenv = (NSHomeDirectory() as NSString).appendingPathComponent(".pyenv/versions")
        if let vs = try? FileManager.default.contentsOfDirectory(atPath: pyenv) {
            for v in vs.sorted().reversed() where v.hasPrefix(version + ".") { candidates.append("\(pyenv)/\(v)/bin/python") }
        }
        return candidates.first { Interpreters.version(of: $0) == version }
    }
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
