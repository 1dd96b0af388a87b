import gc

log = []


class A:
    def __init__(self):
        self.me = self


def make(n):
    for i in range(n):
        x = A()
        y = [x]
        y.append(y)


make(5)
print(gc.get_count())
print(gc.collect(0))
print(gc.get_count())
make(3)
print(gc.collect(1))
print(gc.get_count())
make(7)
print(gc.collect(2))
print(gc.get_count())
print(gc.collect())
print(gc.get_count())
make(2)
print(gc.collect(0), gc.collect(0))
print(gc.get_count())
