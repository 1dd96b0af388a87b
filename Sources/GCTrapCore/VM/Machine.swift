// The simulated interpreter state: one value type, so a checkpoint is a copy and
// stepping back is "restore, then re-execute" (its hot arrays are shared by a plain copy:
// a copy that is kept gets its own, `detached()`). Its behaviour is spread over the
// Machine+*.swift files, one concern each.

struct PyException: Error {
    let exc: Int32
}

/// The scenario did something gctrap does not model: reported, never guessed.
public struct SimulationLimit: Error, Equatable, Sendable {
    public var message: String
    public var line: Int
    /// A construct gctrap does not model, met only when the line ran (bad input: exit 2),
    /// as opposed to a limit of the run itself (steps, objects: exit 1).
    public var unsupported: Bool = false

    /// `FILE:LINE:COL: error: message`, the line and a caret, as for load-time errors.
    public func diagnostic(file: String, source: String) -> String {
        let lines = Simulation.lines(source)
        var column = 1
        if line >= 1 && line <= lines.count {
            column = (lines[line - 1].firstIndex { $0 != " " && $0 != "\t" }).map { lines[line - 1].distance(from: lines[line - 1].startIndex, to: $0) + 1 } ?? 1
        }
        return ScenarioError(.unsupported, message, at: SourcePos(line: line, column: column)).formatted(file: file, lines: lines)
    }
}

enum Continuation: UInt8 {
    case push          // the result goes on the caller's stack
    case discard       // __exit__ after a normal exit, finalizers
    case initInstance  // __init__: the caller gets the instance
    case classBody     // the class object is finished and pushed
    case nested        // the result ends a nested run (finalizer, __str__)
    case moduleImport  // a module body ran: the importer gets the module
}

struct Frame {
    var code: Int32
    var ip: Int32 = 0
    var base: Int32              // stack index of local 0
    var callee: Int32            // stack index of the callable slot, or -1
    var module: Int32            // module object id (globals)
    var frameObject: Int32 = -1  // materialized frame object (traceback, f_back)
    var cont: Continuation
    var aux: Int32 = -1          // the instance being initialized, the class being built
    var function: Int32 = -1
    var line: Int32 = 0
    /// type.__call__'s argument tuple (size) and keyword dict, alive while __init__ runs.
    /// A generic class call (3.12+): the eval breaker is checked when `__init__` returns.
    var breakerAfterInit = false
    /// Called through slot_tp_call (an instance's `__call__`): a nested evaluation, whose
    /// return checks the eval breaker (3.12+).
    var breakerAfterCall = false
    var heldArgsTuple: Int16 = 0
    var heldKeywords: Int16 = 0
    /// An object the caller keeps alive for the duration of the call (BEFORE_WITH's bound
    /// __enter__), dropped when the frame ends.
    var releaseOnReturn: Int32 = -1
    /// The generator this frame belongs to (it is saved there at each yield), or -1.
    var generator: Int32 = -1
    /// f(**kw) unpacked the keywords with a tuple of their names, alive until this call ends.
    var heldKwnames: Int16 = 0
    /// Its locals are being dropped (a finalizer may run meanwhile): CPython has unlinked it
    /// already (GH-99729), so a frame ending inside that finalizer links past it (f_back).
    var clearing = false
}

/// The numbers of a code object that every call and return reads, kept apart so those
/// paths copy no CodeObject.
struct CodeShape {
    var paramCount: Int
    var localCount: Int
    var firstLine: Int
    var isFunction: Bool
    /// Cells to make or free variables to copy at each call (closures).
    var hasCells: Bool
    var isGenerator: Bool
    /// Keyword-only parameters, *args or **kwargs: binding takes the general path.
    var hasSpecialParams: Bool
    /// Its module (index into Program.modules): the dispatch loop's globals.
    var module: Int
    init(_ c: CodeObject) {
        paramCount = c.paramCount
        localCount = c.localNames.count
        firstLine = c.firstLine
        isFunction = c.kind == .function
        hasCells = !c.cellSlots.isEmpty || !c.freeSlots.isEmpty
        isGenerator = c.isGenerator
        hasSpecialParams = c.hasSpecialParams
        module = c.module
    }
}

