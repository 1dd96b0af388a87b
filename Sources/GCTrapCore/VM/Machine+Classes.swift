// Classes and bound methods: class bodies, BEFORE_WITH, method binding.

extension Machine {

    mutating func startClass(code: Int32, bases: Int, module: Int32) throws {
        let baseValues = Array(stack[(stack.count - bases)...])
        stack.removeLast(bases)
        var base = classes.object
        if let b = baseValues.first {
            guard case .obj(let id) = b, heap.objects[Int(id)].kind == .cls else {
                for v in baseValues { decref(v) }
                throw raiseNew(classes.typeError, "bases must be types")
            }
            base = id   // the base's reference moves into the new class
        } else {
            incref(base)
        }
        var c = HeapObject(kind: .cls)
        c.name = program.codes[Int(code)].name
        c.typeID = base
        c.ref2 = program.codes[Int(code)].module
        let id = allocate(c)
        var frame = Frame(code: code, base: Int32(stack.count), callee: -1, module: module, cont: .classBody)
        frame.aux = id
        frame.line = Int32(program.codes[Int(code)].firstLine)
        frames.append(frame)
        warmUp(code)
        evalBreaker()
    }

    mutating func finishClass(_ id: Int32) {
        let o = heap.objects[Int(id)]
        // the __class__ cell of methods that use super(): the class they were defined in
        for v in o.items {
            if case .obj(let f) = v, heap.objects[Int(f)].kind == .function, program.codes[heap.objects[Int(f)].ref].usesSuper {
                if heap.objects[Int(f)].names.isEmpty { heap.objects[Int(f)].names = [id] }
                else { heap.objects[Int(f)].names[0] = id }
            }
        }
        probeClassDefined(id)
    }

    /// BEFORE_WITH (3.11): __enter__ and __exit__ are looked up as bound methods; __exit__
    /// stays on the stack, __enter__ is called and dropped.
    mutating func beforeWith() throws {
        let mgr = pop()
        let enterName = program.known.enter, exitName = program.known.exit
        guard case .obj(let id) = mgr, heap.objects[Int(id)].kind == .instance,
              let enter = lookupClassAttr(heap.objects[Int(id)].typeID, enterName),
              case .obj(let ef) = enter, heap.objects[Int(ef)].kind == .function else {
            let t = typeName(of: mgr)
            decref(mgr)
            throw raiseNew(classes.typeError, "'\(t)' object does not support the context manager protocol")
        }
        guard let exit = lookupClassAttr(heap.objects[Int(id)].typeID, exitName),
              case .obj(let xf) = exit, heap.objects[Int(xf)].kind == .function else {
            let t = typeName(of: mgr)
            decref(mgr)
            throw raiseNew(classes.typeError, "'\(t)' object does not support the context manager protocol (missed __exit__ method)")
        }
        let enterBound = bindMethod(enter, mgr)
        let exitBound = bindMethod(exit, mgr)
        push(.obj(exitBound))
        // __enter__ is called through its bound method (a C-level call), which stays alive
        // until the call returns: a scheduled 3.12+ collection at __enter__'s entry sees it.
        let c = stack.count
        incref(enter)
        push(enter)
        push(mgr)      // self: the reference popped above moves here
        do {
            try call(at: c, argc: 0, kwnames: [], cont: .push)
        } catch {
            decref(enterBound)
            throw error
        }
        frames[frames.count - 1].releaseOnReturn = enterBound
    }

    mutating func bindMethod(_ fn: Value, _ slf: Value) -> Int32 {
        var m = HeapObject(kind: .boundMethod)
        incref(fn); incref(slf)
        m.items = [fn, slf]
        return allocate(m)
    }
}
