import gc
import gctrap


class Suppress:
    def __init__(self, kinds):
        self.kinds = kinds
        self.seen = []

    def __enter__(self):
        return self.seen

    def __exit__(self, et, ev, tb):
        if et is None:
            return False
        self.seen.append(et.__name__)
        return isinstance(ev, self.kinds)


s = Suppress(ValueError)
res = []
for t in gctrap.tasks(6):
    try:
        with s as seen:
            if t % 3 == 0:
                raise ValueError(t)
            if t % 3 == 1:
                raise KeyError(t)
            res.append("ok " + str(t))
        res.append("after " + str(t))
    except KeyError as e:
        res.append("escaped " + repr(e))
print(res)
print(s.seen)
print(gc.get_count()[0] >= 0)
