import XCTest
@testable import GCTrapCore

/// The dispatch loop reads the running frame through an unchecked address (VM/Machine+Run.swift)
/// and does ints, bools and local/global slots in place. These programs switch frames inside
/// an instruction (finalizers recursing past the frame buffer's first capacity while a store,
/// a discard, a return, an unwinding or a generator drops the object) and cross the fast
/// paths' edges; run in a debug build, the unchecked reads are asserted. Expected outputs
/// are CPython 3.11's (python3 on this machine).
final class DispatchLoopTests: XCTestCase {
    func testFinalizersThatRecurseDeepInsideAnInstructionLeaveTheRunningFrameIntact() throws {
        let source = """
            log = []

            def depth(n):
                if n == 0:
                    return 0
                return depth(n - 1) + 1

            class Deep:
                def __init__(self, name):
                    self.name = name
                def __del__(self):
                    log.append(self.name + ":" + str(depth(60)))

            def rebind():
                x = Deep("storeFast")
                x = 1
                return x

            def discard():
                Deep("popTop")
                return 2

            def locals_at_return():
                a = Deep("return-a")
                b = Deep("return-b")
                c = 3
                return c

            def raiser(n):
                d = Deep("unwind-" + str(n))
                if n == 0:
                    raise ValueError("bottom")
                return raiser(n - 1)

            def gen():
                g = Deep("generator")
                yield 1
                yield 2

            print(rebind(), discard(), locals_at_return())
            try:
                raiser(3)
            except ValueError as e:
                print("caught", e)
            for v in gen():
                print("yielded", v)
            print(log)

            """
        XCTAssertEqual(try simulate(source).output, """
            1 2 3
            caught bottom
            yielded 1
            yielded 2
            ['storeFast:60', 'popTop:60', 'return-a:60', 'return-b:60', 'unwind-0:60', 'unwind-1:60', 'unwind-2:60', 'unwind-3:60', 'generator:60']

            """)
    }

    func testIntAndBoolFastPathsGiveWhatTheGeneralOperatorsGive() throws {
        let source = """
            big = 4611686018427387904
            print(big + (big - 1), -big - big, big > -big, 3 <= 3, 2 >= 3, 1 < 2)
            print(True + 1, 1 - False, 2.5 + 1, "a" + "b", 3 < 2.5, True < 2)
            n = 0
            while n < 5:
                n += 1
            if []:
                print("empty list is true")
            elif "x":
                print("non-empty str is true", n)
            if n == 5 and not (n != 5):
                print("equal")

            """
        XCTAssertEqual(try simulate(source).output, """
            9223372036854775807 -9223372036854775808 True True False True
            2 1 3.5 ab False True
            non-empty str is true 5
            equal

            """)
    }

    func testAnIntSumPastSixtyFourBitsStillStopsWithTheLimitMessage() throws {
        let sim = try Simulation(source: "x = 9223372036854775807\ny = x + 1\n", name: "t", profile: .py311, fileName: "t.py")
        sim.runToEnd()
        XCTAssertEqual(sim.limitReached?.message, Machine.intLimitMessage)
        let sub = try Simulation(source: "x = -9223372036854775807\ny = x - 2\n", name: "t", profile: .py311, fileName: "t.py")
        sub.runToEnd()
        XCTAssertEqual(sub.limitReached?.message, Machine.intLimitMessage)
    }
}
