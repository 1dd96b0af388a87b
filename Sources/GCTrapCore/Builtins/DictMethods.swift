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
        BuiltinFunction("clear", .type(.dict), .method(0...0)) { m, call in
            let (id, _) = try m.receiverObject(call)
            for (k, v) in m.heap.objects[Int(id)].table.removeAll() { m.decref(k); m.decref(v) }
            return .none
        },
    ]
}
