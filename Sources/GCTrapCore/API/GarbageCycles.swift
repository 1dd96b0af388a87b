// Which reference cycle keeps which connection open. The garbage of a snapshot is split
// into strongly connected components; each component that is a cycle is named by one
// closed path through it ("Agent.context → ContextService.agent → Agent"), and gets the
// garbage it keeps alive: everything reachable from it that is not itself on the cycle,
// the open connections among them included.

/// One step of a named cycle: an object and the reference that leaves it.
public struct CycleStep: Equatable, Sendable {
    public var objectID: Int
    public var typeName: String
    public var label: String      // "context", "[0]", "__traceback__"
}

public struct GarbageCycle: Equatable, Sendable {
    /// Objects of the strongly connected component, in snapshot order.
    public var members: [Int]
    /// A shortest closed path from the component's entry back to it.
    public var path: [CycleStep]
    /// Garbage reachable from the cycle and not on it, in snapshot order.
    public var keepsAlive: [Int]
    /// Object ids of the open connections on the cycle or kept alive by it.
    public var connections: [Int]

    /// "Agent.context → ContextService.agent → Agent" (types only, so equal cycles read the same).
    public func name(arrow: String = "→") -> String {
        guard let first = path.first else { return "" }
        var parts: [String] = []
        for step in path { parts.append(step.typeName + CycleStep.accessor(step.label)) }
        parts.append(first.typeName)
        return parts.joined(separator: " \(arrow) ")
    }
}

extension CycleStep {
    /// How the reference is written after its owner: `.context`, `[0]`.
    public static func accessor(_ label: String) -> String {
        label.hasPrefix("[") ? label : "." + label
    }
}

public struct GarbageCycles: Equatable, Sendable {
    /// Cycles in the order of their entry object in the snapshot.
    public var cycles: [GarbageCycle]
    /// Cycle index of each object that is on a cycle.
    public var cycleOf: [Int: Int]
    /// For each open connection held by garbage: the cycles that keep it alive.
    public var keptBy: [Int: [Int]]

    /// Analyse the garbage of `s`. Linear in the garbage's objects and edges plus the size
    /// of what each cycle keeps alive.
    public init(_ s: Snapshot) {
        self.init(objects: s.objects, open: Set(s.connections.map(\.objectID)))
    }

    /// The same from a list of objects and the ids of the open connections. Only the garbage
    /// among them is looked at unless `onlyGarbage` is false (the Graph view names the cycles
    /// of any part of the heap it draws).
    public init(objects: [ObjectInfo], open: Set<Int>, onlyGarbage: Bool = true) {
        var index: [Int: Int] = [:]          // object id -> position among the objects looked at
        var garbage: [ObjectInfo] = []
        for o in objects where !onlyGarbage || o.reachability == .garbage {
            index[o.id] = garbage.count
            garbage.append(o)
        }
        let successors: [[Int]] = garbage.map { o in o.edges.compactMap { index[$0.target] } }
        let components = StronglyConnected.components(count: garbage.count) { successors[$0] }

        var componentOf = [Int](repeating: 0, count: garbage.count)
        for (k, comp) in components.enumerated() { for v in comp { componentOf[v] = k } }

        var pointedFromOutside = [Bool](repeating: false, count: garbage.count)
        for (v, succ) in successors.enumerated() {
            for w in succ where componentOf[w] != componentOf[v] { pointedFromOutside[w] = true }
        }

        var found: [(entry: Int, cycle: GarbageCycle)] = []
        for comp in components where StronglyConnected.isCycle(comp, successors: { successors[$0] }) {
            let members = comp.sorted()
            let inComp = Set(members)
            // The entry: a member something outside the cycle points to, else the oldest.
            let entry = members.first { pointedFromOutside[$0] } ?? members[0]
            let path = GarbageCycles.shortestCycle(from: entry, within: inComp, garbage: garbage, index: index)
            // Everything reachable from the cycle that is not on it.
            var seen = inComp
            var queue = members
            var head = 0
            var kept: [Int] = []
            while head < queue.count {
                let v = queue[head]; head += 1
                for w in successors[v] where !seen.contains(w) {
                    seen.insert(w); queue.append(w); kept.append(w)
                }
            }
            kept.sort()
            let conns = (members + kept).filter { open.contains(garbage[$0].id) }.map { garbage[$0].id }
            found.append((entry, GarbageCycle(members: members.map { garbage[$0].id }, path: path,
                                              keepsAlive: kept.map { garbage[$0].id }, connections: conns)))
        }
        found.sort { $0.entry < $1.entry }
        cycles = found.map(\.cycle)
        cycleOf = [:]
        keptBy = [:]
        for (k, c) in cycles.enumerated() {
            for id in c.members { cycleOf[id] = k }
            for id in c.connections { keptBy[id, default: []].append(k) }
        }
    }

    /// A shortest closed walk from `entry` back to it through the component (breadth first,
    /// edges in their order), as steps labelled by the reference that leaves each object.
    static func shortestCycle(from entry: Int, within comp: Set<Int>, garbage: [ObjectInfo],
                              index: [Int: Int]) -> [CycleStep] {
        var parent: [Int: (from: Int, label: String)] = [:]
        var queue = [entry]
        var head = 0
        var closing: (from: Int, label: String)?
        search: while head < queue.count {
            let v = queue[head]; head += 1
            for e in garbage[v].edges {
                guard let w = index[e.target], comp.contains(w) else { continue }
                if w == entry { closing = (v, e.label); break search }
                if parent[w] == nil { parent[w] = (v, e.label); queue.append(w) }
            }
        }
        guard let closing else { return [] }
        var steps: [CycleStep] = []
        var cur = closing.from
        var label = closing.label
        while true {
            steps.append(CycleStep(objectID: garbage[cur].id, typeName: garbage[cur].typeName, label: label))
            if cur == entry { break }
            guard let p = parent[cur] else { break }
            label = p.label
            cur = p.from
        }
        return steps.reversed()
    }

    /// The cycles that keep `connection` (an object id) open, if garbage holds it.
    public func cycles(keeping connection: Int) -> [GarbageCycle] {
        (keptBy[connection] ?? []).map { cycles[$0] }
    }
}
