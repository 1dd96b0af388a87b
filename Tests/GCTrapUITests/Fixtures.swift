// Hand-made snapshots for golden frames and update tests. They are fixed values, written
// here rather than produced by the simulator, so the UI's tests do not move when the
// core's numbers change.
@testable import GCTrapCore
import GCTrapUI

enum Fixtures {
    /// scenarios/incident.py as it was when these fixtures were written (line numbers matter).
    static let incidentSource: [String] = incidentText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)

    static let toggles: [Toggle] = [
        Toggle(name: "RETURN_AGENT", value: true, line: 34, comment: ""),
        Toggle(name: "EXPLICIT_RELEASE", value: false, line: 35, comment: ""),
        Toggle(name: "FORCED_COLLECTION", value: false, line: 36, comment: ""),
        Toggle(name: "BACK_REFERENCE", value: true, line: 37, comment: ""),
        Toggle(name: "USE_POOL", value: false, line: 38, comment: ""),
    ]

    static func v(_ text: String, _ id: Int? = nil) -> ValueDescription { ValueDescription(text: text, objectID: id) }
    static func b(_ name: String, _ text: String, _ id: Int? = nil) -> Binding { Binding(name: name, value: v(text, id)) }

    static let globals: [Binding] = [
        b("gc", "<module 'gc'>"), b("db", "<module 'db'>"), b("gctrap", "<module 'gctrap'>"),
        b("TASKS", "1000"), b("RETURN_AGENT", "True"), b("EXPLICIT_RELEASE", "False"),
        b("FORCED_COLLECTION", "False"), b("BACK_REFERENCE", "True"), b("USE_POOL", "False"),
        b("POOL", "None"), b("GraphService", "<class 'GraphService'>"), b("DataService", "<class 'DataService'>"),
        b("ContextService", "<class 'ContextService'>"), b("Agent", "<class 'Agent'>"),
        b("_execute_agent", "<function _execute_agent>"),
        b("process_inference_task", "<function process_inference_task>"),
        b("run_batch", "<function run_batch>"),
    ]

    static func stack(task: Int) -> [StackEntry] {
        [StackEntry(function: "connect", module: "db", line: 41),
         StackEntry(function: "GraphService.__init__", module: "__main__", line: 52),
         StackEntry(function: "DataService.__init__", module: "__main__", line: 66),
         StackEntry(function: "ContextService.__init__", module: "__main__", line: 80),
         StackEntry(function: "Agent.__init__", module: "__main__", line: 92),
         StackEntry(function: "_execute_agent", module: "__main__", line: 114),
         StackEntry(function: "process_inference_task", module: "__main__", line: 123),
         StackEntry(function: "run_batch", module: "__main__", line: 129),
         StackEntry(function: "<module>", module: "__main__", line: 136)]
    }

    /// The five objects one task leaves: Agent <-> ContextService -> DataService ->
    /// GraphService -> Connection. Ids are base...base+4.
    static func chain(base: Int, reachability: Reachability, agentRefs: Int) -> [ObjectInfo] {
        func o(_ off: Int, _ type: String, rc: Int, _ edges: [Edge], cycle: Bool) -> ObjectInfo {
            ObjectInfo(id: base + off, typeName: type, label: "\(type)#\(base + off)", refcount: rc,
                       generation: 0, edges: edges, reachability: reachability, inCycle: cycle,
                       finalized: false, hasFinalizer: type == "Connection")
        }
        return [
            o(0, "Agent", rc: agentRefs, [Edge(label: "context", target: base + 1)], cycle: true),
            o(1, "ContextService", rc: 1, [Edge(label: "agent", target: base), Edge(label: "data", target: base + 2)], cycle: true),
            o(2, "DataService", rc: 1, [Edge(label: "graph", target: base + 3)], cycle: false),
            o(3, "GraphService", rc: 1, [Edge(label: "conn", target: base + 4)], cycle: false),
            o(4, "Connection", rc: 1, [], cycle: false),
        ]
    }

    static func connection(task: Int, base: Int, state: ConnectionState, pooled: Bool = false) -> ConnectionInfo {
        ConnectionInfo(objectID: base + 4, connectionID: task + 1, state: state, pooled: pooled,
                       openedInTask: task, openedAt: stack(task: task))
    }

    static func row(_ task: Int, open: Int, leaked: Int, collections: [Int] = [0, 0, 0], during: [Int] = [],
                    count0: Int = 0, inUse: Int = 0, idle: Int = 0, explicit: Int = 0, finalizer: Int = 0) -> TaskRow {
        TaskRow(task: task, open: open, inUse: inUse, idle: idle, leaked: leaked, closedExplicit: explicit,
                closedByFinalizer: finalizer, collections: collections, count0: count0, error: "",
                collectionsDuring: during)
    }

    static func base(task k: Int) -> Int { 1000 + 10 * k }

    /// Task 134 of 1000 on 3.11, before any collection: 133 unreachable cycles each hold an
    /// open connection; the previous task's agent is still bound to `agent` in run_batch.
    static var leaking: Snapshot {
        let current = 134
        var objects: [ObjectInfo] = []
        objects += chain(base: base(task: current - 1), reachability: .reachable, agentRefs: 2)
        objects += chain(base: base(task: current), reachability: .reachable, agentRefs: 2)
        var connections: [ConnectionInfo] = []
        for k in 0..<(current - 1) {
            objects += chain(base: base(task: k), reachability: .garbage, agentRefs: 1)
            connections.append(connection(task: k, base: base(task: k), state: .leaked))
        }
        connections.append(connection(task: current - 1, base: base(task: current - 1), state: .held))
        connections.append(connection(task: current, base: base(task: current), state: .held))
        let frames = [
            FrameInfo(function: "_execute_agent", module: "__main__", line: 115,
                      locals: [b("task_id", "134"), b("agent", "Agent#\(base(task: current))", base(task: current))],
                      temporaries: []),
            FrameInfo(function: "process_inference_task", module: "__main__", line: 123,
                      locals: [b("task_id", "134")], temporaries: []),
            FrameInfo(function: "run_batch", module: "__main__", line: 129,
                      locals: [b("n", "1000"), b("task_id", "134"), b("result", "'answer to ok'"),
                               b("confidence", "87"), b("agent", "Agent#\(base(task: current - 1))", base(task: current - 1))],
                      temporaries: []),
            FrameInfo(function: "<module>", module: "__main__", line: 136, locals: [], temporaries: []),
        ]
        return Snapshot(
            scenario: "incident.py", profile: .py311, state: .running, task: current,
            tasksFinished: current, totalTasks: 1000, steps: 5123, module: "__main__", line: 115,
            frames: frames, globals: globals, objects: objects, connections: connections,
            totals: ConnectionTotals(open: 135, limit: 300, inUse: 0, idle: 0, held: 2, leaked: 133,
                                     poolSize: nil, closedExplicit: 0, closedByFinalizer: 0, refused: 0),
            gc: GCInfo(counts: [680, 0, 0], thresholds: [700, 10, 10], collections: [0, 0, 0],
                       collected: [0, 0, 0], enabled: true, last: nil, trackedObjects: [680, 0, 20_000],
                       longLivedPending: 0, longLivedTotal: 20_000),
            toggles: toggles,
            rows: TaskRows((0..<current).map { row($0, open: $0 + 1, leaked: $0, count0: 5 * $0) }))
    }

    /// Task 300: two gen-0 collections (tasks 139 and 279, the second also gen 1) have
    /// closed connections in bursts; 20 cycles wait again.
    static var afterCollection: Snapshot {
        var s = leaking
        let current = 300
        var objects: [ObjectInfo] = []
        objects += chain(base: base(task: current - 1), reachability: .reachable, agentRefs: 2)
        objects += chain(base: base(task: current), reachability: .reachable, agentRefs: 2)
        var connections: [ConnectionInfo] = []
        for k in 280..<(current - 1) {
            objects += chain(base: base(task: k), reachability: .garbage, agentRefs: 1)
            connections.append(connection(task: k, base: base(task: k), state: .leaked))
        }
        connections.append(connection(task: current - 1, base: base(task: current - 1), state: .held))
        connections.append(connection(task: current, base: base(task: current), state: .held))
        s.task = current
        s.tasksFinished = current
        s.steps = 11_480
        s.objects = objects
        s.connections = connections
        s.frames[0].locals[0] = b("task_id", "300")
        s.frames[0].locals[1] = b("agent", "Agent#\(base(task: current))", base(task: current))
        s.frames[2].locals[4] = b("agent", "Agent#\(base(task: current - 1))", base(task: current - 1))
        s.totals = ConnectionTotals(open: 21, limit: 300, inUse: 0, idle: 0, held: 2, leaked: 19, poolSize: nil,
                                    closedExplicit: 0, closedByFinalizer: 278, refused: 0)
        s.gc = GCInfo(counts: [101, 1, 0], thresholds: [700, 10, 10], collections: [2, 1, 0], collected: [1395, 700, 0],
                      enabled: true,
                      last: CollectionRecord(generation: 1, collected: 700, connectionsClosed: 140, scanned: 712,
                                             task: 279, forced: false),
                      trackedObjects: [101, 0, 20_012], longLivedPending: 12, longLivedTotal: 20_012)
        s.rows = TaskRows((0..<current).map { k in
            let during: [Int] = k == 139 ? [0] : (k == 279 ? [1] : [])
            let collections = k < 139 ? [0, 0, 0] : (k < 279 ? [1, 0, 0] : [2, 1, 0])
            return row(k, open: (k + 1) % 140 + 1, leaked: (k + 1) % 140, collections: collections, during: during,
                       finalizer: k < 139 ? 0 : (k < 279 ? 139 : 278))
        })
        return s
    }

    /// The pooled, explicitly released variant after the whole run: one idle connection.
    static var pooledFinished: Snapshot {
        var s = leaking
        s.state = .finished
        s.task = nil
        s.tasksFinished = 1000
        s.steps = 41_007
        s.line = 136
        s.frames = []
        s.toggles[1].value = true
        s.toggles[4].value = true
        s.objects = [
            ObjectInfo(id: 500, typeName: "Pool", label: "Pool#500", refcount: 1, generation: 2,
                       edges: [Edge(label: "idle", target: 501)], reachability: .reachable, inCycle: false,
                       finalized: false, hasFinalizer: false),
            ObjectInfo(id: 501, typeName: "list", label: "list#501", refcount: 1, generation: 2,
                       edges: [Edge(label: "[0]", target: 502)], reachability: .reachable, inCycle: false,
                       finalized: false, hasFinalizer: false),
            ObjectInfo(id: 502, typeName: "Connection", label: "Connection#502", refcount: 1, generation: 2,
                       edges: [], reachability: .reachable, inCycle: false, finalized: false, hasFinalizer: true),
        ]
        s.globals[9] = b("POOL", "Pool#500", 500)
        s.connections = [ConnectionInfo(objectID: 502, connectionID: 1, state: .idle, pooled: true, openedInTask: 0,
                                        openedAt: stack(task: 0))]
        s.totals = ConnectionTotals(open: 1, limit: 300, inUse: 0, idle: 1, held: 0, leaked: 0, poolSize: 10,
                                    closedExplicit: 0, closedByFinalizer: 0, refused: 0)
        s.gc = GCInfo(counts: [12, 3, 0], thresholds: [700, 10, 10], collections: [7, 0, 0], collected: [0, 0, 0],
                      enabled: true,
                      last: CollectionRecord(generation: 0, collected: 0, connectionsClosed: 0, scanned: 703,
                                             task: 999, forced: false),
                      trackedObjects: [12, 33, 20_003], longLivedPending: 3, longLivedTotal: 20_003)
        s.rows = TaskRows((0..<1000).map { k in
            row(k, open: 1, leaked: 0, collections: [k / 140, 0, 0], during: k % 140 == 139 ? [0] : [], idle: 1, explicit: 0)
        })
        return s
    }

    static func model(_ s: Snapshot, width: Int, height: Int, glyphs: Glyphs = .unicode) -> Model {
        var m = Model(snapshot: s, sources: ["__main__": incidentSource], width: width, height: height, glyphs: glyphs)
        m.events = ["task 133: finished, 135 connections open"]
        return m
    }
}

