// The builtins module's functions (len, print, isinstance, min...), with the helpers only
// they use.

extension Builtins {

    /// The builtins module: global names, in the order they are bound at start-up.
    static let functions: [BuiltinFunction] = [
        BuiltinFunction("len", .builtins, .function(1...1), specializedWithoutBreaker: 1) { m, call in
            let v = call.values[0]
            switch v {
            case .str(let s): return .int(s.count)
            case .obj(let id):
                let o = m.heap.objects[Int(id)]
                switch o.kind {
                case .list, .tuple: return .int(o.items.count)
                case .dict, .set: return .int(o.table.count)
                case .dictView:
                    guard case .obj(let d) = o.items[0] else { break }
                    return .int(m.heap.objects[Int(d)].table.count)
                case .range:
                    return .int(try m.rangeLength(start: o.ref, stop: o.ref2, step: m.intValue(o.items[0]) ?? 1))
                case .instance:
                    // slot_sq_length: a library class's __len__ (WeakValueDictionary's)
                    guard let f = m.specialMethod(v, m.lenName) else { break }
                    m.incref(v)
                    let r = try m.callSpecial(f, [v])
                    guard case .int = r else { m.decref(r); throw m.raiseNew(m.classes.typeError, "'\(m.typeName(of: r))' object cannot be interpreted as an integer") }
                    return r
                default: break
                }
            default: break
            }
            throw m.raiseNew(m.classes.typeError, "object of type '\(m.typeName(of: v))' has no len()")
        },
        BuiltinFunction("range", .builtins, .function(1...3)) { m, call in
            let nums = try call.positional.map { try m.intArgument($0) }
            var r = HeapObject(kind: .range)
            switch nums.count {
            case 1: r.ref = 0; r.ref2 = nums[0]; r.items = [.int(1)]
            default:
                r.ref = nums[0]; r.ref2 = nums[1]; r.items = [.int(nums.count == 3 ? nums[2] : 1)]
            }
            if case .int(0) = r.items[0] { throw m.raiseNew(m.classes.valueError, "range() arg 3 must not be zero") }
            return .obj(m.allocate(r, track: false))
        },
        BuiltinFunction("print", .builtins, .function(0...Int.max, keywords: .only(["sep", "end", "flush"]))) { m, call in
            // print(*args): its positional arguments travel in a tuple of their own, alive
            // for the call (measured on 3.11-3.13: print(1, 2) leaves a 2-tuple on its free
            // list, print(x) a 1-tuple).
            let npos = call.positionalCount
            if npos > 0 { m.hold(.tuple, size: npos) }
            defer { if npos > 0 { m.unhold(.tuple, size: npos) } }
            let sep = try call.keyword("sep").map { v -> String in
                if case .none = v { return " " }
                guard case .str(let s) = v else { throw m.raiseNew(m.classes.typeError, "sep must be None or a string") }
                return s
            } ?? " "
            let end = try call.keyword("end").map { v -> String in
                if case .none = v { return "\n" }
                guard case .str(let s) = v else { throw m.raiseNew(m.classes.typeError, "end must be None or a string") }
                return s
            } ?? "\n"
            var parts: [String] = []
            for a in call.positional { parts.append(try m.strOf(a)) }
            // Writing to stdout allocates no GC object on 3.11-3.13 (measured: 10 writes +0);
            // 3.11's first print() leaves one object for good (+1 once, kept across flushes).
            if m.profile.firstPrintObject && !m.printedOnce { m.printedOnce = true; m.hold(.list, size: 0) }
            m.write(parts.joined(separator: sep) + end)
            return .none
        },
        BuiltinFunction("next", .builtins, .function(1...2)) { m, call in
            // builtin_next (METH_FASTCALL: no argument tuple); a generator runs to its next yield
            let it = call.values[0]
            guard case .obj(let id) = it, [.generator, .listIter, .dictIter, .rangeIter, .taskIter, .setIter, .enumerate, .zip, .map].contains(m.heap.objects[Int(id)].kind) else {
                throw m.raiseNew(m.classes.typeError, "'\(m.typeName(of: it))' object is not an iterator")
            }
            if let v = try m.iterNext(it) { return v }
            if call.values.count == 2 { let d = call.values[1]; m.incref(d); return d }
            throw m.raiseNew(m.classes.stopIteration, nil)
        },
        BuiltinFunction("isinstance", .builtins, .function(2...2), specializedWithoutBreaker: 2) { m, call in
            .bool(try m.isInstance(call.values[0], call.values[1], subclass: false))
        },
        BuiltinFunction("list", .builtins, .function(0...1), instanceCheck: isKind(.list)) { m, call in
            let pos = call.positional
            let items = try pos.isEmpty ? [] : m.iterableItems(pos[0])
            for v in items { m.incref(v) }
            return m.makeList(items, freeList: false)
        },
        BuiltinFunction("dict", .builtins, .function(0...1, keywords: .any), instanceCheck: isKind(.dict)) { m, call in
            let d = m.makeDict(freeList: false)
            if let src = call.positional.first, case .obj(let s) = src,
               [.tuple, .list].contains(m.heap.objects[Int(s)].kind) {
                // PyDict_MergeFromSeq2: an iterator over the sequence (+1, freed), each item a pair
                m.hold(.listIter, size: 0)
                defer { m.unhold(.listIter, size: 0) }
                for (i, item) in m.heap.objects[Int(s)].items.enumerated() {
                    guard case .obj(let p) = item, [.tuple, .list].contains(m.heap.objects[Int(p)].kind) else {
                        m.decref(.obj(d))
                        throw m.raiseNew(m.classes.typeError, "cannot convert dictionary update sequence element #\(i) to a sequence")
                    }
                    let kv = m.heap.objects[Int(p)].items
                    guard kv.count == 2 else {
                        m.decref(.obj(d))
                        throw m.raiseNew(m.classes.valueError, "dictionary update sequence element #\(i) has length \(kv.count); 2 is required")
                    }
                    m.incref(kv[0]); m.incref(kv[1])
                    do {
                        try m.dictSet(d, kv[0], kv[1])
                    } catch {
                        // an unhashable key: the pair's references and the new dict go
                        m.decref(kv[0]); m.decref(kv[1])
                        m.decref(.obj(d))
                        throw error
                    }
                }
            } else if let src = call.positional.first {
                guard case .obj(let s) = src, m.heap.objects[Int(s)].kind == .dict else {
                    throw SimulationLimit(message: "dict() from anything but a dict is not supported by gctrap", line: m.currentLine, unsupported: true)
                }
                for (k, v) in m.heap.objects[Int(s)].table.pairs {
                    m.incref(k); m.incref(v)
                    try m.dictSet(d, k, v)
                }
            }
            let npos = call.positionalCount
            for (i, k) in call.keywords.enumerated() {
                m.incref(call.values[npos + i])
                try m.dictSet(d, .str(k), call.values[npos + i])
            }
            return .obj(d)
        },
        BuiltinFunction("str", .builtins, .function(0...1), .typeCall, instanceCheck: { _, v in
            if case .str = v { return true }
            return false
        }) { m, call in
            .str(call.positionalCount == 0 ? "" : try m.strOf(call.values[0]))
        },
        BuiltinFunction("int", .builtins, .function(0...1), .typeCall, instanceCheck: { m, v in m.intValue(v) != nil }) { m, call in
            guard let v = call.positional.first else { return .int(0) }
            if let i = m.intValue(v) { return .int(i) }
            if case .float(let d) = v {
                if d.isNaN { throw m.raiseNew(m.classes.valueError, "cannot convert float NaN to integer") }
                if d.isInfinite { throw m.raiseNew(m.lazyClass("OverflowError"), "cannot convert float infinity to integer") }
                guard d.magnitude < 9.2e18 else { throw m.intOverflow() }
                return .int(Int(d.rounded(.towardZero)))
            }
            if case .str(let s) = v, let i = Int(s.trimmingCharacters(in: " ")) { return .int(i) }
            if case .str(let s) = v {
                // A valid literal that does not fit 64 bits: CPython reads it, gctrap stops.
                let t = s.trimmingCharacters(in: " ")
                let digits = t.first == "-" || t.first == "+" ? t.dropFirst() : Substring(t)
                if !digits.isEmpty && digits.allSatisfy({ $0.isASCII && $0.isNumber }) { throw m.intOverflow() }
            }
            if case .str(let s) = v {
                throw m.raiseNew(m.classes.valueError, "invalid literal for int() with base 10: \(m.reprText(.str(s)))")
            }
            throw m.raiseNew(m.classes.typeError, "int() argument must be a string or a number, not '\(m.typeName(of: v))'")
        },
        BuiltinFunction("repr", .builtins, .function(1...1)) { m, call in
            .str(try m.pyRepr(call.values[0]))
        },
        BuiltinFunction("bool", .builtins, .function(0...1), instanceCheck: { _, v in
            if case .bool = v { return true }
            return false
        }) { m, call in
            .bool(call.positionalCount == 0 ? false : try m.truthy(call.values[0]))
        },
        BuiltinFunction("tuple", .builtins, .function(0...1), instanceCheck: isKind(.tuple)) { m, call in
            let pos = call.positional
            let items = try pos.isEmpty ? [] : m.iterableItems(pos[0])
            if !pos.isEmpty, case .obj(let id) = pos[0], m.heap.objects[Int(id)].kind == .tuple { m.incref(pos[0]); return pos[0] }
            for v in items { m.incref(v) }
            return m.makeTuple(items)
        },
        BuiltinFunction("min", .builtins, .function(1...Int.max), .varargs(before: 13)) { m, call in
            try m.extreme(call.positional, "min", max: false)
        },
        BuiltinFunction("max", .builtins, .function(1...Int.max), .varargs(before: 13)) { m, call in
            try m.extreme(call.positional, "max", max: true)
        },
        BuiltinFunction("abs", .builtins, .function(1...1)) { m, call in
            if case .float(let d) = call.values[0] { return .float(d.magnitude) }
            let x = try m.intArgument(call.values[0])
            return .int(x < 0 ? try m.checkedNegate(x) : x)
        },
        BuiltinFunction("sum", .builtins, .function(1...Int.max)) { m, call in
            let pos = call.positional
            let items = pos.count == 1 ? try m.iterableItems(pos[0]) : pos
            if items.contains(where: { if case .float = $0 { return true }; return false }) {
                var total = 0.0
                for v in items {
                    guard let d = m.floatValue(v) else {
                        throw m.raiseNew(m.classes.typeError, "unsupported operand type(s) for +: 'float' and '\(m.typeName(of: v))'")
                    }
                    total += d
                }
                return .float(total)
            }
            return .int(try items.reduce(0) { try m.checkedAdd($0, try m.intArgument($1)) })
        },
        BuiltinFunction("type", .builtins, .function(1...1), specializedWithoutBreaker: 1) { m, call in
            if case .obj(let id) = call.values[0], m.heap.objects[Int(id)].kind == .instance {
                let c = m.heap.objects[Int(id)].typeID
                m.incref(c)
                return .obj(c)
            }
            throw SimulationLimit(message: "type() of a built-in value is not supported by gctrap", line: m.currentLine, unsupported: true)
        },
        BuiltinFunction("id", .builtins, .function(1...1)) { _, call in
            if case .obj(let i) = call.values[0] { return .int(0x7f10_0000 + Int(i) * 0x40) }
            return .int(0)
        },
        BuiltinFunction("issubclass", .builtins, .function(2...2)) { m, call in
            .bool(try m.isInstance(call.values[0], call.values[1], subclass: true))
        },
    ]

