// The dispatch loop: fetch an instruction, do it, keep every reference count exact.
// Python exceptions travel as Swift throws until `unwind` finds a handler.

enum StopRule: Equatable {
    case never                    // nested runs, run to the end
    case statement                // the next statement anywhere (pdb's `step`)
    case statementAtDepth(Int)    // the next statement in this frame or an outer one (`next`)
    case taskBoundary             // the current task ends
    case atStep(Int)              // the statement count reaches this (seeking, chunked runs)
    case event(UInt8, atStep: Int) // a new event of these kinds (RunEvent.Kind bits) happened, or this statement count
    case taskBoundaryOrEvent(UInt8)  // the current task ends, or such an event happened
}

enum RunOutcome: Equatable {
    case paused
    case returned                 // a nested run's frame returned (result in nestedResult)
    case exception(Int32)         // a nested run's frame raised
    case finished
    case limited
}

extension Machine {

    @inline(__always) mutating func push(_ v: Value) { stack.append(v) }

    @inline(__always) mutating func pop() -> Value { stack.removeLast() }

    /// The end of a Swift value whose simulated reference, if any, went elsewhere (or was
    /// never counted): case by case, so no outlined destroy of the whole enum is called.
    /// A `let` left to its scope's end gets that outlined call; the hot opcodes end theirs here.
    @inline(__always) func dispose(_ v: consuming Value) {
        switch consume v {
        case .str(let s): _ = consume s
        case .obj, .undefined, .none, .bool, .int, .float, .builtin: break
        }
    }

    /// decref for a value the caller gives up: case by case, so only a str's end calls
    /// anything beyond the reference count (no outlined destroy of the whole enum).
    @inline(__always) mutating func drop(_ v: consuming Value) {
        switch consume v {
        case .obj(let id): decref(id)
        case .str(let s): _ = consume s
        case .undefined, .none, .bool, .int, .float, .builtin: break
        }
    }

