// Calls. The stack holds [callable, self-or-null, args...] as in CPython 3.11; a Python
// function's frame takes the arguments over as its first locals, so a call copies nothing.

extension Machine {

    /// Calls the callable at stack index `c` with `argc` arguments above it (keywords last).
    /// Inlined for the common case, a Python function: the rest (a large function whose
    /// entry and exit alone cost ~40 instructions) is called for the others.
    @inline(__always)
    mutating func call(at c: Int, argc: Int, kwnames: [Int32], cont: Continuation) throws {
        if case .obj(let id) = stack[c], heap.objects[Int(id)].kind == .function {
            let hasSelf: Bool
            if case .undefined = stack[c + 1] { hasSelf = false } else { hasSelf = true }
            try callFunction(id, at: c, first: hasSelf ? c + 1 : c + 2, kwnames: kwnames, cont: cont, aux: -1)
        } else {
            try callOther(at: c, argc: argc, kwnames: kwnames, cont: cont)
        }
    }

    @inline(never)
    mutating func callOther(at c: Int, argc: Int, kwnames: [Int32], cont: Continuation) throws {
        let callable = stack[c]
        let hasSelf: Bool
        if case .undefined = stack[c + 1] { hasSelf = false } else { hasSelf = true }
        switch callable {
        case .obj(let id):
            switch heap.objects[Int(id)].kind {
            case .function:
                try callFunction(id, at: c, first: hasSelf ? c + 1 : c + 2, kwnames: kwnames, cont: cont, aux: -1)
            case .boundMethod:
                // CPython unpacks the method into function + self and drops it before the call.
                let fn = heap.objects[Int(id)].items[0], slf = heap.objects[Int(id)].items[1]
                if hasSelf {
                    throw SimulationLimit(message: "calling a bound method with an explicit self slot", line: currentLine)
                }
                incref(fn); incref(slf)
                stack[c] = fn
                stack[c + 1] = slf
                decref(id)
                try call(at: c, argc: argc, kwnames: kwnames, cont: cont)
            case .cls:
                try callClass(id, at: c, argc: argc, hasSelf: hasSelf, kwnames: kwnames, cont: cont)
            case .nativeMethod:
                let b = heap.objects[Int(id)].ref
                var args = takeArgumentBuffer()
                args.append(heap.objects[Int(id)].items[0])
                for k in (c + 2)..<stack.count { args.append(stack[k]) }
                let checks = checksBreakerAfter(Int32(b), argc: argc, kwnames: kwnames)
                let result: Value
                do {
                    let mark = drainedItems.count
                    defer { releaseDrainedItems(downTo: mark) }
                    result = try callBuiltin(Int32(b), args: args, kwnames: kwnames)
                }
                giveBackArgumentBuffer(&args)
                finishNativeCall(at: c, result: result, cont: cont, checkBreaker: checks)
            case .weakref:
                let result = try callWeakref(id, argc: argc)
                finishNativeCall(at: c, result: result, cont: cont)
            case .instance where !hasSelf:
                guard let fn = lookupClassAttr(heap.objects[Int(id)].typeID, program.known.call),
                      case .obj(let fid) = fn, heap.objects[Int(fid)].kind == .function else {
                    throw raiseNew(classes.typeError, "'\(typeName(of: callable))' object is not callable")
                }
                try callInstance(id, function: fid, at: c, argc: argc, kwnames: kwnames, cont: cont)
            default:
                throw raiseNew(classes.typeError, "'\(typeName(of: callable))' object is not callable")
            }
        case .builtin(let b):
            var args = takeArgumentBuffer()
            for k in (hasSelf ? c + 1 : c + 2)..<stack.count { args.append(stack[k]) }
            let checks = checksBreakerAfter(b, argc: argc, kwnames: kwnames)
            let result: Value
            do {
                let mark = drainedItems.count
                defer { releaseDrainedItems(downTo: mark) }
                result = try callBuiltin(b, args: args, kwnames: kwnames)
            }
            giveBackArgumentBuffer(&args)
            finishNativeCall(at: c, result: result, cont: cont, checkBreaker: checks)
        default:
            throw raiseNew(classes.typeError, "'\(typeName(of: callable))' object is not callable")
        }
    }

