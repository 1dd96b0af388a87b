// CPython's generational collector (Modules/gcmodule.c, 3.8-3.13), step for step:
// pick the generation, merge the younger ones, find the unreachable objects by
// subtracting internal references, finalize them once (PEP 442), put resurrected
// objects back, clear the rest so reference counting frees them.

extension Machine {

    /// gc_collect_generations: the oldest generation over its threshold, gen 2 only
    /// when the long-lived objects waiting for it exceed a quarter of the long-lived total.
    mutating func collectGenerations() {
        for g in stride(from: 2, through: 0, by: -1) where gc.counts[g] > gc.thresholds[g] {
            if g == 2 && gc.longLivedPending < gc.longLivedTotal / 4 { continue }
            collect(generation: g, forced: false)
            return
        }
    }

    @discardableResult
    mutating func collect(generation g: Int, forced: Bool, event: Bool = true) -> Int {
        gc.collecting = true
        defer { gc.collecting = false }
        events.add(.collectionStarted(generation: g, forced: forced))
        if g + 1 < 3 { gc.counts[g + 1] += 1 }
        for i in 0...g { gc.counts[i] = 0 }
        let young = Int32(g)
        for i in 0..<g { moveAll(Int32(i), to: young) }
        let old: Int32 = g < 2 ? Int32(g + 1) : young
        let scanned = heap.listCount(young) + (g == 2 ? gc.baseHeap : 0)
        gc.scannedTotal += scanned
        let closedBefore = probe.closes

        let unreachable = Heap.scratchHeads[0]
        heap.listInit(unreachable)
        deduceUnreachable(young, into: unreachable)
        untrackTuples(young)
        if young != old {
            if g == 1 { gc.longLivedPending += heap.listCount(young) }
            moveAll(young, to: old)
        } else {
            untrackDicts(young)
            gc.longLivedPending = 0
            gc.longLivedTotal = heap.listCount(young) + gc.baseHeap
        }

        handleWeakrefs(unreachable, old: old)
        finalizeGarbage(unreachable)
        let final = Heap.scratchHeads[1]
        heap.listInit(final)
        // Finalizers may have resurrected objects: look again, put survivors in `old`.
        deduceUnreachable(unreachable, into: final)
        moveAll(unreachable, to: old)
        let collected = heap.listCount(final)
        deleteGarbage(final, old: old)
        if g == 2 { gc.freeLists.clear() }

        gc.collections[g] += 1
        gc.collected[g] += collected
        let record = CollectionRecord(generation: g, collected: collected,
                                      connectionsClosed: probe.closes - closedBefore,
                                      scanned: scanned, task: task, forced: forced)
        gc.last = record
        events.add(.collection(record))
        if event { noteCollection(record) }   // not the task loop's own start (the stand-in's)
        if task != nil { collectionsThisTask.append(g) }
        return collected
    }

    /// Moves every object of list `from` to generation list `to`, updating their generation.
    mutating func moveAll(_ from: Int32, to: Int32) {
        var id = heap.gcNext[Int(from)]
        while id != from {
            heap.objects[Int(id)].gen = Int8(to)
            id = heap.gcNext[Int(id)]
        }
        heap.listMerge(from, into: to)
    }