let incidentText = #"""
"""incident.py: the "too many connections" incident.

A batch job runs one inference task per turn of the loop. Each task builds an agent,
and the agent's chain of services opens a graph-database session:

    run_batch -> process_inference_task -> _execute_agent -> Agent
              -> ContextService -> DataService -> GraphService -> db.connect()

Nothing closes the session: it is closed by the Connection's finalizer when the object
is freed. With the defaults the context service points back at its agent, so every
task leaves a reference cycle behind (Agent <-> ContextService, holding DataService,
GraphService and the open Connection). Reference counting never frees a cycle; only
the cyclic collector does, when generation 0's counter passes its threshold (700 on
CPython 3.11, 2000 on 3.13). Until then the sessions stay open on the server, and
they pile up: about 140 on 3.11, about 400 on 3.13, where the 301st session is
refused (raise TASKS, or lower db's limit with db.configure, to see it fail on 3.11).

Returning the agent (RETURN_AGENT) is not the cause: it only keeps the last agent
alive until the next task rebinds `agent`. Flip the toggles to compare:

    RETURN_AGENT=False BACK_REFERENCE=False   at most 1 open connection
    BACK_REFERENCE=False                      at most 2
    (defaults)                                hundreds, released in bursts by the collector
    FORCED_COLLECTION=True                    at most 2, at the price of a full collection per task
    EXPLICIT_RELEASE=True                     at most 1, closed deterministically
    USE_POOL=True EXPLICIT_RELEASE=True       the pool's connections are reused
"""
import gc
import db
import gctrap

