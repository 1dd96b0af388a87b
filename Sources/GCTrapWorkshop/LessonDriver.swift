// A lesson on screen: the investigator with a lesson panel. The lesson's events run in
// order — captions wait for Enter, predictions wait for an answer (or, in facilitator mode,
// for the trainer's `r`), then their reveal plays on screen; tasks hand the investigator to
// the learner, and every message goes through the app's one dispatch path, after which the
// goal is checked against the live simulation. Pure: no terminal here.
import GCTrapCore
import GCTrapSession
import GCTrapUI

public final class LessonDriver: TerminalDriver {
    public let stage: LessonStage
    public let facilitator: Bool
    public private(set) var width: Int
    public private(set) var height: Int

    /// Where the lesson is.
    public enum Phase: Equatable {
        case caption(String)
        case predict(PredictState)
        case task(TaskState)
        case success(TaskState, LessonScore)
        case finished
    }

    public struct PredictState: Equatable {
        public var predict: Predict
        public var chosen: Int?
        /// The reveal has played and the simulation's answer shows.
        public var revealed = false
        /// Facilitator: the answer is shown (after `r`).
        public var answerShown = false
        /// Facilitator: the room's votes per choice.
        public var votes: [Int]?
        /// Facilitator: the vote counts being typed (after `v`).
        public var voteInput: String?
        /// The simulation's value after the reveal.
        public var result: LessonValue?
        /// The reveal's actions have started to play.
        public var revealStarted = false
    }

    public struct TaskState: Equatable {
        public var task: LessonTask
        public var hintsShown = 0
        public var actions = 0
        public var confirmingSolution = false
        public var solutionShown = false
        var costStart: Int?
        var referenceActions: Int
        var referenceCost: Int?

        public static func == (a: TaskState, b: TaskState) -> Bool {
            a.task == b.task && a.hintsShown == b.hintsShown && a.actions == b.actions
                && a.confirmingSolution == b.confirmingSolution && a.solutionShown == b.solutionShown
        }
    }

    public private(set) var phase: Phase = .finished
    /// The next event to run.
    public private(set) var position = 0
    private var taskStart: LessonStage.Saved?
    /// Actions playing on screen (a reveal, a shown solution), one per few ticks.
    private var queue: [SessionAction] = []
    private var queueTicks = 0
    private var afterQueue: (() -> Void)?
    private var helpVisible = false
    private var flash: String?
    private var scores: [LessonScore] = []
    /// Whether the queue is a reveal (part of the lesson's script) rather than a shown solution.
    private var queueScripted = true
    /// The lesson's own actions applied so far, and the toggles at its start (for recordings).
    private var script: [SessionAction] = []
    private let initialToggles: [Bool]
    /// A comparison lesson's start, per side and for the view (to rebuild it in a recording).
    private let initialSideToggles: [[Bool]]
    private let initialFocus: Int
    private let initialCriterion: DivergenceCriterion

    /// Records the lesson as it goes (`workshop --record`): captions, predictions, every
    /// action, in the session format, so `play --follow` can follow a trainer.
    public var recorder: SessionRecorder?
    /// Why the recording stopped (a failed write), shown on the lesson's panel from then on.
    public var recordingFailure: () -> String? = { nil }

    /// The next lesson's number and title, for the success and end panels.
    public var next: (number: Int, title: String)?
    /// Called once when the lesson's last event is done, with the score of each task.
    public var onComplete: (([LessonScore]) -> Void)?
    /// Opens the next lesson (Enter on the end panel); nil: Enter quits.
    public var openNext: (() -> LessonDriver?)?
    private var successor: LessonDriver?

    /// Ticks between two actions of a reveal or a shown solution, and the share of a long
    /// run played per tick, so both can be followed by eye.
    static let ticksPerAction = 6
    static let runSlices = 20

    public init(stage: LessonStage, width: Int, height: Int, facilitator: Bool = false) {
        self.stage = stage
        self.facilitator = facilitator
        self.width = width
        self.height = height
        initialToggles = stage.simulation.toggles.map(\.value)
        initialSideToggles = stage.simulations.map { $0.toggles.map(\.value) }
        initialFocus = stage.compare?.model.focus ?? 0
        initialCriterion = stage.compare?.model.criterion ?? .events
        if facilitator {
            stage.app.updateModel { $0.projector = true }
            stage.compare?.projector = true
        }
        advance()
    }

