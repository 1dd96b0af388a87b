# A streaming export, written the way it usually is: a Source opens its connection
# lazily (@property), a generator streams rows from it, the job takes only what it needs
# with next() and a comprehension, and keeps the stream on the job object "for later".
# The stream's frame holds the source; the source holds the job (a back reference for
# progress reports): job -> stream -> frame -> source -> job is a cycle, so the
# abandoned stream (and its open connection) waits for the collector, which closes the
# generator (its finally block) before freeing it.
import db
import gctrap


class Source:
    def __init__(self, job):
        self.job = job
        self._conn = None

    @property
    def conn(self):
        if self._conn is None:
            self._conn = db.connect()
        return self._conn

    def close(self):
        if self._conn is not None:
            self._conn.close()


class CsvSource(Source):
    def __init__(self, job, sep):
        super().__init__(job)
        self.sep = sep


def stream(source, n):
    try:
        for i in range(n):
            yield source.conn.execute("row " + str(i)) + source.sep
    finally:
        source.close()


class Job:
    def __init__(self, t):
        self.t = t
        self.stream = stream(CsvSource(self, ","), 10)

    def head(self, k):
        return [next(self.stream) for _ in range(k)]


total = 0
for t in gctrap.tasks(500):
    job = Job(t)
    rows = job.head(3)
    total += sum(len(r) for r in rows)
    if t % 5 == 0:
        for r in job.stream:
            total += 1
print(total, db.peak_open, db.open_now)
