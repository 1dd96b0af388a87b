import db
import gctrap

# A reporting job: rows parsed with str.split/partition, merged with dict.update/copy,
# walked with items()/keys()/values(), formatted with % and str.format; two tasks in three
# keep its connection in a cycle (row -> job -> row) until the collector runs.


class Job:
    def __init__(self, task):
        self.task = task
        self.conn = db.connect()
        self.rows = {}

    def report(self):
        parts = []
        for key, value in self.rows.items():
            parts.append("%s=%d" % (key, value))
        return "{}: {}".format(self.task, ", ".join(parts))


defaults = {"retries": 1, "size": 10}
summary = []
for t in gctrap.tasks(450):
    job = Job(t)
    line = "id:%d size:%d  name:job-%03d " % (t, t % 7, t)
    fields = line.strip().split()
    for field in fields:
        name, sep, value = field.partition(":")
        if value.isdigit():
            job.rows[name] = int(value)
    merged = defaults.copy()
    merged.update(job.rows, step=t % 3)
    names = list(merged.keys())
    total = sum(merged.values())
    if t % 3 != 0:
        job.rows["self"] = 0
        job.cycle = [job]
    text = job.report().replace("=", ":")
    if t % 100 == 0:
        summary.append(text.upper()[:20])
        summary.append("{0:>4}|{1!r}|{k}".format(t, names[-1], k=total))
        summary.append(str(text.find("size")) + " " + str(text.count(":")) + " " + "-".join(sorted(names)))
    history = summary.copy()
print(len(history), summary[:3], summary[-1], db.peak_open)
