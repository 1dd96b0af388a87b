import XCTest
@testable import GCTrapUI

final class GridTests: XCTestCase {
    func testWritingIsClippedToTheLimitAndTheEdge() {
        var g = Grid(width: 10, height: 2)
        g.write("hello world", x: 2, y: 0, maxWidth: 5)
        g.write("abcdefghijkl", x: 6, y: 1)
        XCTAssertEqual(g.lines, ["  hello   ", "      abcd"])
    }

    func testWideCharactersTakeTwoColumnsAndNeverHalfFit() {
        var g = Grid(width: 5, height: 1)
        g.write("a漢字", x: 0, y: 0)
        XCTAssertEqual(g.lines, ["a漢字"])
        g.write("b", x: 2, y: 0)        // overwrite the right half of 漢
        XCTAssertEqual(g.lines, ["a b字"])
        var h = Grid(width: 4, height: 1)
        h.write("ab漢", x: 1, y: 0)     // 漢 would need columns 3-4
        XCTAssertEqual(h.lines, [" ab "])
    }

    func testDiffListsOnlyChangedCells() {
        var a = Grid(width: 4, height: 2)
        a.write("abcd", x: 0, y: 0)
        var b = a
        b.write("X", x: 1, y: 1)
        b.style(x: 0, y: 0, width: 1, role: .error)
        XCTAssertEqual(b.diff(from: a), [0, 5])
        XCTAssertEqual(b.diff(from: nil).count, 8)
        XCTAssertEqual(b.diff(from: Grid(width: 3, height: 2)).count, 8)
    }

    func testBoxesCarryTheirTitle() {
        var g = Grid(width: 12, height: 3)
        g.box(Rect(x: 0, y: 0, width: 12, height: 3), title: "Code", focused: false, glyphs: .ascii)
        XCTAssertEqual(g.lines, ["+ Code ----+", "|          |", "+----------+"])
    }

    func testGlyphsFollowTheLocale() {
        XCTAssertEqual(Glyphs.forLocale(["LANG": "en_US.UTF-8"]), .unicode)
        XCTAssertEqual(Glyphs.forLocale(["LC_ALL": "C", "LANG": "en_US.UTF-8"]), .ascii)
        XCTAssertEqual(Glyphs.forLocale([:]), .ascii)
    }
}

/// NO_COLOR: the monochrome theme still tells the states apart.
final class MonochromeTests: XCTestCase {
    func testMonochromeUsesNoColourAndKeepsStatesApart() {
        let t = Theme.monochrome
        for role in ColorRole.allCases {
            XCTAssertEqual(t.style(role).fg, .default); XCTAssertEqual(t.style(role).bg, .default)
        }
        // Reachable vs garbage vs cycle; leaked vs held vs idle; toggles on vs off.
        let groups: [[ColorRole]] = [[.reachable, .garbage, .cycle],
                                     [.connectionLeaked, .connectionHeld, .connectionIdle],
                                     [.toggleOn, .toggleOff], [.border, .focusedBorder], [.currentLine, .normal]]
        for g in groups {
            XCTAssertEqual(Set(g.map { t.style($0) }).count, g.count, "\(g) look the same in monochrome")
        }
    }

    func testStatesAlsoCarryTextMarkers() {
        var m = Fixtures.model(Fixtures.leaking, width: 160, height: 48, glyphs: .ascii)
        m.focus = .objects
        let text = view(m).text
        XCTAssertTrue(text.contains("133 x Agent <-> ContextService -> ... -> Connection (open)"))
        XCTAssertTrue(text.contains("rc 2 g0 @"), "cycle marker")
        XCTAssertTrue(text.contains("[held]"))
        XCTAssertTrue(text.contains("1[x]RETURN_AGENT") && text.contains("2[ ]EXPLICIT_RELEASE"))
        XCTAssertTrue(text.contains("> 115"), "current line marker")
        XCTAssertTrue(text.contains("# Objects"), "focused pane has its own border")
    }

    func testAllPanesAreTitledAndVisibleAtTheSupportedSizes() {
        for (w, h) in [(80, 24), (120, 40), (160, 48), (200, 60)] {
            let text = view(Fixtures.model(Fixtures.leaking, width: w, height: h)).text
            for word in ["Code", "Scopes", "Objects", "Connections", "GC"] {
                XCTAssertTrue(text.contains("═ \(word)") || text.contains("─ \(word)") || text.contains("╔ \(word)")
                              || text.contains("┌ \(word)"), "\(word) at \(w)x\(h)")
            }
            XCTAssertTrue(text.contains("task 134"))
            XCTAssertTrue(text.contains("pooled 0/-") && text.contains("leaked 133") && text.contains("held 2"))
            XCTAssertTrue(text.contains("open now 135/300"))
        }
    }
}
