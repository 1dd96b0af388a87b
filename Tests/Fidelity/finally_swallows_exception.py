import gc
import db
import gctrap


class Holder:
    def __init__(self):
        self.conn = db.connect()


def with_return(t):
    h = Holder()
    try:
        raise ValueError("task " + str(t))
    finally:
        return 1


def with_break(t):
    n = 0
    for i in range(3):
        h = Holder()
        try:
            raise KeyError(i)
        finally:
            break
    return n


def with_continue(t):
    n = 0
    for i in range(2):
        h = Holder()
        try:
            raise IndexError(i)
        finally:
            n += 1
            continue
    return n


for t in gctrap.tasks(30):
    with_return(t)
    with_break(t)
    with_continue(t)
print(db.open_connections(), db.peak_open)
