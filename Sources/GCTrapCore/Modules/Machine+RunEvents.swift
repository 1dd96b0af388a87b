// Where the notable events of a run (RunEvents.swift) are noticed: the collector and the
// uncaught exception here; the db client's (peaks, refusals, exhaustion) in Probe/.

extension Machine {

    /// The statement count at which an event happening now is visible: inside a statement,
    /// once it is done (the start of the next one); from the investigator, right now.
    var eventStep: Int { outsideRun ? steps : steps + 1 }

    mutating func record(_ event: RunEvent) {
        var e = event
        if e.kind == .peak && lastEventKind == .peak {
            e.continued = true            // the same climb: folded into the event that began it
        } else {
            eventSignal |= e.kind.bit
        }
        lastEventKind = e.kind
        runEvents.append(e)
    }

    mutating func noteCollection(_ r: CollectionRecord) {
        var e = RunEvent(kind: .collection, task: task, step: eventStep)
        e.generation = Int8(r.generation)
        e.forced = r.forced
        e.a = Int32(clamping: r.collected)
        e.b = Int32(clamping: r.connectionsClosed)
        e.c = Int32(clamping: r.scanned)
        e.d = Int32(clamping: connectionCounters().open)
        record(e)
    }

    mutating func noteUncaught(_ exc: Int32, task k: Int?) {
        failedTask = k
        failureSummary = qualifiedSummary(exc)
        record(RunEvent(kind: .uncaught, task: k, step: eventStep))
    }
}
