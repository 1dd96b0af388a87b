// Objects: attributes and methods, containers, operators, iteration, text.

extension Machine {

    // MARK: containers

    mutating func makeTuple(_ items: [Value]) -> Value {
        if items.isEmpty {
            incref(classes.emptyTuple)
            return .obj(classes.emptyTuple)
        }
        var t = HeapObject(kind: .tuple)
        t.items = items
        return .obj(allocate(t))
    }

    /// `freeList: false` for list(): allocated through tp_alloc, never from the free list.
    mutating func makeList(_ items: [Value], freeList: Bool = true) -> Value {
        var l = HeapObject(kind: .list)
        l.items = items
        return .obj(allocate(l, freeList: freeList))
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
        try checkHashable(key)
        if heap.objects[Int(d)].gen < 0 && (mayBeTracked(key) || mayBeTracked(value)) {
            heap.track(d, generation: 0)
        }
        if let i = dictIndex(d, key) {
            let old = heap.objects[Int(d)].items[i]
            heap.objects[Int(d)].items[i] = value
            decref(key)
            decref(old)
        } else {
            heap.objects[Int(d)].keys.append(key)
            heap.objects[Int(d)].items.append(value)
        }
    }

    func dictIndex(_ d: Int32, _ key: Value) -> Int? {
        let keys = heap.objects[Int(d)].keys
        for i in keys.indices where valuesEqual(keys[i], key) { return i }
        return nil
    }

    mutating func checkHashable(_ key: Value) throws {
        if case .obj(let id) = key {
            let k = heap.objects[Int(id)].kind
            if k == .list || k == .dict {
                throw raiseNew(classes.typeError, "unhashable type: '\(typeName(of: key))'")
            }
        }
    }

    // MARK: attributes

    func lookupClassAttr(_ cls: Int32, _ nameID: Int32) -> Value? {
        var c = cls
        var hops = 0
        while c >= 0 && hops < 100 {
            if let i = heap.objects[Int(c)].names.firstIndex(of: nameID) { return heap.objects[Int(c)].items[i] }
            c = heap.objects[Int(c)].typeID
            hops += 1
        }
        if nameID == program.known.initName && isSubclass(cls, classes.baseException) {
            return .builtin(Builtin.exceptionInit.rawValue)
        }
        return nil
    }

    func isSubclass(_ cls: Int32, _ base: Int32) -> Bool {
        guard base >= 0 else { return false }
        var c = cls
        var hops = 0
        while c >= 0 && hops < 100 {
            if c == base { return true }
            c = heap.objects[Int(c)].typeID
            hops += 1
        }
        return false
    }

    /// An attribute as stored (no binding, no reference taken), or nil.
    func attributeValue(_ obj: Value, _ nameID: Int32) -> Value? {
        guard case .obj(let id) = obj else { return nil }
        let o = heap.objects[Int(id)]
        switch o.kind {
        case .instance, .module, .cls:
            if let i = o.names.firstIndex(of: nameID) {
                let v = o.items[i]
                return v.isUndefined ? nil : v
            }
            return nil
        default:
            return nil
        }
    }

    func attribute(_ obj: Value, _ nameID: Int32) -> Value? {
        attributeValue(obj, nameID)
    }

    /// `obj.name(...)` without making a bound method (3.11's LOAD_METHOD), when possible.
    /// The result is borrowed: the caller takes its own reference.
    func methodWithoutBinding(_ obj: Value, _ nameID: Int32) -> Value? {
        switch obj {
        case .obj(let id):
            let kind = heap.objects[Int(id)].kind
            switch kind {
            case .instance:
                if heap.objects[Int(id)].names.contains(nameID) { return nil }
                if let v = lookupClassAttr(heap.objects[Int(id)].typeID, nameID) {
                    if case .obj(let f) = v, heap.objects[Int(f)].kind == .function { return v }
                    if case .builtin = v { return v }
                }
                return nil
            case .list, .dict:
                return nativeMethod(for: kind, name(nameID)).map { .builtin($0.rawValue) }
            default:
                return nil
            }
        case .str:
            return nativeMethod(forString: name(nameID)).map { .builtin($0.rawValue) }
        default:
            return nil
        }
    }

