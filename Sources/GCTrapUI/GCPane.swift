import GCTrapCore

/// GC: counter against threshold per generation, collections so far, and the last
/// collection (generation, collected, connections closed, objects scanned).
enum GCPane: PaneContent {
    static let pane = Pane.gc
    static func hint(_ model: Model) -> String { "count/threshold" }

    static func title(_ model: Model) -> String {
        let gc = model.snapshot.gc
        return "GC \(model.glyphs.separator) \(gc.enabled ? "enabled" : "DISABLED")"
    }

    static func lines(_ model: Model, width: Int) -> [[Span]] {
        let gc = model.snapshot.gc
        let g = model.glyphs
        var out: [[Span]] = []
        for gen in 0..<gc.counts.count {
            let count = gc.counts[gen]
            let threshold = gen < gc.thresholds.count ? gc.thresholds[gen] : 0
            let text = "gen\(gen) \(pad("\(count)/\(threshold)", to: 9))"
            var line = [Span(text, gen == 0 && threshold > 0 && count * 10 >= threshold * 9 ? .warning : .normal)]
            let meterWidth = width - displayWidth(text) - 1
            if meterWidth >= 4, threshold > 0 {
                let filled = min(meterWidth, count * meterWidth / threshold)
                line.append(Span(" "))
                line.append(Span(String(repeating: Character(g.meterFull), count: filled), .chartBar))
                line.append(Span(String(repeating: Character(g.meterEmpty), count: meterWidth - filled), .dim))
            }
            out.append(line)
        }
        out.append([Span("collections " + gc.collections.map(String.init).joined(separator: "/"))])
        if let last = gc.last {
            var head = "last: gen\(last.generation)"
            if let t = last.task { head += " at task \(t)" }
            if last.forced { head += " (gc.collect)" }
            out.append([Span(head, .gcCollection, [.bold])])
            out.append([Span("  collected \(grouped(last.collected))")])
            out.append([Span("  closed \(last.connectionsClosed) connection\(last.connectionsClosed == 1 ? "" : "s")",
                             last.connectionsClosed > 0 ? .connectionLeaked : .normal)])
            out.append([Span("  scanned \(grouped(last.scanned))")])
        } else {
            out.append([Span("last: no collection yet", .dim)])
        }
        out.append([Span("collected " + gc.collected.map(grouped).joined(separator: "/"), .dim)])
        out.append([Span("tracked " + gc.trackedObjects.map(grouped).joined(separator: "/"), .dim)])
        out.append([Span("long-lived pending \(grouped(gc.longLivedPending))/\(grouped(gc.longLivedTotal))", .dim)])
        let p = model.snapshot.profile
        out.append([Span("profile \(p.name): \(p.thresholds.map(String.init).joined(separator: "/"))"
                         + (p.deferredCollection ? ", deferred" : ""), .dim)])
        return out
    }

    static func contentHeight(_ model: Model, width: Int) -> Int { lines(model, width: width).count }

    static func draw(_ model: Model, into grid: inout Grid, _ r: Rect) {
        guard !r.isEmpty else { return }
        let all = lines(model, width: r.width)
        let top = min(max(0, model.scroll(.gc)), max(0, all.count - r.height))
        for row in 0..<r.height where top + row < all.count {
            var line = all[top + row]
            // Cut the last visible span with an ellipsis rather than mid-word.
            let total = line.reduce(0) { $0 + displayWidth($1.text) }
            if total > r.width, line.count == 1 {
                line[0].text = truncate(line[0].text, to: r.width, ellipsis: model.glyphs.ellipsis)
            }
            grid.write(line, x: r.x, y: r.y + row, maxWidth: r.width)
        }
    }
}
