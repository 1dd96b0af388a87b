// list's native methods.

extension Builtins {

    static let listMethods: [BuiltinFunction] = [
        BuiltinFunction("append", .type(.list), .method(1...1), specializedWithoutBreaker: 1) { m, call in
            let (id, a) = try m.receiverObject(call)
            m.incref(a[0])
            try m.reserve(bytes: ModelledSize.slot)
            m.heap.objects[Int(id)].items.append(a[0])
            return .none
        },
        BuiltinFunction("pop", .type(.list), .method(0...1)) { m, call in
            let (id, a) = try m.receiverObject(call)
            let n = m.heap.objects[Int(id)].items.count
            if n == 0 { throw m.raiseNew(m.classes.indexError, "pop from empty list") }
            var i = a.isEmpty ? n - 1 : (m.intValue(a[0]) ?? n - 1)
            if i < 0 { i += n }
            guard i >= 0 && i < n else { throw m.raiseNew(m.classes.indexError, "pop index out of range") }
            return m.heap.objects[Int(id)].items.remove(at: i)   // the reference moves to the caller
        },
        BuiltinFunction("remove", .type(.list), .method(1...1)) { m, call in
            let (id, a) = try m.receiverObject(call)
            guard let i = m.heap.objects[Int(id)].items.firstIndex(where: { m.isSame($0, a[0]) || m.valuesEqual($0, a[0]) }) else {
                throw m.raiseNew(m.classes.valueError, "list.remove(x): x not in list")
            }
            let old = m.heap.objects[Int(id)].items.remove(at: i)
            m.decref(old)
            return .none
        },
        BuiltinFunction("insert", .type(.list), .method(2...2)) { m, call in
            let (id, a) = try m.receiverObject(call)
            let n = m.heap.objects[Int(id)].items.count
            var i = m.intValue(a[0]) ?? 0
            if i < 0 { i = max(0, i + n) }
            m.incref(a[1])
            m.heap.objects[Int(id)].items.insert(a[1], at: min(i, n))
            return .none
        },
        BuiltinFunction("clear", .type(.list), .method(0...0)) { m, call in
            let (id, _) = try m.receiverObject(call)
            let old = m.heap.objects[Int(id)].items
            m.heap.objects[Int(id)].items = []
            for v in old.reversed() { m.decref(v) }
            return .none
        },
        BuiltinFunction("extend", .type(.list), .method(1...1)) { m, call in
            let (id, a) = try m.receiverObject(call)
            let items = try m.iterableItems(a[0])
            try m.reserve(bytes: ModelledSize.slot * items.count)
            for v in items { m.incref(v) }
            m.heap.objects[Int(id)].items.append(contentsOf: items)
            return .none
        },
        BuiltinFunction("index", .type(.list), .method(1...1)) { m, call in
            let (id, a) = try m.receiverObject(call)
            guard let i = m.heap.objects[Int(id)].items.firstIndex(where: { m.valuesEqual($0, a[0]) }) else {
                throw m.raiseNew(m.classes.valueError, "\(try m.pyRepr(a[0])) is not in list")
            }
            return .int(i)
        },
        BuiltinFunction("copy", .type(.list), .method(0...0)) { m, call in
            let (id, _) = try m.receiverObject(call)
            let items = m.heap.objects[Int(id)].items
            try m.reserve(bytes: ModelledSize.slot * items.count)
            for v in items { m.incref(v) }
            return m.makeList(items)   // list_slice: PyList_New, through the free list
        },
        BuiltinFunction("sort", .type(.list), .function(1...1, keywords: .only(["key", "reverse"])), keywordParser: "list.sort") { m, call in
            let (id, _) = try m.receiverObject(call)
            try m.sortList(id, key: call.keyword("key"), reverse: try call.keyword("reverse").map { try m.truthy($0) } ?? false)
            return .none
        },
        BuiltinFunction("reverse", .type(.list), .method(0...0)) { m, call in
            let (id, _) = try m.receiverObject(call)
            m.heap.objects[Int(id)].items.reverse()
            return .none
        },
        BuiltinFunction("count", .type(.list), .method(1...1)) { m, call in
            let (id, a) = try m.receiverObject(call)
            return .int(m.heap.objects[Int(id)].items.filter { m.valuesEqual($0, a[0]) }.count)
        },
    ]
}