    /// The buffer a native call's arguments are gathered in, reused from call to call (an
    /// Array made per call cost a malloc and a free). A call made inside a native call (a
    /// finalizer, `__str__`) finds it taken and uses a new one.
    @inline(__always)
    mutating func takeArgumentBuffer() -> [Value] {
        var args: [Value] = []
        swap(&args, &argumentBuffer)
        return args
    }

    /// Emptied one element at a time (as Heap.release: cheaper than removeAll(keepingCapacity:));
    /// a builtin that kept the array (it is copied on write) leaves a fresh buffer behind.
    @inline(__always)
    mutating func giveBackArgumentBuffer(_ args: inout [Value]) {
        while args.popLast() != nil {}
        swap(&args, &argumentBuffer)
    }

    /// Is this execution of the current call site specialized? 3.12/3.13 run an
    /// instruction generically the first time and specialize it on the second.
    mutating func callSiteSpecialized() -> Bool {
        guard let f = frames.last else { return false }
        return !specializedCallSites.insert(Int(f.code) << 24 | Int(f.ip)).inserted
    }

    /// Whether returning from this native call checks the eval breaker (runs a scheduled
    /// collection, 3.12+). The generic CALL does; of the specialized forms, CALL_NO_KW_LEN,
    /// CALL_NO_KW_ISINSTANCE, CALL_NO_KW_LIST_APPEND and CALL_NO_KW_TYPE_1 (3.13: CALL_LEN,
    /// CALL_ISINSTANCE, CALL_LIST_APPEND, CALL_TYPE_1) do not (bytecodes.c); the other
    /// specializations (builtin O/FAST, method descriptors, str/tuple/class) do.
    mutating func checksBreakerAfter(_ raw: Int32, argc: Int, kwnames: [Int32]) -> Bool {
        guard profile.deferredCollection, kwnames.isEmpty,
              Builtins.table[Int(raw)].specializedWithoutBreaker == argc else { return true }
        return !callSiteSpecialized()
    }

    /// A native call is over: drop the callable and arguments, deliver the result.
    mutating func finishNativeCall(at c: Int, result: Value, cont: Continuation, checkBreaker: Bool = true) {
        while stack.count > c { decref(pop()) }
        switch cont {
        case .push: push(result)
        case .discard: decref(result)
        case .nested: nestedResult = result
        case .initInstance, .classBody, .moduleImport: push(result)
        }
        if checkBreaker { evalBreaker() }
    }

    var currentLine: Int { Int(frames.last?.line ?? 0) }

    mutating func releaseDrainedItems(downTo mark: Int) {
        while drainedItems.count > mark { decref(drainedItems.removeLast()) }
    }

