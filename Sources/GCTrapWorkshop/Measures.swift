// What a lesson's goals, predictions and checks can measure: names for quantities of the
// live simulation and of the screen. docs/lessons.md lists them; `gctrap lesson check`
// refuses a name that is not here (nor a toggle of the scenario).
import GCTrapCore
import GCTrapSession
import GCTrapUI

public enum Measures {
    /// Every measure, with what it is (docs/lessons.md is written from this list).
    public static let all: [(name: String, about: String)] = [
        ("tasks_done", "tasks finished since the start (or the last restart)"),
        ("task", "the task running now, none outside the task loop"),
        ("finished", "true once the program ran to its end"),
        ("error", "the class of the exception that killed the program (TooManyConnections, PoolExhausted...), none while it lives"),
        ("died_in_task", "the task in which the program died, none while it lives"),
        ("open", "connections open now (leaked, held, in use and idle)"),
        ("peak_open", "the most connections open at once since the start, in-task moments included (db.peak_open)"),
        ("leaked", "open connections whose owner is unreachable: only the collector will close them"),
        ("held", "open connections still reachable and never released"),
        ("in_use", "pool connections checked out"),
        ("idle", "pool connections waiting for reuse"),
        ("closed_explicit", "connections closed by close() or a with-statement"),
        ("closed_by_finalizer", "connections closed by their finalizer (refcounting or the collector freed them)"),
        ("collections", "collections of any generation so far, gc.collect() included"),
        ("gen0_collections", "generation-0 collections so far"),
        ("gen1_collections", "generation-1 collections so far"),
        ("gen2_collections", "full collections so far (the loop's start and gc.collect() included)"),
        ("first_collection_task", "the first task during which a collection ran, none before"),
        ("collection_interval", "tasks between the last two tasks in which a collection ran, none before the second"),
        ("gen0_growth", "how much generation 0's counter grew over the last finished task (objects it left behind), none before two tasks"),
        ("gen0_count", "generation 0's counter now (a collection comes when it passes the threshold)"),
        ("threshold0", "generation 0's threshold (700 on 3.11 and 3.12, 2000 on 3.13)"),
        ("scanned", "objects scanned by all collections so far (a full one counts the whole heap)"),
        ("last_scanned", "objects the last collection scanned, none before the first"),
        ("garbage", "objects now unreachable and waiting for the collector"),
        ("steps", "statements executed"),
        ("focus", "the focused pane: code, scopes, objects, connections or gc"),
        ("inspected", "the type of the object whose why-alive explanation is open (Enter), none when closed"),
        ("graph_cycles", "the reference cycles the Graph view (G) shows, none while it is closed"),
        ("inspected_state", "for an inspected connection: leaked, held, in use or idle; none otherwise"),
        ("selected_reference", "the reference selected in the Graph view (r), as Owner.attribute (ContextService.agent), none when none is"),
        ("selected_reference_closes_cycle", "true when the reference selected in the Graph view closes a cycle it names (the last arrow of its path, back to where it started), false for another reference, none when none is selected"),
    ]

    public static func isKnown(_ name: String, toggles: [Toggle]) -> Bool {
        all.contains { $0.name == name } || toggles.contains { $0.name == name }
    }

    /// A comparison lesson's measures: the comparison's own, and any measure of one side,
    /// named by its side (`left.peak_open`, `right.error`, `left.BACK_REFERENCE`).
    public static let comparison: [(name: String, about: String)] = [
        ("divergence_task", "the task of the first divergence found so far by the comparison's criterion, none before one is found"),
        ("divergences", "how many divergences have been found so far"),
        ("aligned_task", "the task both sides stand at (the last one either side finished: lockstep), none before the first"),
        ("at_divergence", "the task of the divergence the sides stand at (`f`, `]`, `[` jump to one), none when the aligned task is no divergence found"),
        ("focused_side", "the label of the side `Tab` focused (its toggles flip with 1-9, the Code pane follows it)"),
        ("criterion", "the divergence criterion now (events, open, leaked, collections, error, heap; `d` changes it)"),
        ("left.M, right.M", "measure M of the list above (or a toggle) on the left or the right side: left.peak_open, right.error"),
    ]

    static let sidePrefixes = ["left.", "right."]

    public static func isKnown(_ name: String, compareSides toggles: [[Toggle]]) -> Bool {
        if comparison.contains(where: { $0.name == name }) { return true }
        for (i, p) in sidePrefixes.enumerated() where name.hasPrefix(p) && i < toggles.count {
            return isKnown(String(name.dropFirst(p.count)), toggles: toggles[i])
        }
        return false
    }

