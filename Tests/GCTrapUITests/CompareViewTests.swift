import Foundation
import XCTest
@testable import GCTrapCore
@testable import GCTrapUI

/// The side-by-side comparison: whole frames as text at the two-column (200x50) and the
/// narrow (100x30) sizes, and the lockstep keys.
final class CompareViewTests: XCTestCase {
    func driver(width: Int, height: Int, glyphs: Glyphs = .unicode, right: [String: String] = [:],
                rightProfile: PythonProfile = .py313) throws -> CompareDriver {
        let source = EmbeddedScenarios.named("incident")!
        let left = try Simulation(source: source, name: "incident", profile: .py311)
        let rightSim = try Simulation(source: source, name: "incident", profile: rightProfile, settings: right)
        return CompareDriver(simulations: [left, rightSim], labels: [left.profile.name, rightSim.profile.name],
                             width: width, height: height, glyphs: glyphs)
    }

    /// `f` runs both sides to the first divergence: 3.11's first collection at task 138.
    func testFirstDivergenceOfTheIncidentOn311And313() throws {
        for (w, h) in [(200, 50), (100, 30)] {
            let d = try driver(width: w, height: h)
            _ = d.handle(.key(.char("f")))
            XCTAssertEqual(d.model.alignedTask, 138)
            XCTAssertEqual(d.model.sides.map { $0.snapshot.totals.open }, [2, 139])
            XCTAssertEqual(d.model.sides.map { $0.snapshot.gc.counts[0] }, [4, 705])
            Golden.assert(d.frame(), "compare-incident-311-313-first-\(w)x\(h)")
        }
    }

    /// Projector mode (`P`) at a room's sizes: the divergence in words, each side's open,
    /// leaked and generation-0 counter in block digits, the overlay chart with its +/- row
    /// across the width; under the projector theme, NO_COLOR's monochrome and in ASCII.
    func testProjectorLayoutShowsTheDivergenceBigFiguresAndTheChart() throws {
        for (w, h, modes) in [(80, 24, ["color", "nocolor", "ascii"]), (100, 30, ["color"])] {
            for mode in modes {
                let d = try driver(width: w, height: h, glyphs: mode == "ascii" ? .ascii : .unicode)
                _ = d.handle(.key(.char("]")))
                _ = d.handle(.key(.char("]")))
                XCTAssertEqual(d.model.alignedTask, 278)
                _ = d.handle(.key(.char("P")))
                XCTAssertTrue(d.projector)
                let g = d.frame()
                XCTAssertEqual(g.palette, .projector)
                let lines = g.lines
                XCTAssertTrue(lines[1].hasPrefix("projector mode: P returns to the full layout"), lines[1])
                XCTAssertTrue(g.text.contains("3.13 count"), "the divergence in words:\n\(g.text)")
                // Both sides' figures, each under its label and chart mark, in the same columns.
                guard let l = lines.firstIndex(where: { $0.contains("L 3.11") }),
                      let r = lines.firstIndex(where: { $0.contains("R 3.13") }) else { return XCTFail(g.text) }
                XCTAssertEqual(r, l + 4, g.text)
                for y in [l + 2, r + 2] {
                    XCTAssertTrue(lines[y].contains("open") && lines[y].contains("leaked") && lines[y].contains("gen 0"), lines[y])
                }
                for word in ["leaked", "gen 0"] {
                    XCTAssertEqual(lines[l + 2].range(of: word)?.lowerBound.utf16Offset(in: lines[l + 2]),
                                   lines[r + 2].range(of: word)?.lowerBound.utf16Offset(in: lines[r + 2]), "\(word) lines up:\n\(g.text)")
                }
                XCTAssertTrue(lines.contains { $0.contains(mode == "ascii" ? "+-" : "Δ") && $0.contains("+") }, "the delta row:\n\(g.text)")
                let theme: Theme = mode == "nocolor" ? .monochrome : .projector
                Golden.assertStyled(g, theme: theme, "compare-projector-incident-311-313-\(w)x\(h)-\(mode)")
                if mode == "ascii" { XCTAssertTrue(g.text.unicodeScalars.allSatisfy(\.isASCII), g.text) }
                _ = d.handle(.key(.char("P")))
                XCTAssertNotEqual(d.frame().palette, .projector, "P returns to the full layout")
            }
        }
    }

    /// Narrow screens show one side and the delta column; Tab shows the other side.
    func testTabSwitchesTheSideInTheNarrowLayout() throws {
        let d = try driver(width: 100, height: 30, glyphs: .ascii)
        _ = d.handle(.key(.char("f")))
        _ = d.handle(.key(.tab))
        XCTAssertEqual(d.model.focus, 1)
        Golden.assert(d.frame(), "compare-incident-311-313-right-ascii-100x30")
    }

