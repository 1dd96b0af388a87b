import Foundation
import XCTest

/// Issue 12: a seek in `gctrap play` that takes longer than GCTRAP_PROGRESS_AFTER seconds
/// draws its progress and then says how long it took. The tests set the threshold to 0, so
/// the outcome does not depend on the machine's speed. The recording plays to its end; `,`
/// (one event back) then restores the player's only saved state, its start (a state is saved
/// every 100,000 statements replayed and the task holds about 60,000), and replays the task:
/// the bar then says "seek took".
final class SeekProgressTUITests: TmuxCase {
    func testASlowSeekSaysHowLongItTook() throws {
        let source = "import gctrap\\n\\nfor t in gctrap.tasks(1):\\n    k = 0\\n    while k < 30000:\\n        k += 1\\n"
        let session = """
            {"format":"gctrap-session","version":1,"title":"busy","created":"2026-01-01T00:00:00Z","python":"3.11","size":{"cols":120,"rows":40},"settings":{},"toggles":{},"scenario":{"name":"busy","source":"\(source)"}}
            {"t":0.5,"action":"run","tasks":2}
            {"t":1.0,"marker":"after the task"}

            """
        let file = try write("busy.gctrap", session)
        tmuxEnv["GCTRAP_PROGRESS_AFTER"] = "0"
        try start("\(binary!) play \(file)")
        waitFor("the end of the recording", timeout: 120) { $0.contains("end of the recording") && $0.contains(" 2/2 ") }
        tm("send-keys", ",")
        let s = waitFor("the seek's end", timeout: 120) { $0.contains("seek took ") }
        XCTAssertTrue(s.contains(" 1/2 "), s)
        tm("send-keys", "q")
        waitFor("exit") { $0.contains("GCTRAP-EXIT-STATUS=0") }
    }

    /// Playing: the recorded run (one task of about 80,000 statements, past the 65,536 at
    /// which a run reports) replays inside one
    /// tick and then says how long it took (the gap to the next event keeps the note on
    /// screen for 2 s of playback, 8 s at --speed 0.25). Then `i` takes over; after `R`,
    /// `t` through the same task in the live investigator says how long it took too.
    func testPlayingALongEventAndALongKeyAfterATakeOverSayHowLongTheyTook() throws {
        let source = "import gctrap\\n\\nfor t in gctrap.tasks(1):\\n    k = 0\\n    while k < 40000:\\n        k += 1\\n"
        let session = """
            {"format":"gctrap-session","version":1,"title":"busy","created":"2026-01-01T00:00:00Z","python":"3.11","size":{"cols":120,"rows":40},"settings":{},"toggles":{},"scenario":{"name":"busy","source":"\(source)"}}
            {"t":0.5,"action":"run","tasks":2}
            {"t":100.0,"marker":"much later"}

            """
        let file = try write("busy-play.gctrap", session)
        tmuxEnv["GCTRAP_PROGRESS_AFTER"] = "0"
        try start("\(binary!) play --speed 0.25 \(file)")
        waitFor("the replayed run's note", timeout: 120) { $0.contains("replaying that event took ") }
        tm("send-keys", "i")
        waitFor("the take-over", timeout: 60) { $0.contains("exploring on your own") }
        tm("send-keys", "R")
        tm("send-keys", "t")
        tm("send-keys", "t")
        waitFor("the long key's note", timeout: 120) { $0.contains("that took ") }
        tm("send-keys", "q")
        waitFor("exit") { $0.contains("GCTRAP-EXIT-STATUS=0") }
    }
}
