// Flat object storage by id, with CPython's bookkeeping: reference counts, the
// generation lists the collector walks (in allocation order, as CPython links them),
// the gen-0 counter and the free lists that let some allocations skip it.

enum ObjKind: UInt8 {
    case free
    case instance        // typeID = class; names/items = attributes (exceptions too)
    case list            // items
    case tuple           // items
    case dict            // table (OrderedTable: keys and values, insertion order); items unused
    case function        // ref = code index, ref2 = globals module id, items = defaults, typeID = closure
                         // tuple or -1, names = [class of a super() method, __defaults__ tuple, __kwdefaults__ dict] (ids or -1)
    case cls             // typeID = base class or -1, names/items = class namespace
    case module          // names/items = globals
    case boundMethod     // items = [function, self]
    case nativeMethod    // items = [self], ref = builtin id
    case listIter        // items = [sequence], ref = position
    case dictIter        // items = [dict] (+ the reused result tuple for items), ref = position, ref2 = DictViewKind
    case dictView        // d.keys()/values()/items(): items = [dict], ref = DictViewKind
    case set             // table (keys only), insertion order (items unused)
    case setIter         // items = [set], ref = position
    case enumerate       // items = [iterator, result tuple], ref = next count
    case zip             // items = [tuple of iterators, result tuple]
    case map             // items = [function, tuple of iterators]
    case range           // ref = start, ref2 = stop, items = [step]
    case rangeIter       // ref = next, ref2 = stop, items = [step]
    case taskIter        // gctrap.tasks(n): ref = next task, ref2 = n
    case traceback       // items = [tb_next, tb_frame], ref = line
    case slice           // items = [start, stop, step]; from CPython's one-slot cache: never counted
    case weakref         // weakref.ref (ref2 = 0) or weakref.proxy (ref2 = 1): ref = referent id (-1 once cleared), items = [callback] while it has one
    case frame           // live: ref = VM frame depth; detached: ref = -1, items = locals. ref2 = line
                         // names = local names while detached; typeID = f_back frame object or -1
    case cell            // items = [contents] (.undefined while empty)
    case descriptor      // ref = 0 property (items = [fget, fset], None when absent), 1 staticmethod,
                         // 2 classmethod (items = [function])
    case generator       // typeID = its function; items = its frame's locals and stack while
                         // suspended; keys = [frame object] if one exists; the rest: Machine.generators
}

struct HeapObject {
    var kind: ObjKind
    var gen: Int8 = -1            // -1 untracked, 0...2 generations, 3 permanent (gc.freeze)
    var finalized = false
    var collecting = false        // scratch flag for the collector
    var typeID: Int32 = -1
    var refcount = 0
    var ref = 0
    var ref2 = 0
    var items: [Value] = []
    var names: [Int32] = []
    /// A dict's entries.
    var table = OrderedTable()
    var name = ""
    /// Task during which the object was allocated (for the investigator's labels).
    var bornInTask = -1
    /// Stable display serial per type ("Agent#12"), never reused.
    var serial = 0
    /// Allocation order over the whole run: ids are reused, this is not.
    var birth = 0

    init(kind: ObjKind) { self.kind = kind }

    /// Passed straight to `allocate` (a temporary moves in; a local variable is copied).
    init(kind: ObjKind, typeID: Int32 = -1, items: [Value]) {
        self.kind = kind
        self.typeID = typeID
        self.items = items
    }
}

/// CPython's free lists (3.11 and 3.13): allocations served from them do not raise the
/// gen-0 counter, deallocations into them do not lower it. A full collection empties them.
struct FreeLists {
    static let tupleCapacity = 2000   // per size, sizes 1...19
    static let listCapacity = 80
    static let dictCapacity = 80
    var tuples = [Int](repeating: 0, count: 20)
    var lists = 0
    var dicts = 0

    mutating func clear() {
        for i in tuples.indices { tuples[i] = 0 }
        lists = 0
        dicts = 0
    }

