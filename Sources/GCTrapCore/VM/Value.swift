// A Python value as the simulator holds it. Ints, strings, booleans and None are not
// GC-tracked in CPython, so they live inline; everything else is a heap object by id,
// and every copy of an `.obj` that is stored somewhere owns one reference.

public enum Value: Hashable, Sendable {
    /// An unbound local or global slot; never visible to the program.
    case undefined
    case none
    case bool(Bool)
    case int(Int)
    /// A float: not GC-tracked in CPython (its free list never moves the counter).
    case float(Double)
    case str(String)
    case obj(Int32)
    /// A native function (len, gc.collect, ...): not a heap object, no reference count.
    case builtin(Int32)

    @inline(__always) var objectID: Int32? {
        if case .obj(let id) = self { return id }
        return nil
    }

    /// A copy made case by case: the dispatch loop's copies of ints, objects and None then
    /// call no outlined copy of the whole enum (only a str's copy retains its storage).
    @inline(__always) var copied: Value {
        switch self {
        case .obj(let id): return .obj(id)
        case .int(let n): return .int(n)
        case .none: return .none
        case .bool(let b): return .bool(b)
        case .undefined: return .undefined
        case .float(let d): return .float(d)
        case .builtin(let b): return .builtin(b)
        case .str(let s): return .str(s)
        }
    }

    var isUndefined: Bool {
        if case .undefined = self { return true }
        return false
    }
}
