// iter() and next() over the built-in iterables.

extension Machine {

    // MARK: iteration

    mutating func makeIterator(_ obj: Value) throws -> Value {
        guard case .obj(let id) = obj else {
            if case .str = obj {
                throw SimulationLimit(message: "iterating over a str is not supported by gctrap", line: currentLine, unsupported: true)
            }
            throw raiseNew(classes.typeError, "'\(typeName(of: obj))' object is not iterable")
        }
        let o = heap.objects[Int(id)]
        switch o.kind {
        case .list, .tuple:
            var it = HeapObject(kind: .listIter)
            incref(obj)
            it.items = [obj]
            return .obj(allocate(it))
        case .dict:
            return makeDictIterator(id, mode: 0)
        case .dictView:
            guard case .obj(let d) = o.items[0] else { break }
            return makeDictIterator(d, mode: o.ref)
        case .set:
            var it = HeapObject(kind: .setIter)
            incref(obj)
            it.items = [obj]
            return .obj(allocate(it))
        case .range:
            var it = HeapObject(kind: .rangeIter)
            it.ref = o.ref
            it.ref2 = o.ref2
            it.items = o.items
            return .obj(allocate(it, track: false))
        case .listIter, .dictIter, .rangeIter, .taskIter, .generator, .setIter, .enumerate, .zip, .map:
            incref(obj)
            return obj
        default:
            if let f = specialMethod(obj, iterName) { incref(obj); return try callSpecial(f, [obj]) }   // slot_tp_iter
        }
        throw raiseNew(classes.typeError, "'\(typeName(of: obj))' object is not iterable")
    }

    /// A dict's iterator over its keys (mode 0), values (1) or items (2). An items iterator
    /// makes its result tuple at once (dictiter_new: the iterator, then PyTuple_Pack(2)) and
    /// reuses it for each item while nothing else holds it.
    mutating func makeDictIterator(_ d: Int32, mode: Int) -> Value {
        var it = HeapObject(kind: .dictIter)
        incref(d)
        it.items = [.obj(d)]
        it.ref2 = mode
        let id = allocate(it)
        if mode == 2 { heap.objects[Int(id)].items.append(makeTuple([.none, .none])) }
        return .obj(id)
    }

    /// A result tuple of size n held by iterator `id` at `slot` (enumerate, zip, dict items):
    /// refilled in place when only the iterator holds it, else a new tuple (CPython's
    /// `Py_REFCNT(result) == 1` reuse). Takes the references of `values`.
    mutating func reuseResult(_ id: Int32, slot: Int, _ values: [Value]) -> Value {
        if case .obj(let r) = heap.objects[Int(id)].items[slot], heap.objects[Int(r)].refcount == 1 {
            let old = heap.objects[Int(r)].items
            heap.objects[Int(r)].items = values
            if heap.objects[Int(r)].gen < 0 { heap.track(r) }   // the collector may have untracked it
            for v in old { decref(v) }
            incref(r)
            return .obj(r)
        }
        return makeTuple(values)
    }

