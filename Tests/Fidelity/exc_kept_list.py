import db
import gc
import gctrap


def query(conn, t):
    if t % 2 == 0:
        raise db.Error("timeout " + str(t))
    return conn.execute("q" + str(t))


def lookup(t):
    conn = db.connect()
    rows = query(conn, t)
    conn.close()
    return rows


kept = []
for t in gctrap.tasks(40):
    try:
        lookup(t)
    except db.Error as e:
        kept.append(e)
    if t == 20:
        for i in range(5):
            kept.pop(0)
    if t == 30:
        del kept[0]
        del kept[-1]
print(len(kept))
