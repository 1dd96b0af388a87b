import Foundation
import XCTest
@testable import GCTrapCore

/// Issue 12, the recursion audit of the constructs added since (f-strings, str.format, sets
/// and dict views, generators and `yield from`, classes for super()): each runs here on a
/// thread with a small stack over input nested 100,000 deep, so a recursion once per level
/// would crash the test. The expected outputs are CPython 3.11's (3.12 and 3.13 agree
/// except where noted).
final class RecursionAuditTests: XCTestCase {
    /// Runs `source` on a thread with a stack of `megabytes` and returns what it printed and
    /// its last traceback line, or the setup error's message.
    func run(_ source: String, stackMegabytes: Int = 1) -> String {
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result = ""
        let t = Thread {
            do {
                let r = try simulate(source)
                result = r.output + (r.errorLine.map { $0 + "\n" } ?? "")
            } catch SetupError.scenario(let e, _, _) {
                result = "SyntaxError: " + e.message + " (line \(e.pos.line))\n"
            } catch {
                result = "\(error)"
            }
            done.signal()
        }
        t.stackSize = stackMegabytes << 20
        t.start()
        done.wait()
        return result
    }

    func testFieldsNestedInFStringFormatSpecsStopAtCPythonsDepth() {
        let deep = "x = 1\nprint(f\"{x:" + String(repeating: "{x:", count: 100_000) + ">3" + String(repeating: "}", count: 100_000) + "}\")\n"
        XCTAssertEqual(run(deep), "SyntaxError: f-string: expressions nested too deeply (line 2)\n")
        XCTAssertEqual(run("x = 5\nprint(f\"{x:{x:{x:{x}}}}\")\n"), "SyntaxError: f-string: expressions nested too deeply (line 2)\n")
        XCTAssertEqual(run("x = 5\nprint(f\"{x:{x}}|\")\n"), "    5|\n")
        // Two levels: 3.12 and 3.13 format (and fail on the spec), 3.11 refuses to compile.
        XCTAssertEqual(run("x = 5\nprint(f\"{x:{x:{x}}}\")\n"), "ValueError: Invalid format specifier '    5' for object of type 'int'\n")
    }

    func testStrFormatNestsFieldsTwoLevelsDeepAsCPython() {
        let source = """
            s = "{:" * 100000 + "}" * 100000
            try:
                print(s.format(1, 2))
            except ValueError as e:
                print("ValueError", e)
            print('{:{}}|'.format(1, 5))
            print('{0:{1}}|'.format('a', 4))
            print('{:>{}}|{}'.format('x', 3, 'y'))
            print('{!r:{}}|'.format('a', 6))
            try:
                print('{:{:{}}}'.format(1, 2, 3))
            except ValueError as e:
                print("ValueError", e)

            """
        XCTAssertEqual(run(source), """
            ValueError Max string recursion exceeded
                1|
            a   |
              x|y
            'a'   |
            ValueError Max string recursion exceeded

            """)
    }

    func testDeepTuplesInSetsAndDictViewsRaiseRecursionErrorInRepr() {
        // 20,000 levels: a recursion once per level would need more than the 1 MiB.
        let source = """
            t = ()
            for i in range(20000):
                t = (t,)
            s = {t}
            try:
                print(len(repr(s)))
            except RecursionError as e:
                print("repr RecursionError", e)
            print(t in s)
            l = []
            for i in range(20000):
                l = [l]
            try:
                print(len(repr({1: l}.values())))
            except RecursionError as e:
                print("values RecursionError", e)
            try:
                print(len(repr({t: 1}.keys())))
            except RecursionError as e:
                print("keys RecursionError", e)

            """
        XCTAssertEqual(run(source), """
            repr RecursionError maximum recursion depth exceeded while getting the repr of an object
            True
            values RecursionError maximum recursion depth exceeded while getting the repr of an object
            keys RecursionError maximum recursion depth exceeded while getting the repr of an object

            """)
    }

    /// isinstance and attribute lookup walked at most 100 classes up: a hierarchy made by a
    /// class statement in a loop lost its base's attributes.
    func testAClassHierarchyThousandsDeepKeepsItsBasesAttributesAndIsinstance() {
        let source = """
            class Base:
                tag = "base"

                def __init__(self):
                    self.made = True

                def hello(self):
                    return "hi"

            B = Base
            for i in range(3000):
                class C(B):
                    pass
                B = C

            class D(B):
                def hello(self):
                    return super().hello() + "!"

            print(isinstance(B(), Base), issubclass(D, Base), B.tag, B().made, D().hello())

            """
        XCTAssertEqual(run(source), "True True base True hi!\n")
    }

    /// Each resumption of a generator from inside another (`yield from`, next() in a
    /// generator) is a nested run, bounded at 150 (`Machine.maxNestedDepth`): RecursionError,
    /// where CPython's limit is the recursion limit (a chain of 200 works there). A debug
    /// build needs more than 8 MiB of stack for 150 nested runs, so this thread has 64.
    func testAYieldFromChainEndsInRecursionErrorNotACrash() {
        let source = """
            def g(n):
                if n == 0:
                    yield 1
                else:
                    yield from g(n - 1)

            def h(n):
                if n == 0:
                    yield 0
                else:
                    yield next(h(n - 1))

            for f in (g, h):
                try:
                    print(list(f(100000)))
                except RecursionError as e:
                    print("RecursionError", e)
            print(list(g(100)), list(h(100)))

            """
        XCTAssertEqual(run(source, stackMegabytes: 64), """
            RecursionError maximum recursion depth exceeded
            RecursionError maximum recursion depth exceeded
            [1] [0]

            """)
    }
}
