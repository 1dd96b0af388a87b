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
    /// With `throwing`, the exception is raised at the suspended `yield` (close()).
    mutating func resumeGenerator(_ gid: Int32, throwing: Int32? = nil) throws -> Value? {
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
            if wasSuspended { push(.none) }   // the value of the `yield` expression (send is not modelled)
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

    /// _PyGen_Finalize → gen_close: GeneratorExit is raised at the suspended `yield`, so the
    /// generator's `finally` blocks and `with` exits run; a GeneratorExit (or StopIteration)
    /// coming back out is the normal end. 3.13 skips the exception when the `yield` is not
    /// inside a try block: the frame is just cleared.
    mutating func finalizeGenerator(_ gid: Int32) {
        guard let st = generators[gid], st.state == .suspended else { return }
        let yieldIP = Int(st.ip) - 1
        let code = program.codes[Int(st.code)]
        if profile.closeSkipsExceptionOutsideTry && (yieldIP < 0 || code.instrs[yieldIP].handler < 0) {
            generators[gid]?.state = .completed
            let items = heap.objects[Int(gid)].items, fo = Int32(heap.objects[Int(gid)].ref)
            heap.objects[Int(gid)].items = []
            heap.objects[Int(gid)].ref = -1
            for v in items.reversed() { decref(v) }
            if fo >= 0 { decref(fo) }
            return
        }
        let exc = makeException(lazyClass("GeneratorExit"), nil)
        do {
            if let v = try resumeGenerator(gid, throwing: exc) {
                decref(v)
                let err = makeException(classes.runtimeError, "generator ignored GeneratorExit")
                reportIgnored(err, context: code.qualname, what: "generator object")
            }
        } catch let p as Propagated {
            let cls = heap.objects[Int(p.exc)].typeID
            if cls == builtins[program.intern("GeneratorExit")]?.objectID || isSubclass(cls, classes.stopIteration) {
                decref(p.exc)
            } else {
                reportIgnored(p.exc, context: code.qualname, what: "generator object")
            }
        } catch let e as PyException {
            reportIgnored(e.exc, context: code.qualname, what: "generator object")
        } catch let l as SimulationLimit {
            if limit == nil { limit = l }
        } catch {
            if limit == nil { limit = SimulationLimit(message: "\(error)", line: currentLine) }
        }
    }
}
