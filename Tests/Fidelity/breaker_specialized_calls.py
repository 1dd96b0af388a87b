import db
import gctrap


class Sink:
    def __init__(self):
        self.conn = db.connect()
        self.conn.close()
        self.items = []
        self.me = self

    def flush(self, n):
        return n


kept = []
for t in gctrap.tasks(1000):
    s = Sink()
    kept.append([t])
    kept.append([t])
    kept.append([t])
    kept.append([t])
    kept.append([t])
    kept.append([t])
    kept.append([t])
    n = len(kept)
    s.items.append({})
    s.items.append({})
    s.items.append({})
    s.items.append({})
    ok = isinstance(s, Sink)
    s.flush(n)
print(len(kept), db.peak_open)
