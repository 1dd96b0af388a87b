// Running another program to completion: `gctrap verify` runs CPython with it, and the
// tests run gctrap, CPython and tmux with it. One runner for all of them.
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public enum Processes {
    public struct Result: Sendable {
        /// The exit status; 128 + N when killed by signal N; -1 when it could not be started.
        public var status: Int32
        public var stdout: String
        public var stderr: String
        public var timedOut: Bool
        /// The signal that ended it, or nil when it exited.
        public var signal: Int32? = nil
        /// Its peak resident memory (getrusage's ru_maxrss), in KiB.
        public var maxRSSKilobytes: Int = 0
        /// Wall time from start to exit.
        public var seconds: Double = 0
        /// The CPU time it used (user + system).
        public var cpuSeconds: Double = 0
    }

    /// Runs `executable` (a path, or a name looked up on PATH) with `arguments` in `cwd`,
    /// stdin from /dev/null, and waits at most `timeout` seconds (then kills it). With
    /// `cpuTimeout`, it is also killed once it has used that much CPU time: on a shared,
    /// busy machine a low-priority program's wall time measures its neighbours.
    ///
    /// posix_spawn + wait4: Foundation's Process can miss the exit of a child that
    /// daemonizes (`tmux new-session -d`). Output goes through files, so a chatty program
    /// cannot stall on a full pipe.
    public static func run(_ executable: String, _ arguments: [String], cwd: String? = nil,
                           environment: [String: String] = ProcessInfo.processInfo.environment,
                           timeout: TimeInterval = 120, cpuTimeout: TimeInterval? = nil) -> Result {
        let fm = FileManager.default
        let tmp = fm.temporaryDirectory.appendingPathComponent("gctrap-run-\(UUID().uuidString)")
        do { try fm.createDirectory(at: tmp, withIntermediateDirectories: true) } catch {
            return Result(status: -1, stdout: "", stderr: "cannot create \(tmp.path): \(error.localizedDescription)", timedOut: false)
        }
        defer { try? fm.removeItem(at: tmp) }
        let o = tmp.appendingPathComponent("stdout").path, e = tmp.appendingPathComponent("stderr").path
        var env = environment
        // A shell does the cd and the redirections; arguments travel as positional parameters.
        let script = "cd \"$1\" || exit 126; shift; exec \"$@\" </dev/null >\"$GCTRAP_RUN_OUT\" 2>\"$GCTRAP_RUN_ERR\""
        env["GCTRAP_RUN_OUT"] = o
        env["GCTRAP_RUN_ERR"] = e
        let argv = ["/bin/sh", "-c", script, "sh", cwd ?? fm.currentDirectoryPath, executable] + arguments
        let envp = env.map { "\($0.key)=\($0.value)" }
        var cArgs = argv.map { strdup($0) } + [nil]
        var cEnv = envp.map { strdup($0) } + [nil]
        defer { for p in cArgs { free(p) }; for p in cEnv { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, "/bin/sh", nil, nil, &cArgs, &cEnv)
        guard rc == 0 else {
            return Result(status: -1, stdout: "", stderr: "posix_spawn failed: \(String(cString: strerror(rc)))", timedOut: false)
        }
        let started = Date()
        let deadline = started.addingTimeInterval(timeout)
        var status: Int32 = 0
        var usage = rusage()
        var timedOut = false
        var nap: UInt32 = 1_000
        while true {
            // wait4 rather than waitpid: it also gives the child's peak memory. The shell
            // exec'd the program, so the child is the program.
            let w = wait4(pid, &status, WNOHANG, &usage)
            if w == pid || (w < 0 && errno != EINTR) { break }
            if Date() > deadline || (cpuTimeout.map { cpuSeconds(of: pid) > $0 } ?? false) {
                kill(pid, SIGKILL)
                timedOut = true
                _ = wait4(pid, &status, 0, &usage)
                break
            }
            usleep(nap)
            nap = min(nap * 2, 5_000)
        }
        let seconds = Date().timeIntervalSince(started)
        // WIFEXITED / WEXITSTATUS / WTERMSIG by hand (the macros do not import).
        let signaled = (status & 0x7f) != 0
        let exitStatus: Int32 = signaled ? 128 + (status & 0x7f) : (status >> 8) & 0xff
        return Result(status: exitStatus,
                      stdout: String(decoding: fm.contents(atPath: o) ?? Data(), as: UTF8.self),
                      stderr: String(decoding: fm.contents(atPath: e) ?? Data(), as: UTF8.self),
                      timedOut: timedOut, signal: signaled ? status & 0x7f : nil,
                      maxRSSKilobytes: Int(usage.ru_maxrss), seconds: seconds,
                      cpuSeconds: Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
                                + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6)
    }

    /// A running process's CPU time so far (user + system), from /proc/PID/stat; 0 when it
    /// cannot be read (another system, or the process is gone).
    static func cpuSeconds(of pid: pid_t) -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return 0 }
        // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        return (user + system) / (ticks > 0 ? ticks : 100)
    }

    /// The path of an executable: `name` itself when it has a slash, else the first match
    /// on PATH; nil when there is none.
    public static func which(_ name: String) -> String? {
        let fm = FileManager.default
        func isExecutableFile(_ p: String) -> Bool {
            var isDir: ObjCBool = false
            return fm.fileExists(atPath: p, isDirectory: &isDir) && !isDir.boolValue && fm.isExecutableFile(atPath: p)
        }
        if name.contains("/") { return isExecutableFile(name) ? name : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let p = (String(dir) as NSString).appendingPathComponent(name)
            if isExecutableFile(p) { return p }
        }
        return nil
    }
}
