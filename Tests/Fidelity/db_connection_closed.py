import db
import gctrap

conns = []
for t in gctrap.tasks(10):
    c = db.connect()
    conns.append(c)
    if t % 2:
        c.close()
    try:
        print(c.execute("q" + str(t)))
    except db.ConnectionClosed as e:
        print("closed:", e, e.args, isinstance(e, db.Error))
conns = None
print(db.open_now)