    /// update_refs + subtract_refs + move_unreachable over the list `young`.
    /// Its scratch arrays are kept between collections and only the entries of the scanned
    /// objects are touched, so a collection costs what its generations hold, not the heap.
    /// They are read and written through pointers (an Array subscript in the closures cost
    /// a uniqueness check per reference): every index is an object id, from a GC list or a
    /// referent, so below `heap.objects.count`, which the arrays are grown to first; a
    /// precondition per id keeps that true in release builds too.
    mutating func deduceUnreachable(_ young: Int32, into unreachable: Int32) {
        let n = heap.objects.count
        // Taken out of `self` for the duration, so closures can use them beside `heap`.
        var gcRefs = gcScratchRefs, collecting = gcScratchCollecting, isUnreachable = gcScratchUnreachable
        gcScratchRefs = []; gcScratchCollecting = []; gcScratchUnreachable = []
        if gcRefs.count < n {
            gcRefs.append(contentsOf: repeatElement(0, count: n - gcRefs.count))
            collecting.append(contentsOf: repeatElement(false, count: n - collecting.count))
            isUnreachable.append(contentsOf: repeatElement(false, count: n - isUnreachable.count))
        }
        gcRefs.withUnsafeMutableBufferPointer { refs in
            collecting.withUnsafeMutableBufferPointer { collecting in
                isUnreachable.withUnsafeMutableBufferPointer { isUnreachable in
                    @inline(__always) func index(_ id: Int32) -> Int {
                        precondition(UInt32(bitPattern: id) < UInt32(truncatingIfNeeded: n), "object id out of range")
                        return Int(id)
                    }
                    var id = heap.gcNext[Int(young)]
                    while id != young {
                        let i = index(id)
                        refs[i] = heap.objects[i].refcount
                        collecting[i] = true
                        id = heap.gcNext[i]
                    }
                    id = heap.gcNext[Int(young)]
                    while id != young {
                        heap.visitReferents(id) { t in
                            let k = index(t)
                            if collecting[k] { refs[k] -= 1 }
                        }
                        id = heap.gcNext[Int(id)]
                    }
                    // Objects found reachable through a tentatively unreachable one go back
                    // to `young`, after the visit (the list cannot change during it), in the
                    // order they were met.
                    var revived: [Int32] = []
                    var prev = young
                    var gcID = heap.gcNext[Int(young)]
                    while gcID != young {
                        let g = index(gcID)
                        if refs[g] > 0 {
                            heap.visitReferents(gcID) { t in
                                let k = index(t)
                                guard collecting[k] else { return }
                                if isUnreachable[k] {
                                    revived.append(t)
                                    isUnreachable[k] = false
                                    refs[k] = 1
                                } else if refs[k] == 0 {
                                    refs[k] = 1
                                }
                            }
                            if !revived.isEmpty {
                                for t in revived { heap.listMove(t, to: young) }
                                revived.removeAll(keepingCapacity: true)
                            }
                            collecting[g] = false
                            prev = gcID
                        } else {
                            heap.listMove(gcID, to: unreachable)
                            isUnreachable[g] = true
                        }
                        gcID = heap.gcNext[Int(prev)]
                    }
                    // Leave the scratch clean: only objects now on the two lists were touched.
                    for head in [young, unreachable] {
                        var i = heap.gcNext[Int(head)]
                        while i != head {
                            let k = index(i)
                            collecting[k] = false
                            isUnreachable[k] = false
                            i = heap.gcNext[k]
                        }
                    }
                }
            }
        }
        gcScratchRefs = gcRefs; gcScratchCollecting = collecting; gcScratchUnreachable = isUnreachable
    }

    /// Tuples holding nothing the collector tracks stop being tracked.
    mutating func untrackTuples(_ list: Int32) {
        var id = heap.gcNext[Int(list)]
        while id != list {
            let next = heap.gcNext[Int(id)]
            if heap.objects[Int(id)].kind == .tuple && !heap.objects[Int(id)].items.contains(where: mayBeTracked) {
                heap.untrack(id)
            }
            id = next
        }
    }

    mutating func untrackDicts(_ list: Int32) {
        var id = heap.gcNext[Int(list)]
        while id != list {
            let next = heap.gcNext[Int(id)]
            if heap.objects[Int(id)].kind == .dict
                && !heap.objects[Int(id)].table.pairs.contains(where: { mayBeTracked($0.key) || mayBeTracked($0.value) }) {
                heap.untrack(id)
            }
            id = next
        }
    }

