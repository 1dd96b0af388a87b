import db
import gc
import gctrap


class Svc:
    def __init__(self):
        self.me = self
        self.conn = db.connect()

    def __del__(self):
        self.conn.close()


for t in gctrap.tasks(50):
    s = Svc()
print(db.open_now, db.closed_explicit, db.closed_by_finalizer)