struct GCState {
    var counts = [0, 0, 0]
    var thresholds: [Int]
    var enabled = true
    var collecting = false
    var pending = false            // 3.12+: scheduled, runs at the next eval-breaker check
    var longLivedPending = 0
    var longLivedTotal = 0
    var collections = [0, 0, 0]
    var collected = [0, 0, 0]
    var last: CollectionRecord?
    var scannedTotal = 0           // objects scanned by all collections so far
    var freeLists = FreeLists()
    var baseHeap: Int              // long-lived objects of a real process, kept in gen 2
    var frozen = 0
}


struct Machine {
    let program: Program
    let profile: PythonProfile
    var heap = Heap()
    var stack = ValueStack()
    var frames = FrameStack()
    var handled: [Value] = []            // exceptions being handled (sys.exc_info stack)
    var gc: GCState
    var modules: [Int32] = []            // module object per Program.modules index (-1 until imported)
    var builtins: [Int32: Value] = [:] { didSet { builtinsVersion &+= 1 } }   // name id -> builtin
    var builtinsVersion = 0              // bumped by every change of builtins (the walk caches its objects)
    var classes = BuiltinClasses()
    var nestedResult: Value = .none
    var output: [String] = []            // what print() wrote (bounded)
    var outputSink: ((String) -> Void)?  // where print() goes as it happens (gctrap run)
    var errorSink: ((String) -> Void)?   // sys.stderr ("Exception ignored in"); nil: with the output
    var outputLines = 0
    var events = EventLog()
    var runEvents: [RunEvent] = []          // the notable events since the last drain (Machine+RunEvents)
    var eventSignal: UInt8 = 0              // kinds of new (not folded) events since it was cleared
    var lastEventKind: RunEvent.Kind? = nil // the newest event's kind: a peak right after a peak is the same climb
    var openHigh = 0                        // the most connections open at once so far
    var failedTask: Int? = nil              // the task the uncaught exception ended
    var failureSummary: String? = nil       // "db.TooManyConnections: Create Session failed: ..."
    var outsideRun = false                  // an event now comes from the investigator (gc.collect() by `g`)
    var probe = ConnectionProbe()           // the db client's classes, counters and connections (Probe/)
    var steps = 0                        // statements executed at top level
    /// The lines of __main__ that have run (the compare view's "ran on one side only").
    var mainLinesRun = LineSet()
    var nestedDepth = 0
    /// Called every `Machine.progressEvery` statements of a run when set (a seek that replays
    /// a long run shows its progress from it). It must not touch the simulation.
    var progress: ((_ steps: Int) -> Void)?
    var nextProgress = Int.max
    static let progressEvery = 1 << 16
    /// A top-level run that goes on past this statement count ends where the simulation
    /// already knows (Simulation+TimelineEnd): it pauses there and sets `reachedKnownEnd`.
    var knownEndStep = Int.max
    var reachedKnownEnd = false
    var limit: SimulationLimit? { didSet { if oldValue == nil { limitStep = steps } } }
    /// The top-level statement count when the limit was set: a limit met inside a nested
    /// run (a finalizer chain) is set during one statement and noticed at the next.
    var limitStep = 0
    var maxObjects = 1_000_000
    /// Modelled memory and its budget (Machine+Limits).
    var memory = MemoryBudget()
    /// The step budget, counted over top-level and nested statements (finalizers, the
    /// collector's callbacks, __str__) alike, so a finalizer loop stops too.
    var maxSteps = Int.max
    var nestedSteps = 0
    /// Finished tasks after which the run stops (--max-tasks).
    var maxTasks = Int.max
    /// Lexicographic comparison of nested lists recursing natively (Operators).
    var comparisonDepth = 0

    // Tasks (gctrap.tasks)
    var task: Int? = nil
    var tasksFinished = 0
    var totalTasks: Int? = nil
    var taskBoundary = false
    var loopBaseline = [0, 0, 0]         // collections when the task loop began
    var rows: [TaskRow] = []
    var pendingRow: TaskRow? = nil        // the row of a task whose loop was left early
    var taskStarts: [(Int, Int)] = []     // (task, step) since the last drain
    var overrides: [Int32: Value] = [:]   // main-module global slot -> --set / toggle value
    var collectionsThisTask: [Int] = []
    var uncaught: Int32 = -1             // the exception that ended the program
    var finished = false

