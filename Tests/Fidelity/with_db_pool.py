import db
import gc
import gctrap

pool = db.Pool(3)
holders = []
for t in gctrap.tasks(30):
    with pool.connection() as conn:
        conn.execute("a")
        if t % 7 == 3:
            holders.append(conn)
        if t % 10 == 9:
            conn.close()
    if t == 20:
        holders = []
print(pool.in_use, len(pool.idle), db.open_now, db.peak_open)
