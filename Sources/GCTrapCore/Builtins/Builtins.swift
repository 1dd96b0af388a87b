// Native functions: the builtins of the subset, list/dict/str methods, and the
// `gc` and `gctrap` modules. Each behaves as CPython's does for the same call,
// including the objects it allocates.

enum Builtin: Int32, CaseIterable {
    case len, range, print, isinstance, list, dict, str, int, repr, bool, tuple, min, max, abs, sum, type, id, issubclass
    case exceptionInit
    // list methods
    case listAppend, listPop, listRemove, listInsert, listClear, listExtend, listIndex, listCount
    // dict methods
    case dictGet, dictPop, dictSetdefault, dictClear, dictViews
    // str methods
    case strJoin, strStartswith, strEndswith, strUpper, strLower, strStrip
    // gc
    case gcCollect, gcGetCount, gcGetThreshold, gcSetThreshold, gcEnable, gcDisable, gcIsEnabled
    case gcGetStats, gcFreeze, gcUnfreeze, gcGetFreezeCount, gcIsTracked
    // gctrap
    case gctrapTasks, gctrapTask
    // weakref
    case weakrefRef

    var pythonName: String {
        switch self {
        case .len: return "len"
        case .range: return "range"
        case .print: return "print"
        case .isinstance: return "isinstance"
        case .list: return "list"
        case .dict: return "dict"
        case .str: return "str"
        case .int: return "int"
        case .repr: return "repr"
        case .bool: return "bool"
        case .tuple: return "tuple"
        case .min: return "min"
        case .max: return "max"
        case .abs: return "abs"
        case .sum: return "sum"
        case .type: return "type"
        case .id: return "id"
        case .issubclass: return "issubclass"
        case .exceptionInit: return "__init__"
        case .listAppend: return "append"
        case .listPop, .dictPop: return "pop"
        case .listRemove: return "remove"
        case .listInsert: return "insert"
        case .listClear, .dictClear: return "clear"
        case .listExtend: return "extend"
        case .listIndex: return "index"
        case .listCount: return "count"
        case .dictGet: return "get"
        case .dictSetdefault: return "setdefault"
        case .dictViews: return "items"
        case .strJoin: return "join"
        case .strStartswith: return "startswith"
        case .strEndswith: return "endswith"
        case .strUpper: return "upper"
        case .strLower: return "lower"
        case .strStrip: return "strip"
        case .gcCollect: return "collect"
        case .gcGetCount: return "get_count"
        case .gcGetThreshold: return "get_threshold"
        case .gcSetThreshold: return "set_threshold"
        case .gcEnable: return "enable"
        case .gcDisable: return "disable"
        case .gcIsEnabled: return "isenabled"
        case .gcGetStats: return "get_stats"
        case .gcFreeze: return "freeze"
        case .gcUnfreeze: return "unfreeze"
        case .gcGetFreezeCount: return "get_freeze_count"
        case .gcIsTracked: return "is_tracked"
        case .gctrapTasks: return "tasks"
        case .gctrapTask: return "task"
        case .weakrefRef: return "ref"
        }
    }

    static let globals: [Builtin] = [.len, .range, .print, .isinstance, .list, .dict, .str, .int, .repr, .bool,
                                     .tuple, .min, .max, .abs, .sum, .type, .id, .issubclass]
    static let gcModule: [Builtin] = [.gcCollect, .gcGetCount, .gcGetThreshold, .gcSetThreshold, .gcEnable,
                                      .gcDisable, .gcIsEnabled, .gcGetStats, .gcFreeze, .gcUnfreeze,
                                      .gcGetFreezeCount, .gcIsTracked]
    static let gctrapModule: [Builtin] = [.gctrapTasks, .gctrapTask]
    static let weakrefModule: [Builtin] = [.weakrefRef]
}

/// Built-in classes the scenarios can name or that the VM raises.
struct BuiltinClasses {
    var object: Int32 = -1
    var baseException: Int32 = -1
    var exception: Int32 = -1
    var typeError: Int32 = -1
    var valueError: Int32 = -1
    var keyError: Int32 = -1
    var indexError: Int32 = -1
    var runtimeError: Int32 = -1
    var recursionError: Int32 = -1
    var nameError: Int32 = -1
    var unboundLocalError: Int32 = -1
    var attributeError: Int32 = -1
    var zeroDivisionError: Int32 = -1
    var assertionError: Int32 = -1
    var importError: Int32 = -1
    var moduleNotFoundError: Int32 = -1
    var lookupError: Int32 = -1
    var arithmeticError: Int32 = -1
    var stopIteration: Int32 = -1
    var notImplementedError: Int32 = -1
    var emptyTuple: Int32 = -1
}