    /// Starts recording, from the lesson's start (call before any key: the header and the
    /// events so far are written at once).
    public func startRecording(_ recorder: SessionRecorder) {
        self.recorder = recorder
        // Replay what already happened: the opening actions and the first waiting event.
        for a in script { recorder.record(.action(a)) }
        switch phase {
        case .caption(let text): recorder.record(.caption(text))
        case .predict(let p): recorder.record(.lesson(.predict(p.predict)))
        case .task(let t): recorder.record(.caption("Task: " + t.task.text))
        default: break
        }
    }

    public var lessonTitle: String {
        let n = stage.info.map { "Lesson \($0.number): " } ?? ""
        return n + stage.title
    }

    // MARK: messages

    public func handle(_ message: Message) -> DriverResult {
        if let successor { return successor.handle(message) }
        switch message {
        case .resize(let w, let h):
            width = w; height = h
            return .redraw
        case .tick:
            return tick()
        case .mouse:
            guard case .task = phase, queue.isEmpty else { return .unchanged }
            return taskMessage(message)
        case .key(let key):
            return keyPress(key)
        }
    }

    private func tick() -> DriverResult {
        if !queue.isEmpty || afterQueue != nil {
            playQueue()
            return .redraw
        }
        guard case .task = phase else { return .unchanged }
        return taskMessage(.tick)
    }

    private func keyPress(_ key: Key) -> DriverResult {
        if key == .ctrl("c") { return .quit }
        if helpVisible { helpVisible = false; return .redraw }
        if !queue.isEmpty || afterQueue != nil {
            if key == .char("q") { return .quit }
            return .unchanged   // something is playing on screen
        }
        flash = nil
        switch phase {
        case .caption:
            if key == .char("q") { return .quit }
            if key == .char("?") { helpVisible = true; return .redraw }
            if key == .enter || key == .char(" ") { advance(); return .redraw }
            return look(key)
        case .predict(var p):
            if let input = p.voteInput {
                p.voteInput = nil
                switch key {
                case .enter:
                    let counts = input.split(separator: " ").compactMap { Int($0) }
                    if counts.count == p.predict.choices.count { p.votes = counts } else {
                        flash = "type \(p.predict.choices.count) counts, one per answer, then Enter"
                        p.voteInput = input
                    }
                case .escape: break
                case .backspace: p.voteInput = String(input.dropLast())
                case .char(let c) where c.isNumber || c == " ":
                    p.voteInput = input.count < 40 ? input + String(c) : input
                default: p.voteInput = input
                }
                phase = .predict(p)
                return .redraw
            }
            if key == .char("q") { return .quit }
            if key == .char("?") { helpVisible = true; return .redraw }
            if p.revealed {
                if key == .enter || key == .char(" ") { advance(); return .redraw }
                return look(key)
            }
            if facilitator {
                switch key {
                case .char("v") where !p.answerShown:
                    p.voteInput = p.votes.map { $0.map(String.init).joined(separator: " ") } ?? ""
                case .char("r"):
                    p.answerShown = true
                case .enter where p.answerShown:
                    reveal()
                    return .redraw
                case .char(let c) where c.isNumber && !p.answerShown:
                    flash = "the room votes: v types the counts, r reveals the answer"
                default:
                    return look(key)
                }
                phase = .predict(p)
                return .redraw
            }
            if p.chosen == nil {
                if case .char(let c) = key, let d = Int(String(c)), d >= 1, d <= p.predict.choices.count {
                    p.chosen = d - 1
                    phase = .predict(p)
                    return .redraw
                }
                if key == .enter { flash = "pick an answer first: 1-\(p.predict.choices.count)"; return .redraw }
                return look(key)
            }
            if key == .enter || key == .char(" ") { reveal(); return .redraw }
            return look(key)
        case .task(var t):
            if t.confirmingSolution {
                t.confirmingSolution = false
                phase = .task(t)
                if key == .char("y") || key == .char("Y") { showSolution() }
                return .redraw
            }
            switch key {
            case .char("h"):
                if t.hintsShown < t.task.hints.count { t.hintsShown += 1 } else {
                    flash = "no more hints: S shows the solution"
                }
                phase = .task(t)
                return .redraw
            case .char("S"):
                t.confirmingSolution = true
                phase = .task(t)
                return .redraw
            case .char("?"):
                helpVisible = true
                return .redraw
            default:
                return taskMessage(.key(key))
            }
        case .success:
            if key == .char("q") { return .quit }
            if key == .enter || key == .char(" ") { continueAfterTask(); return .redraw }
            return look(key)
        case .finished:
            if key == .char("q") || key == .escape { return .quit }
            if key == .enter || key == .char(" ") {
                if let d = openNext?() {
                    d.handle(.resize(width: width, height: height)).ignore()
                    successor = d
                    return .redraw
                }
                return .quit
            }
            return look(key)
        }
    }

