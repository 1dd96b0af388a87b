import XCTest
@testable import GCTrapCore

/// weakref.finalize (docs/cpython-model.md section L): CPython's own class, interpreted;
/// these pin what it does, the fidelity program weakref_finalize.py its counts against
/// CPython 3.11-3.13.
final class WeakrefFinalizeTests: XCTestCase {

    func testTheEmbeddedClassCompilesAndIsLoadedOnlyForProgramsThatUseIt() throws {
        let lib = try parseModule(source: WeakrefFinalize.source, name: WeakrefFinalize.moduleName)
        XCTAssertNoThrow(try Compiler.compileModule(lib, into: Program()))
        let without = try Simulation(source: "import weakref\nx = 1\n", name: "t", fileName: "t.py")
        XCTAssertNil(without.program.moduleIndex(named: WeakrefFinalize.moduleName))
        let with = try Simulation(source: "from weakref import finalize\nx = 1\n", name: "t", fileName: "t.py")
        XCTAssertNotNil(with.program.moduleIndex(named: WeakrefFinalize.moduleName))
    }

    /// Released by reference counting after the referent's __del__, once; alive/detach/
    /// calling it early; the finalizer's func and args live in the registry.
    func testAFinalizerRunsOnceAfterDelAndCanBeCalledOrDetachedEarly() throws {
        let r = try simulate("""
        import weakref
        log = []
        class Owner:
            def __del__(self):
                log.append("del")
        def release(what, n=0):
            log.append(what + str(n))
            return n
        o = Owner()
        f = weakref.finalize(o, release, "a", n=1)
        print(f.alive, f.peek()[2], f.peek()[3])
        o = None
        print(f.alive, log, f())
        p = Owner()
        g = weakref.finalize(p, release, "b")
        print(g(), g.alive, g(), log)
        q = Owner()
        h = weakref.finalize(q, release, "c")
        d = h.detach()
        print(d[1] is release, d[2], h.alive, h.detach())
        d = None
        q = None
        print(log)
        """)
        XCTAssertEqual(r.output, """
        True ('a',) {'n': 1}
        False ['del', 'a1'] None
        0 False None ['del', 'a1', 'b0']
        True ('c',) False None
        ['del', 'a1', 'b0', 'del']

        """)
    }

    /// In a collection the finalizer runs in handle_weakrefs, before the garbage's __del__.
    func testInACollectionTheFinalizerRunsBeforeDel() throws {
        let r = try simulate("""
        import gc
        import weakref
        log = []
        class Node:
            def __del__(self):
                log.append("del")
        def release():
            log.append("finalizer")
        n = Node()
        n.me = n
        weakref.finalize(n, release)
        n = None
        gc.collect()
        print(log)
        """)
        XCTAssertEqual(r.output, "['finalizer', 'del']\n")
    }

    /// Calling an instance runs its class's __call__; slot_tp_call gets a tuple of the
    /// positional arguments (free list): cold +1 per size, alive while __call__ runs.
    func testCallingAnInstanceRunsDunderCallWithAnArgumentTuple() throws {
        let r = try simulate("""
        import gc
        class Adder:
            def __call__(self, a, b=10):
                return a + b
        add = Adder()
        gc.collect()
        c0 = gc.get_count()[0]
        x = add(1)
        y = add(1, b=2)
        print(x, y, gc.get_count()[0] - c0 - 1)
        """)
        // the 1-tuple, then the kwargs dict and the keyword-names 1-tuple beside it
        XCTAssertEqual(r.output, "11 3 3\n")
    }
}
