import GCTrapCore

/// What the Graph view draws, taken from a snapshot: one garbage group (the connected
/// garbage around an object) or an object's neighbourhood (what points to it, what it
/// points to, the cycle it is on), with the cycles among them named and the connections
/// each keeps open. Pure; `GraphLayout` places it.
public struct GraphScene: Equatable, Sendable {
    public enum Focus: Equatable, Hashable, Sendable {
        /// The connected garbage around this object (Enter on a garbage group).
        case group(Int)
        /// This object and its neighbours (G on an object).
        case object(Int)

        public var objectID: Int {
            switch self { case .group(let id), .object(let id): return id }
        }
    }

    public struct Node: Equatable, Sendable {
        public var id: Int
        public var typeName: String       // "Agent"
        public var title: String          // "Agent#12"
        public var detail: String         // "rc 1 g0 ↻ garbage"
        public var garbage: Bool
        public var inCycle: Bool
        public var connection: ConnectionState?
        public var isFocus: Bool
    }

    public struct Link: Equatable, Sendable {
        public var from: Int              // index into nodes
        public var to: Int
        public var label: String          // "context", "[0]"
        public var onCycle: Bool
        /// The last reference of a named cycle's closed path: the one that leads back to
        /// where the path started ("ContextService.agent" in Agent.context → ContextService.agent → Agent).
        public var closesCycle: Bool = false
    }

    /// How a reference reads in the notes and lessons: "ContextService.agent", "list[0]".
    public func referenceName(_ l: Link) -> String {
        nodes[l.from].typeName + CycleStep.accessor(l.label)
    }

    /// Nodes in drawing order, top to bottom.
    public var nodes: [Node]
    public var links: [Link]
    /// The cycles among the nodes.
    public var cycles: [GarbageCycle]
    /// Referents or referrers left out (too many to draw).
    public var omitted: Int
    /// What is drawn: "group of 5 objects (1 of 133 alike)", "neighbourhood of list#3".
    public var heading: String
    /// Cycle names and what they keep open, then (for garbage) the garbage as a whole.
    public var notes: [String]

    static let maxGroupNodes = 200
    static let maxReferents = 16
    static let maxReferrers = 8
    static let referentDepth = 4

    public init(_ focus: Focus, in s: Snapshot, glyphs: Glyphs = .unicode) {
        nodes = []; links = []; cycles = []; omitted = 0; heading = ""; notes = []
        var index: [Int: Int] = [:]
        index.reserveCapacity(s.objects.count)
        for (i, o) in s.objects.enumerated() { index[o.id] = i }
        guard let focusIndex = index[focus.objectID] else {
            heading = "#\(focus.objectID) is gone: freed"
            return
        }
        let chosen: [Int]
        if s.objects[focusIndex].reachability == .garbage {
            chosen = GraphScene.garbageComponent(from: focusIndex, s, index, omitted: &omitted)
            heading = GraphScene.groupHeading(chosen.count, s, focusIndex)
        } else {
            chosen = GraphScene.neighbourhood(of: focusIndex, s, index, omitted: &omitted)
            heading = "neighbourhood of \(s.objects[focusIndex].label)"
        }
        build(chosen, focus: focusIndex, s, index, glyphs: glyphs)
    }

    // MARK: choosing the objects

    /// The garbage connected to `start` (either direction), in drawing order: depth first
    /// along references from `start`, then whatever points into what was found.
    static func garbageComponent(from start: Int, _ s: Snapshot, _ index: [Int: Int], omitted: inout Int) -> [Int] {
        let objects = s.objects
        // Who points to whom, among the garbage, for walking backwards.
        var referrers: [Int: [Int]] = [:]
        for (i, o) in objects.enumerated() where o.reachability == .garbage {
            for e in o.edges {
                if let j = index[e.target], objects[j].reachability == .garbage { referrers[j, default: []].append(i) }
            }
        }
        var member = Set<Int>([start])
        var queue = [start]
        var head = 0
        while head < queue.count {
            let v = queue[head]; head += 1
            let out = objects[v].edges.compactMap { index[$0.target] }.filter { objects[$0].reachability == .garbage }
            for w in out + (referrers[v] ?? []) where !member.contains(w) {
                member.insert(w); queue.append(w)
            }
        }
        var order = depthFirst(from: [start] + queue.sorted(), within: member, objects, index)
        if order.count > maxGroupNodes {
            omitted = order.count - maxGroupNodes
            order = Array(order.prefix(maxGroupNodes))
        }
        return order
    }

