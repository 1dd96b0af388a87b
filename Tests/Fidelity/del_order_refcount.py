import gc
import gctrap

log = []


class N:
    def __init__(self, name, nxt=None):
        self.name = name
        self.nxt = nxt

    def __del__(self):
        log.append(self.name)


for t in gctrap.tasks(3):
    c = N("c" + str(t), N("d" + str(t)))
    b = N("b" + str(t), c)
    a = N("a" + str(t), b)
    lst = [N("l1"), N("l2"), N("l3")]
    tup = (N("t1"), N("t2"))
    dd = {"x": N("dx"), "y": N("dy")}
    c = None
    b = None
    a = None
    lst = None
    tup = None
    dd = None
print(log)
