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
            var it = HeapObject(kind: .dictIter)
            incref(obj)
            it.items = [obj]
            return .obj(allocate(it))
        case .range:
            var it = HeapObject(kind: .rangeIter)
            it.ref = o.ref
            it.ref2 = o.ref2
            it.items = o.items
            return .obj(allocate(it, track: false))
        case .listIter, .dictIter, .rangeIter, .taskIter, .generator:
            incref(obj)
            return obj
        default:
            throw raiseNew(classes.typeError, "'\(typeName(of: obj))' object is not iterable")
        }
    }

    /// The next item (an owned reference), or nil when exhausted.
    mutating func iterNext(_ iter: Value) throws -> Value? {
        guard case .obj(let id) = iter else { return nil }
        switch heap.objects[Int(id)].kind {
        case .generator:
            return try resumeGenerator(id)
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
                    incref(k)
                    return k
                }
            }
            heap.objects[Int(id)].ref = pos
            return nil
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
