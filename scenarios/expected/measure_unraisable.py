"""Measure what an "Exception ignored in" report (a __del__ that raises, reported by
PyErr_WriteUnraisable through the default sys.unraisablehook) does to CPython's
generation-0 counter, and which free lists its temporaries come from:

    python3 scenarios/expected/measure_unraisable.py 2>/dev/null

Each row: the free list warmed with 0..4 objects (made and dropped) after gc.collect()
(which empties the free lists), then count0 around `b = None` freeing an instance whose
__del__ raises, minus get_count's own 3-tuple. The caller's frame object exists
beforehand (sys._getframe()), so the frame the raising __del__ links to as f_back costs
nothing here. A free list the report draws from lowers the figure by one per warmed
object up to what the report holds at once. The second table swaps in a hook that does
nothing: what is left is the raise itself (the exception's 1-tuple of arguments, +1) and
the freed instance (-1); warming 3-tuples lowers both tables by one because get_count's
own tuple then comes from the free list.
"""
import gc
import sys


class Bad:
    def __del__(self):
        raise ValueError("x")


def null_hook(unraisable):
    pass


SIZES = [range(n) for n in range(20)]


def run(what, k):
    frame = sys._getframe()
    keep = [None] * 6
    b = Bad()
    gc.collect()
    for i in range(k):
        if what == "list":
            keep[i] = [0]
        elif what == "dict":
            keep[i] = {}
        elif what != "none":
            keep[i] = tuple(SIZES[what])
    for i in range(k):
        keep[i] = None
    c0 = gc.get_count()[0]
    b = None
    c1 = gc.get_count()[0]
    return c1 - c0 - 1


def table():
    return "  ".join(f"{what}:" + "/".join(str(run(what, k)) for k in range(5))
                     for what in ["none", "list", "dict"] + list(range(1, 9)))


print(sys.version.split()[0], "default hook ", table())
sys.unraisablehook = null_hook
print(sys.version.split()[0], "no-op hook   ", table())
