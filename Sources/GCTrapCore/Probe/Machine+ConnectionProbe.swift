// The probe's hooks (called by the VM at the moments below) and its readings (called by the
// task loop, the events and the snapshot). Only this file and ConnectionProbe.swift spell
// the db client's names.

extension Machine {

    // MARK: hooks

    /// A module object was created: if it is db, find the server counters to watch.
    mutating func probeModuleCreated(_ moduleIndex: Int, object id: Int32) {
        noteStaticChange()   // a new root for the walk
        let m = program.modules[moduleIndex]
        guard m.name == DBNames.module else { return }
        probe.module = id
        func slot(_ name: String) -> Int32 {
            guard let nid = program.nameIDs[name], let s = m.slotOf[nid] else { return -1 }
            return s
        }
        probe.closedName = program.intern(DBNames.closed)
        probe.idName = program.intern(DBNames.id)
        probe.checkedOutName = program.intern(DBNames.checkedOut)
        probe.poolName = program.intern(DBNames.pool)
        probe.onLostName = program.intern(DBNames.onLost)
        probe.slots = DBSlots(openNow: slot(DBNames.openNow), refused: slot(DBNames.refused),
                              peakInTask: slot(DBNames.peakInTask),
                              inUseTotal: slot(DBNames.inUseTotal), idleTotal: slot(DBNames.idleTotal),
                              closedExplicit: slot(DBNames.closedExplicit),
                              closedByFinalizer: slot(DBNames.closedByFinalizer),
                              maxConnections: slot(DBNames.maxConnections))
    }

    /// A class body finished: remember db's Connection, Pool and PoolExhausted.
    mutating func probeClassDefined(_ id: Int32) {
        let o = heap.objects[Int(id)]
        guard o.ref2 >= 0, program.modules[o.ref2].name == DBNames.module else { return }
        switch o.name {
        case DBNames.connectionClass:
            probe.connectionClass = id
            forgetDerivedFacts()
        case DBNames.poolClass: probe.poolClass = id
        case DBNames.poolExhaustedClass: probe.poolExhaustedClass = id
        default: break
        }
    }

    /// Is `cls` db.Connection or a subclass of it?
    @inline(__always)
    func isConnectionClass(_ cls: Int32) -> Bool {
        probe.connectionClass >= 0 && (cls == probe.connectionClass || isSubclass(cls, probe.connectionClass))
    }

    /// An instance was created: a connection records where it was opened.
    mutating func probeInstanceCreated(_ id: Int32, of cls: Int32) {
        guard isConnectionClassCached(cls) else { return }
        var opened: [OpenedFrame] = []
        opened.reserveCapacity(frames.count)
        for f in frames.reversed() { opened.append(OpenedFrame(code: f.code, line: f.line)) }
        probe.meta[id] = ConnectionMeta(frames: opened, task: task)
    }

    /// An instance attribute is about to be set to `v`: a connection opening, closing, or
    /// going back to its pool from its finalizer.
    mutating func probeAttributeSet(_ id: Int32, _ nameID: Int32, _ v: Value) {
        guard isConnectionClassCached(heap.objects[Int(id)].typeID) else { return }
        if nameID == probe.checkedOutName {
            // db.Pool._reclaim, from Connection.__del__: the slot goes back to the pool.
            if probe.finalizing > 0, case .some(.bool(true)) = attributeValue(.obj(id), nameID), case .bool(false) = v,
               let pool = attributeValue(.obj(id), probe.poolName), case .obj(let p) = pool,
               let mode = attributeValue(pool, probe.onLostName), case .str(DBNames.onLostReturn) = mode, p >= 0 {
                events.add(.poolSlotReturned(object: Int(id), connection: connectionNumber(id)))
            }
            return
        }
        guard nameID == probe.closedName else { return }
        let old = attributeValue(.obj(id), nameID)
        switch (old, v) {
        case (nil, .bool(false)):
            events.add(.connectionOpened(object: Int(id), connection: connectionNumber(id)))
        case (.some(.bool(false)), .bool(true)):
            probe.closes += 1
            events.add(.connectionClosed(object: Int(id), connection: connectionNumber(id), byFinalizer: probe.finalizing > 0))
        default:
            break
        }
    }

    /// A global of module object `m` was stored: db's server counters make events; an
    /// object stored or replaced makes the walk's static part stale.
    @inline(__always)
    mutating func probeGlobalSet(module m: Int, _ slot: Int32, _ v: Value, old: Value) {
        if case .obj = v { noteStaticChange() } else if case .obj = old { noteStaticChange() }
        if m == Int(probe.module) { noteDBGlobal(slot, v, old: old) }
    }

