import db
import gctrap
import weakref

# The incident's agent <-> context cycle broken with weakref.proxy: the context reaches its
# agent through the proxy (attribute reads, method calls, writes) and the agent is freed by
# reference counting; a proxy kept past its agent raises ReferenceError.

gone = []


class Agent:
    def __init__(self, task):
        self.task = task
        self.conn = db.connect()
        self.context = Context(self)

    def label(self):
        return "agent-" + str(self.task)


class Context:
    def __init__(self, agent):
        self.agent = weakref.proxy(agent)

    def describe(self):
        self.agent.seen = True
        return self.agent.label() + " " + str(self.agent.task)


def on_gone(proxy):
    gone.append(1)


kept = []
dead = 0
for t in gctrap.tasks(400):
    agent = Agent(t)
    text = agent.context.describe()
    same = weakref.proxy(agent) is agent.context.agent
    if t % 5 == 0:
        kept.append(weakref.proxy(agent, on_gone))
    if t % 50 == 0:
        kept.append(agent.context)
    if t % 7 == 0 and len(kept) > 1:
        try:
            kept[0].task
        except ReferenceError:
            dead += 1
print(len(gone), dead, text, same, kept[1].agent.seen if t % 50 == 0 else "-", db.peak_open)
