// obj[key] reads, writes and deletes, and sequence unpacking.

extension Machine {

    // MARK: subscripts

    mutating func getItem(_ obj: Value, _ key: Value) throws -> Value {
        guard case .obj(let id) = obj else {
            if case .str(let s) = obj, case .int(let i) = key {
                let chars = Array(s)
                let j = i < 0 ? i + chars.count : i
                guard j >= 0 && j < chars.count else { throw raiseNew(classes.indexError, "string index out of range") }
                return .str(String(chars[j]))
            }
            throw raiseNew(classes.typeError, "'\(typeName(of: obj))' object is not subscriptable")
        }
        let o = heap.objects[Int(id)]
        switch o.kind {
        case .list, .tuple:
            guard let i = intValue(key) else {
                throw raiseNew(classes.typeError, "\(o.kind == .list ? "list" : "tuple") indices must be integers, not \(typeName(of: key))")
            }
            let j = i < 0 ? i + o.items.count : i
            guard j >= 0 && j < o.items.count else {
                throw raiseNew(classes.indexError, "\(o.kind == .list ? "list" : "tuple") index out of range")
            }
            let v = o.items[j]
            incref(v)
            return v
        case .dict:
            if let i = try dictIndex(id, key) { let v = dictValue(id, at: i); incref(v); return v }
            throw raiseKeyError(key)
        default:
            throw raiseNew(classes.typeError, "'\(typeName(of: obj))' object is not subscriptable")
        }
    }

    /// KeyError keeps the key itself as its argument; its str() is the key's repr.
    mutating func raiseKeyError(_ key: Value) -> PyException {
        incref(key)
        let args = makeTuple([key])
        var inst = HeapObject(kind: .instance)
        inst.typeID = classes.keyError
        inst.names = [program.known.args]
        inst.items = [args]
        return PyException(exc: allocate(inst))
    }

    /// Takes the reference of `v`.
    mutating func storeSubscript(_ obj: Value, _ key: Value, _ v: Value) throws {
        guard case .obj(let id) = obj else {
            decref(v)
            throw raiseNew(classes.typeError, "'\(typeName(of: obj))' object does not support item assignment")
        }
        switch heap.objects[Int(id)].kind {
        case .list:
            guard let i = intValue(key) else {
                decref(v)
                throw raiseNew(classes.typeError, "list indices must be integers, not \(typeName(of: key))")
            }
            let n = heap.objects[Int(id)].items.count
            let j = i < 0 ? i + n : i
            guard j >= 0 && j < n else { decref(v); throw raiseNew(classes.indexError, "list assignment index out of range") }
            let old = heap.objects[Int(id)].items[j]
            heap.objects[Int(id)].items[j] = v
            decref(old)
        case .dict:
            incref(key)
            try dictSet(id, key, v)
        default:
            decref(v)
            throw raiseNew(classes.typeError, "'\(typeName(of: obj))' object does not support item assignment")
        }
    }

    mutating func deleteSubscript(_ obj: Value, _ key: Value) throws {
        guard case .obj(let id) = obj else {
            throw raiseNew(classes.typeError, "'\(typeName(of: obj))' object doesn't support item deletion")
        }
        switch heap.objects[Int(id)].kind {
        case .list:
            guard let i = intValue(key) else { throw raiseNew(classes.typeError, "list indices must be integers") }
            let n = heap.objects[Int(id)].items.count
            let j = i < 0 ? i + n : i
            guard j >= 0 && j < n else { throw raiseNew(classes.indexError, "list assignment index out of range") }
            let old = heap.objects[Int(id)].items.remove(at: j)
            decref(old)
        case .dict:
            guard let i = try dictIndex(id, key) else { throw raiseKeyError(key) }
            _ = dictRemove(id, at: i)
        default:
            throw raiseNew(classes.typeError, "'\(typeName(of: obj))' object doesn't support item deletion")
        }
    }

    mutating func unpackItems(_ seq: Value, count: Int) throws -> [Value] {
        guard case .obj(let id) = seq, [.tuple, .list].contains(heap.objects[Int(id)].kind) else {
            throw raiseNew(classes.typeError, "cannot unpack non-iterable \(typeName(of: seq)) object")
        }
        let items = heap.objects[Int(id)].items
        if items.count > count { throw raiseNew(classes.valueError, "too many values to unpack (expected \(count))") }
        if items.count < count { throw raiseNew(classes.valueError, "not enough values to unpack (expected \(count), got \(items.count))") }
        return items
    }
}
