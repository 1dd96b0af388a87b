import GCTrapCore

/// The Events view (`e`): every notable event of the run so far, newest first, with its
/// task — collections, new highs of open connections, refusals, a pool run dry, the
/// failure. ↑/↓ select, Enter goes there (exact time travel), `e` or Esc closes. It takes
/// the Objects pane's place (with Connections' below it when the right side is narrow).
public struct EventsViewState: Equatable, Sendable {
    /// The selected event, counted from the newest (0).
    public var selected = 0
    /// The first event shown, counted from the newest.
    public var top = 0
    public init() {}
}

enum EventsView {
    /// Where the view goes: the Objects pane's place; on a narrow right side it takes the
    /// Connections pane's too, so an event reads in a few lines.
    static func rect(_ layout: Layout) -> Rect {
        let o = layout.rect(.objects)
        if o.width >= 60 || o.isEmpty { return o.isEmpty ? layout.graph : o }
        let c = layout.rect(.connections)
        return Rect(x: o.x, y: o.y, width: o.width, height: max(o.height, c.maxY - o.y))
    }

    static func title(_ model: Model, width: Int = 200) -> String {
        let ev = model.snapshot.events
        let sep = model.glyphs.separator
        guard !ev.isEmpty else { return "Events \(sep) none yet" }
        let n = ev.counts()
        var parts: [String] = []
        let names: [(RunEvent.Kind, String, String)] = [
            (.collection, "collection", "collections"), (.peak, "new high", "new highs"),
            (.refused, "refused", "refused"), (.exhausted, "pool dry", "pool dry"), (.uncaught, "failure", "failures")]
        for (k, one, many) in names where n[Int(k.rawValue)] > 0 {
            let c = n[Int(k.rawValue)]
            parts.append("\(grouped(c)) \(c == 1 ? one : many)")
        }
        let forms = ["Events \(sep) " + parts.joined(separator: ", ") + " \(sep) newest first, Enter goes there",
                     "Events \(sep) " + parts.joined(separator: ", ") + " \(sep) newest first",
                     "Events \(sep) \(grouped(ev.count)) \(sep) newest first", "Events \(sep) \(grouped(ev.count))"]
        return forms.first { displayWidth($0) <= width - 4 } ?? forms.last!
    }

    static func role(_ k: RunEvent.Kind) -> ColorRole {
        switch k {
        case .collection: return .gcCollection
        case .peak: return .warning
        case .refused, .exhausted, .uncaught: return .error
        }
    }

    /// The word before each event (the view's kind column; shapes, not only colours).
    static func tag(_ k: RunEvent.Kind) -> String {
        switch k {
        case .collection: return "gc"
        case .peak: return "high"
        case .refused: return "refused"
        case .exhausted: return "pool"
        case .uncaught: return "died"
        }
    }

    /// The lines of one event at this width: "task 138  gc  gen-0 collection freed ...",
    /// the body wrapped under itself.
    static func lines(_ e: RunEvent, failure: String?, width: Int, taskWidth: Int) -> [(prefix: String, text: String)] {
        let task = e.task.map { "task \($0)" } ?? "before loop"
        if width < 56 {
            // Narrow: the task and kind on a line, the text under them.
            return [(task + " " + tag(e.kind), "")] + wrap(e.body(failure: failure), width: max(8, width - 2)).map { ("  ", $0) }
        }
        let head = pad(task, to: taskWidth) + " " + pad(tag(e.kind), to: 7) + " "
        let room = max(8, width - displayWidth(head))
        let body = wrap(e.body(failure: failure), width: room)
        var out: [(String, String)] = []
        for (i, l) in body.enumerated() {
            out.append((i == 0 ? head : String(repeating: " ", count: displayWidth(head)), l))
        }
        return out
    }

    /// The index (oldest first) of the event at `fromNewest`.
    static func index(_ model: Model, fromNewest k: Int) -> Int { model.snapshot.events.count - 1 - k }

