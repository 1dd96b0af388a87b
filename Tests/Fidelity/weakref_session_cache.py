# A cache of sessions keyed by task id that holds them weakly (weakref.WeakValueDictionary):
# the textbook fix for a cache that would keep every session, and its connection, alive.
# Entries go when their session is freed, by reference counting or by the collector (a
# session in a cycle with its agent); get, [], in, len, pop, setdefault, iteration over
# keys/values/items while sessions die, del, update with keywords, clear.
import gc
import weakref

import db
import gctrap


class Session:
    def __init__(self, task_id):
        self.task_id = task_id
        self.conn = db.connect()
        self.agent = None

    def close(self):
        self.conn.close()


class Agent:
    def __init__(self, session):
        self.session = session


cache = weakref.WeakValueDictionary()
kept = []


def session_for(task_id):
    s = cache.get(task_id)
    if s is None:
        s = Session(task_id)
        cache[task_id] = s
    return s


gc.set_threshold(25)
print("cache", len(cache), bool(cache))
for t in gctrap.tasks(400):
    s = session_for(t)
    if t % 3 == 0:
        s.agent = Agent(s)          # a cycle: only the collector frees it (and its cache entry)
    if t % 5 == 1:
        kept.append(s)
    again = session_for(t)
    if t % 7 == 2 and t in cache:
        again = cache[t]
    if t % 11 == 4:
        cache.pop(t, None)
    if t % 13 == 5:
        other = cache.setdefault(t + 1000, s)
    if t % 17 == 6 and len(kept) > 2 and kept[0].task_id in cache:
        del cache[kept[0].task_id]
    if t % 20 == 9:
        alive = [k for k in cache.keys()]
        names = [v.task_id for v in cache.values()]
        n = 0
        for k, v in cache.items():
            n += 1
            kept = kept[1:]         # sessions die while the iteration runs: removals wait
        print(t, len(cache), len(alive), len(names), n, t in cache)
    if t % 25 == 24:
        cache.update(extra=s)
        for k in cache:
            pass
        print(t, "extra" in cache, bool(cache))
    if t % 60 == 59:
        gc.collect()
        print(t, "after collect", len(cache))
    if t % 40 == 39:
        cache.clear()
        print(t, len(cache), bool(cache))
    if t % 3 != 0:
        s.close()                   # a session in a cycle keeps its connection until a collection
    s = None
    again = None
    other = None
