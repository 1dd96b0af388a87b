import Foundation
import XCTest
@testable import GCTrapCore
@testable import GCTrapSession
@testable import GCTrapUI

final class FormatTests: XCTestCase {
    func testASessionReadsBackAsWritten() throws {
        let parsed = try SessionParser.parse(Sample.text)
        XCTAssertEqual(parsed.header, Sample.header())
        XCTAssertEqual(parsed.events.map(\.kind), Sample.events.map(\.kind))
        XCTAssertEqual(parsed.events.map(\.t), Sample.events.map(\.t))
        XCTAssertEqual(parsed.events.first?.line, 2)
        XCTAssertTrue(parsed.warnings.isEmpty)
    }

    func testTheHeaderComesFirstWithFormatAndVersion() {
        let first = Sample.text.split(separator: "\n")[0]
        XCTAssertTrue(first.hasPrefix("{\"format\":\"gctrap-session\",\"version\":1,"))
    }

    func testEventsWithoutATimePlayAtThePreviousOnesTime() throws {
        let text = Sample.header().jsonLine + "\n{\"t\":2,\"action\":\"step\"}\n{\"action\":\"step\"}\n"
        XCTAssertEqual(try SessionParser.parse(text).times, [2, 2])
    }

    func testTimesAreWrittenWithoutExponents() {
        XCTAssertEqual(JSONText.seconds(0.0001), "0")
        XCTAssertEqual(JSONText.seconds(12.5), "12.5")
        XCTAssertEqual(JSONText.seconds(3600.033), "3600.033")
    }
}

final class BadInputTests: XCTestCase {
    let header = Sample.header().jsonLine

    func error(_ text: String, limits: SessionLimits = .standard) -> SessionError? {
        do { _ = try Sample.player(text, limits: limits); return nil } catch let e as SessionError { return e } catch {
            XCTFail("unexpected \(error)"); return nil
        }
    }

    func assertError(_ text: String, line: Int, _ fragment: String, limits: SessionLimits = .standard,
                     file: StaticString = #filePath, l: UInt = #line) {
        guard let e = error(text, limits: limits) else { return XCTFail("no error", file: file, line: l) }
        XCTAssertEqual(e.line, line, e.message, file: file, line: l)
        XCTAssertTrue(e.message.contains(fragment), "\(e.message) lacks \(fragment)", file: file, line: l)
    }

    func testEachProblemIsReportedAtItsLine() {
        assertError("", line: 1, "empty")
        assertError("hello\n", line: 1, "not a gctrap session")
        assertError("[1,2]\n", line: 1, "not a gctrap session")
        assertError("{\"format\":\"asciicast\"}\n", line: 1, "not a gctrap session")
        assertError(header.replacingOccurrences(of: "\"version\":1", with: "\"version\":7") + "\n", line: 1, "made by a newer gctrap")
        assertError(header.replacingOccurrences(of: "\"version\":1", with: "\"version\":\"1\"") + "\n", line: 1, "version")
        assertError(header + "\n{\"action\":\"fly\"}\n", line: 2, "unknown action 'fly'")
        assertError(header + "\n{\"wave\":1}\n", line: 2, "unknown event")
        assertError(header + "\n{\"marker\":\"\"}\n", line: 2, "a marker's label is empty")
        assertError(header + "\n{\"marker\":\"   \"}\n", line: 2, "a marker's label is empty")
        assertError(header + "\n{\"marker\":\"a\",\"caption\":\"b\"}\n", line: 2, "one of")
        assertError(header + "\n{\"action\":\"run\",\"tasks\":0}\n", line: 2, "run needs")
        assertError(header + "\n{\"action\":\"run\",\"tasks\":1e300}\n", line: 2, "run needs")
        assertError(header + "\n{\"action\":\"speed\",\"value\":3}\n", line: 2, "speed")
        assertError(header + "\n{\"action\":\"toggle\",\"index\":7,\"value\":true}\n", line: 2, "there is no index 7")
        assertError(header + "\n{\"action\":\"toggle\",\"index\":0,\"name\":\"USE_POOL\",\"value\":true}\n", line: 2, "not USE_POOL")
        assertError(header + "\n{\"action\":\"view\",\"message\":\"key NoSuchKey\"}\n", line: 2, "view")
        assertError(header + "\n{\"t\":5,\"action\":\"step\"}\n{\"t\":4,\"action\":\"step\"}\n", line: 3, "time goes backwards")
        assertError(header + "\n{\"t\":-1,\"action\":\"step\"}\n", line: 2, "\"t\"")
        assertError(header + "\n{\"prompt\":{\"question\":\"q\",\"choices\":[\"a\"],\"answer\":3}}\n", line: 2, "answer")
        assertError(header + "\n" + String(repeating: "[", count: 5000) + "\n", line: 2, "nested")
    }