    /// Pushes a frame for a Python function; arguments at stack[first...] become its locals.
    mutating func callFunction(_ fid: Int32, at c: Int, first: Int, kwnames: [Int32], cont: Continuation, aux: Int32) throws {
        // The hot path reads three numbers of the code object (copying a CodeObject or a
        // HeapObject would retain and release every array they hold).
        let codeIndex = heap.objects[Int(fid)].ref
        let shape = codeShapes[codeIndex]
        let nargs = stack.count - first
        let npos = nargs - kwnames.count
        let nparams = shape.paramCount
        let nlocals = shape.localCount
        if frames.count >= 1000 {
            throw raiseNew(classes.recursionError, "maximum recursion depth exceeded")
        }
        if kwnames.isEmpty && npos == nparams && !shape.hasSpecialParams {
            for _ in nparams..<max(nparams, nlocals) { stack.append(.undefined) }
        } else {
            let f = heap.objects[Int(fid)]
            let code = program.codes[codeIndex]
            if npos > nparams && !code.hasVarargs {
                // CPython's too_many_positional: "takes from 1 to 3 positional arguments" with defaults
                let ndef = f.items.count
                let takes = ndef > 0 ? "from \(nparams - ndef) to \(nparams) positional arguments"
                    : "\(nparams) positional argument\(nparams == 1 ? "" : "s")"
                bindingFailed(code, npos: npos, nparams: nparams, namesList: false)
                throw raiseNew(classes.typeError, "\(code.qualname.isEmpty ? code.name : code.qualname)() takes \(takes) but \(npos) \(npos == 1 ? "was" : "were") given")
            }
            // Bind first, check everything, and only then take references: a TypeError
            // leaves the arguments on the stack for the caller's unwinding to drop.
            var locals = [Value](repeating: .undefined, count: nlocals)
            for i in 0..<min(npos, nparams) { locals[i] = stack[first + i] }
            let named = nparams + code.kwonlyCount   // parameters a keyword can name
            var extraKeywords: [(Int32, Value)] = []
            for (k, kwname) in kwnames.enumerated() {
                guard let p = code.localNames.prefix(named).firstIndex(of: kwname) else {
                    if code.hasVarkw { extraKeywords.append((kwname, stack[first + npos + k])); continue }
                    bindingFailed(code, npos: npos, nparams: nparams, namesList: profile.minor >= 13)
                    throw raiseNew(classes.typeError, "\(code.qualname.isEmpty ? code.name : code.qualname)() got an unexpected keyword argument '\(name(kwname))'")
                }
                guard locals[p].isUndefined else {
                    bindingFailed(code, npos: npos, nparams: nparams, namesList: false)
                    throw raiseNew(classes.typeError, "\(code.qualname.isEmpty ? code.name : code.qualname)() got multiple values for argument '\(name(kwname))'")
                }
                locals[p] = stack[first + npos + k]
            }
            let defaults = f.items
            let firstDefault = nparams - defaults.count
            let missing = (0..<nparams).filter { locals[$0].isUndefined && $0 < firstDefault }
            if !missing.isEmpty {
                // CPython's format_missing: 'a' / 'a' and 'b' / 'a', 'b', and 'c'
                bindingFailed(code, npos: npos, nparams: nparams, namesList: true)
                let quoted = missing.map { "'\(name(code.localNames[$0]))'" }
                let list = quoted.count <= 2 ? quoted.joined(separator: " and ")
                    : quoted.dropLast().joined(separator: ", ") + ", and " + quoted.last!
                throw raiseNew(classes.typeError, "\(code.qualname.isEmpty ? code.name : code.qualname)() missing \(missing.count) required positional argument\(missing.count == 1 ? "" : "s"): \(list)")
            }
            if code.kwonlyCount > 0 {
                // keyword-only: given, or from __kwdefaults__ (a dict)
                var kwdefaults: Int32 = -1
                if f.names.count > 2, f.names[2] >= 0 { kwdefaults = f.names[2] }
                var missingKw: [String] = []
                var fromDefaults: [(Int, Value)] = []
                for p in nparams..<named where locals[p].isUndefined {
                    let pname = name(code.localNames[p])
                    if kwdefaults >= 0, let i = try dictIndex(kwdefaults, .str(pname)) {
                        fromDefaults.append((p, dictValue(kwdefaults, at: i)))
                    } else {
                        missingKw.append("'\(pname)'")
                    }
                }
                if !missingKw.isEmpty {
                    bindingFailed(code, npos: npos, nparams: nparams, namesList: true)
                    let list = missingKw.count <= 2 ? missingKw.joined(separator: " and ")
                        : missingKw.dropLast().joined(separator: ", ") + ", and " + missingKw.last!
                    throw raiseNew(classes.typeError, "\(code.qualname.isEmpty ? code.name : code.qualname)() missing \(missingKw.count) required keyword-only argument\(missingKw.count == 1 ? "" : "s"): \(list)")
                }
                for (p, d) in fromDefaults { incref(d); locals[p] = d }
            }
            for p in firstDefault..<nparams where p >= 0 && locals[p].isUndefined {
                let d = defaults[p - firstDefault]
                incref(d)
                locals[p] = d
            }
            // initialize_locals: the **kwargs dict first (even empty), then the *args tuple;
            // the arguments' references move into them
            var slot = named
            var kwdict: Int32 = -1
            if code.hasVarkw { kwdict = makeDict() }
            if code.hasVarargs {
                let extra = npos > nparams ? Array(stack[(first + nparams)..<(first + npos)]) : []
                if extra.isEmpty { incref(classes.emptyTuple); locals[slot] = .obj(classes.emptyTuple) }
                else { locals[slot] = makeTuple(extra) }
                slot += 1
            }
            if code.hasVarkw {
                for (k, v) in extraKeywords { try dictSet(kwdict, .str(name(k)), v) }
                locals[slot] = .obj(kwdict)
            }
            stack.removeLast(stack.count - first)
            stack.append(contentsOf: locals)
        }
        // COPY_FREE_VARS, then MAKE_CELL for each cell (3.11+: before RESUME)
        if shape.hasCells {
            let code = program.codes[codeIndex]
            let closureID = heap.objects[Int(fid)].typeID
            if !code.freeSlots.isEmpty, closureID >= 0 {
                let closure = heap.objects[Int(closureID)].items
                for (i, slot) in code.freeSlots.enumerated() where i < closure.count {
                    incref(closure[i])
                    stack[first + Int(slot)] = closure[i]
                }
            }
            for slot in code.cellSlots {
                var cell = HeapObject(kind: .cell)
                cell.items = [stack[first + Int(slot)]]   // the local's reference moves into the cell
                stack[first + Int(slot)] = .obj(allocate(cell))
            }
        }
        if shape.isGenerator {
            if cont == .initInstance { decref(aux) }
            makeGenerator(function: fid, code: codeIndex, at: c, first: first, cont: cont == .initInstance ? .push : cont)
            return
        }
        var frame = Frame(code: Int32(codeIndex), base: Int32(first), callee: Int32(c),
                          module: Int32(heap.objects[Int(fid)].ref2), cont: cont)
        frame.function = fid
        frame.aux = aux
        frame.line = Int32(shape.firstLine)
        frames.append(frame)
        warmUp(Int32(codeIndex))
        evalBreaker()
    }

