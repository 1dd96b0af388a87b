import gc
import gctrap

log = []


class Res:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        log.append("del " + self.name)


def inner(t):
    r = Res("inner" + str(t))
    try:
        if t % 2 == 0:
            raise ValueError("even " + str(t))
        return t * 10
    finally:
        log.append("finally inner " + str(t))


def outer(t):
    try:
        try:
            return inner(t)
        except KeyError:
            log.append("never")
        finally:
            log.append("finally outer " + str(t))
    except ValueError as e:
        log.append("caught " + str(e))
        return -1


counts = []
for t in gctrap.tasks(6):
    v = outer(t)
    log.append("value " + str(v))
    counts.append(gc.get_count()[0])

for line in log:
    print(line)
print(counts)
