import GCTrapCore

// The failure screen: when the program dies the screen keeps its context. The header
// still names the scenario, profile, task and step and says "died in task N"; a banner
// under the toggles holds the whole error, wrapped; the Code pane stands on the raising
// line; Scopes shows the traceback's frames, innermost last as Python prints them, each
// with its locals.

enum FailureBanner {
    /// Most rows the banner takes; a longer message goes on in Scopes, under the traceback.
    static let maxRows = 8

    static func text(_ f: FailureInfo) -> String {
        (f.task.map { "died in task \($0): " } ?? "died: ") + f.summary
    }

    static func lines(_ f: FailureInfo, width: Int) -> [String] {
        wrap(text(f), width: max(10, width - 2))
    }

    /// Rows the banner needs on a screen this wide (0 while the program has not died).
    static func rows(_ s: Snapshot, width: Int) -> Int {
        guard let f = s.failure else { return 0 }
        return min(maxRows, lines(f, width: width).count)
    }

    static func draw(_ model: Model, into grid: inout Grid, _ r: Rect) {
        guard let f = model.snapshot.failure, !r.isEmpty else { return }
        grid.fill(r, with: Cell(" ", role: .error))
        let all = lines(f, width: r.width)
        for (i, line) in all.prefix(r.height).enumerated() {
            var text = line
            if i == r.height - 1 && all.count > r.height { text = truncate(line + " (the rest in Scopes)", to: r.width - 2) }
            grid.write(text, x: r.x + 1, y: r.y + i, maxWidth: r.width - 2, role: .error, attrs: [.bold])
        }
    }
}

/// The Scopes pane's rows once the program has died: the traceback, outermost frame first,
/// each frame's locals under it, the error's class last.
enum TracebackRows {
    static func rows(_ f: FailureInfo, width: Int, glyphs g: Glyphs) -> [[Span]] {
        var out: [[Span]] = [[Span("Traceback (most recent call last):", .dim)]]
        for (i, fr) in f.frames.enumerated() {
            let innermost = i == f.frames.count - 1
            let file = fr.module == "__main__" ? "line" : "\(fr.module).py, line"
            out.append([Span(innermost ? g.pointer + " " : "  ", .error, [.bold]),
                        Span(fr.function, innermost ? .error : .title, [.bold]),
                        Span("  \(file) \(fr.line)", .dim)])
            for b in fr.locals {
                out.append([Span("    " + b.name, .normal), Span(" = ", .dim), Span(b.value.text, ScopesPane.valueRole(b.value, []))])
            }
        }
        // Python ends with the error; its whole text is in the banner above, so here only
        // its class (the banner says where the rest is if it had to cut it).
        out.append([Span(f.type, .error, [.bold]), Span(f.message.isEmpty ? "" : ": see the message above", .dim)])
        return out
    }
}
