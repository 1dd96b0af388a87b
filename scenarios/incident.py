"""incident.py: the "too many connections" incident.

A batch job runs one inference task per turn of the loop. Each task builds an agent,
and the agent's chain of services opens a graph-database session:

    run_batch -> process_inference_task -> _execute_agent -> Agent
              -> ContextService -> DataService -> GraphService -> db.connect()

Nothing closes the session: it is closed by the Connection's finalizer when the object
is freed. With the defaults the context service points back at its agent, so every
task leaves a reference cycle behind (Agent <-> ContextService, holding DataService,
GraphService and the open Connection: 5 GC objects per task). Reference counting never
frees a cycle; only the cyclic collector does, when generation 0's counter passes its
threshold. Until then the sessions stay open on the server, and they pile up:

    CPython 3.11 (threshold 700): a collection every 140 tasks (700 / 5), the first at
        task 138; up to 150 sessions open (gen-1 survivors slowly add up).
    CPython 3.13 (threshold 2000): the first collection would come at task 398, but
        the server refuses the 301st session first: task 300 dies with
        db.TooManyConnections. Same code, same data: that is why it failed "now and then".

Returning the agent (RETURN_AGENT) is not the cause: it only keeps the last agent
alive until the next task rebinds `agent`. Flip the toggles to compare:

    RETURN_AGENT=False BACK_REFERENCE=False   at most 1 open connection at any moment
    BACK_REFERENCE=False                      at most 2 (the last agent lives until rebound)
    (defaults)                                150 on 3.11, refused at task 300 on 3.13
    FORCED_COLLECTION=True                    at most 2, at the price of a full collection per task
    EXPLICIT_RELEASE=True                     at most 1, closed deterministically
    USE_POOL=True EXPLICIT_RELEASE=True       one pooled connection, reused by every task
    USE_POOL=True                             the pool runs dry: db.PoolExhausted at task 10

(The CSV's `open` is at each task's end; `peak_in_task`, the most open at once within it.)
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
