// The one place that knows the db client (scenarios/db.py): its module, classes, attributes
// and server counters. The VM calls the probe through a few hooks (module created, class
// defined, instance created, attribute set, db global stored, exception raised, finalizer
// running, object freed: Machine+ConnectionProbe.swift) and knows nothing of `Connection`
// or `Pool`. Another client would be another set of names here.

/// The db client's names, as scenarios/db.py spells them.
enum DBNames {
    static let module = "db"
    static let connectionClass = "Connection"
    static let poolClass = "Pool"
    static let poolExhaustedClass = "PoolExhausted"

    // Attributes of a Connection.
    static let closed = "closed"            // False while open; the close events watch its stores
    static let id = "id"                    // the server's session number
    static let pool = "pool"                // the pool it was checked out from (None when direct)
    static let checkedOut = "checked_out"

    // Attributes of a Pool.
    static let idle = "idle"                // the list of idle connections
    static let maxSize = "max_size"
    static let inUse = "in_use"
    static let onLost = "on_lost"           // "return" (nebula3), "hold" (psycopg2), "lose"
    static let onLostReturn = "return"

    // The server's counters: db's module globals.
    static let openNow = "open_now"
    static let inUseTotal = "in_use_total"
    static let idleTotal = "idle_total"
    static let closedExplicit = "closed_explicit"
    static let closedByFinalizer = "closed_by_finalizer"
    static let refused = "refused"
    static let peakInTask = "peak_in_task"
    static let maxConnections = "max_connections"
}

/// What the probe has found of the client in this run, and its bookkeeping.
struct ConnectionProbe {
    var module: Int32 = -1                 // db's module object (-1 until imported)
    var slots = DBSlots()                  // db's globals the VM watches
    var connectionClass: Int32 = -1
    var poolClass: Int32 = -1
    var poolExhaustedClass: Int32 = -1
    /// Where each live connection was opened (HikariCP-style acquisition record).
    var meta: [Int32: ConnectionMeta] = [:]
    var closes = 0                         // close events so far (explicit and finalizer)
    var finalizing = 0                     // > 0 while a Connection's __del__ runs
    /// Name ids of the attributes the hooks watch, interned when db's module is created
    /// (hooks run on every attribute store: ids compare faster than strings).
    var closedName: Int32 = -1, idName: Int32 = -1, checkedOutName: Int32 = -1
    var poolName: Int32 = -1, onLostName: Int32 = -1
}

/// Slots of the db module's globals the VM watches (-1 while db is not imported).
struct DBSlots {
    var openNow: Int32 = -1
    var refused: Int32 = -1
    var peakInTask: Int32 = -1
    // Read at every task boundary (connectionCounters).
    var inUseTotal: Int32 = -1, idleTotal: Int32 = -1, closedExplicit: Int32 = -1
    var closedByFinalizer: Int32 = -1, maxConnections: Int32 = -1
}

/// Where a connection was opened (HikariCP-style acquisition record): the frames by code
/// object and line, innermost first, named only when a snapshot shows them (Machine.openedAt).
struct ConnectionMeta {
    var frames: [OpenedFrame]
    var task: Int?
}

struct OpenedFrame {
    var code: Int32
    var line: Int32
}

/// The server's counters as the stand-in reads them from db's globals.
struct DBCounters {
    var open = 0, inUse = 0, idle = 0, closedExplicit = 0, closedByFinalizer = 0, refused = 0, limit = 300

    init() {}

    /// db's globals by slot (module objects keep their globals in slot order).
    init(globals g: [Value], _ s: DBSlots) {
        func global(_ slot: Int32) -> Int? {
            guard slot >= 0, Int(slot) < g.count else { return nil }
            switch g[Int(slot)] {
            case .int(let i): return i
            case .bool(let b): return b ? 1 : 0
            default: return nil
            }
        }
        open = global(s.openNow) ?? 0
        inUse = global(s.inUseTotal) ?? 0
        idle = global(s.idleTotal) ?? 0
        closedExplicit = global(s.closedExplicit) ?? 0
        closedByFinalizer = global(s.closedByFinalizer) ?? 0
        refused = global(s.refused) ?? 0
        // While db is being imported max_connections is not yet set: the server's default
        // stands until then (not "open 0/0").
        if let n = global(s.maxConnections) { limit = n }
    }
}