    /// An exception was raised: db.PoolExhausted is an event.
    mutating func probeRaised(_ exc: Int32) {
        if probe.poolExhaustedClass >= 0 && isSubclass(heap.objects[Int(exc)].typeID, probe.poolExhaustedClass) {
            notePoolExhausted()
        }
    }

    /// A finalizer is about to run on `id` (true: a connection's, until `probeFinalizerEnded`).
    mutating func probeFinalizerStarting(_ id: Int32) -> Bool {
        guard isConnectionClass(heap.objects[Int(id)].typeID) else { return false }
        probe.finalizing += 1
        return true
    }

    mutating func probeFinalizerEnded() { probe.finalizing -= 1 }

    /// An object is being freed.
    @inline(__always)
    mutating func probeFreed(_ id: Int32, kind: ObjKind, typeID: Int32) {
        // Walks (no cache): the instance's class may have been freed with it just now.
        if kind == .instance { if isConnectionClass(typeID) { probe.meta[id] = nil } }
        else if kind == .module || kind == .cls || kind == .function { noteStaticChange() }
    }

    // MARK: readings

    // Inlined, reading through `heap`: out of line (or with a local function capturing
    // self), a mutating caller copied the whole Machine for the call (twice a task).
    @inline(__always)
    func connectionCounters() -> DBCounters {
        probe.module >= 0 ? DBCounters(globals: heap.objects[Int(probe.module)].items, probe.slots) : DBCounters()
    }

    /// Where a connection was opened, named: function, module and line, innermost first.
    func openedAt(_ meta: ConnectionMeta) -> [StackEntry] {
        meta.frames.map { f in
            let c = Int(f.code)   // fields read in place: no CodeObject copy
            return StackEntry(function: program.codes[c].qualname,
                              module: program.modules[program.codes[c].module].name, line: Int(f.line))
        }
    }

    /// Is the db module imported (the stand-in then walks for reachable connections)?
    var dbImported: Bool { probe.module >= 0 }

    /// Is `cls` db.Connection or a subclass of it? The class's facts when already derived
    /// (one load, for the walk: it is not mutating, so it cannot derive them), else the walk
    /// up its bases.
    @inline(__always)
    func isConnectionClassReading(_ cls: Int32) -> Bool {
        guard probe.connectionClass >= 0 else { return false }
        let d = classFacts[classFactsIndex(cls)].derived
        return d != 0 ? d & ClassFacts.connection != 0 : isConnectionClass(cls)
    }

    @inline(__always)
    func isOpenConnection(_ id: Int32) -> Bool {
        guard heap.objects[Int(id)].kind == .instance, isConnectionClassReading(heap.objects[Int(id)].typeID),
              let i = heap.objects[Int(id)].names.firstIndex(of: probe.closedName) else { return false }
        if case .bool(false) = heap.objects[Int(id)].items[i] { return true }
        return false
    }

    /// The connection's session number (its `id`), or its serial when it has none.
    @inline(__always)   // out of line, probeAttributeSet (mutating) copied the Machine for it
    func connectionNumber(_ id: Int32) -> Int {
        attributeValue(.obj(id), probe.idName).flatMap { intValue($0) } ?? Int(heap.objects[Int(id)].serial)
    }

    /// Was the connection checked out of a pool?
    func isPooled(_ id: Int32) -> Bool {
        if let p = attributeValue(.obj(id), probe.poolName), case .obj = p { return true }
        return false
    }

    /// Connections sitting in a pool's idle list.
    func idleConnections() -> Set<Int32> {
        var idle = Set<Int32>()
        guard probe.poolClass >= 0, let idleName = program.nameIDs[DBNames.idle] else { return idle }
        for i in Int(Heap.firstObjectID)..<heap.objects.count {
            let o = heap.objects[i]
            if o.kind == .instance && isSubclass(o.typeID, probe.poolClass),
               let v = attributeValue(.obj(Int32(i)), idleName), case .obj(let l) = v {
                for x in heap.objects[Int(l)].items { if case .obj(let c) = x { idle.insert(c) } }
            }
        }
        return idle
    }

    /// The first pool's max_size, if the program made a pool.
    func poolSize() -> Int? {
        guard probe.poolClass >= 0, let ms = program.nameIDs[DBNames.maxSize] else { return nil }
        for i in Int(Heap.firstObjectID)..<heap.objects.count {
            let o = heap.objects[i]
            if o.kind == .instance && isSubclass(o.typeID, probe.poolClass),
               let v = attributeValue(.obj(Int32(i)), ms), let n = intValue(v) {
                return n
            }
        }
        return nil
    }