    /// The object, up to `maxReferrers` objects that point to it (above it), up to
    /// `maxReferents` it points to, and the rest of the cycle it is on.
    static func neighbourhood(of focus: Int, _ s: Snapshot, _ index: [Int: Int], omitted: inout Int) -> [Int] {
        let objects = s.objects
        var referrers: [Int] = []
        var referrerCount = 0
        for (i, o) in objects.enumerated() where i != focus && o.edges.contains(where: { $0.target == objects[focus].id }) {
            referrerCount += 1
            if referrers.count < maxReferrers { referrers.append(i) }
        }
        // What it refers to, breadth first up to `referentDepth` references away, so the
        // chain down to a connection shows.
        var referents: [Int] = []
        var seen = Set<Int>([focus])
        var level = [focus]
        var skipped = 0
        for _ in 0..<referentDepth {
            var next: [Int] = []
            for v in level {
                for e in objects[v].edges {
                    guard let j = index[e.target], !seen.contains(j) else { continue }
                    seen.insert(j)
                    if referents.count < maxReferents { referents.append(j); next.append(j) } else if v == focus { skipped += 1 }
                }
            }
            level = next
        }
        omitted = skipped + (referrerCount - referrers.count)
        var member = Set([focus] + referrers + referents)
        if objects[focus].inCycle {
            // The rest of the cycle: the strongly connected component through the object.
            let comps = StronglyConnected.components(count: objects.count) { v in
                objects[v].edges.compactMap { index[$0.target] }
            }
            if let comp = comps.first(where: { $0.contains(focus) }) {
                for v in comp.prefix(maxReferents) { member.insert(v) }
            }
        }
        let below = depthFirst(from: [focus], within: member.subtracting(referrers), objects, index)
        return referrers.filter { !below.contains($0) } + below
    }

    /// Depth-first preorder along references (in their order) from each start in turn,
    /// then any member not reached, so chains come out one under the other.
    static func depthFirst(from starts: [Int], within member: Set<Int>, _ objects: [ObjectInfo],
                           _ index: [Int: Int]) -> [Int] {
        var order: [Int] = []
        var visited = Set<Int>()
        for start in starts + member.sorted() where member.contains(start) && !visited.contains(start) {
            var stack = [start]
            while let v = stack.popLast() {
                if visited.contains(v) { continue }
                visited.insert(v)
                order.append(v)
                let next = objects[v].edges.compactMap { index[$0.target] }
                    .filter { member.contains($0) && !visited.contains($0) }
                stack.append(contentsOf: next.reversed())
            }
        }
        return order
    }

    // MARK: nodes, links, cycles

    static func groupHeading(_ count: Int, _ s: Snapshot, _ focus: Int) -> String {
        let groups = ObjectsPane.garbageGroups(s)
        let id = s.objects[focus].id
        if let g = groups.first(where: { $0.representative == id }), g.count > 1 {
            return "garbage group: \(count) objects (1 of \(g.count) alike)"
        }
        return "garbage: \(count) object\(count == 1 ? "" : "s") connected to \(s.objects[focus].label)"
    }

