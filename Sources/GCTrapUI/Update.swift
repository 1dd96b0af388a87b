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
    let layout = Layout(width: m.width, height: m.height)
    switch button {
    case .left:
        if layout.toggleBar.contains(x: x, y: y) {
            for span in Layout.toggleSpans(m.snapshot.toggles, width: m.width)
            where x >= span.x && x < span.x + span.width {
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
    let t = toggles[index]
    let value = !t.value
    m.status = "\(t.name) = \(value ? "True" : "False"): applies from the next read of \(t.name)"
    return [.toggle(index: index, value: value)]
}

private func pageSize(_ m: Model, _ pane: Pane) -> Int {
    max(1, Layout(width: m.width, height: m.height).rect(pane).height - 3)
}

private func scroll(_ m: inout Model, _ pane: Pane, by delta: Int) {
    switch pane {
    case .objects:
        // Move by `delta` rows, then on past section headers in the same direction.
        let rows = ObjectsPane.rows(m.snapshot)
        guard !rows.isEmpty else { return }
        var i = min(max(0, m.selectedRow + delta), rows.count - 1)
        let dir = delta < 0 ? -1 : 1
        while i >= 0, i < rows.count, case .header = rows[i] { i += dir }
        if i >= 0, i < rows.count { m.selectedRow = i }
    case .connections:
        let n = m.snapshot.connections.count
        guard n > 0 else { return }
        let cur = m.selectedConnection ?? n - 1
        m.selectedConnection = min(max(0, cur + delta), n - 1)
    default:
        m.scroll[pane.rawValue] += delta
    }
}

/// Keep offsets within the content so scrolling back is never "stuck" past the end.
func clampScrolls(_ m: inout Model) {
    let layout = Layout(width: m.width, height: m.height)
    // Code: offset relative to the follow position.
    let codeHeight = max(1, layout.rect(.code).height - 2)
    let count = CodePane.lines(m).count
    let follow = m.snapshot.line - 1 - codeHeight / 3
    let maxTop = max(0, count - codeHeight)
    let top = min(max(0, follow + m.scroll(.code)), maxTop)
    m.scroll[Pane.code.rawValue] = top - follow
    if follow + m.scroll(.code) < 0 { m.scroll[Pane.code.rawValue] = -follow }

    let scopes = ScopesPane.rows(m).count
    m.scroll[Pane.scopes.rawValue] = min(max(0, m.scroll(.scopes)),
                                         max(0, scopes - max(1, layout.rect(.scopes).height - 2)))
    let gcLines = 14
    m.scroll[Pane.gc.rawValue] = min(max(0, m.scroll(.gc)), max(0, gcLines - max(1, layout.rect(.gc).height - 2)))

    let all = ObjectsPane.rows(m.snapshot)
    let rows = all.count
    m.selectedRow = min(max(0, m.selectedRow), max(0, rows - 1))
    if m.selectedRow < all.count, case .header = all[m.selectedRow] {
        // Never rest on a section header: prefer the row below, else the one above.
        var i = m.selectedRow
        while i < all.count, case .header = all[i] { i += 1 }
        if i >= all.count {
            i = m.selectedRow
            while i > 0, case .header = all[i] { i -= 1 }
        }
        m.selectedRow = i
    }
    let listHeight = max(1, layout.rect(.objects).height - 2)
    m.scroll[Pane.objects.rawValue] = ObjectsPane.top(selected: m.selectedRow, scroll: m.scroll(.objects),
                                                      height: listHeight, count: rows)
    if let c = m.selectedConnection {
        let n = m.snapshot.connections.count
        m.selectedConnection = n == 0 ? nil : min(max(0, c), n - 1)
    }
}

private func keyPress(_ m: inout Model, _ key: Key) -> [Command] {
    if key == .ctrl("c") { m.quitRequested = true; return [.quit] }
    if m.helpVisible {
        m.helpVisible = false
        return []
    }
    if m.isTooSmall {
        if key == .char("q") { m.quitRequested = true; return [.quit] }
        return []
    }
    /// A command that moves execution: pauses a run and follows the current line again.
    func move(_ c: Command) -> [Command] {
        m.running = false
        m.scroll[Pane.code.rawValue] = 0
        m.status = nil
        return [c]
    }
    switch key {
    case .char("q"):
        m.quitRequested = true
        return [.quit]
    case .char("?"), .function(1):
        m.helpVisible = true
    case .char("s"), .char("."): return move(.step)
    case .char("n"): return move(.next)
    case .char("t"): return move(.finishTask)
    case .char("b"), .char(","): return move(.back)
    case .char("B"): return move(.backTask)
    case .char("g"):
        m.status = nil
        return [.collect]
    case .char("R"):
        let c = move(.restart)
        m.status = "restarted from task 0 with the current toggles"
        return c
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
    case .tab:
        m.focus = m.focus.next
    case .backTab:
        m.focus = m.focus.previous
    case .up, .char("k"):
        scroll(&m, m.focus, by: -1)
    case .down, .char("j"):
        scroll(&m, m.focus, by: 1)
    case .left, .char("h"):
        scroll(&m, m.focus == .connections ? .connections : m.focus, by: m.focus == .connections ? -1 : -pageSize(m, m.focus) / 2)
    case .right, .char("l"):
        scroll(&m, m.focus == .connections ? .connections : m.focus, by: m.focus == .connections ? 1 : pageSize(m, m.focus) / 2)
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
