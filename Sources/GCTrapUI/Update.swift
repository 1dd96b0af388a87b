import GCTrapCore

/// Apply one message to the model. Pure: the engine is only asked to act through the
/// returned commands, which `App` applies before refreshing the snapshot.
public func update(_ model: Model, _ message: Message) -> (Model, [Command]) {
    var m = model
    var commands: [Command] = []
    switch message {
    case .resize(let w, let h):
        m.width = max(0, w)
        m.height = max(0, h)
    case .tick:
        commands = tick(&m)
    case .mouse(let x, let y, let button):
        commands = mouse(&m, x: x, y: y, button: button)
    case .key(let key):
        commands = keyPress(&m, key)
    }
    clampScrolls(&m)
    return (m, commands)
}

func isOver(_ state: RunState) -> Bool {
    switch state {
    case .finished, .failed, .stopped: return true
    case .ready, .running: return false
    }
}

private func tick(_ m: inout Model) -> [Command] {
    if m.eventHold > 0 { m.eventHold -= 1 }
    guard m.running else { return [] }
    if isOver(m.snapshot.state) {
        m.running = false
        m.tickCredit = 0
        return []
    }
    guard let speed = m.speed else { return [.runTasks(m.maxTasksPerTick)] }
    m.tickCredit += speed
    let n = m.tickCredit / max(1, m.tickRate)
    m.tickCredit %= max(1, m.tickRate)
    return n > 0 ? [.runTasks(n)] : []
}

private func mouse(_ m: inout Model, x: Int, y: Int, button: MouseButton) -> [Command] {
    if m.isTooSmall { return [] }
    if m.helpVisible { m.helpVisible = false; return [] }
    let layout = Layout(m)
    switch button {
    case .left:
        if layout.toggleBar.contains(x: x, y: y) {
            for span in Layout.toggleSpans(m.snapshot.toggles, width: m.width)
            where x >= span.x && x < span.x + span.width && y == layout.toggleBar.y + span.row {
                return flipToggle(&m, span.index)
            }
            return []
        }
        if let pane = layout.pane(atX: x, y: y) {
            m.focus = pane
            if pane == .objects {
                // Select the clicked row.
                let inner = layout.rect(.objects).inset(1)
                let rows = ObjectsPane.rows(m.snapshot)
                let top = ObjectsPane.top(selected: min(m.selectedRow, max(0, rows.count - 1)),
                                          scroll: m.scroll(.objects), height: inner.height, count: rows.count)
                let row = top + (y - inner.y)
                if y >= inner.y, y < inner.maxY, row < rows.count { m.selectedRow = row }
            }
        }
        return []
    case .wheelUp, .wheelDown:
        if let pane = layout.pane(atX: x, y: y) {
            scroll(&m, pane, by: button == .wheelUp ? -3 : 3)
        }
        return []
    case .middle, .right:
        return []
    }
}

private func flipToggle(_ m: inout Model, _ index: Int) -> [Command] {
    let toggles = m.snapshot.toggles
    guard index < toggles.count else {
        m.status = toggles.isEmpty ? "this scenario has no toggles" : "no toggle \(index + 1): there are \(toggles.count)"
        return []
    }
    let command = Command.toggle(index: index, value: !toggles[index].value)
    noteCommand(command, in: &m)
    return [command]
}

/// What a command does to the model besides asking the engine: one that moves execution
/// pauses a run and follows the current line again; the status line says what changed.
/// `update` and the playback of recorded actions share it.
public func noteCommand(_ command: Command, in m: inout Model) {
    switch command {
    case .step, .next, .finishTask, .back, .backTask, .nextEvent, .previousEvent, .goToEvent:
        m.running = false
        m.scroll[Pane.code.rawValue] = 0
        m.status = nil
    case .restart:
        m.running = false
        m.inspected = nil
        m.scroll[Pane.code.rawValue] = 0
        m.status = "restarted from task 0 with the current toggles"
    case .collect:
        m.status = nil
    case .toggle(let index, let value):
        let toggles = m.snapshot.toggles
        if index < toggles.count {
            let name = toggles[index].name
            m.status = "\(name) = \(value ? "True" : "False"): applies from the next read of \(name)"
        }
    case .pauseOn(let kinds):
        m.pauseOn = kinds
        m.status = kinds.isEmpty ? "runs no longer pause on events (p pauses them again)"
            : "runs pause on: \(kinds.description) (p turns it off)"
    case .runTasks, .quit:
        break
    }
}