    /// Per class (by its serial): its shared instance-attribute keys and base-chain facts (ClassFacts.swift).
    var classFacts: [ClassFacts] = []
    /// Bumped by every change to a class namespace: ClassFacts' lookups are current while it stands.
    var namespaceVersion = 0
    /// A property object was ever made: until then no attribute store or load looks for one.
    var propertiesMade = false
    /// The gen-0 count the task loop starts with (the start-up lottery, `--gen0-at-start`);
    /// 0: right after the stand-in's start-up collection.
    var gen0AtStart = 0
    /// Each referent's weak references, in CPython's list order (basic reference first).
    var weakrefLists: [Int32: [Int32]] = [:]
    /// Each generator's suspended frame (Machine+Generators).
    var generators: [Int32: GeneratorState] = [:]
    /// Items drained from an iterator for a builtin (iterableItems), released after its call.
    var drainedItems: [Value] = []
    /// A native call's arguments are gathered here (Machine+Calls: takeArgumentBuffer); empty between calls.
    var argumentBuffer: [Value] = []
    /// The next call of object.__init__ / BaseException.__init__ comes through a
    /// method-wrapper (super() on 3.11, or not yet specialized): no tuple with self.
    var slotCallThroughWrapper = false
    /// Basic weak references to classes, held by their bases' __subclasses__ registry.
    var subclassRegistryRefs: [Int32] = []
    var inCollection: CollectionRecord? = nil

    var nativeModules: [Int32: Int32] = [:]  // name id -> module object (gc, gctrap)
    var frameModule: [Int32: String] = [:]   // frame object -> module name, for tracebacks
    var mainFileName = "scenario.py"
    var allocations = 0
    var reprListMade = false
    /// Values a native call read from an iterator, released when it returns (iterableItems).
    var scratchOwned: [Value] = []
    /// 3.11: Argument Clinic parsers whose keyword-name tuple exists (BuiltinFunction.keywordParser).
    var initializedParsers: Set<String> = []
    /// 3.11's first print() leaves one GC object for good (docs/cpython-model.md, G).
    var printedOnce = false
    var constTupleObjects: [[Int32]] = []   // per code object, made when the program loads
    var deallocDepth = 0
    var trashcan: [Int32] = []
    var kindSerials = [Int](repeating: 0, count: 32)   // display serials of non-instances, by kind
    var codeWarmup: [UInt8] = []                       // per code object: entries + back edges, up to 8
    var gcScratchRefs: [Int] = []          // the collector's gc_refs, by object id
    var gcScratchCollecting: [Bool] = []
    var gcScratchUnreachable: [Bool] = []
    var reach = ReachScratch()            // scratch for the per-task reachability walk
    var specializedCallSites: Set<Int> = []   // call sites run once (3.12+ specialize them on the 2nd run): eval-breaker checks
    var executedCallSites: Set<Int> = []      // call sites (code << 24 | ip) run once: 3.13 specializes them

    /// Per code object, what a call and a return need (Program's codes are final by now).
    let codeShapes: [CodeShape]
    /// Per code object, its instructions and constants behind pointers (the dispatch loop's).
    let codeTable: CodeTable

    /// `_abc_impl`, which marks an ABC (a class whose metaclass is ABCMeta); -1 when no code names it.
    let abcImplName: Int32
    /// `__slots__`, which rules out a specialized class call; -1 when no code names it.
    let slotsName: Int32
    /// The special methods dispatched to the interpreted library classes (WeakValueDictionary); -1 when no code names them.
    let getitemName: Int32, setitemName: Int32, delitemName: Int32, lenName: Int32, containsName: Int32, iterName: Int32
    /// KeyedRef.__init__ runs so far: 3.12+ specialize its LOAD_SUPER_ATTR from the second.
    var keyedRefInits = 0
    /// Set by hasattr() and getattr() with a default while they look an attribute up.
    var suppressMissingAttribute = false

