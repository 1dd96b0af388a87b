import gctrap


class LowError(Exception):
    pass


class HighError(Exception):
    pass


def low(t):
    raise LowError("low " + str(t))


def high(t):
    try:
        low(t)
    except LowError as e:
        raise HighError("high " + str(t)) from e


kept = []
for t in gctrap.tasks(5):
    try:
        high(t)
    except HighError as e:
        kept.append(e)
        c = e.__cause__
        print(str(e), repr(c), c is e.__context__, e.__suppress_context__)

print(len(kept))
try:
    high(99)
except HighError as e:
    try:
        raise KeyError("during")
    except KeyError as k:
        print(repr(k), repr(k.__context__), k.__cause__)
