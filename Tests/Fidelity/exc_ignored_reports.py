# "Exception ignored in" reports: a __del__ and a weakref callback that raise, freed by
# reference counting and by the collector, with a full collection every few tasks (it
# empties the free lists the report's temporaries come from).
import gc
import weakref

import db
import gctrap


class Owner:
    def __init__(self, n):
        self.n = n
        self.conn = db.connect()
        self.peer = None

    def __del__(self):
        self.conn.close()
        if self.n % 3 == 0:
            raise RuntimeError("close failed for " + str(self.n))


def on_gone(ref):
    raise KeyError("callback")


kept = []
for t in gctrap.tasks(40):
    o = Owner(t)
    if t % 4 == 0:
        kept.append(weakref.ref(o, on_gone))
    if t % 5 == 0:
        other = Owner(t + 1)
        o.peer = other
        other.peer = o
        other = None
    o = None
    if t % 7 == 6:
        gc.collect()
    if len(kept) > 3:
        kept = []