    mutating func build(_ chosen: [Int], focus: Int, _ s: Snapshot, _ index: [Int: Int], glyphs: Glyphs) {
        let objects = s.objects
        var position: [Int: Int] = [:]         // object index -> node index
        for (k, i) in chosen.enumerated() { position[i] = k }
        var connections: [Int: ConnectionInfo] = [:]
        for c in s.connections { connections[c.objectID] = c }
        let open = Set(connections.keys)
        let analysis = GarbageCycles(objects: chosen.sorted().map { objects[$0] }, open: open, onlyGarbage: false)
        cycles = analysis.cycles
        let sep = "  "
        for i in chosen {
            let o = objects[i]
            var detail = ["rc \(o.refcount)", o.generation.map { "g\($0)" } ?? "untracked"]
            if analysis.cycleOf[o.id] != nil { detail.append(glyphs.cycle + " cycle") }
            if o.reachability == .garbage { detail.append("garbage") }
            var title = o.label
            var state: ConnectionState?
            if let c = connections[o.id] {
                state = c.state
                title += " (conn \(c.connectionID))"
                detail.insert("open [\(c.state.rawValue)]", at: 0)
            } else if o.typeName == "Connection" {
                detail.insert("closed", at: 0)
            }
            nodes.append(Node(id: o.id, typeName: o.typeName, title: title, detail: detail.joined(separator: sep),
                              garbage: o.reachability == .garbage, inCycle: analysis.cycleOf[o.id] != nil,
                              connection: state, isFocus: i == focus))
        }
        // The references of each named cycle are the ones highlighted: one closed path per
        // cycle, so a knot of references still shows a cycle you can follow.
        var onPath = Set<String>()
        var closing = Set<String>()
        for c in cycles {
            for (k, step) in c.path.enumerated() {
                let next = c.path[(k + 1) % c.path.count].objectID
                onPath.insert("\(step.objectID) \(step.label) \(next)")
                if k == c.path.count - 1 { closing.insert("\(step.objectID) \(step.label) \(next)") }
            }
        }
        for (k, i) in chosen.enumerated() {
            for e in objects[i].edges {
                guard let j = index[e.target], let to = position[j] else { continue }
                let key = "\(objects[i].id) \(e.label) \(e.target)"
                links.append(Link(from: k, to: to, label: e.label, onCycle: onPath.contains(key),
                                  closesCycle: closing.contains(key)))
            }
        }
        let garbageIDs = Set(chosen.filter { objects[$0].reachability == .garbage }.map { objects[$0].id })
        for c in cycles.prefix(3) {
            var line = "cycle: " + c.name(arrow: glyphs.arrow)
            let isGarbage = c.members.allSatisfy { garbageIDs.contains($0) }
            let n = c.connections.count
            let which = c.connections.prefix(4).map { id -> String in
                connections[id].map { "conn \($0.connectionID) [\($0.state.rawValue)]" } ?? "#\(id)"
            }.joined(separator: ", ") + (n > 4 ? ", \(glyphs.ellipsis)" : "")
            if !isGarbage {
                line += " (still reachable)" + (n == 0 ? "" : ", holds " + which)
            } else if n == 0 {
                line += ", keeps no connection open"
            } else {
                line += ", keeps \(n) open connection\(n == 1 ? "" : "s") alive: " + which
            }
            notes.append(line)
        }
        if cycles.count > 3 { notes.append("and \(cycles.count - 3) more cycles") }
        if cycles.isEmpty { notes.append("no cycle here: reference counting frees these objects when unused") }
        if objects[focus].reachability == .garbage {
            // What frees it: the why-alive answer for garbage (Enter in Objects).
            notes.append(Explain.explain(objects[focus].id, in: s, arrow: glyphs.arrow))
            notes.append(GraphScene.garbageSummary(s, arrow: glyphs.arrow))
        }
    }

    /// All the garbage at once: "in all the garbage: 133 cycles Agent.context → ... keep
    /// 133 connections open".
    static func garbageSummary(_ s: Snapshot, arrow: String) -> String {
        let all = GarbageCycles(s)
        var byName: [(name: String, cycles: Int, connections: Int)] = []
        for c in all.cycles {
            let name = c.name(arrow: arrow)
            if let k = byName.firstIndex(where: { $0.name == name }) {
                byName[k].cycles += 1; byName[k].connections += c.connections.count
            } else {
                byName.append((name, 1, c.connections.count))
            }
        }
        if byName.isEmpty { return "all the garbage: no cycle" }
        let parts = byName.sorted { $0.cycles > $1.cycles }.prefix(2).map {
            "\($0.cycles) cycle\($0.cycles == 1 ? "" : "s") \($0.name) keep\($0.cycles == 1 ? "s" : "") \($0.connections) connection\($0.connections == 1 ? "" : "s") open"
        }
        return "all the garbage: " + parts.joined(separator: "; ") + (byName.count > 2 ? "; \(byName.count - 2) other kinds" : "")
    }
}