private func pageSize(_ m: Model, _ pane: Pane) -> Int {
    max(1, Layout(m).rect(pane).height - 3)
}

private func scroll(_ m: inout Model, _ pane: Pane, by delta: Int) {
    pane.content.scroll(&m, by: delta)
}

/// Keep offsets within the content so scrolling back is never "stuck" past the end.
func clampScrolls(_ m: inout Model) {
    let layout = Layout(m)
    for pane in Pane.allCases where layout.shows(pane) {
        pane.content.clamp(&m, inner: layout.rect(pane).inset(1))
    }
}

private func keyPress(_ m: inout Model, _ key: Key) -> [Command] {
    if key == .ctrl("c") { m.quitRequested = true; return [.quit] }
    if m.helpVisible {
        if !helpKey(&m, key) { m.helpVisible = false }
        return []
    }
    if m.isTooSmall {
        if key == .char("q") { m.quitRequested = true; return [.quit] }
        return []
    }
    if let commands = eventsKey(&m, key) { return commands }
    if viewKey(&m, key) { return [] }
    func move(_ c: Command) -> [Command] {
        noteCommand(c, in: &m)
        return [c]
    }
    switch key {
    case .char("q"):
        m.quitRequested = true
        return [.quit]
    case .char("?"), .function(1):
        m.helpVisible = true
        m.helpScroll = 0
    case .char("s"), .char("."): return move(.step)
    case .char("n"): return move(.next)
    case .char("t"): return move(.finishTask)
    case .char("b"), .char(","): return move(.back)
    case .char("B"): return move(.backTask)
    case .char("g"): return move(.collect)
    case .char("R"): return move(.restart)
    case .char("]"): return move(.nextEvent)
    case .char("["): return move(.previousEvent)
    case .char("e"):
        m.graph = nil
        m.eventsView = EventsView.clamped(EventsViewState(), m)
    case .char("p"):
        let kinds: EventKinds = m.pauseOn.isEmpty ? m.pauseOnChoice : .none
        return move(.pauseOn(kinds))
    case .char("c"), .char(" "):
        if m.running {
            m.running = false
            m.status = "paused"
        } else if isOver(m.snapshot.state) {
            m.status = "the program has ended: R restarts it"
        } else {
            m.running = true
            m.tickCredit = 0
            m.status = nil
        }
    case .char("+"), .char("="):
        m.speedIndex = min(m.speedIndex + 1, Model.speeds.count - 1)
        m.status = "speed: \(m.speedText)"
    case .char("-"), .char("_"):
        m.speedIndex = max(m.speedIndex - 1, 0)
        m.status = "speed: \(m.speedText)"
    case .char(let c) where c.isASCII && c.isNumber && c != "0":
        return flipToggle(&m, Int(String(c))! - 1)
    case .up, .char("k"):
        scroll(&m, m.focus, by: -1)
    case .down, .char("j"):
        scroll(&m, m.focus, by: 1)
    case .pageUp:
        scroll(&m, m.focus, by: -pageSize(m, m.focus))
    case .pageDown:
        scroll(&m, m.focus, by: pageSize(m, m.focus))
    case .home:
        if m.focus == .objects { m.selectedRow = 0 } else if m.focus == .connections {
            m.selectedConnection = m.snapshot.connections.isEmpty ? nil : 0
        } else { m.scroll[m.focus.rawValue] = -1_000_000 }
    case .end:
        if m.focus == .objects { m.selectedRow = Int.max / 2 } else if m.focus == .connections {
            m.selectedConnection = nil
        } else { m.scroll[m.focus.rawValue] = 1_000_000 }
    case .enter:
        inspect(&m)
    case .escape:
        m.inspected = nil
        m.status = nil
    default:
        break
    }
    return []
}

/// Enter: explain the selected object (Objects) or the selected connection (Connections);
/// Enter again on the same object hides the explanation.
private func inspect(_ m: inout Model) {
    var id: Int?
    switch m.focus {
    case .objects:
        let rows = ObjectsPane.rows(m.snapshot)
        guard !rows.isEmpty else { return }
        id = rows[min(m.selectedRow, rows.count - 1)].objectID(m.snapshot)
    case .connections:
        if let i = ConnectionsPane.selected(m) { id = m.snapshot.connections[i].objectID }
    default:
        m.status = "Enter explains an object: focus Objects or Connections (Tab)"
        return
    }
    guard let id else { return }
    m.inspected = m.inspected == id ? nil : id
}
