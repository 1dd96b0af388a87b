import GCTrapCore

/// What every glyph, abbreviation and colour on the screen means: the second half of `?`.
/// Each entry's sample is drawn with the role the screen uses, so the colours explain
/// themselves; the meaning never names a colour, so it reads the same with NO_COLOR, and
/// the samples come from `Glyphs`, so it reads the same in ASCII.
///
/// A pane that adds a mark adds its entry here (LegendTests checks the marks panes draw).
public struct LegendEntry: Equatable, Sendable {
    public var sample: [Span]
    public var meaning: String
}

public struct LegendSection: Equatable, Sendable {
    public var title: String
    public var entries: [LegendEntry]
}

public enum Legend {
    static func e(_ text: String, _ role: ColorRole = .normal, _ attrs: Attr = [], _ meaning: String) -> LegendEntry {
        LegendEntry(sample: [Span(text, role, attrs)], meaning: meaning)
    }

    static func e(_ text: String, _ meaning: String) -> LegendEntry {
        LegendEntry(sample: [Span(text)], meaning: meaning)
    }

    public static func sections(_ g: Glyphs) -> [LegendSection] {
        let sep = g.separator
        let graphLines = g.isASCII ? ("| -", "# =") : ("│ ─", "┃ ━")
        let arrows = g.isASCII ? "v ^ <" : "▼ ▲ ◀"
        return [
            LegendSection(title: "Header and toggles", entries: [
                e("task 134/1000", "the task running now / tasks in the loop"),
                e("done 134", "tasks finished"),
                e("step 5123", "statements executed so far"),
                e("\(g.paused) paused", .paused, [.bold], "stopped between statements (c runs)"),
                e("\(g.running) running", .running, [.bold], "running at the speed shown (+/-)"),
                e("1[x]NAME", .toggleOn, [.bold], "toggle 1 is True (key 1 flips it)"),
                e("2[ ]NAME", .toggleOff, [], "toggle 2 is False"),
            ]),
            LegendSection(title: "Code and Scopes", entries: [
                e("\(g.currentLine) 115", .currentLine, [.bold], "the line about to run"),
                e("# flipped", .warning, [], "a toggle's value differs from the file"),
                e("\(g.pointer) frame", .title, [.bold], "the innermost frame (Scopes lists innermost first)"),
                e("(temp)", .dim, [], "a value on the evaluation stack that holds a reference"),
            ]),
            LegendSection(title: "Objects", entries: [
                e("Agent#12", .reachable, [], "an object: its type and its number"),
                e("rc 2", .dim, [], "reference count: how many references point to it"),
                e("g0 g1 g2", .dim, [], "the collector's generation it is in (- when not tracked)"),
                e(g.cycle, .cycle, [.bold], "on a reference cycle: reference counting alone never frees it"),
                e("garbage", .garbage, [.bold], "unreachable: waits for the cyclic collector"),
                e("133 x A <-> B", .garbage, [], "133 garbage groups of the same shape; <-> refers both ways"),
                e("ctx\(g.arrow)B#13", .normal, [], "a reference: attribute ctx (or index [0]) points to B#13"),
            ]),
            LegendSection(title: "Connections", entries: [
                e("[held]", .connectionHeld, [.bold], "open, owner still reachable, never released"),
                e("[leaked]", .connectionLeaked, [.bold], "open, owner is garbage: only the collector closes it"),
                e("[in use]", .connectionInUse, [.bold], "checked out of a pool"),
                e("[idle]", .connectionIdle, [], "back in its pool, ready for reuse"),
                e("open now 135/300", .connectionOpen, [.bold], "open connections now / the server's limit"),
                e("open now 250/300", .warning, [.bold], "80% of the limit or more"),
                e("open now 300/300", .error, [.bold], "at the limit: the next connect is refused"),
                e("task peak 2", "the most open at once in the running task"),
                e("pooled 3/10", .connectionInUse, [.bold], "pooled connections / pool size (- without a pool)"),
                LegendEntry(sample: [Span(String(g.bars[2...8].map(Character.init)), .chartBar)],
                            meaning: "chart: open at each task's end (a pool's in use), one column per task or group of tasks"),
                e((g.isASCII ? "---" : "┄┄┄") + " limit 300", .warning, [.bold], "chart: the server's limit (or the pool size) it is scaled to"),
                e("0 1 2", .gcCollection, [.bold], "chart: a collection of that generation ran in that task"),
            ]),
            LegendSection(title: "GC", entries: [
                e("gen0 7/700", "counter / threshold: past the threshold a collection runs"),
                e("collections 1/0/1", "collections so far of generations 0/1/2"),
                e("collected 690/0/0", .dim, [], "objects freed by the collector, per generation"),
                e("tracked 7/0/11,150", .dim, [], "objects in each generation (the interpreter's own included)"),
                e("long-lived pending", .dim, [], "survivors since the last full collection (it needs > 25%)"),
                e("last: gen0", .gcCollection, [.bold], "the last collection: freed, closed, scanned"),
            ]),
            LegendSection(title: "Graph view (G)", entries: [
                e(graphLines.0, .normal, [], "a reference, labelled with its attribute or index"),
                e(graphLines.1, .cycle, [.bold], "a reference on a cycle"),
                e(arrows, .normal, [.bold], "arrowheads: the referenced object is there"),
                e("\(g.pointer)Agent#12", .normal, [.bold], "the object the view is about"),
                e("cycle: A.x \(g.arrow) B.y \(g.arrow) A", .cycle, [], "the cycle, and the connections it keeps open"),
            ]),
            LegendSection(title: "Everywhere", entries: [
                e("Title", .focusedTitle, [.bold, .reverse], "the focused pane (Tab moves focus)"),
                e("Agent#12", .selection, [.reverse], "the selected row, or box in the Graph view"),
                e("\(g.isASCII ? "v" : "↓") 5 more", .dim, [], "more rows below (scroll with arrows)"),
                e("\(g.ellipsis)", .dim, [], "text cut here (scroll right with \(g.isASCII ? "->" : "→"))"),
                e("\(sep)", .dim, [], "separates items"),
            ]),
        ]
    }

    /// The legend as styled lines `width` columns wide: a section title, then each sample
    /// padded to one column and its meaning beside it (wrapped under itself when narrow).
    public static func lines(_ g: Glyphs, width: Int) -> [[Span]] {
        let all = sections(g)
        let sampleWidth = min(20, all.flatMap(\.entries).map { $0.sample.reduce(0) { $0 + displayWidth($1.text) } }.max() ?? 0)
        var out: [[Span]] = []
        for (k, section) in all.enumerated() {
            if k > 0 { out.append([]) }
            out.append([Span(section.title, .title, [.bold])])
            for entry in section.entries {
                let w = entry.sample.reduce(0) { $0 + displayWidth($1.text) }
                let meaningWidth = max(10, width - sampleWidth - 4)
                let wrapped = wrap(entry.meaning, width: meaningWidth)
                var first = [Span("  ")] + entry.sample
                first.append(Span(String(repeating: " ", count: max(1, sampleWidth - w + 2))))
                first.append(Span(wrapped.first ?? ""))
                out.append(first)
                for more in wrapped.dropFirst() {
                    out.append([Span(String(repeating: " ", count: sampleWidth + 4) + more)])
                }
            }
        }
        return out
    }
}
