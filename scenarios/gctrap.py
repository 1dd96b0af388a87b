"""CPython stand-in for gctrap's native `gctrap` module.

    for task_id in gctrap.tasks(n):     # like range(n), and marks task boundaries
        ...

Running a scenario on real CPython (`python3 scenarios/incident.py`) prints one CSV
row per task (to the file named by $GCTRAP_CSV instead, if set):

    task,open,in_use,idle,leaked,closed_explicit,closed_by_finalizer,
    gc_gen0,gc_gen1,gc_gen2,gc_count0,peak_in_task,error

- open, in_use, idle, closed_*: the db module's counters at the end of the task.
- peak_in_task: the most connections open at any moment of the task (db.peak_in_task,
  which this module resets to db.open_now when the loop starts and at each boundary).
- leaked: open connections that are not reachable from the roots (frames of the
  running program, globals of __main__ and db); they wait for the cyclic collector.
- gc_genN: collections of generation N since the loop began (explicit gc.collect()
  calls included). gc_count0: generation 0's counter at the end of the task.
- error: the class name of the exception that killed the program during that task.

The simulator mirrors this module's allocations, so it leaves a small, fixed and
measured trace on the gen-0 counter (docs/cpython-model.md, "gctrap.tasks"):

Start (first step of the loop, before task 0): materialize the frame objects of the
caller chain (sys._getframe; on 3.11/3.12 also each function frame's f_locals dict),
read the collection counts, then gc.collect(). Task 0 starts with count0 == 0 and
empty free lists; the frame objects and dicts are in generation 2.

The start-up lottery (GCTRAP_GEN0_AT_START=N, gctrap's --gen0-at-start N): a real
process reaches its loop with whatever gen-0 count its imports left (577 measured on
3.12, 925-1047 on 3.13 after a few imports), so its first collection comes anywhere
from the first task to the threshold's. With N > 0, right after the collection: one
gc.get_count() (its 3-tuple: +1, then on the free list), a list (+1) holding N - 2
empty lists (+1 each), kept by the loop's iterator; so task 0 starts with count0 == N.
N must be 0 <= N < gc.get_threshold()[0]; otherwise this module exits with status 2.

Boundary (end of each task; also when the loop is left by break, return or an
exception): gc.disable(); count0 = gc.get_count()[0] (read before anything allocates);
gc.get_stats(); the reachability walk; gc.enable() if it was enabled. Everything it
allocates is freed before it returns; what remains is the free-list effect. It needs,
at the same time, at most: 1 tuple of 1 (get_referents' METH_VARARGS arguments; on
3.13 also f_locals' proxy), 1 tuple of 3 (get_count), 2 lists (stack + a
get_referents result, or the stats list), 3 dicts (get_stats). Each one the free list
cannot supply is a fresh allocation: count0 += 1 and it ends up on the free list.
So a boundary adds 0 in steady state, and 7 right after a full collection (measured on
3.11.7, 3.12.1 and 3.13.0). Sets, list iterators, FrameLocalsProxy: +1 then -1.

Rows are kept in memory and written when the loop ends (exhausted, left by break, or
the program dies): the output never allocates inside the loop. Print nothing to stdout
inside the loop if you want the CSV to stay clean.

Counting only: with GCTRAP_COUNT_ONLY=1 in the environment the boundary skips the
reachability walk and leaves `leaked` empty; every other column is still counted. It
is there to time CPython running the program itself (scripts/bench), since the walk in
Python costs far more than the program; gc_count0 can then differ from gctrap's, as the
walk's own objects no longer pass through the free lists.

When the loop is left by an exception, the loop's frame is being unwound; the stand-in
finds the traceback entry the exception already put on that frame (gc.get_referrers)
and, if that exception reaches sys.excepthook, writes its class name in `error`.
"""
import atexit
import gc
import opcode
import os
import sys
import types
import weakref

HEADER = "task,open,in_use,idle,leaked,closed_explicit,closed_by_finalizer,gc_gen0,gc_gen1,gc_gen2,gc_count0,peak_in_task,error"

_COUNT_ONLY = os.environ.get("GCTRAP_COUNT_ONLY") == "1"   # no walk, `leaked` empty
_rows = []            # finished rows, waiting to be written
_unfinished = None    # [row without error, ids of traceback entries] of a loop left early
_active = None        # weakref to the running iterator
_task = -1            # index of the current task
_wrote_header = False
_PROXY_TYPES = (weakref.ProxyType, weakref.CallableProxyType)
_PY313 = sys.version_info >= (3, 13)
_POP_TOP = opcode.opmap["POP_TOP"]


def _gen0_at_start():
    """GCTRAP_GEN0_AT_START, checked. Read at import: os.environ.get of a missing name
    raises and frees a KeyError inside, which must not happen after the collection."""
    text = os.environ.get("GCTRAP_GEN0_AT_START", "").strip()
    if not text:
        return 0
    limit = gc.get_threshold()[0]
    try:
        n = int(text)
    except ValueError:
        n = -1
    if not 0 <= n < limit:
        sys.stderr.write(f"gctrap.py: GCTRAP_GEN0_AT_START={text!r}: use 0 to {limit - 1} "
                         f"(below generation 0's threshold, {limit})\n")
        sys.exit(2)
    return n


