import GCTrapCore

/// Garbage that has the same shape, counted once: "133 x Agent <-> ContextService -> ...
/// -> Connection (open)".
public struct GarbageGroup: Equatable, Sendable {
    public var count: Int
    public var shape: String
    /// The same shape with only its ends ("Agent <-> ... -> Connection"), for narrow panes.
    public var shortShape: String
    /// Objects in one instance of the shape.
    public var size: Int
    /// The connection state at the end of the shape: "open", "closed", or nil (no connection).
    public var connection: String?
    /// One object of the group (the entry of its first instance), for Enter.
    public var representative: Int
    /// Instances by the generation whose collection frees them (a cycle goes with the
    /// collection of its oldest member's generation): [gen 0, gen 1, gen 2].
    public var waiting: [Int] = [0, 0, 0]
}

public enum ObjectRow: Equatable, Sendable {
    case header(String)
    case object(Int)          // index into snapshot.objects
    case group(GarbageGroup)

    var objectID: (Snapshot) -> Int? {
        { s in
            switch self {
            case .header: return nil
            case .object(let i): return s.objects[i].id
            case .group(let g): return g.representative
            }
        }
    }
}

/// Objects: reachable objects with refcount, generation, labelled edges and cycle marks,
/// then unreachable objects grouped by shape.
public enum ObjectsPane: PaneContent {
    static let pane = Pane.objects
    static func hint(_ model: Model) -> String { "rc refs, g0-2 generation, \(model.glyphs.cycle) cycle, Enter why, G graph" }

    static func title(_ model: Model) -> String {
        let s = model.snapshot
        var garbage = 0
        for o in s.objects where o.reachability == .garbage { garbage += 1 }
        return "Objects \(model.glyphs.separator) \(s.objects.count - garbage) reachable, \(garbage) garbage"
    }

    public static func rows(_ s: Snapshot) -> [ObjectRow] {
        var rows: [ObjectRow] = []
        var reachable = 0
        for o in s.objects where o.reachability == .reachable { reachable += 1 }
        rows.reserveCapacity(reachable + 8)
        // Garbage first: its groups are a few lines whatever the heap size, and they are
        // what the investigation is about; the reachable list can be long and scrolls.
        let groups = garbageGroups(s)
        let garbage = s.objects.count - reachable
        if garbage == 0 {
            rows.append(.header("garbage: none"))
        } else {
            rows.append(.header("garbage (\(garbage), waiting for the collector)"))
            for g in groups { rows.append(.group(g)) }
        }
        rows.append(.header("reachable (\(reachable))"))
        for (i, o) in s.objects.enumerated() where o.reachability == .reachable {
            rows.append(.object(i))
        }
        return rows
    }

    /// Group the unreachable objects by the shape of their connected component. Linear in
    /// objects plus edges (union-find), so a thousand objects stay cheap.
    public static func garbageGroups(_ s: Snapshot) -> [GarbageGroup] {
        let objects = s.objects
        var index: [Int: Int] = [:]
        index.reserveCapacity(objects.count)
        var garbage: [Int] = []
        for (i, o) in objects.enumerated() {
            index[o.id] = i
            if o.reachability == .garbage { garbage.append(i) }
        }
        if garbage.isEmpty { return [] }
        var parent = Array(0..<objects.count)
        func find(_ x: Int) -> Int {
            var x = x
            while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
            return x
        }
        var hasIncoming = [Bool](repeating: false, count: objects.count)
        for i in garbage {
            for e in objects[i].edges {
                guard let j = index[e.target], objects[j].reachability == .garbage else { continue }
                if j != i { hasIncoming[j] = true }
                let a = find(i), b = find(j)
                if a != b { parent[a] = b }
            }
        }
        // Components in order of first appearance.
        var componentOf: [Int: Int] = [:]
        var members: [[Int]] = []
        for i in garbage {
            let r = find(i)
            if let c = componentOf[r] { members[c].append(i) } else {
                componentOf[r] = members.count
                members.append([i])
            }
        }
        var openConnections = Set<Int>()
        for c in s.connections { openConnections.insert(c.objectID) }

        var groupIndex: [String: Int] = [:]
        var groups: [GarbageGroup] = []
        for comp in members {
            let entry = comp.first { !hasIncoming[$0] } ?? comp[0]
            let path = shapePath(from: entry, component: comp, objects: objects, index: index)
            var shape = describe(path, objects: objects, index: index)
            var shortShape = shape
            if path.count > 2 {
                let n = path.count
                shortShape = objects[path[0]].typeName + link(path[0], path[1], objects, index) + "..."
                    + link(path[n - 2], path[n - 1], objects, index) + objects[path[n - 1]].typeName
            }
            var connection: String?
            if let last = path.last, objects[last].typeName == "Connection" {
                connection = openConnections.contains(objects[last].id) ? "open" : "closed"
            }
            if path.count == 1, comp.count > 1 { shape += " + \(comp.count - 1)"; shortShape = shape }
            let key = "\(shape)|\(comp.count)|\(connection ?? "")"
            let oldest = min(2, max(0, comp.map { objects[$0].generation ?? 0 }.max() ?? 0))
            if let g = groupIndex[key] {
                groups[g].count += 1
                groups[g].waiting[oldest] += 1
            } else {
                groupIndex[key] = groups.count
                var group = GarbageGroup(count: 1, shape: shape, shortShape: shortShape, size: comp.count,
                                         connection: connection, representative: objects[entry].id)
                group.waiting[oldest] = 1
                groups.append(group)
            }
        }
        // Biggest groups first; ties keep their order of appearance.
        return groups.enumerated().sorted { a, b in
            a.element.count != b.element.count ? a.element.count > b.element.count : a.offset < b.offset
        }.map(\.element)
    }

