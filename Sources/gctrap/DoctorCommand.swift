import ArgumentParser
import Foundation
import GCTrapHost
import GCTrapCore
import GCTrapTerminal

/// `gctrap doctor`: is this machine, in this terminal, ready for a workshop? One line per
/// check, `ok` or `FIX` with what to do; exit 0 when ready, 1 when something needs fixing.
struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check that this machine and terminal are ready for a workshop (run it in the learner's terminal).",
        discussion: """
        Checks: a terminal of at least 80x24, a UTF-8 locale, a TERM that ncurses knows, colours (or NO_COLOR \
        set on purpose), python3 3.11-3.13 for `gctrap verify`, the progress folder writable, and with \
        --room FILE that the trainer's recording can be read. `./scripts/check-room` also checks the build.

        Exit status: 0 ready, 1 something to fix (each FIX line says what), 2 bad input.
        """)

    @Option(help: ArgumentHelp("The trainer's recording to follow (a shared folder): check that it can be read here.", valueName: "FILE"))
    var room: String?

    @Option(help: ArgumentHelp("The interpreter `gctrap verify` will run (default python3).", valueName: "PATH"))
    var pythonBinary = "python3"

    struct Check {
        var name: String
        var ok: Bool
        var detail: String
    }

    func run() throws {
        let probe = TerminalProbe.read()
        let env = ProcessInfo.processInfo.environment
        var checks = terminalChecks(probe, env: env)
        checks.append(pythonCheck())
        checks.append(progressCheck(env))
        if let room { checks.append(roomCheck(room)) }
        var out = "gctrap doctor: is this machine ready for the workshop?\n"
        let width = checks.map(\.name.count).max() ?? 0
        for c in checks {
            out += "  " + (c.ok ? "ok " : "FIX") + "  " + c.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + c.detail + "\n"
        }
        let fixes = checks.filter { !$0.ok }.count
        out += fixes == 0 ? "ready: this terminal can run the workshop.\n"
            : "not ready: \(fixes) thing\(fixes == 1 ? "" : "s") to fix (the FIX lines), then run this again.\n"
        StandardOutput().write(out)
        if fixes > 0 { throw ExitCode(1) }
    }

    func terminalChecks(_ p: TerminalProbe, env: [String: String]) -> [Check] {
        var checks: [Check] = []
        if !p.interactive {
            checks.append(Check(name: "terminal", ok: false,
                                detail: "not a terminal (stdin and stdout must be one): run this in the terminal window the learner will use"))
        } else if let size = p.size {
            let ok = size.cols >= 80 && size.rows >= 24
            var detail = "\(size.cols)x\(size.rows)"
            if !ok { detail += ": the investigator needs at least 80x24; enlarge the window or use a smaller font" }
            else if size.cols < 120 || size.rows < 40 { detail += " (enough; 120x40 or more shows every pane in full)" }
            checks.append(Check(name: "terminal", ok: ok, detail: detail))
        } else {
            checks.append(Check(name: "terminal", ok: false, detail: "its size cannot be read; use another terminal program"))
        }
        let locale = Sanitize.printable(p.locale)
        checks.append(p.isUTF8
            ? Check(name: "locale", ok: true, detail: "\(locale) (UTF-8)")
            : Check(name: "locale", ok: false,
                    detail: "\(locale) is \(p.codeset.isEmpty ? "not UTF-8" : Sanitize.printable(p.codeset)), not UTF-8 (boxes and arrows would fall back to ASCII): export LANG=C.UTF-8"))
        guard let term = p.term.map({ Sanitize.printable($0) }) else {
            checks.append(Check(name: "TERM", ok: false, detail: "not set: export TERM=xterm-256color"))
            return checks
        }
        switch p.termKnown {
        case true?:
            checks.append(Check(name: "TERM", ok: true, detail: "\(term) (ncurses knows it)"))
        case false?:
            checks.append(Check(name: "TERM", ok: false,
                                detail: "\(term) has no terminfo entry here: export TERM=xterm-256color (or install ncurses-term)"))
            return checks
        case nil:
            checks.append(Check(name: "TERM", ok: false, detail: "no terminfo database found: install ncurses-base (apt-get install ncurses-base)"))
            return checks
        }
        if let nc = env["NO_COLOR"], !nc.isEmpty {
            checks.append(Check(name: "colours", ok: true, detail: "monochrome on purpose (NO_COLOR is set): states still tell apart"))
        } else if p.colors >= 8 {
            checks.append(Check(name: "colours", ok: true, detail: "\(p.colors)"))
        } else {
            checks.append(Check(name: "colours", ok: false,
                                detail: "\(term) gives \(max(0, p.colors)) colours: export TERM=xterm-256color (or set NO_COLOR=1 for monochrome on purpose)"))
        }
        return checks
    }

    func pythonCheck() -> Check {
        let name = "python"
        let shown = Sanitize.printable(pythonBinary)
        let found = pythonBinary.contains("/")
            ? (FileManager.default.isExecutableFile(atPath: pythonBinary) ? pythonBinary : nil)
            : Processes.which(pythonBinary)
        guard let path = found else {
            return Check(name: name, ok: false, detail: "\(shown) not found: install CPython 3.11-3.13 (apt-get install python3) for gctrap verify")
        }
        let r = Processes.run(path, ["-c", "import sys;print(sys.version.split()[0])"], timeout: 30)
        guard r.status == 0, !r.timedOut else {
            return Check(name: name, ok: false, detail: "\(Sanitize.printable(path)) does not run: reinstall CPython 3.11-3.13")
        }
        let version = Sanitize.printable(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        let minor = version.split(separator: ".").prefix(2).joined(separator: ".")
        guard PythonProfile.named(minor) != nil else {
            return Check(name: name, ok: false,
                         detail: "\(Sanitize.printable(path)) is \(version); gctrap verify compares with \(PythonProfile.all.map(\.name).joined(separator: ", ")): install one (or pass --python-binary)")
        }
        return Check(name: name, ok: true, detail: "\(version) at \(Sanitize.printable(path)) (for gctrap verify)")
    }

    /// Where workshop progress is kept: $XDG_STATE_HOME/gctrap, by default ~/.local/state/gctrap.
    func progressCheck(_ env: [String: String]) -> Check {
        let base = env["XDG_STATE_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? (NSHomeDirectory() as NSString).appendingPathComponent(".local/state")
        let dir = (base as NSString).appendingPathComponent("gctrap")
        let shown = Sanitize.printable(dir)
        var isDir: ObjCBool = false
        let fm = FileManager.default
        if fm.fileExists(atPath: dir, isDirectory: &isDir) {
            guard isDir.boolValue else { return Check(name: "progress", ok: false, detail: "\(shown) is a file, not a folder: move it away") }
            return fm.isWritableFile(atPath: dir)
                ? Check(name: "progress", ok: true, detail: "\(shown) (writable)")
                : Check(name: "progress", ok: false, detail: "\(shown) is not writable: fix its owner or permissions")
        }
        // Not there yet: the first lesson creates it; its nearest existing parent must be writable.
        var parent = base
        while !fm.fileExists(atPath: parent) && parent != "/" { parent = (parent as NSString).deletingLastPathComponent }
        return fm.fileExists(atPath: parent, isDirectory: &isDir) && isDir.boolValue && fm.isWritableFile(atPath: parent)
            ? Check(name: "progress", ok: true, detail: "\(shown) (created by the first lesson)")
            : Check(name: "progress", ok: false, detail: "\(shown) cannot be created (\(Sanitize.printable(parent)) is not a writable folder): set XDG_STATE_HOME to a writable folder")
    }

    func roomCheck(_ path: String) -> Check {
        let shown = Sanitize.printable(path)
        let fm = FileManager.default
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: path, isDirectory: &isDir) {
            if isDir.boolValue { return Check(name: "room", ok: false, detail: "\(shown) is a folder: give the recording's file") }
            return fm.isReadableFile(atPath: path)
                ? Check(name: "room", ok: true, detail: "\(shown) can be read (gctrap play --follow \(shown))")
                : Check(name: "room", ok: false, detail: "\(shown) is not readable here: check the shared folder's permissions")
        }
        let folder = (path as NSString).deletingLastPathComponent
        let f = folder.isEmpty ? "." : folder
        guard fm.fileExists(atPath: f, isDirectory: &isDir), isDir.boolValue else {
            return Check(name: "room", ok: false, detail: "the folder \(Sanitize.printable(f)) does not exist here: mount or sync the shared folder")
        }
        return Check(name: "room", ok: true, detail: "\(shown) not there yet (the trainer has not started); play --follow waits for it")
    }
}
