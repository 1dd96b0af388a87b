// Native functions: the builtins of the subset, list/dict/str methods, and the
// `gc` and `gctrap` modules, in one table. Each behaves as CPython's does for the same
// call, including the objects it allocates. Adding one is one entry in its owner's list.

/// Where a native function lives, so how a scenario reaches it.
enum BuiltinOwner: Hashable {
    case builtins            // a global name: len, print
    case module(String)      // an attribute of a native module: gc.collect
    case type(ObjKind)       // a method of a heap type: list.append, dict.get
    case str                 // a method of str
    case exception           // BaseException's own slots: __init__

    /// A method gets its object as the first argument.
    var isMethod: Bool {
        switch self {
        case .type, .str, .exception: return true
        case .builtins, .module: return false
        }
    }
}

/// How CPython passes the arguments, that is what it allocates to make the call.
enum CallConvention {
    /// vectorcall, METH_FASTCALL, METH_O, METH_NOARGS: no tuple.
    case fast
    /// METH_VARARGS: every call packs its arguments (self excluded) in a tuple, in the
    /// profiles before 3.`minor` (nil: all of them). Measured: 3.13 moved min, max,
    /// startswith and endswith to fast calls.
    case varargs(before: Int?)
    /// A type called (`str(x)`, `int(x)`): a 1-tuple as `profile.builtinTypeCallTuple` says.
    case typeCall
}

/// How the arguments are checked before the implementation runs, with CPython's messages.
enum BuiltinSignature {
    /// Positional count and accepted keywords ("len() takes exactly 1 argument (2 given)").
    case function(ClosedRange<Int>, keywords: BuiltinKeywords = .none)
    /// No keywords; a count of arguments after self ("pop() takes 0 to 1 arguments (2 given)").
    case method(ClosedRange<Int>)
    /// The implementation checks what it needs.
    case unchecked
}

enum BuiltinKeywords {
    case none
    case only([String])
    case any
}

/// The arguments of one native call, borrowed: the caller drops them after.
struct BuiltinArguments {
    /// Positionals then keyword values; a method's object first.
    let values: [Value]
    /// The keyword names of the last `keywords.count` values.
    let keywords: [String]

    var positionalCount: Int { values.count - keywords.count }
    var positional: [Value] { Array(values.prefix(positionalCount)) }

    func keyword(_ k: String) -> Value? {
        if let i = keywords.firstIndex(of: k) { return values[positionalCount + i] }
        return nil
    }

    /// A method's object.
    var receiver: Value { values[0] }
    /// A method's arguments after its object.
    var methodArguments: [Value] { Array(values.dropFirst()) }
}

/// One native function: everything the VM needs to know of it.
struct BuiltinFunction {
    let name: String
    let owner: BuiltinOwner
    let signature: BuiltinSignature
    let convention: CallConvention
    /// Set for the builtins that are types (list, int...): does `isinstance(value, it)` hold?
    let instanceCheck: ((Machine, Value) -> Bool)?
    /// Runs the call; the result is owned by the caller.
    let run: (inout Machine, BuiltinArguments) throws -> Value

    init(_ name: String, _ owner: BuiltinOwner, _ signature: BuiltinSignature,
         _ convention: CallConvention = .fast, instanceCheck: ((Machine, Value) -> Bool)? = nil,
         run: @escaping (inout Machine, BuiltinArguments) throws -> Value) {
        self.name = name
        self.owner = owner
        self.signature = signature
        self.convention = convention
        self.instanceCheck = instanceCheck
        self.run = run
    }
}

/// The table: a builtin's index in it is its `Value.builtin` id.
enum Builtins {
    static let table: [BuiltinFunction] =
        functions + listMethods + dictMethods + strMethods + exceptionMethods + gcModule + gctrapModule + weakrefModule

    /// Native modules made on first import, not at start-up (CPython has them loaded as
    /// part of the base heap, which the profile counts).
    static let madeOnImport: Set<String> = ["weakref"]

    /// The global names, in table order.
    static let globals: [Int32] = ids { $0.owner == .builtins }

