import db
import gctrap

# A batch that walks its work with enumerate/zip/map/sorted/reversed/iter/next and checks
# it with any/all/getattr/hasattr/setattr; three tasks in four its handler keeps itself alive
# through a cycle, so its session waits for the collector.


class Handler:
    def __init__(self, task):
        self.task = task
        self.conn = db.connect()


def weight(x):
    return x % 5


db.configure(max_connections=1000)
results = []
for t in gctrap.tasks(500):
    h = Handler(t)
    items = [t % 3, t % 5, t % 7, 1]
    for i, x in enumerate(items):
        if x == 0:
            setattr(h, "zero_at", i)
    pairs = 0
    for a, b in zip(items, reversed(items)):
        pairs += a * b
    order = sorted(items, key=weight, reverse=t % 2 == 0)
    doubled = list(map(weight, items))
    it = iter(order)
    first = next(it)
    second = next(it, None)
    if any(doubled) and not all(doubled):
        h.mixed = True
    if t % 4 != 3:
        h.me = h
    if hasattr(h, "zero_at") and getattr(h, "mixed", False):
        results.append(getattr(h, "zero_at"))
print(len(results), results[:10], pairs, order, first, second, db.peak_open)
