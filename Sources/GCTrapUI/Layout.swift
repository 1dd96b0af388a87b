import GCTrapCore

/// Where everything goes on a screen of a given size. A pure function of the size, the
/// width the scenario's source needs and the toggles (the bar wraps to a second row when
/// their names do not fit), shared by `view` and by `update` for mouse hits and scrolling.
///
///     row 0             header: scenario, profile, task K, run state
///     row 1 (and 2)     toggle bar
///     [projector]       three rows of block digits: open N/limit, gen 0 count/threshold, task
///     body              Code over Scopes | Objects, Connections, GC
///     row h-2           event line
///     row h-1           key hints
///
/// Panes take the room their content needs: Code gets the width of the longest source
/// line, up to 84 columns or half the screen, at least 48 (40 of source); the rest stack on
/// the right, side by side below Objects once the right side is 60 columns or more.
/// Projector mode keeps three panes (Code, Objects, Connections) under the numbers.
public struct Layout: Equatable, Sendable {
    public var header: Rect
    public var toggleBar: Rect
    /// The block digits of projector mode (empty otherwise).
    public var numbers: Rect
    /// The failure banner: the whole error, wrapped (empty while the program runs).
    public var banner: Rect
    public var panes: [Rect]          // indexed by Pane.rawValue; empty when hidden
    /// Where the Graph view goes when open: the right side when it is wide, else the body.
    public var graph: Rect
    public var eventLine: Rect
    public var footer: Rect

    static let codeMinimum = 48       // 40 columns of source, the gutter and the border
    static let rightMinimum = 32

    /// - Parameters:
    ///   - codeWidth: columns the Code pane wants (source, gutter and border); nil: as wide as allowed.
    ///   - toggleRows: rows of the toggle bar (see `toggleRows(_:width:)`).
    public init(width: Int, height: Int, codeWidth: Int? = nil, toggleRows: Int = 1, projector: Bool = false,
                bannerRows: Int = 0) {
        let w = max(width, 0), h = max(height, 0)
        header = Rect(x: 0, y: 0, width: w, height: 1)
        toggleBar = Rect(x: 0, y: 1, width: w, height: max(1, toggleRows))
        eventLine = Rect(x: 0, y: max(0, h - 2), width: w, height: 1)
        footer = Rect(x: 0, y: max(0, h - 1), width: w, height: 1)
        banner = Rect(x: 0, y: toggleBar.maxY, width: w, height: max(0, min(bannerRows, h / 4)))
        var top = banner.maxY
        numbers = Rect(x: 0, y: top, width: projector ? w : 0, height: projector ? 3 : 0)
        top += numbers.height
        let paneHeight = max(0, h - 2 - top)
        let low = max(Layout.codeMinimum, w * 2 / 5), high = max(84, w / 2)
        let leftWidth = max(0, min(min(max(codeWidth ?? high, low), high), w - Layout.rightMinimum))
        let rightWidth = w - leftWidth
        let none = Rect(x: 0, y: top, width: 0, height: 0)
        var rects = Array(repeating: none, count: Pane.allCases.count)
        func put(_ p: Pane, _ x: Int, _ y: Int, _ pw: Int, _ ph: Int) {
            rects[p.rawValue] = Rect(x: x, y: y, width: pw, height: ph)
        }
        if projector {
            // Three panes: the code, the objects and the connections; the GC's counter is in the numbers.
            put(.code, 0, top, leftWidth, paneHeight)
            let objects = paneHeight / 2
            put(.objects, leftWidth, top, rightWidth, objects)
            put(.connections, leftWidth, top + objects, rightWidth, paneHeight - objects)
        } else {
            let codeHeight = paneHeight * 11 / 20
            put(.code, 0, top, leftWidth, codeHeight)
            put(.scopes, 0, top + codeHeight, leftWidth, paneHeight - codeHeight)
            if rightWidth >= 60 {
                let objects = paneHeight / 2
                let connections = rightWidth * 3 / 5
                put(.objects, leftWidth, top, rightWidth, objects)
                put(.connections, leftWidth, top + objects, connections, paneHeight - objects)
                put(.gc, leftWidth + connections, top + objects, rightWidth - connections, paneHeight - objects)
            } else {
                // One column: GC needs about nine rows, Objects and Connections share the rest.
                let gc = min(11, max(5, paneHeight / 4))
                let objects = max(6, (paneHeight - gc) * 2 / 5)
                put(.objects, leftWidth, top, rightWidth, objects)
                put(.connections, leftWidth, top + objects, rightWidth, paneHeight - gc - objects)
                put(.gc, leftWidth, top + paneHeight - gc, rightWidth, gc)
            }
        }
        panes = rects
        graph = rightWidth >= 60 ? Rect(x: leftWidth, y: top, width: rightWidth, height: paneHeight)
            : Rect(x: 0, y: top, width: w, height: paneHeight)
    }