    init(program: Program, profile: PythonProfile) {
        self.program = program
        self.profile = profile
        codeShapes = program.codes.map { CodeShape($0) }
        codeTable = CodeTable(program.codes)
        gc = GCState(thresholds: profile.thresholds, baseHeap: profile.baseHeapObjects)
        modules = Array(repeating: -1, count: program.modules.count)
        abcImplName = program.nameIDs["_abc_impl"] ?? -1
        slotsName = program.nameIDs["__slots__"] ?? -1
        getitemName = program.nameIDs["__getitem__"] ?? -1
        setitemName = program.nameIDs["__setitem__"] ?? -1
        delitemName = program.nameIDs["__delitem__"] ?? -1
        lenName = program.nameIDs["__len__"] ?? -1
        containsName = program.nameIDs["__contains__"] ?? -1
        iterName = program.nameIDs["__iter__"] ?? -1
    }

    /// A copy with its own hot arrays (UncheckedArray): a plain copy of a Machine shares
    /// them, so running one would change the other. Every Machine that is kept (a
    /// checkpoint, a saved state, the remembered end) is taken with this, and every kept one
    /// brought back is brought back with this, so the live machine never shares them.
    func detached() -> Machine {
        var m = self
        m.stack = stack.copy()
        m.frames = frames.copy()
        m.heap = heap.detached()
        return m
    }

    // MARK: reference counting

    @inline(__always)
    mutating func incref(_ v: Value) {
        if case .obj(let id) = v { heap.objects[Int(id)].refcount += 1 }
    }

    @inline(__always)
    mutating func incref(_ id: Int32) {
        heap.objects[Int(id)].refcount += 1
    }

    @inline(__always)
    mutating func decref(_ v: Value) {
        if case .obj(let id) = v { decref(id) }
    }

    /// Inlined: most decrefs leave the object alive; freeing it is out of line.
    @inline(__always)
    mutating func decref(_ id: Int32) {
        let i = Int(id)
        heap.objects[i].refcount -= 1
        if heap.objects[i].refcount == 0 { lastReferenceDropped(id) }
    }

    @inline(never)
    mutating func lastReferenceDropped(_ id: Int32) {
        // CPython's trashcan: past 50 nested deallocations the rest wait for the
        // outermost one, so a long chain cannot overflow the stack.
        if deallocDepth >= 50 {
            trashcan.append(id)
        } else {
            deallocDepth += 1
            deallocate(id)
            deallocDepth -= 1
            if deallocDepth == 0 {
                while let next = trashcan.popLast() {
                    deallocDepth = 1
                    deallocate(next)
                    deallocDepth = 0
                }
            }
        }
    }

    // MARK: allocation

    func isGCCapable(_ kind: ObjKind) -> Bool {
        switch kind {
        case .range, .rangeIter, .free, .slice: return false
        default: return true
        }
    }

    /// Counts the allocation the way CPython's gc_alloc does: first the counter (which may
    /// start a collection, before the new object exists), then the object.
    mutating func allocate(_ object: consuming HeapObject, track: Bool = true, freeList: Bool = true, counted: Bool = true) -> Int32 {
        if isGCCapable(object.kind) && counted {
            if !(freeList && gc.freeLists.take(object.kind, size: object.items.count)) {
                gc.counts[0] += 1
                maybeScheduleCollection()
            }
        }
        if heap.live >= maxObjects && limit == nil {
            limit = SimulationLimit(message: "object cap reached: \(maxObjects) live objects (an allocation bomb?)",
                                    line: Int(frames.last?.line ?? 0))
        }
        object.refcount = 1
        object.bornInTask = task ?? -1
        allocations += 1
        object.birth = allocations
        if object.kind == .instance {
            // A class counts its instances in its otherwise unused `ref`.
            heap.objects[Int(object.typeID)].ref += 1
            object.serial = heap.objects[Int(object.typeID)].ref
        } else {
            kindSerials[Int(object.kind.rawValue)] += 1
            object.serial = kindSerials[Int(object.kind.rawValue)]
            if object.kind == .cls { classFacts.append(ClassFacts()) }   // at index serial - 1
        }
        if object.kind == .instance { incref(object.typeID) }
        let kind = object.kind
        let id = heap.store(&object)
        if track && isGCCapable(kind) { heap.track(id) }
        return id
    }

