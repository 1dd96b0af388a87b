"""Measure what the constructs of issue 10 item 2 (f-strings, slices, dict views, str
methods, sets, iteration builtins, floats) do to CPython's generation-0 counter.

    python3 scenarios/expected/measure_constructs.py

Same method and columns as measure_count0.py (whose `measure` it uses): "first" is the
first execution after gc.collect(), "cold" after 50 more runs and gc.collect(), "warm"
right after without collecting; each figure is count0's change with KEEP alive / after
KEEP is cleared.
"""
import gc
import sys
import os

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import measure_count0 as m

KEEP = m.KEEP


class P:
    def __init__(self):
        self.a = 1


O = P()
L = [1, 2, 3, 4]
T = (1, 2, 3, 4)
S = "abcdef"
D = {"a": 1, "b": 2}
N = 7
F = 2.5


def case_fstring_one(): KEEP.append(f"{N}")
def case_fstring_two(): KEEP.append(f"a{N}b{S}c")
def case_fstring_spec(): KEEP.append(f"{N:>5}")
def case_fstring_nested_spec(): w = 5; KEEP.append(f"{N:>{w}}")
def case_fstring_repr_str(): KEEP.append(f"{S!r}")
def case_fstring_instance(): KEEP.append(f"{O}"[:3])
def case_fstring_float(): KEEP.append(f"{F:.2f}")
def case_slice_list_kept(): KEEP.append(L[1:])
def case_slice_list_temp(): L[1:]
def case_slice_list_neg(): KEEP.append(L[:-1])
def case_slice_list_step(): KEEP.append(L[::2])
def case_slice_list_vars(): a = 1; b = 3; KEEP.append(L[a:b])
def case_slice_tuple_kept(): KEEP.append(T[1:])
def case_slice_str(): KEEP.append(S[1:])
def case_slice_full_tuple(): KEEP.append(T[:])
def case_slice_obj(): KEEP.append(slice(1, 2))
def case_slice_assign(): x = [1, 2, 3]; x[1:] = [5]; KEEP.append(x)
def case_slice_del(): x = [1, 2, 3]; del x[1:]; KEEP.append(x)
def case_items_kept(): KEEP.append(D.items())
def case_keys_kept(): KEEP.append(D.keys())
def case_values_kept(): KEEP.append(D.values())
def case_for_items():
    for k, v in D.items():
        pass
def case_for_items_keep():
    for kv in D.items():
        KEEP.append(kv)
def case_for_keys():
    for k in D.keys():
        pass
def case_for_values():
    for v in D.values():
        pass
def case_dict_update(): d = {}; d.update(D); KEEP.append(d)
def case_dict_update_kw(): d = {}; d.update(a=1); KEEP.append(d)
def case_dict_copy(): KEEP.append(D.copy())
def case_list_copy(): KEEP.append(L.copy())
def case_str_split(): KEEP.append("a b c".split())
def case_str_split_temp(): "a b c".split()
def case_str_replace(): KEEP.append(S.replace("a", "b"))
def case_str_find(): S.find("c")
def case_str_format(): KEEP.append("{} {}".format(N, S))
def case_str_format_kw(): KEEP.append("{x}".format(x=N))
def case_percent_one(): KEEP.append("%d" % N)
def case_percent_tuple(): KEEP.append("%d %s" % (N, S))
def case_percent_tuple_const(): KEEP.append("%d %s" % (1, "a"))
def case_str_join_list(): KEEP.append(",".join(["a", S]))
def case_set_empty(): KEEP.append(set())
def case_set_literal(): KEEP.append({N, 2})
def case_set_from_list(): KEEP.append(set(L))
def case_set_add(): s = set(); s.add(1); s.add(O); KEEP.append(s)
def case_set_in(): N in {1, 2, 3}
def case_set_temp(): set()
def case_enumerate_loop():
    for i, x in enumerate(L):
        pass
def case_enumerate_keep():
    for p in enumerate(L):
        KEEP.append(p)
def case_zip_loop():
    for a, b in zip(L, T):
        pass
def case_sorted(): KEEP.append(sorted(L))
def case_sorted_temp(): sorted(L)
def case_sorted_key(): KEEP.append(sorted(L, key=abs))
def case_reversed_loop():
    for x in reversed(L):
        pass
def case_any(): any(L)
def case_all(): all(L)
def case_any_gen(): any(x > 2 for x in L)
def case_map_loop():
    for x in map(abs, L):
        pass
def case_iter_next(): it = iter(L); next(it)
def case_next_default(): next(iter([]), None)
def case_getattr(): getattr(O, "a")
def case_getattr_default(): getattr(O, "zz", None)
def case_hasattr(): hasattr(O, "zz")
def case_setattr(): setattr(O, "a", 1)
def case_float_div(): KEEP.append(N / 2)
def case_float_call(): KEEP.append(float(N))
def case_float_arith(): x = F * 2 + 1.5; KEEP.append(x)


if __name__ == "__main__":
    print("python", sys.version.split()[0])
    print("%-24s %s" % ("case", "first    cold     warm     (alive/after)"))
    for name in [n for n in globals() if n.startswith("case_")]:
        fn = globals()[name]
        first = m.measure(fn, True)
        for i in range(50):
            fn()
            KEEP.clear()
        r = [first, m.measure(fn, True), m.measure(fn, False)]
        print("%-24s %s" % (name[5:], " ".join("%-8s" % x for x in r)))
    print("tracked: slice", gc.is_tracked(slice(1, 2)), "set", gc.is_tracked(set()),
          "items", gc.is_tracked(D.items()), "enumerate", gc.is_tracked(enumerate(L)),
          "float", gc.is_tracked(1.5))
