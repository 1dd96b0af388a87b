# repr, str, == and isinstance on deep structures: RecursionError at CPython's limits
# (3.11: 1000 shared with Python frames; 3.12: 1500 and 3.13: 10000 C levels), cycles
# written [...], and exceptions' str and repr through their arguments.
import gctrap


def nested(n):
    x = 0
    for i in range(n):
        x = [x]
    return x


def chain(n):
    e = Exception("x")
    for i in range(n):
        e = Exception(e)
    return e


def classes(n):
    t = int
    for i in range(n):
        t = (t,)
    return t


for t in gctrap.tasks(2):
    pass

for n in [3, 900, 1200, 5000, 20000]:
    a = nested(n)
    b = nested(n)
    e = chain(n)
    c = classes(n)
    results = []
    try:
        results.append(len(repr(a)))
    except RecursionError as err:
        results.append(str(err))
    try:
        results.append(len(str(a)))
    except RecursionError as err:
        results.append(str(err))
    try:
        results.append(a == b)
    except RecursionError as err:
        results.append(str(err))
    try:
        results.append(isinstance(1, c))
    except RecursionError as err:
        results.append(str(err))
    try:
        results.append(len(repr(e)))
    except RecursionError as err:
        results.append(str(err))
    try:
        results.append(len(str(e)))
    except RecursionError as err:
        results.append(str(err))
    print(n, results)

loop = [1]
loop.append(loop)
d = {"k": loop}
d["d"] = d
print(loop, d, (loop,), [(), [], {}])
print([[[[[1]]]]], ((((1,),),),))
print(str(Exception(Exception("x"))), repr(Exception(Exception("x"), 2)), repr(Exception()))
print(str(KeyError("k")), str(Exception()), str(Exception(1, "a")), repr(KeyError(KeyError("k"))))


class B:
    def __str__(self):
        return "B!"


print(Exception(B()), str(ValueError(B())), [str(B())])
