// The public face of the core: load a scenario, step it (statement, next, task, to the
// end), step back through checkpoints, and take snapshots. Deterministic: the same
// source, toggles and actions give the same states.

public enum SetupError: Error, Equatable, Sendable {
    /// A syntax error or unsupported construct in a module ("__main__" or "db").
    case scenario(ScenarioError, module: String, lines: [String])
    case unknownSetting(name: String, available: [String])
    case badSettingValue(name: String, value: String, expected: String)
}

public final class Simulation {
    public let scenarioName: String
    public let profile: PythonProfile
    public let source: String
    public private(set) var settings: [String: Value]
    /// The gen-0 count when the task loop starts (`--gen0-at-start`): 0 up to the profile's
    /// first threshold, exclusive; callers check the range (`Simulation.gen0AtStartRange`).
    public let gen0AtStart: Int
    let program: Program
    var machine: Machine
    public internal(set) var rows: TaskRows = []
    /// The rows' block maxima for the charts, kept in step with `rows`.
    public internal(set) var rowChart = TaskRowChart()
    /// The statement count at which each task started (for `B`).
    var taskStarts = TaskStarts()
    /// Rows appended since the start (the thinned-out ones included).
    var rowsEver = 0
    /// Each kept row's place among all rows (`rowsEver` counting), while thinning.
    var rowSeq: [Int] = []
    /// The live investigator's long runs: rows and task starts thin out behind the most
    /// recent ones (Simulation+History). Off for headless runs and replayed sessions.
    var denseHistory = Simulation.defaultDenseHistory
    public var thinsHistory = false {
        didSet { if thinsHistory != oldValue { rowSeq = thinsHistory ? Array((rowsEver - rows.count)..<rowsEver) : [] } }
    }

    // Checkpoints for stepping back: machine copies (detached) every `interval` steps.
    struct Checkpoint {
        var machine: Machine; var rows: Int; var events: EventHistory
        /// The toggles in force from here on (a seek before a flip gives the old ones back).
        var settings: [String: Value]
        /// Taken right after the investigator changed the run (`g`, a toggle): re-execution
        /// cannot redo that, so seeks at or after it start here, and thinning keeps it.
        var pinned = false
        /// The heap's modelled bytes when it was taken: what its copy comes to hold once the
        /// run changes what it shares (a dict growing by one entry copies the whole table).
        var cost = 0
        /// Never reused in this simulation: a player's saved states share checkpoints, and
        /// count each one once (SessionPlayer's budget of saved states).
        var serial = 0
    }

    func checkpointHere(pinned: Bool = false) -> Checkpoint {
        checkpointSerial += 1
        return Checkpoint(machine: machine.detached(), rows: rowsEver, events: events, settings: settings, pinned: pinned,
                          cost: machine.memory.modelledBytes, serial: checkpointSerial)
    }

    /// The investigator changed the run here: what was computed past this point (after
    /// stepping back) is another timeline, and re-execution from earlier checkpoints would
    /// miss the change, so a pinned checkpoint marks it.
    func pinHere() {
        guard keepsCheckpoints else { return }
        timelineRevision += 1
        checkpoints.removeAll { $0.machine.steps > machine.steps }
        checkpoints.append(checkpointHere(pinned: true))
    }
    /// Every notable event so far (collections, new highs, refusals, the failure), in order.
    public internal(set) var events = EventHistory()
    /// Runs of `run(tasks:)` (the investigator's play) stop at these kinds of event.
    public var pauseOn = EventKinds.none
    var checkpoints: [Checkpoint] = []
    var checkpointInterval = 2_000
    let maxCheckpoints = 256
    var checkpointSerial = 0
    /// Where this timeline ends, once a run has got there (Simulation+TimelineEnd).
    var timelineEnd: TimelineEnd?
    /// Bumped whenever the investigator's changes on record (pinned checkpoints) may change.
    var timelineRevision = 0
    var endCheckedAt: (revision: Int, valid: Bool)?
    /// Statements executed by every run so far, top-level and nested, re-execution after a
    /// step back, a seek or a restart included: what replaying a session has cost.
    public internal(set) var workDone = 0
    /// The modelled bytes the checkpoints may hold together (their `cost`s); nil: the memory
    /// budget. Past it they thin out as when there are too many, so a program at its memory
    /// budget keeps a few checkpoints rather than hundreds of copies of its heap.
    public var checkpointBudget: Int?
    var effectiveCheckpointBudget: Int { checkpointBudget ?? memoryBudget }
    /// What the checkpoints hold, in modelled bytes.
    public var checkpointBytes: Int { checkpoints.reduce(0) { $0 + $1.cost } }
    public var checkpointCount: Int { checkpoints.count }
    public var maxSteps = 50_000_000 { didSet { machine.maxSteps = maxSteps } }
    /// Budget of modelled memory in bytes (Machine+Limits): past it the program gets MemoryError.
    public var memoryBudget = Simulation.defaultMemoryBudget { didSet { machine.memory.budget = memoryBudget } }
    public static let defaultMemoryBudget = MemoryBudget.defaultBudget
    /// Stops the run after this many finished tasks (--max-tasks).
    public var maxTasks = Int.max { didSet { machine.maxTasks = maxTasks } }