    /// Runs until the stop rule says so, the program ends, or (nested) the frame at `base` returns.
    mutating func execute(stop: StopRule, base: Int, maxSteps: Int = Int.max) -> RunOutcome {
        var fi = frames.count - 1
        var codeIndex = Int(frames[fi].code)
        // Through the code table's pointers: a frame switch retains nothing (CodeTable.swift).
        var instrs = codeTable.instrs[codeIndex]
        var consts = codeTable.consts[codeIndex]
        var inMain = codeShapes[codeIndex].module == 0
        let stepLimit = min(maxSteps, self.maxSteps)   // self.maxSteps is set only between runs
        // The stop rules a statement can meet (the others: none, or a task boundary).
        let stopsAtStatements: Bool
        switch stop {
        case .never, .taskBoundary: stopsAtStatements = false
        default: stopsAtStatements = true
        }
        var codeModule = codeShapes[codeIndex].module   // read once per frame switch, not per global

        // The running frame's address, kept while no frame is pushed or popped (FrameStack's
        // epoch): only a push or a pop changes the top frame or moves the buffer.
        var epoch = frames.epoch
        var fp = frames.uncheckedAddress(fi)   // fi == count - 1: the subscript above checked it

        while true {
            // The top frame runs. Any handler may have changed it (a call, a return, an
            // exception, a generator resumed or suspended): noticed here, not at each place.
            if frames.epoch != epoch {
                epoch = frames.epoch
                if frames.count <= base { return .returned }
                fi = frames.count - 1
                fp = frames.uncheckedAddress(fi)   // count > base >= 0, so 0 <= fi < count
                if Int(fp.pointee.code) != codeIndex {
                    codeIndex = Int(fp.pointee.code)
                    instrs = codeTable.instrs[codeIndex]
                    consts = codeTable.consts[codeIndex]
                    codeModule = codeTable.modules[codeIndex]
                    inMain = codeModule == 0
                }
            }
            assert(fi == frames.count - 1 && fp == frames.uncheckedAddress(fi) && Int(fp.pointee.code) == codeIndex,
                   "the dispatch loop's frame changed without a push or a pop")
            // `fp` stays valid through the handler until it pushes a frame (a call, a nested
            // run): handlers use it only before anything that may.
            let ip = Int(fp.pointee.ip)
            let ins = instrs[ip]
            fp.pointee.ip = Int32(truncatingIfNeeded: ip &+ 1)   // ip < instruction count < Int32.max
            do {
                switch ins.op {
                case .stmt:
                    fp.pointee.line = ins.a
                    if inMain { mainLinesRun.insert(Int(ins.a)) }
                    if nestedDepth > 0 {
                        // Finalizers and __str__ run nested: their statements count too.
                        nestedSteps += 1
                        if limit != nil { return .limited }
                        if steps + nestedSteps > self.maxSteps {
                            limit = SimulationLimit(message: "stopped after \(self.maxSteps) statements (--max-steps, finalizers included): an endless loop?", line: Int(ins.a))
                            return .limited
                        }
                    } else {
                        steps += 1
                        if limit != nil { return .limited }
                        if steps + nestedSteps > stepLimit {
                            let n = stepLimit
                            limit = SimulationLimit(message: "stopped after \(n) statements (--max-steps): an endless loop?", line: Int(ins.a))
                            return .limited
                        }
                        try checkMemoryPeriodically()
                        if stopsAtStatements { switch stop {
                        case .statement: return .paused
                        case .statementAtDepth(let d): if frames.count <= d { return .paused }
                        case .atStep(let n): if steps >= n { return .paused }
                        case .event(let kinds, let n):
                            if eventSignal & kinds != 0 || steps >= n { return .paused }
                        case .taskBoundaryOrEvent(let kinds):
                            if eventSignal & kinds != 0 { return .paused }
                        default: break
                        } }
                        // After the stop rule: a run that pauses here has not gone on into
                        // the statement, so only one that goes on meets the known end.
                        if steps >= nextProgress {
                            if steps == knownEndStep { reachedKnownEnd = true; return .paused }
                            nextProgress = steps + Machine.progressEvery
                            if knownEndStep > steps { nextProgress = min(nextProgress, knownEndStep) }
                            progress?(steps)
                        }
                    }
                case .nop:
                    break
                case .loadConst:
                    push(consts[Int(ins.a)].copied)
                case .loadConstTuple:
                    let t = constTupleObjects[codeIndex][Int(ins.a)]
                    incref(t)
                    push(.obj(t))
                case .loadFast:
                    let v = stack[Int(fp.pointee.base) + Int(ins.a)].copied
                    if case .undefined = v {
                        throw raiseNew(classes.unboundLocalError, "cannot access local variable '\(localName(fi, ins.a))' where it is not associated with a value")
                    }
                    incref(v)
                    push(v)
                case .storeFast:
                    let v = pop()
                    drop(stack.exchange(Int(fp.pointee.base) + Int(ins.a), with: v))
                case .deleteFast:
                    let slot = Int(frames[fi].base) + Int(ins.a)
                    let old = stack[slot]
                    if case .undefined = old {
                        throw raiseNew(classes.unboundLocalError, "cannot access local variable '\(localName(fi, ins.a))' where it is not associated with a value")
                    }
                    stack[slot] = .undefined
                    decref(old)
                case .loadGlobal:
                    // The module's slot read in place; builtins and errors out of line.
                    let g = heap.objects[Int(fp.pointee.module)].items[Int(ins.a)].copied
                    if case .undefined = g {
                        let v = try loadGlobal(module: frames[fi].module, slot: ins.a, codeModule: codeModule)
                        incref(v)
                        push(v)
                    } else {
                        incref(g)
                        push(g)
                    }
                case .storeGlobal:
                    var v = pop()
                    if !overrides.isEmpty && frames[fi].module == modules[0] && frames.count == 1,
                       let o = overrides[ins.a] {
                        decref(v)
                        v = o
                    }
                    let m = Int(frames[fi].module)
                    // Exchanged in place: a read of heap.objects[m].items[...] here copied the
                    // whole module object (out-of-line Array getter).
                    var old = v.copied
                    swap(&old, &heap.objects[m].items[Int(ins.a)])
                    // Before the decref: freeing the old value may end the task loop, whose
                    // last row walks for `leaked` and must see the new global.
                    if case .obj = v { noteStaticChange() } else if case .obj = old { noteStaticChange() }
                    decref(old)
                    probeGlobalSet(module: m, ins.a, v, old: old)   // the server's counters
                    dispose(v)     // its reference is the slot's now
                    dispose(old)   // released above
                case .deleteGlobal:
                    let m = Int(frames[fi].module)
                    let old = heap.objects[m].items[Int(ins.a)]
                    if case .undefined = old {
                        throw raiseNew(classes.nameError, "name '\(globalName(codeIndex, ins.a))' is not defined")
                    }
                    heap.objects[m].items[Int(ins.a)] = .undefined
                    noteStaticChange()   // the walk's static part (GC/Machine+Reachability.swift)
                    decref(old)
                case .loadName:
                    let cls = frames[fi].aux
                    if let i = heap.objects[Int(cls)].names.firstIndex(of: ins.a) {
                        let v = heap.objects[Int(cls)].items[i]
                        incref(v)
                        push(v)
                    } else {
                        let v = try loadGlobal(module: frames[fi].module, slot: ins.b, codeModule: codeModule)
                        incref(v)
                        push(v)
                    }
                case .storeName:
                    let v = pop()
                    setNamespace(frames[fi].aux, ins.a, v)
                case .loadAttr:
                    // Operands are released even when the operation raises, before the
                    // unwinding (as CPython's DECREF_INPUTS before ERROR_IF).
                    // Written out rather than with `defer` (an outlined call at each exit).
                    let obj = pop()
                    let v: Value
                    do { v = try getAttr(obj, ins.a) } catch { drop(obj); throw error }
                    push(v)
                    drop(obj)
                case .storeAttr:
                    let obj = pop()
                    let v = pop()
                    do { try setAttr(obj, ins.a, v) } catch { drop(obj); dispose(v); throw error }
                    drop(obj)
                    dispose(v)   // setAttr copied it where it went
                case .deleteAttr:
                    let obj = pop()
                    defer { decref(obj) }
                    try deleteAttr(obj, ins.a)
                case .loadMethod:
                    let obj = pop()
                    if let method = methodWithoutBinding(obj, ins.a) {
                        incref(method)
                        push(method)
                        push(obj)            // self: the reference moves from the popped slot
                    } else {
                        let v: Value
                        do { v = try getAttr(obj, ins.a) } catch { drop(obj); throw error }
                        push(v)
                        push(.undefined)
                        drop(obj)
                    }
                case .pushNull:
                    push(.undefined)
                case .call:
                    let c = stack.count - Int(ins.a) - 2
                    let kw = ins.b >= 0 ? program.codes[codeIndex].kwnames[Int(ins.b)] : []
                    try call(at: c, argc: Int(ins.a), kwnames: kw, cont: .push)
                case .subscr:
                    let key = pop()
                    let obj = pop()
                    defer { decref(obj); decref(key) }
                    let v = try getItem(obj, key)
                    push(v)
                case .storeSubscr:
                    let key = pop()
                    let obj = pop()
                    defer { decref(obj); decref(key) }
                    let v = pop()
                    try storeSubscript(obj, key, v)
                case .deleteSubscr:
                    let key = pop()
                    let obj = pop()
                    defer { decref(obj); decref(key) }
                    try deleteSubscript(obj, key)
                case .binary, .inplace:
                    let r = pop()
                    let l = pop()
                    // int + int and int - int in place (binary() gives the same, overflow aside).
                    if case .int(let a) = l, case .int(let b) = r, ins.a <= BinaryCode.sub.rawValue {
                        let (v, o) = ins.a == BinaryCode.add.rawValue ? a.addingReportingOverflow(b) : a.subtractingReportingOverflow(b)
                        if !o { push(.int(v)); dispose(l); dispose(r); break }
                    }
                    let v: Value
                    do {
                        v = try binary(BinaryCode(rawValue: ins.a)!, l, r, inplace: ins.op == .inplace)
                    } catch { drop(l); drop(r); throw error }
                    push(v)
                    drop(l)
                    drop(r)
                case .formatValue:
                    let spec = ins.b == 1 ? pop() : .str("")
                    let x = pop()
                    defer { decref(x); decref(spec) }
                    push(.str(try formatValue(x, conversion: ins.a, spec: spec)))
                case .buildSet:
                    let items = Array(stack.suffix(Int(ins.a)))
                    stack.removeLast(Int(ins.a))
                    let s = makeSet()
                    push(.obj(s))
                    for (k, v) in items.enumerated() {
                        do { try setAdd(s, v) } catch { for w in items[(k + 1)...] { decref(w) }; throw error }
                    }
                case .buildSlice:
                    var s = HeapObject(kind: .slice)
                    s.items = Array(stack.suffix(Int(ins.a)))
                    if ins.a == 2 { s.items.append(.none) }
                    stack.removeLast(Int(ins.a))
                    push(.obj(allocate(s, track: false)))
                case .buildString:
                    var s = ""
                    for v in stack.suffix(Int(ins.a)) { if case .str(let t) = v { s += t } }
                    stack.removeLast(Int(ins.a))
                    try reserve(bytes: 49 + s.utf8.count)
                    push(.str(s))
                case .unary:
                    let x = pop()
                    defer { decref(x) }
                    let v = try unary(ins.a, x)
                    push(v)
                case .compare:
                    let r = pop()
                    let l = pop()
                    // int < int and the like in place (compare() gives the same).
                    if case .int(let a) = l, case .int(let b) = r,
                       ins.a >= CompareCode.lt.rawValue && ins.a <= CompareCode.ge.rawValue {
                        switch CompareCode(rawValue: ins.a)! {
                        case .lt: push(.bool(a < b))
                        case .le: push(.bool(a <= b))
                        case .gt: push(.bool(a > b))
                        default: push(.bool(a >= b))
                        }
                        dispose(l)
                        dispose(r)
                        break
                    }
                    let v: Value
                    do { v = try compare(CompareCode(rawValue: ins.a)!, l, r) } catch { drop(l); drop(r); throw error }
                    push(v)
                    drop(l)
                    drop(r)
                case .buildTuple:
                    let n = Int(ins.a)
                    let items = Array(stack[(stack.count - n)...])
                    stack.removeLast(n)
                    push(makeTuple(items))
                case .buildList:
                    let n = Int(ins.a)
                    let items = Array(stack[(stack.count - n)...])
                    stack.removeLast(n)
                    push(makeList(items))
                case .buildDict:
                    let n = Int(ins.a) * 2
                    let flat = Array(stack[(stack.count - n)...])
                    stack.removeLast(n)
                    let d = makeDict()
                    var i = 0
                    while i < flat.count {
                        try dictSet(d, flat[i], flat[i + 1])
                        i += 2
                    }
                    push(.obj(d))
                case .unpack:
                    let seq = pop()
                    // A tuple or list of the right length: its items pushed from their place
                    // (unpackItems copies the array and checks the same two things).
                    if case .obj(let id) = seq, heap.objects[Int(id)].items.count == Int(ins.a),
                       heap.objects[Int(id)].kind == .tuple || heap.objects[Int(id)].kind == .list {
                        var k = Int(ins.a)
                        while k > 0 {
                            k -= 1
                            let v = heap.objects[Int(id)].items[k].copied
                            incref(v)
                            push(v)
                        }
                        drop(seq)
                        break
                    }
                    defer { drop(seq) }
                    let items = try unpackItems(seq, count: Int(ins.a))
                    for v in items.reversed() { incref(v); push(v) }
                case .makeFunction:
                    let n = Int(ins.b & 0xFFFF)
                    var closure: Int32 = -1
                    if ins.b & (1 << 16) != 0, case .obj(let t) = pop() { closure = t }
                    var kwdefaults: Value = .none
                    if ins.b & (1 << 18) != 0 { kwdefaults = pop() }
                    let defaults = Array(stack[(stack.count - n)...])
                    stack.removeLast(n)
                    var f = HeapObject(kind: .function)
                    f.ref = Int(ins.a)
                    f.ref2 = Int(frames[fi].module)
                    f.items = defaults
                    f.typeID = closure
                    f.name = program.codes[Int(ins.a)].name
                    // names: [-, __defaults__ tuple BUILD_TUPLE made, __kwdefaults__ dict] (-1: none)
                    if ins.b & (1 << 17) != 0 {
                        for d in defaults { incref(d) }
                        if case .obj(let t) = makeTuple(defaults) { f.names = [-1, t, -1] }
                    }
                    if case .obj(let kd) = kwdefaults {
                        if f.names.isEmpty { f.names = [-1, -1, -1] }
                        f.names[2] = kd
                    }
                    push(.obj(allocate(f)))
                case .loadDeref:
                    let v = try cellContents(fi, ins.a)
                    incref(v)
                    push(v)
                case .storeDeref:
                    let v = pop()
                    let cell = cellID(fi, ins.a)
                    let old = heap.objects[Int(cell)].items[0]
                    heap.objects[Int(cell)].items[0] = v
                    decref(old)
                case .deleteDeref:
                    let old = try cellContents(fi, ins.a)
                    heap.objects[Int(cellID(fi, ins.a))].items[0] = .undefined
                    decref(old)
                case .loadClosure:
                    let c = stack[Int(frames[fi].base) + Int(ins.a)]
                    incref(c)
                    push(c)
                case .clearFast:
                    let slot = Int(frames[fi].base) + Int(ins.a)
                    let old = stack[slot]
                    stack[slot] = .undefined
                    decref(old)
                case .listAppend:
                    let item = pop()
                    guard case .obj(let l) = stack[stack.count - Int(ins.a)] else { fatalError("LIST_APPEND without a list") }
                    heap.objects[Int(l)].items.append(item)
                case .setAdd:
                    let item = pop()
                    guard case .obj(let st) = stack[stack.count - Int(ins.a)] else { fatalError("SET_ADD without a set") }
                    try setAdd(st, item)
                case .mapAdd:
                    let v = pop()
                    let k = pop()
                    guard case .obj(let d) = stack[stack.count - Int(ins.a)] else { fatalError("MAP_ADD without a dict") }
                    try dictSet(d, k, v)
                case .yieldValue:
                    yieldFromFrame(pop())
                case .loadSuperMethod, .loadSuperAttr:
                    try superLookup(fi, ins)
                case .listExtend:
                    let it = pop()
                    defer { decref(it) }
                    let items = try iterableItems(it)
                    releaseDrainedItemsAfter { m in
                        guard case .obj(let l) = m.stack[m.stack.count - 1] else { return }
                        for v in items { m.incref(v) }
                        m.heap.objects[Int(l)].items.append(contentsOf: items)
                    }
                case .listToTuple:
                    let l = pop()
                    guard case .obj(let lid) = l else { fatalError("LIST_TO_TUPLE without a list") }
                    let items = heap.objects[Int(lid)].items
                    for v in items { incref(v) }
                    let t = makeTuple(items)
                    decref(l)
                    push(t)
                case .dictMerge:
                    let m = pop()
                    defer { decref(m) }
                    guard case .obj(let src) = m, heap.objects[Int(src)].kind == .dict,
                          case .obj(let dst) = stack[stack.count - 1] else {
                        throw raiseNew(classes.typeError, "argument after ** must be a mapping, not \(typeName(of: m))")
                    }
                    for (k, v) in heap.objects[Int(src)].table.pairs {
                        guard case .str(let ks) = k else { throw raiseNew(classes.typeError, "keywords must be strings") }
                        if try dictIndex(dst, k) != nil {
                            throw raiseNew(classes.typeError, "got multiple values for keyword argument '\(ks)'")
                        }
                        incref(k); incref(v)
                        try dictSet(dst, k, v)
                    }
                case .callEx:
                    try callWithArgumentObjects(hasKeywords: ins.a == 1)
                case .squash:
                    let top = pop()
                    for _ in 0..<Int(ins.a) { decref(pop()) }
                    push(top)
                case .makeClass:
                    try startClass(code: ins.a, bases: Int(ins.b), module: frames[fi].module)
                case .jump:
                    frames[fi].ip = ins.a
                    if Int(ins.a) < ip { warmUp(Int32(codeIndex)); evalBreaker() }
                case .jumpIfFalse:
                    let v = pop()
                    if case .bool(let t) = v {   // a comparison's result: no call, no reference
                        if !t { fp.pointee.ip = ins.a }
                        dispose(v)
                        break
                    }
                    let t = try truthy(v)
                    drop(v)
                    if !t { frames[fi].ip = ins.a }
                case .jumpIfTrue:
                    let v = pop()
                    if case .bool(let t) = v {
                        if t { fp.pointee.ip = ins.a }
                        dispose(v)
                        break
                    }
                    let t = try truthy(v)
                    drop(v)
                    if t { frames[fi].ip = ins.a }
                case .jumpIfFalseOrPop:
                    if try !truthy(stack[stack.count - 1]) { frames[fi].ip = ins.a } else { decref(pop()) }
                case .jumpIfTrueOrPop:
                    if try truthy(stack[stack.count - 1]) { frames[fi].ip = ins.a } else { decref(pop()) }
                case .getIter:
                    let obj = pop()
                    defer { decref(obj) }
                    let it = try makeIterator(obj)
                    push(it)
                case .forIter:
                    if let v = try iterNext(stack[stack.count - 1]) {
                        push(v)
                    } else {
                        decref(pop())
                        frames[fi].ip = ins.a
                    }
                    if taskBoundary {
                        taskBoundary = false
                        if nestedDepth == 0 {
                            if case .taskBoundary = stop { return .paused }
                            if case .taskBoundaryOrEvent = stop { return .paused }
                        }
                    }
                case .returnValue:
                    let result = pop()
                    if let outcome = returnFromFrame(result, base: base) { return outcome }
                case .popTop:
                    drop(pop())
                case .dupTop:
                    let v = stack[stack.count - 1].copied
                    incref(v)
                    push(v)
                case .dupTop2:
                    let a = stack[stack.count - 2], b = stack[stack.count - 1]
                    incref(a); incref(b)
                    push(a); push(b)
                case .rot2:
                    stack.swapAt(stack.count - 1, stack.count - 2)
                case .rot3:
                    let top = pop()
                    stack.insert(top, at: stack.count - 2)
                case .raise:
                    try doRaise(kind: ins.a)
                case .reraise:
                    let exc = pop()
                    guard case .obj(let id) = exc else { fatalError("reraise of a non-exception") }
                    if let outcome = unwind(id, base: base, fresh: false) { return outcome }
                case .pushExcInfo:
                    let exc = stack[stack.count - 1]
                    incref(exc)
                    handled.append(exc)
                case .popExcept:
                    decref(handled.removeLast())
                case .checkExcMatch:
                    let type = pop()
                    let exc = stack[stack.count - 1]
                    let match = try exceptionMatches(exc, type)
                    decref(type)
                    push(.bool(match))
                    if match, case .obj(let id) = exc {
                        events.add(.caught(type: typeName(of: .obj(id)), line: Int(ins.line)))
                    }
                case .beforeWith:
                    try beforeWith()
                case .withExit:
                    // [exit] -> [exit]: CPython calls the bound __exit__ as it is (its self slot
                    // holds the first None), so the method lives until the call returns; the
                    // POP_TOP after this instruction drops it (measured: one object more alive
                    // inside __exit__ than before it, 3.11-3.13).
                    let exitFn = stack[stack.count - 1]
                    incref(exitFn)
                    let c = stack.count
                    push(exitFn)
                    push(.undefined)
                    push(.none); push(.none); push(.none)
                    try call(at: c, argc: 3, kwnames: [], cont: .discard)
                case .withExceptStart:
                    let exitFn = stack[stack.count - 2]
                    let exc = stack[stack.count - 1]
                    let c = stack.count
                    incref(exitFn)
                    push(exitFn)
                    push(.undefined)
                    let cls = exceptionClass(exc)
                    incref(.obj(cls)); push(.obj(cls))
                    incref(exc); push(exc)
                    let tb = attribute(exc, program.known.traceback) ?? .none
                    incref(tb); push(tb)
                    try call(at: c, argc: 3, kwnames: [], cont: .push)
                case .withExceptCheck:
                    let res = pop()
                    let suppress = try truthy(res)
                    decref(res)
                    if suppress {
                        decref(pop())                   // the exception
                        decref(handled.removeLast())
                        decref(pop())                   // __exit__
                        frames[fi].ip = ins.a
                    }
                case .importName:
                    try importModule(ins.a)
                case .importFrom:
                    let m = stack[stack.count - 1]
                    guard let v = attribute(m, ins.a) else {
                        throw raiseNew(classes.importError, "cannot import name '\(name(ins.a))' from '\(moduleName(m))'")
                    }
                    incref(v)
                    push(v)
                case .assertFail:
                    if ins.a == 1 {
                        let msg = pop()
                        let text = try strOf(msg)
                        decref(msg)
                        throw raiseNew(classes.assertionError, text)
                    }
                    throw raiseNew(classes.assertionError, nil)
                }
            } catch let e as PyException {
                if let outcome = unwind(e.exc, base: base, fresh: true) { return outcome }
            } catch let r as ReRaise {
                if let outcome = unwind(r.exc, base: base, fresh: false) { return outcome }
            } catch let p as Propagated {
                if let outcome = unwind(p.exc, base: base, fresh: false, entry: true) { return outcome }
            } catch let l as SimulationLimit {
                limit = l
                return .limited
            } catch {
                fatalError("unexpected error \(error)")
            }
        }
    }