    /// Calling a class: a new instance, then __init__ (a Python frame, so `step` enters it).
    mutating func callClass(_ cls: Int32, at c: Int, argc: Int, hasSelf: Bool, kwnames: [Int32], cont: Continuation,
                            fromArgumentObjects: Bool = false) throws {
        if hasSelf {
            throw SimulationLimit(message: "calling a class through a method slot", line: currentLine)
        }
        let isException = isExceptionClass(cls)
        let npos = argc - kwnames.count
        // type_call packs the arguments into a tuple (and a dict for keywords) for tp_new and
        // tp_init; they live until __init__ returns. An exception keeps its tuple as `args`.
        var heldTuple = 0, heldKw = 0, heldNames = 0
        if fromArgumentObjects {
            // f(*args, **kw): type_call gets the real tuple and dict; slot_tp_init's call of
            // __init__ unpacks the dict with a tuple of its names
            if !kwnames.isEmpty && !isException { hold(.tuple, size: kwnames.count); heldNames = kwnames.count }
        } else if !isException {
            if !kwnames.isEmpty {
                // positional part (none for 0: `()` is a singleton), then the kwargs dict;
                // slot_tp_init's call to __init__ unpacks the dict again into a tuple of
                // keyword names, alive until __init__ returns (measured on 3.11-3.13:
                // P(a=t, b=t) +3 = instance, dict, 2-tuple; P(t, c=t) +4)
                if npos > 0 { hold(.tuple, size: npos) }
                heldTuple = npos
                hold(.dict, size: 0)
                hold(.tuple, size: kwnames.count)
                heldKw = kwnames.count
            } else if npos > 0 && (!initTakesExactly(cls, npos) || buildsArgsTuple(profile.classCallTuple)) {
                hold(.tuple, size: npos)
                heldTuple = npos
            }
        }
        let id: Int32
        if isException {
            let args = Array(stack[(c + 2)..<(c + 2 + npos)])
            for a in args { incref(a) }
            let argsTuple = makeTuple(args)
            var inst = HeapObject(kind: .instance, typeID: cls, items: [argsTuple])
            inst.names = [program.known.args]
            id = allocate(inst)
        } else {
            id = allocate(.instance, typeID: cls, items: [])
        }
        // Room for the attributes the class's instances set (its shared keys), so setting
        // them in __init__ does not grow the arrays one by one. After storing: the slot's
        // reused buffers are usually big enough already (Heap.store).
        let n = classFacts[classFactsIndex(cls)].sharedKeys.count
        if n > 0 {
            // (capacity read first: reserveCapacity is an out-of-line call even when it has room)
            if heap.objects[Int(id)].names.capacity < n { heap.objects[Int(id)].names.reserveCapacity(n) }
            if heap.objects[Int(id)].items.capacity < n { heap.objects[Int(id)].items.reserveCapacity(n) }
        }
        probeInstanceCreated(id, of: cls)
        // Looked up now, not before the allocation: a collection it ran may have changed
        // a class namespace (a finalizer storing a class attribute).
        if let initFn = classFacts[classLookups(cls)].initMethod, case .obj(let fid) = initFn,
           heap.objects[Int(fid)].kind == .function {
            // self goes in the null slot; the caller gets the instance when __init__ returns.
            stack[c + 1] = .obj(id)
            incref(id)
            let callable = stack[c]
            stack[c] = initFn
            incref(initFn)
            decref(callable)
            // The generic CALL checks the eval breaker when type.__call__ returns; 3.13's
            // CALL_ALLOC_AND_ENTER_INIT (a specialized site, no keywords, __init__ taking
            // exactly the arguments given) returns through its shim frame without a check.
            let inlined = profile.classCallTuple == .firstExecution && kwnames.isEmpty
                && initTakesExactly(cls, npos) && callSiteSpecialized()
            try callFunction(fid, at: c, first: c + 1, kwnames: kwnames, cont: cont == .push ? .initInstance : cont, aux: id)
            frames[frames.count - 1].breakerAfterInit = profile.deferredCollection && !inlined
            frames[frames.count - 1].heldArgsTuple = Int16(heldTuple)
            frames[frames.count - 1].heldKeywords = Int16(heldKw)
            frames[frames.count - 1].heldKwnames = Int16(heldNames)
        } else {
            releaseHeld(tuple: heldTuple, keywords: heldKw)
            if heldNames > 0 { unhold(.tuple, size: heldNames) }
            if !isException && argc > 0 {
                decref(id)
                throw raiseNew(classes.typeError, "\(heap.objects[Int(cls)].name)() takes no arguments")
            }
            finishNativeCall(at: c, result: .obj(id), cont: cont)
        }
    }

