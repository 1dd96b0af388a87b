import ArgumentParser
import Foundation
import GCTrapCore
import GCTrapSession
import GCTrapWorkshop

/// `gctrap lesson check`: validate lessons against the simulation (docs/lessons.md).
struct LessonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lesson",
        abstract: "Tools for writing workshop lessons.",
        subcommands: [LessonCheckCommand.self])
}

struct LessonCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check lessons against the simulation.",
        discussion: """
        Plays each lesson headless and checks that every prediction's stated answer is what the \
        simulation shows after its reveal (and that no other choice matches), every task's goal \
        is reached by its reference solution and does not hold before the learner does anything, \
        every check event holds, every hint names toggles, constants, lines, panes and keys that \
        exist, and every number the texts state is one a check establishes.

        Exit status: 0 every lesson is good, 2 a problem (FILE:LINE: message, one per line).
        """)

    @Argument(help: "Lesson files (.gctrap, format version 2), or folders of them.")
    var files: [String]

    @Flag(help: "Print only problems.")
    var quiet = false

    func run() throws {
        var paths: [String] = []
        for f in files {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: f, isDirectory: &isDir) else { throw BadInput("\(Sanitize.printable(f)): no such file") }
            if isDir.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: f)) ?? []
                paths += names.filter { $0.hasSuffix(".gctrap") }.sorted().map { (f as NSString).appendingPathComponent($0) }
            } else {
                paths.append(f)
            }
        }
        if paths.isEmpty { throw BadInput("no lesson files given") }
        var bad = false
        let out = StandardOutput()
        for path in paths {
            let report = LessonChecker.check(path: path)
            if report.ok {
                if !quiet {
                    let sol = report.solutions.map { s in
                        "\(s.actions) action\(s.actions == 1 ? "" : "s")" + (s.cost.map { ", \(s.measure ?? "cost") \($0)" } ?? "")
                    }.joined(separator: "; ")
                    out.write("\(Sanitize.printable(path)): ok (\(report.predictions) prediction\(report.predictions == 1 ? "" : "s"), \(report.tasks) task\(report.tasks == 1 ? "" : "s") [solution: \(sol)], \(report.checks) check\(report.checks == 1 ? "" : "s"), \(report.numbersChecked) values checked against the simulation)\n")
                }
            } else {
                bad = true
                for p in report.problems { StandardError.write(p.formatted(file: path) + "\n") }
            }
        }
        if bad { throw ExitCode(2) }
    }
}