    /// The limits belong to the simulation, not to a machine: a checkpoint or saved state
    /// taken before they were set (the first one is taken at init) must not bring back the
    /// defaults, or a step back would run a finalizer chain to 50,000,000 statements under
    /// `--max-steps 5000000` (fuzz seed 5011).
    func applyLimits() {
        machine.maxSteps = maxSteps
        machine.memory.budget = memoryBudget
        machine.maxTasks = maxTasks
    }
    /// Off for headless runs, which never step back: saves the checkpoints' memory.
    public var keepsCheckpoints = true

    /// Parses and compiles the scenario (and the db module it may import).
    /// `settings` override module-level constants: `["RETURN_AGENT": "False"]`.
    public init(source: String, name: String = "scenario", profile: PythonProfile = .py311,
                settings: [String: String] = [:], dbSource: String = EmbeddedScenarios.db,
                fileName: String? = nil, gen0AtStart: Int = 0) throws {
        self.gen0AtStart = gen0AtStart
        self.scenarioName = name
        self.profile = profile
        self.source = source
        var main: Module
        do {
            main = try parseModule(source: source, name: "__main__")
        } catch let e as ScenarioError {
            throw SetupError.scenario(e, module: "__main__", lines: Simulation.lines(source))
        }
        // contextlib (@contextmanager) is interpreted from its source when the program imports it.
        let contextlib = Simulation.imports(main.body, ContextlibModule.name)
            ? try? parseModule(source: ContextlibModule.source(minor: profile.minor), name: ContextlibModule.name) : nil
        let db: Module
        do {
            db = try parseModule(source: dbSource, name: "db")
        } catch let e as ScenarioError {
            throw SetupError.scenario(e, module: "db", lines: Simulation.lines(dbSource))
        }
        let usage: LoadCheck.Usage
        do {
            usage = try LoadCheck.check(main, db: db)
        } catch let e as ScenarioError {
            throw SetupError.scenario(e, module: "__main__", lines: main.lines)
        }
        let constants = Simulation.constants(main)
        var parsed: [String: Value] = [:]
        for (k, text) in settings.sorted(by: { $0.key < $1.key }) {
            guard let current = constants.first(where: { $0.name == k }) else {
                throw SetupError.unknownSetting(name: k, available: constants.map(\.name))
            }
            guard let v = Simulation.parseSetting(text, like: current.value) else {
                throw SetupError.badSettingValue(name: k, value: text, expected: Simulation.kind(of: current.value))
            }
            parsed[k] = v
        }
        self.settings = parsed
        let program = Program()
        do {
            _ = try Compiler.compileModule(main, into: program, inlineComprehensions: profile.inlinedComprehensions)
        } catch let e as ScenarioError {
            throw SetupError.scenario(e, module: "__main__", lines: main.lines)
        }
        do {
            _ = try Compiler.compileModule(db, into: program)
        } catch let e as ScenarioError {
            throw SetupError.scenario(e, module: "db", lines: Simulation.lines(dbSource))
        }
        if let m = contextlib {
            do {
                _ = try Compiler.compileModule(m, into: program, inlineComprehensions: profile.inlinedComprehensions)
            } catch let e as ScenarioError {
                throw SetupError.scenario(e, module: m.name, lines: m.lines)
            }
        }
        if usage.weakrefFinalize || usage.weakValueDictionary {
            // the embedded source is tested: an error here is gctrap's own bug
            let lib = try! parseModule(source: WeakrefFinalize.source(finalize: usage.weakrefFinalize, weakValueDictionary: usage.weakValueDictionary),
                                       name: WeakrefFinalize.moduleName)
            _ = try! Compiler.compileModule(lib, into: program, inlineComprehensions: profile.inlinedComprehensions)
        }
        self.program = program
        machine = Simulation.freshMachine(program, profile, fileName ?? "\(name).py")
        applyLimits()
        applySettings()
        checkpoints = [checkpointHere()]
    }

