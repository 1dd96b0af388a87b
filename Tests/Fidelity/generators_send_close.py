# Generators driven with send(), throw() and close() in a batch loop: a coroutine that rows
# are sent into (close() runs its finally and releases its connection), a reader told to
# retry with throw(), an exception thrown that escapes (the generator's frame stays alive
# in the traceback until the exception goes), close() of a generator never started, send()
# to an exhausted one, and a stream held in a cycle with its job: the collector finalizes
# it, GeneratorExit runs its finally and the connection is released then.
import db
import gctrap


def writer(conn):
    batch = []
    try:
        while True:
            row = yield len(batch)
            batch.append(row)
            if len(batch) == 3:
                batch = []
    finally:
        conn.close()


class Retry(Exception):
    pass


def reader(conn, n):
    i = 0
    while i < n:
        try:
            yield i
        except Retry:
            i -= 1
        i += 1
    conn.close()


def stream(conn):
    try:
        while True:
            yield conn
    finally:
        conn.close()


class Job:
    def __init__(self, t):
        self.t = t
        self.rows = stream(db.connect())
        self.me = self


errors = 0
sizes = []
history = []
for t in gctrap.tasks(500):
    w = writer(db.connect())
    next(w)
    size = 0
    for k in range(t % 5):
        size = w.send(k)
    w.close()
    sizes.append(size)
    r = reader(db.connect(), 3)
    got = [next(r), r.throw(Retry()), next(r)]
    try:
        r.throw(ValueError("stop %d" % t))
    except ValueError as e:
        errors += 1
        if t % 50 == 0:
            kept = e
    r = None
    idle = writer(db.connect())
    idle.close()
    done = reader(db.connect(), 1)
    for x in done:
        pass
    try:
        done.send(None)
    except StopIteration:
        errors += 1
    history.append([t])
    if t % 2 == 0:
        j = Job(t)
        next(j.rows)
        j = None
print(errors, sizes[:6], got, db.peak_open, db.open_now)