    /// Keys that only look around (panes, scrolling, the Graph view, projector mode) work
    /// outside tasks too; they never move the program.
    private func look(_ key: Key) -> DriverResult {
        if let compare = stage.compare {
            // The compare view's looking keys: Tab switches the side, arrows scroll the code.
            switch key {
            case .tab, .backTab, .up, .down, .pageUp, .pageDown, .char("P"):
                _ = compare.handle(.key(key))
                return .redraw
            default:
                return .unchanged
            }
        }
        switch key {
        case .tab, .backTab, .up, .down, .left, .right, .pageUp, .pageDown, .home, .end, .escape,
             .char("G"), .char("P"):
            stage.app.dispatch(.key(key), engine: false)
            return .redraw
        default:
            return .unchanged
        }
    }

    /// In a task every message goes through the app's dispatch, then the goal is checked.
    private func taskMessage(_ message: Message) -> DriverResult {
        guard case .task(var t) = phase else { return .unchanged }
        if let compare = stage.compare {
            // A comparison lesson: every key goes to the compare view (both sides in lockstep),
            // recorded as a comparison records itself: keys as `view` events, ticks as runs.
            let before = compare.model
            let result = compare.handle(message)
            if result == .quit { recorder?.finish(); return .quit }
            switch message {
            case .tick:
                if compare.lastTickTasks > 0 { recorder?.recordRun(tasks: compare.lastTickTasks) } else { recorder?.tick() }
            case .key, .mouse:
                recorder?.record(.action(.view(message)))
            case .resize:
                break
            }
            if message != .tick, compare.model.sides.map(\.snapshot.steps) != before.sides.map(\.snapshot.steps)
                || compare.model.focus != before.focus || compare.model.running != before.running
                || compare.model.tracker.found.count != before.tracker.found.count {
                t.actions += 1
                phase = .task(t)
            }
            checkGoal()
            return result
        }
        let transition = stage.app.dispatch(message)
        recorder?.observe(transition)
        if transition.quit { recorder?.finish(); return .quit }
        if message != .tick, counts(transition) {
            t.actions += 1
            phase = .task(t)
        }
        checkGoal()
        return transition.needsRedraw ? .redraw : .unchanged
    }

    /// Whether a key did something a score counts: moved the program, started or stopped
    /// a run, or changed what is selected or shown. Speed and help do not count.
    private func counts(_ t: Transition) -> Bool {
        if !t.commands.isEmpty { return true }
        let a = t.before, b = t.after
        return a.running != b.running || a.focus != b.focus || a.inspected != b.inspected || a.graph != b.graph
            || a.selectedRow != b.selectedRow || a.selectedConnection != b.selectedConnection
    }

    private func checkGoal() {
        guard case .task(let t) = phase, stage.holds(t.task.goal) else { return }
        stage.pause()
        var cost: Int?
        if let m = t.task.cost, let start = t.costStart, case .int(let now)? = stage.value(m) { cost = now - start }
        let score = LessonScore(hints: t.hintsShown, actions: t.actions, cost: cost, solutionShown: t.solutionShown,
                                referenceActions: t.referenceActions, referenceCost: t.referenceCost)
        scores.append(score)
        recorder?.record(.caption("Goal reached. " + t.task.takeaway))
        phase = .success(t, score)
    }

    // MARK: the lesson's course

