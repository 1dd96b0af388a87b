// obj[key] reads, writes and deletes, and sequence unpacking.

extension Machine {

    // MARK: subscripts

    mutating func getItem(_ obj: Value, _ key: Value) throws -> Value {
        if let s = sliceID(key) { return try getSlice(obj, s) }
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
            if let f = specialMethod(obj, getitemName) { incref(obj); incref(key); return try callSpecial(f, [obj, key]) }
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
        if let s = sliceID(key), case .obj(let id) = obj, heap.objects[Int(id)].kind == .list {
            defer { decref(v) }
            return try storeSlice(id, s, v)
        }
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
            if let f = specialMethod(obj, setitemName) {
                incref(obj); incref(key)
                decref(try callSpecial(f, [obj, key, v]))
                return
            }
            decref(v)
            throw raiseNew(classes.typeError, "'\(typeName(of: obj))' object does not support item assignment")
        }
    }

    mutating func deleteSubscript(_ obj: Value, _ key: Value) throws {
        guard case .obj(let id) = obj else {
            throw raiseNew(classes.typeError, "'\(typeName(of: obj))' object doesn't support item deletion")
        }
        switch heap.objects[Int(id)].kind {
        case .list where sliceID(key) != nil:
            let (start, _, step, count) = try sliceBounds(sliceID(key)!, length: heap.objects[Int(id)].items.count)
            var removed: [Value] = []
            for k in (0..<count).reversed() { removed.append(heap.objects[Int(id)].items.remove(at: start + k * step)) }
            for v in removed { decref(v) }
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
            if let f = specialMethod(obj, delitemName) {
                incref(obj); incref(key)
                decref(try callSpecial(f, [obj, key]))
                return
            }
            throw raiseNew(classes.typeError, "'\(typeName(of: obj))' object doesn't support item deletion")
        }
    }

    // MARK: slices

    func sliceID(_ key: Value) -> Int32? {
        if case .obj(let id) = key, heap.objects[Int(id)].kind == .slice { return id }
        return nil
    }

    /// PySlice_Unpack + PySlice_AdjustIndices: the first index, step and item count.
    mutating func sliceBounds(_ s: Int32, length n: Int) throws -> (start: Int, stop: Int, step: Int, count: Int) {
        let parts = heap.objects[Int(s)].items
        func bound(_ v: Value) throws -> Int? {
            if case .none = v { return nil }
            guard let i = intValue(v) else {
                throw raiseNew(classes.typeError, "slice indices must be integers or None or have an __index__ method")
            }
            return i
        }
        let step = try bound(parts[2]) ?? 1
        if step == 0 { throw raiseNew(classes.valueError, "slice step cannot be zero") }
        func adjust(_ v: Int?, _ dflt: Int) -> Int {
            guard var i = v else { return dflt }
            if i < 0 { i += n; if i < 0 { i = step < 0 ? -1 : 0 } }
            else if i >= n { i = step < 0 ? n - 1 : n }
            return i
        }
        let start = adjust(try bound(parts[0]), step < 0 ? n - 1 : 0)
        let stop = adjust(try bound(parts[1]), step < 0 ? -1 : n)
        let count: Int
        if step < 0 { count = stop < start ? (start - stop - 1) / (-step) + 1 : 0 }
        else { count = start < stop ? (stop - start - 1) / step + 1 : 0 }
        return (start, stop, step, count)
    }

    /// `seq[a:b:c]` of a list (a new list), a tuple (itself when the slice covers it all)
    /// or a str.
    mutating func getSlice(_ obj: Value, _ s: Int32) throws -> Value {
        if case .str(let str) = obj {
            let chars = Array(str)
            let (start, _, step, count) = try sliceBounds(s, length: chars.count)
            var out = ""
            for k in 0..<count { out.append(chars[start + k * step]) }
            return .str(out)
        }
        guard case .obj(let id) = obj, [.list, .tuple].contains(heap.objects[Int(id)].kind) else {
            throw raiseNew(classes.typeError, "'\(typeName(of: obj))' object is not subscriptable")
        }
        let items = heap.objects[Int(id)].items
        let (start, _, step, count) = try sliceBounds(s, length: items.count)
        let isTuple = heap.objects[Int(id)].kind == .tuple
        if isTuple && step == 1 && start == 0 && count == items.count { incref(obj); return obj }
        try reserve(bytes: ModelledSize.slot * count)
        var out: [Value] = []
        out.reserveCapacity(count)
        for k in 0..<count { let v = items[start + k * step]; incref(v); out.append(v) }
        return isTuple ? makeTuple(out) : makeList(out)
    }

    /// `lst[a:b] = seq` (any length) and `lst[a:b:c] = seq` (the same length). A value that
    /// is not a list or tuple is first made into a list (PySequence_Fast).
    mutating func storeSlice(_ id: Int32, _ s: Int32, _ v: Value) throws {
        let base = scratchOwned.count
        defer { releaseScratch(from: base) }
        var new: [Value]
        if case .obj(let vid) = v, [.list, .tuple].contains(heap.objects[Int(vid)].kind) {
            new = heap.objects[Int(vid)].items
        } else {
            new = try iterableItems(v)
            transient(.list, size: 0)
        }
        let (start, stop, step, count) = try sliceBounds(s, length: heap.objects[Int(id)].items.count)
        try reserve(bytes: ModelledSize.slot * new.count)
        for x in new { incref(x) }
        var old: [Value] = []
        if step == 1 {
            let end = max(start, stop)
            old = Array(heap.objects[Int(id)].items[start..<end])
            heap.objects[Int(id)].items.replaceSubrange(start..<end, with: new)
        } else {
            guard new.count == count else {
                for x in new { decref(x) }
                throw raiseNew(classes.valueError, "attempt to assign sequence of size \(new.count) to extended slice of size \(count)")
            }
            for k in 0..<count {
                old.append(heap.objects[Int(id)].items[start + k * step])
                heap.objects[Int(id)].items[start + k * step] = new[k]
            }
        }
        for x in old { decref(x) }
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