    /// dir(object): every instance and class has these (as slot wrappers or method-wrappers);
    /// gctrap does not model them, so reading one is reported, not a made-up AttributeError.
    static let objectAttributes: Set<String> = [
        "__class__", "__delattr__", "__dir__", "__doc__", "__eq__", "__format__", "__ge__",
        "__getattribute__", "__getstate__", "__gt__", "__hash__", "__init__", "__init_subclass__",
        "__le__", "__lt__", "__ne__", "__new__", "__reduce__", "__reduce_ex__", "__repr__",
        "__setattr__", "__sizeof__", "__str__", "__subclasshook__"]

    mutating func getAttr(_ obj: Value, _ nameID: Int32) throws -> Value {
        let attr = name(nameID)
        switch obj {
        case .obj(let id):
            let o = heap.objects[Int(id)]
            switch o.kind {
            case .instance:
                if let i = o.names.firstIndex(of: nameID) { let v = o.items[i]; incref(v); return v }
                if attr == "__class__" { incref(o.typeID); return .obj(o.typeID) }
                if isSubclass(o.typeID, classes.baseException),
                   ["__traceback__", "__context__", "__cause__"].contains(attr) {
                    return .none
                }
                if let v = lookupClassAttr(o.typeID, nameID) {
                    if case .obj(let f) = v, heap.objects[Int(f)].kind == .function {
                        var m = HeapObject(kind: .boundMethod)
                        incref(v); incref(obj)
                        m.items = [v, obj]
                        return .obj(allocate(m))
                    }
                    incref(v)
                    return v
                }
            case .cls:
                if attr == "__name__" { return .str(o.name) }
                if let v = lookupClassAttr(id, nameID) { incref(v); return v }
                if Self.objectAttributes.contains(attr) {
                    throw SimulationLimit(message: "\(o.name).\(attr) (inherited from object) is not supported by gctrap", line: currentLine)
                }
                throw raiseNew(classes.attributeError, "type object '\(o.name)' has no attribute '\(attr)'")
            case .module:
                if attr == "__name__" { return .str(o.name) }
                if let i = o.names.firstIndex(of: nameID), !o.items[i].isUndefined {
                    let v = o.items[i]; incref(v); return v
                }
                if o.name == "gc", Self.cpythonGCNames.contains(attr) {
                    throw SimulationLimit(message: "gc.\(attr) is not supported by gctrap", line: currentLine)
                }
                throw raiseNew(classes.attributeError, "module '\(o.name)' has no attribute '\(attr)'")
            case .function:
                if attr == "__name__" { return .str(o.name) }
            case .boundMethod:
                if attr == "__self__" { let v = o.items[1]; incref(v); return v }
                if attr == "__func__" { let v = o.items[0]; incref(v); return v }
            case .list, .dict:
                if let b = nativeMethod(for: o.kind, attr) {
                    var m = HeapObject(kind: .nativeMethod)
                    incref(obj)
                    m.items = [obj]
                    m.ref = Int(b.rawValue)
                    return .obj(allocate(m))
                }
            case .frame:
                if attr == "f_lineno" { return .int(o.ref2) }
            case .traceback:
                if attr == "tb_next" { let v = o.items[0]; incref(v); return v }
                if attr == "tb_frame" { let v = o.items[1]; incref(v); return v }
                if attr == "tb_lineno" { return .int(o.ref) }
            default:
                break
            }
        default:
            break
        }
        // A method CPython has but gctrap does not: say so, never a made-up AttributeError.
        let t = typeName(of: obj)
        if case .obj(let id) = obj, heap.objects[Int(id)].kind == .instance, Self.objectAttributes.contains(attr) {
            throw SimulationLimit(message: "\(t).\(attr) (inherited from object) is not supported by gctrap", line: currentLine)
        }
        if let names = Self.cpythonBuiltinMethods[t], names.contains(attr) {
            throw SimulationLimit(message: "\(t).\(attr) is not supported by gctrap", line: currentLine)
        }
        throw raiseNew(classes.attributeError, "'\(t)' object has no attribute '\(attr)'")
    }