    /// Run events until one waits for the learner.
    private func advance() {
        let events = stage.session.events
        while position < events.count {
            let e = events[position]
            position += 1
            switch e.kind {
            case .action(let a):
                applyScripted(a)
            case .marker, .lesson(.check), .session:
                continue   // a session event is refused by `lesson check`: a lesson is one session
            case .caption(let text):
                if text.isEmpty { continue }
                recorder?.record(.caption(text))
                phase = .caption(text)
                return
            case .prompt(let p):
                phase = .predict(PredictState(predict: Predict(question: p.question, choices: p.choices, answer: p.answer,
                    misconceptions: p.choices.map { _ in "" }, explanation: p.explanation, reveal: [], measure: "", values: [])))
                return
            case .lesson(.predict(let p)):
                recorder?.record(.lesson(.predict(p)))
                phase = .predict(PredictState(predict: p))
                return
            case .lesson(.task(let t)):
                startTask(t)
                return
            }
        }
        if phase != .finished {
            phase = .finished
            recorder?.record(.caption("Lesson complete."))
            recorder?.finish()
            onComplete?(scores)
        }
    }

    private func startTask(_ task: LessonTask) {
        recorder?.record(.caption("Task: " + task.text))
        stage.pause()
        let saved = stage.save()
        taskStart = saved
        // The reference: the solution from here, measured, then back.
        let costStart = task.cost.flatMap { m -> Int? in if case .int(let v)? = stage.value(m) { return v }; return nil }
        for a in task.solution { stage.apply(a) }
        var refCost: Int?
        if let m = task.cost, let s = costStart, case .int(let v)? = stage.value(m) { refCost = v - s }
        stage.restore(saved)
        phase = .task(TaskState(task: task, costStart: costStart,
                                referenceActions: LessonScore.countedActions(task.solution), referenceCost: refCost))
    }

    private func reveal() {
        guard case .predict(var p) = phase else { return }
        p.revealStarted = true
        phase = .predict(p)
        queue = p.predict.reveal
        queueScripted = true
        queueTicks = 0
        afterQueue = { [weak self] in
            guard let self, case .predict(var p) = self.phase else { return }
            p.revealed = true
            p.answerShown = true
            if !p.predict.measure.isEmpty { p.result = self.stage.value(p.predict.measure) }
            self.phase = .predict(p)
        }
        if queue.isEmpty { playQueue() }
    }

    private func showSolution() {
        guard case .task(var t) = phase, let start = taskStart else { return }
        recordRewind()
        stage.restore(start)
        t.solutionShown = true
        t.actions = 0
        phase = .task(t)
        queue = t.task.solution
        queueScripted = false
        queueTicks = 0
        afterQueue = { [weak self] in
            guard let self, case .task = self.phase else { return }
            self.flash = "the reference solution ended without reaching the goal"
        }
    }

    /// One tick of the actions playing on screen. A long run plays in slices.
    private func playQueue() {
        if queue.isEmpty {
            let done = afterQueue
            afterQueue = nil
            done?()
            return
        }
        queueTicks += 1
        if case .run(let n) = queue[0] {
            let slice = max(1, (n + LessonDriver.runSlices - 1) / LessonDriver.runSlices)
            let step = min(slice, n)
            play(.run(tasks: step))
            if n - step > 0 && !stage.isFinished { queue[0] = .run(tasks: n - step) } else { queue.removeFirst() }
        } else {
            guard queueTicks >= LessonDriver.ticksPerAction else { return }
            queueTicks = 0
            play(queue.removeFirst())
        }
        if case .task = phase { checkGoal() }
        if case .success = phase { queue = []; afterQueue = nil }
    }

    /// An action of a reveal (part of the lesson's script) or of a shown solution (not).
    private func play(_ a: SessionAction) {
        if queueScripted { applyScripted(a) } else {
            stage.apply(a)
            recorder?.record(.action(a))
        }
    }

    /// An action every run of the lesson makes at this point: applied, remembered (to
    /// rebuild this state in a recording) and recorded.
    private func applyScripted(_ a: SessionAction) {
        stage.apply(a)
        script.append(a)
        recorder?.record(.action(a))
    }

