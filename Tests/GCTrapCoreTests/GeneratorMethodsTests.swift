import XCTest
@testable import GCTrapCore
import GCTrapHost

/// Generator send/throw/close and @contextlib.contextmanager (issue 10, item 2): what each
/// allocates and keeps alive per Python version, as measured in docs/cpython-model.md
/// I.3 and I.4 (scenarios/expected/measure_functions.py). The fidelity corpus
/// (generators_send_close.py, contextmanager_sessions.py, contextmanager_suppress_cycle.py)
/// checks the same against CPython row for row.
final class GeneratorMethodsTests: XCTestCase {

    /// count0 after the body, run in a function right after a collection (free lists empty):
    /// the "first, cold, alive" column of measure_functions.py.
    func count0(_ body: String, profile: PythonProfile, prelude: String = "") throws -> Int {
        let src = "import gc\nfrom contextlib import contextmanager\nclass Obj:\n    pass\nKEEP = []\n" + prelude + "\ndef case():\n"
            + body.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n")
            + "\ngc.collect()\ngc.disable()\ncase()\nprint(gc.get_count()[0])\n"
        let r = try simulate(src, profile: profile)
        return Int(r.output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    static let generators = """
    def gen0():
        yield 1
        yield 2
    def gen_catch():
        while True:
            try:
                yield 1
            except ValueError:
                pass
    """

    func testSendGivesTheYieldItsValueAndEndsWithStopIteration() throws {
        let src = """
        def echo():
            got = yield "ready"
            while got != "stop":
                got = yield got * 2
        g = echo()
        print(g.send(None), g.send(3), g.send(5))
        try:
            g.send("stop")
        except StopIteration:
            print("done")
        try:
            echo().send(1)
        except TypeError as e:
            print(e)
        """
        for p in PythonProfile.all {
            XCTAssertEqual(try simulate(src, profile: p).output,
                           "ready 6 10\ndone\ncan't send non-None value to a just-started generator\n", p.name)
        }
    }

    /// The exception thrown in gets a traceback entry for the generator's frame, so its frame
    /// object is made, and it stays with the suspended generator (+1 kept); escaping, it takes
    /// two tracebacks and frame objects with it (measured: +3 / +2 / +8 on 3.11-3.13).
    func testThrowKeepsTheGeneratorsFrameObjectAndEscapesWithItsTraceback() throws {
        for p in PythonProfile.all {
            XCTAssertEqual(try count0("g = gen_catch()\nnext(g)\ng.throw(ValueError('x'))\nKEEP.append(g)", profile: p, prelude: Self.generators), 3, p.name)
            XCTAssertEqual(try count0("g = gen_catch()\nnext(g)\ng.throw(ValueError)\nKEEP.append(g)", profile: p, prelude: Self.generators), 2, p.name)
            XCTAssertEqual(try count0("g = gen0()\nnext(g)\ntry:\n    g.throw(KeyError('k'))\nexcept KeyError as e:\n    KEEP.append(e)", profile: p, prelude: Self.generators), 8, p.name)
        }
    }

    func testCloseRunsFinallyAndANotStartedGeneratorKeepsItsArgumentsFrom312() throws {
        let src = """
        import db
        def rows(conn):
            try:
                yield 1
            finally:
                conn.close()
        g = rows(db.connect())
        next(g)
        g.close()
        print(db.open_now, db.closed_explicit)
        idle = rows(db.connect())
        idle.close()
        print(db.open_now)
        idle = None
        print(db.open_now)
        """
        // 3.11 runs the frame with GeneratorExit (its arguments go at once); 3.12+ only mark it
        // exhausted: the connection stays open until the generator is freed.
        XCTAssertEqual(try simulate(src, profile: .py311).output, "0 1\n0\n0\n")
        XCTAssertEqual(try simulate(src, profile: .py312).output, "0 1\n1\n0\n")
        XCTAssertEqual(try simulate(src, profile: .py313).output, "0 1\n1\n0\n")
    }

    func testCloseOfAGeneratorThatYieldsAgainIsARuntimeError() throws {
        let src = """
        def stubborn():
            while True:
                try:
                    yield 1
                except GeneratorExit:
                    pass
        g = stubborn()
        next(g)
        try:
            g.close()
        except RuntimeError as e:
            print(e)
        """
        XCTAssertEqual(try simulate(src).output, "generator ignored GeneratorExit\n")
    }

    /// `yield from` is a loop that yields each item on: a value sent or an exception thrown
    /// would go to the outer frame, not the inner generator as in CPython, so it is refused.
    func testSendAndThrowIntoYieldFromAreRefusedAsUnsupported() throws {
        for call in ["g.send(5)", "g.throw(ValueError())"] {
            let src = "def inner():\n    yield 1\n    yield 2\ndef outer():\n    yield from inner()\ng = outer()\nnext(g)\n\(call)\n"
            let sim = try Simulation(source: src, name: "t", fileName: "t.py")
            sim.runToEnd()
            XCTAssertEqual(sim.limitReached?.unsupported, true, call)
            XCTAssertEqual(sim.limitReached?.line, 8, call)
        }
    }

    /// CPython's peephole pass rewrites `a, b = b, a` (up to three) into SWAPs: no tuple.
    func testSwappingUpToThreeNamesBuildsNoTuple() throws {
        for p in PythonProfile.all {
            XCTAssertEqual(try count0("a = 1\nb = 2\nc = 3\na, b = b, a\na, b, c = c, b, a", profile: p), 0, p.name)
            XCTAssertEqual(try count0("a = 1\na, b, c, d = a, a, a, a", profile: p), 1, p.name)   // four: the tuple
        }
    }

    /// The with statement calls the bound __exit__ as it is: it stays alive during the call
    /// (measured: gc.get_count() inside __exit__ equals the one at the block's end, 3.11-3.13).
    func testTheBoundExitMethodLivesWhileExitRuns() throws {
        let src = """
        import gc
        R = []
        class C:
            def __enter__(self):
                return self
            def __exit__(self, t, v, tb):
                R.append(gc.get_count()[0])
        def f():
            with C():
                R.append(gc.get_count()[0])
        gc.collect()
        f()
        f()
        print(R[3] - R[2])
        """
        for p in PythonProfile.all { XCTAssertEqual(try simulate(src, profile: p).output, "0\n", p.name) }
    }

    // MARK: @contextmanager

    static let managers = """
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
    """

    /// Measured (docs I.4): a with over @contextmanager leaves its kwds dict, the dict
    /// `**kwds` is merged into and the class call's 3-tuple on the free lists (+3; +1 for a
    /// positional argument's tuple); an exception kept from its body keeps its traceback
    /// (the generator's and __exit__'s entries are dropped by `exc.__traceback__ = tb`).
    func testWithOverAContextmanagerCostsWhatContextlibAllocates() throws {
        for p in PythonProfile.all {
            XCTAssertEqual(try count0("with cm_plain():\n    pass", profile: p, prelude: Self.managers), 3, p.name)
            XCTAssertEqual(try count0("with cm_finally(1) as v:\n    pass", profile: p, prelude: Self.managers), 4, p.name)
            XCTAssertEqual(try count0("try:\n    with cm_finally(1):\n        raise ValueError('x')\nexcept ValueError as e:\n    KEEP.append(e)",
                                      profile: p, prelude: Self.managers), 8, p.name)
        }
    }

    /// 3.12+ link a generator's frame object back to the frame that ran it: an exception
    /// swallowed by the generator leaves a cycle (its traceback → the generator's frame →
    /// __exit__'s frame → the exception), 11 objects per use on top of the free lists' 3
    /// (measured: +4 on 3.11, +13 on 3.12 and 3.13).
    func testAnExceptionSwallowedByAContextmanagerLeavesACycleFrom312() throws {
        let body = "with cm_catch():\n    raise ValueError('x')"
        XCTAssertEqual(try count0(body, profile: .py311, prelude: Self.managers), 4)
        XCTAssertEqual(try count0(body, profile: .py312, prelude: Self.managers), 13)
        XCTAssertEqual(try count0(body, profile: .py313, prelude: Self.managers), 13)
    }

    func testAConnectionIsReleasedWhenTheBodyRaises() throws {
        let src = """
        import db
        import contextlib
        @contextlib.contextmanager
        def session():
            conn = db.connect()
            try:
                yield conn
            finally:
                conn.close()
        try:
            with session() as c:
                print(db.open_now)
                raise KeyError("k")
        except KeyError as e:
            print(db.open_now, db.closed_explicit, repr(e))
        with session() as c:
            pass
        print(db.open_now, db.closed_explicit)
        """
        for p in PythonProfile.all {
            XCTAssertEqual(try simulate(src, profile: p).output, "1\n0 1 KeyError('k')\n0 2\n", p.name)
        }
    }

    func testAGeneratorThatDoesNotYieldIsARuntimeError() throws {
        let src = """
        from contextlib import contextmanager
        @contextmanager
        def empty():
            if False:
                yield
        try:
            with empty():
                pass
        except RuntimeError as e:
            print(e)
        """
        XCTAssertEqual(try simulate(src).output, "generator didn't yield\n")
    }

    func testTheContextlibSourceCompilesOnEveryProfile() throws {
        for p in PythonProfile.all {
            let m = try parseModule(source: ContextlibModule.source(minor: p.minor), name: "contextlib")
            _ = try Compiler.compileModule(m, into: Program())
            XCTAssertEqual(ContextlibModule.source(minor: p.minor).contains("self.gen.close()"), p.minor >= 12, p.name)
        }
    }

    func refusedAtLoad(_ src: String, _ fragment: String, line errLine: Int, file: StaticString = #filePath, line: UInt = #line) {
        do {
            _ = try Simulation(source: src, name: "t", fileName: "t.py")
            XCTFail("expected a load-time refusal containing \"\(fragment)\"", file: file, line: line)
        } catch SetupError.scenario(let e, _, _) {
            XCTAssertEqual(e.kind, .unsupported, e.message, file: file, line: line)
            XCTAssertTrue(e.message.contains(fragment), "message was: \(e.message)", file: file, line: line)
            XCTAssertTrue(e.message.contains("; "), "says what to do instead: \(e.message)", file: file, line: line)
            XCTAssertEqual(e.pos.line, errLine, e.message, file: file, line: line)
        } catch {
            XCTFail("unexpected error \(error)", file: file, line: line)
        }
    }

    func testWhatContextlibHasBeyondContextmanagerIsRefusedAtLoadTime() {
        refusedAtLoad("from contextlib import suppress\n", "contextlib.suppress is not supported by gctrap", line: 1)
        refusedAtLoad("import contextlib\nwith contextlib.ExitStack() as s:\n    pass\n", "contextlib.ExitStack", line: 2)
        refusedAtLoad("from contextlib import closing\n", "try/finally", line: 1)
        // applied anywhere but above a module-level (or class-level) def: functools.wraps's cost each time
        refusedAtLoad("from contextlib import contextmanager\ndef f():\n    @contextmanager\n    def g():\n        yield 1\n    return g\n",
                      "as the decorator of a function defined at module level", line: 3)
        refusedAtLoad("from contextlib import contextmanager\ndef g():\n    yield 1\ncm = contextmanager(g)\n",
                      "as the decorator of a function defined at module level", line: 4)
        refusedAtLoad("import contextlib\nclass C:\n    def m(self):\n        return contextlib.contextmanager\n",
                      "as the decorator of a function defined at module level", line: 4)
        refusedAtLoad("from contextlib import contextmanager\n@contextmanager\ndef session():\n    yield 1\n@session()\ndef task():\n    pass\n",
                      "used as a decorator (contextlib's ContextDecorator)", line: 5)
    }

    /// The probe of docs I.3/I.4 run on the simulator and on each installed CPython: the
    /// 18 cases (3 runs each) print the same counts.
    func testTheMeasuredProbeGivesCPythonsCountsOnEveryProfile() throws {
        let url = Scenarios.folder.appendingPathComponent("expected/measure_generator_methods.py")
        let src = try String(contentsOf: url, encoding: .utf8)
        for p in PythonProfile.all {
            let mine = try simulate(src, profile: p).output
            XCTAssertEqual(mine.split(separator: "\n").count, 18, p.name)
            guard Interpreters.find(p.name) != nil else { continue }
            XCTAssertEqual(mine, try CPython.run(src, version: p.name).stdout, p.name)
        }
    }
}
