import XCTest
@testable import GCTrapCore
@testable import GCTrapUI

/// Issue 12: every walk over the heap is iterative (the collector, reference counting's
/// frees, the snapshot, cycles, why-alive, the graph, repr). They run here on a thread with
/// a 1 MiB stack (gctrap's own has 1 GiB) over structures 50,000 deep: a walk that recursed
/// once per object would need far more and crash the test.
final class DeepStructureTests: XCTestCase {
    static let depth = 50_000
    static let chain = 50_000

    /// Runs `body` on a thread with a small stack and waits for it.
    func onSmallStack(_ body: @escaping @Sendable () -> Void) {
        let done = DispatchSemaphore(value: 0)
        let t = Thread { body(); done.signal() }
        t.stackSize = 1 << 20
        t.start()
        done.wait()
    }
    static let program = """
        import db
        import gc
        import gctrap


        class Owner:
            def __init__(self, depth):
                self.conn = db.connect()
                self.me = self
                x = None
                for i in range(depth):
                    x = [x]
                self.deep = x


        class Node:
            def __init__(self, nxt):
                self.nxt = nxt


        keep = None
        for t in gctrap.tasks(3):
            if t == 0:
                keep = Owner(\(depth))
                try:
                    print(repr(keep.deep))
                except RecursionError as e:
                    print(e)
                print(keep.deep == keep.deep, [keep.deep] == [keep.deep])
            elif t == 1:
                keep = None
                print(gc.collect(), db.open_now)
            else:
                first = Node(None)
                head = first
                for i in range(\(chain - 1)):
                    head = Node(head)
                first.nxt = head
                head = None
                first = None
                print(gc.collect())
        """

    func testADeepListHeldWithAConnectionIsShownExplainedCollectedAndFreed() throws {
        onSmallStack { self.deepListHeldWithAConnection() }
    }

    func deepListHeldWithAConnection() {
        guard let sim = try? Simulation(source: Self.program, name: "deep") else { return XCTFail("does not load") }
        var out = ""
        sim.onOutput = { out += $0 }
        let app = App(engine: sim, width: 120, height: 40)
        func finish(task n: Int) {
            while sim.tasksFinished <= n && !sim.isFinished { sim.run(tasks: 1) }
        }
        finish(task: 0)
        XCTAssertEqual(out, "maximum recursion depth exceeded while getting the repr of an object\nTrue True\n")

        // The snapshot: every list, the owner on its cycle, its connection held (reachable).
        let s = sim.snapshot()
        let lists = s.objects.filter { $0.typeName == "list" }
        XCTAssertGreaterThanOrEqual(lists.count, Self.depth)
        XCTAssertTrue(s.objects.contains { $0.label.hasPrefix("Owner#") && $0.inCycle })
        XCTAssertFalse(lists.contains { $0.inCycle })
        XCTAssertEqual(s.connections.map(\.state), [.held])
        // Why the innermost list is alive: a path through every level, from the owner's global.
        guard let innermost = lists.first(where: { o in o.edges.allSatisfy { $0.target == nil } }),
              let path = Explain.pathFromRoot(to: innermost.id, in: s) else { return XCTFail("no path to the innermost list") }
        XCTAssertTrue(path.hasPrefix("global keep → Owner#1 .deep → list#"), String(path.prefix(80)))
        XCTAssertTrue(path.contains("Owner"), String(path.prefix(80)))
        // The screens: the panes, the Graph view of the selected object.
        app.refresh()
        XCTAssertTrue(app.frame().text.contains("Objects"))
        app.send(.key(.char("G")))
        XCTAssertFalse(app.frame().text.isEmpty)
        app.send(.key(.escape))

        // Dropped: the collector finds the owner's cycle; reference counting frees the
        // 200,000 lists one inside the other; the finalizer closes the connection.
        finish(task: 1)
        XCTAssertEqual(out.split(separator: "\n").last, "\(Self.depth + 2) 0")   // python3 prints the same
        XCTAssertEqual(sim.snapshot().objects.filter { $0.typeName == "list" }.count, 0)

        // A ring of 100,000 instances found and freed as one garbage cycle.
        finish(task: 2)
        XCTAssertEqual(out.split(separator: "\n").last, "\(Self.chain)")
        XCTAssertEqual(sim.snapshot().objects.filter { $0.label.hasPrefix("Node#") }.count, 0)
        XCTAssertNil(sim.uncaughtTraceback)
        _ = app.frame()
    }
}