    /// A recording cannot jump back to a saved state, so going back to a task's start is
    /// written as what rebuilds it: the toggles as they were, a restart, and the lesson's
    /// own actions so far (the state at a task's start depends on nothing else). Called
    /// before the restore: the toggles to undo are the current ones.
    private func recordRewind() {
        guard let recorder else { return }
        if let compare = stage.compare {
            // The compare view's keys rebuild its start: each side's toggles as they were (Tab
            // to the side, its digit), the first side focused, the criterion as at the start;
            // then `R` restarts both sides and the lesson's own actions play again.
            func key(_ k: Key) { recorder.record(.action(.view(.key(k)))) }
            if compare.model.helpVisible { key(.escape) }
            let n = compare.simulations.count
            var focus = compare.model.focus
            for (i, sim) in compare.simulations.enumerated() where i < initialSideToggles.count {
                let flips = sim.toggles.indices.filter { $0 < 9 && $0 < initialSideToggles[i].count && sim.toggles[$0].value != initialSideToggles[i][$0] }
                guard !flips.isEmpty else { continue }
                while focus != i { key(.tab); focus = (focus + 1) % n }
                for f in flips { key(.char(Character(String(f + 1)))) }
            }
            while focus != initialFocus { key(.tab); focus = (focus + 1) % n }
            let all = DivergenceCriterion.allCases
            var c = all.firstIndex(of: compare.model.criterion) ?? 0
            let start = all.firstIndex(of: initialCriterion) ?? 0
            while c != start { key(.char("d")); c = (c + 1) % all.count }
            key(.char("R"))
            for a in script { recorder.record(.action(a)) }
            return
        }
        let now = stage.simulation.toggles
        for (i, t) in now.enumerated() where i < initialToggles.count && t.value != initialToggles[i] {
            recorder.record(.action(.toggle(index: i, name: t.name, value: initialToggles[i])))
        }
        recorder.record(.action(.restart))
        for a in script { recorder.record(.action(a)) }
    }

    /// Nothing the learner sees comes after this point: only checks and markers (they are for
    /// `lesson check` and playback), so the success panel names the next lesson.
    private var lastShown: Bool {
        stage.session.events[position...].allSatisfy { e in
            switch e.kind {
            case .lesson(.check), .marker: return true
            default: return false
            }
        }
    }

    /// After a task's success panel: the lesson goes on from the state the reference
    /// solution reaches (what `lesson check` checked), whatever the learner did.
    private func continueAfterTask() {
        guard case .success(let t, _) = phase else { return }
        if !lastShown, let start = taskStart {
            recordRewind()
            stage.restore(start)
            for a in t.task.solution { applyScripted(a) }
        }
        taskStart = nil
        advance()
    }

    // MARK: drawing

    public func frame() -> Grid {
        if let successor { return successor.frame() }
        let panel = panelLines()
        func wrapAll(_ inner: Int) -> [Line] {
            var out: [Line] = []
            for l in panel.lines {
                if l.text.isEmpty { out.append(l); continue }
                let lead = l.text.prefix { $0 == " " }.count
                for (i, w) in wrapText(l.text, width: inner - l.indent - lead).enumerated() {
                    out.append(Line(w, l.role, l.attrs, indent: l.indent + lead + (i > 0 ? l.hang : 0)))
                }
            }
            return out
        }
        // A caption or a question takes the whole screen for a room, and also when it would
        // not fit under the investigator (a learner must read the whole question).
        var wrapped = wrapAll(max(10, width - 4))
        let big = isRoomPanel && (facilitator || wrapped.count + 2 > height / 2)
        if big { wrapped = wrapAll(max(10, width - 6)) }
        let panelHeight = big ? height : min(max(4, height / 2), wrapped.count + 2)
        let appHeight = height - panelHeight >= Model.minimumHeight && !big ? height - panelHeight : height
        var grid = Grid(width: width, height: height)
        let appFrame: Grid
        if let compare = stage.compare {
            if compare.model.width != width || compare.model.height != appHeight {
                _ = compare.handle(.resize(width: width, height: appHeight))
            }
            appFrame = compare.frame()
        } else {
            stage.app.updateModel { $0.width = self.width; $0.height = appHeight }
            appFrame = stage.app.frame()
        }
        grid.palette = appFrame.palette
        for y in 0..<min(appFrame.height, height) {
            for x in 0..<min(appFrame.width, width) { grid[x, y] = appFrame[x, y] }
        }
        if stage.compare?.model.isTooSmall ?? stage.app.model.isTooSmall { return grid }
        let r: Rect
        if big {
            r = Rect(x: 0, y: 0, width: width, height: height)
        } else {
            r = Rect(x: 0, y: height - panelHeight, width: width, height: panelHeight)
        }
        grid.fill(r)
        grid.box(r, title: panel.title, focused: true, glyphs: stage.app.model.glyphs)
        let textTop = big && wrapped.count + 4 <= r.height ? r.y + 2 : r.y + 1
        let x0 = big ? r.x + 3 : r.x + 2
        let room = r.maxY - 1 - textTop
        // Keep the end (the keys and the latest hint) when the text is too long for the panel.
        let shown = wrapped.count > room ? Array(wrapped.suffix(room)) : wrapped
        for (i, line) in shown.enumerated() {
            grid.write(line.text, x: x0 + line.indent, y: textTop + i, maxWidth: r.maxX - 1 - x0 - line.indent,
                       role: line.role, attrs: line.attrs)
        }
        if helpVisible { drawHelp(&grid) }
        return grid
    }