    /// The values `gen0AtStart` may take on a profile: below the first threshold, so the
    /// first collection is still to come when the loop starts.
    public static func gen0AtStartRange(_ profile: PythonProfile) -> Range<Int>? {
        let t = profile.thresholds[0]
        return t > 0 ? 0..<t : nil
    }

    static func freshMachine(_ program: Program, _ profile: PythonProfile, _ fileName: String) -> Machine {
        var m = Machine(program: program, profile: profile)
        m.mainFileName = fileName
        m.bootstrap()
        let mainModule = m.createModule(0)
        var frame = Frame(code: Int32(program.modules[0].code), base: 0, callee: -1, module: mainModule, cont: .discard)
        frame.line = 1
        // the hidden variables of comprehensions inlined at module level (PEP 709, 3.12+)
        m.stack.append(contentsOf: repeatElement(Value.undefined, count: program.codes[Int(frame.code)].localNames.count))
        m.frames.append(frame)
        m.warmUp(frame.code)   // RESUME of the module's code counts toward 3.11's quickening
        if let lib = program.moduleIndex(named: WeakrefFinalize.moduleName) { m.loadWeakrefFinalize(lib) }
        // Start-up leaves the collector at rest: counts at zero, nothing pending.
        m.gc.counts = [0, 0, 0]
        m.gc.longLivedTotal = m.gc.baseHeap
        return m
    }

    /// Whether any `import` in the program (at any depth) names this module.
    static func imports(_ body: [Stmt], _ module: String) -> Bool {
        for s in body {
            switch s.kind {
            case .import(let ns): if ns.contains(where: { $0.name == module }) { return true }
            case .importFrom(let m, _): if m == module { return true }
            case .if(_, let b, let o), .while(_, let b, let o), .for(_, _, let b, let o):
                if imports(b, module) || imports(o, module) { return true }
            case .with(_, let b): if imports(b, module) { return true }
            case .try(let b, let hs, let o, let f):
                if imports(b, module) || imports(o, module) || imports(f, module) { return true }
                if hs.contains(where: { imports($0.body, module) }) { return true }
            case .functionDef(let d): if imports(d.body, module) { return true }
            case .classDef(_, _, let b): if imports(b, module) { return true }
            default: break
            }
        }
        return false
    }

