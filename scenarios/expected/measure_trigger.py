"""Where does an automatic collection run, relative to the allocation that crosses
threshold 0?  python3 scenarios/expected/measure_trigger.py

Each case fills count0 up to the threshold (so the next GC allocation crosses it) and
then runs a few lines; a gc callback records the function and line being executed
(the innermost Python frame) when the collection starts, and the count0 that the
first statement after the collection observes.
"""
import gc
import sys

T = 50
LOG = []
FILL = []


ARMED = [False]


def cb(phase, info):
    # only for the automatic collection: sys._getframe materializes a frame object,
    # which must not happen in fill() (its freeing would lower count0 again)
    if phase == "start" and ARMED[0]:
        ARMED[0] = False
        f = sys._getframe(1)
        LOG.append("%s:%d" % (f.f_code.co_name, f.f_lineno - f.f_code.co_firstlineno))


class Plain:
    pass


class WithInit:
    def __init__(self):
        self.a = 1          # +1
        self.b = 2          # +2


class CM:
    def __enter__(self):
        return self

    def __exit__(self, t, v, tb):
        return False


def helper():
    return 1                # +1


def fill():
    # count0 == T afterwards: the next counted allocation makes it T+1 > T
    gc.collect()
    del FILL[:]
    gc.set_threshold(T)
    while gc.get_count()[0] < T:
        FILL.append(Plain())
    ARMED[0] = True


def case_instance_no_init():
    fill()                  # +1
    o = Plain()             # +2: crosses
    x = 1                   # +3
    y = [x]                 # +4
    helper()                # +5


def case_instance_with_init():
    fill()                  # +1
    o = WithInit()          # +2: crosses
    x = 1                   # +3


def case_list_literal():
    fill()                  # +1
    x = 1                   # +2
    y = [x]                 # +3: crosses
    z = x + 1               # +4
    w = x + 2               # +5
    helper()                # +6
    v = 3                   # +7


def case_list_then_loop():
    fill()                  # +1
    y = [1]                 # +2: crosses
    for i in range(2):      # +3
        z = i               # +4


def case_tuple_return():
    fill()                  # +1
    a, b = make_pair(1)     # +2: crosses inside make_pair
    c = a                   # +3
    helper()                # +4


def make_pair(x):
    return x, [x]           # +1 (the list crosses, then the tuple)


def case_with():
    fill()                  # +1
    with CM():              # +2: the CM instance crosses
        x = 1               # +3
    y = 2                   # +4


def case_after_len():
    fill()                  # +1
    y = [1]                 # +2: crosses
    n = len(y)              # +3
    helper()                # +4


def case_after_isinstance():
    fill()                  # +1
    y = [1]                 # +2: crosses
    n = isinstance(y, list)  # +3
    helper()                # +4


def case_after_append():
    fill()                  # +1
    y = [1]                 # +2: crosses
    y.append(2)             # +3
    helper()                # +4


def case_after_str():
    fill()                  # +1
    y = [1]                 # +2: crosses
    s = str(5)              # +3
    helper()                # +4


def case_after_method():
    fill()                  # +1
    y = [1]                 # +2: crosses
    n = O.m()               # +3
    x = 1                   # +4


def case_after_while():
    fill()                  # +1
    y = [1]                 # +2: crosses
    i = 0                   # +3
    while i < 2:            # +4
        i += 1              # +5
    helper()                # +6


def case_after_for_list():
    fill()                  # +1
    y = [1]                 # +2: crosses
    for i in L2:            # +3
        x = i               # +4
    helper()                # +5


def case_after_dict_literal():
    fill()                  # +1
    d = {}                  # +2: from the dict free list (gc callbacks left one there)
    e = {}                  # +3: crosses (an empty, untracked dict counts too)
    x = 1                   # +4
    helper()                # +5


class M:
    def m(self):
        return 1            # +1


O = M()
L2 = [1, 2]


def main():
    gc.callbacks.append(cb)
    for name in sorted(globals()):
        if name.startswith("case_"):
            del LOG[:]
            ARMED[0] = False
            globals()[name]()
            gc.set_threshold(700)
            print("%-26s collection ran at %s" % (name[5:], LOG))
    gc.callbacks.remove(cb)


print("python", sys.version.split()[0], "(line offsets from each def; see the +N comments)")
main()