    @inline(__always)
    func cellID(_ fi: Int, _ slot: Int32) -> Int32 {
        guard case .obj(let c) = stack[Int(frames[fi].base) + Int(slot)] else { fatalError("no cell in slot \(slot)") }
        return c
    }

    /// LOAD_DEREF: the cell's contents, or the error CPython gives for an empty one.
    mutating func cellContents(_ fi: Int, _ slot: Int32) throws -> Value {
        let v = heap.objects[Int(cellID(fi, slot))].items[0]
        if case .undefined = v {
            let n = localName(fi, slot)
            if program.codes[Int(frames[fi].code)].freeSlots.contains(slot) {
                throw raiseNew(classes.nameError, "cannot access free variable '\(n)' where it is not associated with a value in enclosing scope")
            }
            throw raiseNew(classes.unboundLocalError, "cannot access local variable '\(n)' where it is not associated with a value")
        }
        return v
    }

    func localName(_ fi: Int, _ slot: Int32) -> String {
        name(program.codes[Int(frames[fi].code)].localNames[Int(slot)])
    }

    func globalName(_ codeIndex: Int, _ slot: Int32) -> String {
        let m = program.codes[codeIndex].module
        return name(program.modules[m].globalNames[Int(slot)])
    }

    mutating func loadGlobal(module: Int32, slot: Int32, codeModule: Int) throws -> Value {
        let v = heap.objects[Int(module)].items[Int(slot)]
        if case .undefined = v {
            let nameID = program.modules[codeModule].globalNames[Int(slot)]
            if let b = builtins[nameID] ?? lazyBuiltin(nameID) { return b }
            throw raiseNew(classes.nameError, "name '\(name(nameID))' is not defined")
        }
        return v
    }

