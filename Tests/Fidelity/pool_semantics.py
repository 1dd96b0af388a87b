import db
import gc
import gctrap


class Job:
    def __init__(self, pool):
        self.pool = pool
        self.conn = pool.acquire()
        self.me = self            # a cycle: only the collector frees a dropped job


returning = db.Pool(max_size=12)
holding = db.Pool(max_size=4, on_lost="hold")
log = []
for t in gctrap.tasks(50):
    a = returning.acquire()
    if t % 3 == 0:
        returning.release(a)      # released; the other tasks drop it: the finalizer returns it
    if t % 5 == 0:
        j = Job(returning)
        if t % 10 == 0:
            returning.release(j.conn)
    if t == 30:
        gc.collect()              # the dropped jobs' connections come back
    if t < 4:
        h = holding.acquire()     # dropped without release: the pool keeps it
    if t == 10:
        c = returning.acquire()
        returning.release(c)
        try:
            returning.release(c)
        except db.PoolMisuse as e:
            log.append(str(e))
        try:
            returning.release(db.connect())
        except db.PoolMisuse as e:
            log.append(str(e))
        idle = returning.acquire()
        returning.release(idle)
        idle.close()              # closed while idle: never handed out again
        again = returning.acquire()
        log.append(again is idle)
        returning.release(again)
for line in log:
    print(line)
print(returning.in_use, returning.reclaimed, holding.in_use, len(holding.used), db.open_now)