_GEN0_AT_START = _gen0_at_start()


def _startup_leftovers(n):
    """Leaves exactly n objects counted in generation 0, from a count of 0 and empty free
    lists (right after gc.collect()); returns what keeps them alive."""
    if n <= 0:
        return None
    gc.get_count()                    # +1: its 3-tuple, then on the free list
    if n == 1:
        return None
    kept = []                         # +1
    k = n - 2
    while k > 0:
        kept.append([])               # +1 each
        k -= 1
    return kept


def task():
    """Index of the current task (-1 before the first one)."""
    return _task


def tasks(n):
    return _Tasks(n)


class _Tasks:
    def __init__(self, n):
        self.n = n
        self.i = -1          # task in progress
        self.frames = None   # frame objects of the caller chain, outermost last
        self.base = None     # collection counts when the loop began
        self.done = False

    def __iter__(self):
        return self

    def __next__(self):
        global _task, _active
        if self.i < 0:
            self._start()
        else:
            self._boundary("")
        self.i += 1
        if self.i >= self.n:
            self._finish()
            raise StopIteration
        _task = self.i
        return self.i

    def __del__(self):
        # The loop was left early: break or return (the frame is popping the iterator:
        # POP_TOP), or an exception unwinding the loop's frame (any other instruction).
        # Numbers are taken now; the row waits for excepthook (which fills in `error`
        # if that exception kills the program) or for atexit.
        global _unfinished
        if self.done or self.i < 0:
            return
        row = self._row()
        frame = self.frames[0]
        tb_ids = None
        if frame.f_code.co_code[frame.f_lasti] != _POP_TOP:
            # unwinding: the exception in flight has already put a traceback entry on
            # the loop's frame; remember which (by id: a reference would keep it alive)
            tb_ids = []
            for r in gc.get_referrers(frame):
                if isinstance(r, types.TracebackType) and r.tb_frame is frame:
                    tb_ids.append(id(r))
        _settle_unfinished("")
        _unfinished = [row, tb_ids]
        self._finish()

    # -- start and end ------------------------------------------------------

    def _start(self):
        global _active
        _install()
        _settle_unfinished("")        # a previous loop left by break
        frames = []
        local_dicts = []
        f = sys._getframe(2)          # the frame running the for loop
        while f is not None:
            frames.append(f)
            if not _PY313 and f.f_code.co_flags & 1:    # CO_OPTIMIZED: a function frame
                # 3.11/3.12: f_locals is a dict stored in the frame, created on first
                # access and refreshed on each; create it now, keep it empty between walks
                loc = f.f_locals
                loc.clear()
                local_dicts.append(loc)
            f = f.f_back
        self.frames = frames
        self.local_dicts = local_dicts
        main = sys.modules["__main__"]
        self.db = sys.modules.get("db")
        roots = [main.__dict__]
        if self.db is not None:
            roots.append(self.db.__dict__)
        # weakref.finalize's registry holds each live finalizer's func and args strongly
        # (conn.close keeps its connection): gctrap counts it among the roots
        roots.append(weakref.finalize._registry)
        self.roots = roots
        skip = set()                  # dicts of every other module, builtins included
        for name, m in list(sys.modules.items()):
            # modules only: for another object in sys.modules (typing.io is a class) the
            # __dict__ is a fresh mappingproxy, freed at once, whose id a later object
            # (a closure's cell) could take and so be skipped by the walk
            if not isinstance(m, types.ModuleType):
                continue
            d = getattr(m, "__dict__", None)
            if d is not None and m is not main and m is not self.db:
                skip.add(id(d))
        self.skip = skip
        self.ok_modules = ("__main__", "db")
        _active = weakref.ref(self)
        stats = gc.get_stats()
        # the gc.collect() below is one more gen-2 collection, not part of the loop
        self.base = (stats[0]["collections"], stats[1]["collections"], stats[2]["collections"] + 1)
        stats = None
        if _GEN0_AT_START:
            # the program may have lowered the threshold: N must leave the first collection
            # to come (before the collection, which empties the free list this tuple goes to)
            limit = gc.get_threshold()[0]
            if limit and _GEN0_AT_START >= limit:
                sys.stderr.write(f"gctrap.py: GCTRAP_GEN0_AT_START={_GEN0_AT_START}: the program set generation 0's "
                                 f"threshold to {limit} before its task loop; use 0 to {limit - 1}\n")
                sys.exit(2)
        gc.collect()                  # count0 = 0, free lists empty
        if _GEN0_AT_START:            # (the default path stays exactly as it was)
            self.startup_leftovers = _startup_leftovers(_GEN0_AT_START)
        if _GEN0_AT_START and gc.get_count()[0] != _GEN0_AT_START:   # its tuple: from the free list
            sys.stderr.write(f"gctrap.py: GCTRAP_GEN0_AT_START={_GEN0_AT_START} left the count at "
                             f"{gc.get_count()[0]} on this Python\n")
            sys.exit(2)
        if self.db is not None:
            self.db.peak_in_task = self.db.open_now   # task 0's peak starts from what is open

    def _finish(self):
        global _task
        self.done = True
        self.frames = None
        _task = -1
        if _unfinished is None:
            _flush()

    def _boundary(self, error):
        _rows.append(self._row() + error)

    def _row(self):
        # Everything but the error column. count0 is read before anything allocates.
        enabled = gc.isenabled()
        gc.disable()
        count0 = gc.get_count()[0]
        stats = gc.get_stats()
        g0 = stats[0]["collections"] - self.base[0]
        g1 = stats[1]["collections"] - self.base[1]
        g2 = stats[2]["collections"] - self.base[2]
        stats = None
        d = self.db
        if d is None:
            opened = in_use = idle = closed_explicit = closed_fin = reachable = peak = 0
        else:
            opened = d.open_now
            peak = d.peak_in_task
            d.peak_in_task = opened       # the next task's peak starts from what is open now
            in_use = d.in_use_total
            idle = d.idle_total
            closed_explicit = d.closed_explicit
            closed_fin = d.closed_by_finalizer
            reachable = None if _COUNT_ONLY else self._reachable_open()
        if enabled:
            gc.enable()
        leaked = "" if _COUNT_ONLY else opened - reachable
        return f"{self.i},{opened},{in_use},{idle},{leaked},{closed_explicit},{closed_fin},{g0},{g1},{g2},{count0},{peak},"

    # -- the reachability walk ----------------------------------------------

    def _reachable_open(self):
        """Open db.Connection objects reachable from the roots: the globals of __main__
        and db, and the locals of the frames of the running program. Executing frames
        show nothing to gc.get_referents, so their locals are read through f_locals."""
        conn_type = self.db.Connection
        module_type = types.ModuleType
        skip = self.skip
        ok_modules = self.ok_modules
        stack = []
        stack.extend(self.roots)
        for f in self.frames:
            if f.f_code.co_flags & 1:          # a function frame: fast locals
                if _PY313:
                    stack.extend(f.f_locals.values())   # PEP 667 proxy: no snapshot
                else:
                    stack.append(f.f_locals)   # the frame's own dict, refreshed now
        seen = set()
        found = 0
        while stack:
            o = stack.pop()
            if not gc.is_tracked(o):
                continue
            i = id(o)
            if i in seen or i in skip:
                continue
            seen.add(i)
            if type(o) in _PROXY_TYPES:        # a weakref.proxy: not a strong reference
                continue
            if isinstance(o, conn_type):
                if o.closed is False:
                    found += 1
            elif isinstance(o, module_type):
                continue
            elif isinstance(o, type) and o.__module__ not in ok_modules:
                continue                        # builtins, classes of other modules
            stack.extend(gc.get_referents(o))
        stack = None
        seen = None
        for loc in self.local_dicts:           # drop the snapshot's references (3.11/3.12)
            loc.clear()
        return found