    static func lines(_ source: String) -> [String] {
        source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    // MARK: settings (toggles and other module-level constants)

    struct Constant { var name: String; var value: Value; var line: Int }

    static func constants(_ module: Module) -> [Constant] {
        var out: [Constant] = []
        for s in module.body {
            guard case .assign(let targets, let value) = s.kind, targets.count == 1,
                  case .name(let n) = targets[0].kind, !out.contains(where: { $0.name == n }) else { continue }
            switch value.kind {
            case .bool(let b): out.append(Constant(name: n, value: .bool(b), line: s.pos.line))
            case .int(let i): out.append(Constant(name: n, value: .int(i), line: s.pos.line))
            case .str(let x): out.append(Constant(name: n, value: .str(x), line: s.pos.line))
            case .unary(.neg, let e):
                if case .int(let i) = e.kind { out.append(Constant(name: n, value: .int(-i), line: s.pos.line)) }
            default: break
            }
        }
        return out
    }

    static func kind(of v: Value) -> String {
        switch v {
        case .bool: return "a boolean (True or False)"
        case .int: return "an integer"
        default: return "a string"
        }
    }

    static func parseSetting(_ text: String, like current: Value) -> Value? {
        switch current {
        case .bool:
            switch text.lowercased() {
            case "true", "1", "yes", "on": return .bool(true)
            case "false", "0", "no", "off": return .bool(false)
            default: return nil
            }
        case .int:
            return Int(text).map { .int($0) }
        default:
            return .str(text)
        }
    }

    public var toggles: [Toggle] {
        program.modules[0].toggles.map { t in
            var t = t
            if case .bool(let b) = settings[t.name] { t.value = b }
            if let v = machine.globalValue(t.name), case .bool(let b) = v { t.value = b }
            return t
        }
    }

    /// Flips a toggle from the next read of the constant on (and for restarts).
    public func setToggle(_ name: String, _ value: Bool) {
        settings[name] = .bool(value)
        applySettings()
        pinHere()
    }

    public func setToggle(index: Int, value: Bool) {
        let t = program.modules[0].toggles
        guard index >= 0 && index < t.count else { return }
        setToggle(t[index].name, value)
    }

    /// Settings act where the constant is declared (module-level stores) and, once it
    /// exists, on the live global: "from the next read of the constant".
    func applySettings() {
        machine.gen0AtStart = gen0AtStart
        var slots: [Int32: Value] = [:]
        for (k, v) in settings {
            if let id = program.nameIDs[k], let slot = program.modules[0].slotOf[id] { slots[slot] = v }
            machine.setGlobalIfDefined(k, v)
        }
        machine.overrides = slots
    }

    // MARK: running

    public var isFinished: Bool { machine.finished || machine.limit != nil }

    /// Called with the statement count about every 65,536 statements while the simulation
    /// runs (a seek that replays a long run draws its progress from it). It runs inside the
    /// run: it must not read or change this simulation.
    public var onProgress: ((_ steps: Int) -> Void)?

    @discardableResult
    func run(_ stop: StopRule) -> RunOutcome {
        guard !isFinished else { return .finished }
        let outcome = execute(stop)
        drainRows()
        maybeCheckpoint()
        return outcome
    }

    /// Every run of the machine goes through here: it counts the work, and a run that goes
    /// on into the statement where this timeline is known to end lands on that end instead
    /// of running into it again (Simulation+TimelineEnd).
    func execute(_ stop: StopRule) -> RunOutcome {
        if let end = reusableEnd(), machine.steps == end.step {
            drainRows()
            if canAdopt(end) { return adopt(end) }
        }
        armProgress()
        let before = machine.steps + machine.nestedSteps
        let outcome = machine.execute(stop: stop, base: 0, maxSteps: maxSteps)
        workDone += machine.steps + machine.nestedSteps - before
        if machine.reachedKnownEnd {
            machine.reachedKnownEnd = false
            drainRows()
            if let end = timelineEnd, canAdopt(end) { return adopt(end) }
            return execute(stop)   // (not expected) the same timeline without the shortcut
        }
        if isFinished {
            drainRows()
            rememberEnd()
        }
        return outcome
    }

    /// A restored checkpoint brings its own machine: hand it the progress hook again.
    private func armProgress() {
        machine.progress = onProgress
        machine.nextProgress = onProgress == nil ? Int.max : machine.steps + Machine.progressEvery
        machine.knownEndStep = Int.max
        machine.reachedKnownEnd = false
        if let end = reusableEnd(), end.step > machine.steps {
            machine.knownEndStep = end.step
            machine.nextProgress = min(machine.nextProgress, end.step)
        }
    }

    func drainRows() {
        if !machine.runEvents.isEmpty {
            for e in machine.runEvents {
                if e.continued { events.extendLast(with: e) } else { events.append(e) }
                if e.kind == .uncaught { events.failure = machine.failureSummary.map(Sanitize.printable) }
            }
            machine.runEvents.removeAll()
        }
        if !machine.rows.isEmpty {
            rows.append(contentsOf: machine.rows)
            if thinsHistory { rowSeq.append(contentsOf: rowsEver..<(rowsEver + machine.rows.count)) }
            rowsEver += machine.rows.count
            machine.rows.removeAll()
            rowChart.extend(rows)
        }
        for (k, step) in machine.taskStarts {
            taskStarts.set(k, step)
        }
        machine.taskStarts.removeAll()
        thinHistoryIfNeeded()
    }

    /// pdb's `s`: the next statement, entering calls.
    public func step() { run(.statement) }

    /// pdb's `n`: the next statement in this frame (or the caller's after a return).
    public func next() { run(.statementAtDepth(machine.frames.count)) }

    /// To the end of the current task (or the first task boundary).
    public func finishTask() { run(.taskBoundary) }

    /// Runs `n` task boundaries, or to the end, or (with `pauseOn`) to the first event of
    /// those kinds. True when it stopped on such an event.
    @discardableResult
    public func run(tasks n: Int) -> Bool {
        machine.eventSignal = 0
        var left = n
        while left > 0 && !isFinished {
            run(pauseOn.isEmpty ? .taskBoundary : .taskBoundaryOrEvent(pauseOn.mask))
            if machine.eventSignal & pauseOn.mask != 0 { return true }
            left -= 1
        }
        return false
    }

    /// `]`: runs to just after the next event of these kinds (the start of the statement
    /// that follows it), or to the end. Returns that event, nil when the program ended first.
    @discardableResult
    public func runToNextEvent(_ kinds: EventKinds = .all) -> RunEvent? {
        guard !kinds.isEmpty else { return nil }
        machine.eventSignal = 0
        while !isFinished {
            let before = machine.steps
            // In chunks, so checkpoints keep being taken along the way.
            run(.event(kinds.mask, atStep: machine.steps + checkpointInterval))
            if machine.eventSignal & kinds.mask != 0 { break }
            if machine.steps == before && !isFinished { break }
        }
        guard machine.eventSignal & kinds.mask != 0 else { return nil }
        return newestEvent(kinds, before: Int.max)
    }

    /// Where the run stands, on the events' scale: a finished program is past its last
    /// statement (events of that statement show at `steps + 1`).
    var eventPosition: Int { machine.finished ? machine.steps + 1 : machine.steps }

    func newestEvent(_ kinds: EventKinds, before position: Int) -> RunEvent? {
        var i = events.lastIndex(before: position)
        while let k = i {
            if kinds.contains(events[k].kind) { return events[k] }
            i = k > 0 ? k - 1 : nil
        }
        return nil
    }

    /// To the event at `index` (oldest first), exactly: where it shows.
    public func goToEvent(index: Int) {
        guard index >= 0 && index < events.count else { return }
        seek(toStep: events[index].step)
    }

    /// `[`: back to the previous event of these kinds (exact: a seek to the statement count
    /// at which it shows). Returns it, nil when there is none before this point.
    @discardableResult
    public func backToPreviousEvent(_ kinds: EventKinds = .all) -> RunEvent? {
        guard let e = newestEvent(kinds, before: eventPosition) else { return nil }
        seek(toStep: e.step)
        return e
    }

    /// To the end of the program (or --max-steps).
    public func runToEnd() {
        while !isFinished {
            let before = machine.steps
            // In chunks, so checkpoints keep being taken along the way.
            run(.atStep(machine.steps + checkpointInterval))
            if machine.steps == before && !isFinished { break }
        }
    }

    /// gc.collect() now, from outside the program (the investigator's `g`).
    @discardableResult
    public func collectNow() -> Int {
        guard !machine.gc.collecting else { return 0 }
        machine.outsideRun = true
        // The finalizers it runs are work like any run's: a session of `g` and `back` must
        // not replay them outside the budget.
        let before = machine.steps + machine.nestedSteps
        let collected = machine.collectNow(generation: 2)
        workDone += machine.steps + machine.nestedSteps - before
        machine.outsideRun = false
        drainRows()
        pinHere()
        return collected
    }

    // MARK: stepping back

    /// Checkpoints stay evenly spread over the whole run: when there are too many, every
    /// other one goes and the interval doubles, so any point is at most `interval` steps
    /// of re-execution away and memory stays bounded.
    func maybeCheckpoint() {
        guard keepsCheckpoints, let last = checkpoints.last,
              machine.steps - last.machine.steps >= checkpointInterval else { return }
        checkpoints.append(checkpointHere())
        if checkpoints.count > maxCheckpoints { thinCheckpoints() }
        let budget = effectiveCheckpointBudget
        while checkpointBytes > budget && checkpoints.count > 2 && thinCheckpoints() {}
    }

    /// Every other checkpoint goes (the first and the pinned ones stay) and the interval
    /// doubles. False when none could go.
    @discardableResult
    func thinCheckpoints() -> Bool {
        let before = checkpoints.count
        checkpoints = checkpoints.enumerated().filter { $0.offset % 2 == 0 || $0.element.pinned }.map(\.element)
        checkpointInterval *= 2
        return checkpoints.count < before
    }

    /// Returns to the state after `target` statements (deterministic re-execution).
    public func seek(toStep target: Int) {
        let t = max(0, target)
        // A checkpoint of the finished (or stopped) program is not the state after its last
        // statement: `back` from the end would stay at the end.
        guard let cp = checkpoints.last(where: {
            $0.machine.steps < t || ($0.machine.steps == t && !Simulation.isEnd($0.machine))
        }) else { return }
        // Back before an investigator's `g` or toggle: that change is undone, and the
        // timeline after it (its checkpoints) with it; going forward runs without it.
        if checkpoints.contains(where: { $0.pinned && $0.machine.steps > t }) {
            checkpoints.removeAll { $0.machine.steps > t }
            timelineRevision += 1
        }
        if cp.machine.steps > machine.steps && machine.steps <= t {
            // Forward past a later checkpoint (after a step back): it keeps only a count of
            // the rows, not the rows between here and there, so run on from here instead.
            if !isFinished {
                _ = execute(.atStep(t))
                drainRows()
            }
            return
        }
        machine = cp.machine.detached()   // the checkpoint stays as it was, for the next seek
        applyLimits()
        if thinsHistory {
            while let last = rowSeq.last, last >= cp.rows { rowSeq.removeLast(); rows.removeLast() }
        } else {
            rows.removeLast(rows.count - min(rows.count, cp.rows))
        }
        rowChart.truncate(to: rows.count)
        rowsEver = min(rowsEver, cp.rows)
        events = cp.events
        settings = cp.settings
        applySettings()
        if machine.steps < t && !isFinished {
            _ = execute(.atStep(t))   // re-executing far from a checkpoint can take a while too
            drainRows()
        }
    }

    /// One statement back. A finished program stands after its last statement, so one
    /// back is the start of that statement (the `raise` that ended it), not the one before.
    public func back() { seek(toStep: machine.finished ? machine.steps : machine.steps - 1) }

    /// Back to the first statement of the current task, or of the previous task when
    /// already there.
    public func backTask() {
        // Exact while the task starts are dense; far back in a long live run (thinned)
        // it lands on the nearest earlier task start kept.
        guard let k = machine.task ?? taskStarts.lastTask, let here = taskStarts.start(atOrBefore: k) else {
            seek(toStep: 0); return
        }
        var target = here.step + 1
        if machine.steps <= target {
            target = here.task > 0 ? (taskStarts.start(atOrBefore: here.task - 1).map { $0.step + 1 } ?? 0) : 0
        }
        seek(toStep: target)
    }

    /// Starts over with the current toggles.
    public func restart() {
        machine = Simulation.freshMachine(program, profile, machine.mainFileName)
        applyLimits()
        rows = []
        rowChart = TaskRowChart()
        events = EventHistory()
        rowSeq = []
        rowsEver = 0
        taskStarts = TaskStarts()
        checkpointInterval = 2_000
        applySettings()
        checkpoints = [checkpointHere()]
        timelineRevision += 1
    }

    // MARK: results

    public var state: RunState {
        if let l = machine.limit { return .stopped(l.message + (l.line > 0 ? " (line \(l.line))" : "")) }
        if machine.uncaught >= 0 { return .failed(machine.exceptionSummary(machine.uncaught)) }
        if machine.finished { return .finished }
        return machine.steps == 0 ? .ready : .running
    }

    public var steps: Int { machine.steps }
    public var currentTask: Int? { machine.task }
    public var limitReached: SimulationLimit? { machine.limit }

    /// CPython's traceback of the exception that ended the program.
    public var uncaughtTraceback: String? {
        machine.uncaught >= 0 ? machine.tracebackText(machine.uncaught) : nil
    }

    public var uncaughtType: String? {
        machine.uncaught >= 0 ? machine.typeName(of: .obj(machine.uncaught)) : nil
    }

    /// What print() wrote, in order (the most recent thousand writes).
    public var output: [String] { machine.output }

    public var gcCollections: [Int] { machine.gc.collections }

    /// Receives what the program prints, as it prints it.
    public var onOutput: ((String) -> Void)? {
        get { machine.outputSink }
        set { machine.outputSink = newValue }
    }

    /// Receives what CPython would write to stderr while the program runs ("Exception
    /// ignored in: ..." from a failing finalizer). When nil it goes to `onOutput`.
    public var onErrorOutput: ((String) -> Void)? {
        get { machine.errorSink }
        set { machine.errorSink = newValue }
    }

    public func recentEvents(_ n: Int) -> [LoggedEvent] { machine.events.recent(n) }

    public func sourceLines(module: String) -> [String]? {
        program.moduleIndex(named: module).map { program.modules[$0].lines }
    }

    public var disassembly: String { program.disassembly() }

    public var connectionTotals: ConnectionTotals { SnapshotBuilder(machine: machine).totals() }

    /// Objects scanned by every collection since the start (a full one counts the base heap):
    /// the price of `gc.collect()` that workshop lessons score.
    public var objectsScanned: Int { machine.gc.scannedTotal }

    /// A module-level integer of a loaded module, e.g. `db.peak_open` (the most connections
    /// open at once, in-task moments included); nil before the module is imported.
    public func moduleInt(_ module: String, _ name: String) -> Int? {
        guard let m = program.moduleIndex(named: module), m < machine.modules.count, machine.modules[m] >= 0,
              let id = program.nameIDs[name], case .int(let v)? = machine.attributeValue(.obj(machine.modules[m]), id)
        else { return nil }
        return v
    }
}

// MARK: saved states (recorded sessions seek with them)

extension Simulation {
    /// Everything needed to return to this exact point later, stepping-back checkpoints
    /// included (so `back` after a restore behaves as it did). Taking one copies the machine
    /// (`Machine.detached()`: its stack, frames and heap sit behind pointers), so it is taken
    /// only now and then (a recording's seek points, a lesson's parts). The finished-task
    /// rows are kept apart: they grow large, and the caller can share them between states
    /// (`restoreState(_:rows:)` takes them back).
    public struct SavedState {
        var machine: Machine
        var checkpoints: [Checkpoint]
        var checkpointInterval: Int
        var taskStarts: TaskStarts
        var settings: [String: Value]
        var events: EventHistory        // chunked: a copy shares all but its last chunk
        var pauseOn: EventKinds
        /// How many rows (finished tasks) the simulation had.
        public let rowCount: Int
        public var steps: Int { machine.steps }

