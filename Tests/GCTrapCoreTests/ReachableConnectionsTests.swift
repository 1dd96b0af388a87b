import Foundation
import XCTest
@testable import GCTrapCore

/// The CSV's `leaked` column comes from a walk at every task boundary that is made cheap
/// (buffers reused, connections counted as the walk meets them, the builtins' objects
/// cached). These tests hold it to a plain reference, the full reachable set from the
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
}
