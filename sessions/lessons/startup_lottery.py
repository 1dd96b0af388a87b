"""startup_lottery.py: when the first collection comes depends on where the count starts.

A short batch (TASKS = 500) on the incident's pattern: each task's agent and its
context point at each other, and the context holds an open session that nothing
closes. On CPython 3.13 (threshold 2000) the collector runs when generation 0's
counter passes 2000; each task adds 3 to it (Agent, Context, Connection).

In a real process the counter does not start at zero when the loop begins: imports,
configuration parsing and warm-up caches leave a varying number of container objects
behind. gctrap's task loop starts from a clean count (as its CPython stand-in does, to
line the two up) unless `--gen0-at-start N` sets it (GCTRAP_GEN0_AT_START=N for the
stand-in); `gctrap run startup_lottery.py --python 3.13 --sweep-gen0-at-start` runs this
file once per starting count. The lesson keeps a toggle, a key the learner presses, and
makes the start-up leftovers itself, in the first task: WARM_CACHE fills a cache of
STARTUP_LEFTOVERS small lists that stay alive.

    WARM_CACHE=False   the count starts near zero: the first collection would come
                       after about 666 tasks, but the server refuses session 301 first
    WARM_CACHE=True    the leftovers push the count up: the first collection comes in
                       time, and the 500 tasks finish

Same code, same data: whether the batch dies depends on what ran before the loop.
"""
import db
import gctrap

TASKS = 500
STARTUP_LEFTOVERS = 1200

WARM_CACHE = False   # the first task fills a cache of STARTUP_LEFTOVERS lists (start-up leftovers)

CACHE = []


class Context:
    def __init__(self, agent):
        self.agent = agent          # Context -> Agent -> Context: a cycle
        self.conn = db.connect()


class Agent:
    def __init__(self, task_id):
        self.task_id = task_id
        self.context = Context(self)

    def run(self):
        return self.context.conn.execute("MATCH (t:Task) WHERE id(t) == " + str(self.task_id) + " RETURN t")


def warm_up():
    for i in range(STARTUP_LEFTOVERS):
        CACHE.append([i])


def main():
    for task_id in gctrap.tasks(TASKS):
        if WARM_CACHE and task_id == 0:
            warm_up()
        agent = Agent(task_id)
        agent.run()


main()
