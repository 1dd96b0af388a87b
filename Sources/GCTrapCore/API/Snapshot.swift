// A snapshot is what the investigator shows at one instant: a plain value, built on
// demand from the machine, that the UI projects into panes. It knows nothing of terminals.

public struct PythonProfile: Equatable, Sendable {
    public var name: String               // "3.11"
    public var thresholds: [Int]          // [700, 10, 10]
    /// 3.12+: a collection is scheduled at the allocation and runs at the next eval-breaker check.
    public var deferredCollection: Bool
    /// Tracked objects a real interpreter holds after start-up (modules, classes, functions...).
    /// They make a full collection's cost visible as objects scanned.
    public var baseHeapObjects: Int
    /// When a call to a class builds an argument tuple for type.__call__ (docs/cpython-model.md A.1).
    public var classCallTuple: TupleRule
    /// When `str(x)` / `int(x)` build a 1-tuple of arguments.
    public var builtinTypeCallTuple: TupleRule
    /// 3.11: the first print() allocates one GC object that lives for good (not identified;
    /// measured in fresh processes: print(x) +2 on 3.11 = its 1-tuple + 1, +1 on 3.12/3.13).
    public var firstPrintObject = false
    /// The collector this version runs (GC/CollectorKind.swift).
    public var collector: CollectorKind = .generational
    /// PEP 709 (3.12+): list and dict comprehensions run inline (no function, no frame).
    public var inlinedComprehensions = false
    /// 3.12+: a generator frame that ends while its frame object is referenced (a traceback)
    /// links it to the frame that resumed it (f_back), materializing that one (clear_gen_frame
    /// clears `previous` only after the frame; 3.11 before).
    public var generatorFrameLinksBack = false
    /// 3.13: closing a suspended generator whose `yield` is outside any try block just clears
    /// the frame; 3.11/3.12 raise GeneratorExit in it every time.
    public var closeSkipsExceptionOutsideTry = false
    /// 3.12+: LOAD_SUPER_ATTR: super().m(...) allocates no super object and no bound method.
    public var superSkipsAllocation = false
    /// Levels of C recursion (repr, str, ==, isinstance) a program has at module level when
    /// the C limit is counted apart from Python frames (3.12: 1500, 3.13: 10000, less what the
    /// interpreter's own start uses; measured); nil on 3.11, where 1000 covers both.
    public var cRecursionLimit: Int? = nil

    public enum TupleRule: Equatable, Sendable {
        case always
        case untilQuickened      // 3.11: until the calling code object has run 8 times
        case firstExecution      // 3.12/3.13: only the first time a call site runs
        case never
    }

    // Base heaps: len(gc.get_objects()) after gc.collect() in a process that imported the
    // stand-ins (11,229 / 6,171 / 6,664 measured), less the simulator's own objects.
    public static let py311 = PythonProfile(name: "3.11", thresholds: [700, 10, 10],
                                            deferredCollection: false, baseHeapObjects: 11_150,
                                            classCallTuple: .always, builtinTypeCallTuple: .untilQuickened,
                                            firstPrintObject: true)
    public static let py312 = PythonProfile(name: "3.12", thresholds: [700, 10, 10],
                                            deferredCollection: true, baseHeapObjects: 6_100,
                                            classCallTuple: .always, builtinTypeCallTuple: .firstExecution,
                                            inlinedComprehensions: true, generatorFrameLinksBack: true,
                                            superSkipsAllocation: true, cRecursionLimit: 1498)
    public static let py313 = PythonProfile(name: "3.13", thresholds: [2000, 10, 10],
                                            deferredCollection: true, baseHeapObjects: 6_600,
                                            classCallTuple: .firstExecution, builtinTypeCallTuple: .never,
                                            inlinedComprehensions: true, generatorFrameLinksBack: true,
                                            closeSkipsExceptionOutsideTry: true, superSkipsAllocation: true,
                                            cRecursionLimit: 9999)
    public static let all: [PythonProfile] = [.py311, .py312, .py313]

    public static func named(_ name: String) -> PythonProfile? {
        all.first { $0.name == name }
    }
}

/// How a value looks in a scope or an edge: short text plus the object it refers to, if any.
public struct ValueDescription: Equatable, Sendable {
    public var text: String       // "Agent#12", "42", "'abc'", "None"
    public var objectID: Int?     // set when the value is a heap object
    public init(text: String, objectID: Int?) { self.text = text; self.objectID = objectID }
}

public struct Binding: Equatable, Sendable {
    public var name: String
    public var value: ValueDescription
    public init(name: String, value: ValueDescription) { self.name = name; self.value = value }
}

