import gctrap


def parse(d, k):
    return d[k]


def load(t):
    try:
        return parse({"a": 1}, "b" + str(t))
    except KeyError as e:
        raise ValueError("cannot load " + str(t)) from e


for t in gctrap.tasks(3):
    if t == 2:
        load(t)
