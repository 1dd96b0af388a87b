// Which collector a profile runs, and the two ways a collection starts. Every start goes
// through here, so a new collector (3.14's incremental one, say) is a case of CollectorKind,
// a file beside Collector.swift, and a line in each switch below.

/// The collector a Python profile models. CPython 3.8-3.13 have one kind: the generational
/// collector of Modules/gcmodule.c (Collector.swift).
public enum CollectorKind: String, Equatable, Sendable {
    case generational
}

extension Machine {

    /// An allocation pushed gen 0's count past its threshold: the collector decides what to
    /// collect (3.12+: when the eval breaker runs the scheduled collection).
    mutating func collectAutomatically() {
        switch profile.collector {
        case .generational: collectGenerations()
        }
    }

    /// A collection asked for: `gc.collect(g)`, the stand-in's at the task loop's start
    /// (`event: false`), the investigator's `g`. Returns the objects collected.
    @discardableResult
    mutating func collectNow(generation g: Int, forced: Bool = true, event: Bool = true) -> Int {
        switch profile.collector {
        case .generational: return collect(generation: g, forced: forced, event: event)
        }
    }
}