    /// A path through the component: to a Connection when there is one (the interesting
    /// part), otherwise along first edges until it loops.
    static func shapePath(from entry: Int, component: [Int], objects: [ObjectInfo], index: [Int: Int]) -> [Int] {
        var prev: [Int: Int] = [entry: entry]
        var queue = [entry]
        var head = 0
        var connection: Int?
        if objects[entry].typeName == "Connection" { connection = entry }
        while head < queue.count, connection == nil {
            let i = queue[head]; head += 1
            for e in objects[i].edges {
                guard let j = index[e.target], objects[j].reachability == .garbage, prev[j] == nil else { continue }
                prev[j] = i
                if objects[j].typeName == "Connection" { connection = j; break }
                queue.append(j)
            }
        }
        if let c = connection {
            var path = [c]
            var cur = c
            while cur != entry, let p = prev[cur] { path.append(p); cur = p }
            return path.reversed()
        }
        var path = [entry]
        var seen: Set<Int> = [entry]
        var cur = entry
        while path.count < 8 {
            guard let next = objects[cur].edges.lazy.compactMap({ index[$0.target] })
                .first(where: { !seen.contains($0) && objects[$0].reachability == .garbage }) else { break }
            path.append(next); seen.insert(next); cur = next
        }
        return path
    }

    /// "Agent <-> ContextService -> ... -> Connection": `<->` where the next object points
    /// back; the middle is elided beyond four types.
    static func link(_ a: Int, _ b: Int, _ objects: [ObjectInfo], _ index: [Int: Int]) -> String {
        objects[b].edges.contains { index[$0.target] == a } ? " <-> " : " -> "
    }

    static func describe(_ path: [Int], objects: [ObjectInfo], index: [Int: Int]) -> String {
        func link(_ a: Int, _ b: Int) -> String { ObjectsPane.link(a, b, objects, index) }
        if path.count <= 4 {
            var s = objects[path[0]].typeName
            for k in 1..<max(1, path.count) where k < path.count {
                s += link(path[k - 1], path[k]) + objects[path[k]].typeName
            }
            return s
        }
        let n = path.count
        return objects[path[0]].typeName + link(path[0], path[1]) + objects[path[1]].typeName
            + " -> ..." + link(path[n - 2], path[n - 1]) + objects[path[n - 1]].typeName
    }

    static func connectionTag(_ id: Int, _ s: Snapshot) -> (String, ColorRole)? {
        guard let c = s.connections.first(where: { $0.objectID == id }) else { return nil }
        switch c.state {
        case .leaked: return ("[leaked]", .connectionLeaked)
        case .held: return ("[held]", .connectionHeld)
        case .idle: return ("[idle]", .connectionIdle)
        case .inUse: return ("[in use]", .connectionInUse)
        }
    }

    static func spans(_ row: ObjectRow, _ model: Model, labels: [Int: String], width: Int) -> [Span] {
        let s = model.snapshot
        let g = model.glyphs
        switch row {
        case .header(let text):
            return [Span(text, .title, [.bold])]
        case .object(let i):
            let o = s.objects[i]
            var out: [Span] = [Span(o.label, o.inCycle ? .cycle : .reachable, o.inCycle ? [.bold] : [])]
            out.append(Span(" rc \(o.refcount)", .dim))
            out.append(Span(o.generation.map { " g\($0)" } ?? " -", .dim))
            if o.inCycle { out.append(Span(" " + g.cycle, .cycle, [.bold])) }
            if o.typeName == "Connection", let (tag, role) = connectionTag(o.id, s) {
                out.append(Span(" " + tag, role, [.bold]))
            }
            var used = out.reduce(0) { $0 + displayWidth($1.text) }
            for e in o.edges {
                if used >= width { break }
                let text = "  \(e.label)\(g.arrow)\(labels[e.target] ?? "#\(e.target)")"
                used += displayWidth(text)
                out.append(Span(text, .normal))
            }
            return out
        case .group(let grp):
            let full = "\(grp.count) x \(grp.shape) (\(grp.connection ?? ""))"
            let shape = displayWidth(full) + 2 > width ? grp.shortShape : grp.shape
            var out = [Span("\(grp.count) x ", .garbage, [.bold]), Span(shape, .garbage)]
            if let c = grp.connection {
                out.append(Span(" (\(c))", c == "open" ? .connectionLeaked : .dim, [.bold]))
            }
            if grp.size > 1 { out.append(Span("  \(grp.size) objects each", .dim)) }
            return out
        }
    }

