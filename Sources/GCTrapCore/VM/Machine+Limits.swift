// What keeps a hostile program inside the simulation (issue 12): 64-bit integers that
// stop with a message instead of trapping, a budget of modelled memory that raises
// MemoryError, and native recursion that raises RecursionError where CPython does.

/// Modelled memory: what CPython would hold, roughly, so a budget means the same for a
/// list of ints and a big string. 64 bytes an object, 8 a slot (list and tuple items,
/// attributes), 48 a dict entry (3.11's sys.getsizeof of a dict of int keys is 37-56 bytes
/// an entry from 1,000 to 3,000,000 keys; the host holds about as much, where two slots
/// let a dict of ints grow to 1.4 GB under the default budget), and a str's 49-byte header
/// plus its bytes (a compact ASCII str in CPython).
enum ModelledSize {
    static let object = 64
    static let slot = 8
    static let dictEntry = 48
    static func str(_ s: String) -> Int { 49 + s.utf8.count }
}

extension Machine {
    /// Nested runs (finalizers, __str__ and __repr__ called from inside an instruction)
    /// recurse on the native stack; this many fit an 8 MB stack in a debug build with
    /// room to spare. CPython's own C recursion is bounded the same way.
    static let maxNestedDepth = 150

    static let intLimitMessage = "integer beyond 64 bits: gctrap models ints up to 2**63 - 1"

    /// Stops the run: gctrap's ints are 64-bit where CPython's are unbounded.
    func intOverflow() -> SimulationLimit {
        SimulationLimit(message: Machine.intLimitMessage, line: currentLine)
    }

    func checkedAdd(_ a: Int, _ b: Int) throws -> Int {
        let (v, o) = a.addingReportingOverflow(b)
        if o { throw intOverflow() }
        return v
    }

    func checkedNegate(_ a: Int) throws -> Int {
        if a == Int.min { throw intOverflow() }
        return -a
    }

    /// Python's floor division and modulo (the sign of the divisor); Int.min // -1 is
    /// 2**63, beyond 64 bits.
    func floorDivMod(_ a: Int, _ b: Int) throws -> (q: Int, r: Int) {
        if b == -1 {
            return (try checkedNegate(a), 0)
        }
        var q = a / b
        var r = a % b
        if r != 0 && ((r < 0) != (b < 0)) {
            q -= 1
            r += b
        }
        return (q, r)
    }

    /// The length of range(start, stop, step); OverflowError as CPython when it does not
    /// fit a Py_ssize_t (len(range(-2**63, 2**63 - 1))).
    mutating func rangeLength(start: Int, stop: Int, step: Int) throws -> Int {
        let n: UInt64
        if step > 0 {
            guard start < stop else { return 0 }
            n = (UInt64(bitPattern: Int64(stop &- start)) - 1) / UInt64(step) + 1
        } else {
            guard start > stop else { return 0 }
            n = (UInt64(bitPattern: Int64(start &- stop)) - 1) / step.magnitude.toUInt64 + 1
        }
        if n > UInt64(Int.max) {
            throw raiseNew(lazyClass("OverflowError"), "Python int too large to convert to C ssize_t")
        }
        return Int(n)
    }

    /// Pops frames above `depth` without running anything more in them, releasing what
    /// they hold as unwinding does.
    mutating func discardFrames(downTo depth: Int) {
        while frames.count > depth {
            let frame = frames[frames.count - 1]
            clearFrame(frame)
            frames.removeLast()
            popCallee(frame)
            releaseHeld(tuple: Int(frame.heldArgsTuple), keywords: Int(frame.heldKeywords))
            if frame.releaseOnReturn >= 0 { decref(frame.releaseOnReturn) }
            if frame.cont == .initInstance || frame.cont == .classBody { decref(frame.aux) }
        }
    }

    // MARK: exceptions CPython has from start-up and gctrap makes on first use

