// Finding a CPython of a given version, the way a user would: pythonX.Y on PATH, a pyenv
// install ($PYENV_ROOT or ~/.pyenv, versions/X.Y.*), then python3. `gctrap verify` and the tests that
// compare with CPython use it; the tests skip (and say so) when one is missing.
import Foundation

public enum Interpreters {
    nonisolated(unsafe) private static var cache: [String: String?] = [:]
    private static let lock = NSLock()

    /// `sys.version_info[:2]` of an interpreter as "3.11", or nil when it does not run as Python.
    public static func version(of executable: String) -> String? {
        let r = Processes.run(executable, ["-c", "import sys;print(sys.version_info[:2])"], timeout: 30)
        guard r.status == 0, !r.timedOut else { return nil }
        // "(3, 11)"
        let digits = r.stdout.split(whereSeparator: { !$0.isNumber }).map(String.init)
        guard digits.count >= 2 else { return nil }
        return digits[0] + "." + digits[1]
    }

    /// Where a CPython `version` ("3.13") may be, in the order they are tried.
    public static func candidates(_ version: String) -> [String] {
        var out: [String] = []
        if let p = Processes.which("python" + version) { out.append(p) }
        let pyenv = pyenvVersions
        if let versions = try? FileManager.default.contentsOfDirectory(atPath: pyenv) {
            for v in versions.sorted().reversed() where v == version || v.hasPrefix(version + ".") {
                out.append("\(pyenv)/\(v)/bin/python")
            }
        }
        if let p = Processes.which("python3") { out.append(p) }
        return out
    }

    /// The first candidate that really is CPython `version`, or nil. Remembered per version.
    public static func find(_ version: String) -> String? {
        lock.lock(); defer { lock.unlock() }
        if let hit = cache[version] { return hit }
        let found = candidates(version).first { Interpreters.version(of: $0) == version }
        cache[version] = found
        return found
    }

    /// What `find` looks at, for messages.
    public static func searched(_ version: String) -> String {
        "python\(version) on PATH, \(pyenvVersions)/\(version)*/bin/python, python3"
    }

    /// pyenv's installs: $PYENV_ROOT/versions, or ~/.pyenv/versions.
    static var pyenvVersions: String {
        let root = ProcessInfo.processInfo.environment["PYENV_ROOT"]
            ?? (NSHomeDirectory() as NSString).appendingPathComponent(".pyenv")
        return (root as NSString).appendingPathComponent("versions")
    }
}
