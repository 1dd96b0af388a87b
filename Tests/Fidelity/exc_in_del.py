import gc
import gctrap

log = []


class Bad:
    def __init__(self, n):
        self.n = n

    def __del__(self):
        log.append("del " + str(self.n))
        if self.n % 2 == 0:
            raise ValueError("in del " + str(self.n))


def make(n):
    b = Bad(n)
    return n


for t in gctrap.tasks(6):
    make(t)
    x = Bad(100 + t)
    x = None

print(log)