    // MARK: returning

    /// Pops the current frame after `return`; nil to keep running in the caller.
    /// The result is moved along (pushed or dropped), never copied.
    mutating func returnFromFrame(_ result: consuming Value, base: Int) -> RunOutcome? {
        let frame = frames[frames.count - 1]
        clearFrame(frame)
        frames.removeLast()
        popCallee(frame)
        if frame.heldArgsTuple != 0 || frame.heldKeywords != 0 {
            releaseHeld(tuple: Int(frame.heldArgsTuple), keywords: Int(frame.heldKeywords))
        }
        if frame.heldKwnames > 0 { unhold(.tuple, size: Int(frame.heldKwnames)) }
        if frame.releaseOnReturn >= 0 { decref(frame.releaseOnReturn) }
        switch frame.cont {
        case .push:
            push(result)
            if frame.breakerAfterCall { evalBreaker() }
        case .discard:
            drop(result)
        case .initInstance:
            if case .none = result {
                push(.obj(frame.aux))
                if frame.breakerAfterInit { evalBreaker() }
            } else {
                decref(result)
                decref(frame.aux)
                // Raised in the caller, as CPython does after __init__ returns.
                let exc = makeException(classes.typeError, "__init__() should return None, not '\(typeName(of: result))'")
                if let outcome = unwind(exc, base: base, fresh: true) { return outcome }
                return nil
            }
        case .classBody:
            drop(result)
            finishClass(frame.aux)
            push(.obj(frame.aux))
        case .nested:
            if frame.generator >= 0 {
                drop(result)               // StopIteration's value: not modelled
                nestedResult = .undefined  // exhausted
            } else {
                nestedResult = result
            }
        case .moduleImport:
            drop(result)
            push(.obj(frame.aux))
            incref(frame.aux)
        }
        if frames.isEmpty {
            programEnded()
            return .finished
        }
        if frames.count <= base { return .returned }
        return nil
    }