    /// A damaged line mid-file (a write cut short while the disk was full, later events
    /// appended after it) is where playback stops, with a warning naming the line.
    func testADamagedLineMidFileEndsTheSessionThereWithAWarning() throws {
        for damaged in ["not json", "{\"t\":1.5,\"act", "\u{FF}\u{FE}"] {
            let session = try SessionParser.parse(header + "\n{\"action\":\"step\"}\n\(damaged)\n{\"action\":\"step\"}\n\n")
            XCTAssertEqual(session.events.count, 1, damaged)
            XCTAssertEqual(session.warnings.map(\.line), [3], damaged)
            XCTAssertTrue(session.warnings[0].message.hasPrefix("warning: the recording is cut short here ("), session.warnings[0].message)
            XCTAssertTrue(session.warnings[0].message.hasSuffix("playing the 1 events before it and ignoring the 1 line after it"), session.warnings[0].message)
        }
        var bytes = Array((header + "\n{\"action\":\"step\"}\n{\"action\":\"st").utf8)
        bytes += [0xE2, 0x82, 0x0A] + Array("{\"action\":\"step\"}\n".utf8)   // cut inside a UTF-8 sequence
        let cut = try SessionParser.parse(Data(bytes))
        XCTAssertEqual(cut.events.count, 1)
        XCTAssertTrue(cut.warnings[0].message.contains("is not UTF-8 text"), cut.warnings[0].message)
    }

    func testAScenarioThatDoesNotParseIsReportedWithTheSessionsLine() {
        let bad = Sample.header("import db\nx = = 1\n").jsonLine + "\n"
        assertError(bad, line: 1, "does not parse")
        XCTAssertTrue(error(bad)!.message.contains("tiny.py:2"))
    }

    func testUnknownSettingsAndProfilesAreRefused() {
        assertError(header.replacingOccurrences(of: "\"python\":\"3.11\"", with: "\"python\":\"2.7\"") + "\n", line: 1, "unknown Python profile")
        assertError(header.replacingOccurrences(of: "\"settings\":{}", with: "\"settings\":{\"NOPE\":\"1\"}") + "\n", line: 1, "NOPE")
    }

    func testRandomBytesAreNotASession() {
        var rng = SplitMix64(seed: 7)
        let bytes = Data((0..<4096).map { _ in UInt8(truncatingIfNeeded: rng.next()) })
        XCTAssertNotNil(error(String(decoding: bytes, as: UTF8.self)))
        XCTAssertThrowsError(try SessionParser.parse(bytes))
    }

    func testFilesOverTheLimitsAreRefused() {
        var small = SessionLimits.standard
        small.maxBytes = 1000
        assertError(Sample.text, line: 1, "over the limit", limits: small)
        var few = SessionLimits.standard
        few.maxEvents = 5
        assertError(Sample.text, line: 7, "more than 5 events", limits: few)
    }

    func testACutLastLineIsAWarningAndTheRestPlays() throws {
        var text = Sample.text
        text.removeLast(12)   // cut inside the last event, no final newline
        let player = try Sample.player(text)
        XCTAssertEqual(player.count, Sample.events.count - 1)
        XCTAssertEqual(player.session.warnings.count, 1)
        XCTAssertEqual(player.session.warnings[0].line, Sample.events.count + 1)
        XCTAssertTrue(player.session.warnings[0].formatted(file: "x.gctrap").hasPrefix("x.gctrap:\(Sample.events.count + 1): warning: the last line is cut short"))
        player.seek(to: player.count)
    }

