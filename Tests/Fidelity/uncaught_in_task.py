import db
import gctrap


class Broken(Exception):
    pass


def check(t):
    if t == 7:
        raise Broken("task " + str(t) + " failed")
    return t


def run(t):
    c = db.connect()
    check(t)
    c.close()


for t in gctrap.tasks(20):
    run(t)
