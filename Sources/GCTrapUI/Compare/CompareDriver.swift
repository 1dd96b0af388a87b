import GCTrapCore

/// Two (or more) investigators in lockstep: every key that moves time goes to each side's
/// `App`, so both advance by the same tasks; toggles go to the focused side; `]`/`[`/`f`
/// jump to the next, previous and first divergence. The terminal drives it like any
/// other driver.
public final class CompareDriver: TerminalDriver {
    public let apps: [App]
    let sims: [Simulation]
    public private(set) var model: CompareModel
    /// Tasks the last tick ran on each side (a recording writes them as one `run` event).
    public private(set) var lastTickTasks = 0
    /// Runs a tick's work, one closure per side, and returns when all are done. The default
    /// runs them one after the other; the terminal command gives one that runs them at once
    /// (`SideThreads` in the gctrap command), so two sides at full speed use two cores. Each
    /// closure touches only its own side's app and simulation.
    public var runSides: (_ jobs: [() -> Void]) -> Void = { jobs in for job in jobs { job() } }

    public init(simulations: [Simulation], labels: [String], criterion: DivergenceCriterion = .events,
                width: Int = 200, height: Int = 50, glyphs: Glyphs = .unicode, tickRate: Int = 30) {
        sims = simulations
        apps = simulations.map { App(engine: $0, width: width, height: height, glyphs: glyphs, tickRate: tickRate) }
        model = CompareModel(sides: apps.map(\.model), labels: labels, criterion: criterion,
                             width: width, height: height, glyphs: glyphs)
        model.track()
    }

    public func frame() -> Grid { compareView(model) }

    public func handle(_ message: Message) -> DriverResult {
        let before = model
        switch message {
        case .tick:
            lastTickTasks = 0
            guard model.running else { return .unchanged }
            let hadDivergence = !model.tracker.found.isEmpty
            let results = apps.map { _ in TickResult() }
            runSides(zip(apps, results).map { app, result in { result.transition = app.dispatch(.tick) } })
            for case .runTasks(let n) in results[0].transition?.commands ?? [] { lastTickTasks += n }
            sync()
            pauseAtFirstDivergence(hadDivergence)
        case .resize(let w, let h):
            model.width = max(0, w)
            model.height = max(0, h)
            for app in apps { _ = app.dispatch(.resize(width: w, height: h), engine: false) }
            sync()
        case .mouse(let x, _, .left):
            // A click on a side's half focuses it (two columns only).
            if model.isWide { model.focus = min(model.sides.count - 1, x * model.sides.count / max(1, model.width)) }
        case .mouse:
            break
        case .key(let key):
            if model.helpVisible {
                model.helpVisible = false
                return .redraw
            }
            model.status = nil
            if key == .char("q") || key == .ctrl("c") {
                model.quitRequested = true
                return .quit
            }
            keyPress(key)
        }
        return model == before ? .unchanged : .redraw
    }

    /// The room layout (a facilitator's lesson and `play --projector` set it; `P` flips it).
    public var projector: Bool {
        get { model.projector }
        set { model.projector = newValue }
    }

    /// Each side's simulation, in order (a lesson reads its measures from them).
    public var simulations: [Simulation] { sims }

    /// Stops every side's run (a lesson's goal is reached).
    public func pause() { pauseAll() }

    /// A point to come back to (a lesson task's start, for "show solution"): each side's
    /// simulation and investigator, and the comparison's own state.
    public struct Saved {
        let states: [(state: Simulation.SavedState, rows: TaskRows)]
        let sideModels: [Model]
        let model: CompareModel
    }

    public func save() -> Saved {
        Saved(states: sims.map { ($0.saveState(), $0.rows) }, sideModels: apps.map(\.model), model: model)
    }

    public func restore(_ s: Saved) {
        for (sim, st) in zip(sims, s.states) { sim.restoreState(st.state, rows: st.rows) }
        for (app, m) in zip(apps, s.sideModels) {
            app.updateModel { $0 = m }
            app.refresh()
        }
        model = s.model
        model.sides = apps.map(\.model)
    }

    /// Replays what a recorded tick did: every side still running runs `n` tasks. A lesson's
    /// scripted run goes on past the first divergence (`notingDivergence` false): only a live
    /// run pauses there, and says so.
    public func replayRun(tasks n: Int, notingDivergence: Bool = true) {
        let hadDivergence = !model.tracker.found.isEmpty
        for (app, sim) in zip(apps, sims) where !sim.isFinished { app.perform([.runTasks(n)]) }
        sync()
        if notingDivergence { pauseAtFirstDivergence(hadDivergence) }
    }

    private func pauseAtFirstDivergence(_ hadDivergence: Bool) {
        if !hadDivergence, let d = model.tracker.found.first {
            pauseAll()
            model.status = "paused at the first divergence (task \(d.task)): ] next, [ previous, c runs on"
        }
    }

