import db
import gc
import gctrap

db.configure(max_connections=5)
pools = [db.Pool(2), db.Pool(max_size=1)]
leak = []
for t in gctrap.tasks(30):
    p = pools[t % 2]
    try:
        c = p.acquire()
        c.execute("x")
        if t % 3 == 0:
            p.release(c)
        elif t % 3 == 1:
            c.close()
            p.release(c)
        else:
            leak.append(c)
    except db.PoolExhausted as e:
        print(t, str(e))
        if leak:
            leak.pop()
    except db.TooManyConnections as e:
        print("refused", t, db.refused)
        leak = []
print(db.open_now, db.peak_open, db.opened_total, db.in_use_total, db.idle_total)
