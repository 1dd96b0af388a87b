import XCTest
@testable import GCTrapCore

/// Strongly connected components, and the cycles of the garbage named with what they keep open.
final class GarbageCyclesTests: XCTestCase {
    func components(_ adjacency: [[Int]]) -> [[Int]] {
        StronglyConnected.components(count: adjacency.count) { adjacency[$0] }
    }

    func test_componentsOfASmallGraphComeInReverseTopologicalOrder() {
        // 0 <-> 1 -> 2 -> 3 -> 2, 4 alone with a self edge, 5 alone.
        let g = [[1], [0, 2], [3], [2], [4], []]
        let comps = components(g)
        XCTAssertEqual(Set(comps.map { Set($0) }), [[0, 1], [2, 3], [4], [5]])
        let position = Dictionary(uniqueKeysWithValues: comps.enumerated().flatMap { k, c in c.map { ($0, k) } })
        // A component comes before any component that points to it.
        XCTAssertLessThan(position[2]!, position[0]!)
        XCTAssertTrue(StronglyConnected.isCycle([4]) { g[$0] })
        XCTAssertFalse(StronglyConnected.isCycle([5]) { g[$0] })
        XCTAssertTrue(StronglyConnected.isCycle([2, 3]) { g[$0] })
    }

    func test_aChainOfTwoHundredThousandNodesDoesNotRecurse() {
        // A recursive Tarjan overflows the stack long before this depth.
        let n = 200_000
        let chain = StronglyConnected.components(count: n) { $0 + 1 < n ? [$0 + 1] : [] }
        XCTAssertEqual(chain.count, n)
        let ring = StronglyConnected.components(count: n) { [($0 + 1) % n] }
        XCTAssertEqual(ring.count, 1)
        XCTAssertEqual(ring[0].count, n)
    }

    func test_theIncidentsGarbageIsOneAgentContextCyclePerTaskEachKeepingOneConnectionOpen() throws {
        let sim = try Simulation(source: EmbeddedScenarios.incident, name: "incident")
        sim.run(tasks: 100)
        let s = sim.snapshot()
        let analysis = GarbageCycles(s)
        XCTAssertGreaterThan(s.totals.leaked, 90, "no collection before task 138 on 3.11")
        XCTAssertEqual(analysis.cycles.count, s.totals.leaked)
        for c in analysis.cycles {
            XCTAssertEqual(c.name(), "Agent.context → ContextService.agent → Agent")
            XCTAssertEqual(c.members.count, 2)
            XCTAssertEqual(c.keepsAlive.count, 3, "DataService, GraphService, Connection")
            XCTAssertEqual(c.connections.count, 1)
        }
        let leaked = Set(s.connections.filter { $0.state == .leaked }.map(\.objectID))
        XCTAssertEqual(Set(analysis.keptBy.keys), leaked)
        XCTAssertTrue(analysis.keptBy.values.allSatisfy { $0.count == 1 })
    }

    func test_withoutTheBackReferenceThereIsNoCycle() throws {
        let sim = try Simulation(source: EmbeddedScenarios.incident, name: "incident",
                                 settings: ["BACK_REFERENCE": "False"])
        sim.run(tasks: 20)
        XCTAssertEqual(GarbageCycles(sim.snapshot()).cycles, [])
    }

    func test_aCycleIsNamedFromTheMemberPointedToFromOutsideIt() {
        // holder -> b; a <-> b: the cycle reads from b, where the garbage enters it.
        func o(_ id: Int, _ type: String, _ edges: [(String, Int)]) -> ObjectInfo {
            ObjectInfo(id: id, typeName: type, label: "\(type)#\(id)", refcount: 1, generation: 0,
                       edges: edges.map { Edge(label: $0.0, target: $0.1) }, reachability: .garbage,
                       inCycle: false, finalized: false, hasFinalizer: false)
        }
        let objects = [o(1, "A", [("b", 2)]), o(2, "B", [("items", 3)]), o(3, "list", [("[0]", 1)]),
                       o(4, "Holder", [("x", 2)])]
        let c = GarbageCycles(objects: objects, open: [])
        XCTAssertEqual(c.cycles.count, 1)
        XCTAssertEqual(c.cycles[0].name(arrow: "->"), "B.items -> list[0] -> A.b -> B")
        XCTAssertEqual(c.cycles[0].keepsAlive, [])
    }
}
