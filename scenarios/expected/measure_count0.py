"""Measure what each operation does to CPython's generation-0 counter.

    python3 scenarios/expected/measure_count0.py

For each case: "first" is its very first execution (bytecode not yet specialized by the
adaptive interpreter), right after gc.collect() (a full collection also empties the free
lists); then it runs 50 times; "cold" runs it again after gc.collect() (specialized code,
empty free lists), "warm" right after without collecting (free lists hold what the cold
run freed). gc is disabled while a case runs. The figure is the change of count0 with the
case's results still alive in KEEP, then "after" once KEEP is cleared.
The 3-tuple of the first gc.get_count() is held during the case, so the size-3 tuple
free list is empty for the cold run as well (its own +1 is subtracted).
"""
import gc
import sys

KEEP = []


class Plain:
    pass


class WithInit:
    def __init__(self):
        self.a = 1


class WithArg:
    def __init__(self, x):
        self.x = x


class WithKw:
    def __init__(self, x=0):
        self.x = x


class CM:
    def __enter__(self):
        return self

    def __exit__(self, t, v, tb):
        return False

    def m(self):
        return 1


class E(Exception):
    pass


def three(a, b, c):
    return a, b, c


def two(a, b):
    return a, b


def raiser(k):
    if k == 0:
        raise E("x")
    raiser(k - 1)


def gen():
    yield 1


O = CM()
L = [1, 2, 3]


def case_instance_plain(): KEEP.append(Plain())
def case_instance_init(): KEEP.append(WithInit())
def case_instance_arg(): KEEP.append(WithArg(1))
def case_instance_kw(): KEEP.append(WithKw(x=1))
def case_instance_temp_arg(): WithArg(1)
def case_method_call(): O.m()
def case_bound_method_kept(): KEEP.append(O.m)
def case_with():
    with O:
        pass
def case_with_body_count():
    a = gc.get_count()[0]
    with O:
        b = gc.get_count()[0]
    c = gc.get_count()[0]
    KEEP.append((b - a, c - a))


class EA(Exception):
    def __init__(self, msg):
        Exception.__init__(self, msg)
        self.code = 7


class Base:
    def __init__(self):
        self.a = 1


class Derived(Base):
    def __init__(self):
        Base.__init__(self)
        self.b = 2


def case_exception_instance_kept(): KEEP.append(E("x"))
def case_exception_with_attribute_kept(): KEEP.append(EA("x"))
def case_subclass_calls_base_init(): KEEP.append(Derived())
def case_attribute_added_later():
    o = WithInit()
    o.zzz = 5
    KEEP.append(o)
def case_list_builtin(): KEEP.append(list())
def case_dict_builtin(): KEEP.append(dict())
def case_list_append_del():
    L.append(4)
    del L[3]
def case_global_int_update():
    global N
    N += 1
N = 0
def case_return_tuple3_unpack():
    a, b, c = three(1, 2, 3)
def case_return_tuple2_unpack():
    a, b = two(1, 2)
def case_build_tuple_kept(): x = 5; KEEP.append((x, x))
def case_list_literal_empty(): KEEP.append([])
def case_list_literal(): x = 1; KEEP.append([x, 2])
def case_dict_literal_empty(): KEEP.append({})
def case_dict_literal(): x = 1; KEEP.append({"a": x})
def case_dict_literal_temp(): {"a": 1}
def case_for_list(): 
    for i in L:
        pass
def case_for_range():
    for i in range(3):
        pass
def case_str_concat(): KEEP.append("a" + str(7) + "b")
def case_str_call(): str(7)
def case_len_isinstance(): len(L); isinstance(O, CM)
def case_raise_catch_0():
    try:
        raiser(0)
    except E:
        pass
def case_raise_catch_3():
    try:
        raiser(3)
    except E:
        pass
def case_raise_catch_3_keep():
    try:
        raiser(3)
    except E as e:
        KEEP.append(e)
def case_raise_here_keep():
    try:
        raise E("x")
    except E as e:
        KEEP.append(e)
def case_raise_bare_class_keep():
    try:
        raise E
    except E as e:
        KEEP.append(e)
def case_getframe(): KEEP.append(sys._getframe())
def case_generator(): KEEP.append(gen())
def case_closure():
    x = 1
    def f():
        return x
    KEEP.append(f)
def case_function_def():
    def f():
        return 1
    KEEP.append(f)


def spec_str():
    str(7)


def spec_class():
    WithArg(1)


def read():
    return gc.get_count()[0]


def measure(fn, cold):
    """count0 change with the case's results alive, and after KEEP is cleared."""
    if cold:
        gc.collect()
    gc.disable()
    x = gc.get_count()       # held: the size-3 free list stays as the collect left it
    xfresh = 1 if cold else 0
    fn()
    y0 = read()
    yfresh = read() - y0     # 1 if read()'s 3-tuple was a fresh allocation
    KEEP.clear()
    z0 = read()
    gc.enable()
    return "%+d/%+d" % (y0 - x[0] - xfresh, z0 - x[0] - xfresh - yfresh)


if __name__ == "__main__":
    print("python", sys.version.split()[0])
    print("%-24s %s" % ("case", "first    cold     warm     (alive/after)"))
    for name in sorted(globals()):
        if name.startswith("case_"):
            fn = globals()[name]
            first = measure(fn, True)       # first execution: bytecode not yet specialized
            for i in range(50):             # let the adaptive interpreter specialize it
                fn()
                KEEP.clear()
            r = [first, measure(fn, True), measure(fn, False)]
            print("%-24s %s" % (name[5:], " ".join("%-8s" % x for x in r)))
    KEEP.clear()
    case_with_body_count()
    print("with: count0 inside the block / after it, warm:", KEEP[0])
    print("specialization: count0 delta of 12 successive calls, gc.collect() before each")
    for label, fn in (("str(7)", spec_str), ("WithArg(1), freed at once", spec_class)):
        out = []
        for i in range(12):
            gc.collect()
            gc.disable()
            gc.get_count()
            a = read()
            fn()
            out.append(read() - a)
            gc.enable()
        print("  %-26s %s" % (label, out))

