import gc
import gctrap


class AppError(Exception):
    pass


def work(t):
    if t % 3 == 1:
        raise AppError("bad task", t)
    return t


def handle(t):
    try:
        return work(t)
    except AppError:
        if t > 5:
            raise
        return None


out = []
for t in gctrap.tasks(12):
    try:
        out.append(handle(t))
    except AppError as e:
        out.append(e.args)
        out.append(repr(e))
        out.append(str(e))
print(out)
print(gc.get_count()[0] >= 0)
