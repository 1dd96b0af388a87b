// weakref.ref: a reference that does not keep its referent alive (the textbook fix for an
// agent <-> context cycle), with CPython's allocations, list order and callback timing
// (docs/cpython-model.md, section H).

extension Machine {

    /// `weakref.ref(obj[, callback])`. A type call: its arguments travel in a tuple (+1 when
    /// the size-n free list is empty, on 3.11-3.13 alike). Without a callback, the referent's
    /// existing basic reference is returned instead of a new one (`ref(o) is ref(o)`).
    /// `weakref.proxy(obj[, callback])` (`proxy: true`): a fast call (no tuple, measured +1
    /// kept on 3.11-3.13, the proxy alone); the basic proxy is shared like the basic ref,
    /// and sits right after it in the list.
    mutating func makeWeakref(_ pos: [Value], proxy: Bool = false) throws -> Value {
        if !proxy { hold(.tuple, size: pos.count) }
        defer { if !proxy { unhold(.tuple, size: pos.count) } }
        let target = pos[0]
        var callback: Value? = pos.count > 1 ? pos[1] : nil
        if case .some(.none) = callback { callback = nil }
        guard case .obj(let id) = target, supportsWeakrefs(id) else {
            throw raiseNew(classes.typeError, "cannot create weak reference to '\(typeName(of: target))' object")
        }
        var list = weakrefLists[id] ?? []
        if heap.objects[Int(id)].kind == .cls && (list.first.map { !heap.objects[Int($0)].items.isEmpty } ?? true) {
            // type_ready registered the class in its base's __subclasses__ through a weak
            // reference: that basic reference exists since the class was made, so
            // `weakref.ref(C)` only builds its argument tuple (measured +1 on 3.11-3.13,
            // against +2 for a function). Made here when first asked for, not counted,
            // old, and held by the registry (a root).
            var reg = HeapObject(kind: .weakref)
            reg.ref = Int(id)
            let rid = allocate(reg, track: false, counted: false)
            heap.track(rid, generation: 2)
            subclassRegistryRefs.append(rid)
            noteStaticChange()   // a new root (GC/Machine+Reachability.swift)
            list.insert(rid, at: 0)
            weakrefLists[id] = list
        }
        // get_basic_refs: the basic reference, then the basic proxy, head the list.
        var basicRef: Int? = nil, basicProxy: Int? = nil
        if let f = list.first, heap.objects[Int(f)].items.isEmpty, heap.objects[Int(f)].ref2 == 0 { basicRef = 0 }
        let p = basicRef == nil ? 0 : 1
        if p < list.count, heap.objects[Int(list[p])].items.isEmpty, heap.objects[Int(list[p])].ref2 == 1 { basicProxy = p }
        if callback == nil, let b = proxy ? basicProxy : basicRef {
            incref(list[b])
            return .obj(list[b])
        }
        var wr = HeapObject(kind: .weakref)
        wr.ref = Int(id)
        wr.ref2 = proxy ? 1 : 0
        if let cb = callback { incref(cb); wr.items = [cb] }
        let wid = allocate(wr)
        // A basic reference goes to the head, a basic proxy after the basic reference, one
        // with a callback after both, newest first (insert_head / insert_after).
        let at: Int
        if callback == nil { at = proxy ? (basicRef == nil ? 0 : 1) : 0 }
        else { at = (basicProxy ?? basicRef).map { $0 + 1 } ?? 0 }
        list.insert(wid, at: at)
        weakrefLists[id] = list
        return .obj(wid)
    }

    /// Instances of classes the program defines, classes, functions and bound methods
    /// accept weak references; lists, dicts, tuples, ints, strs and the built-in exception
    /// classes' own instances do not (TypeError, as in CPython).
    func supportsWeakrefs(_ id: Int32) -> Bool {
        let o = heap.objects[Int(id)]
        switch o.kind {
        case .instance: return heap.objects[Int(o.typeID)].ref2 >= 0   // a class from a module, not a built-in one
        case .cls, .function, .boundMethod: return true
        default: return false
        }
    }

    /// A proxy's referent (borrowed), or ReferenceError once it is gone.
    mutating func proxyReferent(_ id: Int32) throws -> Value {
        let r = heap.objects[Int(id)].ref
        guard r >= 0 else { throw raiseNew(lazyClass("ReferenceError"), "weakly-referenced object no longer exists") }
        return .obj(Int32(r))
    }

    @inline(__always)
    func isProxy(_ v: Value) -> Int32? {
        if case .obj(let id) = v, heap.objects[Int(id)].kind == .weakref, heap.objects[Int(id)].ref2 == 1 { return id }
        return nil
    }

