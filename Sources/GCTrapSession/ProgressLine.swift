// Long work with the screen still (a seek, a recorded run replayed while playing, a follower
// catching up, a key in the live investigator after a take-over): once it has run a while,
// its progress is drawn on the bar line over the last screen, from inside the work.
import GCTrapUI

final class ProgressLine {
    private let base: Grid
    private let ascii: Bool
    private let clock: () -> Double
    private let after: Double
    private let present: (Grid) -> Void
    let started: Double
    private var lastDrawn = -Double.infinity
    /// True once something was drawn: the caller then says how long the work took.
    private(set) var shown = false

    /// Nil when there is nothing to draw over (no frame yet, or a screen too small for a bar).
    init?(over base: Grid?, ascii: Bool, clock: @escaping () -> Double, after: Double, started: Double? = nil,
          present: ((Grid) -> Void)?) {
        guard let base, base.height >= 3, let present else { return nil }
        self.base = base
        self.ascii = ascii
        self.clock = clock
        self.after = after
        self.present = present
        self.started = started ?? clock()
    }

    /// Draws "⋯ WHAT, T s" once `after` seconds have passed, about ten times a second at most.
    /// The screen under it is the one before the work: the state being changed is not read.
    func report(_ what: String) {
        let now = clock()
        guard now - started >= after, now - lastDrawn >= 0.1 else { return }
        lastDrawn = now
        shown = true
        var g = base
        let y = g.height - 1
        g.fill(Rect(x: 0, y: y, width: g.width, height: 1), with: Cell(" ", role: .header))
        let text = " \(ascii ? "..." : "⋯") " + what + String(format: ", %.1f s ", now - started)
        g.write(text, x: 0, y: y, maxWidth: g.width, role: .header, attrs: [.bold])
        present(g)
    }

    /// Seconds since the start when progress was shown; nil when the work was quick.
    func took() -> Double? { shown ? clock() - started : nil }
}