    /// Arguments that do not bind: CPython's initialize_locals has already made the
    /// **kwargs dict and the *args tuple, and builds a missing argument's message from a
    /// list of names (3.13 also an unexpected keyword's "Did you mean" from a list); all
    /// are freed with the error, onto their free lists (measured: a missing argument +1,
    /// +1 more with **kwargs, on 3.11-3.13; docs/cpython-model.md I.2).
    mutating func bindingFailed(_ code: CodeObject, npos: Int, nparams: Int, namesList: Bool) {
        if code.hasVarkw { transient(.dict, size: 0) }
        if code.hasVarargs && npos > nparams { transient(.tuple, size: npos - nparams) }
        if namesList { transient(.list, size: 0) }
    }

    /// Calling an instance whose class defines `__call__` (weakref.finalize is one): no
    /// version specializes it, so _PyObject_MakeTpCall packs the positional arguments into
    /// a tuple (and keywords into a dict) for slot_tp_call, alive until `__call__` returns,
    /// which runs in a nested evaluation: its return checks the eval breaker (3.12+).
    mutating func callInstance(_ id: Int32, function fid: Int32, at c: Int, argc: Int, kwnames: [Int32], cont: Continuation) throws {
        let npos = argc - kwnames.count
        var heldTuple = 0, heldKw = 0
        if npos > 0 { hold(.tuple, size: npos); heldTuple = npos }
        if !kwnames.isEmpty { hold(.dict, size: 0); hold(.tuple, size: kwnames.count); heldKw = kwnames.count }
        incref(fid)
        stack[c] = .obj(fid)
        stack[c + 1] = .obj(id)   // the instance's reference moves from the callable slot to self
        do {
            try callFunction(fid, at: c, first: c + 1, kwnames: kwnames, cont: cont, aux: -1)
        } catch {
            releaseHeld(tuple: heldTuple, keywords: heldKw)
            throw error
        }
        guard let last = frames.indices.last, frames[last].callee == Int32(c) else {
            releaseHeld(tuple: heldTuple, keywords: heldKw)   // a generator: made, not run
            return
        }
        frames[last].heldArgsTuple = Int16(heldTuple)
        frames[last].heldKeywords = Int16(heldKw)
        frames[last].breakerAfterCall = profile.deferredCollection
    }

