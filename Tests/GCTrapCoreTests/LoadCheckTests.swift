import XCTest
@testable import GCTrapCore

/// No misreads: what CPython has and gctrap does not model is refused before the program
/// runs (FILE:LINE:COL and what to do instead), never turned into a Python error that
/// blames the program; names CPython does not know either keep their real NameError.
final class LoadCheckTests: XCTestCase {

    @discardableResult
    func refused(_ src: String, _ fragment: String, line errLine: Int, column: Int? = nil,
                 file: StaticString = #filePath, line: UInt = #line) -> ScenarioError? {
        do {
            _ = try Simulation(source: src, name: "t", fileName: "t.py")
            XCTFail("expected a load-time refusal containing \"\(fragment)\"", file: file, line: line)
        } catch SetupError.scenario(let e, let module, _) {
            XCTAssertEqual(module, "__main__", file: file, line: line)
            XCTAssertEqual(e.kind, .unsupported, e.message, file: file, line: line)
            XCTAssertTrue(e.message.contains(fragment), "message was: \(e.message)", file: file, line: line)
            XCTAssertTrue(e.message.contains("; "), "says what to do instead: \(e.message)", file: file, line: line)
            XCTAssertEqual(e.pos.line, errLine, e.message, file: file, line: line)
            if let column { XCTAssertEqual(e.pos.column, column, e.message, file: file, line: line) }
            return e
        } catch {
            XCTFail("unexpected error \(error)", file: file, line: line)
        }
        return nil
    }

    /// The constructs the issue found misread (a NameError or ModuleNotFoundError that
    /// blamed the program) and the ones refused only when their line ran.
    func testIssueMisreadsAreRefusedAtLoadTime() {
        // super().name and super(C, obj).name are modelled; super alone is not
        refused("class B:\n    pass\nclass C(B):\n    def __init__(self):\n        s = super\n",
                "the built-in 'super' is not supported", line: 5, column: 13)
        refused("import gctrap\nfor t in gctrap.tasks(3):\n    s = frozenset()\n", "'frozenset'", line: 3, column: 9)
        refused("def f(xs):\n    for x in filter(None, xs):\n        pass\n", "'filter'", line: 2, column: 14)
        refused("class C:\n    pass\ndelattr(C(), 'a')\n", "'delattr'", line: 3)
        refused("import sys\n", "the module 'sys' is not modelled by gctrap", line: 1, column: 1)
        refused("import gc\nimport logging\nlog = logging.getLogger(__name__)\n", "the module 'logging'", line: 2)
        refused("from collections import defaultdict\n", "the module 'collections'", line: 1)
        refused("import os.path\n", "the module 'os'", line: 1)
        refused("d = {}\nk = d.fromkeys([1])\n", "dict.fromkeys is not supported", line: 2)
        refused("def f(s):\n    return s.encode()\n", "str.encode", line: 2)
        refused("xs = {1}\nys = xs.union({2})\n", "set.union", line: 2)
        refused("import gc\nobjs = gc.get_objects()\n", "gc.get_objects is not supported", line: 2)
        refused("from gc import get_referrers\n", "gc.get_referrers", line: 1)
        refused("print(__file__)\n", "the module global '__file__'", line: 1)
        refused("import weakref\nd = weakref.WeakKeyDictionary()\n", "weakref.WeakKeyDictionary is not supported by gctrap; it models weakref.ref, weakref.proxy (with a callback), weakref.finalize and weakref.WeakValueDictionary", line: 2, column: 5)
        refused("from weakref import KeyedRef\n", "weakref.KeyedRef", line: 1)
        refused("import weakref\nclass C:\n    pass\ns = weakref.WeakSet()\n", "weakref.WeakSet", line: 4)
    }

