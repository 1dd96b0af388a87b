import db
import gc
import gctrap


def step(t):
    c = db.connect()
    if t % 4 == 3:
        return c
    c.close()
    return None


keep = []
for t in gctrap.tasks(20):
    r = step(t)
    if r is not None:
        keep.append(r)
    if t == 12:
        break
print(len(keep), db.open_now)
for t in gctrap.tasks(5):
    keep.pop()
    if not keep:
        break
print(db.open_now, db.closed_by_finalizer)
