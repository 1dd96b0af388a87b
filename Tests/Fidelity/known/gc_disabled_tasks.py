import db
import gc
import gctrap


class Owner:
    def __init__(self):
        self.conn = db.connect()
        self.me = self


gc.disable()
for t in gctrap.tasks(25):
    Owner()
    if t == 20:
        print(gc.collect(1), db.open_now)
gc.enable()
print(gc.collect(), db.open_now, db.closed_by_finalizer)
