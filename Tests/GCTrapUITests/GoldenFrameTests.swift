import XCTest
@testable import GCTrapCore
@testable import GCTrapUI

/// Whole frames and single panes, as text, at the compact (80x24) and large (160x48) sizes.
final class GoldenFrameTests: XCTestCase {
    static let sizes = [(80, 24), (160, 48)]

    func testEachPaneOfALeakingRunMatchesItsGolden() {
        for (w, h) in Self.sizes {
            var m = Fixtures.model(Fixtures.leaking, width: w, height: h)
            for pane in Pane.allCases {
                m.focus = pane
                Golden.assert(viewPane(pane, m), "leaking-\(pane.title.lowercased())-\(w)x\(h)")
            }
        }
    }

    func testEachPaneAfterCollectionsMatchesItsGolden() {
        for (w, h) in Self.sizes {
            let m = Fixtures.model(Fixtures.afterCollection, width: w, height: h)
            for pane in Pane.allCases {
                Golden.assert(viewPane(pane, m), "collected-\(pane.title.lowercased())-\(w)x\(h)")
            }
        }
    }

    func testWholeFrameOfALeakingRun() {
        for (w, h) in Self.sizes + [(120, 40)] {
            Golden.assert(view(Fixtures.model(Fixtures.leaking, width: w, height: h)), "frame-leaking-\(w)x\(h)")
        }
    }

    func testWholeFrameOfAFinishedPooledRun() {
        for (w, h) in Self.sizes {
            Golden.assert(view(Fixtures.model(Fixtures.pooledFinished, width: w, height: h)), "frame-pooled-\(w)x\(h)")
        }
    }

    func testWholeFrameInASCIIWhenTheLocaleIsNotUTF8() {
        let m = Fixtures.model(Fixtures.afterCollection, width: 80, height: 24, glyphs: .ascii)
        let g = view(m)
        Golden.assert(g, "frame-ascii-80x24")
        for line in g.lines { XCTAssertTrue(line.unicodeScalars.allSatisfy { $0.isASCII }, line) }
    }

    func testHelpOverlayListsTheKeys() {
        var m = Fixtures.model(Fixtures.leaking, width: 80, height: 24)
        m.helpVisible = true
        Golden.assert(view(m), "frame-help-80x24")
    }

    func testInspectingGarbageShowsWhatWillFreeIt() {
        var m = Fixtures.model(Fixtures.leaking, width: 160, height: 48)
        m.focus = .objects
        m.inspected = Fixtures.base(task: 0)
        Golden.assert(viewPane(.objects, m), "objects-inspect-garbage-160x48")
    }

    func testTooSmallScreenShowsOnlyTheSizeMessage() {
        let m = Fixtures.model(Fixtures.leaking, width: 79, height: 24)
        let text = view(m).lines.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        XCTAssertEqual(text, ["terminal too small: need 80x24, have 79x24"])
        let short = Fixtures.model(Fixtures.leaking, width: 120, height: 23)
        XCTAssertTrue(view(short).text.contains("terminal too small: need 80x24, have 120x23"))
    }
}
