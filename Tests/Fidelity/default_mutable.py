import db
import gc
import gctrap

log = []


class Item:
    def __init__(self, n):
        self.n = n

    def __del__(self):
        log.append("del " + str(self.n))


def remember(x, seen=[]):
    seen.append(x)
    return len(seen)


def cache(key, value=None, store={}):
    if value is not None:
        store[key] = value
    return store.get(key)


def connect_once(conns=[]):
    conns.append(db.connect())
    return conns[-1]


for t in gctrap.tasks(10):
    remember(Item(t))
    cache(t % 3, Item(100 + t))
    c = connect_once()
print(remember(None), cache(0).n, log)
print(db.open_now)