    /// Calling a weak reference: the referent, or None once it is gone.
    mutating func callWeakref(_ id: Int32, argc: Int) throws -> Value {
        if heap.objects[Int(id)].ref2 == 1 { throw raiseNew(classes.typeError, "'weakproxy' object is not callable") }
        guard argc == 0 else {
            throw raiseNew(classes.typeError, "weakref() takes no arguments (\(argc) given)" )
        }
        let r = heap.objects[Int(id)].ref
        guard r >= 0 else { return .none }
        incref(Int32(r))
        return .obj(Int32(r))
    }

    /// A weak reference is freed: it leaves its referent's list.
    mutating func unlinkWeakref(_ wid: Int32) {
        let r = heap.objects[Int(wid)].ref
        guard r >= 0 else { return }
        heap.objects[Int(wid)].ref = -1
        let key = Int32(r)
        guard var list = weakrefLists[key] else { return }
        list.removeAll { $0 == wid }
        weakrefLists[key] = list.isEmpty ? nil : list
    }

    /// PyObject_ClearWeakRefs, when a referent is deallocated (after its __del__, before its
    /// attributes are cleared): every reference is cleared first, then the callbacks run in
    /// list order with the reference as argument. With more than one callback (3.13: with
    /// any) CPython gathers them in a tuple of 2 × count items, alive while they run.
    mutating func clearWeakrefs(_ id: Int32) {
        guard let list = weakrefLists.removeValue(forKey: id) else { return }
        var calls: [(wr: Int32, callback: Value)] = []
        for wid in list {
            heap.objects[Int(wid)].ref = -1
            if let cb = heap.objects[Int(wid)].items.first, cb != .none {
                // a KeyedRef keeps its key slot (read by WeakValueDictionary's callback)
                heap.objects[Int(wid)].items = heap.objects[Int(wid)].ref2 == 2 ? [.none, heap.objects[Int(wid)].items[1]] : []
                calls.append((wid, cb))
            }
        }
        let withCallbacks = list.filter { wid in calls.contains { $0.wr == wid } }.count
        // 3.13 (thread-safe weakrefs) always gathers the callbacks in the tuple; before,
        // a single callback was called directly (measured: a proxy's callback +1 on 3.13).
        let gathered = withCallbacks > 1 || (withCallbacks == 1 && profile.minor >= 13)
        if gathered { hold(.tuple, size: min(2 * withCallbacks, 20)) }
        for (wid, _) in calls where gathered { incref(wid) }
        for (wid, cb) in calls {
            runWeakrefCallback(cb, wid)
            decref(cb)
            if gathered { decref(wid) }
        }
        if gathered { unhold(.tuple, size: min(2 * withCallbacks, 20)) }
    }

    mutating func runWeakrefCallback(_ cb: Value, _ wid: Int32) {
        incref(wid)   // the argument
        if let exc = callNested(cb, args: [.obj(wid)]) {
            reportIgnored(exc, context: callableName(cb))
        } else {
            decref(nestedResult)
            nestedResult = .none
        }
    }

    func callableName(_ v: Value) -> String {
        if case .obj(let id) = v {
            let o = heap.objects[Int(id)]
            if o.kind == .function { return program.codes[o.ref].qualname.isEmpty ? o.name : program.codes[o.ref].qualname }
            if o.kind == .boundMethod, case .obj(let f) = o.items[0] { return heap.objects[Int(f)].name }
        }
        return typeName(of: v)
    }

    /// handle_weakrefs of the collector, between finding the unreachable objects and their
    /// finalizers: references to unreachable objects are cleared (so __del__ already sees
    /// None); the callbacks of references that are themselves reachable run, and such a
    /// reference then joins generation `old`. References that are garbage themselves are
    /// cleared without their callback.
    mutating func handleWeakrefs(_ unreachable: Int32, old: Int32) {
        guard !weakrefLists.isEmpty else { return }
        var garbage = Set<Int32>()
        var id = heap.gcNext[Int(unreachable)]
        while id != unreachable { garbage.insert(id); id = heap.gcNext[Int(id)] }
        var calls: [Int32] = []
        id = heap.gcNext[Int(unreachable)]
        while id != unreachable {
            if heap.objects[Int(id)].kind == .weakref { unlinkWeakref(id) }
            if let list = weakrefLists.removeValue(forKey: id) {
                for wid in list {
                    heap.objects[Int(wid)].ref = -1
                    if !heap.objects[Int(wid)].items.isEmpty && !garbage.contains(wid) {
                        incref(wid)
                        calls.append(wid)
                    }
                }
            }
            id = heap.gcNext[Int(id)]
        }
        for wid in calls {
            if let cb = heap.objects[Int(wid)].items.first {
                incref(cb)
                runWeakrefCallback(cb, wid)
                decref(cb)
            }
            let alive = heap.objects[Int(wid)].refcount > 1
            decref(wid)
            if alive && heap.objects[Int(wid)].gen >= 0 {
                heap.listMove(wid, to: old)
                heap.objects[Int(wid)].gen = Int8(old)
            }
        }
    }
}