    /// 3.13 specializes a class call (CALL_ALLOC_AND_ENTER_INIT, no args tuple) only when
    /// the Python `__init__` takes exactly self + the positional arguments given: with a
    /// default left unused it stays generic (measured: `__init__(self, a, b=2)`, `P(t)`
    /// +2 on every call, `P(t, t)` +2 then +1).
    /// Nor is a class whose metaclass is not `type` specialized (SPEC_FAIL_CALL_METACLASS):
    /// an ABC such as contextlib's _GeneratorContextManager, marked by `_abc_impl`.
    /// It also needs a "simple" `__init__` (no *args, **kwargs or keyword-only parameters:
    /// function_kind) and instances with inline values, which `__slots__` rules out
    /// (get_init_for_simple_managed_python_class; weakref.finalize has both).
    /// Mutating only so that its callers pass themselves by reference (see lookupClassAttr).
    /// (Cached in the class's facts: ClassFacts.initExactArguments.)
    @inline(__always)
    mutating func initTakesExactly(_ cls: Int32, _ npos: Int) -> Bool {
        let exact = classFacts[classLookups(cls)].initExactArguments
        return exact == Int.max || exact == npos
    }

    @inline(__always)   // every return calls it, almost always with nothing held
    mutating func releaseHeld(tuple: Int, keywords: Int) {
        // CPython frees the keyword-names tuple, then the args tuple, then the kwargs dict
        if keywords > 0 { unhold(.tuple, size: keywords) }
        if tuple > 0 { unhold(.tuple, size: tuple) }
        if keywords > 0 { unhold(.dict, size: 0) }
    }

    /// Runs a callable to completion from inside an instruction (finalizers, __str__).
    /// Returns the exception it raised, if any; the result is in nestedResult.
    mutating func callNested(_ fn: Value, args: [Value]) -> Int32? {
        let c = stack.count
        incref(fn)
        push(fn)
        push(.undefined)
        for a in args { push(a) }   // the caller hands over one reference per argument
        return callNestedPushed(at: c, argc: args.count)
    }

    /// callNested with one argument (a finalizer's self), without an array for it.
    mutating func callNested(_ fn: Value, arg: Value) -> Int32? {
        let c = stack.count
        incref(fn)
        push(fn)
        push(.undefined)
        push(arg)   // the caller hands over its reference
        return callNestedPushed(at: c, argc: 1)
    }

    /// The callable, the null self slot and `argc` arguments are on the stack from `c`.
    private mutating func callNestedPushed(at c: Int, argc: Int) -> Int32? {
        let suppressing = suppressMissingAttribute   // a nested run raises its own AttributeErrors
        suppressMissingAttribute = false
        defer { suppressMissingAttribute = suppressing }
        // Each nested run is a native recursion (execute inside an instruction): bounded
        // well inside the stack, as CPython's C recursion limit bounds its own.
        if nestedDepth >= Machine.maxNestedDepth {
            while stack.count > c { decref(pop()) }
            return makeException(classes.recursionError, "maximum recursion depth exceeded")
        }
        nestedDepth += 1
        defer { nestedDepth -= 1 }
        let depth = frames.count
        do {
            try call(at: c, argc: argc, kwnames: [], cont: .nested)
        } catch let e as PyException {
            while stack.count > c { decref(pop()) }
            return e.exc
        } catch {
            while stack.count > c { decref(pop()) }
            return makeException(classes.runtimeError, "\(error)")
        }
        if frames.count == depth { return nil }   // a native call finished at once
        switch execute(stop: .never, base: depth) {
        case .limited:
            // The step budget ran out inside (a finalizer loop): drop the nested frames so
            // the instruction that called it finds the stack as it left it.
            discardFrames(downTo: depth)
            while stack.count > c { decref(pop()) }
            return nil
        case .returned, .paused, .finished:
            return nil
        case .exception(let exc):
            return exc
        }
    }
}

extension Machine {

    /// Runs `body`, then drops what iterableItems drained for it.
    mutating func releaseDrainedItemsAfter(_ body: (inout Machine) -> Void) {
        let mark = drainedItems.count
        body(&self)
        releaseDrainedItems(downTo: mark)
    }