    /// BaseException's slots that scenarios reach through `super().__init__` or a class call.
}

extension Machine {

    /// min() and max() over their arguments or one iterable, compared with `<`: the first
    /// of equal items wins.
    mutating func extreme(_ pos: [Value], _ fname: String, max: Bool) throws -> Value {
        let items = pos.count == 1 ? try iterableItems(pos[0]) : pos
        guard var best = items.first else {
            throw raiseNew(classes.valueError, "\(fname)() arg is an empty sequence")
        }
        for v in items.dropFirst() {
            let less = try truthy(try compare(.lt, v, best))
            if (!max && less) || (max && !less && !valuesEqual(v, best)) { best = v }
        }
        incref(best)
        return best
    }

    /// isinstance / issubclass. A tuple of classes is one level of C recursion (nested
    /// tuples nest them: RecursionError past the limit, the builtin's call counted).
    mutating func isInstance(_ v: Value, _ spec: Value, subclass: Bool, depth: Int = 1) throws -> Bool {
        switch spec {
        case .builtin(let raw):
            guard !subclass else { return false }
            guard let isInstance = Builtins.table[Int(raw)].instanceCheck else {
                throw raiseNew(classes.typeError, "isinstance() arg 2 must be a type, a tuple of types, or a union")
            }
            return isInstance(self, v)
        case .obj(let id):
            let o = heap.objects[Int(id)]
            if o.kind == .tuple {
                if depth + 1 > nativeRecursionRoom {
                    throw raiseNew(classes.recursionError, "maximum recursion depth exceeded in __\(subclass ? "subclass" : "instance")check__")
                }
                for item in o.items where try isInstance(v, item, subclass: subclass, depth: depth + 1) { return true }
                return false
            }
            guard o.kind == .cls else {
                throw raiseNew(classes.typeError, "isinstance() arg 2 must be a type, a tuple of types, or a union")
            }
            if subclass {
                guard case .obj(let c) = v, heap.objects[Int(c)].kind == .cls else {
                    throw raiseNew(classes.typeError, "issubclass() arg 1 must be a class")
                }
                return isSubclass(c, id)
            }
            if id == classes.object { return true }
            if case .obj(let x) = v, heap.objects[Int(x)].kind == .instance { return isSubclass(heap.objects[Int(x)].typeID, id) }
            return false
        default:
            throw raiseNew(classes.typeError, "isinstance() arg 2 must be a type, a tuple of types, or a union")
        }
    }

