import XCTest
@testable import GCTrapCore
@testable import GCTrapUI

/// The legend's content, the block digits and the projector theme's contrast.
final class LegendAndProjectorTests: XCTestCase {
    func samples(_ g: Glyphs) -> [String] {
        Legend.sections(g).flatMap(\.entries).map { $0.sample.map(\.text).joined() }
    }

    func test_theLegendExplainsEveryMarkTheIssueNames() {
        let text = samples(.unicode).joined(separator: "\n")
        for mark in ["rc 2", "g0 g1 g2", "↻", "[held]", "[leaked]", "pooled 3/10", "gen0 7/700", "task peak", "┄┄┄", "collections 1/0/1",
                     "▂▃▄▅▆▇█", "0 1 2", "▶ 115", "┃ ━"] {
            XCTAssertTrue(text.contains(mark), "the legend has no entry for \(mark)")
        }
    }

    func test_theLegendNamesNoColourAndIsPlainASCIIWithASCIIGlyphs() {
        let colours = ["red", "green", "yellow", "blue", "magenta", "cyan", "white", "black", "orange", "purple"]
        for section in Legend.sections(.unicode) {
            for entry in section.entries {
                for c in colours { XCTAssertFalse(entry.meaning.lowercased().contains(c), "\(entry.meaning) names a colour") }
            }
        }
        for line in Legend.lines(.ascii, width: 76) {
            let text = line.map(\.text).joined()
            XCTAssertTrue(text.unicodeScalars.allSatisfy(\.isASCII), text)
            XCTAssertLessThanOrEqual(displayWidth(text), 76, text)
        }
    }

    func test_blockDigitsAreThreeRowsOfThreeColumnsPerGlyph() {
        XCTAssertEqual(BlockDigits.rows("135/300", ascii: false), [
            "▀█  ▀▀█ █▀▀   █ ▀▀█ █▀█ █▀█",
            " █   ▀█ ▀▀█  █   ▀█ █ █ █ █",
            "▀▀▀ ▀▀▀ ▀▀▀ ▀   ▀▀▀ ▀▀▀ ▀▀▀",
        ])
        XCTAssertEqual(BlockDigits.rows("42", ascii: true), ["     _ ", "|_|  _|", "  | |_ "])
        XCTAssertEqual(BlockDigits.width("135/300"), 27)
        for c in "0123456789/- " {
            XCTAssertEqual(BlockDigits.rows(String(c), ascii: false).map(displayWidth), [3, 3, 3])
            XCTAssertEqual(BlockDigits.rows(String(c), ascii: true).map(displayWidth), [3, 3, 3])
        }
    }

    /// WCAG contrast of each projector role's text against its background, from the
    /// xterm-256 colours the theme uses.
    func test_theProjectorThemeKeepsTextAtLeastFourAndAHalfToOneAgainstItsBackground() {
        func rgb(_ c: TermColor) -> (Double, Double, Double) {
            let v = c.rawValue
            if v >= 232 { let l = Double(8 + 10 * (v - 232)); return (l, l, l) }
            let levels: [Double] = [0, 95, 135, 175, 215, 255]
            let i = v - 16
            return (levels[i / 36], levels[(i / 6) % 6], levels[i % 6])
        }
        func luminance(_ c: TermColor) -> Double {
            let (r, g, b) = rgb(c)
            func lin(_ x: Double) -> Double { let s = x / 255; return s <= 0.03928 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4) }
            return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
        }
        for role in ColorRole.allCases {
            let st = Theme.projector.style(role)
            XCTAssertGreaterThanOrEqual(st.fg.rawValue, 16, "\(role): projector colours are explicit")
            XCTAssertGreaterThanOrEqual(st.bg.rawValue, 16, "\(role): projector colours are explicit")
            let a = luminance(st.fg), b = luminance(st.bg)
            let ratio = (max(a, b) + 0.05) / (min(a, b) + 0.05)
            XCTAssertGreaterThanOrEqual(ratio, 4.5, "\(role): contrast \(ratio)")
            XCTAssertFalse(st.attrs.contains(.dim), "\(role): dim text washes out on a projector")
        }
    }
}