    /// The next item (an owned reference), or nil when exhausted.
    mutating func iterNext(_ iter: Value) throws -> Value? {
        guard case .obj(let id) = iter else { return nil }
        switch heap.objects[Int(id)].kind {
        case .generator:
            return try resumeGenerator(id)
        case .listIter where heap.objects[Int(id)].ref2 == 1:
            // reversed(list): ref counts down to -1.
            guard case .obj(let seq) = heap.objects[Int(id)].items[0] else { return nil }
            let pos = heap.objects[Int(id)].ref
            if pos >= 0 && pos < heap.objects[Int(seq)].items.count {
                heap.objects[Int(id)].ref -= 1
                let v = heap.objects[Int(seq)].items[pos]
                incref(v)
                return v
            }
            heap.objects[Int(id)].ref = -1
            return nil
        case .listIter:
            guard case .obj(let seq) = heap.objects[Int(id)].items[0] else { return nil }
            let pos = heap.objects[Int(id)].ref
            if pos < heap.objects[Int(seq)].items.count {
                heap.objects[Int(id)].ref += 1
                let v = heap.objects[Int(seq)].items[pos]
                incref(v)
                return v
            }
            return nil
        case .dictIter:
            let o = heap.objects[Int(id)]
            guard case .obj(let d) = o.items[0] else { return nil }
            // Entry positions, as CPython's dict iterator: holes of deleted keys are skipped.
            let t = heap.objects[Int(d)].table
            var pos = o.ref
            while pos < t.entryEnd {
                pos += 1
                if let k = t.key(at: pos - 1) {
                    heap.objects[Int(id)].ref = pos
                    switch o.ref2 {
                    case 0: incref(k); return k
                    case 1: let v = t.value(at: pos - 1); incref(v); return v
                    default:
                        let v = t.value(at: pos - 1)
                        incref(k); incref(v)
                        return reuseResult(id, slot: 1, [k, v])
                    }
                }
            }
            heap.objects[Int(id)].ref = pos
            return nil
        case .setIter:
            let o = heap.objects[Int(id)]
            guard case .obj(let s) = o.items[0] else { return nil }
            let t = heap.objects[Int(s)].table
            var pos = o.ref
            while pos < t.entryEnd {
                pos += 1
                if let k = t.key(at: pos - 1) {
                    heap.objects[Int(id)].ref = pos
                    incref(k)
                    return k
                }
            }
            heap.objects[Int(id)].ref = pos
            return nil
        case .enumerate:
            guard let x = try iterNext(heap.objects[Int(id)].items[0]) else { return nil }
            let n = heap.objects[Int(id)].ref
            heap.objects[Int(id)].ref += 1
            return reuseResult(id, slot: 1, [.int(n), x])
        case .zip:
            guard case .obj(let its) = heap.objects[Int(id)].items[0] else { return nil }
            var got: [Value] = []
            for it in heap.objects[Int(its)].items {
                guard let x = try iterNext(it) else { for v in got { decref(v) }; return nil }
                got.append(x)
            }
            if got.isEmpty { return nil }
            return reuseResult(id, slot: 1, got)
        case .map:
            let fn = heap.objects[Int(id)].items[0]
            guard case .obj(let its) = heap.objects[Int(id)].items[1] else { return nil }
            var got: [Value] = []
            for it in heap.objects[Int(its)].items {
                guard let x = try iterNext(it) else { for v in got { decref(v) }; return nil }
                got.append(x)
            }
            return try callFromNative(fn, got)
        case .rangeIter:
            let o = heap.objects[Int(id)]
            let step = intValue(o.items[0]) ?? 1
            if (step > 0 && o.ref < o.ref2) || (step < 0 && o.ref > o.ref2) {
                // Past the 64-bit edge the range is exhausted (its stop is a 64-bit int too).
                let (next, over) = o.ref.addingReportingOverflow(step)
                heap.objects[Int(id)].ref = over ? o.ref2 : next
                return .int(o.ref)
            }
            return nil
        case .taskIter:
            return taskNext(id)
        default:
            return nil
        }
    }
}

extension Machine {
    /// Calls `fn` from native code (map's items, sorted's key): a built-in directly (C to C,
    /// no eval-breaker check), a Python function in a nested run. Takes the references of
    /// `args`; the result is owned.
    mutating func callFromNative(_ fn: Value, _ args: [Value]) throws -> Value {
        if case .builtin(let b) = fn {
            defer { for a in args { decref(a) } }
            return try callBuiltin(b, args: args, kwnames: [])
        }
        if let exc = callNested(fn, args: args) { throw PyException(exc: exc) }
        let r = nestedResult
        nestedResult = .none
        return r
    }

    /// Every item of an iterable, owned (for the built-ins that consume an iterator).
    mutating func drain(_ iterable: Value) throws -> [Value] {
        let it = try makeIterator(iterable)
        defer { decref(it) }
        var out: [Value] = []
        do {
            while let x = try iterNext(it) {
                try reserve(bytes: ModelledSize.slot)
                out.append(x)
            }
        } catch {
            for v in out { decref(v) }
            throw error
        }
        return out
    }
}
