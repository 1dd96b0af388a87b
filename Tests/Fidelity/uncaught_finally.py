import gctrap

log = []


def f(t):
    try:
        if t == 2:
            raise LookupError("lk")
    finally:
        log.append("f" + str(t))
        print(log)


for t in gctrap.tasks(5):
    f(t)
