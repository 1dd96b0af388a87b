import XCTest
@testable import GCTrapCore
@testable import GCTrapUI

/// Whole frames of the Graph view of the incident's cycle, the legend and projector mode,
/// at 80x24 and 120x40, each in colour (text and styles under the colour theme), with
/// NO_COLOR (styles under the monochrome theme) and in ASCII.
final class ViewGoldenTests: XCTestCase {
    enum Mode: String, CaseIterable { case color, nocolor, ascii }
    static let sizes = [(80, 24), (120, 40)]
    static let wide = [(160, 48)]

    func check(_ name: String, sizes: [(Int, Int)] = sizes, _ configure: (inout Model) -> Void) {
        for (w, h) in sizes {
            for mode in Mode.allCases {
                var m = Fixtures.model(Fixtures.leaking, width: w, height: h, glyphs: mode == .ascii ? .ascii : .unicode)
                configure(&m)
                let g = view(m)
                let theme: Theme = mode == .nocolor ? .monochrome : (m.projector ? .projector : .color)
                Golden.assertStyled(g, theme: theme, "\(name)-\(w)x\(h)-\(mode.rawValue)")
                if mode == .ascii {
                    for line in g.lines { XCTAssertTrue(line.unicodeScalars.allSatisfy(\.isASCII), line) }
                }
            }
        }
    }

    func testTheGraphViewDrawsTheIncidentsCycle() {
        check("graph-incident") { m in
            m.focus = .objects
            m.graph = GraphViewState(focus: .group(Fixtures.base(task: 0)))
        }
    }

    func testTheGraphViewScrolledToTheConnectionTheCycleHolds() {
        check("graph-incident-scrolled", sizes: [(80, 24)]) { m in
            m.graph = GraphViewState(focus: .group(Fixtures.base(task: 0)), scrollY: 10)
        }
    }

    func testTheHelpShowsTheKeysAndTheLegend() {
        check("legend", sizes: Self.sizes + Self.wide) { m in
            m.helpVisible = true
            // Keys and legend in one column (below 160 columns): start at the legend.
            if HelpOverlay.columns(m).count == 1 { m.helpScroll = helpLines.count + 2 }
        }
    }

    func testProjectorModeShowsThreePanesUnderBlockDigits() {
        check("projector", sizes: Self.sizes + [(120, 30)]) { m in
            m.projector = true
        }
    }
}
