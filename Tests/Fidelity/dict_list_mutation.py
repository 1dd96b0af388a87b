import gc
import gctrap

d = {}
l = []
for t in gctrap.tasks(10):
    d[t] = [t] * 2
    l.append(d[t])
    if t % 3 == 0:
        del d[t]
    if len(l) > 4:
        l.pop(0)
    d.setdefault("k", []).append(t)
    l.insert(0, (t, t))
    del l[0]
    l.extend([t])
    l.remove(t)
print(len(d), l, d.get("k"), d.pop("zz", None))
print(d.pop("k"), "k" in d, 3 in d, 4 in d)
l.insert(0, l.pop())
print(l, l.index(l[0]), l.count(l[0]))
l.clear()
print(l)
