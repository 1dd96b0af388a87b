// gctrap-fuzz: runs the built gctrap on generated hostile scenarios and sessions
// (GCTrapFuzz's seeded mutators), one process each, and counts how each ended: exit 0, 1
// or 2 are fine; a signal or a time-out is a failure, kept and minimized line by line.
// `scripts/fuzz N` is the way to run it.
import Foundation
import GCTrapCore
import GCTrapHost
import GCTrapFuzz
#if canImport(Glibc)
import Glibc
#endif

struct Options {
    var gctrap = ""
    var scenarios = 0
    var sessions = 0
    var seed: UInt64 = 1
    var timeout = 30.0
    var out = "fuzz-out"
    var scenarioSteps = 200_000
    var sessionSteps = 5_000_000
}

func usage() -> Never {
    FileHandle.standardError.write(Data("""
    usage: gctrap-fuzz --gctrap PATH [--scenarios N] [--sessions N] [--seed S] [--timeout SECONDS] [--out DIR]
    Runs N generated scenarios (gctrap run --max-steps 200000) and N generated sessions
    (gctrap play --headless --max-steps 5000000); keeps every input that ends by a signal or a
    time-out, minimized, in DIR/crashers. The time-out is CPU time (default 30 s; ten times
    that in wall time also counts). Exit status 0 when none did, 1 otherwise, 2 on bad usage.

    """.utf8))
    exit(2)
}

func parse() -> Options {
    var o = Options()
    var args = CommandLine.arguments.dropFirst()
    while let a = args.popFirst() {
        guard let v = args.popFirst() else { usage() }
        switch a {
        case "--gctrap": o.gctrap = v
        case "--scenarios": o.scenarios = Int(v) ?? { usage() }()
        case "--sessions": o.sessions = Int(v) ?? { usage() }()
        case "--seed": o.seed = UInt64(v) ?? { usage() }()
        case "--timeout": o.timeout = Double(v) ?? { usage() }()
        case "--out": o.out = v
        default: usage()
        }
    }
    if o.gctrap.isEmpty || !FileManager.default.isExecutableFile(atPath: o.gctrap) { usage() }
    return o
}

/// How one run ended.
enum Outcome: Equatable {
    case exited(Int32)
    case signal(Int32)
    case timedOut

    var isFailure: Bool {
        switch self {
        case .exited(let s): return !(0...2).contains(s)
        case .signal, .timedOut: return true
        }
    }

    var text: String {
        switch self {
        case .exited(let s): return "exit \(s)"
        case .signal(let s): return "signal \(s)"
        case .timedOut: return "time-out"
        }
    }
}

struct RunResult {
    var outcome: Outcome
    var maxRSSKB: Int
    var seconds: Double
    var cpuSeconds: Double
}

/// Runs one case through GCTrapHost's runner (peak RSS, SIGKILL at the time-out) and keeps
/// its stdout and stderr in files, for the report and to reproduce a failure. The time-out
/// is CPU time (user + system): the fuzz runs at the lowest priority on machines shared
/// with builds, where a case's wall time measures the neighbours; ten times as long in
/// wall time is a time-out too (a case that waits rather than computes).
func run(_ exe: String, _ args: [String], stdout: String, stderr: String, timeout: Double) -> RunResult {
    let r = Processes.run(exe, args, timeout: timeout * 10, cpuTimeout: timeout)
    writeInPlace(r.stdout, to: stdout)
    writeInPlace(r.stderr, to: stderr)
    let outcome: Outcome
    if r.status < 0 { outcome = .exited(127) }
    else if r.timedOut { outcome = .timedOut }
    else if let sig = r.signal { outcome = .signal(sig) }
    else { outcome = .exited(r.status) }
    return RunResult(outcome: outcome, maxRSSKB: r.maxRSSKilobytes, seconds: r.seconds, cpuSeconds: r.cpuSeconds)
}

/// Writes `text` into the file at `path` through open(2) with O_TRUNC, never by replacing
/// it: the path may be /dev/null (FileManager.createFile writes a temporary file and renames
/// it over the target, which would turn /dev/null into a regular file).
func writeInPlace(_ text: String, to path: String) {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard fd >= 0 else { return }
    defer { close(fd) }
    var bytes = Array(text.utf8)[...]
    while !bytes.isEmpty {
        let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        if n < 0 { if errno == EINTR { continue }; return }
        bytes = bytes.dropFirst(n)
    }
}

enum Kind: String { case scenario, session }

struct Case {
    var kind: Kind
    var index: Int
    var seed: UInt64
    var bytes: [UInt8]
}

let options = parse()
let fm = FileManager.default
let work = (options.out as NSString).appendingPathComponent("work")
let crashers = (options.out as NSString).appendingPathComponent("crashers")
try? fm.createDirectory(atPath: work, withIntermediateDirectories: true)
try? fm.createDirectory(atPath: crashers, withIntermediateDirectories: true)

func arguments(_ kind: Kind, _ path: String) -> [String] {
    switch kind {
    case .scenario: return ["run", path, "--max-steps", String(options.scenarioSteps)]
    case .session: return ["play", "--headless", path, "--max-steps", String(options.sessionSteps)]
    }
}