    /// `allocate(HeapObject(kind: kind, typeID: typeID, items: items))` with the fields
    /// written into the slot in place: building a HeapObject, swapping it into the slot and
    /// destroying what came back cost ~500 instructions an allocation (an instance, a tuple).
    /// Not for classes (their facts are appended by `allocate`).
    mutating func allocate(_ kind: ObjKind, typeID: Int32 = -1, items: consuming [Value]) -> Int32 {
        precondition(kind != .cls, "a class is allocated with its facts (allocate(_ object:))")
        let capable = isGCCapable(kind)
        if capable && !gc.freeLists.take(kind, size: items.count) {
            gc.counts[0] += 1
            maybeScheduleCollection()
        }
        if heap.live >= maxObjects && limit == nil {
            limit = SimulationLimit(message: "object cap reached: \(maxObjects) live objects (an allocation bomb?)",
                                    line: Int(frames.last?.line ?? 0))
        }
        allocations += 1
        let serial: Int
        if kind == .instance {
            // A class counts its instances in its otherwise unused `ref`.
            heap.objects[Int(typeID)].ref += 1
            serial = heap.objects[Int(typeID)].ref
            incref(typeID)
        } else {
            kindSerials[Int(kind.rawValue)] += 1
            serial = kindSerials[Int(kind.rawValue)]
        }
        let id = heap.takeSlot()
        let born = task ?? -1, birth = allocations
        withUnsafeMutablePointer(to: &heap.objects[Int(id)]) { o in
            o.pointee.kind = kind
            o.pointee.typeID = typeID
            o.pointee.refcount = 1
            // An object that brings no buffer of its own keeps the slot's emptied one (as store).
            if items.capacity > 0 { o.pointee.items = items }
            o.pointee.bornInTask = born
            o.pointee.serial = serial
            o.pointee.birth = birth
        }
        if capable { heap.track(id) }
        return id
    }

    mutating func maybeScheduleCollection() {
        guard gc.counts[0] > gc.thresholds[0], gc.enabled, gc.thresholds[0] != 0,
              !gc.collecting else { return }
        if profile.deferredCollection {
            gc.pending = true
        } else {
            collectAutomatically()
        }
    }

    /// 3.12+: the eval breaker runs a scheduled collection (function entry, loop back edge, after a builtin call).
    @inline(__always)
    mutating func evalBreaker() {
        if gc.pending {
            gc.pending = false
            if !gc.collecting { collectAutomatically() }
        }
    }

    /// An object CPython allocates and frees at once (args tuples, the tuple get_count returns).
    mutating func transient(_ kind: ObjKind, size: Int) {
        hold(kind, size: size)
        unhold(kind, size: size)
    }

    /// An object CPython allocates, that the simulation does not show (an argument tuple), but
    /// that holds its free-list slot until `unhold`.
    mutating func hold(_ kind: ObjKind, size: Int, count: Int = 1) {
        for _ in 0..<count where !gc.freeLists.take(kind, size: size) {
            gc.counts[0] += 1
            maybeScheduleCollection()
        }
    }

    mutating func unhold(_ kind: ObjKind, size: Int, count: Int = 1) {
        for _ in 0..<count where !gc.freeLists.give(kind, size: size) {
            gc.counts[0] = max(0, gc.counts[0] - 1)
        }
    }

    /// Does this call site build an argument tuple now? (CPython's adaptive interpreter
    /// stops doing so once the code is quickened or the instruction specialized.)
    mutating func buildsArgsTuple(_ rule: PythonProfile.TupleRule) -> Bool {
        guard let f = frames.last else { return true }
        switch rule {
        case .always: return true
        case .never: return false
        case .untilQuickened: return Int(f.code) >= codeWarmup.count || codeWarmup[Int(f.code)] < 8
        case .firstExecution:
            let site = Int(f.code) << 24 | Int(f.ip)
            return executedCallSites.insert(site).inserted
        }
    }

