import db
import gctrap

# A deduplicating worker: the set of seen ids grows, per-task sets of tags are built with
# literals and set(), and a session that lands in a set-holding cycle stays open until the
# collector frees it.


class Session:
    def __init__(self, task):
        self.task = task
        self.conn = db.connect()
        self.tags = {"new", "batch"}


seen = set()
kept = []
for t in gctrap.tasks(400):
    s = Session(t)
    s.tags.add("even" if t % 2 == 0 else "odd")
    s.tags.discard("new")
    ids = set([t % 50, t % 7, 3])
    if t % 50 in seen:
        s.tags.remove("batch")
    seen.add(t % 50)
    if 3 in ids and t % 4 != 0:
        s.peers = {s}          # a set in a cycle: freed by the collector
    both = ids.copy()
    both.update(seen)
    if t % 100 == 0:
        kept.append(sorted(s.tags))
        kept.append(len(both))
print(len(seen), kept, sorted(ids), set() == set(), db.peak_open)
