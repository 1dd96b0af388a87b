import gc
import gctrap

log = []


class N:
    def __init__(self, name):
        self.name = name
        self.other = None

    def __del__(self):
        log.append(self.name)


for t in gctrap.tasks(4):
    a = N("a" + str(t))
    b = N("b" + str(t))
    c = N("c" + str(t))
    a.other = b
    b.other = c
    c.other = a
    s = N("self" + str(t))
    s.other = s
    l = [N("l" + str(t))]
    l.append(l)
    d = {"n": N("d" + str(t))}
    d["me"] = d
    a = b = c = s = l = d = None
    if t % 2 == 1:
        log.append("collect " + str(gc.collect()))
print(log)
print(gc.collect())
print(log[-1], len(log))