    /// Public attributes of CPython 3.11-3.13's built-in types and gc module (dir()), so
    /// that the ones gctrap lacks are reported as unsupported instead of missing.
    static let cpythonBuiltinMethods: [String: Set<String>] = [
        "str": ["capitalize", "casefold", "center", "count", "encode", "endswith", "expandtabs", "find",
                "format", "format_map", "index", "isalnum", "isalpha", "isascii", "isdecimal", "isdigit",
                "isidentifier", "islower", "isnumeric", "isprintable", "isspace", "istitle", "isupper",
                "join", "ljust", "lower", "lstrip", "maketrans", "partition", "removeprefix", "removesuffix",
                "replace", "rfind", "rindex", "rjust", "rpartition", "rsplit", "rstrip", "split",
                "splitlines", "startswith", "strip", "swapcase", "title", "translate", "upper", "zfill"],
        "list": ["append", "clear", "copy", "count", "extend", "index", "insert", "pop", "remove", "reverse", "sort"],
        "dict": ["clear", "copy", "fromkeys", "get", "items", "keys", "pop", "popitem", "setdefault", "update", "values"],
        "tuple": ["count", "index"],
        "int": ["as_integer_ratio", "bit_count", "bit_length", "conjugate", "denominator", "from_bytes", "imag",
                "numerator", "real", "to_bytes"],
        "bool": ["as_integer_ratio", "bit_count", "bit_length", "conjugate", "denominator", "from_bytes", "imag",
                 "numerator", "real", "to_bytes"],
    ]
    static let cpythonGCNames: Set<String> = [
        "DEBUG_COLLECTABLE", "DEBUG_LEAK", "DEBUG_SAVEALL", "DEBUG_STATS", "DEBUG_UNCOLLECTABLE", "callbacks",
        "collect", "disable", "enable", "freeze", "garbage", "get_count", "get_debug", "get_freeze_count",
        "get_objects", "get_referents", "get_referrers", "get_stats", "get_threshold", "is_finalized",
        "is_tracked", "isenabled", "set_debug", "set_threshold", "unfreeze"]

    /// Takes the reference of `v`.
    mutating func setAttr(_ obj: Value, _ nameID: Int32, _ v: Value) throws {
        guard case .obj(let id) = obj else {
            decref(v)
            throw raiseNew(classes.attributeError, "'\(typeName(of: obj))' object has no attribute '\(name(nameID))'")
        }
        switch heap.objects[Int(id)].kind {
        case .instance:
            if heap.objects[Int(id)].typeID == connectionClass || (connectionClass >= 0 && isSubclass(heap.objects[Int(id)].typeID, connectionClass)) {
                noteConnectionAttribute(id, nameID, v)
            }
            noteExceptionDict(id, nameID)
            setInstanceAttr(id, nameID, v)
        case .cls:
            setNamespace(id, nameID, v)
        case .module:
            setNamespace(id, nameID, v)
        default:
            decref(v)
            throw raiseNew(classes.attributeError, "'\(typeName(of: obj))' object attribute '\(name(nameID))' is read-only")
        }
    }

    /// Exceptions have no inline values: the first attribute stored outside BaseException's
    /// own fields (args, __traceback__, __context__, __cause__, __suppress_context__)
    /// creates the instance's `__dict__`, a dict (+1 unless the dict free list has one;
    /// measured: `self.code = code` in an Exception subclass's `__init__` adds 1 on
    /// 3.11-3.13). Modelled as a held dict (`ref2` = 1) released when the instance dies.
    mutating func noteExceptionDict(_ id: Int32, _ nameID: Int32) {
        guard heap.objects[Int(id)].ref2 == 0, nameID < program.known.traceback || nameID > program.known.args,
              isSubclass(heap.objects[Int(id)].typeID, classes.baseException) else { return }
        heap.objects[Int(id)].ref2 = 1
        hold(.dict, size: 0)
    }

