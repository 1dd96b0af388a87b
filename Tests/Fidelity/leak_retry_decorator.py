# A retry decorator, as people write it: the attempt's error is kept in a local to be
# re-raised after the last attempt, and the latest one in a closure (nonlocal) for
# inspection. The error's traceback holds the wrapper's frame, whose local holds the
# error: a cycle, and the failed attempt's frame (with its open connection) hangs off it.
# Each task that needed a retry leaves one connection for the collector.
import db
import gctrap


def retry(times):
    def decorate(fn):
        last_error = None

        def wrapper(*args, **kwargs):
            nonlocal last_error
            error = None
            for attempt in range(times):
                try:
                    return fn(*args, **kwargs)
                except db.ConnectionClosed as e:
                    error = e
                    last_error = e
            raise error
        return wrapper
    return decorate


class Flaky:
    def __init__(self):
        self.calls = 0

    @retry(3)
    def fetch(self, key, *, strict=False):
        self.calls += 1
        conn = db.connect()
        if self.calls % 3 == 1:
            raise db.ConnectionClosed("timeout " + key)
        rows = [conn.execute(key + str(i)) for i in range(2)]
        conn.close()
        return len(rows)


client = Flaky()
total = 0
for t in gctrap.tasks(400):
    try:
        total += client.fetch("k" + str(t), strict=True)
    except db.ConnectionClosed:
        total -= 1
print(total, client.calls, db.peak_open, db.open_now)