    /// Captions and predictions fill the screen in facilitator mode; tasks keep the investigator.
    private var isRoomPanel: Bool {
        switch phase {
        case .caption: return true
        case .predict(let p): return !p.revealStarted
        default: return false
        }
    }

    struct Line {
        var text: String
        var role: ColorRole
        var attrs: Attr
        var indent: Int
        var hang: Int
        init(_ text: String, _ role: ColorRole = .normal, _ attrs: Attr = [], indent: Int = 0, hang: Int = 0) {
            self.text = text; self.role = role; self.attrs = attrs; self.indent = indent; self.hang = hang
        }
    }

    private func panelLines() -> (title: String, lines: [Line]) {
        var panel = lessonPanelLines()
        if let failure = recordingFailure() {
            // The recording stopped: say so on every panel, the learners following it see nothing more.
            panel.lines.append(Line("NOT RECORDING: " + failure, .error, [.bold]))
        }
        return panel
    }

    private func lessonPanelLines() -> (title: String, lines: [Line]) {
        let g = stage.app.model.glyphs
        let ok = g.isASCII ? "+" : "✓", no = g.isASCII ? "x" : "✗"
        var lines: [Line] = []
        let spacer = facilitator ? [Line("")] : []
        func keys(_ text: String) { lines.append(Line(text, .dim)) }
        switch phase {
        case .caption(let text):
            lines.append(Line(text, .normal, facilitator ? [.bold] : []))
            lines += [Line("")]
            keys("Enter continues · ? keys · q quit")
            return (lessonTitle, lines)
        case .predict(let p):
            let pr = p.predict
            lines.append(Line(pr.question, .title, [.bold]))
            lines.append(Line(""))
            if p.revealStarted {
                // The simulation is answering on screen: a compact panel under the investigator.
                if let chosen = p.chosen, chosen != pr.answer {
                    lines.append(Line("\(no) \(chosen + 1)) \(pr.choices[chosen])", .normal, [], hang: 6))
                    if !facilitator, chosen < pr.misconceptions.count, !pr.misconceptions[chosen].isEmpty {
                        lines.append(Line("Why \(chosen + 1) is tempting: " + pr.misconceptions[chosen], .warning, [], indent: 4))
                    }
                }
                if p.revealed {
                    lines.append(Line("\(ok) \(pr.answer + 1)) \(pr.choices[pr.answer])", .reachable, [.bold], hang: 6))
                    if !pr.explanation.isEmpty { lines.append(Line(pr.explanation)) }
                    if let v = p.result {
                        lines.append(Line("The simulation says: \(pr.measure) = \(v)" + (measureAbout(pr.measure).map { ": \($0)" } ?? ""), .title, [.bold]))
                    }
                    lines.append(Line(""))
                    keys("Enter continues · " + lookKeys + " · q quit")
                } else {
                    keys("the simulation is running...")
                }
                return ("Predict · " + lessonTitle, lines)
            }
            let answerKnown = p.answerShown
            for (i, c) in pr.choices.enumerated() {
                var mark = "  "
                if answerKnown && i == pr.answer { mark = ok + " " } else if i == p.chosen { mark = (i == pr.answer ? ok : no) + " " }
                var text = "\(mark)\(i + 1)) \(c)"
                if let votes = p.votes, i < votes.count { text += "   " + bar(votes[i], of: votes) }
                let right = answerKnown && i == pr.answer
                lines.append(Line(text, right ? .reachable : .normal, right ? [.bold] : [], hang: 6))
                if facilitator && answerKnown && i != pr.answer && i < pr.misconceptions.count && !pr.misconceptions[i].isEmpty {
                    lines.append(Line("misconception: " + pr.misconceptions[i], .warning, [], indent: 6))
                }
                lines += spacer
            }
            if !facilitator, let chosen = p.chosen {
                lines.append(Line(""))
                if chosen == pr.answer {
                    lines.append(Line("Right: now see the simulation agree.", .reachable, [.bold]))
                } else {
                    lines.append(Line("Not quite.", .warning, [.bold]))
                    if chosen < pr.misconceptions.count, !pr.misconceptions[chosen].isEmpty {
                        lines.append(Line("Why \(chosen + 1) is tempting: " + pr.misconceptions[chosen], .warning))
                    }
                }
            }
            lines.append(Line(""))
            if let input = p.voteInput {
                lines.append(Line("votes per answer (\(pr.choices.count) counts, spaces between): \(input)_", .keyHint, [.bold]))
                keys("Enter shows the chart · Esc cancels")
            } else if facilitator && answerKnown {
                keys("Enter: run it and let the simulation answer · q quit")
            } else if facilitator {
                keys("v type the room's votes · r reveal the answer · q quit")
            } else if p.chosen == nil {
                keys("1-\(pr.choices.count) answer · ? keys · q quit")
            } else {
                keys("Enter: run it and see what the simulation says")
            }
            if let f = flash { lines.append(Line(f, .warning)) }
            return ((facilitator ? "" : "Predict · ") + lessonTitle, lines)
        case .task(let t):
            lines.append(Line("Task: " + t.task.text, .title, [.bold], hang: 6))
            for i in 0..<t.hintsShown {
                lines.append(Line("Hint \(i + 1): " + t.task.hints[i], i == t.hintsShown - 1 ? .warning : .dim, [], hang: 8))
            }
            if t.confirmingSolution {
                lines.append(Line("Show the solution? It goes back to the task's start and plays the reference actions. y shows it, any other key goes on.", .warning, [.bold]))
            } else {
                let left = t.task.hints.count - t.hintsShown
                keys("h hint (\(left) left) · S show solution · the \(stage.compare == nil ? "investigator" : "compare view")'s keys work · q quit" + (queue.isEmpty ? "" : " · (playing the solution)"))
            }
            if let f = flash { lines.append(Line(f, .warning)) }
            return ("Task · " + lessonTitle, lines)
        case .success(let t, let score):
            lines.append(Line((score.solutionShown ? "Goal reached by the reference solution. " : "Well done: goal reached. ") + stars(score), .reachable, [.bold]))
            lines.append(Line(t.task.takeaway, .normal, [], hang: 0))
            lines.append(Line("Score: " + scoreText(score, cost: t.task.cost), .title))
            if lastShown, let next {
                lines.append(Line("Next: lesson \(next.number), \(next.title)", .normal, [.bold]))
            }
            keys("Enter continues · " + lookKeys + " · q quit")
            return ("Well done · " + lessonTitle, lines)
        case .finished:
            lines.append(Line("Lesson complete.", .reachable, [.bold]))
            if let next {
                lines.append(Line("Next: lesson \(next.number), \(next.title)", .normal, [.bold]))
                keys(openNext != nil ? "Enter starts it · q quits" : "gctrap workshop \(next.number) starts it · q quits")
            } else {
                lines.append(Line("That was the last lesson. `gctrap workshop` shows your scores."))
                keys("Enter or q quits")
            }
            return (lessonTitle, lines)
        }
    }

