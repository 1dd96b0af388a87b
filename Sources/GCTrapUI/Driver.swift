/// What the terminal loop drives: it receives every message (keys, ticks, resizes, mouse)
/// and hands back frames. The investigator is `AppDriver`; recorded sessions add drivers
/// that record or play back around an `App`. Pure: no terminal code here.
public protocol TerminalDriver: AnyObject {
    /// Apply one message.
    func handle(_ message: Message) -> DriverResult
    /// The current frame.
    func frame() -> Grid
}

/// A driver whose long operations (a seek that replays many events) show their progress:
/// the terminal gives it a way to draw a frame before `handle` returns.
public protocol ShowsProgress: AnyObject {
    var present: ((Grid) -> Void)? { get set }
}

public enum DriverResult: Equatable, Sendable {
    case unchanged      // nothing to redraw
    case redraw
    case quit
}

/// What a driver needs to know about the terminal it runs on.
public struct TerminalInfo: Sendable {
    public var width: Int
    public var height: Int
    public var glyphs: Glyphs
    public var tickRate: Int
    public init(width: Int, height: Int, glyphs: Glyphs, tickRate: Int) {
        self.width = width; self.height = height; self.glyphs = glyphs; self.tickRate = tickRate
    }
}

/// The plain investigator: every message goes to the app.
public final class AppDriver: TerminalDriver {
    public let app: App
    public init(app: App) { self.app = app }

    public func handle(_ message: Message) -> DriverResult {
        let t = app.dispatch(message)
        if t.quit { return .quit }
        return t.needsRedraw ? .redraw : .unchanged
    }

    public func frame() -> Grid { app.frame() }
}
