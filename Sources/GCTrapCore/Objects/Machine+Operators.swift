// Arithmetic, comparison, membership and truth, as CPython's operators behave.

extension Machine {

    // MARK: operators

    func intValue(_ v: Value) -> Int? {
        switch v {
        case .int(let i): return i
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }

    /// An int, bool or float as a Double (arithmetic that mixes them).
    func floatValue(_ v: Value) -> Double? {
        if case .float(let d) = v { return d }
        return intValue(v).map(Double.init)
    }

    mutating func binary(_ op: BinaryCode, _ l: Value, _ r: Value, inplace: Bool) throws -> Value {
        let isFloat: Bool = { if case .float = l { return true }; if case .float = r { return true }; return false }()
        if op == .trueDiv || isFloat, let a = floatValue(l), let b = floatValue(r) {
            switch op {
            case .add: return .float(a + b)
            case .sub: return .float(a - b)
            case .mul: return .float(a * b)
            case .trueDiv:
                if b == 0 { throw raiseNew(classes.zeroDivisionError, isFloat ? "float division by zero" : "division by zero") }
                return .float(a / b)
            case .floorDiv, .mod:
                if b == 0 { throw raiseNew(classes.zeroDivisionError, op == .mod ? "float modulo" : "float floor division by zero") }
                // Python's float divmod: the remainder takes the divisor's sign.
                var m = a.truncatingRemainder(dividingBy: b)
                if m != 0 && ((b < 0) != (m < 0)) { m += b }
                if op == .mod { return .float(m == 0 ? (b < 0 ? -0.0 : 0.0) : m) }
                return .float(((a - m) / b).rounded())
            }
        }
        if let a = intValue(l), let b = intValue(r) {
            switch op {
            case .trueDiv: break
            case .add:
                let (v, o) = a.addingReportingOverflow(b)
                if o { throw intOverflow() }
                return .int(v)
            case .sub:
                let (v, o) = a.subtractingReportingOverflow(b)
                if o { throw intOverflow() }
                return .int(v)
            case .mul:
                let (v, o) = a.multipliedReportingOverflow(by: b)
                if o { throw intOverflow() }
                return .int(v)
            case .floorDiv, .mod:
                if b == 0 { throw raiseNew(classes.zeroDivisionError, op == .mod ? "integer modulo by zero" : "integer division or modulo by zero") }
                if b == -1 && op == .mod { return .int(0) }   // Int.min % -1 would trap; Python gives 0
                let (q, r) = try floorDivMod(a, b)
                return op == .floorDiv ? .int(q) : .int(r)
            }
        }
        switch (op, l, r) {
        case (.add, .str(let a), .str(let b)):
            try reserve(bytes: ModelledSize.str(a) + b.utf8.count)
            return .str(a + b)
        case (.mul, .str(let a), _) where intValue(r) != nil:
            let n = max(0, intValue(r)!)
            if a.isEmpty || n == 0 { return .str("") }   // "" * 2**63-1 is "" at once, not a loop
            // CPython: past Py_ssize_t "repeated string is too long", else MemoryError when it cannot allocate.
            let (size, o) = a.utf8.count.multipliedReportingOverflow(by: n)
            if o { throw raiseNew(lazyClass("OverflowError"), "repeated string is too long") }
            try reserve(bytes: 49 + size)
            return .str(String(repeating: a, count: n))
        case (.add, .obj(let a), .obj(let b)):
            let ka = heap.objects[Int(a)].kind, kb = heap.objects[Int(b)].kind
            if ka == kb && (ka == .list || ka == .tuple) {
                let items = heap.objects[Int(b)].items
                try reserve(bytes: ModelledSize.slot * (items.count + (inplace && ka == .list ? 0 : heap.objects[Int(a)].items.count)))
                for v in items { incref(v) }
                if inplace && ka == .list {
                    heap.objects[Int(a)].items.append(contentsOf: items)
                    incref(a)
                    return l
                }
                let all = heap.objects[Int(a)].items + items
                for v in heap.objects[Int(a)].items { incref(v) }
                return ka == .list ? makeList(all) : makeTuple(all)
            }
        case (.mul, .obj(let a), _) where intValue(r) != nil:
            let k = heap.objects[Int(a)].kind
            if k == .list || k == .tuple {
                let src = heap.objects[Int(a)].items
                let n = src.isEmpty ? 0 : max(0, intValue(r)!)   // [] * 2**63-1 is [] at once
                // CPython: MemoryError when the size passes PY_SSIZE_T_MAX / sizeof(PyObject *), or cannot be allocated.
                let (count, o) = src.count.multipliedReportingOverflow(by: n)
                if o || count > Int.max / ModelledSize.slot { throw memoryError() }
                try reserve(bytes: ModelledSize.slot * count)
                var all: [Value] = []
                all.reserveCapacity(count)
                for _ in 0..<n { for v in src { incref(v); all.append(v) } }
                return k == .list ? makeList(all) : makeTuple(all)
            }
        case (.mod, .str(let f), _):
            return .str(try percentFormat(f, r))
        default:
            break
        }
        let sym = ["+", "-", "*", "//", "%", "/"][Int(op.rawValue)]
        if op == .add {
            // CPython's sequence concatenation: "can only concatenate str (not "int") to str".
            let left = typeName(of: l)
            if left == "str" || left == "list" || left == "tuple" {
                throw raiseNew(classes.typeError, "can only concatenate \(left) (not \"\(typeName(of: r))\") to \(left)")
            }
        }
        throw raiseNew(classes.typeError, "unsupported operand type(s) for \(sym)\(inplace ? "=" : ""): '\(typeName(of: l))' and '\(typeName(of: r))'")
    }

    mutating func unary(_ op: Int32, _ x: Value) throws -> Value {
        switch op {
        case 2: return .bool(!(try truthy(x)))
        case _ where { if case .float = x { return true }; return false }():
            guard case .float(let d) = x else { return x }
            return .float(op == 0 ? -d : d)
        default:
            guard let i = intValue(x) else {
                throw raiseNew(classes.typeError, "bad operand type for unary \(op == 0 ? "-" : "+"): '\(typeName(of: x))'")
            }
            return .int(op == 0 ? try checkedNegate(i) : i)
        }
    }

    /// What one == walk may still do: CPython's recursion limit, and a bound on the pairs it
    /// compares. A list that holds the same sublist twice, nested 60 deep, makes CPython
    /// compare 2**60 pairs (it never returns); gctrap stops it instead of hanging.
    struct EqualityWalk {
        var room: Int
        var pairsLeft: Int
        var tooDeep = false
        var tooLong: Bool { pairsLeft < 0 }
    }

    /// Pairs of distinct containers one == may compare before gctrap stops the run: at most
    /// this (a few seconds of work; CPython compares about as fast), and at most --max-steps.
    static let maxPairsPerComparison = 20_000_000
    var pairsPerComparison: Int { min(Machine.maxPairsPerComparison, maxSteps) }

    /// ==, without raising: nesting deeper than CPython's recursion limit, or a comparison past
    /// the pair bound, compares unequal (display and bookkeeping callers); Python's == goes
    /// through `pyEqual`, which raises or stops.
    func valuesEqual(_ a: Value, _ b: Value) -> Bool {
        var walk = EqualityWalk(room: nativeRecursionRoom, pairsLeft: pairsPerComparison)
        return equal(a, b, depth: 0, &walk)
    }

    /// Python's ==: RecursionError as CPython when nesting passes the recursion limit.
    /// `used`: levels of C recursion already entered (an enclosing comparison).
    mutating func pyEqual(_ a: Value, _ b: Value, used: Int = 0) throws -> Bool {
        viewComparisonIterator(a, b)
        var walk = EqualityWalk(room: max(1, nativeRecursionRoom - used), pairsLeft: pairsPerComparison)
        let r = equal(a, b, depth: 0, &walk)
        if walk.tooDeep { throw raiseNew(classes.recursionError, "maximum recursion depth exceeded in comparison") }
        if walk.tooLong {
            throw SimulationLimit(message: "stopped inside one comparison (==, in) after \(Machine.group(String(pairsPerComparison), by: 3, with: ",")) pairs of objects (nested containers that share their parts: CPython would not finish either)", line: currentLine)
        }
        return r
    }

    /// One PyObject_RichCompare level per pair of distinct objects compared (an object
    /// compared with itself is equal at once, as PyObject_RichCompareBool's shortcut).
    private func equal(_ a: Value, _ b: Value, depth: Int, _ walk: inout EqualityWalk) -> Bool {
        switch (a, b) {
        case (.none, .none): return true
        case (.str(let x), .str(let y)): return x == y
        case (.builtin(let x), .builtin(let y)): return x == y   // builtins compare by identity (len == len)
        case (.obj(let x), .obj(let y)):
            if x == y { return true }
            if depth >= walk.room { walk.tooDeep = true; return false }
            walk.pairsLeft -= 1
            if walk.tooLong { return false }
            let ox = heap.objects[Int(x)], oy = heap.objects[Int(y)]
            if ox.kind == oy.kind && (ox.kind == .list || ox.kind == .tuple) && ox.items.count == oy.items.count {
                for (p, q) in zip(ox.items, oy.items) {
                    if !equal(p, q, depth: depth + 1, &walk) { return false }
                }
                return true
            }
            // Sets and dicts: each key looked up in the other's hash index (keys are hashable),
            // as set_richcompare and dict_equal do: linear, not quadratic.
            if ox.kind == .set && oy.kind == .set && ox.table.count == oy.table.count {
                for k in ox.table.keys {
                    guard let h = hashValue(k, depth: 0),
                          oy.table.find(hash: h, matches: { equal($0, k, depth: depth + 1, &walk) }) != nil else { return false }
                }
                return true
            }
            if ox.kind == .dict && oy.kind == .dict && ox.table.count == oy.table.count {
                // same keys, equal values (order does not matter)
                for (k, v) in ox.table.pairs {
                    guard let h = hashValue(k, depth: 0),
                          let j = oy.table.find(hash: h, matches: { equal($0, k, depth: depth + 1, &walk) }) else { return false }
                    let w = oy.table.value(at: j)
                    if case .obj(let a) = v, case .obj(let b) = w, a == b { continue }
                    if !equal(v, w, depth: depth + 1, &walk) { return false }
                }
                return true
            }
            if ox.kind == .dictView || oy.kind == .dictView { return viewsEqual(ox, oy, depth: depth, &walk) }
            return false
        default:
            if let x = intValue(a), let y = intValue(b) { return x == y }
            if case .float = a, let x = floatValue(a), let y = floatValue(b) { return x == y }
            if case .float = b, let x = floatValue(a), let y = floatValue(b) { return x == y }
            return false
        }
    }

    /// all_contained_in iterates the view (the left one if both are): an iterator, freed,
    /// and for an items view the iterator's result 2-tuple (measured +1 cold for
    /// `a.items() == b.items()` on 3.11-3.13). Only when the sizes agree (compared first).
    mutating func viewComparisonIterator(_ a: Value, _ b: Value) {
        guard case .obj(let x) = a, case .obj(let y) = b, x != y else { return }
        let ox = heap.objects[Int(x)], oy = heap.objects[Int(y)]
        let isView = { (o: HeapObject) in o.kind == .dictView && o.ref != 1 }
        guard isView(ox) || isView(oy), isView(ox) || ox.kind == .set, isView(oy) || oy.kind == .set else { return }
        let view = isView(ox) ? ox : oy
        func size(_ o: HeapObject) -> Int {
            if o.kind == .set { return o.table.count }
            guard case .obj(let d) = o.items[0] else { return -1 }
            return heap.objects[Int(d)].table.count
        }
        guard size(ox) == size(oy) else { return }
        hold(.dictIter, size: 0)
        if view.ref == 2 { transient(.tuple, size: 2) }
        unhold(.dictIter, size: 0)
    }

    /// dictview_richcompare: a keys or items view equals a view or a set of the same
    /// size whose every element it contains (set semantics, order ignored); a values view
    /// has no comparison of its own (identity, checked before).
    private func viewsEqual(_ ox: HeapObject, _ oy: HeapObject, depth: Int, _ walk: inout EqualityWalk) -> Bool {
        // as a set: its dict's table and whether its elements are (key, value) pairs
        func members(_ o: HeapObject) -> (table: OrderedTable, items: Bool)? {
            switch o.kind {
            case .set: return (o.table, false)
            case .dictView where o.ref != 1:
                guard case .obj(let d) = o.items[0] else { return nil }
                return (heap.objects[Int(d)].table, o.ref == 2)
            default: return nil
            }
        }
        guard let x = members(ox), let y = members(oy), x.table.count == y.table.count else { return false }
        /// Is element `e` of one side (a key, or a key/value pair) in the other?
        func contains(_ side: (table: OrderedTable, items: Bool), key: Value, value: Value?, _ walk: inout EqualityWalk) -> Bool {
            if side.items {
                guard let value = value, let h = hashValue(key, depth: 0),
                      let j = side.table.find(hash: h, matches: { equal($0, key, depth: depth + 1, &walk) }) else { return false }
                return equal(side.table.value(at: j), value, depth: depth + 1, &walk)
            }
            let probe: Value
            if let value = value {
                // a (key, value) pair looked for in a set: only the same tuple or an equal one
                return side.table.keys.contains { k in
                    guard case .obj(let t) = k, heap.objects[Int(t)].kind == .tuple, heap.objects[Int(t)].items.count == 2 else { return false }
                    return equal(heap.objects[Int(t)].items[0], key, depth: depth + 1, &walk)
                        && equal(heap.objects[Int(t)].items[1], value, depth: depth + 1, &walk)
                }
            } else { probe = key }
            guard let h = hashValue(probe, depth: 0) else { return false }
            return side.table.find(hash: h, matches: { equal($0, probe, depth: depth + 1, &walk) }) != nil
        }
        if x.items {
            for (k, v) in x.table.pairs where !contains(y, key: k, value: v, &walk) { return false }
        } else if y.items {
            // a set against an items view: each element must be a (key, value) pair in it
            for e in x.table.keys {
                guard case .obj(let t) = e, heap.objects[Int(t)].kind == .tuple, heap.objects[Int(t)].items.count == 2,
                      contains(y, key: heap.objects[Int(t)].items[0], value: heap.objects[Int(t)].items[1], &walk) else { return false }
            }
        } else {
            for k in x.table.keys where !contains(y, key: k, value: nil, &walk) { return false }
        }
        return true
    }

    func isSame(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.obj(let x), .obj(let y)): return x == y
        case (.none, .none): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y && x >= -5 && x <= 256
        case (.str(let x), .str(let y)): return x == y
        case (.builtin(let x), .builtin(let y)): return x == y
        case (.float(let x), .float(let y)): return x.bitPattern == y.bitPattern
        default: return false
        }
    }

    mutating func compare(_ op: CompareCode, _ l: Value, _ r: Value) throws -> Value {
        switch op {
        case .eq: return .bool(try pyEqual(l, r))
        case .ne: return .bool(!(try pyEqual(l, r)))
        case .is: return .bool(isSame(l, r))
        case .isNot: return .bool(!isSame(l, r))
        case .in, .notIn:
            let found = try contains(r, l)
            return .bool(op == .in ? found : !found)
        case .lt, .le, .gt, .ge:
            let c: Int
            if let a = intValue(l), let b = intValue(r) {
                c = a < b ? -1 : (a == b ? 0 : 1)
            } else if let a = floatValue(l), let b = floatValue(r) {
                if a.isNaN || b.isNaN { return .bool(false) }
                c = a < b ? -1 : (a == b ? 0 : 1)
            } else if case .str(let a) = l, case .str(let b) = r {
                c = a < b ? -1 : (a == b ? 0 : 1)
            } else if case .obj(let a) = l, case .obj(let b) = r,
                      heap.objects[Int(a)].kind == heap.objects[Int(b)].kind,
                      heap.objects[Int(a)].kind == .list || heap.objects[Int(a)].kind == .tuple {
                // Lexicographic: the first pair of items that differ decides, with the same operator.
                let xs = heap.objects[Int(a)].items, ys = heap.objects[Int(b)].items
                var differing: Int?
                // Nested lists recurse natively: bounded like CPython's recursion limit.
                comparisonDepth += 1
                defer { comparisonDepth -= 1 }
                if comparisonDepth >= nativeRecursionRoom {
                    throw raiseNew(classes.recursionError, "maximum recursion depth exceeded in comparison")
                }
                for i in 0..<min(xs.count, ys.count) where !isSame(xs[i], ys[i]) {
                    if !(try pyEqual(xs[i], ys[i], used: comparisonDepth)) { differing = i; break }
                }
                if let i = differing {
                    return try compare(op, xs[i], ys[i])
                }
                c = xs.count < ys.count ? -1 : (xs.count == ys.count ? 0 : 1)
            } else {
                let sym = ["<", "<=", ">", ">="][Int(op.rawValue - CompareCode.lt.rawValue)]
                throw raiseNew(classes.typeError, "'\(sym)' not supported between instances of '\(typeName(of: l))' and '\(typeName(of: r))'")
            }
            switch op {
            case .lt: return .bool(c < 0)
            case .le: return .bool(c <= 0)
            case .gt: return .bool(c > 0)
            default: return .bool(c >= 0)
            }
        }
    }

    mutating func contains(_ container: Value, _ item: Value) throws -> Bool {
        switch container {
        case .str(let s):
            guard case .str(let sub) = item else {
                throw raiseNew(classes.typeError, "'in <string>' requires string as left operand, not \(typeName(of: item))")
            }
            return sub.isEmpty || s.contains(sub)
        case .obj(let id):
            let o = heap.objects[Int(id)]
            switch o.kind {
            case .list, .tuple:
                for v in o.items where isSame(v, item) { return true }
                for v in o.items where try pyEqual(v, item) { return true }
                return false
            case .dict, .set: return try dictIndex(id, item) != nil
            case .dictView:
                guard case .obj(let d) = o.items[0] else { return false }
                switch o.ref {
                case 0: return try dictIndex(d, item) != nil
                case 1:
                    for v in heap.objects[Int(d)].table.values where try isSame(v, item) || pyEqual(v, item) { return true }
                    return false
                default:
                    guard case .obj(let t) = item, heap.objects[Int(t)].kind == .tuple, heap.objects[Int(t)].items.count == 2 else { return false }
                    let kv = heap.objects[Int(t)].items
                    guard let i = try dictIndex(d, kv[0]) else { return false }
                    return try pyEqual(dictValue(d, at: i), kv[1])
                }
            case .range:
                guard let i = intValue(item) else { return false }
                let step = intValue(o.items[0]) ?? 1
                // The distance and the step's size as unsigned: `i - start` and `-step` overflow
                // for ranges that span the 64-bit edges (a step of -2**63).
                return step > 0 ? (i >= o.ref && i < o.ref2 && UInt(bitPattern: i &- o.ref) % step.magnitude == 0)
                                : (i <= o.ref && i > o.ref2 && UInt(bitPattern: o.ref &- i) % step.magnitude == 0)
            default:
                if let f = specialMethod(container, containsName) {
                    incref(container); incref(item)
                    let r = try callSpecial(f, [container, item])
                    defer { decref(r) }
                    return try truthy(r)
                }
            }
        default: break
        }
        throw raiseNew(classes.typeError, "argument of type '\(typeName(of: container))' is not iterable")
    }

    mutating func truthy(_ v: Value) throws -> Bool {
        switch v {
        case .none, .undefined: return false
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .float(let d): return d != 0
        case .str(let s): return !s.isEmpty
        case .builtin: return true
        case .obj(let id):
            let o = heap.objects[Int(id)]
            switch o.kind {
            case .list, .tuple: return !o.items.isEmpty
            case .dict, .set: return !o.table.isEmpty
            case .dictView:
                guard case .obj(let d) = o.items[0] else { return false }
                return !heap.objects[Int(d)].table.isEmpty
            case .range: return (intValue(o.items[0]) ?? 1) > 0 ? o.ref < o.ref2 : o.ref > o.ref2
            case .instance:
                // slot_nb_bool: no __bool__, so __len__ (a library class's, such as WeakValueDictionary's)
                guard let f = specialMethod(v, lenName) else { return true }
                incref(v)
                let r = try callSpecial(f, [v])
                defer { decref(r) }
                return try truthy(r)
            default: return true
            }
        }
    }
}
