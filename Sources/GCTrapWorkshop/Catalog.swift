// The workshop's lessons: every lesson file of a folder, in the order of their numbers.
import Foundation
import GCTrapSession

public struct CatalogEntry: Sendable {
    public var path: String
    public var title: String
    public var info: LessonInfo
}

public enum Catalog {
    /// Lessons found in `folder`; files that do not parse as lessons are returned as problems.
    public static func load(folder: String) -> (lessons: [CatalogEntry], problems: [String]) {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".gctrap") }.sorted()
        var lessons: [CatalogEntry] = []
        var problems: [String] = []
        for name in names {
            let path = (folder as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: path) else { problems.append("\(path): cannot read the file"); continue }
            do {
                let s = try SessionParser.parse(data)
                guard let info = s.header.lesson else { continue }   // a plain recording beside the lessons
                lessons.append(CatalogEntry(path: path, title: s.header.title, info: info))
            } catch let e as SessionError {
                problems.append(e.formatted(file: path))
            } catch {
                problems.append("\(path): cannot read the lesson")
            }
        }
        lessons.sort { $0.info.number < $1.info.number }
        for (a, b) in zip(lessons, lessons.dropFirst()) where a.info.number == b.info.number {
            problems.append("\(b.path):1: lesson number \(b.info.number) is also \(a.path)'s")
        }
        return (lessons, problems)
    }

    /// Where the lessons are: `explicit`, else $GCTRAP_LESSONS, else `sessions/lessons` in the
    /// current folder or above the executable (a checkout's `.build/debug/gctrap`).
    public static func folder(explicit: String?, executable: String) -> String? {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        if let explicit { return explicit }
        if let env = ProcessInfo.processInfo.environment["GCTRAP_LESSONS"], !env.isEmpty { return env }
        var candidates = [fm.currentDirectoryPath + "/sessions/lessons"]
        var dir = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 {
            candidates.append(dir.appendingPathComponent("sessions/lessons").path)
            dir = dir.deletingLastPathComponent()
        }
        return candidates.first { fm.fileExists(atPath: $0, isDirectory: &isDir) && isDir.boolValue }
    }
}