    /// Items of a list, tuple, dict (keys), set, view, iterator or range, borrowed (those an
    /// iterator makes are released when the native call returns: `releaseScratch`).
    mutating func iterableItems(_ v: Value) throws -> [Value] {
        guard case .obj(let id) = v else {
            throw raiseNew(classes.typeError, "'\(typeName(of: v))' object is not iterable")
        }
        let o = heap.objects[Int(id)]
        switch o.kind {
        case .list, .tuple: return o.items
        case .dict, .set: return o.table.keys
        case .dictView where o.ref != 2:
            guard case .obj(let d) = o.items[0] else { return [] }
            return o.ref == 0 ? heap.objects[Int(d)].table.keys : heap.objects[Int(d)].table.values
        case .dictView, .listIter, .dictIter, .setIter, .enumerate, .zip, .map:
            // Items made as they are read: owned until the current native call returns.
            let items = try drain(v)
            scratchOwned.append(contentsOf: items)
            return items
        case .range:
            let step = intValue(o.items[0]) ?? 1
            let n = try rangeLength(start: o.ref, stop: o.ref2, step: step)
            try reserve(bytes: ModelledSize.slot * n)
            return (0..<n).map { .int(o.ref &+ $0 &* step) }
        case .generator, .listIter, .dictIter, .rangeIter:
            // An iterator is drained (a generator runs to its end); the items stay alive
            // until the builtin's call is over, as the caller only borrows them.
            var out: [Value] = []
            while let x = try iterNext(v) {
                out.append(x)
                drainedItems.append(x)
            }
            return out
        case .instance where specialMethod(v, iterName) != nil:
            // a library class's __iter__ (WeakValueDictionary's keys generator), drained
            let it = try makeIterator(v)
            defer { decref(it) }
            return try iterableItems(it)
        default:
            throw raiseNew(classes.typeError, "'\(typeName(of: v))' object is not iterable")
        }
    }
}
