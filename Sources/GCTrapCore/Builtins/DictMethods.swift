// dict's native methods.

extension Builtins {

    static let dictMethods: [BuiltinFunction] = [
        BuiltinFunction("get", .type(.dict), .method(1...2)) { m, call in
            let (id, a) = try m.receiverObject(call)
            try m.checkHashable(a[0])
            if let i = m.dictIndex(id, a[0]) { let v = m.heap.objects[Int(id)].items[i]; m.incref(v); return v }
            let d = a.count > 1 ? a[1] : .none
            m.incref(d)
            return d
        },
        BuiltinFunction("pop", .type(.dict), .method(1...2)) { m, call in
            let (id, a) = try m.receiverObject(call)
            if let i = m.dictIndex(id, a[0]) {
                let k = m.heap.objects[Int(id)].keys.remove(at: i)
                let v = m.heap.objects[Int(id)].items.remove(at: i)
                m.decref(k)
                return v
            }
            if a.count > 1 { m.incref(a[1]); return a[1] }
            throw m.raiseKeyError(a[0])
        },
        BuiltinFunction("setdefault", .type(.dict), .method(1...2)) { m, call in
            let (id, a) = try m.receiverObject(call)
            if let i = m.dictIndex(id, a[0]) { let v = m.heap.objects[Int(id)].items[i]; m.incref(v); return v }
            let d = a.count > 1 ? a[1] : .none
            m.incref(a[0]); m.incref(d)
            try m.dictSet(id, a[0], d)
            m.incref(d)
            return d
        },
        BuiltinFunction("clear", .type(.dict), .method(0...0)) { m, call in
            let (id, _) = try m.receiverObject(call)
            let keys = m.heap.objects[Int(id)].keys, items = m.heap.objects[Int(id)].items
            m.heap.objects[Int(id)].keys = []
            m.heap.objects[Int(id)].items = []
            for (k, v) in zip(keys, items) { m.decref(k); m.decref(v) }
            return .none
        },
    ]
}
