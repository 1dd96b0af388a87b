# weakref.finalize releases a connection when its owner dies: by reference counting, by the
# collector (an owner in a cycle), called early, detached; the order against __del__ and a
# weakref callback (the collector runs callbacks first, reference counting __del__ first),
# what .alive says, and the registry that keeps func and args alive.
import gc
import weakref

import db
import gctrap

log = []


def release(conn, mark):
    conn.close()
    log.append(mark)


class Session:
    def __init__(self, n):
        self.conn = db.connect()
        self._finalizer = weakref.finalize(self, release, self.conn, "R")

    def close(self):
        self._finalizer()


class Agent:
    def __init__(self, n):
        self.conn = db.connect()
        self.context = None
        weakref.finalize(self, release, self.conn, "A")

    def __del__(self):
        log.append("D")


class Worker:
    def __init__(self):
        self.conn = db.connect()
        weakref.finalize(self, self.conn.close)

    def __del__(self):
        log.append("W")


class Context:
    def __init__(self, agent):
        self.agent = agent


def on_gone(ref):
    log.append("C")


kept = []
for t in gctrap.tasks(80):
    s = Session(t)
    if t % 4 == 1:
        s.close()
    if t % 6 == 2:
        kept.append(s)
    if t % 9 == 3 and s._finalizer.alive:
        found = s._finalizer.detach()
        found[1](found[2][0], "X")
        found = None
    a = Agent(t)
    a.context = Context(a)
    if t % 5 == 0:
        kept.append(weakref.ref(a, on_gone))
    a = None
    w = Worker()
    if t % 3 == 0:
        kept.append(weakref.ref(w, on_gone))
    w = None
    if t % 10 == 9:
        print(t, s._finalizer.alive, "".join(log))
        log = []
    s = None
    if t % 15 == 14:
        gc.collect()
    if len(kept) > 6:
        kept = []
