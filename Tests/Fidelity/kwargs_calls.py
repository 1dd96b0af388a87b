import gc
import gctrap


class P:
    def __init__(self, a, b=2, c=None):
        self.a = a
        self.b = b
        self.c = c

    def total(self, extra=0, scale=1):
        return (self.a + self.b + extra) * scale


def f(x, y=10, z=20):
    return x + y + z


res = []
for t in gctrap.tasks(12):
    p = P(t, c=[t])
    q = P(a=t, b=t)
    res.append(p.total(scale=2) + q.total(1) + f(t, z=1) + f(x=t))
print(res)
try:
    f(1, x=2)
except TypeError as e:
    print(e)
try:
    f()
except TypeError as e:
    print(e)
try:
    f(1, 2, 3, 4)
except TypeError as e:
    print(e)
try:
    P(1).total(bogus=1)
except TypeError as e:
    print(e)
