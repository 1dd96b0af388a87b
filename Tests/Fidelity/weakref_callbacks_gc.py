import db
import gc
import gctrap
import weakref

log = []


class Agent:
    def __init__(self, task):
        self.task = task
        self.conn = db.connect()
        self.me = self                 # a cycle: only the collector frees it


class Watcher:
    def __init__(self, agent):
        self.ref = weakref.ref(agent, self.gone)
        self.hits = 0

    def gone(self, wr):
        self.hits += 1
        log.append(wr() is None)


def first(wr):
    log.append("first")


def second(wr):
    log.append("second")


def helper():
    return 1


watchers = []
for t in gctrap.tasks(300):
    a = Agent(t)
    if t % 3 == 0:
        watchers.append(Watcher(a))
    if t % 50 == 1:
        b = Agent(-t)
        r1 = weakref.ref(b, first)
        r2 = weakref.ref(b, second)
        r0 = weakref.ref(b)
        b.me = None
        b = None
    if t == 7:
        fr = weakref.ref(helper)
        cr = weakref.ref(Agent)
        log.append(fr() is helper and cr() is Agent)
        short = weakref.ref(a, first)
        short = None
    if t == 200:
        gc.collect()
total = 0
for w in watchers:
    total += w.hits
print(len(log), log[0], log[1], log[2], log[3], log[4], total, db.peak_open)
