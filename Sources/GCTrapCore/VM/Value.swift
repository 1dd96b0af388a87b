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

    var isUndefined: Bool {
        if case .undefined = self { return true }
        return false
    }
}
