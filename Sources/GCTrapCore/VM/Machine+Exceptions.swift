// Raising and unwinding. An exception keeps its traceback, the traceback keeps frame
// objects, and a frame object keeps its locals: the classic way to keep a connection open.

extension Machine {

    /// A new exception instance of a built-in class, ready to throw.
    mutating func raiseNew(_ cls: Int32, _ message: String?) -> PyException {
        PyException(exc: makeException(cls, message))
    }

    mutating func makeException(_ cls: Int32, _ message: String?) -> Int32 {
        let args = makeTuple(message.map { [Value.str($0)] } ?? [])
        var inst = HeapObject(kind: .instance)
        inst.typeID = cls
        inst.names = [program.known.args]
        inst.items = [args]
        return allocate(inst)
    }

    func exceptionClass(_ exc: Value) -> Int32 {
        if case .obj(let id) = exc, heap.objects[Int(id)].kind == .instance { return heap.objects[Int(id)].typeID }
        return classes.baseException
    }

    mutating func doRaise(kind: Int32) throws {
        switch kind {
        case 0:
            guard let current = handled.last, case .obj(let id) = current else {
                throw raiseNew(classes.runtimeError, "No active exception to reraise")
            }
            incref(id)
            throw ReRaise(exc: id)
        default:
            var cause: Value = .undefined
            if kind == 2 { cause = pop() }
            let v = pop()
            let exc = try instantiateException(v)
            if kind == 2 {
                switch cause {
                case .none:
                    setExceptionField(exc, "__cause__", .none)
                case .obj:
                    let c = try instantiateException(cause)
                    setExceptionField(exc, "__cause__", .obj(c))
                    decref(c)
                default:
                    decref(cause)
                    decref(exc)
                    throw raiseNew(classes.typeError, "exception causes must derive from BaseException")
                }
                decref(cause)
                setExceptionField(exc, "__suppress_context__", .bool(true))
            }
            throw PyException(exc: exc)
        }
    }

    /// `raise X` takes a class (instantiated with no arguments) or an instance; returns an owned reference.
    mutating func instantiateException(_ v: Value) throws -> Int32 {
        guard case .obj(let id) = v else {
            decref(v)
            throw raiseNew(classes.typeError, "exceptions must derive from BaseException")
        }
        let o = heap.objects[Int(id)]
        if o.kind == .instance && isSubclass(o.typeID, classes.baseException) {
            return id
        }
        if o.kind == .cls && isSubclass(id, classes.baseException) {
            if let exc = callNested(v, args: []) {
                decref(v)
                return exc
            }
            decref(v)
            let r = nestedResult
            nestedResult = .none
            guard case .obj(let e) = r else { throw raiseNew(classes.typeError, "exceptions must derive from BaseException") }
            return e
        }
        decref(v)
        throw raiseNew(classes.typeError, "exceptions must derive from BaseException")
    }

    mutating func setExceptionField(_ exc: Int32, _ field: String, _ v: Value) {
        incref(v)
        setInstanceAttr(exc, program.intern(field), v)
    }

    /// Walks handlers outward from the current instruction. Returns nil when a handler
    /// takes the exception (execution goes on there), else how the run ends.
    mutating func unwind(_ exc: Int32, base: Int, fresh: Bool, entry: Bool? = nil) -> RunOutcome? {
        // CPython fetches the error before allocating frame objects and tracebacks, so
        // those allocations may start a collection like any other.
        if fresh {
            // Context chaining: raised while handling another exception.
            if let current = handled.last, case .obj(let h) = current, h != exc,
               attribute(.obj(exc), program.known.context) == nil {
                incref(h)
                setInstanceAttr(exc, program.known.context, .obj(h))
            }
            let t = typeName(of: .obj(exc))
            events.add(.raised(type: t, message: exceptionMessage(exc), line: currentLine))
            probeRaised(exc)
        }
        var addEntry = entry ?? fresh
        while true {
            let fi = frames.count - 1
            if addEntry { addTraceback(exc, frameIndex: fi) }
            addEntry = true
            let code = program.codes[Int(frames[fi].code)]
            let ip = Int(frames[fi].ip) - 1
            let h = ip >= 0 && ip < code.instrs.count ? code.instrs[ip].handler : -1
            if h >= 0 {
                let handler = code.handlers[Int(h)]
                let nlocals = code.localNames.count
                let keep = Int(frames[fi].base) + nlocals + Int(handler.depth)
                while stack.count > keep { decref(pop()) }
                push(.obj(exc))
                frames[fi].ip = handler.target
                return nil
            }
            let frame = frames[fi]
            clearFrame(frame)
            frames.removeLast()
            popCallee(frame)
            releaseHeld(tuple: Int(frame.heldArgsTuple), keywords: Int(frame.heldKeywords))
            if frame.heldKwnames > 0 { unhold(.tuple, size: Int(frame.heldKwnames)) }
            if frame.releaseOnReturn >= 0 { decref(frame.releaseOnReturn) }
            if frame.cont == .initInstance || frame.cont == .classBody { decref(frame.aux) }
            if frames.count <= base && base > 0 {
                return .exception(exc)
            }
            if frames.isEmpty {
                uncaughtException(exc)
                return .finished
            }
        }
    }

