import gc
import gctrap


def pair(t):
    return t, [t]


def triple(t):
    return (t, t + 1, (t, "x"))


out = []
for t in gctrap.tasks(8):
    a, b = pair(t)
    x, y, (z, w) = triple(t)
    out.append(a + x + y + z)
    out.append(w)
print(out)
