// The task loop (gctrap.tasks) and one CSV row per finished task. Mirrors
// scenarios/gctrap.py, the CPython stand-in, including the objects it allocates at each boundary.

extension Machine {

    mutating func makeTaskIterator(_ n: Int) -> Value {
        var t = HeapObject(kind: .taskIter)
        t.ref = -1          // task in progress
        t.ref2 = n
        totalTasks = n
        return .obj(allocate(t))
    }

    /// The iterator's __next__: the first call starts the loop, later ones end a task.
    mutating func taskNext(_ id: Int32) -> Value? {
        evalBreaker()   // the stand-in's __next__ is a Python function: its entry checks
        if heap.objects[Int(id)].typeID == -2 { return nil }   // finished
        let current = heap.objects[Int(id)].ref, total = heap.objects[Int(id)].ref2
        if current < 0 {
            startTaskLoop(iterator: id)
        } else {
            rows.append(taskRow(current, error: ""))
            events.add(.taskFinished(current))
            tasksFinished += 1
            if tasksFinished >= maxTasks && limit == nil {
                limit = SimulationLimit(message: "stopped after \(maxTasks) tasks (--max-tasks)", line: currentLine)
            }
        }
        let next = current + 1
        heap.objects[Int(id)].ref = next
        taskBoundary = true
        // Empty most tasks: removeAll on an empty array still cost ~50 instructions.
        if !collectionsThisTask.isEmpty { collectionsThisTask.removeAll(keepingCapacity: true) }
        if next >= total {
            heap.objects[Int(id)].typeID = -2
            task = nil
            events.currentTask = nil
            return nil
        }
        task = next
        events.currentTask = next
        events.add(.taskStarted(next))
        taskStarts.append((next, steps))
        return .int(next)
    }

    /// Like the stand-in: a full collection, so task 0 starts with count 0 and empty free lists.
    mutating func startTaskLoop(iterator: Int32) {
        // A previous loop left by break: its row goes first, as the stand-in settles it.
        if let row = pendingRow {
            rows.append(row)
            pendingRow = nil
        }
        // The stand-in materializes the frame objects of the loop's caller chain first.
        for i in frames.indices { _ = frameObject(for: i) }
        if !gc.collecting { collectNow(generation: 2, event: false) }
        startUpLottery(iterator: iterator)
        loopBaseline = gc.collections
        _ = takePeakInTask()   // task 0's peak starts from what is open now
    }

    /// The start-up lottery (`--gen0-at-start N`, the stand-in's GCTRAP_GEN0_AT_START): a real
    /// process reaches its loop with whatever gen-0 count its imports left, so its first
    /// collection comes anywhere from the first task to the threshold's. Right after the
    /// start-up collection (empty free lists) the stand-in leaves exactly N young objects
    /// counted, as this does: get_count's 3-tuple (+1, then on its free list), then a list
    /// (+1) holding N - 2 empty lists (+1 each), kept alive by the loop's iterator.
    mutating func startUpLottery(iterator: Int32) {
        let n = gen0AtStart
        guard n > 0 else { return }
        // The program may have lowered the threshold before its loop (gc.set_threshold):
        // N must still leave the first collection to come, as the stand-in checks.
        let t = gc.thresholds[0]
        if t > 0 && n >= t {
            if limit == nil {
                limit = SimulationLimit(message: "--gen0-at-start \(n): the program set generation 0's threshold to \(t) before its task loop; use 0 to \(t - 1)",
                                        line: currentLine, unsupported: true)
            }
            return
        }
        transient(.tuple, size: 3)
        guard n >= 2 else { return }
        let holder = allocate(HeapObject(kind: .list))
        var items: [Value] = []
        items.reserveCapacity(n - 2)
        for _ in 0..<(n - 2) { items.append(.obj(allocate(HeapObject(kind: .list)))) }
        heap.objects[Int(holder)].items = items
        heap.objects[Int(iterator)].items.append(.obj(holder))
    }