    /// Takes the reference of `v`; drops the old value.
    mutating func setInstanceAttr(_ id: Int32, _ nameID: Int32, _ v: Value) {
        if let i = heap.objects[Int(id)].names.firstIndex(of: nameID) {
            let old = heap.objects[Int(id)].items[i]
            heap.objects[Int(id)].items[i] = v
            decref(old)
        } else {
            heap.objects[Int(id)].names.append(nameID)
            heap.objects[Int(id)].items.append(v)
        }
    }

    mutating func setNamespace(_ id: Int32, _ nameID: Int32, _ v: Value) {
        setInstanceAttr(id, nameID, v)
    }

    mutating func deleteAttr(_ obj: Value, _ nameID: Int32) throws {
        guard case .obj(let id) = obj, let i = heap.objects[Int(id)].names.firstIndex(of: nameID),
              !heap.objects[Int(id)].items[i].isUndefined else {
            throw raiseNew(classes.attributeError, "'\(typeName(of: obj))' object has no attribute '\(name(nameID))'")
        }
        heap.objects[Int(id)].names.remove(at: i)
        let old = heap.objects[Int(id)].items.remove(at: i)
        decref(old)
    }

    func moduleName(_ v: Value) -> String {
        if case .obj(let id) = v { return heap.objects[Int(id)].name }
        return "?"
    }

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
            try checkHashable(key)
            if let i = dictIndex(id, key) { let v = o.items[i]; incref(v); return v }
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
            guard let i = dictIndex(id, key) else { throw raiseKeyError(key) }
            let k = heap.objects[Int(id)].keys.remove(at: i)
            let old = heap.objects[Int(id)].items.remove(at: i)
            decref(k)
            decref(old)
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

    // MARK: operators

    func intValue(_ v: Value) -> Int? {
        switch v {
        case .int(let i): return i
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }

    mutating func binary(_ op: BinaryCode, _ l: Value, _ r: Value, inplace: Bool) throws -> Value {
        if let a = intValue(l), let b = intValue(r) {
            switch op {
            case .add:
                let (v, o) = a.addingReportingOverflow(b)
                if o { throw SimulationLimit(message: "integer overflow: gctrap's ints are 64-bit", line: currentLine) }
                return .int(v)
            case .sub:
                let (v, o) = a.subtractingReportingOverflow(b)
                if o { throw SimulationLimit(message: "integer overflow: gctrap's ints are 64-bit", line: currentLine) }
                return .int(v)
            case .mul:
                let (v, o) = a.multipliedReportingOverflow(by: b)
                if o { throw SimulationLimit(message: "integer overflow: gctrap's ints are 64-bit", line: currentLine) }
                return .int(v)
            case .floorDiv, .mod:
                if b == 0 { throw raiseNew(classes.zeroDivisionError, op == .mod ? "integer modulo by zero" : "integer division or modulo by zero") }
                var q = a / b
                if (a % b != 0) && ((a < 0) != (b < 0)) { q -= 1 }
                return op == .floorDiv ? .int(q) : .int(a - q * b)
            }
        }
        switch (op, l, r) {
        case (.add, .str(let a), .str(let b)):
            if a.utf8.count + b.utf8.count > 10_000_000 {
                throw SimulationLimit(message: "string larger than 10 MB", line: currentLine)
            }
            return .str(a + b)
        case (.mul, .str(let a), _) where intValue(r) != nil:
            let n = max(0, intValue(r)!)
            if a.utf8.count * n > 10_000_000 { throw SimulationLimit(message: "string larger than 10 MB", line: currentLine) }
            return .str(String(repeating: a, count: n))
        case (.add, .obj(let a), .obj(let b)):
            let ka = heap.objects[Int(a)].kind, kb = heap.objects[Int(b)].kind
            if ka == kb && (ka == .list || ka == .tuple) {
                let items = heap.objects[Int(b)].items
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
                let n = max(0, intValue(r)!)
                let src = heap.objects[Int(a)].items
                if src.count * n > 1_000_000 { throw SimulationLimit(message: "sequence larger than 1,000,000 items", line: currentLine) }
                var all: [Value] = []
                for _ in 0..<n { for v in src { incref(v); all.append(v) } }
                return k == .list ? makeList(all) : makeTuple(all)
            }
        case (.mod, .str, _):
            throw SimulationLimit(message: "%-formatting of strings is not supported by gctrap (use + and str())", line: currentLine)
        default:
            break
        }
        let sym = ["+", "-", "*", "//", "%"][Int(op.rawValue)]
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
        default:
            guard let i = intValue(x) else {
                throw raiseNew(classes.typeError, "bad operand type for unary \(op == 0 ? "-" : "+"): '\(typeName(of: x))'")
            }
            return .int(op == 0 ? -i : i)
        }
    }