    func testAFileMissingOnlyTheFinalNewlineIsWhole() throws {
        var text = Sample.text
        text.removeLast()
        XCTAssertEqual(try Sample.player(text).session.warnings, [])
    }

    func testControlCharactersFromTheFileNeverReachTheOutput() throws {
        let evil = "\u{1B}]0;owned\u{07}\u{1B}[2J"
        var h = Sample.header()
        h.title = evil
        let session = Session(header: h, events: [SessionEvent(t: 1, .marker(evil)), SessionEvent(t: 2, .caption(evil)),
                                                  SessionEvent(t: 3, .prompt(Prompt(question: evil, choices: [evil], answer: 0, explanation: evil)))])
        let player = try Sample.player(session.fileText)
        var narrative = ""
        Narrative.tell(player) { narrative += $0 + "\n" }
        XCTAssertFalse(narrative.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        XCTAssertTrue(narrative.contains("?]0;owned??[2J"))
        var cast = ""
        Exporter.asciicast(player, width: 100, height: 30, title: player.session.header.title) { cast += $0 }
        XCTAssertFalse(cast.contains("owned\u{07}"))
        XCTAssertFalse(cast.contains("\u{1B}]0"))
        // Error messages quote the file's text made printable too.
        let e = SessionError(line: 3, "unknown action '\(Sanitize.printable(evil))'").formatted(file: "a\u{1B}b")
        XCTAssertFalse(e.unicodeScalars.contains { $0.value == 0x1B })
    }
}

final class ProjectorExportTests: XCTestCase {
    /// A cast exported in projector mode paints black on white with the xterm-256 codes
    /// (38;5;N / 48;5;N) the terminal uses, not 30+N codes that name no colour.
    func testAProjectorExportUsesTheLightThemesColours() throws {
        let player = try Sample.player()
        player.projectorOverride = true
        var cast = ""
        Exporter.asciicast(player, width: 120, height: 40, title: "room") { cast += $0 }
        XCTAssertTrue(cast.contains("\\u001b[0;38;5;16;48;5;231m"), "black ink on white paper")
        XCTAssertFalse(cast.contains("\\u001b[0;46m"), "no basic-colour code computed from a 256-colour index")
        var plain = ""
        Exporter.asciicast(try Sample.player(), width: 120, height: 40, title: "laptop") { plain += $0 }
        XCTAssertFalse(plain.contains("48;5;231"), "a recording made without projector mode exports in the standard colours")
    }
}

final class PlaybackTests: XCTestCase {
    func testSeekingLandsOnTheStateReachedByPlayingThrough() throws {
        let linear = try Sample.player()
        var snapshots: [Snapshot] = [linear.simulation.snapshot()]
        var views: [ViewState] = [linear.view]
        while linear.forward() != nil {
            snapshots.append(linear.simulation.snapshot())
            views.append(linear.view)
        }
        let seeker = try Sample.player()
        seeker.saveEvery = 1   // a saved state after every event
        seeker.buildIndex()
        for target in [snapshots.count - 1, 0, 7, 3, 12, 11, 20, 5, 16, 2, 22, 9] where target < snapshots.count {
            seeker.seek(to: target)
            XCTAssertEqual(seeker.position, target)
            XCTAssertEqual(seeker.simulation.snapshot(), snapshots[target], "seek to \(target)")
            XCTAssertEqual(seeker.view, views[target], "view at \(target)")
        }
    }

    func testEverySeekOrderGivesTheSameStates() throws {
        let a = try Sample.player(), b = try Sample.player()
        b.saveEvery = 3
        var rng = SplitMix64(seed: 42)
        for _ in 0..<60 {
            let target = Int(rng.next() % UInt64(a.count + 1))
            b.seek(to: target)
            a.seek(to: 0)
            for _ in 0..<target { a.forward() }
            XCTAssertEqual(a.simulation.snapshot(), b.simulation.snapshot(), "at \(target)")
        }
    }