    /// `]` goes on to the next divergence, `[` comes back to the first, exactly.
    func testNextAndPreviousDivergence() throws {
        let d = try driver(width: 200, height: 50)
        _ = d.handle(.key(.char("]")))
        XCTAssertEqual(d.model.alignedTask, 138)
        let first = d.model.sides.map(\.snapshot)
        _ = d.handle(.key(.char("]")))
        XCTAssertEqual(d.model.alignedTask, 278, "3.11's second collection: the next event that differs")
        _ = d.handle(.key(.char("[")))
        XCTAssertEqual(d.model.alignedTask, 138)
        XCTAssertEqual(d.model.sides.map(\.snapshot), first, "back at the first divergence, the same states")
    }

    /// A toggle flips on the focused side only; the sides then differ by it.
    func testTogglesFlipOnTheFocusedSideOnly() throws {
        let d = try driver(width: 200, height: 50, rightProfile: .py311)
        _ = d.handle(.key(.tab))
        _ = d.handle(.key(.char("4")))    // BACK_REFERENCE off on the right
        XCTAssertEqual(d.model.sides.map { $0.snapshot.toggles[3].value }, [true, false])
        _ = d.handle(.key(.char("d")))    // events -> open
        _ = d.handle(.key(.char("d")))    // open -> leaked
        XCTAssertEqual(d.model.criterion, .leaked)
        _ = d.handle(.key(.char("f")))
        XCTAssertEqual(d.model.alignedTask, 1, "the first task whose garbage holds a connection")
    }

    /// Running (c) pauses by itself at the first divergence.
    func testRunningPausesAtTheFirstDivergence() throws {
        let d = try driver(width: 200, height: 50)
        _ = d.handle(.key(.char("c")))
        for _ in 0..<400 where d.model.running { _ = d.handle(.tick) }
        XCTAssertFalse(d.model.running)
        XCTAssertEqual(d.model.tracker.found.first?.task, 138)
        XCTAssertTrue(d.model.status?.hasPrefix("paused at the first divergence (task 138)") ?? false, d.model.status ?? "")
    }

    /// The Code pane marks the lines that ran on one side only: with the back reference off on
    /// the right, the branch that makes the cycle ran on the left only (`l` in its gutter).
    func testLinesThatRanOnOneSideOnlyAreMarked() throws {
        for (w, h) in [(200, 50), (100, 30)] {
            let d = try driver(width: w, height: h, right: ["BACK_REFERENCE": "False"], rightProfile: .py311)
            _ = d.handle(.key(.char("t")))   // to the loop's start
            _ = d.handle(.key(.char("t")))   // through task 0
            XCTAssertEqual(d.model.alignedTask, 0)
            for _ in 0..<48 { _ = d.handle(.key(.up)) }   // from the loop (line 134) up to the branch (86)
            let frame = d.frame()
            let branch = frame.text.split(separator: "\n").first { $0.contains(" 86             self.agent = agent") }
            XCTAssertNotNil(branch, frame.text)
            XCTAssertTrue(branch?.contains("│l ") ?? false, "the left-only mark: \(branch ?? "")")
            if w >= 160 { XCTAssertTrue(frame.text.contains("l r: 1 line ran on one side only"), frame.text) }
            Golden.assert(frame, "compare-incident-backref-ran-one-side-\(w)x\(h)")
        }
    }

    /// Ticks whose sides run at once (each on its own thread, as the terminal command runs
    /// them) reach exactly the states of ticks that run them in turn.
    func testSidesTickingAtOnceReachTheSameStates() throws {
        let inTurn = try driver(width: 200, height: 50), atOnce = try driver(width: 200, height: 50)
        atOnce.runSides = { jobs in
            let done = DispatchGroup()
            for job in jobs {
                done.enter()
                Thread { job(); done.leave() }.start()
            }
            done.wait()
        }
        for d in [inTurn, atOnce] {
            _ = d.handle(.key(.char("c")))
            for _ in 0..<8 { _ = d.handle(.key(.char("+"))) }
            for _ in 0..<40 { _ = d.handle(.tick) }
        }
        XCTAssertGreaterThan(inTurn.model.alignedTask ?? 0, 100)
        XCTAssertEqual(atOnce.model.sides.map(\.snapshot), inTurn.model.sides.map(\.snapshot))
        XCTAssertEqual(atOnce.frame(), inTurn.frame())
    }

    /// After hundreds of tasks (several tasks per chart column) the charts drawn from the
    /// block maxima the simulations keep are the charts drawn by reading every row, in both
    /// layouts, after a step back too.
    func testChartsFromBlockMaximaEqualChartsFromEveryRow() throws {
        for (w, h) in [(200, 50), (100, 30)] {
            let d = try driver(width: w, height: h)
            d.replayRun(tasks: 700)
            _ = d.handle(.key(.char("B")))
            d.replayRun(tasks: 3)
            XCTAssertGreaterThan(d.model.alignedTask ?? 0, 690)
            XCTAssertNotNil(d.model.sides[0].snapshot.rowChart)
            var everyRow = d.model
            for i in everyRow.sides.indices {
                everyRow.sides[i].snapshot.rows = everyRow.sides[i].snapshot.rows   // drops the kept chart
                XCTAssertNil(everyRow.sides[i].snapshot.rowChart)
            }
            XCTAssertEqual(compareView(everyRow).text, d.frame().text)
        }
    }
}
