// Where the notable events of a run (RunEvents.swift) are noticed: the collector, the
// stores to db's server counters, the raise of db.PoolExhausted, the uncaught exception.

/// Slots of the db module's globals the VM watches (-1 while db is not imported).
struct DBSlots {
    var openNow: Int32 = -1
    var refused: Int32 = -1
    var peakInTask: Int32 = -1
}

extension Machine {

    /// The statement count at which an event happening now is visible: inside a statement,
    /// once it is done (the start of the next one); from the investigator, right now.
    var eventStep: Int { outsideRun ? steps : steps + 1 }

    mutating func record(_ event: RunEvent) {
        var e = event
        if e.kind == .peak && lastEventKind == .peak {
            e.continued = true            // the same climb: folded into the event that began it
        } else {
            eventSignal |= e.kind.bit
        }
        lastEventKind = e.kind
        runEvents.append(e)
    }

    /// db's module was created: find the globals to watch.
    mutating func watchDBGlobals(_ moduleIndex: Int) {
        let m = program.modules[moduleIndex]
        func slot(_ name: String) -> Int32 {
            guard let id = program.nameIDs[name], let s = m.slotOf[id] else { return -1 }
            return s
        }
        dbSlots = DBSlots(openNow: slot("open_now"), refused: slot("refused"), peakInTask: slot("peak_in_task"))
    }

    /// A store to one of db's globals (STORE_GLOBAL in the db module).
    mutating func noteDBGlobal(_ slot: Int32, _ v: Value, old: Value) {
        if slot == dbSlots.openNow, case .int(let n) = v, n > openHigh {
            var e = RunEvent(kind: .peak, task: task, step: eventStep)
            e.a = Int32(clamping: n)
            e.b = Int32(clamping: connectionCounters().limit)
            e.c = Int32(clamping: task ?? -1)
            e.d = Int32(clamping: openHigh)
            openHigh = n
            record(e)
        } else if slot == dbSlots.refused, case .int(let n) = v, case .int(let before) = old, n > before {
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
        if let sizeID = program.nameIDs["max_size"], let usedID = program.nameIDs["in_use"] {
            for f in frames.reversed() {
                let code = program.codes[Int(f.code)]
                guard code.kind == .function, !code.localNames.isEmpty, Int(f.base) < stack.count,
                      case .obj(let p) = stack[Int(f.base)], heap.objects[Int(p)].kind == .instance,
                      poolClass >= 0, isSubclass(heap.objects[Int(p)].typeID, poolClass) else { continue }
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

    mutating func noteCollection(_ r: CollectionRecord) {
        var e = RunEvent(kind: .collection, task: task, step: eventStep)
        e.generation = Int8(r.generation)
        e.forced = r.forced
        e.a = Int32(clamping: r.collected)
        e.b = Int32(clamping: r.connectionsClosed)
        e.c = Int32(clamping: r.scanned)
        e.d = Int32(clamping: connectionCounters().open)
        record(e)
    }

    mutating func noteUncaught(_ exc: Int32, task k: Int?) {
        failedTask = k
        failureSummary = qualifiedSummary(exc)
        record(RunEvent(kind: .uncaught, task: k, step: eventStep))
    }

    /// db.peak_in_task now: the most open at once in the running task so far.
    func peakInTaskNow() -> Int {
        let slot = Int(dbSlots.peakInTask)
        guard dbModule >= 0, slot >= 0, slot < heap.objects[Int(dbModule)].items.count,
              case .int(let peak) = heap.objects[Int(dbModule)].items[slot] else { return 0 }
        return peak
    }

    /// The in-task peak (db.peak_in_task) as the stand-in reads it at a boundary, then
    /// reset to the connections open now, so the next task starts from them.
    mutating func takePeakInTask() -> Int {
        let slot = Int(dbSlots.peakInTask)
        guard dbModule >= 0, slot >= 0, slot < heap.objects[Int(dbModule)].items.count,
              case .int(let peak) = heap.objects[Int(dbModule)].items[slot] else { return 0 }
        heap.objects[Int(dbModule)].items[slot] = .int(connectionCounters().open)
        return peak
    }
}