        /// The modelled bytes this state holds that `seen` does not already count: its own
        /// machine's heap, and its checkpoints not in `seen` (by serial; they are added).
        /// Checkpoints are shared between states saved one after the other, so a set of
        /// states is counted with one `seen`.
        public func cost(notCounting seen: inout Set<Int>) -> Int {
            var bytes = machine.memory.modelledBytes
            for c in checkpoints where seen.insert(c.serial).inserted { bytes += c.cost }
            return bytes
        }
    }

    /// The serials of the live checkpoints (a player's saved states count only what they
    /// keep beyond these; the checkpoints' own budget bounds these).
    public var checkpointSerials: Set<Int> { Set(checkpoints.map(\.serial)) }

    public func saveState() -> SavedState {
        SavedState(machine: machine.detached(), checkpoints: checkpoints, checkpointInterval: checkpointInterval,
                   taskStarts: taskStarts,
                   settings: settings, events: events, pauseOn: pauseOn, rowCount: rows.count)
    }

    /// Returns to a saved state; `rows` must be the first `state.rowCount` rows it had.
    public func restoreState(_ state: SavedState, rows: TaskRows) {
        precondition(rows.count == state.rowCount, "restoreState: rows do not match the state")
        let sink = machine.outputSink, errorSink = machine.errorSink
        machine = state.machine.detached()   // the state can be restored again
        machine.outputSink = sink
        machine.errorSink = errorSink
        applyLimits()
        checkpoints = state.checkpoints
        timelineRevision += 1
        checkpointInterval = state.checkpointInterval
        taskStarts = state.taskStarts
        settings = state.settings
        events = state.events
        pauseOn = state.pauseOn
        self.rows = rows
        rowChart = TaskRowChart(rows)
        rowsEver = rows.count
        rowSeq = thinsHistory ? Array(0..<rows.count) : []
    }
}