    /// 3.11 quickens a code object after 8 entries or loop back edges.
    @inline(__always) mutating func warmUp(_ code: Int32) {
        if profile.builtinTypeCallTuple == .untilQuickened {
            if codeWarmup.count <= Int(code) {
                codeWarmup.append(contentsOf: repeatElement(0, count: program.codes.count - codeWarmup.count))
            }
            if codeWarmup[Int(code)] < 8 { codeWarmup[Int(code)] += 1 }
        }
    }

    // MARK: deallocation

    mutating func deallocate(_ id: Int32) {
        let i = Int(id)
        let kind = heap.objects[i].kind
        if kind == .instance && !heap.objects[i].finalized,
           let del = classFacts[classLookups(heap.objects[i].typeID)].del {
            // PEP 442: the finalizer runs once, on a temporarily revived object.
            heap.objects[i].finalized = true
            heap.objects[i].refcount = 1
            runFinalizer(del, on: id)
            heap.objects[i].refcount -= 1
            if heap.objects[i].refcount > 0 {
                events.add(.resurrected(Int(id)))
                return
            }
        }
        if kind == .generator && !heap.objects[i].finalized, let st = generators[id], st.state == .suspended {
            // _PyGen_Finalize (tp_finalize, once): close() the suspended generator.
            heap.objects[i].finalized = true
            heap.objects[i].refcount = 1
            finalizeGenerator(id)
            heap.objects[i].refcount -= 1
            if heap.objects[i].refcount > 0 { return }
        }
        if kind == .generator { generators[id] = nil }
        if kind == .taskIter { endTaskLoop(closing: id) }
        if kind == .weakref { unlinkWeakref(id) }
        else if !weakrefLists.isEmpty && weakrefLists[id] != nil { clearWeakrefs(id) }   // after __del__, before the attributes go
        heap.untrack(id)
        // Fields read one by one and the items in place: copying the whole HeapObject
        // would retain and release each of its arrays, and a copy of the items would keep
        // their buffer from being reused by the next object stored in this slot (Heap.release).
        let typeID = heap.objects[i].typeID, ref2 = heap.objects[i].ref2
        let size = heap.objects[i].items.count
        // Mark the slot dead before dropping references, so cycles through it stop here.
        heap.objects[i].refcount = -1_000_000
        switch kind {
        case .list, .tuple:
            var k = size
            while k > 0 { k -= 1; if k < heap.objects[i].items.count { decref(heap.objects[i].items[k]) } }
        case .dict:
            for (k, v) in heap.objects[i].table.removeAll() { decref(k); decref(v) }
        case .set:
            // set_dealloc drops every element (a set of instances freed them only by a collection before)
            let keys = heap.objects[i].table.keys
            heap.objects[i].table = OrderedTable()
            for k in keys { decref(k) }
        case .instance:
            if ref2 == 1 { unhold(.dict, size: 0) }   // its own __dict__ (exception, or past the shared keys), cleared first
            releaseItems(i, size)
            decref(typeID)
        case .frame, .cls:
            releaseItems(i, size)
            if typeID >= 0 { decref(typeID) }
        case .function:
            releaseItems(i, size)
            let refs = heap.objects[i].names
            for k in refs.dropFirst() where k >= 0 { decref(k) }
            if typeID >= 0 { decref(typeID) }
        case .generator:
            releaseItems(i, size)
            let fo = Int32(heap.objects[i].ref)
            if fo >= 0 { decref(fo) }
            if typeID >= 0 { decref(typeID) }
        default:
            releaseItems(i, size)
        }
        probeFreed(id, kind: kind, typeID: typeID)
        if isGCCapable(kind) {
            if !gc.freeLists.give(kind, size: size) {
                gc.counts[0] = max(0, gc.counts[0] - 1)
            }
        }
        heap.release(id)
    }

    /// Drops the references a dead object's first `size` items hold, read in place.
    @inline(__always)
    mutating func releaseItems(_ i: Int, _ size: Int) {
        var k = 0
        while k < size && k < heap.objects[i].items.count { decref(heap.objects[i].items[k]); k += 1 }
    }