    /// The native modules in table order, with their members.
    static let modules: [(name: String, members: [Int32])] = {
        var result: [(name: String, members: [Int32])] = []
        for (i, f) in table.enumerated() {
            guard case .module(let m) = f.owner else { continue }
            if let k = result.firstIndex(where: { $0.name == m }) {
                result[k].members.append(Int32(i))
            } else {
                result.append((m, [Int32(i)]))
            }
        }
        return result
    }()

    private static let methods: [BuiltinOwner: [String: Int32]] = {
        var result: [BuiltinOwner: [String: Int32]] = [:]
        for (i, f) in table.enumerated() where f.owner.isMethod { result[f.owner, default: [:]][f.name] = Int32(i) }
        return result
    }()

    /// The method `name` of values owned by `owner` (list, dict, str), if native.
    static func method(_ owner: BuiltinOwner, _ name: String) -> Int32? {
        methods[owner]?[name]
    }

    static let exceptionInit: Int32 = method(.exception, "__init__")!

    private static func ids(_ include: (BuiltinFunction) -> Bool) -> [Int32] {
        table.indices.filter { include(table[$0]) }.map { Int32($0) }
    }

    /// isinstance() for a builtin that is a type of heap object.
    static func isKind(_ kind: ObjKind) -> (Machine, Value) -> Bool {
        { m, v in
            if case .obj(let id) = v { return m.heap.objects[Int(id)].kind == kind }
            return false
        }
    }
}

extension PythonProfile {
    /// 11 for "3.11": the calling conventions change between minor versions.
    var minor: Int { Int(name.split(separator: ".").last ?? "") ?? 0 }
}

extension Machine {

    /// Runs a native function. `args` are borrowed (the caller drops them); the result is owned.
    mutating func callBuiltin(_ raw: Int32, args: [Value], kwnames: [Int32]) throws -> Value {
        let f = Builtins.table[Int(raw)]
        if case .varargs(let before) = f.convention, before.map({ profile.minor < $0 }) ?? true {
            // METH_VARARGS: the arguments (self excluded) go into a tuple for the call.
            let n = args.count - kwnames.count - (f.owner.isMethod ? 1 : 0)
            if n > 0 { transient(.tuple, size: n) }
        }
        let call = BuiltinArguments(values: args, keywords: kwnames.map { name($0) })
        try check(f, call)
        if case .typeCall = f.convention, call.positionalCount > 0, buildsArgsTuple(profile.builtinTypeCallTuple) {
            transient(.tuple, size: call.positionalCount)
        }
        return try f.run(&self, call)
    }

    /// The argument checks of CPython's argument clinic, with its messages.
    mutating func check(_ f: BuiltinFunction, _ call: BuiltinArguments) throws {
        switch f.signature {
        case .unchecked:
            return
        case .function(let range, let allowed):
            for k in call.keywords {
                let ok: Bool
                switch allowed {
                case .none: ok = false
                case .only(let names): ok = names.contains(k)
                case .any: ok = true
                }
                if !ok { throw raiseNew(classes.typeError, "\(f.name)() got an unexpected keyword argument '\(k)'") }
            }
            let npos = call.positionalCount
            if !range.contains(npos) {
                let want = range.lowerBound == range.upperBound ? "exactly \(range.lowerBound)" :
                    (npos < range.lowerBound ? "at least \(range.lowerBound)" : "at most \(range.upperBound)")
                throw raiseNew(classes.typeError, "\(f.name)() takes \(want) argument\(range.upperBound == 1 ? "" : "s") (\(npos) given)")
            }
        case .method(let n):
            if call.values.isEmpty { throw raiseNew(classes.typeError, "\(f.name)() needs an object") }
            if !call.keywords.isEmpty { throw raiseNew(classes.typeError, "\(f.name)() takes no keyword arguments") }
            let count = call.values.count - 1
            if !n.contains(count) {
                throw raiseNew(classes.typeError, "\(f.name)() takes \(n.lowerBound == n.upperBound ? "exactly \(n.lowerBound)" : "\(n.lowerBound) to \(n.upperBound)") argument\(n.upperBound == 1 ? "" : "s") (\(count) given)")
            }
        }
    }

