"""Free lists and count0. python3 scenarios/expected/measure_freelists.py

1. Capacity: from empty free lists (right after gc.collect()), allocate N objects of a
   type, free them all, and read count0: +N on allocation, then only N - cap come off
   on freeing, because `cap` of them went to the free list without decrementing it.
2. Which collections empty the free lists: put 11 lists on the list free list, run
   gc.collect(g), then allocate 11 lists: +0 if the free list survived, +11 if not.
"""
import gc
import sys


class C:
    pass


def count():
    return gc.get_count()[0]


def make(kind, i):
    if kind == "list":
        return []
    if kind == "dict":
        return {}
    if kind == "instance":
        return C()
    return tuple(range(i, i + kind))   # a tuple of `kind` items (range and its iterator: not GC)


def capacity(kind, n):
    holder = [None] * n                 # allocated before the measurement
    gc.collect()
    gc.disable()
    count()                             # get_count()'s own 3-tuple now sits on its free list
    a = count()
    i = 0
    while i < n:
        holder[i] = make(kind, i)
        i += 1
    b = count()
    i = 0
    while i < n:
        holder[i] = None
        i += 1
    c = count()
    gc.enable()
    return b - a, c - a


def survives(gen):
    holder = [None] * 11
    gc.collect()
    gc.disable()
    count()
    for i in range(11):
        holder[i] = []
    for i in range(11):
        holder[i] = None                # 11 lists onto the free list
    gc.collect(gen)
    count()
    a = count()
    for i in range(11):
        holder[i] = []
    b = count()
    gc.enable()
    return b - a


print("python", sys.version.split()[0])
for kind, n in [(1, 2500), (3, 2500), (20, 2500), (21, 2500), ("list", 100), ("dict", 100), ("instance", 100)]:
    alloc, after = capacity(kind, n)
    name = kind if isinstance(kind, str) else "tuple of %d" % kind
    print("%-12s %d allocated: %+d; all freed: %+d  => the free list kept %d" % (name, n, alloc, after, after))
for g in (0, 1, 2):
    d = survives(g)
    print("gc.collect(%d), then 11 new lists: %+d (%s)" % (g, d, "free list kept" if d == 0 else "free list emptied"))