    mutating func runFinalizer(_ del: Value, on id: Int32) {
        let typeName = heap.objects[Int(id)].typeID >= 0 ? heap.objects[Int(heap.objects[Int(id)].typeID)].name : "?"
        events.add(.finalizer(Int(id), typeName))
        incref(id)
        let probed = probeFinalizerStarting(id)
        defer { if probed { probeFinalizerEnded() } }
        if let exc = callNested(del, arg: .obj(id)) {
            reportIgnored(exc, context: "\(typeName).__del__")
        } else {
            decref(nestedResult)
            nestedResult = .none
        }
    }

    /// PyErr_WriteUnraisable ("Exception ignored in"). The default sys.unraisablehook's
    /// report allocates only temporaries from the free lists, all alive at once while the
    /// exception still is (docs/cpython-model.md, section K): fresh right after a full
    /// collection (which empties the free lists), reused by every later report.
    mutating func reportIgnored(_ exc: Int32, context: String, what: String = "function") {
        let temporaries = Machine.unraisableTemporaries(minor: profile.minor)
        for t in temporaries { hold(t.kind, size: t.size, count: t.count) }
        let text = exceptionSummary(exc)
        write("Exception ignored in: <\(what) \(context)>\n\(text)\n", toStderr: true)
        events.add(.ignored(context, text))
        for t in temporaries.reversed() { unhold(t.kind, size: t.size, count: t.count) }
        decref(exc)
    }

    /// The free-list objects one unraisable report holds at its peak: measured by warming
    /// one free list at a time before a report and by swapping in a hook that does nothing
    /// (scenarios/expected/measure_unraisable.py): a list, a dict (3.12: three), two
    /// 2-tuples, a 1-tuple and a 4-tuple; 6 objects cold (3.12: 8).
    static func unraisableTemporaries(minor: Int) -> [(kind: ObjKind, size: Int, count: Int)] {
        [(.list, 0, 1), (.dict, 0, minor == 12 ? 3 : 1), (.tuple, 1, 1), (.tuple, 2, 2), (.tuple, 4, 1)]
    }

    mutating func write(_ s: String, toStderr: Bool = false) {
        if toStderr, let e = errorSink { e(s) } else { outputSink?(s) }
        outputLines += 1
        if output.count >= 1000 { output.removeFirst(output.count - 999) }
        output.append(s)
        events.add(.output(s))
    }

    // MARK: names

    func name(_ id: Int32) -> String { program.names[Int(id)] }

    func typeName(of v: Value) -> String {
        switch v {
        case .undefined: return "undefined"
        case .none: return "NoneType"
        case .bool: return "bool"
        case .int: return "int"
        case .float: return "float"
        case .str: return "str"
        case .builtin: return "builtin_function_or_method"
        case .obj(let id):
            let o = heap.objects[Int(id)]
            switch o.kind {
            case .instance: return heap.objects[Int(o.typeID)].name
            case .list: return "list"
            case .tuple: return "tuple"
            case .dict: return "dict"
            case .function: return "function"
            case .cls: return "type"
            case .module: return "module"
            case .boundMethod: return "method"
            case .nativeMethod: return "builtin_function_or_method"
            case .listIter: return o.ref2 == 1 ? "list_reverseiterator" : "list_iterator"
            case .dictIter: return ["dict_keyiterator", "dict_valueiterator", "dict_itemiterator"][o.ref2]
            case .dictView: return ["dict_keys", "dict_values", "dict_items"][o.ref]
            case .set: return "set"
            case .setIter: return "set_iterator"
            case .enumerate: return "enumerate"
            case .zip: return "zip"
            case .map: return "map"
            case .range: return "range"
            case .rangeIter: return "range_iterator"
            case .slice: return "slice"
            case .taskIter: return "gctrap.tasks"
            case .traceback: return "traceback"
            case .frame: return "frame"
            case .weakref: return o.ref2 == 1 ? "weakproxy" : "weakref.ReferenceType"
            case .cell: return "cell"
            case .descriptor: return ["property", "staticmethod", "classmethod"][min(2, o.ref)]
            case .generator: return "generator"
            case .free: return "freed"
            }
        }
    }
}