# -- output -------------------------------------------------------------------

def _flush():
    """Write the waiting rows (header once per process)."""
    global _wrote_header, _rows
    if not _rows:
        return
    lines = _rows
    _rows = []
    path = os.environ.get("GCTRAP_CSV")
    text = ""
    if not _wrote_header:
        text = HEADER + "\n"
    text += "\n".join(lines) + "\n"
    if path:
        with open(path, "a" if _wrote_header else "w") as out:
            out.write(text)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
    _wrote_header = True


def _settle_unfinished(error):
    global _unfinished
    if _unfinished is not None:
        _rows.append(_unfinished[0] + error)
        _unfinished = None


def _killed_loop(tb, tb_ids):
    """Is this the exception that was unwinding the loop's frame when the loop died?"""
    if not tb_ids:
        return False            # the loop was left by break or return
    while tb is not None:
        if id(tb) in tb_ids:
            return True
        tb = tb.tb_next
    return False


_installed = False
_prev_hook = None


def _excepthook(tp, value, tb):
    it = _active() if _active is not None else None
    if it is not None and not it.done and it.i >= 0:
        it.__del__()                  # the loop's iterator is still referenced somewhere
    error = ""
    if _unfinished is not None and _killed_loop(tb, _unfinished[1]):
        error = tp.__name__
    _settle_unfinished(error)
    _flush()
    _prev_hook(tp, value, tb)


def _atexit():
    it = _active() if _active is not None else None
    if it is not None and not it.done and it.i >= 0:
        it.__del__()                  # a loop still referenced at exit (e.g. `it = tasks(n)`)
    _settle_unfinished("")
    _flush()


def _install():
    global _installed, _prev_hook
    if _installed:
        return
    _installed = True
    _prev_hook = sys.excepthook
    sys.excepthook = _excepthook
    atexit.register(_atexit)
