import gc
import gctrap


def fail(t):
    try:
        x = {}["missing" + str(t)]
    except KeyError:
        raise RuntimeError("while handling " + str(t))


errors = []
for t in gctrap.tasks(8):
    try:
        fail(t)
    except RuntimeError as e:
        if t % 2 == 0:
            errors.append(e)
        ctx = e.__context__
        print(type(ctx).__name__, str(ctx), repr(ctx))
        ctx = None
print(len(errors), gc.get_count()[0] > 0)
errors = []
print(gc.collect())
