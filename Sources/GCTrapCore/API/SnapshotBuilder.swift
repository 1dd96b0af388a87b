// Projects the machine into a Snapshot: scopes, the object graph (reachable first, then
// garbage), connections with their states, the collector. Read-only.

struct SnapshotBuilder {
    let machine: Machine
    var program: Program { machine.program }

    func describe(_ v: Value) -> ValueDescription {
        switch v {
        case .obj(let id): return ValueDescription(text: label(id), objectID: Int(id))
        default: return ValueDescription(text: Sanitize.printable(shortRepr(v)), objectID: nil)
        }
    }

    func shortRepr(_ v: Value) -> String {
        let r = machine.reprText(v)
        return r.count > 40 ? String(r.prefix(37)) + "..." : r   // ASCII: it shows in ASCII frames too
    }

    func label(_ id: Int32) -> String {
        let o = machine.heap.objects[Int(id)]
        switch o.kind {
        case .instance: return "\(machine.heap.objects[Int(o.typeID)].name)#\(o.serial)"
        case .cls: return "class \(o.name)"
        case .function: return "function \(o.name)"
        case .module: return "module \(o.name)"
        case .frame: return "frame \(o.name)#\(o.serial)"
        default: return "\(machine.typeName(of: .obj(id)))#\(o.serial)"
        }
    }

    /// Data objects the investigator shows (not classes, functions, modules or builtins).
    func isShown(_ id: Int32) -> Bool {
        switch machine.heap.objects[Int(id)].kind {
        case .free, .cls, .function, .module: return false
        default: return id != machine.classes.emptyTuple
        }
    }

    func frames() -> [FrameInfo] {
        var out: [FrameInfo] = []
        for (index, f) in machine.frames.enumerated().reversed() {
            let code = program.codes[Int(f.code)]
            var locals: [Binding] = []
            var temps: [ValueDescription] = []
            let base = Int(f.base)
            let nlocals = code.localNames.count
            for i in 0..<nlocals where base + i < machine.stack.count {
                let v = machine.stack[base + i]
                if v.isUndefined { continue }
                locals.append(Binding(name: machine.name(code.localNames[i]), value: describe(v)))
            }
            let top = index + 1 < machine.frames.count ? Int(machine.frames[index + 1].callee >= 0 ? machine.frames[index + 1].callee : machine.frames[index + 1].base) : machine.stack.count
            if base + nlocals < top {
                for v in machine.stack[(base + nlocals)..<top] {
                    if case .obj = v { temps.append(describe(v)) }
                }
            }
            out.append(FrameInfo(function: code.qualname.isEmpty ? code.name : code.qualname,
                                 module: program.modules[code.module].name, line: Int(f.line),
                                 locals: locals, temporaries: temps))
        }
        return out
    }

    func globals() -> [Binding] {
        guard machine.modules[0] >= 0 else { return [] }
        let m = machine.heap.objects[Int(machine.modules[0])]
        var out: [Binding] = []
        for (i, v) in m.items.enumerated() where !v.isUndefined {
            out.append(Binding(name: machine.name(m.names[i]), value: describe(v)))
        }
        return out
    }

    func objects(reachable seen: [Bool]) -> [ObjectInfo] {
        var ids: [Int32] = []
        for i in Int(Heap.firstObjectID)..<machine.heap.objects.count where isShown(Int32(i)) {
            ids.append(Int32(i))
        }
        // Oldest first: the order objects were made in, whatever ids they reuse.
        ids.sort { machine.heap.objects[Int($0)].birth < machine.heap.objects[Int($1)].birth }
        let cyclic = inCycles(ids)
        let names = program.names
        var reachable: [ObjectInfo] = [], garbage: [ObjectInfo] = []
        for id in ids {
            let o = machine.heap.objects[Int(id)]
            let edges = machine.heap.edges(id, names: names).filter { isShown(Int32($0.target)) }
            let info = ObjectInfo(id: Int(id), typeName: machine.typeName(of: .obj(id)), label: label(id),
                                  refcount: o.refcount, generation: o.gen >= 0 ? Int(o.gen) : nil,
                                  edges: edges, reachability: seen[Int(id)] ? .reachable : .garbage,
                                  inCycle: cyclic.contains(id), finalized: o.finalized,
                                  hasFinalizer: o.kind == .instance && machine.classAttribute(o.typeID, program.nameIDs["__del__"] ?? -1) != nil)
            if seen[Int(id)] { reachable.append(info) } else { garbage.append(info) }
        }
        return reachable + garbage
    }

    /// Objects on a reference cycle (strongly connected components of size > 1, or a self edge).
    func inCycles(_ ids: [Int32]) -> Set<Int32> {
        var index = [Int32: Int](), low = [Int32: Int](), onStack = Set<Int32>()
        var stack: [Int32] = [], result = Set<Int32>(), counter = 0
        let shown = Set(ids)
        func succ(_ v: Int32) -> [Int32] {
            var out: [Int32] = []
            machine.heap.visitReferents(v) { t in if shown.contains(t) { out.append(t) } }
            return out
        }
        // Iterative Tarjan, so long chains cannot overflow the stack.
        for start in ids where index[start] == nil {
            var work: [(Int32, [Int32], Int)] = [(start, succ(start), 0)]
            index[start] = counter; low[start] = counter; counter += 1
            stack.append(start); onStack.insert(start)
            while !work.isEmpty {
                let (v, ss, i) = work[work.count - 1]
                if i < ss.count {
                    work[work.count - 1].2 += 1
                    let w = ss[i]
                    if index[w] == nil {
                        index[w] = counter; low[w] = counter; counter += 1
                        stack.append(w); onStack.insert(w)
                        work.append((w, succ(w), 0))
                    } else if onStack.contains(w) {
                        low[v] = min(low[v]!, index[w]!)
                    }
                } else {
                    work.removeLast()
                    if let parent = work.last { low[parent.0] = min(low[parent.0]!, low[v]!) }
                    if low[v] == index[v] {
                        var comp: [Int32] = []
                        while let w = stack.popLast() {
                            onStack.remove(w)
                            comp.append(w)
                            if w == v { break }
                        }
                        if comp.count > 1 || ss.contains(v) { result.formUnion(comp) }
                    }
                }
            }
        }
        return result
    }

