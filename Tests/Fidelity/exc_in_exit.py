import gctrap

log = []


class CM:
    def __init__(self, name, fail):
        self.name = name
        self.fail = fail

    def __enter__(self):
        log.append("enter " + self.name)
        return self

    def __exit__(self, et, ev, tb):
        log.append("exit " + self.name + " " + str(et is None))
        if self.fail:
            raise KeyError(self.name)
        return False


for t in gctrap.tasks(4):
    try:
        with CM("a" + str(t), t % 2 == 1):
            if t >= 2:
                raise ValueError("body " + str(t))
            log.append("body ok")
    except KeyError as e:
        log.append("key " + repr(e) + " ctx " + repr(e.__context__))
    except ValueError as e:
        log.append("value " + str(e))

for l in log:
    print(l)
