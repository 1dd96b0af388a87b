// Generators. Calling a generator function makes a generator object that holds the
// frame's locals (and, suspended, its value stack): what a suspended generator's locals
// refer to stays alive, a lesson in itself. Each resumption runs the frame as a nested run
// until it yields, returns or raises; a suspended generator that is freed is closed first
// (GeneratorExit at the yield, so its `finally` blocks run), as CPython's _PyGen_Finalize does.

struct GeneratorState {
    enum State: UInt8 { case created, suspended, running, completed }
    var code: Int32
    var ip: Int32 = 0
    var line: Int32
    var module: Int32
    var state: State = .created
}

/// An exception coming out of a nested run into the frame that started it: the traceback
/// gets that frame's entry, but it is not raised anew (no context chaining, no event).
struct Propagated: Error {
    let exc: Int32
}

extension Machine {

    /// The call of a generator function: the arguments (cells made) become the generator's
    /// saved locals; the caller gets the generator (RETURN_GENERATOR).
    mutating func makeGenerator(function fid: Int32, code codeIndex: Int, at c: Int, first: Int, cont: Continuation) {
        let locals = Array(stack[first...])
        stack.removeLast(locals.count)
        var g = HeapObject(kind: .generator)
        g.typeID = fid
        incref(fid)
        g.items = locals
        g.ref = -1   // no frame object yet
        g.name = program.codes[codeIndex].name
        let gid = allocate(g)
        generators[gid] = GeneratorState(code: Int32(codeIndex), line: Int32(program.codes[codeIndex].firstLine),
                                         module: Int32(heap.objects[Int(fid)].ref2))
        while stack.count > c { decref(pop()) }
        switch cont {
        case .discard: decref(.obj(gid))
        case .nested: nestedResult = .obj(gid)
        default: push(.obj(gid))
        }
    }

    /// Runs the generator to its next `yield`: the value, or nil when it is exhausted.
    /// With `throwing` (an owned reference), the exception is raised at the suspended `yield`
    /// (throw(), close()); `sending` (borrowed) is the value of the `yield` expression (send()).
    mutating func resumeGenerator(_ gid: Int32, throwing: Int32? = nil, sending: Value = .none) throws -> Value? {
        guard var st = generators[gid] else { return nil }
        switch st.state {
        case .running: throw raiseNew(classes.valueError, "generator already executing")
        case .completed: return nil
        default: break
        }
        if nestedDepth >= Machine.maxNestedDepth {
            throw raiseNew(classes.recursionError, "maximum recursion depth exceeded")
        }
        let wasSuspended = st.state == .suspended
        let depth = frames.count
        let items = heap.objects[Int(gid)].items
        heap.objects[Int(gid)].items = []
        var frame = Frame(code: st.code, base: Int32(stack.count), callee: -1, module: st.module, cont: .nested)
        stack.append(contentsOf: items)   // the references move back to the frame
        frame.ip = st.ip
        frame.line = st.line
        frame.function = heap.objects[Int(gid)].typeID
        frame.generator = gid
        let fo = Int32(heap.objects[Int(gid)].ref)
        if fo >= 0 {
            heap.objects[Int(gid)].ref = -1
            heap.objects[Int(fo)].ref = depth
            frame.frameObject = fo
        }
        frames.append(frame)
        st.state = .running
        generators[gid] = st
        incref(gid)   // gi_running: the frame keeps its generator alive while it runs
        defer { decref(gid) }
        nestedDepth += 1
        defer { nestedDepth -= 1 }
        warmUp(st.code)
        var outcome: RunOutcome?
        if let exc = throwing {
            outcome = unwind(exc, base: depth, fresh: true)
        } else {
            if wasSuspended { incref(sending); push(sending) }   // the value of the `yield` expression
            evalBreaker()                     // RESUME
        }
        if outcome == nil { outcome = execute(stop: .never, base: depth) }
        switch outcome! {
        case .returned:
            let v = nestedResult
            nestedResult = .none
            return v.isUndefined ? nil : v
        case .exception(let e):
            throw Propagated(exc: e)
        case .limited:
            discardFrames(downTo: depth)
            throw limit ?? SimulationLimit(message: "stopped inside a generator", line: currentLine)
        case .paused, .finished:
            return nil
        }
    }

    /// YIELD_VALUE: the frame goes back into its generator; the value ends the nested run.
    mutating func yieldFromFrame(_ value: Value) {
        let frame = frames[frames.count - 1]
        let gid = frame.generator
        let base = Int(frame.base)
        let saved = Array(stack[base...])
        stack.removeLast(saved.count)
        heap.objects[Int(gid)].items = saved
        if frame.frameObject >= 0 {
            heap.objects[Int(frame.frameObject)].ref = -1
            heap.objects[Int(gid)].ref = Int(frame.frameObject)
        }
        generators[gid]?.ip = frame.ip
        generators[gid]?.line = frame.line
        generators[gid]?.state = .suspended
        frames.removeLast()
        nestedResult = value
    }

    /// The frame of a generator has ended (returned or raised): it is exhausted.
    mutating func generatorFrameEnded(_ frame: Frame) {
        guard frame.generator >= 0 else { return }
        generators[frame.generator]?.state = .completed
    }

