"""Measure what lambdas, closures, comprehensions, generators and super() do to
CPython's generation-0 counter (issue 10, item 2), with measure_count0.py's harness:

    python3 scenarios/expected/measure_functions.py

Columns as in measure_count0.py: "first" (first execution, after gc.collect()),
"cold" (specialized, after gc.collect(): free lists empty), "warm" (free lists hold
what the cold run freed); each "alive/after" (results kept in KEEP / once cleared).
"""
import contextlib
import gc
import sys
from contextlib import contextmanager

from measure_count0 import KEEP, measure

L = [1, 2, 3]
S = set()


class Obj:
    pass


def case_lambda_kept(): KEEP.append(lambda: 1)
def case_lambda_temp(): (lambda: 1)
def case_lambda_called(): (lambda x: x)(1)
def case_lambda_closure_kept():
    o = Obj()
    KEEP.append(lambda: o)
def case_closure_two_cells_kept():
    a = Obj()
    b = Obj()
    def f():
        return a, b
    KEEP.append(f)
def case_closure_called():
    a = 1
    def f():
        return a
    f()
def case_nested_def_called():
    def f(x):
        return x
    f(1)
def case_nonlocal_counter():
    n = 0
    def inc():
        nonlocal n
        n += 1
    inc()
    inc()
def case_cell_no_inner_use():
    x = Obj()
    def f():
        return x
    KEEP.append(x)
def case_listcomp_kept(): KEEP.append([x for x in L])
def case_listcomp_temp(): [x for x in L]
def case_listcomp_closure():
    k = 2
    KEEP.append([x * k for x in L])
def case_listcomp_objs_kept(): KEEP.append([Obj() for x in L])
def case_dictcomp_kept(): KEEP.append({x: x for x in L})
def case_setcomp_kept(): KEEP.append({x for x in L})
def case_setcomp_temp(): {x for x in L}
def case_setcomp_closure():
    k = 2
    KEEP.append({x * k for x in L})
def case_setcomp_objs_kept(): KEEP.append({Obj() for x in L})
def case_set_update(): S.update(L)
def case_set_freed_with_objs():
    s = {Obj(), Obj()}
    s = None
def case_listcomp_range(): KEEP.append([x for x in range(3)])
def case_nested_listcomp(): KEEP.append([[y for y in L] for x in L])
def case_genexp_sum(): sum(x for x in L)
def case_genexp_kept(): KEEP.append(x for x in L)
def case_genexp_list(): KEEP.append(list(x for x in L))


def gen0():
    yield 1
    yield 2


def gen_local():
    o = Obj()
    yield o


def gen_finally():
    try:
        yield 1
    finally:
        pass


def gen_from():
    yield from gen0()


def case_gen_kept(): KEEP.append(gen0())
def case_gen_temp(): gen0()
def case_gen_for():
    for x in gen0():
        pass
def case_gen_next_kept():
    g = gen0()
    next(g)
    KEEP.append(g)
def case_gen_suspended_dropped():
    g = gen0()
    next(g)
def case_gen_finally_dropped():
    g = gen_finally()
    next(g)
def case_gen_local_kept():
    g = gen_local()
    next(g)
    KEEP.append(g)
def case_gen_from_for():
    for x in gen_from():
        pass
def case_gen_list(): KEEP.append(list(gen0()))


def gen_echo():
    got = yield 1
    while True:
        got = yield got


def gen_catch():
    while True:
        try:
            yield 1
        except ValueError:
            pass


def case_gen_send():
    g = gen_echo()
    next(g)
    g.send(5)
    KEEP.append(g)
def case_gen_send_none_start():
    g = gen_echo()
    g.send(None)
    KEEP.append(g)
def case_gen_close_suspended():
    g = gen0()
    next(g)
    g.close()
    KEEP.append(g)
def case_gen_close_finally():
    g = gen_finally()
    next(g)
    g.close()
    KEEP.append(g)
def case_gen_close_unstarted():
    g = gen0()
    g.close()
    KEEP.append(g)
def case_gen_throw_caught_inst():
    g = gen_catch()
    next(g)
    g.throw(ValueError("x"))
    KEEP.append(g)
def case_gen_throw_caught_type():
    g = gen_catch()
    next(g)
    g.throw(ValueError)
    KEEP.append(g)
def case_gen_throw_escapes():
    g = gen0()
    next(g)
    try:
        g.throw(KeyError("k"))
    except KeyError as e:
        KEEP.append(e)
