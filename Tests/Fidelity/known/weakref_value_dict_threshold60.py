# (known/: the same program as ../weakref_value_dict_per_task.py at threshold 60.)
# A WeakValueDictionary made in every task (its construction allocates a closure, a weak
# reference to itself, a set, a list, two dicts): update with keywords and with a dict,
# copy, popitem, valuerefs, setdefault, a value dying inside an items() loop (its removal
# waits for the loop's end), and an index of agents that are in cycles with their jobs.
import gc
import weakref

import db
import gctrap


class Job:
    def __init__(self, n):
        self.n = n
        self.conn = db.connect()
        self.agent = Agent(self)


class Agent:
    def __init__(self, job):
        self.job = job


gc.set_threshold(60)
index = weakref.WeakValueDictionary()
print("start", len(index))
for t in gctrap.tasks(300):
    job = Job(t)
    index[t] = job.agent
    d = weakref.WeakValueDictionary(first=job)
    d.update({"second": job.agent})
    if t % 4 == 0:
        c = d.copy()
        k, v = c.popitem()
        refs = d.valuerefs()
        c = None
        v = None
        refs = None
    temp = Agent(None)
    d.setdefault("temp", temp)
    for k, v in d.items():
        temp = None
    v = None
    if t % 50 == 49:
        print(t, len(index), sorted(d.keys()), len(d))
    d = None
    if t % 2 == 0:
        job.conn.close()
    job = None