    func valuesEqual(_ a: Value, _ b: Value, depth: Int = 0) -> Bool {
        if depth > 200 { return false }   // deeper nesting than any scenario compares
        switch (a, b) {
        case (.none, .none): return true
        case (.str(let x), .str(let y)): return x == y
        case (.obj(let x), .obj(let y)):
            if x == y { return true }
            let ox = heap.objects[Int(x)], oy = heap.objects[Int(y)]
            if ox.kind == oy.kind && (ox.kind == .list || ox.kind == .tuple) && ox.items.count == oy.items.count {
                return zip(ox.items, oy.items).allSatisfy { valuesEqual($0, $1, depth: depth + 1) }
            }
            if ox.kind == .dict && oy.kind == .dict && ox.keys.count == oy.keys.count {
                // same keys, equal values (order does not matter)
                return zip(ox.keys, ox.items).allSatisfy { k, v in
                    guard let j = oy.keys.firstIndex(where: { valuesEqual($0, k, depth: depth + 1) }) else { return false }
                    let w = oy.items[j]
                    if case .obj(let a) = v, case .obj(let b) = w, a == b { return true }
                    return valuesEqual(v, w, depth: depth + 1)
                }
            }
            return false
        default:
            if let x = intValue(a), let y = intValue(b) { return x == y }
            return false
        }
    }