    /// Open connections reachable from the roots, for the CSV's `leaked` column. Runs at
    /// every task boundary, so it allocates nothing: marks by epoch and an explicit stack
    /// in reused buffers (each object is pushed at most once, so the stack needs no more
    /// room than the heap has objects), written through pointers (no uniqueness check per
    /// mark), and the connections are counted as the walk meets them, not by a pass over
    /// every live connection (hundreds when a leak piles up, against ~80 objects walked).
    /// Most of what a boundary reaches is the same every task (modules, classes, functions:
    /// ~60 of ~80 objects in the incident): that static part is kept between walks and only
    /// marked, until a namespace store or a root change makes it stale (ReachScratch).
    mutating func reachableOpenConnections() -> Int {
        guard probe.connectionClass >= 0, !probe.meta.isEmpty else { return 0 }
        let objectCount = heap.objects.count
        if reach.marks.count < objectCount {
            reach.marks.append(contentsOf: repeatElement(0, count: objectCount - reach.marks.count))
        }
        if reach.stack.count < objectCount {
            reach.stack.append(contentsOf: repeatElement(0, count: objectCount - reach.stack.count))
        }
        if reach.builtinsVersion != builtinsVersion {
            // Each object once: the walk pushes every entry unmarked-or-not into a stack sized
            // by the heap, so an alias among the builtins (two names, one object) must not repeat.
            var seen = Set<Int32>()
            reach.builtinObjects = builtins.values.compactMap { $0.objectID }.filter { seen.insert($0).inserted }
            reach.builtinsVersion = builtinsVersion
        }
        // Moved out while the walk writes them (the walk reads self).
        var marks = reach.marks, work = reach.stack
        reach.marks = []
        reach.stack = []
        if reach.staticMadeAt != reach.staticVersion || reach.staticMadeWithBuiltins != builtinsVersion {
            let epoch = nextReachEpoch(&marks)
            var objects = reach.staticObjects, frontier = reach.frontier
            reach.staticObjects = []
            reach.frontier = []
            findStaticPart(marks: &marks, stack: &work, epoch: epoch, objects: &objects, frontier: &frontier)
            reach.staticObjects = objects
            reach.frontier = frontier
            reach.staticMadeAt = reach.staticVersion
            reach.staticMadeWithBuiltins = builtinsVersion
        }
        let epoch = nextReachEpoch(&marks)
        let found = countReachableOpenConnections(marks: &marks, stack: &work, epoch: epoch)
        reach.marks = marks
        reach.stack = work
        assert(found == reachableOpenConnectionsByFullWalk(), "the walk with its static part kept disagrees with a full walk")
        return found
    }

    /// A fresh mark for a walk (all marks cleared when the counter wraps).
    private mutating func nextReachEpoch(_ marks: inout [UInt32]) -> UInt32 {
        reach.epoch &+= 1
        if reach.epoch == 0 { for i in marks.indices { marks[i] = 0 }; reach.epoch = 1 }
        return reach.epoch
    }

    /// Modules, classes and functions hold what only a namespace store changes (a function's
    /// defaults and closure are fixed when it is made: what they hold is a tuple, a dict or
    /// cells, walked every time).
    @inline(__always)
    private static func isStaticKind(_ k: ObjKind) -> Bool { k == .module || k == .cls || k == .function }

    /// The static part: from the static roots through modules, classes and functions; every
    /// other object they refer to goes to the frontier, once.
    private func findStaticPart(marks: inout [UInt32], stack: inout [Int32], epoch: UInt32,
                                objects: inout [Int32], frontier: inout [Int32]) {
        objects.removeAll(keepingCapacity: true)
        frontier.removeAll(keepingCapacity: true)
        marks.withUnsafeMutableBufferPointer { mark in
            stack.withUnsafeMutableBufferPointer { stack in
                var top = 0
                func meet(_ id: Int32) {
                    guard mark[Int(id)] != epoch else { return }
                    mark[Int(id)] = epoch
                    if Machine.isStaticKind(heap.objects[Int(id)].kind) {
                        objects.append(id)
                        stack[top] = id; top += 1
                    } else {
                        frontier.append(id)
                    }
                }
                forEachStaticRoot { meet($0) }
                while top > 0 {
                    top -= 1
                    heap.visitReferents(stack[top]) { meet($0) }
                }
            }
        }
    }