    /// MemoryError, OverflowError and ReferenceError: made when first raised or named, so the start-up
    /// heap (and every object id after it) stays as measured against CPython.
    mutating func lazyClass(_ name: String) -> Int32 {
        let id = program.intern(name)
        if case .obj(let c)? = builtins[id] { return c }
        let base: Int32
        switch name {
        case "OverflowError": base = classes.arithmeticError
        case "GeneratorExit": base = classes.baseException
        default: base = classes.exception
        }
        var c = HeapObject(kind: .cls)
        c.name = name
        c.typeID = base
        c.ref2 = -1
        incref(base)
        // A static type in CPython: neither counted nor tracked when it first appears.
        let cls = allocate(c, track: false, counted: false)
        builtins[id] = .obj(cls)
        incref(cls)   // held by the builtins table
        return cls
    }

    /// The built-in name, made on first use when it is one of the lazy classes.
    mutating func lazyBuiltin(_ nameID: Int32) -> Value? {
        let n = name(nameID)
        guard LoadCheck.lazyClasses.contains(n) else { return nil }
        return .obj(lazyClass(n))
    }

    mutating func memoryError() -> PyException {
        raiseNew(lazyClass("MemoryError"), nil)
    }

    // MARK: the memory budget

    /// Checks that `bytes` more of modelled memory fit the budget before making them;
    /// MemoryError when not. Allocations since the last measurement are added up, so the
    /// heap is measured again only when the sum could pass the budget.
    mutating func reserve(bytes: Int) throws {
        let (total, o) = memory.measured.addingReportingOverflow(memory.sinceMeasured)
        let (after, o2) = total.addingReportingOverflow(bytes)
        if o || o2 || after > memory.budget {
            measureMemory()
            let (after, o3) = memory.measured.addingReportingOverflow(bytes)
            if o3 || after > memory.budget { throw memoryError() }
        }
        memory.sinceMeasured += bytes
    }

    /// Called between statements: a program that grows by small steps (appending in a
    /// loop) is measured every so often, more rarely as its heap grows so the walks cost
    /// a bounded share of the time.
    @inline(__always) mutating func checkMemoryPeriodically() throws {
        if steps >= memory.nextCheck { try checkMemoryNow() }
    }

    /// Out of line: the check above runs at every statement, this every ~65,536.
    @inline(never) mutating func checkMemoryNow() throws {
        let cost = measureMemory()
        memory.nextCheck = steps + max(MemoryBudget.checkEvery, cost / 16)
        if memory.measured > memory.budget { throw memoryError() }
    }

    /// Walks the live heap and the value stack. Returns the walk's cost (values visited).
    @discardableResult
    mutating func measureMemory() -> Int {
        var bytes = 0, visited = 0
        // A str held in many places is one object in CPython: big strings are counted
        // once per buffer (Swift shares a string's storage when it is copied).
        var seen = Set<UInt>()
        func value(_ v: Value) -> Int {
            guard case .str(let s) = v else { return 0 }
            let n = s.utf8.count
            if n <= 64 { return 49 + n }
            let id = s.utf8.withContiguousStorageIfAvailable { UInt(bitPattern: $0.baseAddress) } ?? nil
            if let id, !seen.insert(id).inserted { return 0 }
            return 49 + n
        }
        for o in heap.objects where o.kind != .free {
            let entries = o.kind == .dict ? o.table.count : 0
            bytes += ModelledSize.object + ModelledSize.slot * (o.items.count + o.names.count) + ModelledSize.dictEntry * entries
            for v in o.items { bytes += value(v) }
            if entries > 0 { for (k, v) in o.table.pairs { bytes += value(k) + value(v) } }
            visited += 1 + o.items.count + 2 * entries
        }
        for v in stack { bytes += value(v) }
        visited += stack.count
        memory.measured = bytes
        memory.sinceMeasured = 0
        return visited
    }
}

/// The budget of modelled memory and where its accounting stands.
struct MemoryBudget {
    /// 128 MiB by default (`--max-memory`): the host holds a modelled list slot of 8 bytes
    /// in up to 24, and doubling a list briefly holds both copies, so a program at the
    /// budget costs the process at most ~600 MB (measured: `x = x + x` in a loop).
    static let defaultBudget = 128 << 20
    static let checkEvery = 65_536
    var budget = MemoryBudget.defaultBudget
    var measured = 0
    var sinceMeasured = 0
    var nextCheck = MemoryBudget.checkEvery
    /// The heap's modelled bytes as last measured plus what was reserved since.
    var modelledBytes: Int { measured &+ sinceMeasured }
}

private extension UInt {
    var toUInt64: UInt64 { UInt64(self) }
}
