import XCTest
@testable import GCTrapCore

/// Closures, comprehensions and generators (issue 10, item 2): what each allocates and
/// keeps alive, per Python version, as measured in docs/cpython-model.md section I.
/// The fidelity corpus (closures_callbacks.py, comprehensions_rows.py, generators_hold.py)
/// checks the same against CPython row for row.
final class FunctionsTests: XCTestCase {

    /// count0 after a few statements in a function, from a collection (free lists empty).
    func count0(_ body: String, profile: PythonProfile) throws -> Int {
        let src = "import gc\nclass Obj:\n    pass\nL = [1, 2, 3]\nKEEP = []\ndef case():\n"
            + body.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n")
            + "\ngc.collect()\ngc.disable()\ncase()\nprint(gc.get_count()[0])\n"
        let r = try simulate(src, profile: profile)
        return Int(r.output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    func testAKeptLambdaOverALocalCostsItsCellClosureTupleAndFunction() throws {
        for p in PythonProfile.all {
            XCTAssertEqual(try count0("o = Obj()\nKEEP.append(lambda: o)", profile: p), 4, p.name)  // Obj, cell, 1-tuple, function
            XCTAssertEqual(try count0("KEEP.append(lambda: 1)", profile: p), 1, p.name)
        }
    }

    /// PEP 709: 3.11 makes a function per list comprehension (and a cell and closure tuple
    /// for an enclosing variable it reads); 3.12+ run it inline.
    func testAComprehensionReadingALocalCostsAClosureOnlyOn311() throws {
        let body = "k = 2\nKEEP.append([x * k for x in L])"
        XCTAssertEqual(try count0(body, profile: .py311), 2)   // the list + the closure 1-tuple (free list)
        XCTAssertEqual(try count0(body, profile: .py312), 1)
        XCTAssertEqual(try count0(body, profile: .py313), 1)
    }

    func testASuspendedGeneratorKeepsItsLocalsAliveAndClosingRunsFinally() throws {
        let src = """
        import db
        def rows(conn):
            try:
                yield 1
                yield 2
            finally:
                conn.close()
        g = rows(db.connect())
        next(g)
        print(db.open_now)
        g = None
        print(db.open_now, db.closed_explicit)
        """
        for p in PythonProfile.all {
            XCTAssertEqual(try simulate(src, profile: p).output, "1\n0 1\n", p.name)
        }
    }

    /// 3.13 closes a generator suspended outside any try block without raising GeneratorExit
    /// in it; 3.12 raises it, and the frame object its traceback made links back to the
    /// frame that freed the generator (materialized: +1 while that frame runs).
    func testClosingASuspendedGeneratorDiffersByVersion() throws {
        let body = "def gen():\n    yield 1\n    yield 2\ng = gen()\nnext(g)\ng = None\nKEEP.append(gc.get_count()[0])\nprint(KEEP[0])"
        // count0 read inside case(): the generator and the function made for it
        let src = "import gc\nKEEP = []\ndef case():\n" + body.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n")
            + "\ngc.collect()\ncase()\n"
        XCTAssertEqual(try simulate(src, profile: .py311).output, "1\n")   // the function `gen`
        XCTAssertEqual(try simulate(src, profile: .py312).output, "2\n")   // + case()'s frame object
        XCTAssertEqual(try simulate(src, profile: .py313).output, "1\n")
    }

    func testNonlocalRebindsTheEnclosingVariable() throws {
        let src = """
        def counter():
            n = 0
            def inc():
                nonlocal n
                n += 1
                return n
            return inc
        c = counter()
        c()
        print(c(), [(lambda y: y * 2)(x) for x in range(3)], {k: k for k in range(2)}, sum(x for x in range(4)))
        """
        XCTAssertEqual(try simulate(src).output, "2 [0, 2, 4] {0: 0, 1: 1} 6\n")
    }

    /// A set comprehension is a set (+1, no free list) built like a list comprehension:
    /// a function of its own on 3.11 (a cell and closure tuple for an enclosing variable),
    /// inline on 3.12+ (PEP 709). Measured: docs/cpython-model.md I.
    func testASetComprehensionReadingALocalCostsAClosureOnlyOn311() throws {
        let body = "k = 2\nKEEP.append({x * k for x in L})"
        XCTAssertEqual(try count0(body, profile: .py311), 2)   // the set + the closure 1-tuple (free list)
        XCTAssertEqual(try count0(body, profile: .py312), 1)
        XCTAssertEqual(try count0(body, profile: .py313), 1)
        for p in PythonProfile.all {
            XCTAssertEqual(try simulate("print(sorted({x % 3 for x in range(7) if x > 1}))\n", profile: p).output, "[0, 1, 2]\n", p.name)
        }
    }

    /// set_dealloc drops its elements: a set of instances freed by reference counting
    /// frees them (they stayed alive until a collection before).
    func testFreeingASetFreesItsElements() throws {
        for p in PythonProfile.all {
            XCTAssertEqual(try count0("s = {Obj(), Obj()}\ns = None", profile: p), 0, p.name)
            XCTAssertEqual(try count0("s = {Obj() for x in L}\ns = None", profile: p), 0, p.name)
        }
    }

    func testUnsupportedFormsAreRefusedByName() {
        XCTAssertThrowsError(try Simulation(source: "def f():\n    nonlocal q\n")) { e in
            guard case SetupError.scenario(let se, _, _) = e else { return XCTFail("\(e)") }
            XCTAssertEqual(se.message, "no binding for nonlocal 'q' found")
            XCTAssertEqual(se.pos.line, 2)
        }
    }
}

/// super(): the lookup from the defining class's base, and what each version allocates
/// for it (docs/cpython-model.md I.1).
final class SuperTests: XCTestCase {
    let classes = """
    import gc
    class Base:
        def __init__(self, x):
            self.x = x
        def run(self):
            return 1
    class Sub(Base):
        def __init__(self, x):
            super().__init__(x)
        def run(self):
            return super().run() + 10
    class Two(Sub):
        def __init__(self, x):
            super(Two, self).__init__(x)
    class Plain:
        def __init__(self):
            super().__init__()
    class QueryError(Exception):
        def __init__(self, message, code):
            super().__init__(message)
            self.code = code
    KEEP = []

    """

    func testSuperCallsTheBaseClassMethods() throws {
        let r = try simulate(classes + "t = Two(5)\nprint(t.x, t.run(), Plain() is not None, QueryError('m', 3).args)\n")
        XCTAssertEqual(r.output, "5 11 True ('m',)\n")
    }

    /// Through super() on 3.11 the exception's `args` is the method-wrapper's own tuple
    /// (+4); specialized on 3.12+, the wrapper descriptor gets (self, message) first (+5).
    func testSuperInitOfAnExceptionDiffersOnceSpecialized() throws {
        let src = classes + "def case():\n    KEEP.append(QueryError('a', 1))\nfor i in range(2):\n    gc.collect()\n    a = gc.get_count()[0]\n    case()\n    print(gc.get_count()[0] - a - 1)\n"
        XCTAssertEqual(try simulate(src, profile: .py311).output, "4\n4\n")
        XCTAssertEqual(try simulate(src, profile: .py312).output, "4\n5\n")
        XCTAssertEqual(try simulate(src, profile: .py313).output, "4\n5\n")
    }

    func testSuperOutsideAMethodIsRefusedByName() {
        XCTAssertThrowsError(try Simulation(source: "def f():\n    return super().x\n")) { e in
            XCTAssertTrue("\(e)".contains("super() without arguments is supported in a method"), "\(e)")
        }
    }
}

/// *args, **kwargs, keyword-only parameters, f(*a, **k), and the decorators
/// (@property with a setter, @staticmethod, @classmethod, a plain wrapper).
final class ParametersAndDecoratorsTests: XCTestCase {
    func testParametersBindAsInPython() throws {
        let src = """
        def f(a, *args, b=2, c, **kw):
            return (a, args, b, c, kw)
        print(f(1, 2, 3, c=4, d=5), f(*[1], **{"c": 3}))
        try:
            f(1)
        except TypeError as e:
            print(e)
        """
        XCTAssertEqual(try simulate(src).output, "(1, (2, 3), 2, 4, {'d': 5}) (1, (), 2, 3, {})\nf() missing 1 required keyword-only argument: 'c'\n")
    }

    /// Measured on 3.11-3.13 (docs/cpython-model.md I.2): `va(1, 2)` +1 (the *args tuple),
    /// `vk()` +1 (the **kwargs dict, even empty), `kwonly(1, b=3)` 0, `va(*L)` +1.
    func testWhatBindingAllocates() throws {
        let pre = "def va(*args):\n    return args\ndef vk(**kw):\n    return kw\ndef kwonly(a, *, b=2):\n    return a + b\nL = [1, 2, 3]\n"
        for (stmt, n) in [("va(1, 2)", 1), ("va()", 0), ("vk()", 1), ("kwonly(1, b=3)", 0), ("va(*L)", 1)] {
            let src = "import gc\n" + pre + "def case():\n    \(stmt)\ngc.collect()\na = gc.get_count()[0]\ncase()\nprint(gc.get_count()[0] - a - 1)\n"
            for p in PythonProfile.all {
                XCTAssertEqual(try simulate(src, profile: p).output, "\(n)\n", "\(stmt) on \(p.name)")
            }
        }
    }

    func testDecoratorsWorkAsDescriptors() throws {
        let src = """
        def twice(fn):
            def wrapper(*args, **kwargs):
                return fn(*args, **kwargs) * 2
            return wrapper
        class P:
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
                return x + 1
            @classmethod
            def c(cls, x):
                return cls.s(x)
            @twice
            def m(self, k=1):
                return self._v + k
        p = P()
        p.v = 5
        print(p.v, P.s(1), p.s(2), P.c(3), p.c(4), p.m(), p.m(k=2))
        """
        XCTAssertEqual(try simulate(src).output, "5 2 3 4 5 12 14\n")
    }

    /// 3.12+ CALL_FUNCTION_EX into a Python function: the keyword-names tuple lives while
    /// the callee's *args tuple is made, so the tuple cannot reuse its slot (+6 cold on
    /// CPython 3.11.7, 3.12.1 and 3.13.0, this program; gctrap had +5 on 3.12/3.13).
    func testForwardingKeywordsKeepsTheNamesTupleWhileTheCalleeBindsOnEveryVersion() throws {
        let src = """
        import gc
        def g(a, b, *p, limit=10, **o):
            return 1
        def fwd(fn, *args, **kwargs):
            return fn(*args, **kwargs)
        keep = []
        gc.collect()
        c0 = gc.get_count()[0]
        keep.append(fwd(g, 1, 2, 3, 4, limit=5, trace=True))
        print(gc.get_count()[0] - c0 - 1)
        """
        for profile in [PythonProfile.py311, .py312, .py313] {
            XCTAssertEqual(try simulate(src, profile: profile).output, "6\n", profile.name)
        }
    }
}
