import db
import gc
import gctrap


class Holder:
    def __init__(self):
        self.conn = db.connect()


for t in gctrap.tasks(30):
    h = Holder()
    l = [h]
    d = {"l": l, "h": h}
    tup = (d, l)
    l.append(tup)
    h.back = d
    if t % 5 == 4:
        print(t, db.open_now, gc.collect(0))
print(db.open_now, db.closed_by_finalizer)
