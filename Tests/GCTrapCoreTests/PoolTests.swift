import XCTest
@testable import GCTrapCore

/// db.Pool behaves as the real clients do (docs in scenarios/db.py): by default as nebula3's
/// session pool, whose Session.__del__ calls release(); psycopg2's with on_lost="hold".
final class PoolTests: XCTestCase {

    /// A checked-out connection freed without release() gives its slot back (its session
    /// closed by the finalizer), and the event log says so.
    func testDefaultPoolGetsTheSlotBackWhenTheConnectionIsFreed() throws {
        let r = try simulate("""
        import db
        pool = db.Pool(max_size=1)
        conn = pool.acquire()
        conn = None
        again = pool.acquire()
        print(pool.in_use, pool.reclaimed, db.closed_by_finalizer, db.open_now)
        """)
        XCTAssertEqual(r.output, "1 1 1 1\n")
        XCTAssertTrue(r.sim.machine.events.ring.contains { if case .poolSlotReturned = $0.event { return true }; return false })
    }

    /// psycopg2-like: the pool holds what it handed out, so a dropped connection stays open
    /// and its slot taken; the pool runs dry.
    func testHoldingPoolKeepsDroppedConnectionsOpen() throws {
        let r = try simulate("""
        import db
        pool = db.Pool(max_size=1, on_lost="hold")
        conn = pool.acquire()
        conn = None
        try:
            pool.acquire()
        except db.PoolExhausted:
            print("exhausted", pool.in_use, db.open_now)
        """)
        XCTAssertEqual(r.output, "exhausted 1 1\n")
    }

    /// Double release and a foreign connection are errors; a connection closed while idle
    /// is never handed out again.
    func testMisuseIsAnErrorAndClosedIdleConnectionsAreDropped() throws {
        let r = try simulate("""
        import db
        pool = db.Pool(max_size=2)
        c = pool.acquire()
        pool.release(c)
        try:
            pool.release(c)
        except db.PoolMisuse as e:
            print(e)
        try:
            pool.release(db.connect())
        except db.PoolMisuse as e:
            print(e)
        c.close()
        d = pool.acquire()
        print(d is c, pool.in_use, len(pool.idle))
        """)
        XCTAssertEqual(r.output, "connection 1 released twice: it is not checked out\nconnection 2 does not belong to this pool\nFalse 1 0\n")
    }
}
