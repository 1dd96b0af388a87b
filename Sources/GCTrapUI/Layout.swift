import GCTrapCore

/// Where everything goes on a screen of a given size. A pure function of the size (and of
/// the toggles, for the toggle bar), shared by `view` and by `update` for mouse hits.
///
///     row 0            header: scenario, profile, task K, run state
///     row 1            toggle bar
///     rows 2..<h-2     Code over Scopes | Objects over (Connections | GC)
///     row h-2          event line
///     row h-1          key hints
public struct Layout: Equatable, Sendable {
    public var header: Rect
    public var toggleBar: Rect
    public var panes: [Rect]          // indexed by Pane.rawValue
    public var eventLine: Rect
    public var footer: Rect

    public init(width: Int, height: Int) {
        let w = max(width, 0), h = max(height, 0)
        header = Rect(x: 0, y: 0, width: w, height: 1)
        toggleBar = Rect(x: 0, y: 1, width: w, height: 1)
        eventLine = Rect(x: 0, y: max(0, h - 2), width: w, height: 1)
        footer = Rect(x: 0, y: max(0, h - 1), width: w, height: 1)
        let top = 2
        let paneHeight = max(0, h - 4)
        let leftWidth = w * 2 / 5
        let rightWidth = w - leftWidth
        let codeHeight = paneHeight * 11 / 20
        let objectsHeight = paneHeight / 2
        let connectionsWidth = rightWidth * 3 / 5
        var rects = Array(repeating: Rect(x: 0, y: 0, width: 0, height: 0), count: Pane.allCases.count)
        rects[Pane.code.rawValue] = Rect(x: 0, y: top, width: leftWidth, height: codeHeight)
        rects[Pane.scopes.rawValue] = Rect(x: 0, y: top + codeHeight, width: leftWidth,
                                           height: paneHeight - codeHeight)
        rects[Pane.objects.rawValue] = Rect(x: leftWidth, y: top, width: rightWidth, height: objectsHeight)
        rects[Pane.connections.rawValue] = Rect(x: leftWidth, y: top + objectsHeight,
                                                width: connectionsWidth, height: paneHeight - objectsHeight)
        rects[Pane.gc.rawValue] = Rect(x: leftWidth + connectionsWidth, y: top + objectsHeight,
                                       width: rightWidth - connectionsWidth,
                                       height: paneHeight - objectsHeight)
        panes = rects
    }

    public func rect(_ pane: Pane) -> Rect { panes[pane.rawValue] }

    public func pane(atX x: Int, y: Int) -> Pane? {
        Pane.allCases.first { rect($0).contains(x: x, y: y) }
    }

    /// One clickable item of the toggle bar.
    public struct ToggleSpan: Equatable, Sendable {
        public var index: Int
        public var x: Int
        public var width: Int
        public var text: String
    }

    /// The toggle bar's items: "1[x]RETURN_AGENT  2[ ]EXPLICIT_RELEASE ...", names shortened
    /// evenly when the bar is too narrow.
    public static func toggleSpans(_ toggles: [Toggle], width: Int) -> [ToggleSpan] {
        guard !toggles.isEmpty else { return [] }
        let shown = Array(toggles.prefix(9))
        let label = "toggles: "
        let gap = 2
        func texts(nameLimit: Int?) -> [String] {
            shown.enumerated().map { i, t in
                var name = t.name
                if let n = nameLimit, name.count > n { name = String(name.prefix(max(1, n))) }
                return "\(i + 1)[\(t.value ? "x" : " ")]\(name)"
            }
        }
        var items = texts(nameLimit: nil)
        var total = items.reduce(0) { $0 + $1.count } + gap * (items.count - 1) + label.count
        if total > width {
            let fixed = shown.count * 4 + gap * (shown.count - 1) + label.count
            let per = max(1, (width - fixed) / shown.count)
            items = texts(nameLimit: per)
            total = items.reduce(0) { $0 + $1.count } + gap * (items.count - 1) + label.count
        }
        var spans: [ToggleSpan] = []
        var x = total > width ? 0 : label.count
        for (i, text) in items.enumerated() {
            spans.append(ToggleSpan(index: i, x: x, width: text.count, text: text))
            x += text.count + gap
        }
        return spans
    }
}
