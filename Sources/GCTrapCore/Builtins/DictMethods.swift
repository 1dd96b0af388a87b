// dict's native methods.

extension Builtins {

    static let dictMethods: [BuiltinFunction] = [
        BuiltinFunction("get", .type(.dict), .method(1...2)) { m, call in
            let (id, a) = try m.receiverObject(call)
            if let i = try m.dictIndex(id, a[0]) { let v = m.dictValue(id, at: i); m.incref(v); return v }
            let d = a.count > 1 ? a[1] : .none
            m.incref(d)
            return d
        },
        BuiltinFunction("pop", .type(.dict), .method(1...2)) { m, call in
            let (id, a) = try m.receiverObject(call)
            if let i = try m.dictIndex(id, a[0]) { return m.dictRemove(id, at: i, keepValue: true) }
            if a.count > 1 { m.incref(a[1]); return a[1] }
            throw m.raiseKeyError(a[0])
        },
        BuiltinFunction("setdefault", .type(.dict), .method(1...2)) { m, call in
            let (id, a) = try m.receiverObject(call)
            if let i = try m.dictIndex(id, a[0]) { let v = m.dictValue(id, at: i); m.incref(v); return v }
            let d = a.count > 1 ? a[1] : .none
            m.incref(a[0]); m.incref(d)
            try m.dictSet(id, a[0], d)
            m.incref(d)
            return d
        },
        BuiltinFunction("popitem", .type(.dict), .method(0...0)) { m, call in
            // the last entry, as a new (key, value) tuple
            let (id, _) = try m.receiverObject(call)
            let table = m.heap.objects[Int(id)].table
            guard let last = (0..<table.entryEnd).reversed().first(where: { table.key(at: $0) != nil }) else {
                throw m.raiseNew(m.classes.keyError, "popitem(): dictionary is empty")
            }
            let k = table.key(at: last)!
            m.incref(k)
            let v = m.dictRemove(id, at: last, keepValue: true)
            return m.makeTuple([k, v])
        },
        BuiltinFunction("keys", .type(.dict), .method(0...0)) { m, call in try m.dictView(call, 0) },
        BuiltinFunction("values", .type(.dict), .method(0...0)) { m, call in try m.dictView(call, 1) },
        BuiltinFunction("items", .type(.dict), .method(0...0)) { m, call in try m.dictView(call, 2) },
        BuiltinFunction("update", .type(.dict), .unchecked, .varargsKeywords) { m, call in
            let (id, a) = try m.receiverObject(call)
            let npos = call.positionalCount - 1
            if npos > 1 { throw m.raiseNew(m.classes.typeError, "update expected at most 1 argument, got \(npos)") }
            if npos == 1 { try m.dictUpdate(id, from: a[0]) }
            for (i, k) in call.keywords.enumerated() {
                let v = call.values[call.positionalCount + i]
                m.incref(v)
                try m.dictSet(id, .str(k), v)
            }
            return .none
        },
        BuiltinFunction("copy", .type(.dict), .method(0...0)) { m, call in
            let (id, _) = try m.receiverObject(call)
            let d = m.makeDict()
            for (k, v) in m.heap.objects[Int(id)].table.pairs {
                m.incref(k); m.incref(v)
                try m.dictSet(d, k, v)
            }
            return .obj(d)
        },
        BuiltinFunction("clear", .type(.dict), .method(0...0)) { m, call in
            let (id, _) = try m.receiverObject(call)
            for (k, v) in m.heap.objects[Int(id)].table.removeAll() { m.decref(k); m.decref(v) }
            return .none
        },
    ]
}

extension Machine {
    /// d.keys() (0), d.values() (1), d.items() (2): a view, GC-tracked, no free list (+1/0).
    mutating func dictView(_ call: BuiltinArguments, _ mode: Int) throws -> Value {
        let (id, _) = try receiverObject(call)
        var v = HeapObject(kind: .dictView)
        incref(id)
        v.items = [.obj(id)]
        v.ref = mode
        return .obj(allocate(v))
    }

    /// dict.update(other): a dict (or a view of one), or an iterable of pairs.
    mutating func dictUpdate(_ id: Int32, from src: Value) throws {
        if case .obj(let s) = src, heap.objects[Int(s)].kind == .dict {
            for (k, v) in heap.objects[Int(s)].table.pairs {
                incref(k); incref(v)
                try dictSet(id, k, v)
            }
            return
        }
        for (n, pair) in try iterableItems(src).enumerated() {
            guard case .obj(let p) = pair, [.tuple, .list].contains(heap.objects[Int(p)].kind) else {
                throw raiseNew(classes.typeError, "cannot convert dictionary update sequence element #\(n) to a sequence")
            }
            let kv = heap.objects[Int(p)].items
            guard kv.count == 2 else {
                throw raiseNew(classes.valueError, "dictionary update sequence element #\(n) has length \(kv.count); 2 is required")
            }
            incref(kv[0]); incref(kv[1])
            try dictSet(id, kv[0], kv[1])
        }
    }
}