    /// The walk itself: the static part marked, the frontier and the dynamic roots walked.
    /// Not mutating: in a mutating method, the closures reading self copied the whole
    /// Machine, several times a walk.
    private func countReachableOpenConnections(marks: inout [UInt32], stack: inout [Int32], epoch: UInt32) -> Int {
        var found = 0
        marks.withUnsafeMutableBufferPointer { mark in
            stack.withUnsafeMutableBufferPointer { stack in
                var top = 0
                // No connection among them (instances are never static), nothing to visit.
                for id in reach.staticObjects { mark[Int(id)] = epoch }
                for id in reach.frontier where mark[Int(id)] != epoch {
                    mark[Int(id)] = epoch; stack[top] = id; top += 1
                }
                forEachDynamicRoot { id in
                    if mark[Int(id)] != epoch { mark[Int(id)] = epoch; stack[top] = id; top += 1 }
                }
                while top > 0 {
                    top -= 1
                    let id = stack[top]
                    if heap.objects[Int(id)].kind == .instance && isOpenConnection(id) && probe.meta[id] != nil {
                        found += 1
                    }
                    heap.visitReferents(id) { t in
                        if mark[Int(t)] != epoch { mark[Int(t)] = epoch; stack[top] = t; top += 1 }
                    }
                }
            }
        }
        return found
    }

    /// The reference the walk is checked against in debug builds: every reachable object,
    /// then each live connection looked up.
    func reachableOpenConnectionsByFullWalk() -> Int {
        let seen = reachableSet()
        return probe.meta.keys.filter { seen[Int($0)] && isOpenConnection($0) }.count
    }

    // MARK: events from the server's counters

    /// A store to one of db's globals (STORE_GLOBAL in the db module).
    mutating func noteDBGlobal(_ slot: Int32, _ v: Value, old: Value) {
        if slot == probe.slots.openNow, case .int(let n) = v, n > openHigh {
            var e = RunEvent(kind: .peak, task: task, step: eventStep)
            e.a = Int32(clamping: n)
            e.b = Int32(clamping: connectionCounters().limit)
            e.c = Int32(clamping: task ?? -1)
            e.d = Int32(clamping: openHigh)
            openHigh = n
            record(e)
        } else if slot == probe.slots.refused, case .int(let n) = v, case .int(let before) = old, n > before {
            let c = connectionCounters()
            var e = RunEvent(kind: .refused, task: task, step: eventStep)
            e.a = Int32(clamping: c.open)
            e.b = Int32(clamping: c.limit)
            record(e)
        }
    }

    /// db.PoolExhausted was raised: how many of the pool's connections are in use.
    mutating func notePoolExhausted() {
        var inUse = connectionCounters().inUse, size = -1
        // The pool is `self` of the innermost frame that has one (Pool.acquire).
        if let sizeID = program.nameIDs[DBNames.maxSize], let usedID = program.nameIDs[DBNames.inUse] {
            for f in frames.reversed() {
                let code = program.codes[Int(f.code)]
                guard code.kind == .function, !code.localNames.isEmpty, Int(f.base) < stack.count,
                      case .obj(let p) = stack[Int(f.base)], heap.objects[Int(p)].kind == .instance,
                      probe.poolClass >= 0, isSubclass(heap.objects[Int(p)].typeID, probe.poolClass) else { continue }
                if let v = attributeValue(.obj(p), sizeID), let n = intValue(v) { size = n }
                if let v = attributeValue(.obj(p), usedID), let n = intValue(v) { inUse = n }
                break
            }
        }
        var e = RunEvent(kind: .exhausted, task: task, step: eventStep)
        e.a = Int32(clamping: inUse)
        e.b = Int32(clamping: size)
        record(e)
    }

    /// db.peak_in_task now: the most open at once in the running task so far.
    func peakInTaskNow() -> Int {
        let slot = Int(probe.slots.peakInTask)
        guard probe.module >= 0, slot >= 0, slot < heap.objects[Int(probe.module)].items.count,
              case .int(let peak) = heap.objects[Int(probe.module)].items[slot] else { return 0 }
        return peak
    }

    /// The in-task peak (db.peak_in_task) as the stand-in reads it at a boundary, then
    /// reset to the connections open now, so the next task starts from them (`openNow`:
    /// db.open_now when the caller has just read it).
    mutating func takePeakInTask(openNow: Int? = nil) -> Int {
        let slot = Int(probe.slots.peakInTask)
        guard probe.module >= 0, slot >= 0, slot < heap.objects[Int(probe.module)].items.count,
              case .int(let peak) = heap.objects[Int(probe.module)].items[slot] else { return 0 }
        heap.objects[Int(probe.module)].items[slot] = .int(openNow ?? connectionCounters().open)
        return peak
    }
}