extension Machine {

    /// Creates the built-in classes and the native modules. Runs before the program; the
    /// objects it makes are part of the long-lived heap.
    mutating func bootstrap() {
        func cls(_ name: String, _ base: Int32) -> Int32 {
            var c = HeapObject(kind: .cls)
            c.name = name
            c.typeID = base
            c.ref2 = -1
            if base >= 0 { incref(base) }
            let id = allocate(c)
            builtins[program.intern(name)] = .obj(id)
            incref(id)   // held by the builtins table
            return id
        }
        classes.object = cls("object", -1)
        classes.baseException = cls("BaseException", classes.object)
        classes.exception = cls("Exception", classes.baseException)
        classes.typeError = cls("TypeError", classes.exception)
        classes.valueError = cls("ValueError", classes.exception)
        classes.lookupError = cls("LookupError", classes.exception)
        classes.keyError = cls("KeyError", classes.lookupError)
        classes.indexError = cls("IndexError", classes.lookupError)
        classes.runtimeError = cls("RuntimeError", classes.exception)
        classes.recursionError = cls("RecursionError", classes.runtimeError)
        classes.notImplementedError = cls("NotImplementedError", classes.runtimeError)
        classes.nameError = cls("NameError", classes.exception)
        classes.unboundLocalError = cls("UnboundLocalError", classes.nameError)
        classes.attributeError = cls("AttributeError", classes.exception)
        classes.arithmeticError = cls("ArithmeticError", classes.exception)
        classes.zeroDivisionError = cls("ZeroDivisionError", classes.arithmeticError)
        classes.assertionError = cls("AssertionError", classes.exception)
        classes.importError = cls("ImportError", classes.exception)
        classes.moduleNotFoundError = cls("ModuleNotFoundError", classes.importError)
        classes.stopIteration = cls("StopIteration", classes.exception)
        _ = cls("KeyboardInterrupt", classes.baseException)
        var empty = HeapObject(kind: .tuple)
        empty.refcount = 1
        classes.emptyTuple = heap.store(empty)   // the immortal () singleton: never counted
        for b in Builtin.globals { builtins[program.intern(b.pythonName)] = .builtin(b.rawValue) }
        // Constant tuples exist from the moment the code is loaded, held by their code object.
        constTupleObjects = program.codes.map { code in
            code.constTuples.map { items in
                var t = HeapObject(kind: .tuple)
                t.items = items
                return allocate(t)
            }
        }
        builtins[program.intern("None")] = Value.none
        // Native modules live in the module table like compiled ones.
        for (name, members) in [("gc", Builtin.gcModule), ("gctrap", Builtin.gctrapModule)] {
            var m = HeapObject(kind: .module)
            m.name = name
            m.names = members.map { program.intern($0.pythonName) }
            m.items = members.map { .builtin($0.rawValue) }
            let id = allocate(m)
            nativeModules[program.intern(name)] = id
        }
    }

    func nativeMethod(for kind: ObjKind, _ name: String) -> Builtin? {
        switch (kind, name) {
        case (.list, "append"): return .listAppend
        case (.list, "pop"): return .listPop
        case (.list, "remove"): return .listRemove
        case (.list, "insert"): return .listInsert
        case (.list, "clear"): return .listClear
        case (.list, "extend"): return .listExtend
        case (.list, "index"): return .listIndex
        case (.list, "count"): return .listCount
        case (.dict, "get"): return .dictGet
        case (.dict, "pop"): return .dictPop
        case (.dict, "setdefault"): return .dictSetdefault
        case (.dict, "clear"): return .dictClear
        case (.dict, "items"), (.dict, "keys"), (.dict, "values"): return .dictViews
        default: return nil
        }
    }

    func nativeMethod(forString name: String) -> Builtin? {
        switch name {
        case "join": return .strJoin
        case "startswith": return .strStartswith
        case "endswith": return .strEndswith
        case "upper": return .strUpper
        case "lower": return .strLower
        case "strip": return .strStrip
        default: return nil
        }
    }