    /// The keys that look around outside a task (the compare view has no Graph view).
    private var lookKeys: String { stage.compare == nil ? "Tab, arrows, G look around" : "Tab side, arrows scroll" }

    private func measureAbout(_ name: String) -> String? {
        if let compare = stage.compare {
            if let about = Measures.comparison.first(where: { $0.name == name })?.about { return about }
            // `left.open`: what `open` is, on that side (named by its label).
            for (i, p) in Measures.sidePrefixes.enumerated() where name.hasPrefix(p) && i < compare.model.labels.count {
                return Measures.all.first { $0.name == name.dropFirst(p.count) }.map { "\($0.about), on \(compare.model.labels[i])" }
            }
        }
        return Measures.all.first { $0.name == name }?.about
    }

    private func bar(_ n: Int, of votes: [Int]) -> String {
        let top = max(1, votes.max() ?? 1)
        let full = max(0, min(30, width / 4))
        let len = n == 0 ? 0 : max(1, n * full / top)
        let block = stage.app.model.glyphs.isASCII ? "#" : "█"
        let total = max(1, votes.reduce(0, +))
        return String(repeating: block, count: len) + " \(n) (\(n * 100 / total)%)"
    }

    private func stars(_ s: LessonScore) -> String {
        let g = stage.app.model.glyphs
        let on = g.isASCII ? "*" : "★", off = g.isASCII ? "." : "☆"
        return String(repeating: on, count: s.stars) + String(repeating: off, count: 3 - s.stars)
    }

