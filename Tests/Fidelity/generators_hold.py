# Generators that hold a connection: a suspended generator's frame keeps its locals
# alive, so a generator abandoned half-way keeps its connection open until it is freed;
# freeing it closes it (GeneratorExit at the yield: its finally blocks run). One kind
# stays referenced from a list (a leak), one is dropped at once, one is exhausted by a
# for loop, one delegates with `yield from`, one sits in a cycle until the collector.
import db
import gctrap


def rows(conn, n):
    try:
        for i in range(n):
            yield conn.execute("row " + str(i))
    finally:
        conn.close()


def plain(conn, n):
    for i in range(n):
        yield i


def batches(conn):
    yield from plain(conn, 2)
    yield from rows(conn, 2)


class Cursor:
    def __init__(self):
        self.conn = db.connect()
        self.it = plain(self.conn, 3)
        self.it_owner = self


pending = []
total = 0
for t in gctrap.tasks(200):
    for r in rows(db.connect(), 3):
        total += len(r)
    it = rows(db.connect(), 5)
    next(it)
    it = None
    g = plain(db.connect(), 4)
    total += next(g)
    if t % 7 == 0:
        pending.append(g)
    g = None
    for b in batches(db.connect()):
        total += 1
    c = Cursor()
    total += next(c.it)
    c = None
    if t % 50 == 49:
        pending = []
print(total, db.peak_open, db.open_now, len(pending))