    func testCaptionsAndMarkersFollowThePosition() throws {
        let p = try Sample.player()
        XCTAssertNil(p.caption)
        XCTAssertEqual(p.markers, [0, 10])
        p.seek(to: 5)
        XCTAssertEqual(p.caption, "a cycle per task")
        XCTAssertEqual(p.lastMarker?.label, "start")
        p.seek(to: 11)
        XCTAssertEqual(p.lastMarker?.label, "released")
        p.seek(to: p.count)
        XCTAssertNil(p.caption)
    }

    func testSeekingByTimeFindsTheLastEventBeforeIt() throws {
        let p = try Sample.player()
        p.seek(toTime: 1.3)
        XCTAssertEqual(p.position, 4)
        XCTAssertEqual(p.time, 1.2)
        p.seek(toTime: 100)
        XCTAssertEqual(p.position, p.count)
    }

    func testTheHeadlessNarrativeTellsMarkersCaptionsTogglesAndTasks() throws {
        var lines: [String] = []
        Narrative.tell(try Sample.player()) { lines.append($0) }
        XCTAssertEqual(lines[0], "session: tiny")
        XCTAssertEqual(lines[2], "toggles: BACK_REFERENCE=True, EXPLICIT_RELEASE=False")
        XCTAssertTrue(lines.contains("[0:00.2] marker: start"))
        XCTAssertTrue(lines.contains("[0:01.2] caption: a cycle per task"))
        XCTAssertTrue(lines.contains("[0:02.5] toggle EXPLICIT_RELEASE = True"))
        XCTAssertTrue(lines.contains("[0:04.2] prompt: Open now?"))
        XCTAssertTrue(lines.contains { $0.hasPrefix("task 0: open 1, leaked 0") }, lines.joined(separator: "\n"))
        XCTAssertTrue(lines.last!.hasPrefix("end: "))
    }

    func testThePlaybackBarShowsPositionSpeedAndMarkers() throws {
        let p = try Sample.player()
        var t = 0.0
        let d = PlaybackDriver(player: p, width: 100, height: 30, wallClock: { t })
        _ = d.handle(.tick)
        t = 2.3
        _ = d.handle(.tick)
        XCTAssertEqual(p.position, 8)
        let bar = d.frame().lines[29]
        XCTAssertTrue(bar.contains("0:02.3 / 0:07.0"), bar)
        XCTAssertTrue(bar.contains("8/23 1x"), bar)
        XCTAssertTrue(bar.contains("marker: start"), bar)
        XCTAssertTrue(d.frame().lines[28].contains("a cycle per task"))
        _ = d.handle(.key(.char("]")))
        XCTAssertEqual(p.position, 11)
        _ = d.handle(.key(.char(",")))
        XCTAssertEqual(p.position, 10)
        _ = d.handle(.key(.char("+")))
        XCTAssertEqual(d.speed, 2)
        _ = d.handle(.key(.char("0")))
        XCTAssertEqual(p.position, 0)
        _ = d.handle(.key(.char("9")))
        XCTAssertEqual(p.position, p.eventCount(atTime: 6.3))
    }

    /// Shift+arrows seek by a tenth of the recording, as asciinema's player does.
    func testShiftArrowsSeekByTenPercent() throws {
        let p = try Sample.player()
        let d = PlaybackDriver(player: p, width: 100, height: 30, wallClock: { 0 })
        _ = d.handle(.key(.shiftRight))
        XCTAssertEqual(p.position, p.eventCount(atTime: 0.7))
        _ = d.handle(.key(.shiftRight))
        XCTAssertEqual(p.position, p.eventCount(atTime: 1.4))
        _ = d.handle(.key(.shiftLeft))
        XCTAssertEqual(p.position, p.eventCount(atTime: 0.7))
        XCTAssertEqual(Key("S-Right"), .shiftRight, "the key's text form reads back")
    }

