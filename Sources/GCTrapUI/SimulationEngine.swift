import GCTrapCore

/// The core's Simulation drives the investigator.
extension Simulation: Engine {
    public func collect() { collectNow() }
    public func runToNextEvent() -> RunEvent? { runToNextEvent(.all) }
    public func backToPreviousEvent() -> RunEvent? { backToPreviousEvent(.all) }
    public func goToEvent(_ index: Int) { goToEvent(index: index) }

    public var recentEvents: [String] {
        recentEvents(64).map { e in
            var prefix = e.task.map { "task \($0): " } ?? ""
            if case .taskStarted = e.event { prefix = "" }
            if case .taskFinished = e.event { prefix = "" }
            return Sanitize.printable(prefix + e.event.text)
        }
    }

    public func source(module: String) -> [String]? { sourceLines(module: module) }
}