    /// The layout of the model's screen.
    public init(_ model: Model) {
        let toggles = Layout.toggleRows(model.snapshot.toggles, width: model.width)
        self.init(width: model.width, height: model.height, codeWidth: CodePane.wantedWidth(model),
                  toggleRows: toggles, projector: model.projector,
                  bannerRows: FailureBanner.rows(model.snapshot, width: model.width))
    }

    public func rect(_ pane: Pane) -> Rect { panes[pane.rawValue] }

    /// Whether a pane is on screen (projector mode hides Scopes and GC).
    public func shows(_ pane: Pane) -> Bool { !rect(pane).isEmpty }

    public func pane(atX x: Int, y: Int) -> Pane? {
        Pane.allCases.first { rect($0).contains(x: x, y: y) }
    }

    /// One clickable item of the toggle bar.
    public struct ToggleSpan: Equatable, Sendable {
        public var index: Int
        public var x: Int
        public var row: Int               // 0 or 1: the bar wraps to a second row
        public var width: Int
        public var text: String
    }

    static let toggleLabel = "toggles: "
    static let toggleGap = 2

    /// The toggle bar's items: "1[x]RETURN_AGENT  2[ ]EXPLICIT_RELEASE ...", whole names,
    /// wrapped to a second row when one is not enough; names are shortened evenly only when
    /// two rows are not enough either.
    public static func toggleSpans(_ toggles: [Toggle], width: Int) -> [ToggleSpan] {
        guard !toggles.isEmpty else { return [] }
        let shown = Array(toggles.prefix(9))
        func texts(nameLimit: Int?) -> [String] {
            shown.enumerated().map { i, t in
                var name = t.name
                if let n = nameLimit, name.count > n { name = String(name.prefix(max(1, n))) }
                return "\(i + 1)[\(t.value ? "x" : " ")]\(name)"
            }
        }
        /// Lay items out from the label on, wrapping; nil when they need more than two rows.
        func flow(_ items: [String]) -> [ToggleSpan]? {
            var spans: [ToggleSpan] = []
            var x = toggleLabel.count, row = 0
            for (i, text) in items.enumerated() {
                if x + text.count > width, x > toggleLabel.count {
                    row += 1; x = toggleLabel.count
                }
                if row > 1 || x + text.count > width { return nil }
                spans.append(ToggleSpan(index: i, x: x, row: row, width: text.count, text: text))
                x += text.count + toggleGap
            }
            return spans
        }
        if let spans = flow(texts(nameLimit: nil)) { return spans }
        // Two rows are not enough: shorten the names to fit two rows evenly.
        var limit = shown.map(\.name.count).max() ?? 1
        while limit > 1 {
            limit -= 1
            if let spans = flow(texts(nameLimit: limit)) { return spans }
        }
        return flow(texts(nameLimit: 1)) ?? []
    }

    /// Rows the toggle bar needs at this width (1 or 2).
    public static func toggleRows(_ toggles: [Toggle], width: Int) -> Int {
        (toggleSpans(toggles, width: width).map(\.row).max() ?? 0) + 1
    }
}
