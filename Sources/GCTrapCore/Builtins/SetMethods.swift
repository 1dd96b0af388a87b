// set: construction and its native methods. A set is GC-tracked from its creation and has
// no free list (measured: `set()`, `{x, 2}`, `set(t)` +1 kept, 0 once freed, on 3.11-3.13;
// `s.update(x)` is METH_VARARGS on all three: +1 for its argument tuple;
// docs/cpython-model.md J.5). Elements live in a keys-only OrderedTable, in insertion order; printing order
// follows it, which matches CPython for the small ints and short strings of scenarios only
// when they hash in order: programs print sorted(s) to be safe.

extension Builtins {

    static let setMethods: [BuiltinFunction] = [
        BuiltinFunction("add", .type(.set), .method(1...1)) { m, call in
            let (id, a) = try m.receiverObject(call)
            m.incref(a[0])
            try m.setAdd(id, a[0])
            return .none
        },
        BuiltinFunction("discard", .type(.set), .method(1...1)) { m, call in
            let (id, a) = try m.receiverObject(call)
            if let i = try m.dictIndex(id, a[0]) { m.decref(m.heap.objects[Int(id)].table.remove(at: i).key) }
            return .none
        },
        BuiltinFunction("remove", .type(.set), .method(1...1)) { m, call in
            let (id, a) = try m.receiverObject(call)
            guard let i = try m.dictIndex(id, a[0]) else { throw m.raiseKeyError(a[0]) }
            m.decref(m.heap.objects[Int(id)].table.remove(at: i).key)
            return .none
        },
        BuiltinFunction("clear", .type(.set), .method(0...0)) { m, call in
            let (id, _) = try m.receiverObject(call)
            for (k, _) in m.heap.objects[Int(id)].table.removeAll() { m.decref(k) }
            return .none
        },
        BuiltinFunction("update", .type(.set), .method(0...Int.max), .varargs(before: nil)) { m, call in
            let (id, a) = try m.receiverObject(call)
            for src in a { for v in try m.iterableItems(src) { m.incref(v); try m.setAdd(id, v) } }
            return .none
        },
        BuiltinFunction("copy", .type(.set), .method(0...0)) { m, call in
            let (id, _) = try m.receiverObject(call)
            let s = m.makeSet()
            for v in m.heap.objects[Int(id)].table.keys { m.incref(v); try m.setAdd(s, v) }
            return .obj(s)
        },
    ]
}

extension Machine {
    mutating func makeSet() -> Int32 {
        allocate(HeapObject(kind: .set))
    }

    /// Takes the reference of `v`.
    mutating func setAdd(_ s: Int32, _ v: Value) throws {
        let hash: Int
        do { hash = try pyHash(v) } catch { decref(v); throw error }
        if heap.objects[Int(s)].table.find(hash: hash, matches: { keysEqual($0, v) }) != nil { decref(v); return }
        do { try reserve(bytes: ModelledSize.slot) } catch { decref(v); throw error }
        heap.objects[Int(s)].table.append(key: v, hash: hash, value: nil)
    }
}