    func scoreText(_ s: LessonScore, cost: String?) -> String {
        var parts = ["hints \(s.hints)", "actions \(s.actions) (reference \(s.referenceActions))"]
        if let cost, let c = s.cost { parts.append("\(cost) \(grouped(c)) (reference \(s.referenceCost.map(grouped) ?? "-"))") }
        if s.solutionShown { parts.append("solution shown") }
        return parts.joined(separator: " · ")
    }

    private func drawHelp(_ grid: inout Grid) {
        let rows: [String] = [
            "Enter, space   continue (captions, answers, success)",
            "1-4            answer a prediction" + (facilitator ? " (learners)" : ""),
            "r              facilitator: reveal the answer",
            "v              facilitator: type the room's votes",
            "h              next hint (in a task)",
            "S              show the solution (asks first)",
            stage.compare == nil ? "Tab, arrows    look around; in a task every investigator key works"
                : "Tab, arrows    side, scroll; in a task every compare key works (f ] [ d c t R...)",
            stage.compare == nil ? "G, P           Graph view, projector layout" : "P              projector layout",
            "q              quit the lesson",
        ].filter { !$0.isEmpty }
        let w = min(grid.width - 2, (rows.map(\.count).max() ?? 0) + 4)
        let h = min(grid.height - 2, rows.count + 3)
        let r = Rect(x: (grid.width - w) / 2, y: (grid.height - h) / 2, width: w, height: h)
        grid.fill(r)
        grid.box(r, title: "Lesson keys", focused: true, glyphs: stage.app.model.glyphs)
        for (i, row) in rows.enumerated() where i < h - 3 {
            grid.write(row, x: r.x + 2, y: r.y + 1 + i, maxWidth: w - 4)
        }
        grid.write("any key closes", x: r.x + 2, y: r.maxY - 2, maxWidth: w - 4, role: .dim)
    }
}

extension DriverResult {
    func ignore() {}
}

/// Thousands separators: 11150 -> "11,150".
func grouped(_ n: Int) -> String {
    let s = String(abs(n))
    var out = ""
    for (i, c) in s.enumerated() {
        if i > 0, (s.count - i) % 3 == 0 { out.append(",") }
        out.append(c)
    }
    return n < 0 ? "-" + out : out
}

/// Word-wrap to `width` columns; words longer than a line are cut.
func wrapText(_ text: String, width: Int) -> [String] {
    guard width > 0 else { return [] }
    var lines: [String] = []
    var line = ""
    for word in text.split(separator: " ", omittingEmptySubsequences: true).map(String.init) {
        if line.isEmpty { line = word } else if displayWidth(line) + 1 + displayWidth(word) <= width { line += " " + word } else {
            lines.append(line); line = word
        }
        while displayWidth(line) > width {
            let head = truncate(line, to: width, ellipsis: "")
            lines.append(head)
            line = String(line.dropFirst(head.count))
        }
    }
    if !line.isEmpty { lines.append(line) }
    return lines
}
