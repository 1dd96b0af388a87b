import db
import gc
import gctrap


# dict() from pairs whose key cannot be hashed: CPython frees the pairs, the half-built
# dict and what they hold at once, so the session below is closed by its finalizer.
class Holder:
    def __init__(self):
        self.conn = db.connect()

    def __del__(self):
        self.conn.close()


for t in gctrap.tasks(40):
    try:
        d = dict([(t, 1), ([t], Holder())])
    except TypeError as e:
        print(t, e) if t < 2 else None
    ok = dict([(t, Holder()), ("k", [t])])
print(db.open_now, db.closed_explicit, db.closed_by_finalizer)
