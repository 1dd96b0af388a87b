# Set comprehensions in a deduplicating batch loop (3.11 makes a function per
# comprehension, 3.12+ runs them inline: PEP 709): a set of tags read from rows, one that
# reads the enclosing function's variable (a cell on 3.11), nested in a list
# comprehension, one that raises half-way, and a set of objects holding a connection that
# lands in a cycle and waits for the collector.
import db
import gctrap


class Row:
    def __init__(self, key, conn):
        self.key = key
        self.conn = conn


def tags_of(t):
    return {"t%d" % (i % 3) for i in range(t % 5 + 1)}


def scaled(t):
    factor = t % 4
    return {k * factor for k in range(6) if k % 2 == 0}


def risky(t):
    return {10 // (i - 3) for i in range(t % 6)}


seen = set()
kept = []
total = 0
for t in gctrap.tasks(300):
    conn = db.connect()
    rows = {Row(i, conn) for i in range(2)}
    seen.update({r.key + t % 7 for r in rows})
    total += len(tags_of(t)) + len(scaled(t))
    total += sum(len(s) for s in [{j, j + 1} for j in range(2)])
    groups = [{x % m for x in range(4)} for m in (2, 3)]
    total += len(groups[0]) + len(groups[1])
    try:
        total += len(risky(t))
    except ZeroDivisionError:
        total += 1
    if t % 3 == 0:
        r = Row(t, db.connect())
        r.peers = {r}          # the connection stays open until a collection
    if t % 47 == 0:
        kept.append(sorted(tags_of(t)))
    for r in rows:
        r.conn = None
    conn.close()
    conn = None
    rows = None
    r = None
print(total, sorted(seen), kept, db.peak_open)
