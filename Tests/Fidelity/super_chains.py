# super() in a class hierarchy, the way services are written: each layer's __init__
# calls super().__init__(...) and one overrides a method that extends the base's through
# super(). A context back reference makes a cycle per task (the incident's shape), so the
# connections wait for the collector; some tasks use the two-argument form, and an
# exception class calls super().__init__(message).
import db
import gctrap


class Service:
    def __init__(self, name):
        self.name = name
        self.calls = 0

    def run(self, q):
        self.calls += 1
        return len(q)


class DataService(Service):
    def __init__(self, name, conn):
        super().__init__(name)
        self.conn = conn

    def run(self, q):
        n = super().run(q)
        return n + len(self.conn.execute(q))


class CachedService(DataService):
    def __init__(self, name, conn, context):
        super(CachedService, self).__init__(name, conn)
        self.context = context
        context.service = self


class Context:
    def __init__(self):
        super().__init__()
        self.service = None


class QueryError(Exception):
    def __init__(self, message, code):
        super().__init__(message)
        self.code = code


total = 0
errors = []
for t in gctrap.tasks(250):
    ctx = Context()
    s = CachedService("s" + str(t), db.connect(), ctx)
    total += s.run("q" + str(t))
    d = DataService("d", db.connect())
    total += d.run("x")
    d.conn.close()
    if t % 40 == 0:
        try:
            raise QueryError("bad query", t)
        except QueryError as e:
            errors.append(e.code)
print(total, db.peak_open, len(errors))
