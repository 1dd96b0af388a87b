# *args, **kwargs and keyword-only parameters in a batch job: a generic retry wrapper
# that forwards everything it gets, a query builder with keyword-only options, a log call
# with **fields, and objects built from a dict of options (Cls(**opts)). The connection
# travels through *args and **kwargs; a kept kwargs dict keeps it open.
import db
import gctrap


class Session:
    def __init__(self, conn, *, timeout=30, tags=None):
        self.conn = conn
        self.timeout = timeout
        self.tags = tags


def run_query(conn, query, *params, limit=10, **options):
    text = query + str(len(params)) + str(limit) + str(len(options))
    return len(conn.execute(text))


def retry(fn, *args, **kwargs):
    for attempt in range(2):
        try:
            return fn(*args, **kwargs)
        except db.ConnectionClosed:
            pass
    return 0


def log(msg, **fields):
    return len(msg) + len(fields)


kept = []
total = 0
for t in gctrap.tasks(180):
    conn = db.connect()
    total += retry(run_query, conn, "q", t, t + 1, limit=5, trace=True)
    total += run_query(conn, "p")
    params = [t, t]
    opts = {"limit": 3, "trace": False}
    total += run_query(conn, "r", *params, **opts)
    total += log("done", task=t, conn=conn)
    s = Session(conn, timeout=t)
    s2 = Session(**{"conn": db.connect(), "tags": [t]})
    if t % 30 == 0:
        kept.append({"conn": s2.conn})
    else:
        s2.conn.close()
    try:
        run_query(conn)
    except TypeError:
        total += 1
    conn.close()
    conn = None
    s = None
print(total, db.peak_open, len(kept))