    /// Runs a native function. `args` are borrowed (the caller drops them); the result is owned.
    mutating func callBuiltin(_ raw: Int32, args: [Value], kwnames: [Int32]) throws -> Value {
        guard let b = Builtin(rawValue: raw) else { fatalError("unknown builtin") }
        if profile.varargsBuiltins.contains(b.pythonName) {
            // METH_VARARGS: the arguments (self excluded) go into a tuple for the call.
            let isMethod = b == .strStartswith || b == .strEndswith
            let n = args.count - kwnames.count - (isMethod ? 1 : 0)
            if n > 0 { transient(.tuple, size: n) }
        }
        let kw = kwnames.map { name($0) }
        let npos = args.count - kw.count
        let pos = Array(args.prefix(npos))
        func keyword(_ k: String) -> Value? {
            if let i = kw.firstIndex(of: k) { return args[npos + i] }
            return nil
        }
        func expect(_ range: ClosedRange<Int>, keywords allowed: [String] = []) throws {
            for k in kw where !allowed.contains(k) {
                throw raiseNew(classes.typeError, "\(b.pythonName)() got an unexpected keyword argument '\(k)'")
            }
            if !range.contains(npos) {
                let want = range.lowerBound == range.upperBound ? "exactly \(range.lowerBound)" :
                    (npos < range.lowerBound ? "at least \(range.lowerBound)" : "at most \(range.upperBound)")
                throw raiseNew(classes.typeError, "\(b.pythonName)() takes \(want) argument\(range.upperBound == 1 ? "" : "s") (\(npos) given)")
            }
        }
        func int(_ v: Value, _ what: String) throws -> Int {
            guard let i = intValue(v) else {
                throw raiseNew(classes.typeError, "'\(typeName(of: v))' object cannot be interpreted as an integer")
            }
            return i
        }
        switch b {
        case .len:
            try expect(1...1)
            switch pos[0] {
            case .str(let s): return .int(s.count)
            case .obj(let id):
                let o = heap.objects[Int(id)]
                switch o.kind {
                case .list, .tuple, .dict: return .int(o.items.count)
                case .range:
                    return .int(try rangeLength(start: o.ref, stop: o.ref2, step: intValue(o.items[0]) ?? 1))
                default: break
                }
            default: break
            }
            throw raiseNew(classes.typeError, "object of type '\(typeName(of: pos[0]))' has no len()")
        case .range:
            try expect(1...3)
            let nums = try pos.map { try int($0, "range") }
            var r = HeapObject(kind: .range)
            switch nums.count {
            case 1: r.ref = 0; r.ref2 = nums[0]; r.items = [.int(1)]
            default:
                r.ref = nums[0]; r.ref2 = nums[1]; r.items = [.int(nums.count == 3 ? nums[2] : 1)]
            }
            if case .int(0) = r.items[0] { throw raiseNew(classes.valueError, "range() arg 3 must not be zero") }
            return .obj(allocate(r, track: false))
        case .print:
            try expect(0...Int.max, keywords: ["sep", "end", "flush"])
            // print(*args): its positional arguments travel in a tuple of their own, alive
            // for the call (measured on 3.11-3.13: print(1, 2) leaves a 2-tuple on its free
            // list, print(x) a 1-tuple).
            if !pos.isEmpty { hold(.tuple, size: pos.count) }
            defer { if !pos.isEmpty { unhold(.tuple, size: pos.count) } }
            let sep = try keyword("sep").map { v -> String in
                if case .none = v { return " " }
                guard case .str(let s) = v else { throw raiseNew(classes.typeError, "sep must be None or a string") }
                return s
            } ?? " "
            let end = try keyword("end").map { v -> String in
                if case .none = v { return "\n" }
                guard case .str(let s) = v else { throw raiseNew(classes.typeError, "end must be None or a string") }
                return s
            } ?? "\n"
            var parts: [String] = []
            for a in pos { parts.append(try strOf(a)) }
            // Writing to stdout allocates no GC object on 3.11-3.13 (measured: 10 writes +0);
            // 3.11's first print() leaves one object for good (+1 once, kept across flushes).
            if profile.firstPrintObject && !printedOnce { printedOnce = true; hold(.list, size: 0) }
            write(parts.joined(separator: sep) + end)
            return .none
        case .isinstance, .issubclass:
            try expect(2...2)
            return .bool(try isInstance(pos[0], pos[1], subclass: b == .issubclass))
        case .list:
            try expect(0...1)
            let items = try pos.isEmpty ? [] : iterableItems(pos[0])
            for v in items { incref(v) }
            return makeList(items, freeList: false)
        case .tuple:
            try expect(0...1)
            let items = try pos.isEmpty ? [] : iterableItems(pos[0])
            if !pos.isEmpty, case .obj(let id) = pos[0], heap.objects[Int(id)].kind == .tuple { incref(pos[0]); return pos[0] }
            for v in items { incref(v) }
            return makeTuple(items)
        case .dict:
            try expect(0...1, keywords: kw)
            let d = makeDict(freeList: false)
            if let src = pos.first {
                guard case .obj(let s) = src, heap.objects[Int(s)].kind == .dict else {
                    throw SimulationLimit(message: "dict() from anything but a dict is not supported by gctrap", line: currentLine, unsupported: true)
                }
                for (k, v) in zip(heap.objects[Int(s)].keys, heap.objects[Int(s)].items) {
                    incref(k); incref(v)
                    try dictSet(d, k, v)
                }
            }
            for (i, k) in kw.enumerated() {
                incref(args[npos + i])
                try dictSet(d, .str(k), args[npos + i])
            }
            return .obj(d)
        case .str:
            try expect(0...1)
            if npos > 0 && buildsArgsTuple(profile.builtinTypeCallTuple) { transient(.tuple, size: npos) }
            return .str(pos.isEmpty ? "" : try strOf(pos[0]))
        case .repr:
            try expect(1...1)
            noteContainerRepr(pos[0])
            return .str(reprText(pos[0]))
        case .int:
            try expect(0...1)
            if npos > 0 && buildsArgsTuple(profile.builtinTypeCallTuple) { transient(.tuple, size: npos) }
            guard let v = pos.first else { return .int(0) }
            if let i = intValue(v) { return .int(i) }
            if case .str(let s) = v, let i = Int(s.trimmingCharacters(in: " ")) { return .int(i) }
            if case .str(let s) = v {
                // A valid literal that does not fit 64 bits: CPython reads it, gctrap stops.
                let t = s.trimmingCharacters(in: " ")
                let digits = t.first == "-" || t.first == "+" ? t.dropFirst() : Substring(t)
                if !digits.isEmpty && digits.allSatisfy({ $0.isASCII && $0.isNumber }) { throw intOverflow() }
            }
            if case .str(let s) = v {
                throw raiseNew(classes.valueError, "invalid literal for int() with base 10: \(reprText(.str(s)))")
            }
            throw raiseNew(classes.typeError, "int() argument must be a string or a number, not '\(typeName(of: v))'")
        case .bool:
            try expect(0...1)
            return .bool(pos.isEmpty ? false : try truthy(pos[0]))
        case .abs:
            try expect(1...1)
            let x = try int(pos[0], "abs")
            return .int(x < 0 ? try checkedNegate(x) : x)
        case .min, .max, .sum:
            try expect(1...Int.max)
            let items = pos.count == 1 ? try iterableItems(pos[0]) : pos
            if b == .sum { return .int(try items.reduce(0) { try checkedAdd($0, try int($1, "sum")) }) }
            guard var best = items.first else {
                throw raiseNew(classes.valueError, "\(b.pythonName)() arg is an empty sequence")
            }
            for v in items.dropFirst() {
                let less = try truthy(try compare(.lt, v, best))
                if (b == .min && less) || (b == .max && !less && !valuesEqual(v, best)) { best = v }
            }
            incref(best)
            return best
        case .type:
            try expect(1...1)
            if case .obj(let id) = pos[0], heap.objects[Int(id)].kind == .instance {
                let c = heap.objects[Int(id)].typeID
                incref(c)
                return .obj(c)
            }
            throw SimulationLimit(message: "type() of a built-in value is not supported by gctrap", line: currentLine, unsupported: true)
        case .id:
            try expect(1...1)
            if case .obj(let i) = pos[0] { return .int(0x7f10_0000 + Int(i) * 0x40) }
            return .int(0)
        case .exceptionInit:
            guard let slf = args.first, case .obj(let e) = slf else { return .none }
            // `Exception.__init__(self, msg)` calls a slot wrapper: it has no vectorcall, so
            // CPython packs all arguments (self included) into a tuple, then slices off self
            // into the new `args` tuple; the first is freed after (measured +1 on 3.11-3.13).
            hold(.tuple, size: args.count)
            let rest = Array(args.dropFirst())
            for v in rest { incref(v) }
            let t = makeTuple(rest)
            setInstanceAttr(e, program.known.args, t)
            unhold(.tuple, size: args.count)
            return .none
        case .listAppend, .listPop, .listRemove, .listInsert, .listClear, .listExtend, .listIndex, .listCount,
             .dictGet, .dictPop, .dictSetdefault, .dictClear, .dictViews,
             .strJoin, .strStartswith, .strEndswith, .strUpper, .strLower, .strStrip:
            return try callMethodBuiltin(b, args: args, kwnames: kw)
        case .gcCollect, .gcGetCount, .gcGetThreshold, .gcSetThreshold, .gcEnable, .gcDisable, .gcIsEnabled,
             .gcGetStats, .gcFreeze, .gcUnfreeze, .gcGetFreezeCount, .gcIsTracked:
            return try callGC(b, pos: pos, keyword: keyword, kw: kw)
        case .weakrefRef:
            try expect(1...2)
            return try makeWeakref(pos)
        case .gctrapTasks:
            try expect(1...1)
            let n = try int(pos[0], "tasks")
            if n < 0 { throw raiseNew(classes.valueError, "tasks() needs a count >= 0") }
            return makeTaskIterator(n)
        case .gctrapTask:
            try expect(0...0)
            return task.map { .int($0) } ?? .none
        }
    }

