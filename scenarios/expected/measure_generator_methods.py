"""Generator send/throw/close and @contextlib.contextmanager: what each case leaves on
CPython's generation-0 counter (issue 10, item 2; docs/cpython-model.md I.3, I.4). Runs on
CPython and on gctrap alike, so the two can be compared line for line:

    cd scenarios/expected && python3 measure_generator_methods.py
    gctrap run scenarios/expected/measure_generator_methods.py --python 3.11

Each case runs 3 times after gc.collect(); "a/b" = count0 with the case's results alive in
KEEP / after KEEP is cleared, both relative to the count read before the case (whose own
3-tuple adds 1 to both).
"""
import gc
from contextlib import contextmanager
import contextlib

KEEP = []


class Obj:
    pass


def gen0():
    yield 1
    yield 2


def gen_finally():
    try:
        yield 1
    finally:
        pass


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


def case_cm_kept():
    KEEP.append(cm_plain())


def case_cm_entered_kept():
    c = cm_local()
    c.__enter__()
    KEEP.append(c)


def case_cm_inside():
    with cm_plain():
        KEEP.append(gc.get_count()[0])


CASES = [case_gen_send, case_gen_send_none_start, case_gen_close_suspended, case_gen_close_finally,
         case_gen_close_unstarted, case_gen_throw_caught_inst, case_gen_throw_caught_type,
         case_gen_throw_escapes, case_gen_send_exhausts, case_cm_with, case_cm_with_as, case_cm_with_kw,
         case_cm_body_raises, case_cm_body_raises_kept, case_cm_suppressed, case_cm_kept,
         case_cm_entered_kept, case_cm_inside]
out = []
for fn in CASES:
    for rep in range(3):
        gc.collect()
        a = gc.get_count()[0]
        fn()
        b = gc.get_count()[0]
        KEEP.clear()
        c = gc.get_count()[0]
        out.append(str(b - a) + "/" + str(c - a))
    print(fn.__name__, " ".join(out))
    out = []
