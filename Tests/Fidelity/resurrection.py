import gc
import gctrap

saved = []
log = []


class Phoenix:
    def __init__(self, n):
        self.n = n
        self.me = self

    def __del__(self):
        log.append("del " + str(self.n))
        if self.n % 2 == 0:
            saved.append(self)


for t in gctrap.tasks(6):
    p = Phoenix(t)
    p = None
    if t % 2:
        log.append("collected " + str(gc.collect()))
print(log)
print(len(saved))
saved = []
print(gc.collect())
print(log)