    /// A special method gctrap does not call is refused whether it is written with `def` or
    /// assigned in the class body: `__len__ = lambda self: 3` would otherwise be half
    /// honoured (the VM calls __len__ and __iter__ of the weakref library's classes).
    func testSpecialMethodsAssignedInAClassBodyAreRefusedLikeDefinedOnes() throws {
        refused("class C:\n    def __len__(self):\n        return 3\n", "the special method __len__ (in class 'C') is not supported", line: 2)
        refused("class C:\n    __len__ = lambda self: 3\n", "the special method __len__ (in class 'C') is not supported", line: 2, column: 5)
        refused("class C:\n    def keys(self):\n        return []\n    __iter__ = keys\n", "the special method __iter__", line: 4, column: 5)
        // data with double underscores and the special methods gctrap calls stay accepted
        _ = try Simulation(source: "class C:\n    __slots__ = ('a',)\n    __doc__ = 'x'\n    def f(self):\n        pass\n    __call__ = f\nC()()\n", name: "t", fileName: "t.py")
    }

    /// weakref.ref is modelled: a weak back reference does not keep its referent alive,
    /// and the callback runs when the referent goes (with the reference, already dead).
    func testWeakrefRefIsModelled() throws {
        let r = try simulate("""
        import weakref
        log = []
        class Agent:
            pass
        def gone(wr):
            log.append(wr() is None)
        a = Agent()
        basic = weakref.ref(a)
        watch = weakref.ref(a, gone)
        print(basic() is a, weakref.ref(a) is basic, watch is basic)
        a = None
        print(basic(), log)
        """)
        XCTAssertEqual(r.output, "True True False\nNone [True]\n")
    }

    /// A program may shadow a builtin or define a method with a built-in's name; then the
    /// name is its own and nothing is refused.
    func testOwnDefinitionsAreNotRefused() throws {
        let r = try simulate("""
        def enumerate(xs):
            return xs
        class Row:
            def items(self):
                return [1]
        def f(r):
            return r.items()
        print(enumerate([1]), f(Row()))
        """)
        XCTAssertEqual(r.output, "[1] [1]\n")
    }

    /// A name CPython does not know either is the program's own mistake: CPython's NameError.
    func testUnknownNamesKeepTheirRealNameError() throws {
        let sim = try Simulation(source: "x = 1\nprint(undefined_thing)\n", name: "t", fileName: "t.py")
        var err = ""
        sim.onErrorOutput = { err += $0 }
        sim.runToEnd()
        XCTAssertEqual(sim.uncaughtType, "NameError")
        XCTAssertNil(sim.limitReached)
    }

    /// `if __name__ == "__main__":` runs its body, as in a script run by CPython; the db
    /// module sees its own name.
    func testDunderNameIsTheModuleName() throws {
        let r = try simulate("import db\nif __name__ == \"__main__\":\n    print(__name__, db.__name__)\n")
        XCTAssertEqual(r.output, "__main__ db\n")
    }

    /// A method only one of several built-in types has: the type is known only when the line
    /// runs, and then it is refused as bad input (unsupported), not as the program's error.
    func testRuntimeRefusalIsMarkedUnsupported() throws {
        let sim = try Simulation(source: "x = (1, 2)\nn = x.count(1)\n", name: "t", fileName: "t.py")
        sim.runToEnd()
        XCTAssertEqual(sim.limitReached?.unsupported, true)
        XCTAssertEqual(sim.limitReached?.line, 2)
        XCTAssertEqual(sim.limitReached?.diagnostic(file: "t.py", source: "x = (1, 2)\nn = x.count(1)\n"),
                       "t.py:2:1: error: tuple.count is not supported by gctrap\n    n = x.count(1)\n    ^")
    }

    /// The check's list of built-in classes is the machine's.
    func testModelledClassesAreTheBootstrappedOnes() throws {
        let sim = try Simulation(source: "x = 1\n", name: "t")
        let classNames = Set(sim.machine.builtins.keys.map { sim.program.names[Int($0)] })
            .subtracting(Builtins.globalNames).subtracting(["None"])
        XCTAssertEqual(classNames, LoadCheck.modelledClasses)
    }
}