    static func draw(_ model: Model, _ state: EventsViewState, into grid: inout Grid, _ rect: Rect) {
        guard rect.width >= 10, rect.height >= 3 else { return }
        grid.fill(rect)
        grid.box(rect, title: title(model, width: rect.width), focused: true, glyphs: model.glyphs)
        let r = rect.inset(1)
        let ev = model.snapshot.events
        if ev.isEmpty {
            let lines = wrap("No event yet. ] runs to the next one: a collection, a new high of open connections, "
                             + "a refused connection, a pool run dry, the failure.", width: r.width)
            for (i, l) in lines.prefix(r.height).enumerated() { grid.write(l, x: r.x, y: r.y + i, maxWidth: r.width, role: .dim) }
            return
        }
        let taskWidth = min(11, 5 + String(ev.last?.task ?? 0).count)
        var y = r.y
        var k = state.top
        let here = model.snapshot.steps
        let finished = model.snapshot.failure != nil || model.snapshot.state == .finished
        while y < r.maxY && k < ev.count {
            let e = ev[ev.count - 1 - k]
            let selected = k == state.selected
            // Where the run stands: just after this event (`]`/`[`/Enter land there).
            let atIt = e.step == here || (finished && k == 0 && e.kind == .uncaught)
            for (i, l) in lines(e, failure: ev.failure, width: r.width - 2, taskWidth: taskWidth).enumerated() where y < r.maxY {
                let mark = i == 0 ? (atIt ? model.glyphs.currentLine : (selected ? model.glyphs.pointer : " ")) : " "
                var x = grid.write(mark + " ", x: r.x, y: y, maxWidth: r.width, role: atIt ? .currentLine : .selection)
                x = grid.write(l.prefix, x: x, y: y, maxWidth: r.maxX - x, role: i == 0 ? role(e.kind) : .normal, attrs: i == 0 ? [.bold] : [])
                grid.write(l.text, x: x, y: y, maxWidth: r.maxX - x, role: .normal)
                if selected { grid.style(x: r.x, y: y, width: r.width, role: .selection, attrs: [.reverse]) }
                y += 1
            }
            k += 1
        }
        drawScrollHint(into: &grid, r, top: state.top, count: ev.count, glyphs: model.glyphs)
    }

    /// Keep the selection on an event and in view (events are one or more lines each).
    static func clamped(_ state: EventsViewState, _ model: Model) -> EventsViewState {
        var s = state
        let ev = model.snapshot.events
        guard !ev.isEmpty else { return EventsViewState() }
        s.selected = min(max(0, s.selected), ev.count - 1)
        s.top = min(max(0, s.top), s.selected)
        let layout = Layout(model)
        let r = rect(layout).inset(1)
        let taskWidth = min(11, 5 + String(ev.last?.task ?? 0).count)
        // Move `top` down until the selected event's last line fits.
        while s.top < s.selected {
            var used = 0
            for k in s.top...s.selected {
                used += lines(ev[ev.count - 1 - k], failure: ev.failure, width: r.width - 2, taskWidth: taskWidth).count
            }
            if used <= max(1, r.height) { break }
            s.top += 1
        }
        return s
    }
}

/// Keys while the Events view is open: ↑/↓/PgUp/PgDn/Home/End select, Enter goes to the
/// selected event, `e` or Esc closes; everything else still runs the program.
func eventsKey(_ m: inout Model, _ key: Key) -> [Command]? {
    guard var s = m.eventsView else { return nil }
    let page = max(1, EventsView.rect(Layout(m)).height / 3)
    switch key {
    case .char("e"), .escape: m.eventsView = nil; return []
    case .up, .char("k"): s.selected -= 1
    case .down, .char("j"): s.selected += 1
    case .pageUp: s.selected -= page
    case .pageDown: s.selected += page
    case .home: s.selected = 0
    case .end: s.selected = Int.max / 2
    case .enter:
        let ev = m.snapshot.events
        guard !ev.isEmpty else { return [] }
        let i = EventsView.index(m, fromNewest: min(max(0, s.selected), ev.count - 1))
        let c = Command.goToEvent(i)
        noteCommand(c, in: &m)
        // After the jump the event is the newest: keep it selected.
        s.selected = 0; s.top = 0
        m.eventsView = s
        return [c]
    case .tab, .backTab: return []
    default: return nil
    }
    m.eventsView = EventsView.clamped(s, m)
    return []
}
