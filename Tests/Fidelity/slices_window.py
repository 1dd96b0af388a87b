import db
import gctrap

# A worker keeps a sliding window of its last sessions with slices: the sessions that fall
# out of the window are freed (and closed) by reference counting, unless a cycle holds them.


class Session:
    def __init__(self, task):
        self.task = task
        self.conn = db.connect()
        self.owner = None


class Owner:
    def __init__(self, session):
        self.session = session
        session.owner = self   # a cycle for two sessions in three


db.configure(max_connections=1000)
window = []
history = []
for t in gctrap.tasks(400):
    s = Session(t)
    if t % 3 != 0:
        Owner(s)
    window.append(s)
    window = window[-4:]               # the oldest falls out: freed, or left to the collector
    head, rest = window[:1], window[1:]
    pair = (t, t + 1, t + 2)[1:]
    name = ("task-" + str(t))[:6] + ("task-" + str(t))[-2:]
    if t % 25 == 0:
        history.append(name)
        history[1:] = history[::-1][:3]
    if t % 40 == 39:
        del window[:2]
    tail = window[::-1][:2]
print(len(window), history, pair, head[0].task, rest[-1:][0].task, db.peak_open)
