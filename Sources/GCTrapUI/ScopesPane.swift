import GCTrapCore

/// Scopes: the frame stack innermost first, each local with what it refers to, the
/// evaluation stack's temporaries that hold references, then module globals.
enum ScopesPane: PaneContent {
    static let pane = Pane.scopes
    /// None over a failure's frames (the traceback's, outermost first).
    static func hint(_ model: Model) -> String { model.snapshot.failure != nil ? "" : "innermost frame first" }

    static func title(_ model: Model) -> String {
        if let f = model.snapshot.failure {
            return "Scopes \(model.glyphs.separator) traceback: \(f.frames.count) frames, innermost last"
        }
        let n = model.snapshot.frames.count
        return "Scopes \(model.glyphs.separator) \(n) frame\(n == 1 ? "" : "s")"
    }

    static func valueRole(_ v: ValueDescription, _ garbageIDs: Set<Int>) -> ColorRole {
        guard let id = v.objectID else { return .normal }
        return garbageIDs.contains(id) ? .garbage : .reachable
    }

    static func rows(_ model: Model, width: Int = 80) -> [[Span]] {
        let s = model.snapshot
        if let f = s.failure { return TracebackRows.rows(f, width: width, glyphs: model.glyphs) }
        let g = model.glyphs
        var out: [[Span]] = []
        for (depth, f) in s.frames.enumerated() {
            let where_ = f.module == "__main__" ? "line \(f.line)" : "\(f.module):\(f.line)"
            out.append([Span(depth == 0 ? g.pointer + " " : "  ", .title, [.bold]),
                        Span(f.function, .title, [.bold]), Span("  " + where_, .dim)])
            if f.locals.isEmpty && f.temporaries.isEmpty {
                out.append([Span("    (no locals)", .dim)])
            }
            for b in f.locals {
                out.append([Span("    " + b.name, .normal), Span(" = ", .dim),
                            Span(b.value.text, valueRole(b.value, []))])
            }
            for t in f.temporaries {
                out.append([Span("    (temp) ", .dim), Span(t.text, valueRole(t, []))])
            }
        }
        if !s.globals.isEmpty {
            out.append([Span("  globals", .title, [.bold]), Span("  __main__", .dim)])
            for b in s.globals {
                out.append([Span("    " + b.name, .normal), Span(" = ", .dim),
                            Span(b.value.text, valueRole(b.value, []))])
            }
        }
        if out.isEmpty { out.append([Span("(program not started)", .dim)]) }
        return out
    }

    static func contentHeight(_ model: Model, width: Int) -> Int { rows(model, width: width).count }

    /// The traceback is read from its end (the raise, the error): its offset counts up
    /// from the bottom, 0 showing the last rows.
    static func clamp(_ m: inout Model, inner: Rect) {
        let rows = contentHeight(m, width: inner.width)
        let room = max(0, rows - max(1, inner.height))
        if m.snapshot.failure != nil {
            m.scroll[pane.rawValue] = min(max(-room, m.scroll(pane)), 0)
        } else {
            m.scroll[pane.rawValue] = min(max(0, m.scroll(pane)), room)
        }
    }

    static func draw(_ model: Model, into grid: inout Grid, _ r: Rect) {
        guard !r.isEmpty else { return }
        let all = rows(model, width: r.width)
        let room = max(0, all.count - r.height)
        let top = model.snapshot.failure != nil ? min(max(0, room + model.scroll(.scopes)), room)
            : min(max(0, model.scroll(.scopes)), room)
        for row in 0..<r.height where top + row < all.count {
            grid.write(all[top + row], x: r.x, y: r.y + row, maxWidth: r.width)
        }
        drawScrollHint(into: &grid, r, top: top, count: all.count, glyphs: model.glyphs)
    }
}
