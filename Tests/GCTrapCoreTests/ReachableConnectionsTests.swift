import Foundation
import XCTest
@testable import GCTrapCore

/// The CSV's `leaked` column comes from a walk at every task boundary that is made cheap
/// (buffers reused, connections counted as the walk meets them, the builtins' objects
/// cached, the static part of the graph kept between walks; debug builds also check
/// every walk against a full one). These tests hold it to a plain reference, the full reachable set from the
/// roots with every live connection looked up in it, after every statement of programs
/// that keep connections in each kind of place a shortcut could miss.
final class ReachableConnectionsTests: XCTestCase {

    /// The reference: every object reachable from the roots (the builtins read from their
    /// dictionary, not from the walk's cache), then each live connection looked up.
    private func referenceCount(_ machine: Machine) -> Int {
        var m = machine
        m.reach.builtinsVersion = -1   // no cache: the roots as the dictionary has them
        m.reach.builtinObjects = []
        let seen = m.reachableSet()
        return m.probe.meta.keys.filter { seen[Int($0)] && m.isOpenConnection($0) }.count
    }

    /// Steps `source` statement by statement, comparing the walk with the reference each time;
    /// returns the rows and how many statements saw at least one reachable open connection.
    private func checkEveryStatement(_ source: String, file: StaticString = #filePath, line: UInt = #line) throws -> (rows: [TaskRow], withReachable: Int, statements: Int) {
        let sim = try Simulation(source: source, name: "t", profile: .py311, settings: [:], fileName: "t.py")
        sim.onOutput = { _ in }
        var statements = 0, withReachable = 0
        while !sim.machine.finished && statements < 20_000 {
            sim.step()
            statements += 1
            var m = sim.machine
            let fast = m.reachableOpenConnections()
            let expected = referenceCount(sim.machine)
            if fast != expected {
                XCTFail("statement \(statements) (line \(sim.machine.currentLine)): walk \(fast), reference \(expected)", file: file, line: line)
                break
            }
            if expected > 0 { withReachable += 1 }
        }
        XCTAssertTrue(sim.machine.finished, "the program ran to its end", file: file, line: line)
        XCTAssertNil(sim.limitReached, file: file, line: line)
        return (Array(sim.rows), withReachable, statements)
    }

    func testWalkCountsConnectionsHeldInEveryKindOfPlaceAsTheFullReachableSetDoes() throws {
        // The corpus program (Tests/Fidelity/leaked_holders.py), which also matches CPython.
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fidelity/leaked_holders.py")
        let src = try String(contentsOf: url, encoding: .utf8)
        let r = try checkEveryStatement(src)
        XCTAssertEqual(r.rows.count, 12)
        XCTAssertGreaterThan(r.withReachable, r.statements / 2, "the checks saw reachable connections")
        // Leaked: the cycle of task 7 (task 8's collection frees it); nothing else.
        XCTAssertEqual(r.rows.map(\.leaked), [0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0])
        XCTAssertEqual(r.rows[8].open - r.rows[8].leaked, 8, "the frame's, the list's (2), the dict key's, the generator's, the cell's, the class attribute's, the default's")
    }

    /// The walk caches the builtins' objects and skips the builtin classes that hold nothing.
    /// A builtin class cannot hold a connection: storing one raises TypeError, as in CPython,
    /// on a builtin from the start and on one made after the cache was filled (OverflowError
    /// is made on first use); the walk agrees with the full reachable set after every statement.
    func testBuiltinClassesRefuseAConnectionIncludingOneMadeAfterTheLoopStarted() throws {
        let src = """
        import db
        import gctrap


        def task(t):
            if t == 1:
                c = db.connect()
                try:
                    LookupError.conn = c       # a builtin from the start (the walk skips the empty ones)
                except TypeError:
                    c.close()
            if t == 2:
                c = db.connect()
                try:
                    OverflowError.conn = c     # a builtin made now, holding the connection
                except TypeError:
                    c.close()


        mine = db.connect()                    # so every boundary walks (and fills the cache)
        for t in gctrap.tasks(4):
            task(t)

        """
        let r = try checkEveryStatement(src)
        XCTAssertEqual(r.rows.count, 4)
        XCTAssertEqual(r.rows.map(\.open), [1, 1, 1, 1], "both stores refused, both connections closed")
        XCTAssertEqual(r.rows.map(\.leaked), [0, 0, 0, 0])
    }

    /// The walk keeps the static part of the graph (modules, classes, functions reached
    /// from modules, builtins and the subclass registry) between boundaries and walks only
    /// what hangs off it. Each task here changes that part another way after it was kept:
    /// a global rebound, a global deleted, a class attribute set and deleted (setattr,
    /// del), a module's attribute set, functions made in the task and bound to a global
    /// and to a class, a global function replaced (the old one freed). Each holds a
    /// connection, reachable or left in a cycle, so a stale static part miscounts it.
    func testWalkSeesEveryChangeToModulesClassesAndFunctionsAfterItsStaticPartWasKept() throws {
        let src = """
        import db
        import gctrap

        holder = None
        gone = None


        class Holder:
            pass


        class Cycle:
            def __init__(self, conn):
                self.me = self
                self.conn = conn


        def plain():
            return 0


        def task(t):
            global holder, gone, plain
            c = db.connect()
            if t == 0:
                holder = [c]                       # a global rebound to a new list
            elif t == 1:
                gone = Cycle(c)
            elif t == 2:
                del gone                           # the cycle is left behind: leaked
            elif t == 3:
                setattr(Holder, "kept", Cycle(c))  # a class attribute
            elif t == 4:
                del Holder.kept                    # left behind: leaked
                c.close()
            elif t == 5:
                db.kept = c                        # a module's attribute
            elif t == 6:
                def made(x=c):                     # a function made now, bound to a global
                    return x
                holder = made
            elif t == 7:
                def method(x=Cycle(c)):            # a function made now, put in a class
                    return x
                Holder.fn = method
            elif t == 8:
                Holder.fn = None                   # its default's cycle is left behind
                c.close()
            elif t == 9:
                def other(x=Cycle(c)):             # a global function replaced: the old one freed
                    return x
                plain = other
            elif t == 10:
                plain = None                       # its default's cycle is left behind
                c.close()
            else:
                c.close()


        mine = db.connect()
        for t in gctrap.tasks(12):
            task(t)

        """
        let r = try checkEveryStatement(src)
        XCTAssertEqual(r.rows.count, 12)
        XCTAssertEqual(r.rows.map(\.leaked), [0, 0, 1, 1, 2, 2, 2, 2, 3, 3, 4, 4])
    }

    /// A store to a global whose old value was the task iterator: freeing it ends the loop,
    /// and the last row's walk must already see the new global (it was noted after the decref).
    func testTheLastRowSeesAGlobalStoredByTheStatementThatEndedTheLoop() throws {
        let src = """
        import db
        import gctrap
        it = gctrap.tasks(3)
        for t in it:
            if t == 0:
                keep = db.connect()
            if t == 1:
                break
        it = [db.connect()]

        """
        let r = try checkEveryStatement(src)
        XCTAssertEqual(r.rows.count, 2)
        XCTAssertEqual(r.rows.map(\.open), [1, 2])
        XCTAssertEqual(r.rows.map(\.leaked), [0, 0], "the new list holds the second connection")
    }
}
