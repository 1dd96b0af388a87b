// Native functions: the builtins of the subset, list/dict/str methods, and the
// `gc` and `gctrap` modules, in one table. Each behaves as CPython's does for the same
// call, including the objects it allocates. Adding one is one entry in its owner's list
// (Functions.swift, ListMethods.swift, DictMethods.swift, StrMethods.swift,
// ExceptionMethods.swift, GC/GCModule.swift, Modules/GCTrapModule.swift); a new owner's
// list is added to `Builtins.table`.

/// Where a native function lives, so how a scenario reaches it.
enum BuiltinOwner: Hashable {
    case builtins            // a global name: len, print
    case module(String)      // an attribute of a native module: gc.collect
    case type(ObjKind)       // a method of a heap type: list.append, dict.get
    case str                 // a method of str
    case exception           // BaseException's own slots: __init__
    case object              // object's own slots: __init__ (reached through super())

    /// A method gets its object as the first argument.
    var isMethod: Bool {
        switch self {
        case .type, .str, .exception, .object: return true
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
    /// METH_VARARGS | METH_KEYWORDS (dict.update, str.format): a tuple of the positional
    /// arguments (self excluded, none when there are none: `()` is shared) and a dict of the
    /// keyword arguments, alive during the call, on every version (measured, docs J.3).
    case varargsKeywords
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

/// One native function: everything the VM needs to know of it. A class: a call reads its
/// entry with one retain (a struct's copy retained and released its six strings, arrays and
/// closures: ~270 instructions a call).
final class BuiltinFunction {
    let name: String
    let owner: BuiltinOwner
    let signature: BuiltinSignature
    let convention: CallConvention
    /// Set for the builtins that are types (list, int...): does `isinstance(value, it)` hold?
    let instanceCheck: ((Machine, Value) -> Bool)?
    /// 3.12+: the argument count (no keywords) at which CPython specializes the call into a
    /// form that does not check the eval breaker after it (CALL_LEN, CALL_ISINSTANCE,
    /// CALL_LIST_APPEND, CALL_TYPE_1); nil when every form checks it.
    let specializedWithoutBreaker: Int?
    /// 3.11: an Argument Clinic parser whose tuple of keyword names is made (and kept for
    /// good) the first time the function is called with keywords (+1 once; 3.12 made those
    /// tuples static). Functions sharing a parser (sorted and list.sort) share the name.
    let keywordParser: String?
    /// Runs the call; the result is owned by the caller.
    let run: (inout Machine, BuiltinArguments) throws -> Value

    init(_ name: String, _ owner: BuiltinOwner, _ signature: BuiltinSignature,
         _ convention: CallConvention = .fast, instanceCheck: ((Machine, Value) -> Bool)? = nil,
         specializedWithoutBreaker: Int? = nil, keywordParser: String? = nil,
         run: @escaping (inout Machine, BuiltinArguments) throws -> Value) {
        self.name = name
        self.owner = owner
        self.signature = signature
        self.convention = convention
        self.instanceCheck = instanceCheck
        self.specializedWithoutBreaker = specializedWithoutBreaker
        self.keywordParser = keywordParser
        self.run = run
    }
}

/// The table: a builtin's index in it is its `Value.builtin` id.
enum Builtins {
    static let table: [BuiltinFunction] =
        functions + iterationFunctions + listMethods + dictMethods + setMethods + generatorMethods + strMethods + exceptionMethods + gcModule + gctrapModule + weakrefModule
        + descriptorFunctions

    /// Native modules made on first import, not at start-up (CPython has them loaded as
    /// part of the base heap, which the profile counts).
    static let madeOnImport: Set<String> = ["weakref"]

    /// The global names, in table order.
    static let globals: [Int32] = ids { $0.owner == .builtins }
    static var globalNames: [String] { globals.map { table[Int($0)].name } }

    /// The names of the methods of list, dict and str gctrap implements.
    static var methodNames: Set<String> {
        Set(table.filter { if case .type = $0.owner { return true }; return $0.owner == .str }.map(\.name))
    }

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
    static let objectInit: Int32 = method(.object, "__init__")!

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
    /// The known names first: parsing the name on every native call cost 1.5% of a run.
    var minor: Int {
        switch name {
        case "3.11": return 11
        case "3.12": return 12
        case "3.13": return 13
        default: return Int(name.split(separator: ".").last ?? "") ?? 0
        }
    }
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
        let call = BuiltinArguments(values: args, keywords: kwnames.isEmpty ? [] : kwnames.map { name($0) })
        try check(f, call)
        if !kwnames.isEmpty, profile.minor == 11, let p = f.keywordParser, initializedParsers.insert(p).inserted {
            hold(.tuple, size: 2)   // the parser's kwtuple, never freed
        }
        if case .typeCall = f.convention, call.positionalCount > 0, buildsArgsTuple(profile.builtinTypeCallTuple) {
            transient(.tuple, size: call.positionalCount)
        }
        var heldTuple = 0, heldDict = false
        if case .varargsKeywords = f.convention {
            heldTuple = call.positionalCount - (f.owner.isMethod ? 1 : 0)
            if heldTuple > 0 { hold(.tuple, size: heldTuple) }
            if !kwnames.isEmpty { heldDict = true; hold(.dict, size: 0) }
        }
        let scratchBase = scratchOwned.count
        defer {
            if heldTuple > 0 { unhold(.tuple, size: heldTuple) }
            if heldDict { unhold(.dict, size: 0) }
            releaseScratch(from: scratchBase)
        }
        return try f.run(&self, call)
    }

    /// Drops what iterableItems read from iterators during a native call.
    mutating func releaseScratch(from base: Int) {
        while scratchOwned.count > base { decref(scratchOwned.removeLast()) }
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