    /// PyTraceBack_Here: a traceback entry for the frame, whose frame object is made if needed.
    mutating func addTraceback(_ exc: Int32, frameIndex fi: Int) {
        let fo = frameObject(for: fi)
        let tbName = program.known.traceback
        let old = attribute(.obj(exc), tbName) ?? .none
        incref(old)
        incref(fo)
        var tb = HeapObject(kind: .traceback)
        tb.items = [old, .obj(fo)]
        tb.ref = Int(frames[fi].line)
        let id = allocate(tb)
        setInstanceAttr(exc, tbName, .obj(id))
    }

    mutating func exceptionMatches(_ exc: Value, _ type: Value) throws -> Bool {
        let cls = exceptionClass(exc)
        switch type {
        case .obj(let t) where heap.objects[Int(t)].kind == .cls:
            return isSubclass(cls, t)
        case .obj(let t) where heap.objects[Int(t)].kind == .tuple:
            for item in heap.objects[Int(t)].items {
                if case .obj(let c) = item, heap.objects[Int(c)].kind == .cls, isSubclass(cls, c) { return true }
            }
            return false
        default:
            throw raiseNew(classes.typeError, "catching classes that do not inherit from BaseException is not allowed")
        }
    }

    /// "KeyError: 'x'" — the last line of a traceback.
    func exceptionSummary(_ exc: Int32) -> String {
        let t = typeName(of: .obj(exc))
        let m = exceptionMessage(exc)
        return m.isEmpty ? t : "\(t): \(m)"
    }

    /// The traceback of an exception as CPython prints it, from its traceback chain.
    public func tracebackText(_ exc: Int32) -> String {
        var lines = ["Traceback (most recent call last):"]
        var tb = attributeValue(.obj(exc), program.known.traceback) ?? .none
        var entries: [(String, Int, String)] = []
        var guardCount = 0
        while case .obj(let t) = tb, heap.objects[Int(t)].kind == .traceback, guardCount < 10_000 {
            guardCount += 1
            let o = heap.objects[Int(t)]
            var fname = "?", module = "__main__"
            if case .obj(let f) = o.items[1] {
                fname = heap.objects[Int(f)].name
                let fr = heap.objects[Int(f)]
                if fr.ref >= 0 && fr.ref < frames.count {
                    module = program.modules[program.codes[Int(frames[fr.ref].code)].module].name
                } else {
                    module = frameModule[f] ?? module
                }
            }
            entries.append((module, o.ref, fname))
            tb = o.items[0]
        }
        for (module, line, fname) in entries {
            let file = module == "__main__" ? mainFileName : "\(module).py"
            lines.append("  File \"\(file)\", line \(line), in \(fname)")
            if let m = program.moduleIndex(named: module), line >= 1, line <= program.modules[m].lines.count {
                let text = program.modules[m].lines[line - 1].trimmingCharacters(in: " ")
                if !text.isEmpty { lines.append("    " + Sanitize.printable(text)) }
            }
        }
        lines.append(Sanitize.printable(qualifiedSummary(exc)))
        return lines.joined(separator: "\n")
    }

    /// The exception's class, qualified as CPython prints it outside builtins and __main__.
    func qualifiedTypeName(_ exc: Int32) -> String {
        let module = classModuleName(heap.objects[Int(exc)].typeID)
        return module == "builtins" || module == "__main__" ? typeName(of: .obj(exc)) : "\(module).\(typeName(of: .obj(exc)))"
    }

    /// The traceback's last line: "db.TooManyConnections: Create Session failed: ...".
    func qualifiedSummary(_ exc: Int32) -> String {
        let m = exceptionMessage(exc)
        return m.isEmpty ? qualifiedTypeName(exc) : "\(qualifiedTypeName(exc)): \(m)"
    }
}

/// A bare `raise`: the handled exception again, without a new traceback entry for this frame.
struct ReRaise: Error {
    let exc: Int32
}
