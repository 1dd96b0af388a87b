import gc
import gctrap

log = []


class CM:
    def __init__(self, name):
        self.name = name

    def __enter__(self):
        log.append("+" + self.name)
        return self.name

    def __exit__(self, a, b, c):
        log.append("-" + self.name)

    def __del__(self):
        log.append("del " + self.name)


def f(t):
    with CM("outer" + str(t)) as o:
        with CM("inner" + str(t)) as i:
            if t % 2:
                return o + "/" + i
            for k in range(3):
                if k == 1:
                    break
        log.append("between")
    return "fell"


for t in gctrap.tasks(4):
    log.append(f(t))

for l in log:
    print(l)
