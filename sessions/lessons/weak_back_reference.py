"""weak_back_reference.py: breaking the cycle with a weak reference.

The incident's pattern, reduced: each task builds an agent, and the agent's context
points back at it (to ask its owner's task) and holds an open session that nothing
closes. Agent -> Context -> Agent is a reference cycle: when the next task rebinds
`agent`, the pair is unreachable but reference counting never frees it, and its session
stays open until the cyclic collector runs. On CPython 3.13 (threshold 2000) that comes
too late: the server refuses the 301st session.

    WEAK_BACK_REFERENCE=True   the context keeps weakref.ref(agent): a reference that
                               does not count. No cycle: when `agent` is rebound the
                               agent's count drops to 0, it is freed at once, its context
                               with it, and the session's finalizer closes it.

The fix httpx used for its Response <-> stream cycle (encode/httpx PR #3733).
"""
import db
import gctrap
import weakref

TASKS = 1000

WEAK_BACK_REFERENCE = False   # the context keeps weakref.ref(agent) instead of the agent itself


class Context:
    def __init__(self, agent):
        if WEAK_BACK_REFERENCE:
            self.agent = weakref.ref(agent)   # a weak back reference: no cycle
        else:
            self.agent = agent                # Context -> Agent -> Context: a cycle
        self.conn = db.connect()

    def owner(self):
        if WEAK_BACK_REFERENCE:
            return self.agent()               # the agent, or None once it is freed
        return self.agent


class Agent:
    def __init__(self, task_id):
        self.task_id = task_id
        self.context = Context(self)

    def run(self):
        owner = self.context.owner()
        return self.context.conn.execute("MATCH (t:Task) WHERE id(t) == " + str(owner.task_id) + " RETURN t")


def run_batch(n):
    for task_id in gctrap.tasks(n):
        agent = Agent(task_id)
        agent.run()


run_batch(TASKS)
