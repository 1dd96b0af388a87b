import db
import gctrap
import weakref

log = []


class Agent:
    def __init__(self, task):
        self.task = task


def first(wr):
    log.append("first")


def helper():
    return 1


for t in gctrap.tasks(10):
    a = Agent(t)
    if t == 7:
        try:
            weakref.ref([1])
        except TypeError as e:
            log.append(str(e))
print(len(log))