    /// True when the allocation is served from a free list (no counter change).
    @inline(__always)
    mutating func take(_ kind: ObjKind, size: Int) -> Bool {
        switch kind {
        case .tuple where size > 0 && size < 20:
            if tuples[size] > 0 { tuples[size] -= 1; return true }
        case .list:
            if lists > 0 { lists -= 1; return true }
        case .dict:
            if dicts > 0 { dicts -= 1; return true }
        default: break
        }
        return false
    }

    /// True when the freed object goes to a free list (no counter change).
    @inline(__always)
    mutating func give(_ kind: ObjKind, size: Int) -> Bool {
        switch kind {
        case .tuple where size > 0 && size < 20:
            if tuples[size] < FreeLists.tupleCapacity { tuples[size] += 1; return true }
        case .list:
            if lists < FreeLists.listCapacity { lists += 1; return true }
        case .dict:
            if dicts < FreeLists.dictCapacity { dicts += 1; return true }
        default: break
        }
        return false
    }
}

struct Heap {
    static let firstObjectID: Int32 = 8
    // List heads (sentinels) for the doubly linked GC lists.
    static let permanentHead: Int32 = 3
    static let scratchHeads: [Int32] = [4, 5, 6, 7]

    // Not copy-on-write (UncheckedArray): a refcount change or a list link is a plain store.
    // A kept copy of the heap gets its own with `detached()`.
    var objects: UncheckedArray<HeapObject>
    var gcNext: UncheckedArray<Int32>
    var gcPrev: UncheckedArray<Int32>
    var freeIDs = UncheckedArray<Int32>()
    var live = 0

    init() {
        objects = UncheckedArray(repeatElement(HeapObject(kind: .free), count: Int(Heap.firstObjectID)))
        gcNext = UncheckedArray(0..<Heap.firstObjectID)
        gcPrev = UncheckedArray(0..<Heap.firstObjectID)
    }

    /// A copy with arrays of its own (the objects' own items, names and tables stay
    /// copy-on-write: copying the structs retains them, as an Array's copy did).
    func detached() -> Heap {
        var h = self
        h.objects = objects.copy()
        h.gcNext = gcNext.copy()
        h.gcPrev = gcPrev.copy()
        h.freeIDs = freeIDs.copy()
        return h
    }

    // MARK: storage

    /// The largest item and name buffers a freed slot keeps for the next object stored there.
    static let reusedCapacity = 16

    /// Moves `object` into a slot (swaps, so that no field is copied); `object` is left
    /// with the slot's leftovers.
    mutating func store(_ object: inout HeapObject) -> Int32 {
        live += 1
        if let id = freeIDs.popLast() {
            // An object that brings no buffers of its own (an instance: its attributes come
            // later) takes over the freed slot's emptied ones: no malloc now, no free later.
            let i = Int(id)
            if object.items.capacity == 0 { swap(&object.items, &objects[i].items) }
            if object.names.capacity == 0 { swap(&object.names, &objects[i].names) }
            swap(&object, &objects[i])
            return id
        }
        let id = Int32(objects.count)
        objects.append(object)
        gcNext.append(id)
        gcPrev.append(id)
        return id
    }

    /// A slot for a new object, its fields a free object's (release left them so) with the
    /// emptied buffers it kept: the caller writes the new object's fields in place
    /// (Machine.allocate(_:typeID:items:)).
    mutating func takeSlot() -> Int32 {
        live += 1
        if let id = freeIDs.popLast() { return id }
        let id = Int32(objects.count)
        objects.append(HeapObject(kind: .free))
        gcNext.append(id)
        gcPrev.append(id)
        return id
    }

