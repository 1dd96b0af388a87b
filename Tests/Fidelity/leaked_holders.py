# Where a connection can be held, for the CSV's `leaked` column: a global list, a dict key,
# a suspended generator, a closure's cell, a class attribute, a default value, the frame
# running the loop, a pool's idle list: all reachable (not leaked). A weakref.proxy holds
# nothing (the connection is closed by reference counting); a cycle is leaked until the
# collector runs; a finalizer run by the collector resurrects its connection into a list.
# gctrap's walk for `leaked` is made cheap (ReachableConnectionsTests); this keeps it
# equal to the stand-in's walk in Python, task by task.
import gc
import weakref
import db
import gctrap

keep = []
box = {}
POOL = db.Pool(max_size=2)


class Holder:
    pass


class Cycle:
    def __init__(self, conn):
        self.me = self
        self.conn = conn


class Resurrect:
    def __init__(self, conn):
        self.me = self
        self.conn = conn

    def __del__(self):
        keep.append(self.conn)


def gen(c):
    yield 1
    yield c


def closure(c):
    def f():
        return c
    return f


def task(t, held):
    c = db.connect()
    if t == 0:
        keep.append(c)                 # a global list
    elif t == 1:
        box[c] = 1                     # a dict key
    elif t == 2:
        g = gen(c)                     # a suspended generator
        next(g)
        held.append(g)
    elif t == 3:
        held.append(closure(c))        # a closure's cell
    elif t == 4:
        Holder.conn = c                # a class attribute
    elif t == 5:
        def f(x=c):                    # a default value
            return x
        held.append(f)
    elif t == 6:
        held.append(weakref.proxy(c))  # not a strong reference: closed by refcount
    elif t == 7:
        Cycle(c)                       # garbage in a cycle: leaked until collected
    elif t == 8:
        Resurrect(c)                   # resurrected by a finalizer into `keep`
        gc.collect()
    elif t == 9:
        p = POOL.acquire()             # back to the pool's idle list
        POOL.release(p)
        c.close()
    elif t == 10:
        keep.pop()                     # released: the connection's finalizer runs
        keep.pop()
        del box[list(box)[0]]
        Holder.conn = None
        held.clear()
    elif t == 11:
        Cycle(c)
        gc.collect()
    return t


def run(n):
    held = []
    mine = db.connect()                # held by the frame running the loop
    for t in gctrap.tasks(n):
        task(t, held)
    mine.close()


run(12)
