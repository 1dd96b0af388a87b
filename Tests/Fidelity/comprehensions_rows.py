# Comprehensions in a batch loop: rows built with list and dict comprehensions (3.11
# makes a function per comprehension, 3.12+ runs them inline: PEP 709), a generator
# expression consumed by sum(), nested comprehensions, a comprehension reading the
# enclosing function's variables, and one that raises half-way. Connections are kept in
# a dict comprehension and released by the task's end.
import db
import gctrap


class Row:
    def __init__(self, key, conn):
        self.key = key
        self.conn = conn


def fetch(conn, t):
    ids = [i * t for i in range(4)]
    rows = [Row(i, conn) for i in ids if i % 2 == 0]
    by_key = {r.key: r for r in rows}
    weight = t % 3
    scaled = [[k * weight for k in range(j)] for j in range(3)]
    return len(by_key) + sum(len(s) for s in scaled)


def risky(t):
    return [10 // (i - 2) for i in range(t % 5)]


kept = []
total = 0
for t in gctrap.tasks(150):
    conns = {i: db.connect() for i in range(2)}
    total += fetch(conns[0], t)
    total += sum(r.key for r in [Row(j, None) for j in range(3)])
    try:
        total += len(risky(t))
    except ZeroDivisionError:
        total += 1
    if t % 25 == 0:
        kept.append([Row(t, c) for c in [conns[1]]])
    for k in conns:
        conns[k].close()
    conns = None
print(total, db.peak_open, db.open_now, len(kept))