    /// A comparison lesson's measure now; nil for a name that is no measure.
    public static func value(_ name: String, compare c: CompareDriver) -> LessonValue? {
        let m = c.model
        switch name {
        case "divergence_task": return m.tracker.found.first.map { .int($0.task) } ?? LessonValue.none
        case "divergences": return .int(m.tracker.found.count)
        case "aligned_task": return m.alignedTask.map(LessonValue.int) ?? LessonValue.none
        case "at_divergence":
            guard let k = m.alignedTask, m.tracker.found.contains(where: { $0.task == k }) else { return LessonValue.none }
            return .int(k)
        case "focused_side": return .text(m.labels[m.focus])
        case "criterion": return .text(m.criterion.rawValue)
        default:
            for (i, p) in sidePrefixes.enumerated() where name.hasPrefix(p) && i < c.apps.count {
                return value(String(name.dropFirst(p.count)), sim: c.simulations[i], model: c.apps[i].model)
            }
            return nil
        }
    }

    /// The measure's value now; nil for a name that is no measure.
    public static func value(_ name: String, sim: Simulation, model: Model?) -> LessonValue? {
        let totals = { sim.connectionTotals }
        switch name {
        case "tasks_done": return .int(sim.rows.count)
        case "task": return sim.currentTask.map(LessonValue.int) ?? LessonValue.none
        case "finished":
            if case .finished = sim.state { return .bool(true) }
            return .bool(false)
        case "error": return sim.uncaughtType.map(LessonValue.text) ?? LessonValue.none
        case "died_in_task":
            guard sim.uncaughtType != nil else { return LessonValue.none }
            return sim.currentTask.map(LessonValue.int) ?? sim.rows.last(where: { !$0.error.isEmpty }).map { .int($0.task) } ?? LessonValue.none
        case "open": return .int(totals().open)
        case "peak_open": return .int(max(sim.moduleInt("db", "peak_open") ?? 0, totals().open))
        case "leaked": return .int(totals().leaked)
        case "held": return .int(totals().held)
        case "in_use": return .int(totals().inUse)
        case "idle": return .int(totals().idle)
        case "closed_explicit": return .int(totals().closedExplicit)
        case "closed_by_finalizer": return .int(totals().closedByFinalizer)
        case "collections": return .int(sim.gcCollections.reduce(0, +))
        case "gen0_collections": return .int(sim.gcCollections[0])
        case "gen1_collections": return .int(sim.gcCollections[1])
        case "gen2_collections": return .int(sim.gcCollections[2])
        case "first_collection_task":
            return sim.rows.first(where: { !$0.collectionsDuring.isEmpty }).map { .int($0.task) } ?? LessonValue.none
        case "collection_interval":
            let with = sim.rows.lazy.filter { !$0.collectionsDuring.isEmpty }.suffix(2)
            guard with.count == 2 else { return LessonValue.none }
            return .int(with.last!.task - with.first!.task)
        case "gen0_growth":
            let rows = sim.rows
            guard rows.count >= 2 else { return LessonValue.none }
            return .int(rows[rows.count - 1].count0 - rows[rows.count - 2].count0)
        case "gen0_count": return .int(sim.snapshot().gc.counts[0])
        case "threshold0": return .int(sim.profile.thresholds[0])
        case "scanned": return .int(sim.objectsScanned)
        case "last_scanned": return sim.snapshot().gc.last.map { .int($0.scanned) } ?? LessonValue.none
        case "garbage": return .int(sim.snapshot().objects.filter { $0.reachability == .garbage }.count)
        case "steps": return .int(sim.steps)
        case "focus": return .text((model?.focus ?? .code).title.lowercased())
        case "inspected":
            guard let m = model, let id = m.inspected, let o = m.snapshot.objects.first(where: { $0.id == id }) else { return LessonValue.none }
            return .text(o.typeName)
        case "inspected_state":
            guard let m = model, let id = m.inspected, let c = m.snapshot.connections.first(where: { $0.objectID == id }) else { return LessonValue.none }
            return .text(c.state.rawValue)
        case "selected_reference", "selected_reference_closes_cycle":
            guard let m = model, let g = m.graph, let k = g.selectedLink else { return LessonValue.none }
            let scene = GraphScene(g.focus, in: m.snapshot)
            guard k < scene.links.count else { return LessonValue.none }
            return name == "selected_reference" ? .text(scene.referenceName(scene.links[k])) : .bool(scene.links[k].closesCycle)
        case "graph_cycles":
            guard let m = model, let g = m.graph else { return LessonValue.none }
            return .int(GraphScene(g.focus, in: m.snapshot).cycles.count)
        default:
            if let t = sim.toggles.first(where: { $0.name == name }) { return .bool(t.value) }
            return nil
        }
    }

    /// Whether every condition holds now.
    public static func holds(_ goal: [Condition], sim: Simulation, model: Model?) -> Bool {
        goal.allSatisfy { c in value(c.measure, sim: sim, model: model).map(c.expect.holds) ?? false }
    }
}