    func connections(reachable seen: [Bool]) -> [ConnectionInfo] {
        guard machine.probe.connectionClass >= 0 else { return [] }
        let idle = machine.idleConnections()
        var out: [ConnectionInfo] = []
        for (id, meta) in machine.probe.meta.sorted(by: { $0.key < $1.key }) where machine.isOpenConnection(id) {
            let pooled = machine.isPooled(id)
            let state: ConnectionState
            if !seen[Int(id)] { state = .leaked }
            else if idle.contains(id) { state = .idle }
            else if pooled { state = .inUse }
            else { state = .held }
            out.append(ConnectionInfo(objectID: Int(id), connectionID: machine.connectionNumber(id), state: state, pooled: pooled,
                                      openedInTask: meta.task, openedAt: machine.openedAt(meta)))
        }
        return out
    }

    func totals(_ conns: [ConnectionInfo]? = nil) -> ConnectionTotals {
        let c = machine.connectionCounters()
        let list = conns ?? connections(reachable: machine.reachableSet())
        let poolSize = machine.poolSize()
        return ConnectionTotals(open: c.open, limit: c.limit, inUse: c.inUse, idle: c.idle,
                                held: list.filter { $0.state == .held }.count,
                                leaked: list.filter { $0.state == .leaked }.count,
                                poolSize: poolSize, closedExplicit: c.closedExplicit,
                                closedByFinalizer: c.closedByFinalizer, refused: c.refused,
                                // db updates its peak the statement after open_now: never below open.
                                peakInTask: max(machine.peakInTaskNow(), c.open))
    }

    /// The uncaught exception with its traceback's frames (outermost first) and their
    /// locals, read from the traceback chain: the frame objects kept the locals when their
    /// frames were popped.
    func failure() -> FailureInfo? {
        let exc = machine.uncaught
        guard exc >= 0 else { return nil }
        var frames: [FrameInfo] = []
        var tb = machine.attributeValue(.obj(exc), program.known.traceback) ?? .none
        var guardCount = 0
        while case .obj(let t) = tb, machine.heap.objects[Int(t)].kind == .traceback, guardCount < 1_000 {
            guardCount += 1
            let entry = machine.heap.objects[Int(t)]
            var function = "?", module = "__main__"
            var locals: [Binding] = []
            if case .obj(let f) = entry.items[1] {
                let fo = machine.heap.objects[Int(f)]
                function = fo.name
                module = machine.frameModule[f] ?? module
                if fo.ref < 0 {
                    for (i, v) in fo.items.enumerated() where i < fo.names.count && !v.isUndefined {
                        locals.append(Binding(name: machine.name(fo.names[i]), value: describe(v)))
                    }
                }
            }
            frames.append(FrameInfo(function: function, module: module, line: entry.ref, locals: locals, temporaries: []))
            tb = entry.items[0]
        }
        let last = frames.last
        return FailureInfo(type: machine.qualifiedTypeName(exc), message: Sanitize.printable(machine.exceptionMessage(exc)),
                           task: machine.failedTask, module: last?.module ?? "__main__", line: last?.line ?? 0,
                           frames: frames, traceback: machine.tracebackText(exc))
    }

    func gcInfo() -> GCInfo {
        let g = machine.gc
        var tracked = (0..<3).map { machine.heap.listCount(Int32($0)) }
        tracked[2] += g.baseHeap
        return GCInfo(counts: g.counts, thresholds: g.thresholds, collections: g.collections,
                      collected: g.collected, enabled: g.enabled, last: g.last, trackedObjects: tracked,
                      longLivedPending: g.longLivedPending, longLivedTotal: g.longLivedTotal)
    }
}

extension Simulation {
    public func snapshot() -> Snapshot {
        let b = SnapshotBuilder(machine: machine)
        let seen = machine.reachableSet()
        let conns = b.connections(reachable: seen)
        let top = machine.frames.last
        var module = top.map { program.modules[program.codes[Int($0.code)].module].name } ?? "__main__"
        var line = Int(top?.line ?? 0)
        let failure = b.failure()
        if top == nil, let f = failure {
            // Every frame is gone: the raising line is where the program stands.
            module = f.module
            line = f.line
        }
        return Snapshot(scenario: scenarioName, profile: profile, state: state, task: machine.task,
                        tasksFinished: machine.tasksFinished, totalTasks: machine.totalTasks,
                        steps: machine.steps, module: module, line: line,
                        frames: b.frames(), globals: b.globals(), objects: b.objects(reachable: seen),
                        connections: conns, totals: b.totals(conns), gc: b.gcInfo(), toggles: toggles,
                        rows: rows, rowChart: rowChart, events: events, failure: failure,
                        mainLinesRun: machine.mainLinesRun)
    }
}