    /// CALL_FUNCTION_EX: [callable, self-or-null, args, kwargs?]. The arguments sequence
    /// becomes a tuple if it is not one (+1); the tuple and the dict stay alive below the
    /// call until it returns (`squash` drops them). A Python function or a class with
    /// keywords gets them unpacked with a tuple of their names (_PyStack_UnpackDict, +1
    /// while the call runs).
    mutating func callWithArgumentObjects(hasKeywords: Bool) throws {
        let argsSlot = stack.count - (hasKeywords ? 2 : 1)
        if case .obj(let a) = stack[argsSlot], heap.objects[Int(a)].kind == .tuple {
        } else {
            let seq = stack[argsSlot]
            guard case .obj = seq else {
                throw raiseNew(classes.typeError, "argument after * must be an iterable, not \(typeName(of: seq))")
            }
            let items = try iterableItems(seq)
            var t: Value = .none
            releaseDrainedItemsAfter { m in
                for v in items { m.incref(v) }
                t = m.makeTuple(items)
            }
            stack[argsSlot] = t
            decref(seq)
        }
        // [callable, null, args, kw?] -> [args, kw?, callable, null]
        let c = argsSlot - 2
        let callable = stack[c], slf = stack[c + 1]
        let objs = Array(stack[argsSlot...])
        stack.removeLast(stack.count - c)
        stack.append(contentsOf: objs)
        let newC = stack.count
        push(callable)
        push(slf)
        guard case .obj(let tid) = objs[0] else { fatalError("CALL_FUNCTION_EX without a tuple") }
        let positional = heap.objects[Int(tid)].items
        for v in positional { incref(v); push(v) }
        var kwnames: [Int32] = []
        if hasKeywords {
            guard case .obj(let d) = objs[1], heap.objects[Int(d)].kind == .dict else {
                throw raiseNew(classes.typeError, "argument after ** must be a mapping, not \(typeName(of: objs[1]))")
            }
            for (k, v) in heap.objects[Int(d)].table.pairs {
                guard case .str(let ks) = k else { throw raiseNew(classes.typeError, "keywords must be strings") }
                kwnames.append(program.intern(ks))
                incref(v)
                push(v)
            }
        }
        let argc = positional.count + kwnames.count
        var kind: ObjKind = .free
        if case .obj(let id) = callable { kind = heap.objects[Int(id)].kind }
        if kind == .cls {
            try callClass(callable.objectID!, at: newC, argc: argc, hasSelf: !slf.isUndefined, kwnames: kwnames, cont: .push, fromArgumentObjects: true)
            return
        }
        // 3.12+ push a Python function's frame straight from the tuple and dict
        // (_PyEvalFramePushAndInit_Ex): the names tuple lives while initialize_locals binds
        // the arguments (its **kwargs dict and *args tuple are made before it goes), then
        // the names tuple, the arguments tuple and the dict are released, all before the
        // body runs (measured: fwd(g, 1, 2, 3, 4, limit=5, trace=True) with
        // g(a, b, *p, limit=10, **o) is +6 cold on 3.11-3.13: p reuses no slot).
        if kind == .function && profile.inlinedComprehensions {
            if !kwnames.isEmpty { hold(.tuple, size: kwnames.count) }
            do {
                try call(at: newC, argc: argc, kwnames: kwnames, cont: .push)
            } catch {
                if !kwnames.isEmpty { unhold(.tuple, size: kwnames.count) }
                throw error
            }
            if !kwnames.isEmpty { unhold(.tuple, size: kwnames.count) }
            let c = newC - objs.count
            if frames.count > 0, frames[frames.count - 1].callee == Int32(newC) {
                for i in 0..<objs.count {
                    let v = stack[c + i]
                    stack[c + i] = .none
                    decref(v)
                }
            }
            return
        }
        let unpacks = !kwnames.isEmpty && (kind == .function || kind == .boundMethod)
        if unpacks { hold(.tuple, size: kwnames.count) }
        let depth = frames.count
        do {
            try call(at: newC, argc: argc, kwnames: kwnames, cont: .push)
        } catch {
            if unpacks { unhold(.tuple, size: kwnames.count) }
            throw error
        }
        if unpacks {
            if frames.count > depth { frames[frames.count - 1].heldKwnames = Int16(kwnames.count) }
            else { unhold(.tuple, size: kwnames.count) }
        }
    }
}