    /// The slot becomes a free object, HeapObject(kind: .free), field by field in place
    /// (building one and swapping it in moved the whole struct twice and destroyed the dead
    /// one through its value witness: ~160 instructions a free).
    mutating func release(_ id: Int32) {
        live -= 1
        // One bounds check, then the fields through the slot's address.
        withUnsafeMutablePointer(to: &objects[Int(id)]) { o in
            // Small buffers stay with the slot, emptied (store hands them on).
            if o.pointee.items.capacity <= Heap.reusedCapacity {
                // One by one: removeAll(keepingCapacity:) costs more per free (measured, +0.9% of
                // a run). A buffer a checkpoint shares is copied first, then emptied.
                while o.pointee.items.popLast() != nil {}
            } else {
                o.pointee.items = []
            }
            if o.pointee.names.capacity <= Heap.reusedCapacity {
                while o.pointee.names.popLast() != nil {}
            } else {
                o.pointee.names = []
            }
            o.pointee.kind = .free
            o.pointee.gen = -1
            o.pointee.finalized = false
            o.pointee.collecting = false
            o.pointee.typeID = -1
            o.pointee.refcount = 0
            o.pointee.ref = 0
            o.pointee.ref2 = 0
            if !o.pointee.table.isUnallocated { o.pointee.table = OrderedTable() }
            if !o.pointee.name.isEmpty { o.pointee.name = "" }
            o.pointee.bornInTask = -1
            o.pointee.serial = 0
            o.pointee.birth = 0
        }
        freeIDs.append(id)
    }

    // MARK: GC lists (CPython's gc_list_*)

    func listIsEmpty(_ head: Int32) -> Bool { gcNext[Int(head)] == head }

    mutating func listInit(_ head: Int32) {
        gcNext[Int(head)] = head
        gcPrev[Int(head)] = head
    }

    mutating func listAppend(_ id: Int32, _ head: Int32) {
        let last = gcPrev[Int(head)]
        gcNext[Int(last)] = id
        gcPrev[Int(id)] = last
        gcNext[Int(id)] = head
        gcPrev[Int(head)] = id
    }

    mutating func listRemove(_ id: Int32) {
        let p = gcPrev[Int(id)], n = gcNext[Int(id)]
        gcNext[Int(p)] = n
        gcPrev[Int(n)] = p
        gcNext[Int(id)] = id
        gcPrev[Int(id)] = id
    }

    mutating func listMove(_ id: Int32, to head: Int32) {
        listRemove(id)
        listAppend(id, head)
    }

    /// Appends all of `from` to the end of `to`, leaving `from` empty.
    mutating func listMerge(_ from: Int32, into to: Int32) {
        if listIsEmpty(from) { return }
        let toLast = gcPrev[Int(to)]
        let fromFirst = gcNext[Int(from)], fromLast = gcPrev[Int(from)]
        gcNext[Int(toLast)] = fromFirst
        gcPrev[Int(fromFirst)] = toLast
        gcNext[Int(fromLast)] = to
        gcPrev[Int(to)] = fromLast
        listInit(from)
    }

    func listIDs(_ head: Int32) -> [Int32] {
        var out: [Int32] = []
        var id = gcNext[Int(head)]
        while id != head { out.append(id); id = gcNext[Int(id)] }
        return out
    }

    func listCount(_ head: Int32) -> Int {
        var n = 0
        var id = gcNext[Int(head)]
        while id != head { n += 1; id = gcNext[Int(id)] }
        return n
    }

    mutating func track(_ id: Int32, generation: Int8 = 0) {
        objects[Int(id)].gen = generation
        listAppend(id, Int32(generation))
    }

    mutating func untrack(_ id: Int32) {
        if objects[Int(id)].gen >= 0 {
            listRemove(id)
            objects[Int(id)].gen = -1
        }
    }

    // MARK: references

