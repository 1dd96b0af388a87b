import db
import gctrap

# A job that reports with f-strings (format specs, !r, nested widths, {x=}) while its
# agent <-> context cycle keeps a connection open until the collector runs.


class Agent:
    def __init__(self, task):
        self.task = task
        self.conn = db.connect()
        self.context = Context(self)

    def label(self, width):
        return f"agent {self.task:>{width}}"


class Context:
    def __init__(self, agent):
        self.agent = agent


lines = []
kept = []
for t in gctrap.tasks(220):
    agent = Agent(t)
    name = f"job-{t:03d}"
    ratio = t * 100 // 220
    line = f"{name!r}: {agent.label(4)} {ratio:>3}% open={db.open_now:<4}|{t:#x}|{t:+}|{t * 1000:,}"
    if t % 50 == 0:
        lines.append(line)
    if t % 70 == 0:
        kept.append(f"{[t, name]}")
    status = f"{'ok' if t % 2 else 'retry':^9}|{None!r}|{t=}"
print(len(lines), lines[0])
print(lines[-1])
print(kept, status, db.peak_open)