    /// The loop's iterator is freed before the loop ended (break, return, an exception):
    /// the running task's row is taken now, its error filled in if the program dies.
    mutating func endTaskLoop(closing id: Int32) {
        let o = heap.objects[Int(id)]
        guard o.typeID != -2, o.ref >= 0 else { return }
        pendingRow = taskRow(o.ref, error: "")
        heap.objects[Int(id)].typeID = -2
        events.add(.taskFinished(o.ref))
        tasksFinished += 1
        task = nil
        events.currentTask = nil
    }

    mutating func uncaughtException(_ exc: Int32) {
        uncaught = exc
        let t = typeName(of: .obj(exc))
        events.add(.uncaught(type: t, message: exceptionMessage(exc)))
        noteUncaught(exc, task: pendingRow?.task ?? task)
        if var row = pendingRow {
            row.error = t
            rows.append(row)
            pendingRow = nil
        } else if let k = task {
            // Still inside a task (the iterator is referenced elsewhere): its row now.
            var row = taskRow(k, error: t)
            row.error = t
            rows.append(row)
            task = nil
        }
        finished = true
    }

    mutating func programEnded() {
        if let row = pendingRow {
            rows.append(row)
            pendingRow = nil
        }
        finished = true
    }

    /// One CSV row. count0 is read first, then the stand-in's bookkeeping allocations
    /// are mirrored (they touch the free lists and the counter exactly as in CPython).
    mutating func taskRow(_ k: Int, error: String) -> TaskRow {
        let count0 = gc.counts[0]
        let enabled = gc.enabled
        gc.enabled = false
        mirrorBoundaryFootprint()
        let c = connectionCounters()
        let peak = takePeakInTask(openNow: c.open)
        let reachable = reachableOpenConnections()
        gc.enabled = enabled
        return TaskRow(task: k, open: c.open, peakInTask: peak, inUse: c.inUse, idle: c.idle, leaked: c.open - reachable,
                       closedExplicit: c.closedExplicit, closedByFinalizer: c.closedByFinalizer,
                       gen0: gc.collections[0] - loopBaseline[0], gen1: gc.collections[1] - loopBaseline[1],
                       gen2: gc.collections[2] - loopBaseline[2],
                       count0: count0, error: error, duringMask: TaskRow.mask(of: collectionsThisTask))
    }

    static let boundaryNeedsWithWalk: [(ObjKind, Int, Int)] = [(.tuple, 1, 1), (.tuple, 3, 1), (.list, 0, 2), (.dict, 0, 3)]
    static let boundaryNeedsWithoutWalk: [(ObjKind, Int, Int)] = [(.tuple, 3, 1), (.list, 0, 1), (.dict, 0, 3)]

    /// The stand-in's allocations at a boundary, by their peak simultaneous need per free
    /// list: a 1-tuple, a 3-tuple, 2 lists, 3 dicts (docs/cpython-model.md, section D).
    /// Without the db module the stand-in skips the reachability walk: only get_count's
    /// 3-tuple and get_stats' list of 3 dicts remain (measured: +5 from empty free lists).
    mutating func mirrorBoundaryFootprint() {
        // In steady state every free list can supply its need: taking and giving back then
        // changes nothing, so nothing is done (the tables walked only after a collection
        // emptied the lists, or at the start).
        if dbImported {
            if gc.freeLists.tuples[1] >= 1 && gc.freeLists.tuples[3] >= 1 && gc.freeLists.lists >= 2
                && gc.freeLists.dicts >= 3 { return }
        } else {
            if gc.freeLists.tuples[3] >= 1 && gc.freeLists.lists >= 1 && gc.freeLists.dicts >= 3 { return }
        }
        for (kind, size, need) in dbImported ? Machine.boundaryNeedsWithWalk : Machine.boundaryNeedsWithoutWalk {
            hold(kind, size: size, count: need)
            unhold(kind, size: size, count: need)
        }
    }
}
