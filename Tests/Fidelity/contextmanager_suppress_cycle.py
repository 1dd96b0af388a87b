# A @contextmanager that swallows errors (the generator catches what the with body
# raises). On 3.12 and 3.13 each swallowed exception leaves a reference cycle: its
# traceback holds the generator's frame object, which links back to __exit__'s frame
# (a generator frame object keeps f_back from 3.12 on), whose locals hold the exception
# and the traceback of the task's frame; that frame object keeps the task's locals, here
# an open connection, until a collection. On 3.11 the generator's frame object does not
# link back: everything goes when __exit__ returns and the connection closes as the task
# returns.
from contextlib import contextmanager

import db
import gctrap


@contextmanager
def ignoring_bad_rows():
    try:
        yield
    except ValueError:
        pass


def task(t):
    conn = db.connect()
    with ignoring_bad_rows():
        conn.execute("MATCH (r) RETURN r")
        if t % 3 == 0:
            raise ValueError("bad row %d" % t)
    return t


total = 0
for t in gctrap.tasks(300):
    total += task(t)
print(total, db.peak_open, db.open_now)