    /// gen_close: GeneratorExit is raised at the suspended `yield`, so the generator's
    /// `finally` blocks and `with` exits run; a GeneratorExit (or StopIteration) coming back
    /// out is the normal end, any other exception propagates (`Propagated`), and a `yield`
    /// instead is "generator ignored GeneratorExit". A generator not started: 3.11 raises
    /// GeneratorExit at its first instruction (the frame ends at once, its arguments go);
    /// 3.12+ only mark it exhausted (gen_close's FRAME_CREATED shortcut: the arguments stay
    /// until the generator is freed; measured: a connection passed to it stays open).
    /// 3.13 skips the exception when the `yield` is not inside a try block: the frame is
    /// just cleared.
    mutating func closeGenerator(_ gid: Int32) throws {
        guard let st = generators[gid] else { return }
        switch st.state {
        case .completed: return
        case .running: throw raiseNew(classes.valueError, "generator already executing")
        case .created where profile.minor >= 12:
            generators[gid]?.state = .completed
            return
        case .created, .suspended: break
        }
        let yieldIP = Int(st.ip) - 1
        let code = program.codes[Int(st.code)]
        if profile.closeSkipsExceptionOutsideTry && st.state == .suspended && (yieldIP < 0 || code.instrs[yieldIP].handler < 0) {
            clearGeneratorFrame(gid)
            return
        }
        let exc = makeException(lazyClass("GeneratorExit"), nil)
        do {
            if let v = try resumeGenerator(gid, throwing: exc) {
                decref(v)
                throw raiseNew(classes.runtimeError, "generator ignored GeneratorExit")
            }
        } catch let p as Propagated {
            let cls = heap.objects[Int(p.exc)].typeID
            if cls == builtins[program.intern("GeneratorExit")]?.objectID || isSubclass(cls, classes.stopIteration) {
                decref(p.exc)
                return
            }
            throw p
        }
    }

    /// The frame of a generator that will not run again: its locals (and frame object) go.
    mutating func clearGeneratorFrame(_ gid: Int32) {
        generators[gid]?.state = .completed
        let items = heap.objects[Int(gid)].items, fo = Int32(heap.objects[Int(gid)].ref)
        heap.objects[Int(gid)].items = []
        heap.objects[Int(gid)].ref = -1
        for v in items.reversed() { decref(v) }
        if fo >= 0 { decref(fo) }
    }

    /// _PyGen_Finalize: a suspended generator that is freed is closed; what close() would
    /// raise is reported as "Exception ignored in" instead.
    mutating func finalizeGenerator(_ gid: Int32) {
        guard let st = generators[gid], st.state == .suspended else { return }
        let code = program.codes[Int(st.code)]
        do {
            try closeGenerator(gid)
        } catch let p as Propagated {
            reportIgnored(p.exc, context: code.qualname, what: "generator object")
        } catch let e as PyException {
            reportIgnored(e.exc, context: code.qualname, what: "generator object")
        } catch let l as SimulationLimit {
            if limit == nil { limit = l }
        } catch {
            if limit == nil { limit = SimulationLimit(message: "\(error)", line: currentLine) }
        }
    }

    /// A `yield` that is part of `yield from` (compiled as a loop that yields each item on):
    /// send() and throw() would have to reach the inner iterator, which is not modelled.
    func suspendedInYieldFrom(_ gid: Int32) -> Bool {
        guard let st = generators[gid], st.state == .suspended, st.ip > 0 else { return false }
        return program.codes[Int(st.code)].instrs[Int(st.ip) - 1].b == 1
    }
}

extension Builtins {

    /// send, throw and close (METH_O / METH_FASTCALL / METH_NOARGS: no argument tuple).
    /// Measured (docs/cpython-model.md I.3): what they allocate is what the generator's frame
    /// does, plus the exception thrown in and its traceback entry and frame object.
    static let generatorMethods: [BuiltinFunction] = [
        BuiltinFunction("send", .type(.generator), .method(1...1)) { m, call in
            let (id, a) = try m.receiverObject(call)
            if m.generators[id]?.state == .created, a[0] != .none {
                throw m.raiseNew(m.classes.typeError, "can't send non-None value to a just-started generator")
            }
            if a[0] != .none, m.suspendedInYieldFrom(id) {
                throw SimulationLimit(message: "send() to a generator suspended in 'yield from' is not supported by gctrap (the value would go to the inner generator); send to the inner generator directly", line: m.currentLine, unsupported: true)
            }
            if let v = try m.resumeGenerator(id, sending: a[0]) { return v }
            throw m.raiseNew(m.classes.stopIteration, nil)
        },
        BuiltinFunction("throw", .type(.generator), .method(1...1)) { m, call in
            let (id, a) = try m.receiverObject(call)
            if m.suspendedInYieldFrom(id) {
                throw SimulationLimit(message: "throw() into a generator suspended in 'yield from' is not supported by gctrap (the exception would go to the inner generator); throw into the inner generator directly", line: m.currentLine, unsupported: true)
            }
            guard case .obj(let x) = a[0], m.isExceptionValue(x) else {
                throw m.raiseNew(m.classes.typeError, "exceptions must be classes or instances deriving from BaseException, not \(m.typeName(of: a[0]))")
            }
            m.incref(a[0])
            let exc = try m.instantiateException(a[0])
            guard let st = m.generators[id], st.state != .completed else {
                throw PyException(exc: exc)   // raised in the caller: the frame is gone
            }
            if st.state == .running {
                m.decref(exc)
                throw m.raiseNew(m.classes.valueError, "generator already executing")
            }
            if let v = try m.resumeGenerator(id, throwing: exc) { return v }
            throw m.raiseNew(m.classes.stopIteration, nil)
        },
        BuiltinFunction("close", .type(.generator), .method(0...0)) { m, call in
            let (id, _) = try m.receiverObject(call)
            try m.closeGenerator(id)
            return .none
        },
    ]
}

extension Machine {
    /// A class deriving from BaseException, or an instance of one.
    func isExceptionValue(_ id: Int32) -> Bool {
        let o = heap.objects[Int(id)]
        if o.kind == .cls { return isSubclass(id, classes.baseException) }
        return o.kind == .instance && isSubclass(o.typeID, classes.baseException)
    }
}