    /// `P` (and `play --projector`) shows a recording in projector mode whatever it was
    /// recorded in, and keeps it through seeks, which restore the recording's own view.
    func testPShowsTheRecordingInProjectorModeThroughSeeks() throws {
        let p = try Sample.player()
        let d = PlaybackDriver(player: p, width: 100, height: 30, wallClock: { 0 })
        XCTAssertEqual(d.frame().palette, .standard)
        _ = d.handle(.key(.char("P")))
        XCTAssertEqual(d.frame().palette, .projector)
        _ = d.handle(.key(.char("9")))
        _ = d.handle(.key(.char("0")))
        XCTAssertEqual(d.frame().palette, .projector, "a seek keeps the override")
        _ = d.handle(.key(.char("P")))
        XCTAssertEqual(d.frame().palette, .standard)
    }

    func testAPromptPausesPlaybackUntilAnswered() throws {
        let p = try Sample.player()
        var t = 0.0
        let d = PlaybackDriver(player: p, width: 100, height: 30, wallClock: { t })
        _ = d.handle(.tick)
        t = 4.3
        _ = d.handle(.tick)
        XCTAssertEqual(p.position, 15)
        XCTAssertTrue(d.frame().text.contains("Open now?"))
        t = 6
        _ = d.handle(.tick)
        XCTAssertEqual(p.position, 15, "paused on the prompt")
        _ = d.handle(.key(.char("3")))
        XCTAssertTrue(d.frame().text.contains("Right."))
        _ = d.handle(.key(.enter))
        XCTAssertFalse(d.frame().text.contains("Open now?"))
    }

    func testTakingOverHandsTheSameStateToALiveDriver() throws {
        let p = try Sample.player()
        var live: AppDriver?
        let d = PlaybackDriver(player: p, width: 100, height: 30, wallClock: { 0 }) { player in
            let a = AppDriver(app: player.app); live = a; return a
        }
        _ = d.handle(.key(.char("]")))
        _ = d.handle(.key(.char("]")))
        let steps = p.simulation.steps
        _ = d.handle(.key(.char("i")))
        XCTAssertTrue(d.isLive)
        XCTAssertEqual(live?.app.model.snapshot.steps, steps)
        _ = d.handle(.key(.char("s")))
        XCTAssertEqual(p.simulation.steps, steps + 1)
        XCTAssertEqual(d.frame().height, 30)
    }
}

final class RecordingTests: XCTestCase {
    /// Enter on an empty marker label keeps the prompt open and says why; nothing is recorded.
    func testAnEmptyMarkerLabelIsRefusedWhileRecording() throws {
        let sim = try SessionLoader.makeSimulation(Sample.header())
        let app = App(engine: sim, width: 100, height: 30)
        var lines: [String] = []
        let driver = RecordingDriver(app: app, recorder: SessionRecorder(header: nil, sink: { lines.append($0) }, clock: { 0 }))
        _ = driver.handle(.key(.char("m")))
        _ = driver.handle(.key(.char(" ")))
        _ = driver.handle(.key(.enter))
        XCTAssertEqual(lines, [])
        XCTAssertEqual(app.model.status, "a marker needs a label: type one, or Esc to cancel")
        XCTAssertTrue(driver.frame().text.contains("marker label:"), "the prompt stays open")
        for c in "x" { _ = driver.handle(.key(.char(c))) }
        _ = driver.handle(.key(.enter))
        XCTAssertEqual(lines.count, 1)
        XCTAssertTrue(lines[0].contains("\"marker\":\" x\""), lines[0])
    }

