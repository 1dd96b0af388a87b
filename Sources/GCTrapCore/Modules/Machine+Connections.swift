// What the investigator knows about db connections: the counters the stand-in reads from
// db's globals, which connections are still reachable from the roots, and where each was opened.

extension Machine {

    struct DBCounters {
        var open = 0, inUse = 0, idle = 0, closedExplicit = 0, closedByFinalizer = 0, refused = 0, limit = 300
    }

    func connectionCounters() -> DBCounters {
        var c = DBCounters()
        guard dbModule >= 0 else { return c }
        func global(_ n: String) -> Int {
            guard let id = program.nameIDs[n], let v = attributeValue(.obj(dbModule), id) else { return 0 }
            return intValue(v) ?? 0
        }
        c.open = global("open_now")
        c.inUse = global("in_use_total")
        c.idle = global("idle_total")
        c.closedExplicit = global("closed_explicit")
        c.closedByFinalizer = global("closed_by_finalizer")
        c.refused = global("refused")
        // While db is being imported max_connections is not yet set: the server's default
        // stands until then (not "open 0/0").
        if let id = program.nameIDs["max_connections"], let v = attributeValue(.obj(dbModule), id), let n = intValue(v) {
            c.limit = n
        }
        return c
    }

    // MARK: reachability

    /// Objects reachable from the roots: frames (locals and temporaries), module
    /// globals, exceptions being handled.
    func reachableSet() -> [Bool] {
        var seen = [Bool](repeating: false, count: heap.objects.count)
        var work: [Int32] = []
        forEachRoot { id in
            if !seen[Int(id)] { seen[Int(id)] = true; work.append(id) }
        }
        while let id = work.popLast() {
            heap.visitReferents(id) { t in
                if !seen[Int(t)] { seen[Int(t)] = true; work.append(t) }
            }
        }
        return seen
    }

    /// The roots of reachability: frames (locals and temporaries, frame objects), exceptions
    /// being handled, modules (the sys.modules registry) and the builtins.
    func forEachRoot(_ body: (Int32) -> Void) {
        for v in stack { if case .obj(let id) = v { body(id) } }
        for v in handled { if case .obj(let id) = v { body(id) } }
        for m in modules where m >= 0 { body(m) }
        for m in nativeModules.values { body(m) }
        for f in frames {
            if f.frameObject >= 0 { body(f.frameObject) }
            if f.aux >= 0 { body(f.aux) }
        }
        for v in builtins.values { if case .obj(let id) = v { body(id) } }
        for r in subclassRegistryRefs { body(r) }
    }

    func isOpenConnection(_ id: Int32) -> Bool {
        guard heap.objects[Int(id)].kind == .instance, connectionClass >= 0,
              isSubclass(heap.objects[Int(id)].typeID, connectionClass),
              let i = heap.objects[Int(id)].names.firstIndex(of: program.known.closed) else { return false }
        if case .bool(false) = heap.objects[Int(id)].items[i] { return true }
        return false
    }

    /// Open connections reachable from the roots, for the CSV's `leaked` column. Runs at
    /// every task boundary, so it reuses its marks (an epoch per walk) instead of allocating.
    mutating func reachableOpenConnections() -> Int {
        guard connectionClass >= 0, !connectionMeta.isEmpty else { return 0 }
        if reachMarks.count < heap.objects.count {
            reachMarks.append(contentsOf: repeatElement(0, count: heap.objects.count - reachMarks.count))
        }
        reachEpoch &+= 1
        if reachEpoch == 0 { for i in reachMarks.indices { reachMarks[i] = 0 }; reachEpoch = 1 }
        let epoch = reachEpoch
        var work = reachWork
        reachWork = []
        work.removeAll(keepingCapacity: true)
        var marks = reachMarks
        reachMarks = []
        forEachRoot { id in
            if marks[Int(id)] != epoch { marks[Int(id)] = epoch; work.append(id) }
        }
        while let id = work.popLast() {
            heap.visitReferents(id) { t in
                if marks[Int(t)] != epoch { marks[Int(t)] = epoch; work.append(t) }
            }
        }
        reachMarks = marks
        reachWork = work
        var n = 0
        for id in connectionMeta.keys where reachMarks[Int(id)] == epoch && isOpenConnection(id) { n += 1 }
        return n
    }

    // MARK: connections

    mutating func noteConnection(_ id: Int32) {
        var stackEntries: [StackEntry] = []
        for f in frames.reversed() {
            let code = program.codes[Int(f.code)]
            stackEntries.append(StackEntry(function: code.qualname, module: program.modules[code.module].name, line: Int(f.line)))
        }
        connectionMeta[id] = ConnectionMeta(stack: stackEntries, task: task)
    }

    mutating func noteConnectionAttribute(_ id: Int32, _ nameID: Int32, _ v: Value) {
        if name(nameID) == "checked_out" {
            // db.Pool._reclaim, from Connection.__del__: the slot goes back to the pool.
            if finalizingConnection > 0, case .some(.bool(true)) = attributeValue(.obj(id), nameID), case .bool(false) = v,
               let pool = attributeValue(.obj(id), program.intern("pool")), case .obj(let p) = pool,
               let mode = attributeValue(pool, program.intern("on_lost")), case .str("return") = mode, p >= 0 {
                let cid = attributeValue(.obj(id), program.known.id).flatMap { intValue($0) } ?? Int(heap.objects[Int(id)].serial)
                events.add(.poolSlotReturned(object: Int(id), connection: cid))
            }
            return
        }
        guard name(nameID) == "closed" else { return }
        let old = attributeValue(.obj(id), nameID)
        let cid = attributeValue(.obj(id), program.known.id).flatMap { intValue($0) } ?? Int(heap.objects[Int(id)].serial)
        switch (old, v) {
        case (nil, .bool(false)):
            events.add(.connectionOpened(object: Int(id), connection: cid))
        case (.some(.bool(false)), .bool(true)):
            connectionsClosed += 1
            events.add(.connectionClosed(object: Int(id), connection: cid, byFinalizer: finalizingConnection > 0))
        default:
            break
        }
    }
}
