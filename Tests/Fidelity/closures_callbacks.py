# Closures holding a connection: a callback registry (an event bus) keeps each task's
# handler, whose cell keeps the task's connection open until the registry is cleared.
# A nonlocal counter, a lambda with a default argument, a closure over a closure, and a
# self-referencing closure (cell -> function -> closure tuple -> cell: a cycle).
import db
import gctrap


class Bus:
    def __init__(self):
        self.handlers = []

    def subscribe(self, fn):
        self.handlers.append(fn)

    def fire(self, event):
        n = 0
        for h in self.handlers:
            n += h(event)
        return n


def make_handler(conn, task):
    seen = 0

    def handle(event):
        nonlocal seen
        seen += 1
        conn.execute("event " + str(event))
        return seen + task
    return handle


def make_retry(conn):
    tries = [0]

    def again():
        tries[0] += 1
        if tries[0] < 3:
            return again()
        return tries[0]
    return again


def scale_by(k):
    def outer(x):
        def inner(y):
            return x * y * k
        return inner
    return outer


bus = Bus()
total = 0
for t in gctrap.tasks(120):
    conn = db.connect()
    bus.subscribe(make_handler(conn, t))
    total += bus.fire(t)
    retry = make_retry(db.connect())
    total += retry()
    retry = None
    mul = scale_by(t)(2)
    total += mul(3)
    key = lambda c=conn: c.id
    total += key()
    if t % 10 == 9:
        bus = Bus()
    conn = None
    key = None
print(total, db.peak_open, db.open_now)