    /// Calls each finalizer once; objects stay on the list (or leave it if freed).
    mutating func finalizeGarbage(_ list: Int32) {
        let seen = Heap.scratchHeads[2]
        heap.listInit(seen)
        let delName = program.known.del
        while !heap.listIsEmpty(list) {
            let id = heap.gcNext[Int(list)]
            heap.listMove(id, to: seen)
            if heap.objects[Int(id)].kind == .instance && !heap.objects[Int(id)].finalized,
               let del = lookupClassAttr(heap.objects[Int(id)].typeID, delName) {
                heap.objects[Int(id)].finalized = true
                incref(id)
                runFinalizer(del, on: id)
                decref(id)
            } else if heap.objects[Int(id)].kind == .generator && !heap.objects[Int(id)].finalized, generators[id]?.state == .suspended {
                // a suspended generator's tp_finalize closes it (its finally blocks run)
                heap.objects[Int(id)].finalized = true
                incref(id)
                finalizeGenerator(id)
                decref(id)
            }
        }
        heap.listMerge(seen, into: list)
    }

    /// tp_clear on each object until reference counting frees it; survivors go to `old`.
    mutating func deleteGarbage(_ list: Int32, old: Int32) {
        while !heap.listIsEmpty(list) {
            let id = heap.gcNext[Int(list)]
            incref(id)
            clearReferences(id)
            decref(id)
            if heap.gcNext[Int(list)] == id {
                heap.listMove(id, to: old)
                heap.objects[Int(id)].gen = Int8(old)
            }
        }
    }

    /// tp_clear: instances, exceptions, lists, dicts, sets, frames, tracebacks, functions and
    /// classes drop what they hold; tuples, methods and iterators have no tp_clear.
    mutating func clearReferences(_ id: Int32) {
        let i = Int(id)
        switch heap.objects[i].kind {
        case .instance, .cls, .module:
            if heap.objects[i].kind != .instance { noteStaticChange() }
            if heap.objects[i].kind == .cls { namespaceChanged() }   // ClassFacts' lookups
            // The buffers are moved out, dropped from, and given back emptied (the slot keeps
            // them for the next object, Heap.store): no free now and no malloc for the next
            // instance. The caller holds the object, so the slot is still it after the drops;
            // a finalizer that stored attributes on it meanwhile keeps its own.
            var items: [Value] = [], names: [Int32] = []
            swap(&items, &heap.objects[i].items)
            swap(&names, &heap.objects[i].names)
            for v in items { decref(v) }
            if heap.objects[i].items.capacity == 0 && heap.objects[i].names.capacity == 0 {
                while items.popLast() != nil {}
                while names.popLast() != nil {}
                swap(&items, &heap.objects[i].items)
                swap(&names, &heap.objects[i].names)
            }
        case .list:
            let items = heap.objects[i].items
            heap.objects[i].items = []
            for v in items.reversed() { decref(v) }
        case .dict:
            for (k, v) in heap.objects[i].table.removeAll() { decref(k); decref(v) }
        case .set:
            let keys = heap.objects[i].table.keys
            heap.objects[i].table = OrderedTable()
            for k in keys { decref(k) }
        case .frame, .cell:
            let items = heap.objects[i].items
            heap.objects[i].items = []
            for v in items { decref(v) }
        case .function:
            // func_clear: defaults and closure (the function itself stays callable-looking)
            noteStaticChange()
            let items = heap.objects[i].items, refs = heap.objects[i].names, closure = heap.objects[i].typeID
            heap.objects[i].items = []
            if refs.count > 1 { heap.objects[i].names = [refs[0], -1, -1] }
            heap.objects[i].typeID = -1
            for v in items { decref(v) }
            for r in refs.dropFirst() where r >= 0 { decref(r) }
            if closure >= 0 { decref(closure) }
        case .traceback:
            let items = heap.objects[i].items
            heap.objects[i].items = [.none, .none]
            for v in items { decref(v) }
        case .weakref:
            unlinkWeakref(id)
            let items = heap.objects[i].items
            heap.objects[i].items = []
            for v in items { decref(v) }
        default:
            break
        }
    }
}