public struct FrameInfo: Equatable, Sendable {
    public var function: String   // "_execute_agent", "<module>"
    public var module: String     // "__main__", "db"
    public var line: Int
    public var locals: [Binding]
    /// Values on this frame's evaluation stack that hold references (a returned tuple before unpacking).
    public var temporaries: [ValueDescription]
}

public struct Edge: Equatable, Sendable {
    public var label: String      // "ctx", "[3]", "__traceback__"
    public var target: Int
}

public enum Reachability: Equatable, Sendable {
    case reachable       // from a frame, a temporary or a module global
    case garbage         // unreachable: waits for the cyclic collector
}

public struct ObjectInfo: Equatable, Sendable {
    public var id: Int
    public var typeName: String   // "Agent", "list", "tuple", "Connection"
    public var label: String      // "Agent#12"
    public var refcount: Int
    public var generation: Int?   // nil when not tracked by the collector
    public var edges: [Edge]
    public var reachability: Reachability
    public var inCycle: Bool
    public var finalized: Bool
    public var hasFinalizer: Bool
}

public enum ConnectionState: String, Equatable, Sendable {
    case inUse = "in use"         // checked out of a pool
    case idle                     // in a pool, ready for reuse
    case held                     // open, reachable, never released
    case leaked                   // open, unreachable: only the collector will close it
}

public struct StackEntry: Equatable, Sendable {
    public var function: String
    public var module: String
    public var line: Int
}

public struct ConnectionInfo: Equatable, Sendable {
    public var objectID: Int
    public var connectionID: Int  // db's own numbering (Connection.id)
    public var state: ConnectionState
    public var pooled: Bool
    public var openedInTask: Int?
    public var openedAt: [StackEntry]   // innermost first, like HikariCP's acquisition stack
}

public struct CollectionRecord: Equatable, Sendable {
    public var generation: Int
    public var collected: Int
    public var connectionsClosed: Int
    public var scanned: Int
    public var task: Int?
    public var forced: Bool            // gc.collect() rather than the threshold
}

public struct GCInfo: Equatable, Sendable {
    public var counts: [Int]
    public var thresholds: [Int]
    public var collections: [Int]      // per generation, since the program started
    public var collected: [Int]        // objects collected per generation
    public var enabled: Bool
    public var last: CollectionRecord?
    public var trackedObjects: [Int]   // objects in each generation (base heap included)
    public var longLivedPending: Int
    public var longLivedTotal: Int
}

public struct ConnectionTotals: Equatable, Sendable {
    public var open: Int
    public var limit: Int
    public var inUse: Int
    public var idle: Int
    public var held: Int
    public var leaked: Int
    public var poolSize: Int?          // max_size of the first pool, if the program made one
    public var closedExplicit: Int
    public var closedByFinalizer: Int
    public var refused: Int
    /// The most open at once in the task running now (db.peak_in_task).
    public var peakInTask: Int = 0
}

/// One finished task, as `gctrap run --csv` prints it. Plain values only (no arrays), so
/// the history of 200,000 rows copies as one block of memory.
public struct TaskRow: Equatable, Sendable {
    public var task: Int
    /// Open at the task's end.
    public var open: Int
    /// The most open at any moment of the task (db.peak_in_task, counted from what was
    /// open when the task began).
    public var peakInTask: Int
    public var inUse: Int
    public var idle: Int
    public var leaked: Int
    public var closedExplicit: Int
    public var closedByFinalizer: Int
    var gen0: Int32, gen1: Int32, gen2: Int32
    public var count0: Int
    public var error: String
    /// Bit g set: a generation-g collection ran during this task.
    var duringMask: UInt8

    public init(task: Int, open: Int, peakInTask: Int? = nil, inUse: Int, idle: Int, leaked: Int, closedExplicit: Int,
                closedByFinalizer: Int, collections: [Int], count0: Int, error: String,
                collectionsDuring: [Int]) {
        self.task = task; self.open = open; self.peakInTask = peakInTask ?? open
        self.inUse = inUse; self.idle = idle; self.leaked = leaked
        self.closedExplicit = closedExplicit; self.closedByFinalizer = closedByFinalizer
        gen0 = Int32(collections[0]); gen1 = Int32(collections[1]); gen2 = Int32(collections[2])
        self.count0 = count0
        self.error = error
        duringMask = TaskRow.mask(of: collectionsDuring)
    }

    /// The row the task loop makes at each boundary: the collection counts as they are
    /// kept, no array built for them (one row per task, 200,000 in a benchmark run).
    init(task: Int, open: Int, peakInTask: Int, inUse: Int, idle: Int, leaked: Int, closedExplicit: Int,
         closedByFinalizer: Int, gen0: Int, gen1: Int, gen2: Int, count0: Int, error: String, duringMask: UInt8) {
        self.task = task; self.open = open; self.peakInTask = peakInTask
        self.inUse = inUse; self.idle = idle; self.leaked = leaked
        self.closedExplicit = closedExplicit; self.closedByFinalizer = closedByFinalizer
        self.gen0 = Int32(gen0); self.gen1 = Int32(gen1); self.gen2 = Int32(gen2)
        self.count0 = count0
        self.error = error
        self.duringMask = duringMask
    }

