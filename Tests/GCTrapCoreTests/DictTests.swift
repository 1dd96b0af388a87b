import XCTest
@testable import GCTrapCore

/// Dicts hash their keys (OrderedTable): Python's lookups, insertion order, deletion and
/// re-insertion, equal keys of different types, unhashable keys; each program checked
/// on CPython too.
final class DictTests: XCTestCase {

    func testLookupsKeepInsertionOrderThroughDeletesAndReinserts() throws {
        let src = """
        d = {}
        for i in range(2000):
            d[i * 7919 % 2003] = i
        for i in range(0, 2003, 3):
            if i in d:
                del d[i]
        d[3] = "back"
        d.pop(4)
        print(len(d), d[1], d.get(0), d.get(3), 3 in d, 6 in d)
        keys = list(d)
        print(keys[0], keys[1], keys[2], keys[len(keys) - 2], keys[len(keys) - 1])
        n = 0
        for k in d:
            n += k
        print(n)

        """
        let py = "1335 1723 None back True False\n1910 1817 1724 43 3\n1336668\n"
        try assertPrints(src, py)
    }

    /// Builtins compare by identity, in `==` and as keys.
    func testBuiltinsCompareByIdentity() throws {
        let src = """
        print(len == len, len == print, len != len, [len] == [len], (len, 1) == (len, 1))
        d = {len: "len", print: "print"}
        print(d[len], len in d, abs in d)

        """
        try assertPrints(src, "True False False True True\nlen True False\n")
    }

    func testEqualKeysOfDifferentTypesAreOneKey() throws {
        let src = """
        d = {1: "int", (1, "a"): "tuple", None: "none", "s": "str"}
        d[True] = "bool"
        d[(True, "a")] = "tuple2"
        print(d)
        print(d[1], d[(1, "a")], 0 in d, False in {0: 1})
        class K:
            pass
        a = K()
        b = K()
        e = {a: 1, b: 2}
        print(e[a], e[b], len(e), {1: 2} == {True: 2})

        """
        try assertPrints(src, """
            {1: 'bool', (1, 'a'): 'tuple2', None: 'none', 's': 'str'}
            bool tuple2 False True
            1 2 2 True

            """)
    }

    func testUnhashableKeysRaiseTypeError() throws {
        let src = """
        d = {}
        for k in ([1], {}, (1, [2]), (1, (2, {}))):
            try:
                d[k] = 1
            except TypeError as e:
                print(e)
        try:
            d.get([1])
        except TypeError as e:
            print(e)
        try:
            print((1, [2]) in d)
        except TypeError as e:
            print(e)
        print(len(d))

        """
        try assertPrints(src, """
            unhashable type: 'list'
            unhashable type: 'dict'
            unhashable type: 'list'
            unhashable type: 'dict'
            unhashable type: 'list'
            unhashable type: 'list'
            0

            """)
    }

    /// A dict emptied by deletes and refilled, and a cleared one, keep working; the
    /// gen-0 counter sees one dict object whatever its size (CPython's key tables are
    /// not GC objects).
    func testGrowingADictAllocatesNoGCObject() throws {
        let src = """
        import gc
        d = {}
        gc.collect()
        before = gc.get_count()[0]
        for i in range(5000):
            d[i] = i
        for i in range(5000):
            del d[i]
        d["x"] = 1
        d.clear()
        d["y"] = 2
        print(gc.get_count()[0] - before, d)

        """
        try assertPrints(src, "1 {'y': 2}\n")   // the 1: get_count's own 3-tuple
    }

    /// Keys and items views compare as sets (dictview_richcompare), with each other and
    /// with sets; a values view only by identity. Output as CPython 3.11-3.13 print it; the
    /// comparison iterates the view (+1 cold: an items iterator's result tuple).
    func testKeysAndItemsViewsCompareAsSets() throws {
        try assertPrints("""
        l = [1]
        a = {1: l, 2: "x"}
        b = {2: "x", 1: [1]}
        print(a.items() == b.items(), {1: l}.items() == {1: l}.items(), a.keys() == b.keys(), a.keys() == {1, 2}, {1, 2} == a.keys())
        print(a.items() == {(1, 2)}, {1: 2}.items() == {(1, 2)}, {(1, 2)} == {1: 2}.items(), a.values() == b.values(), a.keys() != {1})
        c = {1: "a"}
        print(c.items() == c.keys(), {1: 1}.items() == {1: 2}.items(), c.keys() == [1], c.items() == {(1, "a")})
        """, "True True True True True\nFalse True True False True\nFalse False False True\n")
        try assertPrints("""
        import gc
        l = [1]
        a = {1: l}
        b = {1: l}
        gc.collect()
        c0 = gc.get_count()[0]
        r = a.items() == b.items()
        s = a.keys() == b.keys()
        print(r, s, gc.get_count()[0] - c0 - 1)
        """, "True True 1\n")
    }
}