    private func keyPress(_ key: Key) {
        switch key {
        case .char("?"):
            model.helpVisible = true
        case .tab, .backTab:
            let n = model.sides.count
            model.focus = (model.focus + (key == .tab ? 1 : n - 1)) % n
            model.codeScroll = 0
        case .char("d"):
            let all = DivergenceCriterion.allCases
            model.criterion = all[(all.firstIndex(of: model.criterion)! + 1) % all.count]
            model.retrack()
            model.status = "divergence by \(model.criterion.rawValue): \(model.criterion.explanation)"
        case .char("P"):
            model.projector.toggle()
            model.status = model.projector ? "projector mode: P returns to the full layout" : "projector mode off"
        case .char("]"): nextDivergence()
        case .char("["): previousDivergence()
        case .char("f"): firstDivergence()
        case .up: model.codeScroll -= 1
        case .down: model.codeScroll += 1
        case .pageUp: model.codeScroll -= 10
        case .pageDown: model.codeScroll += 10
        case .char(let c) where c.isNumber && c != "0":
            // A toggle flips on the focused side only: that is how the sides come to differ.
            _ = apps[model.focus].dispatch(.key(key))
            sync()
            model.retrack()
        case .char("s"), .char("n"), .char("t"), .char("c"), .char(" "), .char("+"), .char("="), .char("-"),
             .char("b"), .char("B"), .char("R"), .char("g"):
            let finishedBefore = model.sides.map { $0.snapshot.tasksFinished }
            for app in apps { _ = app.dispatch(.key(key)) }
            sync()
            if zip(finishedBefore, model.sides).contains(where: { $0 > $1.snapshot.tasksFinished }) {
                model.retrack()
            }
            if key == .char("s") || key == .char("n") || key == .char("b") { noteAlignment() }
        default:
            break
        }
    }

    /// Copies each side's model in and brings the divergences up to date.
    private func sync() {
        model.sides = apps.map(\.model)
        model.track()
    }

    private func pauseAll() {
        for app in apps { app.updateModel { $0.running = false; $0.tickCredit = 0 } }
        model.sides = apps.map(\.model)
    }

    /// Inside a task the sides step statement by statement; say so when they are not on the
    /// same line and depth (control flow differs, or one side is in a finalizer).
    private func noteAlignment() {
        let places = model.sides.map { m in (m.snapshot.module, m.snapshot.line, m.snapshot.frames.count) }
        guard Set(places.map { "\($0.0):\($0.1):\($0.2)" }).count > 1 else { return }
        model.status = zip(model.labels, places).map { label, p in
            "\(label) at \(p.0 == "__main__" ? "" : p.0 + " ")line \(p.1)" + (p.2 > 1 ? " (depth \(p.2))" : "")
        }.joined(separator: ", ")
    }

    // MARK: divergences

    private var current: Int { model.alignedTask ?? -1 }

    private func nextDivergence() {
        pauseAll()
        let from = current
        if let d = model.tracker.found.first(where: { $0.task > from }) { return seek(to: d) }
        runUntil { $0.tracker.found.contains { $0.task > from } }
        if let d = model.tracker.found.first(where: { $0.task > from }) {
            seek(to: d)
        } else {
            model.status = "no divergence by \(model.criterion.rawValue) after task \(max(from, current))"
        }
    }

    private func previousDivergence() {
        pauseAll()
        guard let d = model.tracker.found.last(where: { $0.task < current }) else {
            model.status = "no divergence before task \(max(0, current))"
            return
        }
        seek(to: d)
    }

    private func firstDivergence() {
        pauseAll()
        if model.tracker.found.isEmpty { runUntil { !$0.tracker.found.isEmpty } }
        guard let d = model.tracker.found.first else {
            model.status = "no divergence by \(model.criterion.rawValue) up to task \(current)"
            return
        }
        seek(to: d)
    }

    /// Runs every side a task at a time, in lockstep, until `done` holds or all are over.
    /// Divergences are tracked from the simulations' rows as they grow; the screen is
    /// refreshed once at the end.
    private func runUntil(_ done: (CompareModel) -> Bool) {
        var probe = model
        while !done(probe) && !sims.allSatisfy(\.isFinished) && !probe.tracker.ended {
            for sim in sims where !sim.isFinished { sim.finishTask() }
            probe.tracker.advance(liveSides(), final: sims.contains(where: \.isFinished))
        }
        model.tracker = probe.tracker
        for app in apps { app.refresh() }
        model.sides = apps.map(\.model)
    }

    private func liveSides() -> [ComparisonSide] {
        zip(model.labels, sims).map { label, sim in
            ComparisonSide(label: label, profile: sim.profile, rows: sim.rows, died: sim.uncaughtType)
        }
    }

    /// Every side to the end of the divergence's task (back by restarting: the run is
    /// deterministic, so the same task comes out the same).
    private func seek(to d: Divergence) {
        var restarted = false
        for sim in sims {
            if (sim.rows.last?.task ?? -1) > d.task { sim.restart(); restarted = true }
            while (sim.rows.last?.task ?? -1) < d.task && !sim.isFinished { sim.finishTask() }
        }
        for app in apps { app.refresh() }
        model.sides = apps.map(\.model)
        // A toggle flipped mid-run is replayed from the start: the rows may differ now.
        if restarted { model.retrack() }
        model.codeScroll = 0
        let index = (model.tracker.found.firstIndex(of: d) ?? 0) + 1
        model.status = "divergence \(index) of \(model.tracker.ended ? "\(model.tracker.found.count)" : "\(model.tracker.found.count)+")"
    }
}

/// One side's tick result, written by the closure that ran it (one box per side, so sides
/// running at once never write the same memory).
private final class TickResult: @unchecked Sendable {
    var transition: Transition?
}