    func testARecordingReplaysToTheStateTheUserSaw() throws {
        let sim = try SessionLoader.makeSimulation(Sample.header())
        let app = App(engine: sim, width: 100, height: 30)
        var lines: [String] = []
        var now = 0.0
        let recorder = SessionRecorder(header: Sample.header(), sink: { lines.append($0) }, clock: { now })
        let driver = RecordingDriver(app: app, recorder: recorder)
        func send(_ m: Message) { now += 0.1; _ = driver.handle(m) }
        for k in ["s", "n", "n", "t", "2", "g", "Tab", "Down", "Enter", "b", "B", "+", "Space"] {
            send(.key(Key(k)!))
        }
        for _ in 0..<40 { send(.tick) }                    // running at 10 tasks/s
        send(.key(.char("m"))); for c in "peak" { send(.key(.char(c))) }; send(.key(.enter))
        send(.key(.char("a"))); for c in "watch this" { send(.key(.char(c))) }; send(.key(.backspace)); send(.key(.enter))
        send(.key(.char(" ")))
        send(.resize(width: 110, height: 35))
        send(.key(.char("R")))
        send(.key(.char("q")))
        let text = lines.joined(separator: "\n") + "\n"
        let player = try Sample.player(text)
        let kinds = player.events.map(\.kind)
        XCTAssertTrue(kinds.contains(.marker("peak")))
        XCTAssertTrue(kinds.contains(.caption("watch thi")))
        XCTAssertTrue(kinds.contains(.action(.toggle(index: 1, name: "EXPLICIT_RELEASE", value: true))))
        XCTAssertTrue(kinds.contains(.action(.play)))
        XCTAssertTrue(kinds.contains(.action(.view(.key(.tab)))))
        XCTAssertTrue(kinds.contains(.action(.resize(cols: 110, rows: 35))))
        // Ticks are merged: 40 ticks at 10 tasks/s make a few run events, not 40.
        let runs = kinds.filter { if case .action(.run) = $0 { return true }; return false }
        XCTAssertGreaterThan(runs.count, 0)
        XCTAssertLessThanOrEqual(runs.count, 9)
        // Before the restart the replay matches what the user saw.
        let restart = player.events.firstIndex { $0.kind == .action(.restart) }!
        player.seek(to: player.count)
        XCTAssertEqual(player.simulation.snapshot(), sim.snapshot())
        player.seek(to: restart)
        XCTAssertEqual(player.simulation.rows.count, player.simulation.snapshot().rows.count)
    }

    func testTheWriterRefusesToOverwriteWithoutForce() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gctrap-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("a.gctrap").path
        let w = try SessionWriter(path: path, force: false)
        w.write(line: "one")
        // Written at once: readable before close (crash-safe).
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "one\n")
        w.close()
        XCTAssertThrowsError(try SessionWriter(path: path, force: false)) { e in
            XCTAssertTrue("\(e)".contains("already exists; use --force"))
        }
        let forced = try SessionWriter(path: path, force: true)
        forced.write(line: "two")
        forced.close()
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "two\n")
    }
}

final class ExportTests: XCTestCase {
    func testAsciicastHasAVersion2HeaderOutputEventsAndMarkers() throws {
        var lines: [String] = []
        Exporter.asciicast(try Sample.player(), width: 100, height: 30, title: "tiny") { s in
            lines += s.split(separator: "\n").map(String.init)
        }
        let header = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as! [String: Any]
        XCTAssertEqual(header["version"] as? Int, 2)
        XCTAssertEqual(header["width"] as? Int, 100)
        XCTAssertEqual(header["height"] as? Int, 30)
        XCTAssertEqual(header["title"] as? String, "tiny")
        var lastTime = 0.0, markers: [String] = [], outputs = 0
        for l in lines.dropFirst() {
            let e = try JSONSerialization.jsonObject(with: Data(l.utf8)) as! [Any]
            let t = (e[0] as! NSNumber).doubleValue
            XCTAssertGreaterThanOrEqual(t, lastTime)
            lastTime = t
            if e[1] as? String == "m" { markers.append(e[2] as! String) }
            if e[1] as? String == "o" { outputs += 1 }
        }
        XCTAssertEqual(markers, ["start", "released"])
        XCTAssertGreaterThan(outputs, 10)
    }

    func testFramesAreTheScreensAtTheRequestedSize() throws {
        var frames: [ExportFrame] = []
        Exporter.frames(try Sample.player(), width: 90, height: 26) { frames.append($0) }
        XCTAssertTrue(frames.allSatisfy { $0.grid.width == 90 && $0.grid.height == 26 })
        XCTAssertTrue(frames[0].grid.text.contains("gctrap"))
        XCTAssertTrue(frames.contains { $0.grid.text.contains("a cycle per task") })
    }
}