def case_gen_send_exhausts():
    g = gen0()
    next(g)
    next(g)
    try:
        g.send(1)
    except StopIteration:
        pass
    KEEP.append(g)


class Base:
    def __init__(self, x):
        self.x = x

    def m(self):
        return 1


class Sub(Base):
    def __init__(self, x):
        super().__init__(x)

    def m(self):
        return super().m()


class SubNamed(Base):
    def __init__(self, x):
        Base.__init__(self, x)


def case_super_init_kept(): KEEP.append(Sub(1))
def case_named_init_kept(): KEEP.append(SubNamed(1))
def case_super_method():
    s = Sub(1)
    KEEP.append(s)
    s.m()


def va(*args):
    return args


def vk(**kw):
    return kw


def kwonly(a, *, b=2):
    return a + b


def case_varargs_call(): va(1, 2)
def case_varargs_kept(): KEEP.append(va(1, 2))
def case_varargs_empty(): va()
def case_kwargs_call(): vk(a=1)
def case_kwargs_empty(): vk()
def case_kwonly_call(): kwonly(1, b=3)
def case_kwonly_default(): kwonly(1)
def case_star_call(): kwonly(*L[:1])
def case_star_list_call(): va(*L)
def case_starstar_call():
    d = {"b": 1}
    kwonly(1, **d)


class Props:
    def __init__(self):
        self._v = 1

    @property
    def v(self):
        return self._v

    @v.setter
    def v(self, x):
        self._v = x

    @staticmethod
    def s(x):
        return x

    @classmethod
    def c(cls, x):
        return x


P = Props()


def case_property_get(): P.v
def case_property_set(): P.v = 2
def case_staticmethod_call(): Props.s(1)
def case_staticmethod_inst(): P.s(1)
def case_classmethod_call(): Props.c(1)
def case_classmethod_inst(): P.c(1)


def deco(f):
    def wrapper(*a, **k):
        return f(*a, **k)
    return wrapper


@deco
def decorated(x):
    return x


def case_decorated_call(): decorated(1)


@contextmanager
def cm_plain():
    yield 1


@contextmanager
def cm_finally(x):
    try:
        yield x
    finally:
        pass


@contextmanager
def cm_catch():
    try:
        yield 1
    except ValueError:
        pass


@contextlib.contextmanager
def cm_local():
    o = Obj()
    yield o


def case_cm_with():
    with cm_plain():
        pass
def case_cm_with_as():
    with cm_finally(1) as v:
        pass
def case_cm_with_kw():
    with cm_finally(x=1) as v:
        pass
def case_cm_body_raises():
    try:
        with cm_finally(1):
            raise ValueError("x")
    except ValueError:
        pass
def case_cm_body_raises_kept():
    try:
        with cm_finally(1):
            raise ValueError("x")
    except ValueError as e:
        KEEP.append(e)
def case_cm_suppressed():
    with cm_catch():
        raise ValueError("x")
def case_cm_kept(): KEEP.append(cm_plain())
def case_cm_entered_kept():
    c = cm_local()
    c.__enter__()
    KEEP.append(c)
def case_cm_decorate(): KEEP.append(contextmanager(gen0))
def case_cm_inside():
    with cm_plain():
        KEEP.append(gc.get_count()[0] - CM_BASE[0])
        KEEP.pop()


CM_BASE = [0]


def fx_target(a, b, *p, limit=10, **o):
    return 1


def fx_forward(fn, *args, **kwargs):
    return fn(*args, **kwargs)


# CALL_FUNCTION_EX into a function with *args/**kwargs: the keyword-names tuple lives
# while the callee's arguments are bound (3.12+ free it, the tuple and the dict before
# the body runs): +6 cold on 3.11-3.13 (docs I.2)
def case_ex_forward_kwargs(): KEEP.append(fx_forward(fx_target, 1, 2, 3, 4, limit=5, trace=True))


if __name__ == "__main__":
    print("python", sys.version.split()[0])
    print("%-24s %s" % ("case", "first    cold     warm     (alive/after)"))
    for name in sorted(globals()):
        if name.startswith("case_"):
            fn = globals()[name]
            first = measure(fn, True)
            for i in range(50):
                fn()
                KEEP.clear()
            r = [first, measure(fn, True), measure(fn, False)]
            print("%-24s %s" % (name[5:], " ".join("%-8s" % x for x in r)))
