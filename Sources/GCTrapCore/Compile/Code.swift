// The compiled form: a flat instruction list per code object (module, function or class
// body), each instruction carrying its source line and the exception handler that covers
// it, like CPython 3.11's exception table.

enum Op: UInt8 {
    case stmt            // a = line: a statement starts (stepping stops here)
    case nop
    case loadConst       // a = const index
    case loadConstTuple  // a = index into CodeObject.constTuples: a tuple made once, at load
    case loadFast, storeFast, deleteFast          // a = local slot
    case loadGlobal, storeGlobal, deleteGlobal    // a = global slot of the code's module
    case loadName, storeName                      // class bodies: a = name id, b = global slot
    case loadAttr, storeAttr, deleteAttr          // a = name id
    case loadMethod      // a = name id: pushes [callable, self-or-null]
    case pushNull
    case call            // a = argc (keywords included), b = kwnames table index or -1
    case subscr, storeSubscr, deleteSubscr
    case binary          // a = BinaryCode
    case inplace         // a = BinaryCode
    case unary           // a = 0 neg, 1 pos, 2 not
    case compare         // a = CompareCode
    case buildTuple, buildList, buildDict         // a = count (dict: pairs)
    case unpack          // a = count
    case makeFunction    // a = code index, b = defaults count (+ 1 << 16: a closure tuple on top; + 1 << 17: the
                         // defaults make a tuple; + 1 << 18: a keyword-only defaults dict below the closure)
    case makeClass       // a = code index, b = bases count; runs the body
    case jump, jumpIfFalse, jumpIfTrue, jumpIfFalseOrPop, jumpIfTrueOrPop   // a = target
    case getIter
    case forIter         // a = exit target
    case returnValue
    case popTop, dupTop, dupTop2, rot2, rot3
    case raise           // a = 0 bare re-raise, 1 exception, 2 exception from cause
    case reraise         // pops an exception and raises it again (no new traceback entry)
    case pushExcInfo     // the exception on top becomes the one being handled
    case popExcept
    case checkExcMatch   // [exc, type] -> [exc, bool]
    case beforeWith      // [mgr] -> [exit, enter()]
    case withExit        // [exit] -> [exit] calls exit(None, None, None), the method alive during the call
    case withExceptStart // [exit, exc] -> [exit, exc, exit(type, exc, tb)]
    case withExceptCheck // a = end: [exit, exc, res] -> suppress (jump) or re-raise
    case importName      // a = module name id
    case importFrom      // a = name id: [module] -> [module, attr]
    case assertFail      // a = 1 when a message is on the stack
    case loadDeref, storeDeref, deleteDeref       // a = local slot holding a cell
    case loadClosure     // a = local slot: pushes the cell itself (to build a closure tuple)
    case clearFast       // a = local slot: unbinds without a check (an inlined comprehension's variable)
    case listAppend      // a = stack depth of the list below the item
    case mapAdd          // a = stack depth of the dict below key and value
    case setAdd          // a = stack depth of the set below the item
    case yieldValue      // the top is yielded; the value sent back (None) is pushed on resume
    case loadSuperMethod // a = name id, b = 1 for super(C, obj): [cls?, obj] -> [callable, self-or-null]
    case loadSuperAttr   // a = name id, b = as above: [cls?, obj] -> [value]
    case listExtend      // [list, iterable] -> [list]
    case listToTuple     // [list] -> [tuple]
    case dictMerge       // [dict, mapping] -> [dict] (`**m` in a call)
    case callEx          // a = 1 with a kwargs dict: [callable, self-or-null, args, kwargs?] -> [args, kwargs?, result]
    case squash          // a = count: drops that many items below the top
    case formatValue     // a = conversion (0 none, 1 str, 2 repr, 3 ascii), b = 1 with a spec on top
    case buildString     // a = count: concatenates that many strings
    case buildSet        // a = count: a new set (GC-tracked, no free list)
    case buildSlice      // a = 2 or 3 bounds on the stack (None for a missing one)
}

enum BinaryCode: Int32 { case add, sub, mul, floorDiv, mod, trueDiv }
enum CompareCode: Int32 { case eq, ne, lt, le, gt, ge, `is`, isNot, `in`, notIn }

