import Foundation
import XCTest
@testable import GCTrapCore
@testable import GCTrapSession
@testable import GCTrapUI

/// Small sessions for tests: a tiny scenario so building and replaying one takes well
/// under a millisecond.
enum Sample {
    static let tinySource = """
    import db
    import gctrap

    BACK_REFERENCE = True
    EXPLICIT_RELEASE = False
    TASKS = 6

    class Agent:
        def __init__(self, n):
            self.n = n
            self.conn = db.connect()
            if BACK_REFERENCE:
                self.me = self

    for i in gctrap.tasks(TASKS):
        a = Agent(i)
        if EXPLICIT_RELEASE:
            a.conn.close()
    """

    static func header(_ source: String = tinySource, name: String = "tiny") -> SessionHeader {
        SessionHeader(title: "tiny", created: "2026-01-01T00:00:00Z", scenarioName: name, scenarioSource: source,
                      python: "3.11", settings: [:], toggles: [("BACK_REFERENCE", true), ("EXPLICIT_RELEASE", false)],
                      cols: 100, rows: 30)
    }

    static let events: [SessionEvent] = [
        SessionEvent(t: 0.2, .marker("start")),
        SessionEvent(t: 0.5, .action(.step)),
        SessionEvent(t: 1.0, .action(.next)),
        SessionEvent(t: 1.2, .caption("a cycle per task")),
        SessionEvent(t: 1.5, .action(.finishTask)),
        SessionEvent(t: 2.0, .action(.run(tasks: 2))),
        SessionEvent(t: 2.1, .action(.view(.key(.tab)))),
        SessionEvent(t: 2.2, .action(.view(.key(.tab)))),
        SessionEvent(t: 2.5, .action(.toggle(index: 1, name: "EXPLICIT_RELEASE", value: true))),
        SessionEvent(t: 3.0, .action(.finishTask)),
        SessionEvent(t: 3.2, .marker("released")),
        SessionEvent(t: 3.5, .action(.back)),
        SessionEvent(t: 3.6, .action(.backTask)),
        SessionEvent(t: 4.0, .action(.collect)),
        SessionEvent(t: 4.2, .prompt(Prompt(question: "Open now?", choices: ["0", "1", "3"], answer: 2, explanation: "cycles wait"))),
        SessionEvent(t: 4.5, .action(.play)),
        SessionEvent(t: 4.6, .action(.speed(10))),
        SessionEvent(t: 5.0, .action(.run(tasks: 1))),
        SessionEvent(t: 5.1, .action(.pause)),
        SessionEvent(t: 5.5, .action(.restart)),
        SessionEvent(t: 6.0, .action(.run(tasks: 3))),
        SessionEvent(t: 6.5, .caption("")),
        SessionEvent(t: 7.0, .action(.step)),
    ]

    static var session: Session { Session(header: header(), events: events) }
    static var text: String { session.fileText }

    static func player(_ text: String = Sample.text, limits: SessionLimits = .standard) throws -> SessionPlayer {
        try SessionLoader.load(Data(text.utf8), limits: limits, maxSteps: 20_000)
    }
}
