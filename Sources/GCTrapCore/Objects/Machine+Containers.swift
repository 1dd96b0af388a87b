// Tuples, lists and dicts: construction through the free lists; a dict's entries
// (an OrderedTable keyed by Python's hash and ==, Machine+Hashing.swift).

extension Machine {

    // MARK: containers

    mutating func makeTuple(_ items: [Value]) -> Value {
        if items.isEmpty {
            incref(classes.emptyTuple)
            return .obj(classes.emptyTuple)
        }
        return .obj(allocate(.tuple, items: items))
    }

    /// `freeList: false` for list(): allocated through tp_alloc, never from the free list.
    mutating func makeList(_ items: [Value], freeList: Bool = true) -> Value {
        return .obj(allocate(HeapObject(kind: .list, items: items), freeList: freeList))
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
        let hash = try pyHash(key)
        if heap.objects[Int(d)].gen < 0 && (mayBeTracked(key) || mayBeTracked(value)) {
            heap.track(d, generation: 0)
        }
        if let i = dictFind(d, key, hash: hash) {
            let old = heap.objects[Int(d)].table.replaceValue(at: i, with: value)
            decref(key)
            decref(old)
        } else {
            heap.objects[Int(d)].table.append(key: key, hash: hash, value: value)
        }
    }

    /// The entry position of `key` in dict `d`; TypeError when the key is unhashable.
    mutating func dictIndex(_ d: Int32, _ key: Value) throws -> Int? {
        return dictFind(d, key, hash: try pyHash(key))
    }

    @inline(__always)   // its closure captures self: out of line, Swift copied the Machine
    private func dictFind(_ d: Int32, _ key: Value, hash: Int) -> Int? {
        heap.objects[Int(d)].table.find(hash: hash) { keysEqual($0, key) }
    }

    /// The value at an entry position of dict `d` (borrowed).
    func dictValue(_ d: Int32, at position: Int) -> Value {
        heap.objects[Int(d)].table.value(at: position)
    }

    /// Deletes the entry at a position of dict `d` and releases its key and value.
    mutating func dictRemove(_ d: Int32, at position: Int, keepValue: Bool = false) -> Value {
        let (k, v) = heap.objects[Int(d)].table.remove(at: position)
        decref(k)
        if keepValue { return v }
        decref(v)
        return .none
    }

    mutating func checkHashable(_ key: Value) throws {
        if case .obj(let id) = key {
            let k = heap.objects[Int(id)].kind
            if k == .list || k == .dict || k == .set {
                throw raiseNew(classes.typeError, "unhashable type: '\(typeName(of: key))'")
            }
        }
    }
}
