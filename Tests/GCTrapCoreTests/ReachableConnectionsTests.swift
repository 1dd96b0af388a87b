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
        let src = """
        import gc
        import weakref
        import db
        import gctrap

        keep = []
        box = {}
        POOL = db.Pool(max_size=2)


        class Holder:
            pass


        class Cycle:
            def __init__(self, conn):
                self.me = self
                self.conn = conn


        class Resurrect:
            def __init__(self, conn):
                self.me = self
                self.conn = conn

            def __del__(self):
                keep.append(self.conn)


        def gen(c):
            yield 1
            yield c


        def closure(c):
            def f():
                return c
            return f


        def task(t, held):
            c = db.connect()
            if t == 0:
                keep.append(c)                 # a global list
            elif t == 1:
                box[c] = 1                     # a dict key
            elif t == 2:
                g = gen(c)                     # a suspended generator
                next(g)
                held.append(g)
            elif t == 3:
                held.append(closure(c))        # a closure's cell
            elif t == 4:
                Holder.conn = c                # a class attribute
            elif t == 5:
                def f(x=c):                    # a default value
                    return x
                held.append(f)
            elif t == 6:
                held.append(weakref.proxy(c))  # not a strong reference: closed by refcount
            elif t == 7:
                Cycle(c)                       # garbage in a cycle: leaked until collected
            elif t == 8:
                Resurrect(c)                   # resurrected by a finalizer into `keep`
                gc.collect()
            elif t == 9:
                p = POOL.acquire()             # back to the pool's idle list
                POOL.release(p)
                c.close()
            elif t == 10:
                keep.pop()                     # released: the connection's finalizer runs
                keep.pop()
                del box[list(box)[0]]
                Holder.conn = None
                held.clear()
            elif t == 11:
                Cycle(c)
                gc.collect()
            return t


        def run(n):
            held = []
            mine = db.connect()                # held by the frame running the loop
            for t in gctrap.tasks(n):
                task(t, held)
            mine.close()


        run(12)
        """
        let r = try checkEveryStatement(src)
        XCTAssertEqual(r.rows.count, 12)
        XCTAssertGreaterThan(r.withReachable, r.statements / 2, "the checks saw reachable connections")
        // Leaked: the cycle of task 7 (task 8's collection frees it); nothing else.
        XCTAssertEqual(r.rows.map(\.leaked), [0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0])
        XCTAssertEqual(r.rows[8].open - r.rows[8].leaked, 8, "the frame's, the list's (2), the dict key's, the generator's, the cell's, the class attribute's, the default's")
    }

    /// The walk caches the builtins' objects and skips the builtin classes that hold nothing;
    /// one that holds a connection must be walked, and so must a builtin made after the cache
    /// was filled (OverflowError is made on first use). gctrap lets a program set an
    /// attribute on a builtin class (CPython refuses: the program tolerates both).
    func testWalkSeesConnectionsHeldByBuiltinClassesIncludingOneMadeAfterTheLoopStarted() throws {
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
        XCTAssertEqual(r.rows.map(\.open), [1, 2, 3, 3])
        XCTAssertEqual(r.rows.map(\.leaked), [0, 0, 0, 0])
    }
}
