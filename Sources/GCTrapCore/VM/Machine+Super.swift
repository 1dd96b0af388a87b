// super(): `super().name` and `super(C, obj).name` look `name` up in the classes after C
// (single inheritance: C's bases), bound to obj. 3.11 calls super (a super object, +1 −1)
// and binds the result (a bound method or method-wrapper, +1 −1, freed before the call
// runs); 3.12+ (LOAD_SUPER_ATTR) allocate neither for super().m(...).

extension Machine {

    mutating func superLookup(_ fi: Int, _ ins: Instr) throws {
        let obj = pop()
        var cls: Int32 = -1
        var clsValue: Value = .none
        if ins.b == 1 {
            clsValue = pop()
            if case .obj(let c) = clsValue, heap.objects[Int(c)].kind == .cls { cls = c }
        } else if frames[fi].function >= 0, let c = heap.objects[Int(frames[fi].function)].names.first {
            cls = c
        }
        defer { decref(clsValue) }
        guard cls >= 0 else {
            decref(obj)
            throw raiseNew(classes.typeError, ins.b == 1 ? "super() argument 1 must be a type" : "super(): __class__ cell not found")
        }
        guard case .obj(let o) = obj, heap.objects[Int(o)].kind == .instance, isSubclass(heap.objects[Int(o)].typeID, cls) else {
            decref(obj)
            throw raiseNew(classes.typeError, "super(type, obj): obj must be an instance or subtype of type")
        }
        // 3.12+ specialize the site on its second run; the first runs generically (super()
        // called, the attribute bound), like 3.11
        let specialized = profile.superSkipsAllocation && callSiteSpecialized()
        let makesObjects = !specialized
        if makesObjects { hold(.boundMethod, size: 0) }   // the super object
        let start = heap.objects[Int(cls)].typeID
        var found = start >= 0 ? lookupClassAttr(start, ins.a) : nil
        if found == nil && ins.a == program.known.initName { found = .builtin(Builtins.objectInit) }
        guard let v = found else {
            if makesObjects { unhold(.boundMethod, size: 0) }
            decref(obj)
            throw raiseNew(classes.attributeError, "'super' object has no attribute '\(name(ins.a))'")
        }
        let isCallable: Bool
        switch v {
        case .builtin: isCallable = true
        case .obj(let f): isCallable = heap.objects[Int(f)].kind == .function
        default: isCallable = false
        }
        // a slot of object/BaseException: 3.11 (and a generic run) calls it through a
        // method-wrapper, with the arguments only; specialized, the wrapper descriptor gets a
        // tuple of all of them, self included
        if case .builtin = v { slotCallThroughWrapper = !specialized }
        if ins.op == .loadSuperMethod && isCallable {
            // 3.11: super_getattro binds it (+1), LOAD_METHOD drops the super object, PRECALL
            // unpacks the bound method into function + self and frees it
            if makesObjects {
                hold(.boundMethod, size: 0)
                unhold(.boundMethod, size: 0)
                unhold(.boundMethod, size: 0)
            }
            incref(v)
            push(v)
            push(obj)   // self: the reference moves
            return
        }
        if makesObjects { unhold(.boundMethod, size: 0) }
        if isCallable, case .obj = v {
            // super().name without a call: a bound method (the instance's reference moves in)
            var m = HeapObject(kind: .boundMethod)
            incref(v)
            m.items = [v, obj]
            push(.obj(allocate(m)))
            return
        }
        decref(obj)
        incref(v)
        push(v)
        if ins.op == .loadSuperMethod { push(.undefined) }
    }
}
