// Tuples, lists and dicts: construction through the free lists, dict keys.

extension Machine {

    // MARK: containers

    mutating func makeTuple(_ items: [Value]) -> Value {
        if items.isEmpty {
            incref(classes.emptyTuple)
            return .obj(classes.emptyTuple)
        }
        var t = HeapObject(kind: .tuple)
        t.items = items
        return .obj(allocate(t))
    }

    /// `freeList: false` for list(): allocated through tp_alloc, never from the free list.
    mutating func makeList(_ items: [Value], freeList: Bool = true) -> Value {
        var l = HeapObject(kind: .list)
        l.items = items
        return .obj(allocate(l, freeList: freeList))
    }

    /// A dict starts untracked and is tracked once it holds a tracked object (CPython's MAINTAIN_TRACKING).
    mutating func makeDict(freeList: Bool = true) -> Int32 {
        allocate(HeapObject(kind: .dict), track: false, freeList: freeList)
    }

    func mayBeTracked(_ v: Value) -> Bool {
        guard case .obj(let id) = v else { return false }
        switch heap.objects[Int(id)].kind {
        case .tuple, .dict: return heap.objects[Int(id)].gen >= 0
        case .range, .rangeIter: return false
        default: return true
        }
    }

    /// Takes the references of key and value.
    mutating func dictSet(_ d: Int32, _ key: Value, _ value: Value) throws {
        try checkHashable(key)
        if heap.objects[Int(d)].gen < 0 && (mayBeTracked(key) || mayBeTracked(value)) {
            heap.track(d, generation: 0)
        }
        if let i = dictIndex(d, key) {
            let old = heap.objects[Int(d)].items[i]
            heap.objects[Int(d)].items[i] = value
            decref(key)
            decref(old)
        } else {
            heap.objects[Int(d)].keys.append(key)
            heap.objects[Int(d)].items.append(value)
        }
    }

    func dictIndex(_ d: Int32, _ key: Value) -> Int? {
        let keys = heap.objects[Int(d)].keys
        for i in keys.indices where valuesEqual(keys[i], key) { return i }
        return nil
    }

    mutating func checkHashable(_ key: Value) throws {
        if case .obj(let id) = key {
            let k = heap.objects[Int(id)].kind
            if k == .list || k == .dict {
                throw raiseNew(classes.typeError, "unhashable type: '\(typeName(of: key))'")
            }
        }
    }
}