    /// Bit g set for each generation g in `generations` (past 7: bit 7).
    static func mask(of generations: [Int]) -> UInt8 {
        var m: UInt8 = 0
        for g in generations { m |= UInt8(1 << min(7, max(0, g))) }
        return m
    }

    /// Collections of generations 0, 1 and 2 since the loop began.
    public var collections: [Int] { [Int(gen0), Int(gen1), Int(gen2)] }

    /// Generations collected during this task (each once, youngest first), for charts.
    public var collectionsDuring: [Int] { (0..<3).filter { duringMask & UInt8(1 << $0) != 0 } }

    public static let csvHeader =
        "task,open,in_use,idle,leaked,closed_explicit,closed_by_finalizer,gc_gen0,gc_gen1,gc_gen2,gc_count0,peak_in_task,error"

    public var csv: String {
        var bytes: [UInt8] = []
        appendCSV(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The CSV line (no newline) appended as UTF-8: `run --csv` writes 200,000 of them,
    /// and string interpolation cost more than the rest of writing them. The twelve numbers
    /// are written into a buffer on the stack from its end, last field first and each
    /// number from its last digit (no pass to count the digits), and appended in one piece.
    public func appendCSV(to out: inout [UInt8]) {
        // Twelve fields of at most 20 digits, a sign and a comma.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 12 * 22) { buf in
            var start = 12 * 22
            @inline(__always) func field(_ n: Int) {
                start -= 1
                buf[start] = UInt8(ascii: ",")
                var m = n.magnitude
                repeat {
                    start -= 1
                    buf[start] = UInt8(truncatingIfNeeded: 48 &+ m % 10)
                    m /= 10
                } while m > 0
                if n < 0 { start -= 1; buf[start] = UInt8(ascii: "-") }
            }
            field(peakInTask); field(count0); field(Int(gen2)); field(Int(gen1)); field(Int(gen0))
            field(closedByFinalizer); field(closedExplicit)
            field(leaked); field(idle); field(inUse); field(open); field(task)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[start..<(12 * 22)]))
        }
        if !error.isEmpty { out.append(contentsOf: error.utf8) }
    }
}

public struct Toggle: Equatable, Sendable {
    public var name: String
    public var value: Bool
    public var line: Int          // where it is declared
    public var comment: String    // the comment on its line, if any
}

public enum RunState: Equatable, Sendable {
    case ready
    case running
    case finished
    case failed(String)           // the uncaught exception, "TooManyConnections: ..."
    case stopped(String)          // step limit or object cap reached
}

public struct Snapshot: Equatable, Sendable {
    public var scenario: String
    public var profile: PythonProfile
    public var state: RunState
    public var task: Int?               // the task running now (nil before the loop or after it)
    public var tasksFinished: Int
    public var totalTasks: Int?
    public var steps: Int               // statements executed so far
    public var module: String           // module of the current line ("__main__", "db")
    public var line: Int                // current line in that module
    public var frames: [FrameInfo]      // innermost first
    public var globals: [Binding]       // __main__'s, in definition order
    public var objects: [ObjectInfo]    // scenario objects: reachable first, then garbage
    public var connections: [ConnectionInfo]
    public var totals: ConnectionTotals
    public var gc: GCInfo
    public var toggles: [Toggle]
    public var rows: TaskRows {        // one per finished task
        didSet { rowChart = nil }       // a chart of other rows would be wrong
    }
    /// The rows' block maxima as the simulation keeps them (nil: computed from the rows).
    public var rowChart: TaskRowChart? = nil
    /// The run's notable events so far (collections, new highs, refusals, the failure).
    public var events = EventHistory()
    /// Set once the program died of an uncaught exception.
    public var failure: FailureInfo? = nil
    /// The lines of `__main__` that have run since the start (or the last restart).
    public var mainLinesRun = LineSet()
}

/// The uncaught exception that ended the program, with the traceback's frames: what the
/// failure screen shows.
public struct FailureInfo: Equatable, Sendable {
    public var type: String             // "db.TooManyConnections"
    public var message: String
    public var task: Int?               // the task it died in
    public var module: String           // the raising line's module and line (innermost frame)
    public var line: Int
    /// The traceback's frames, outermost first, innermost (the raise) last, as Python prints them.
    public var frames: [FrameInfo]
    /// CPython's traceback text.
    public var traceback: String

    public var summary: String { message.isEmpty ? type : "\(type): \(message)" }
}