func attempt(_ kind: Kind, _ bytes: [UInt8], name: String) -> RunResult {
    let path = (work as NSString).appendingPathComponent(name + (kind == .scenario ? ".py" : ".gctrap"))
    _ = fm.createFile(atPath: path, contents: Data(bytes))
    let r = run(options.gctrap, arguments(kind, path), stdout: "/dev/null",
                stderr: (work as NSString).appendingPathComponent(name + ".err"), timeout: options.timeout)
    return r
}

/// Line-level delta debugging: the smallest set of lines that still fails the same way.
/// Time-outs are costly to re-check, so they get fewer tries.
func minimize(_ kind: Kind, _ bytes: [UInt8], failing: Outcome) -> [UInt8] {
    var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
    var tries = failing == .timedOut ? 12 : 400
    func fails(_ candidate: [[UInt8]]) -> Bool {
        guard tries > 0 else { return false }
        tries -= 1
        let r = attempt(kind, Array(candidate.joined(separator: [0x0A])), name: "minimize")
        switch (r.outcome, failing) {
        case (.signal, .signal), (.timedOut, .timedOut): return true
        case (.exited(let a), .exited(let b)): return a == b
        default: return false
        }
    }
    var chunk = max(1, lines.count / 2)
    while chunk >= 1 && tries > 0 {
        var i = kind == .session ? 1 : 0   // a session keeps its header line
        var removed = false
        while i < lines.count && tries > 0 {
            var candidate = lines
            candidate.removeSubrange(i..<min(lines.count, i + chunk))
            if !candidate.isEmpty && fails(candidate) { lines = candidate; removed = true } else { i += chunk }
        }
        if !removed { chunk /= 2 }
    }
    return Array(lines.joined(separator: [0x0A]))
}

var counts: [Kind: [String: Int]] = [.scenario: [:], .session: [:]]
var peak: (kb: Int, what: String) = (0, "")
var slowest: (seconds: Double, what: String) = (0, "")
var slowestWall: (seconds: Double, what: String) = (0, "")
var failures = 0
let started = Date()

func report(_ kind: Kind, done: Int, of total: Int) {
    let c = counts[kind]!.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
    print("\(kind.rawValue)s \(done)/\(total) (\(c)); peak RSS \(peak.kb / 1024) MB; \(Int(Date().timeIntervalSince(started))) s")
    fflush(stdout)
}

for (kind, total) in [(Kind.scenario, options.scenarios), (Kind.session, options.sessions)] where total > 0 {
    for i in 0..<total {
        let seed = options.seed &+ UInt64(i)
        let bytes = kind == .scenario ? Array(ScenarioMutator.program(seed: seed).utf8) : SessionMutator.session(seed: seed)
        let r = attempt(kind, bytes, name: "case")
        counts[kind]![r.outcome.text, default: 0] += 1
        let what = "\(kind.rawValue) seed \(seed)"
        if r.maxRSSKB > peak.kb { peak = (r.maxRSSKB, what) }
        if r.cpuSeconds > slowest.seconds { slowest = (r.cpuSeconds, what) }
        if r.seconds > slowestWall.seconds { slowestWall = (r.seconds, what) }
        if r.outcome.isFailure {
            failures += 1
            let small = minimize(kind, bytes, failing: r.outcome)
            let base = (crashers as NSString).appendingPathComponent("\(kind.rawValue)-\(seed)")
            _ = fm.createFile(atPath: base + (kind == .scenario ? ".py" : ".gctrap"), contents: Data(small))
            _ = fm.createFile(atPath: base + ".original" + (kind == .scenario ? ".py" : ".gctrap"), contents: Data(bytes))
            let note = "\(r.outcome.text) after \(String(format: "%.1f", r.cpuSeconds)) s CPU, \(String(format: "%.1f", r.seconds)) s: gctrap \(arguments(kind, "FILE").joined(separator: " "))\n"
            _ = fm.createFile(atPath: base + ".txt", contents: Data(note.utf8))
            print("FAILURE: \(what): \(r.outcome.text); kept in \(base).*")
        }
        if (i + 1) % 250 == 0 || i + 1 == total { report(kind, done: i + 1, of: total) }
    }
}

print("""
fuzz: \(options.scenarios) scenarios, \(options.sessions) sessions, seed \(options.seed), time-out \(Int(options.timeout)) s of CPU (\(Int(options.timeout * 10)) s of wall time)
scenarios: \(counts[.scenario]!.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
sessions: \(counts[.session]!.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
failures (signals, time-outs, other statuses): \(failures)
peak RSS of any case: \(peak.kb / 1024) MB (\(peak.what)); slowest case \(String(format: "%.1f", slowest.seconds)) s CPU (\(slowest.what)), \(String(format: "%.1f", slowestWall.seconds)) s wall (\(slowestWall.what))
total time \(Int(Date().timeIntervalSince(started))) s
""")
exit(failures == 0 ? 0 : 1)