    /// An argument that must be an int.
    mutating func intArgument(_ v: Value) throws -> Int {
        guard let i = intValue(v) else {
            throw raiseNew(classes.typeError, "'\(typeName(of: v))' object cannot be interpreted as an integer")
        }
        return i
    }
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
        for b in Builtins.globals { builtins[program.intern(Builtins.table[Int(b)].name)] = .builtin(b) }
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
        for (name, _) in Builtins.modules where !Builtins.madeOnImport.contains(name) {
            nativeModules[program.intern(name)] = makeNativeModule(name)
        }
    }

    /// A native module object holding its builtins from the table.
    mutating func makeNativeModule(_ name: String) -> Int32 {
        let members = Builtins.modules.first { $0.name == name }?.members ?? []
        var m = HeapObject(kind: .module)
        m.name = name
        m.names = members.map { program.intern(Builtins.table[Int($0)].name) }
        m.items = members.map { .builtin($0) }
        return allocate(m)
    }
}

extension Builtins {

    /// The builtins module: global names, in the order they are bound at start-up.
    static let functions: [BuiltinFunction] = [
        BuiltinFunction("len", .builtins, .function(1...1)) { m, call in
            let v = call.values[0]
            switch v {
            case .str(let s): return .int(s.count)
            case .obj(let id):
                let o = m.heap.objects[Int(id)]
                switch o.kind {
                case .list, .tuple, .dict: return .int(o.items.count)
                case .range:
                    return .int(try m.rangeLength(start: o.ref, stop: o.ref2, step: m.intValue(o.items[0]) ?? 1))
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
        BuiltinFunction("isinstance", .builtins, .function(2...2)) { m, call in
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
            if let src = call.positional.first {
                guard case .obj(let s) = src, m.heap.objects[Int(s)].kind == .dict else {
                    throw SimulationLimit(message: "dict() from anything but a dict is not supported by gctrap", line: m.currentLine, unsupported: true)
                }
                for (k, v) in zip(m.heap.objects[Int(s)].keys, m.heap.objects[Int(s)].items) {
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
            m.noteContainerRepr(call.values[0])
            return .str(m.reprText(call.values[0]))
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
            let x = try m.intArgument(call.values[0])
            return .int(x < 0 ? try m.checkedNegate(x) : x)
        },
        BuiltinFunction("sum", .builtins, .function(1...Int.max)) { m, call in
            let pos = call.positional
            let items = pos.count == 1 ? try m.iterableItems(pos[0]) : pos
            return .int(try items.reduce(0) { try m.checkedAdd($0, try m.intArgument($1)) })
        },
        BuiltinFunction("type", .builtins, .function(1...1)) { m, call in
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
    static let exceptionMethods: [BuiltinFunction] = [
        BuiltinFunction("__init__", .exception, .unchecked) { m, call in
            let args = call.values
            guard let slf = args.first, case .obj(let e) = slf else { return .none }
            // `Exception.__init__(self, msg)` calls a slot wrapper: it has no vectorcall, so
            // CPython packs all arguments (self included) into a tuple, then slices off self
            // into the new `args` tuple; the first is freed after (measured +1 on 3.11-3.13).
            m.hold(.tuple, size: args.count)
            let rest = Array(args.dropFirst())
            for v in rest { m.incref(v) }
            let t = m.makeTuple(rest)
            m.setInstanceAttr(e, m.program.known.args, t)
            m.unhold(.tuple, size: args.count)
            return .none
        },
    ]

    /// The `weakref` module (made on first import: see `Builtins.madeOnImport`).
    static let weakrefModule: [BuiltinFunction] = [
        BuiltinFunction("ref", .module("weakref"), .function(1...2)) { m, call in
            try m.makeWeakref(call.positional)
        },
    ]

    /// The `gctrap` module: the task loop of scenarios/gctrap.py.
    static let gctrapModule: [BuiltinFunction] = [
        BuiltinFunction("tasks", .module("gctrap"), .function(1...1)) { m, call in
            let n = try m.intArgument(call.values[0])
            if n < 0 { throw m.raiseNew(m.classes.valueError, "tasks() needs a count >= 0") }
            return m.makeTaskIterator(n)
        },
        BuiltinFunction("task", .module("gctrap"), .function(0...0)) { m, _ in
            m.task.map { .int($0) } ?? .none
        },
    ]
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

    mutating func isInstance(_ v: Value, _ spec: Value, subclass: Bool) throws -> Bool {
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
}

extension Builtins {

    static let listMethods: [BuiltinFunction] = [
        BuiltinFunction("append", .type(.list), .method(1...1)) { m, call in
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
                throw m.raiseNew(m.classes.valueError, "\(m.reprText(a[0])) is not in list")
            }
            return .int(i)
        },
        BuiltinFunction("count", .type(.list), .method(1...1)) { m, call in
            let (id, a) = try m.receiverObject(call)
            return .int(m.heap.objects[Int(id)].items.filter { m.valuesEqual($0, a[0]) }.count)
        },
    ]

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
        BuiltinFunction("items", .type(.dict), .method(0...Int.max), run: dictView),
        BuiltinFunction("keys", .type(.dict), .method(0...Int.max), run: dictView),
        BuiltinFunction("values", .type(.dict), .method(0...Int.max), run: dictView),
    ]

    private static func dictView(_ m: inout Machine, _ call: BuiltinArguments) throws -> Value {
        _ = try m.receiverObject(call)
        throw SimulationLimit(message: "dict views (.items(), .keys(), .values()) are not supported by gctrap; iterate over the dict", line: m.currentLine, unsupported: true)
    }

    static let strMethods: [BuiltinFunction] = [
        BuiltinFunction("join", .str, .method(1...1)) { m, call in
            let (s, a) = try m.receiverString(call)
            let parts = try m.iterableItems(a[0]).map { v -> String in
                guard case .str(let x) = v else {
                    throw m.raiseNew(m.classes.typeError, "sequence item: expected str instance, \(m.typeName(of: v)) found")
                }
                return x
            }
            try m.reserve(bytes: 49 + parts.reduce(0) { $0 &+ $1.utf8.count } &+ s.utf8.count &* max(0, parts.count - 1))
            return .str(parts.joined(separator: s))
        },
        BuiltinFunction("startswith", .str, .method(1...1), .varargs(before: 13)) { m, call in
            let (s, a) = try m.receiverString(call)
            guard case .str(let x) = a[0] else { throw m.raiseNew(m.classes.typeError, "startswith first arg must be str") }
            return .bool(s.hasPrefix(x))
        },
        BuiltinFunction("endswith", .str, .method(1...1), .varargs(before: 13)) { m, call in
            let (s, a) = try m.receiverString(call)
            guard case .str(let x) = a[0] else { throw m.raiseNew(m.classes.typeError, "endswith first arg must be str") }
            return .bool(s.hasSuffix(x))
        },
        BuiltinFunction("upper", .str, .method(0...0)) { m, call in .str(try m.receiverString(call).0.uppercased()) },
        BuiltinFunction("lower", .str, .method(0...0)) { m, call in .str(try m.receiverString(call).0.lowercased()) },
        BuiltinFunction("strip", .str, .method(0...0)) { m, call in .str(try m.receiverString(call).0.trimmingCharacters(in: " ")) },
    ]
}

extension Machine {

    /// A list or dict method's object and its arguments after it.
    mutating func receiverObject(_ call: BuiltinArguments) throws -> (Int32, [Value]) {
        guard case .obj(let id) = call.receiver else { throw raiseNew(classes.typeError, "bad method call") }
        return (id, call.methodArguments)
    }

    /// A str method's string and its arguments after it.
    mutating func receiverString(_ call: BuiltinArguments) throws -> (String, [Value]) {
        guard case .str(let s) = call.receiver else { throw raiseNew(classes.typeError, "bad method call") }
        return (s, call.methodArguments)
    }
}
