import gc
import gctrap

r = []


class C:
    pass


class D:
    def __init__(self, x):
        self.x = x


def two():
    return 1, 2


for t in gctrap.tasks(4):
    r.append(gc.get_count()[0])
    c = C()
    r.append(gc.get_count()[0])
    d = D(t)
    r.append(gc.get_count()[0])
    a, b = two()
    r.append(gc.get_count()[0])
    e = {"a": [1, 2], "b": (t, t)}
    r.append(gc.get_count()[0])
    m = c.__init__
    r.append(gc.get_count()[0])
    l = list()
    r.append(gc.get_count()[0])
    s = str(t)
    r.append(gc.get_count()[0])
    del c, d, e, m, l
    r.append(gc.get_count()[0])
print(r)
