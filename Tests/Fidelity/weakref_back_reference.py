import db
import gctrap
import weakref

log = []


class Agent:
    def __init__(self, task):
        self.task = task
        self.conn = db.connect()
        self.context = Context(self)


class Context:
    def __init__(self, agent):
        self.agent = weakref.ref(agent)   # the textbook fix: a weak back reference

    def owner_task(self):
        a = self.agent()
        if a is None:
            return -1
        return a.task


def gone(wr):
    log.append(wr() is None)


kept = []
for t in gctrap.tasks(40):
    agent = Agent(t)
    ctx = agent.context
    if t % 4 == 0:
        kept.append(weakref.ref(agent, gone))
    if t % 5 == 0:
        kept.append(ctx)
    n = ctx.owner_task()
    same = weakref.ref(agent) is ctx.agent
print(len(log), log[0], db.peak_open, kept[1].owner_task(), same)