struct Instr {
    var op: Op
    var a: Int32
    var b: Int32
    var line: Int32
    var handler: Int32   // index into CodeObject.handlers, or -1
}

struct Handler {
    var target: Int32
    var depth: Int32     // stack items (above locals) kept when jumping to the handler
}

enum CodeKind { case module, function, classBody }

struct CodeObject {
    var name: String
    var qualname = ""            // "Agent.__init__"
    var kind: CodeKind
    var module: Int             // index into Program.modules
    var instrs: [Instr] = []
    var consts: [Value] = []
    var localNames: [Int32] = []
    var paramCount = 0
    var handlers: [Handler] = []
    var kwnames: [[Int32]] = []
    /// Tuples of constants, which CPython folds into one constant object per code object.
    var constTuples: [[Value]] = []
    var firstLine = 0
    /// Local slots that hold cells (locals an inner function uses), made at each call.
    var cellSlots: [Int32] = []
    /// Local slots of the free variables (an enclosing function's cells), in closure-tuple
    /// order, filled from the function's closure tuple at each call.
    var freeSlots: [Int32] = []
    /// A generator function (its body yields): a call makes a generator object.
    var isGenerator = false
    /// A method using zero-argument super(): its class is recorded on the function when
    /// the class is made (CPython's __class__ cell).
    var usesSuper = false
    /// Keyword-only parameters follow the positional ones in the local slots, then the
    /// `*args` tuple and the `**kwargs` dict (CPython's order).
    var kwonlyCount = 0
    var hasVarargs = false
    var hasVarkw = false
    /// Anything beyond plain positional parameters: binding takes the general path.
    var hasSpecialParams: Bool { kwonlyCount > 0 || hasVarargs || hasVarkw }
}

/// A compiled module: its name, source and global-slot table.
struct ModuleInfo {
    var name: String
    var code: Int
    var lines: [String]
    var globalNames: [Int32] = []          // slot -> name id
    var slotOf: [Int32: Int32] = [:]       // name id -> slot
    /// Module-level boolean constants, in declaration order: the scenario's toggles.
    var toggles: [Toggle] = []
}

/// Name ids the VM needs on hot paths, interned before any module is compiled.
struct WellKnownNames {
    static let list = ["__init__", "__del__", "__enter__", "__exit__", "__traceback__", "__context__",
                       "__cause__", "__suppress_context__", "args", "__str__", "__repr__", "__call__"]
    let initName: Int32 = 0, del: Int32 = 1, enter: Int32 = 2, exit: Int32 = 3, traceback: Int32 = 4
    let context: Int32 = 5, cause: Int32 = 6, suppressContext: Int32 = 7, args: Int32 = 8
    let str: Int32 = 9, repr: Int32 = 10, call: Int32 = 11
}

/// Everything compiled for a run; immutable once built, shared by checkpoints.
final class Program: @unchecked Sendable {
    var names: [String] = WellKnownNames.list
    var nameIDs: [String: Int32] = Dictionary(uniqueKeysWithValues: WellKnownNames.list.enumerated().map { ($1, Int32($0)) })
    let known = WellKnownNames()
    var codes: [CodeObject] = []
    var modules: [ModuleInfo] = []

    func intern(_ s: String) -> Int32 {
        if let id = nameIDs[s] { return id }
        let id = Int32(names.count)
        names.append(s)
        nameIDs[s] = id
        return id
    }

    func moduleIndex(named name: String) -> Int? {
        modules.firstIndex { $0.name == name }
    }
}

extension Program {
    /// A listing of every code object, for debugging the compiler (`gctrap run --dis`).
    public func disassembly() -> String {
        var out: [String] = []
        for (ci, c) in codes.enumerated() {
            out.append("code \(ci) \(c.qualname) (\(c.kind)) module \(modules[c.module].name)")
            for (i, ins) in c.instrs.enumerated() {
                out.append("  \(i)\tL\(ins.line)\t\(ins.op)\t\(ins.a)\t\(ins.b)\th=\(ins.handler)")
            }
            for (i, h) in c.handlers.enumerated() { out.append("  handler \(i): -> \(h.target) depth \(h.depth)") }
        }
        return out.joined(separator: "\n")
    }
}