    func isSame(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.obj(let x), .obj(let y)): return x == y
        case (.none, .none): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y && x >= -5 && x <= 256
        case (.str(let x), .str(let y)): return x == y
        case (.builtin(let x), .builtin(let y)): return x == y
        default: return false
        }
    }

    mutating func compare(_ op: CompareCode, _ l: Value, _ r: Value) throws -> Value {
        switch op {
        case .eq: return .bool(valuesEqual(l, r))
        case .ne: return .bool(!valuesEqual(l, r))
        case .is: return .bool(isSame(l, r))
        case .isNot: return .bool(!isSame(l, r))
        case .in, .notIn:
            let found = try contains(r, l)
            return .bool(op == .in ? found : !found)
        case .lt, .le, .gt, .ge:
            let c: Int
            if let a = intValue(l), let b = intValue(r) {
                c = a < b ? -1 : (a == b ? 0 : 1)
            } else if case .str(let a) = l, case .str(let b) = r {
                c = a < b ? -1 : (a == b ? 0 : 1)
            } else if case .obj(let a) = l, case .obj(let b) = r,
                      heap.objects[Int(a)].kind == heap.objects[Int(b)].kind,
                      heap.objects[Int(a)].kind == .list || heap.objects[Int(a)].kind == .tuple {
                // Lexicographic: the first pair of items that differ decides, with the same operator.
                let xs = heap.objects[Int(a)].items, ys = heap.objects[Int(b)].items
                if let i = (0..<min(xs.count, ys.count)).first(where: { !(isSame(xs[$0], ys[$0]) || valuesEqual(xs[$0], ys[$0])) }) {
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
            case .list, .tuple: return o.items.contains { isSame($0, item) || valuesEqual($0, item) }
            case .dict: try checkHashable(item); return dictIndex(id, item) != nil
            case .range:
                guard let i = intValue(item) else { return false }
                let step = intValue(o.items[0]) ?? 1
                return step > 0 ? (i >= o.ref && i < o.ref2 && (i - o.ref) % step == 0)
                                : (i <= o.ref && i > o.ref2 && (o.ref - i) % (-step) == 0)
            default: break
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
        case .str(let s): return !s.isEmpty
        case .builtin: return true
        case .obj(let id):
            let o = heap.objects[Int(id)]
            switch o.kind {
            case .list, .tuple, .dict: return !o.items.isEmpty
            case .range: return (intValue(o.items[0]) ?? 1) > 0 ? o.ref < o.ref2 : o.ref > o.ref2
            default: return true
            }
        }
    }

    // MARK: iteration

    mutating func makeIterator(_ obj: Value) throws -> Value {
        guard case .obj(let id) = obj else {
            if case .str = obj {
                throw SimulationLimit(message: "iterating over a str is not supported by gctrap", line: currentLine)
            }
            throw raiseNew(classes.typeError, "'\(typeName(of: obj))' object is not iterable")
        }
        let o = heap.objects[Int(id)]
        switch o.kind {
        case .list, .tuple:
            var it = HeapObject(kind: .listIter)
            incref(obj)
            it.items = [obj]
            return .obj(allocate(it))
        case .dict:
            var it = HeapObject(kind: .dictIter)
            incref(obj)
            it.items = [obj]
            return .obj(allocate(it))
        case .range:
            var it = HeapObject(kind: .rangeIter)
            it.ref = o.ref
            it.ref2 = o.ref2
            it.items = o.items
            return .obj(allocate(it, track: false))
        case .listIter, .dictIter, .rangeIter, .taskIter:
            incref(obj)
            return obj
        default:
            throw raiseNew(classes.typeError, "'\(typeName(of: obj))' object is not iterable")
        }
    }

    /// The next item (an owned reference), or nil when exhausted.
    mutating func iterNext(_ iter: Value) throws -> Value? {
        guard case .obj(let id) = iter else { return nil }
        switch heap.objects[Int(id)].kind {
        case .listIter:
            guard case .obj(let seq) = heap.objects[Int(id)].items[0] else { return nil }
            let pos = heap.objects[Int(id)].ref
            if pos < heap.objects[Int(seq)].items.count {
                heap.objects[Int(id)].ref += 1
                let v = heap.objects[Int(seq)].items[pos]
                incref(v)
                return v
            }
            return nil
        case .dictIter:
            let o = heap.objects[Int(id)]
            guard case .obj(let d) = o.items[0] else { return nil }
            let keys = heap.objects[Int(d)].keys
            if o.ref < keys.count {
                heap.objects[Int(id)].ref += 1
                let v = keys[o.ref]
                incref(v)
                return v
            }
            return nil
        case .rangeIter:
            let o = heap.objects[Int(id)]
            let step = intValue(o.items[0]) ?? 1
            if (step > 0 && o.ref < o.ref2) || (step < 0 && o.ref > o.ref2) {
                heap.objects[Int(id)].ref += step
                return .int(o.ref)
            }
            return nil
        case .taskIter:
            return taskNext(id)
        default:
            return nil
        }
    }

    // MARK: text

    func plainText(_ v: Value) -> String {
        if case .str(let s) = v { return s }
        return reprText(v)
    }

    func reprText(_ v: Value, depth: Int = 0) -> String {
        switch v {
        case .undefined: return "<undefined>"
        case .none: return "None"
        case .bool(let b): return b ? "True" : "False"
        case .int(let i): return String(i)
        case .str(let s):
            let q = s.contains("'") && !s.contains("\"") ? "\"" : "'"
            var body = ""
            for ch in s {
                switch ch {
                case "\\": body += "\\\\"
                case "\n": body += "\\n"
                case "\t": body += "\\t"
                case "'" where q == "'": body += "\\'"
                default: body.append(ch)
                }
            }
            return q + body + q
        case .builtin(let b): return "<built-in function \(Builtin(rawValue: b)?.pythonName ?? "?")>"
        case .obj(let id):
            let o = heap.objects[Int(id)]
            if depth > 3 { return "..." }
            switch o.kind {
            case .list: return "[" + o.items.map { reprText($0, depth: depth + 1) }.joined(separator: ", ") + "]"
            case .tuple:
                let inner = o.items.map { reprText($0, depth: depth + 1) }.joined(separator: ", ")
                return o.items.count == 1 ? "(\(inner),)" : "(\(inner))"
            case .dict:
                return "{" + zip(o.keys, o.items).map { reprText($0, depth: depth + 1) + ": " + reprText($1, depth: depth + 1) }.joined(separator: ", ") + "}"
            case .instance:
                if isSubclass(o.typeID, classes.baseException) {
                    return "\(heap.objects[Int(o.typeID)].name)(\(argsText(id)))"
                }
                return "<\(classModuleName(o.typeID)).\(heap.objects[Int(o.typeID)].name) object at \(address(id))>"
            case .cls:
                return o.ref2 < 0 ? "<class '\(o.name)'>" : "<class '\(classModuleName(id)).\(o.name)'>"
            case .function: return "<function \(o.name) at \(address(id))>"
            case .module: return "<module '\(o.name)'>"
            case .range:
                let step = intValue(o.items[0]) ?? 1
                return step == 1 ? "range(\(o.ref), \(o.ref2))" : "range(\(o.ref), \(o.ref2), \(step))"
            default: return "<\(typeName(of: v)) object at \(address(id))>"
            }
        }
    }

    func argsText(_ exc: Int32) -> String {
        guard let args = attributeValue(.obj(exc), program.known.args),
              case .obj(let t) = args else { return "" }
        return heap.objects[Int(t)].items.map { reprText($0) }.joined(separator: ", ")
    }

    func classModuleName(_ cls: Int32) -> String {
        let m = heap.objects[Int(cls)].ref2
        return m >= 0 && m < program.modules.count ? program.modules[m].name : "builtins"
    }

    func address(_ id: Int32) -> String {
        "0x7f" + String(0x10_0000 + Int(id) * 0x40, radix: 16)
    }

    /// str(x), calling a user-defined __str__ when there is one.
    /// The first repr of a non-empty list or tuple, or of any dict, calls Py_ReprEnter,
    /// which makes the thread state's dict and, in it, the list of objects being repr'd
    /// (both kept for good): two GC objects, once per process (measured +2 on 3.11-3.13;
    /// `[]` and `()` return before Py_ReprEnter). An exception's repr/str goes through its
    /// args: the tuple when it has 2 or more, the single argument otherwise.
    mutating func noteContainerRepr(_ v: Value) {
        guard !reprListMade, case .obj(let id) = v else { return }
        let o = heap.objects[Int(id)]
        switch o.kind {
        case .list, .tuple:
            if o.items.isEmpty { return }
        case .dict:
            break
        case .instance where isSubclass(o.typeID, classes.baseException):
            if lookupClassAttr(o.typeID, program.known.repr) != nil || lookupClassAttr(o.typeID, program.known.str) != nil { return }
            guard let args = attributeValue(v, program.known.args), case .obj(let t) = args,
                  heap.objects[Int(t)].kind == .tuple else { return }
            let items = heap.objects[Int(t)].items
            if items.count == 1 { noteContainerRepr(items[0]) }
            if items.count < 2 { return }
        default:
            return
        }
        reprListMade = true
        hold(.dict, size: 0)
        hold(.list, size: 0)
    }

    mutating func strOf(_ v: Value) throws -> String {
        noteContainerRepr(v)
        if case .obj(let id) = v, heap.objects[Int(id)].kind == .instance {
            let cls = heap.objects[Int(id)].typeID
            for special in ["__str__", "__repr__"] {
                if let m = lookupClassAttr(cls, program.intern(special)), case .obj(let f) = m,
                   heap.objects[Int(f)].kind == .function {
                    incref(v)
                    if let exc = callNested(m, args: [v]) { throw PyException(exc: exc) }
                    let r = nestedResult
                    nestedResult = .none
                    guard case .str(let s) = r else {
                        decref(r)
                        throw raiseNew(classes.typeError, "\(special) returned non-string (type \(typeName(of: r)))")
                    }
                    return s
                }
            }
            if isSubclass(cls, classes.baseException) { return exceptionMessage(id) }
        }
        return plainText(v)
    }
}