    mutating func isInstance(_ v: Value, _ spec: Value, subclass: Bool) throws -> Bool {
        switch spec {
        case .builtin(let raw):
            guard !subclass else { return false }
            let kind: ObjKind?
            switch Builtin(rawValue: raw) {
            case .list: kind = .list
            case .dict: kind = .dict
            case .tuple: kind = .tuple
            case .str: if case .str = v { return true }; return false
            case .int: return intValue(v) != nil
            case .bool: if case .bool = v { return true }; return false
            default: throw raiseNew(classes.typeError, "isinstance() arg 2 must be a type, a tuple of types, or a union")
            }
            if case .obj(let id) = v { return heap.objects[Int(id)].kind == kind }
            return false
        case .obj(let id):
            let o = heap.objects[Int(id)]
            if o.kind == .tuple {
                for item in o.items where try isInstance(v, item, subclass: subclass) { return true }
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

    /// Items of a list, tuple, dict (keys) or range, borrowed.
    mutating func iterableItems(_ v: Value) throws -> [Value] {
        guard case .obj(let id) = v else {
            throw raiseNew(classes.typeError, "'\(typeName(of: v))' object is not iterable")
        }
        let o = heap.objects[Int(id)]
        switch o.kind {
        case .list, .tuple: return o.items
        case .dict: return o.keys
        case .range:
            let step = intValue(o.items[0]) ?? 1
            let n = try rangeLength(start: o.ref, stop: o.ref2, step: step)
            try reserve(bytes: ModelledSize.slot * n)
            return (0..<n).map { .int(o.ref &+ $0 &* step) }
        default:
            throw raiseNew(classes.typeError, "'\(typeName(of: v))' object is not iterable")
        }
    }

    mutating func callMethodBuiltin(_ b: Builtin, args: [Value], kwnames kw: [String]) throws -> Value {
        guard let slf = args.first else { throw raiseNew(classes.typeError, "\(b.pythonName)() needs an object") }
        if !kw.isEmpty { throw raiseNew(classes.typeError, "\(b.pythonName)() takes no keyword arguments") }
        let a = Array(args.dropFirst())
        func need(_ n: ClosedRange<Int>) throws {
            if !n.contains(a.count) {
                throw raiseNew(classes.typeError, "\(b.pythonName)() takes \(n.lowerBound == n.upperBound ? "exactly \(n.lowerBound)" : "\(n.lowerBound) to \(n.upperBound)") argument\(n.upperBound == 1 ? "" : "s") (\(a.count) given)")
            }
        }
        if case .str(let s) = slf {
            switch b {
            case .strJoin:
                try need(1...1)
                let parts = try iterableItems(a[0]).map { v -> String in
                    guard case .str(let x) = v else {
                        throw raiseNew(classes.typeError, "sequence item: expected str instance, \(typeName(of: v)) found")
                    }
                    return x
                }
                try reserve(bytes: 49 + parts.reduce(0) { $0 &+ $1.utf8.count } &+ s.utf8.count &* max(0, parts.count - 1))
                return .str(parts.joined(separator: s))
            case .strStartswith, .strEndswith:
                try need(1...1)
                guard case .str(let x) = a[0] else { throw raiseNew(classes.typeError, "\(b.pythonName) first arg must be str") }
                return .bool(b == .strStartswith ? s.hasPrefix(x) : s.hasSuffix(x))
            case .strUpper: try need(0...0); return .str(s.uppercased())
            case .strLower: try need(0...0); return .str(s.lowercased())
            case .strStrip: try need(0...0); return .str(s.trimmingCharacters(in: " "))
            default: break
            }
        }
        guard case .obj(let id) = slf else { throw raiseNew(classes.typeError, "bad method call") }
        switch b {
        case .listAppend:
            try need(1...1)
            incref(a[0])
            try reserve(bytes: ModelledSize.slot)
            heap.objects[Int(id)].items.append(a[0])
            return .none
        case .listPop:
            try need(0...1)
            let n = heap.objects[Int(id)].items.count
            if n == 0 { throw raiseNew(classes.indexError, "pop from empty list") }
            var i = a.isEmpty ? n - 1 : (intValue(a[0]) ?? n - 1)
            if i < 0 { i += n }
            guard i >= 0 && i < n else { throw raiseNew(classes.indexError, "pop index out of range") }
            return heap.objects[Int(id)].items.remove(at: i)   // the reference moves to the caller
        case .listRemove:
            try need(1...1)
            guard let i = heap.objects[Int(id)].items.firstIndex(where: { isSame($0, a[0]) || valuesEqual($0, a[0]) }) else {
                throw raiseNew(classes.valueError, "list.remove(x): x not in list")
            }
            let old = heap.objects[Int(id)].items.remove(at: i)
            decref(old)
            return .none
        case .listInsert:
            try need(2...2)
            let n = heap.objects[Int(id)].items.count
            var i = intValue(a[0]) ?? 0
            if i < 0 { i = max(0, i + n) }
            incref(a[1])
            heap.objects[Int(id)].items.insert(a[1], at: min(i, n))
            return .none
        case .listClear:
            try need(0...0)
            let old = heap.objects[Int(id)].items
            heap.objects[Int(id)].items = []
            for v in old.reversed() { decref(v) }
            return .none
        case .listExtend:
            try need(1...1)
            let items = try iterableItems(a[0])
            try reserve(bytes: ModelledSize.slot * items.count)
            for v in items { incref(v) }
            heap.objects[Int(id)].items.append(contentsOf: items)
            return .none
        case .listIndex:
            try need(1...1)
            guard let i = heap.objects[Int(id)].items.firstIndex(where: { valuesEqual($0, a[0]) }) else {
                throw raiseNew(classes.valueError, "\(reprText(a[0])) is not in list")
            }
            return .int(i)
        case .listCount:
            try need(1...1)
            return .int(heap.objects[Int(id)].items.filter { valuesEqual($0, a[0]) }.count)
        case .dictGet:
            try need(1...2)
            try checkHashable(a[0])
            if let i = dictIndex(id, a[0]) { let v = heap.objects[Int(id)].items[i]; incref(v); return v }
            let d = a.count > 1 ? a[1] : .none
            incref(d)
            return d
        case .dictPop:
            try need(1...2)
            if let i = dictIndex(id, a[0]) {
                let k = heap.objects[Int(id)].keys.remove(at: i)
                let v = heap.objects[Int(id)].items.remove(at: i)
                decref(k)
                return v
            }
            if a.count > 1 { incref(a[1]); return a[1] }
            throw raiseKeyError(a[0])
        case .dictSetdefault:
            try need(1...2)
            if let i = dictIndex(id, a[0]) { let v = heap.objects[Int(id)].items[i]; incref(v); return v }
            let d = a.count > 1 ? a[1] : .none
            incref(a[0]); incref(d)
            try dictSet(id, a[0], d)
            incref(d)
            return d
        case .dictClear:
            try need(0...0)
            let keys = heap.objects[Int(id)].keys, items = heap.objects[Int(id)].items
            heap.objects[Int(id)].keys = []
            heap.objects[Int(id)].items = []
            for (k, v) in zip(keys, items) { decref(k); decref(v) }
            return .none
        case .dictViews:
            throw SimulationLimit(message: "dict views (.items(), .keys(), .values()) are not supported by gctrap; iterate over the dict", line: currentLine, unsupported: true)
        default:
            throw raiseNew(classes.attributeError, "'\(typeName(of: slf))' object has no attribute '\(b.pythonName)'")
        }
    }
}
