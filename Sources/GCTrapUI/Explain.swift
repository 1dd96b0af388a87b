import GCTrapCore

/// Answers for Enter on an object: why is it alive (the path from a root), or, for
/// garbage, what will free it.
public enum Explain {
    struct Root { var text: String; var id: Int }

    static func roots(_ s: Snapshot) -> [Root] {
        var out: [Root] = []
        for f in s.frames {
            for b in f.locals { if let id = b.value.objectID { out.append(Root(text: "\(b.name) in \(f.function)", id: id)) } }
            for t in f.temporaries { if let id = t.objectID { out.append(Root(text: "temporary in \(f.function)", id: id)) } }
        }
        for b in s.globals { if let id = b.value.objectID { out.append(Root(text: "global \(b.name)", id: id)) } }
        return out
    }

    /// "agent in _run_task → Agent#12 .ctx → ContextService#13", or nil when no path exists.
    public static func pathFromRoot(to target: Int, in s: Snapshot, arrow: String = "→") -> String? {
        var index: [Int: Int] = [:]
        index.reserveCapacity(s.objects.count)
        for (i, o) in s.objects.enumerated() { index[o.id] = i }
        var parent: [Int: (from: Int, label: String)] = [:]
        var rootOf: [Int: String] = [:]
        var queue: [Int] = []
        for r in roots(s) where rootOf[r.id] == nil && index[r.id] != nil {
            rootOf[r.id] = r.text
            queue.append(r.id)
        }
        var head = 0
        var found = rootOf[target] != nil
        while head < queue.count, !found {
            let id = queue[head]; head += 1
            guard let i = index[id] else { continue }
            for e in s.objects[i].edges where rootOf[e.target] == nil && parent[e.target] == nil && index[e.target] != nil {
                parent[e.target] = (id, e.label)
                queue.append(e.target)
                if e.target == target { found = true; break }
            }
        }
        guard found else { return nil }
        var steps: [(label: String, id: Int)] = []
        var cur = target
        while let p = parent[cur] {
            steps.append((p.label, cur))
            cur = p.from
        }
        func label(_ id: Int) -> String { index[id].map { s.objects[$0].label } ?? "#\(id)" }
        var text = "\(rootOf[cur] ?? "root") \(arrow) \(label(cur))"
        for step in steps.reversed() {
            let l = step.label.hasPrefix("[") ? step.label : "." + step.label
            text += " \(l) \(arrow) \(label(step.id))"
        }
        return text
    }

    /// What will free a garbage object: which collection, and how far its counter is.
    public static func whatFrees(_ o: ObjectInfo, in s: Snapshot) -> String {
        let gc = s.gc
        func counter(_ g: Int) -> String {
            g < gc.counts.count && g < gc.thresholds.count ? "\(gc.counts[g])/\(gc.thresholds[g])" : "?"
        }
        var text: String
        if !gc.enabled {
            text = "gc is disabled: only gc.collect() will free it"
        } else {
            switch o.generation {
            case .some(0):
                text = "waits for a gen-0 collection: \(counter(0))"
            case .some(1):
                text = "waits for a gen-1 collection: \(counter(1)) (gen 0 at \(counter(0)))"
            case .some(let g):
                text = "waits for a full (gen-\(g)) collection: \(counter(2)), long-lived pending "
                    + "\(gc.longLivedPending)/\(gc.longLivedTotal) (needs > 25%)"
            case .none:
                text = "not tracked: freed when the cycle holding it is collected"
            }
            text += ", or gc.collect()"
        }
        let why = o.inCycle ? "in an unreachable cycle" : "held only by unreachable objects"
        return "\(o.label) is garbage (\(why)): \(text)"
    }

    /// On a garbage group: how many of its instances wait for which collection. "57 wait
    /// for a gen-0 collection (614/700); 1 was promoted to gen 1 and waits for a gen-1
    /// collection (3/10)".
    public static func groupWaits(_ g: GarbageGroup, in s: Snapshot) -> String {
        let gc = s.gc
        func counter(_ n: Int) -> String {
            n < gc.counts.count && n < gc.thresholds.count ? "\(gc.counts[n])/\(gc.thresholds[n])" : "?"
        }
        let head = "\(g.count) x \(g.shortShape): "
        if !gc.enabled { return head + "gc is disabled: only gc.collect() will free \(g.count == 1 ? "it" : "them")" }
        var parts: [String] = []
        for gen in 0..<3 where g.waiting[gen] > 0 {
            let n = g.waiting[gen], one = n == 1
            switch gen {
            case 0: parts.append("\(n) wait\(one ? "s" : "") for a gen-0 collection (\(counter(0)))")
            case 1: parts.append("\(n) \(one ? "was" : "were") promoted to gen 1 and wait\(one ? "s" : "") for a gen-1 collection (\(counter(1)))")
            default: parts.append("\(n) \(one ? "is" : "are") in gen 2 and wait\(one ? "s" : "") for a full collection (\(counter(2)), long-lived pending \(gc.longLivedPending)/\(gc.longLivedTotal), needs > 25%)")
            }
        }
        return head + parts.joined(separator: "; ") + "; or gc.collect()"
    }

    /// The explanation Enter shows for an object id.
    public static func explain(_ id: Int, in s: Snapshot, arrow: String = "→") -> String {
        guard let o = s.objects.first(where: { $0.id == id }) else {
            return "#\(id) is gone: freed"
        }
        switch o.reachability {
        case .garbage:
            // The entry of a garbage group: the whole group's answer, generation by generation.
            if let g = ObjectsPane.garbageGroups(s).first(where: { $0.representative == id }) {
                return groupWaits(g, in: s)
            }
            return whatFrees(o, in: s)
        case .reachable:
            if let p = pathFromRoot(to: id, in: s, arrow: arrow) { return "\(o.label) is alive: \(p)" }
            return "\(o.label) is alive (no path from a frame or global in this snapshot)"
        }
    }
}