    /// Calls `visit` for every object this one holds a strong reference to, like tp_traverse.
    func visitReferents(_ id: Int32, _ visit: (Int32) -> Void) {
        let i = Int(id)
        switch objects[i].kind {
        case .free, .range, .rangeIter, .slice:
            return
        case .instance, .cls, .frame:
            let t = objects[i].typeID
            if t >= 0 { visit(t) }
        case .function:
            let t = objects[i].typeID
            if t >= 0 { visit(t) }
            for r in objects[i].names.dropFirst() where r >= 0 { visit(r) }   // __defaults__, __kwdefaults__
        case .generator:
            let t = objects[i].typeID
            if t >= 0 { visit(t) }
            if objects[i].ref >= 0 { visit(Int32(objects[i].ref)) }   // its frame object
        case .dict:
            let t = objects[i].table
            for e in 0..<t.entryEnd {
                guard let k = t.key(at: e) else { continue }
                if case .obj(let r) = k { visit(r) }
                if case .obj(let r) = t.value(at: e) { visit(r) }
            }
            return
        case .set:
            for k in objects[i].table.keys { if case .obj(let r) = k { visit(r) } }
            return
        default:
            break
        }
        for v in objects[i].items { if case .obj(let t) = v { visit(t) } }
    }

    /// Labelled edges, for the Objects pane and "why is it alive".
    func edges(_ id: Int32, names: [String]) -> [Edge] {
        let o = objects[Int(id)]
        var out: [Edge] = []
        func add(_ label: String, _ v: Value) {
            if case .obj(let t) = v { out.append(Edge(label: label, target: Int(t))) }
        }
        switch o.kind {
        case .instance:
            for (i, v) in o.items.enumerated() { add(names[Int(o.names[i])], v) }
        case .cls, .module:
            for (i, v) in o.items.enumerated() { add(names[Int(o.names[i])], v) }
        case .list, .tuple:
            for (i, v) in o.items.enumerated() { add("[\(i)]", v) }
        case .dict:
            for (i, (k, v)) in o.table.pairs.enumerated() {
                let label: String
                switch k {
                case .str(let s): label = "['\(s)']"
                case .int(let n): label = "[\(n)]"
                default: label = "[key \(i)]"
                }
                add(label, k)
                add(label, v)
            }
        case .boundMethod:
            if o.items.count == 2 { add("__func__", o.items[0]); add("__self__", o.items[1]) }
        case .nativeMethod:
            if let s = o.items.first { add("__self__", s) }
        case .listIter, .dictIter, .dictView, .setIter:
            if let s = o.items.first { add("seq", s) }
        case .set:
            for (i, k) in o.table.keys.enumerated() { add("{\(i)}", k) }
        case .enumerate, .zip, .map:
            for (i, v) in o.items.enumerated() { add(["it", "result", "its"][o.kind == .map ? (i == 0 ? 0 : 2) : i], v) }
        case .traceback:
            if o.items.count == 2 { add("tb_next", o.items[0]); add("tb_frame", o.items[1]) }
        case .frame:
            for (i, v) in o.items.enumerated() {
                let n = i < o.names.count ? names[Int(o.names[i])] : "local\(i)"
                add(n, v)
            }
            if o.typeID >= 0 { out.append(Edge(label: "f_back", target: Int(o.typeID))) }
        case .function:
            for (i, v) in o.items.enumerated() { add("default[\(i)]", v) }
            if o.typeID >= 0 { out.append(Edge(label: "__closure__", target: Int(o.typeID))) }
        case .cell:
            if let v = o.items.first { add("cell_contents", v) }
        case .descriptor:
            for (i, v) in o.items.enumerated() { add(o.ref == 0 ? (i == 0 ? "fget" : "fset") : "__func__", v) }
        case .generator:
            if o.typeID >= 0 { out.append(Edge(label: "gi_code's function", target: Int(o.typeID))) }
            for (i, v) in o.items.enumerated() { add("gi_frame.f_locals[\(i)]", v) }
            if o.ref >= 0 { out.append(Edge(label: "gi_frame", target: o.ref)) }
        case .weakref:
            if let cb = o.items.first { add("__callback__", cb) }
            if o.ref2 == 2, o.items.count > 1 { add("key", o.items[1]) }   // a KeyedRef's slot
        case .taskIter:
            // --gen0-at-start: the young objects standing for what start-up left behind
            for v in o.items { add("startup_leftovers", v) }
        case .free, .range, .rangeIter, .slice:
            break
        }
        return out
    }
}