    /// Drops a frame's locals and temporaries; a frame object that outlives the call
    /// (a traceback holds it) takes the locals over, as CPython's take_ownership does.
    mutating func clearFrame(_ frame: Frame) {
        let base = Int(frame.base)
        let nlocals = codeShapes[Int(frame.code)].localCount   // module code too: an inlined comprehension's variables
        generatorFrameEnded(frame)
        if let last = frames.indices.last, frames[last].base == frame.base { frames[last].clearing = true }
        // Temporaries first (top down), as the unwinder pops them.
        while stack.count > base + nlocals { drop(pop()) }
        let fo = frame.frameObject
        if fo >= 0 && heap.objects[Int(fo)].refcount > 1 {
            let locals = Array(stack[base..<(base + nlocals)])
            stack.removeLast(nlocals)
            heap.objects[Int(fo)].items = locals
            heap.objects[Int(fo)].names = Array(program.codes[Int(frame.code)].localNames.prefix(nlocals))
            heap.objects[Int(fo)].ref = -1
            heap.objects[Int(fo)].ref2 = Int(frame.line)
            if heap.objects[Int(fo)].gen < 0 { heap.track(fo) }   // into generation 0, not counted again
            // f_back: the caller's frame object, materialized now if needed (3.11 unlinks a
            // generator's frame from its caller before clearing it).
            var caller = frames.count - 2
            while caller >= 0 && frames[caller].clearing { caller -= 1 }
            if caller >= 0 && (frame.generator < 0 || profile.generatorFrameLinksBack) {
                let back = frameObject(for: caller)
                incref(back)
                heap.objects[Int(fo)].typeID = back
            }
            decref(fo)
        } else {
            if fo >= 0 { decref(fo) }
            var i = base
            while i < base + nlocals {
                // Moved out, .undefined left behind (a finalizer run by the decref may look).
                drop(stack.exchange(i, with: .undefined))
                i += 1
            }
            // The slots are all .undefined by now: popped by moving the count.
            stack.popCleared(downTo: base)
        }
    }

    mutating func popCallee(_ frame: Frame) {
        guard frame.callee >= 0 else { return }
        while stack.count > Int(frame.callee) { drop(pop()) }
    }

    /// The frame object for VM frame `index`, created on first need (tracebacks, f_back).
    mutating func frameObject(for index: Int) -> Int32 {
        if frames[index].frameObject >= 0 { return frames[index].frameObject }
        var f = HeapObject(kind: .frame)
        f.ref = index
        f.ref2 = Int(frames[index].line)
        f.name = program.codes[Int(frames[index].code)].name
        f.typeID = -1
        // Counted (+1) but not tracked while its frame runs: CPython tracks a frame object
        // only when the frame exits and the object takes the locals over (take_ownership).
        let id = allocate(f, track: false)
        frames[index].frameObject = id   // the VM frame owns this first reference
        frameModule[id] = program.modules[program.codes[Int(frames[index].code)].module].name
        return id
    }
}
