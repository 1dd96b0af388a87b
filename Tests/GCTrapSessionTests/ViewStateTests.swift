import Foundation
import XCTest
@testable import GCTrapCore
@testable import GCTrapSession
@testable import GCTrapUI

/// The Graph view, projector mode and sideways scrolling are part of a recording's view:
/// played through or reached by seeking, the screen is the same.
final class ViewStateTests: XCTestCase {
    func testGraphViewProjectorModeAndSidewaysScrollReplayAndSurviveSeeking() throws {
        let events: [SessionEvent] = [
            SessionEvent(t: 0.5, .action(.run(tasks: 3))),
            SessionEvent(t: 1.0, .action(.view(.key(.char("G"))))),
            SessionEvent(t: 1.5, .action(.view(.key(.down)))),
            SessionEvent(t: 2.0, .action(.step)),
            SessionEvent(t: 2.5, .action(.view(.key(.char("P"))))),
            SessionEvent(t: 3.0, .action(.view(.key(.escape)))),
            SessionEvent(t: 3.5, .action(.view(.key(.right)))),
            SessionEvent(t: 4.0, .action(.finishTask)),
        ]
        let text = Session(header: Sample.header(), events: events).fileText
        let linear = try Sample.player(text)
        var views: [ViewState] = [linear.view]
        while linear.forward() != nil { views.append(linear.view) }
        XCTAssertNotNil(views[2].graph, "G opened the Graph view")
        XCTAssertNotNil(views[3].graph, "Down scrolls it; it stays open")
        XCTAssertTrue(views[5].projector)
        XCTAssertNil(views[6].graph, "Esc closed it")
        XCTAssertGreaterThan(views[7].hscroll[Pane.code.rawValue], 0, "Right scrolled the code sideways")
        let seeker = try Sample.player(text)
        seeker.saveEvery = 1
        seeker.buildIndex()
        for target in [7, 2, 5, 3, 0, 8, 4] where target < views.count {
            seeker.seek(to: target)
            XCTAssertEqual(seeker.view, views[target], "view at \(target)")
        }
    }
}
