"""Measure weakref.finalize and weakref.WeakValueDictionary (and its KeyedRef) on CPython's generation-0
counter (issue 10, item 2), with measure_count0.py's harness:

    cd scenarios/expected && python3 measure_finalize.py

Columns as in measure_count0.py: "first" (first execution, after gc.collect()),
"cold" (specialized, after gc.collect(): free lists empty), "warm"; each "alive/after"
(results kept in KEEP / once KEEP is cleared). The first finalize() of the process also
registers the atexit hook: measured apart, in a fresh process, first.
"""
import gc
import sys
import weakref

from measure_count0 import KEEP, measure, read


class Obj:
    pass


def func(*a, **k):
    pass


class Conn:
    def close(self):
        pass


CONN = Conn()


def first_in_process():
    o = Obj()
    gc.collect()
    gc.disable()
    x = gc.get_count()
    f = weakref.finalize(o, func)
    y = read()
    gc.enable()
    KEEP.append(o)
    KEEP.append(f)
    return y - x[0] - 1


def case_finalize_kept():
    o = Obj()
    KEEP.append(o)
    KEEP.append(weakref.finalize(o, func))
def case_finalize_not_kept():
    o = Obj()
    KEEP.append(o)
    weakref.finalize(o, func)
def case_finalize_args():
    o = Obj()
    KEEP.append(o)
    KEEP.append(weakref.finalize(o, func, 1, 2))
def case_finalize_kwargs():
    o = Obj()
    KEEP.append(o)
    KEEP.append(weakref.finalize(o, func, x=1))
def case_finalize_bound_close():
    o = Obj()
    KEEP.append(o)
    KEEP.append(weakref.finalize(o, CONN.close))
def case_finalize_referent_dies():
    o = Obj()
    weakref.finalize(o, func)
    o = None
def case_finalize_referent_dies_kept():
    o = Obj()
    KEEP.append(weakref.finalize(o, func))
    o = None
def case_finalize_called():
    o = Obj()
    KEEP.append(o)
    f = weakref.finalize(o, func)
    f()
def case_finalize_detach():
    o = Obj()
    KEEP.append(o)
    f = weakref.finalize(o, func)
    f.detach()
def case_finalize_alive():
    o = Obj()
    KEEP.append(o)
    f = weakref.finalize(o, func)
    KEEP.append(f.alive)
def case_wvd_empty_kept(): KEEP.append(weakref.WeakValueDictionary())
def case_wvd_empty_temp(): weakref.WeakValueDictionary()
def case_wvd_set_item():
    d = weakref.WeakValueDictionary()
    o = Obj()
    KEEP.append(d)
    KEEP.append(o)
    d[1] = o
def case_wvd_set_get():
    d = weakref.WeakValueDictionary()
    o = Obj()
    KEEP.append(d)
    KEEP.append(o)
    d[1] = o
    KEEP.append(d.get(1))
    KEEP.append(d[1])
def cb(wr):
    pass
def case_ref_callback_kept():
    o = Obj()
    KEEP.append(o)
    KEEP.append(weakref.ref(o, cb))
def case_keyedref_kept():
    o = Obj()
    KEEP.append(o)
    KEEP.append(weakref.KeyedRef(o, cb, 1))
def case_keyedref_temp():
    o = Obj()
    KEEP.append(o)
    weakref.KeyedRef(o, cb, 1)
def case_wvd_kwargs():
    o = Obj()
    KEEP.append(o)
    KEEP.append(weakref.WeakValueDictionary(first=o))
def case_wvd_contains_len_del():
    d = weakref.WeakValueDictionary()
    o = Obj()
    KEEP.append(d)
    KEEP.append(o)
    d[1] = o
    KEEP.append(1 in d)
    KEEP.append(len(d))
    del d[1]
def case_hasattr_missing():
    KEEP.append(hasattr((), "items"))
def case_wvd_value_dies():
    d = weakref.WeakValueDictionary()
    o = Obj()
    KEEP.append(d)
    d[1] = o
    o = None


if __name__ == "__main__":
    print("python", sys.version.split()[0])
    print("first finalize() of the process:", first_in_process())
    KEEP.clear()
    print("%-24s %s" % ("case", "first    cold     warm     (alive/after)"))
    for name in [n for n in globals() if n.startswith("case_")]:
        fn = globals()[name]
        first = measure(fn, True)
        for i in range(50):
            fn()
            KEEP.clear()
        r = [first, measure(fn, True), measure(fn, False)]
        print("%-24s %s" % (name[5:], " ".join("%-8s" % x for x in r)))
