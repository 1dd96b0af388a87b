# Decorators in a service layer: a @property that opens the connection lazily (and a
# setter that swaps it), a @staticmethod helper, a @classmethod factory, and a plain
# timing decorator whose wrapper forwards *args/**kwargs. A repository keeps a back
# reference to its unit of work (a cycle), so its lazily opened connection waits for the
# collector.
import db
import gctrap

calls = [0]


def counted(fn):
    def wrapper(*args, **kwargs):
        calls[0] += 1
        return fn(*args, **kwargs)
    return wrapper


class Repository:
    def __init__(self, uow):
        self.uow = uow
        self._conn = None

    @property
    def conn(self):
        if self._conn is None:
            self._conn = db.connect()
        return self._conn

    @conn.setter
    def conn(self, value):
        if self._conn is not None:
            self._conn.close()
        self._conn = value

    @staticmethod
    def key(t):
        return "k" + str(t)

    @classmethod
    def for_task(cls, uow, t):
        r = cls(uow)
        r.task = t
        return r

    @counted
    def load(self, t, *, fresh=False):
        return len(self.conn.execute(Repository.key(t))) + (1 if fresh else 0)


class UnitOfWork:
    def __init__(self):
        self.repo = Repository.for_task(self, 0)


@counted
def handle(t):
    uow = UnitOfWork()
    n = uow.repo.load(t, fresh=t % 2 == 0)
    if t % 3 == 0:
        uow.repo.conn = None
    return n


total = 0
for t in gctrap.tasks(300):
    total += handle(t)
print(total, calls[0], db.peak_open)
