import XCTest
@testable import GCTrapCore

/// weakref.WeakValueDictionary (docs/cpython-model.md section L): CPython's own class,
/// interpreted, with KeyedRef native. These pin its behaviour (the expected output is
/// CPython 3.11-3.13's); the fidelity programs weakref_session_cache.py and
/// weakref_value_dict_per_task.py pin its counts against CPython.
final class WeakValueDictionaryTests: XCTestCase {

    func testTheClassIsCompiledInOnlyForProgramsThatUseIt() throws {
        let lib = try parseModule(source: WeakrefFinalize.source(finalize: true, weakValueDictionary: true),
                                  name: WeakrefFinalize.moduleName)
        XCTAssertNoThrow(try Compiler.compileModule(lib, into: Program()))
        let without = try Simulation(source: "import weakref\nx = 1\n", name: "t", fileName: "t.py")
        XCTAssertNil(without.program.moduleIndex(named: WeakrefFinalize.moduleName))
        let with = try Simulation(source: "import weakref\nd = weakref.WeakValueDictionary()\n", name: "t", fileName: "t.py")
        XCTAssertNotNil(with.program.moduleIndex(named: WeakrefFinalize.moduleName))
    }

    /// Entries go with their values (reference counting, the collector); [], get, in, len,
    /// truth, iteration that defers removals to its end, pop, setdefault, del, clear.
    func testEntriesVanishWithTheirValuesAndTheMappingMethodsWork() throws {
        let r = try simulate("""
        import gc
        import weakref
        class S:
            def __init__(self, n):
                self.n = n
        cache = weakref.WeakValueDictionary()
        a = S(1)
        b = S(2)
        cache[1] = a
        cache[2] = b
        cache["c"] = S(3)
        print(len(cache), 1 in cache, "c" in cache, cache.get("c"), cache[1].n, bool(cache))
        b = None
        print(len(cache), sorted(cache.keys()), 2 in cache, cache.get(2, "gone"))
        try:
            cache[2]
        except KeyError as e:
            print("KeyError", e)
        c = S(4)
        c.me = c
        cache[4] = c
        c = None
        print(len(cache), 4 in cache)
        gc.collect()
        print(len(cache), 4 in cache)
        x = S(5)
        y = S(6)
        cache[5] = x
        cache[6] = y
        for k, v in cache.items():
            y = None
            print(k, v.n, len(cache.data))
        print(len(cache), sorted(cache))
        print(cache.pop(1).n, cache.pop(1, "none"), cache.setdefault(7, x).n, len(cache))
        del cache[7]
        cache.clear()
        print(len(cache), bool(cache))
        """)
        XCTAssertEqual(r.output, """
        2 True False None 1 True
        1 [1] False gone
        KeyError 2
        2 True
        1 False
        1 1 3
        5 5 3
        2 [1, 5]
        1 none 5 2
        0 False

        """)
    }

    /// KeyedRef's call (measured on 3.11-3.13, empty free lists: +4 kept: the reference,
    /// two 3-tuples and a 2-tuple on their free lists; warm: +1), seen through `d[k] = v`:
    /// __setitem__ itself allocates nothing more. The first figure is 3 on CPython 3.11-3.13
    /// (this program run by each): get_count's own 3-tuple, freed, serves one of the two.
    func testSettingAnItemCostsWhatKeyedRefCostsInCPython() throws {
        for profile in [PythonProfile.py311, .py312, .py313] {
            let r = try simulate("""
            import gc
            import weakref
            class S:
                pass
            o = S()
            d = weakref.WeakValueDictionary()
            d[0] = o
            gc.collect()
            c0 = gc.get_count()[0]
            d[1] = o
            c1 = gc.get_count()[0]
            d[2] = o
            c2 = gc.get_count()[0]
            print(c1 - c0 - 1, c2 - c1)
            """, profile: profile)
            XCTAssertEqual(r.output, "3 1\n", profile.name)
        }
    }

    /// hasattr() and getattr() with a default make no exception for a missing attribute
    /// (_PyObject_LookupAttr suppresses it): WeakValueDictionary.update's hasattr(other, "items").
    func testHasattrOfAMissingAttributeAllocatesNothing() throws {
        let r = try simulate("""
        import gc
        class S:
            pass
        s = S()
        gc.collect()
        c0 = gc.get_count()[0]
        a = hasattr((), "items")
        b = hasattr(s, "x")
        c = getattr(s, "x", 5)
        print(a, b, c, gc.get_count()[0] - c0 - 1)
        """)
        XCTAssertEqual(r.output, "False False 5 0\n")
    }

    func testTheOtherWeakContainersAreRefusedAtLoadTimeByName() {
        for (source, name) in [("import weakref\ns = weakref.WeakSet()\n", "weakref.WeakSet"),
                               ("from weakref import WeakKeyDictionary\n", "weakref.WeakKeyDictionary"),
                               ("import weakref\nk = weakref.KeyedRef\n", "weakref.KeyedRef")] {
            XCTAssertThrowsError(try Simulation(source: source, name: "t", fileName: "t.py"), name) { error in
                XCTAssert("\(error)".contains("\(name) is not supported by gctrap"), "\(error)")
            }
        }
    }
}