    static func contentHeight(_ model: Model, width: Int) -> Int { rows(model.snapshot).count }

    /// Move the selection by `delta` rows, then on past section headers in the same direction.
    static func scroll(_ m: inout Model, by delta: Int) {
        let all = rows(m.snapshot)
        guard !all.isEmpty else { return }
        var i = min(max(0, m.selectedRow + delta), all.count - 1)
        let dir = delta < 0 ? -1 : 1
        while i >= 0, i < all.count, case .header = all[i] { i += dir }
        if i >= 0, i < all.count { m.selectedRow = i }
    }

    /// The selection stays on a row (never a section header) and visible.
    static func clamp(_ m: inout Model, inner: Rect) {
        let all = rows(m.snapshot)
        m.selectedRow = min(max(0, m.selectedRow), max(0, all.count - 1))
        if m.selectedRow < all.count, case .header = all[m.selectedRow] {
            // Never rest on a section header: prefer the row below, else the one above.
            var i = m.selectedRow
            while i < all.count, case .header = all[i] { i += 1 }
            if i >= all.count {
                i = m.selectedRow
                while i > 0, case .header = all[i] { i -= 1 }
            }
            m.selectedRow = i
        }
        let listHeight = max(1, inner.height)
        m.scroll[Pane.objects.rawValue] = top(selected: m.selectedRow, scroll: m.scroll(.objects),
                                              height: listHeight, count: all.count)
    }

    /// First row shown, keeping the selected row visible.
    static func top(selected: Int, scroll: Int, height: Int, count: Int) -> Int {
        var top = min(max(0, scroll), max(0, count - height))
        if selected < top { top = selected }
        if selected >= top + height { top = selected - height + 1 }
        return max(0, top)
    }

    static func draw(_ model: Model, into grid: inout Grid, _ r: Rect) {
        guard !r.isEmpty else { return }
        let s = model.snapshot
        let rows = rows(s)
        var listHeight = r.height
        var explanation: [String] = []
        if let id = model.inspected, r.height >= 4 {
            let text = Explain.explain(id, in: s, arrow: model.glyphs.arrow)
            explanation = Array(wrap(text, width: r.width - 2).prefix(max(1, r.height / 3)))
            listHeight = r.height - explanation.count - 1
        }
        var labels: [Int: String] = [:]
        labels.reserveCapacity(s.objects.count)
        for o in s.objects { labels[o.id] = o.label }
        let selected = min(max(0, model.selectedRow), rows.count - 1)
        let top = top(selected: selected, scroll: model.scroll(.objects), height: listHeight, count: rows.count)
        let focused = model.focus == .objects
        for row in 0..<listHeight where top + row < rows.count {
            let i = top + row
            let y = r.y + row
            let isSelected = i == selected
            let indent: String
            if case .header = rows[i] { indent = "" } else { indent = isSelected ? model.glyphs.pointer + " " : "  " }
            let x = grid.write(indent, x: r.x, y: y, maxWidth: r.width, role: .selection)
            grid.write(spans(rows[i], model, labels: labels, width: r.width), x: x, y: y, maxWidth: r.maxX - x)
            if isSelected && focused {
                grid.style(x: r.x, y: y, width: r.width, role: .selection, attrs: [.reverse])
            }
        }
        drawScrollHint(into: &grid, Rect(x: r.x, y: r.y, width: r.width, height: listHeight),
                       top: top, count: rows.count, glyphs: model.glyphs)
        if !explanation.isEmpty {
            let y0 = r.y + listHeight
            grid.write(String(repeating: model.glyphs.isASCII ? "-" : "─", count: r.width), x: r.x, y: y0,
                       maxWidth: r.width, role: .border)
            for (k, line) in explanation.enumerated() {
                grid.write((k == 0 ? "? " : "  ") + line, x: r.x, y: y0 + 1 + k, maxWidth: r.width, role: .event)
            }
        }
    }
}

/// Word-wrap to `width` columns (words longer than a line are cut).
func wrap(_ text: String, width: Int) -> [String] {
    guard width > 0 else { return [] }
    var lines: [String] = []
    var line = ""
    for word in text.split(separator: " ", omittingEmptySubsequences: false) {
        let w = String(word)
        if line.isEmpty { line = w } else if displayWidth(line) + 1 + displayWidth(w) <= width { line += " " + w } else {
            lines.append(line); line = w
        }
        while displayWidth(line) > width {
            lines.append(truncate(line, to: width, ellipsis: ""))
            line = String(line.unicodeScalars.dropFirst(lines.last!.unicodeScalars.count).map(Character.init))
        }
    }
    if !line.isEmpty { lines.append(line) }
    return lines
}