TASKS = 1000

RETURN_AGENT = True        # _execute_agent returns (result, confidence, agent) and the batch loop unpacks it; False: (result, confidence)
EXPLICIT_RELEASE = False   # the agent is used in a with-statement whose exit closes the chain down to the connection
FORCED_COLLECTION = False  # gc.collect() after each task (the fix that "worked")
BACK_REFERENCE = True      # the context service keeps a reference back to its agent: the reference cycle
USE_POOL = False           # connections come from one shared db.Pool(max_size=10) and go back to it on close

POOL = None
if USE_POOL:
    POOL = db.Pool(max_size=10)


class GraphService:
    """Talks to the graph database; owns the session."""

    def __init__(self):
        if USE_POOL:
            self.conn = POOL.acquire()
        else:
            self.conn = db.connect()

    def query(self, text):
        return self.conn.execute(text)

    def close(self):
        if USE_POOL:
            POOL.release(self.conn)
        else:
            self.conn.close()


class DataService:
    def __init__(self):
        self.graph = GraphService()

    def fetch(self, task_id):
        return self.graph.query("MATCH (t:Task) WHERE id(t) == " + str(task_id) + " RETURN t")

    def close(self):
        self.graph.close()


class ContextService:
    def __init__(self, agent):
        self.agent = None
        if BACK_REFERENCE:
            self.agent = agent      # Agent -> ContextService -> Agent: a cycle
        self.data = DataService()

    def build(self, task_id):
        return self.data.fetch(task_id)

    def close(self):
        self.data.close()


class Agent:
    def __init__(self, task_id):
        self.task_id = task_id
        self.context = ContextService(self)

    def run(self):
        context = self.context.build(self.task_id)
        return "answer to " + context, 87     # (result, confidence in percent)

    def close(self):
        self.context.close()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        self.close()
        return False


def _execute_agent(task_id):
    if EXPLICIT_RELEASE:
        with Agent(task_id) as agent:
            result, confidence = agent.run()
    else:
        agent = Agent(task_id)
        result, confidence = agent.run()
    if RETURN_AGENT:
        return result, confidence, agent
    return result, confidence


def process_inference_task(task_id):
    """The service layer: one task, handed back to the batch loop as it came."""
    return _execute_agent(task_id)


def run_batch(n):
    for task_id in gctrap.tasks(n):
        if RETURN_AGENT:
            result, confidence, agent = process_inference_task(task_id)
        else:
            result, confidence = process_inference_task(task_id)
        if FORCED_COLLECTION:
            gc.collect()


run_batch(TASKS)
"""#
