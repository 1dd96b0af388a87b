// A recording of several sessions one after another: a workshop recorded lesson after lesson
// writes the first lesson's header, its events, then a `session` event (the next lesson's
// header) and its events, and so on. Each part plays on its own simulation, from its own
// start; playback, follow-along, `play --headless` and export go from one part to the next.
import GCTrapCore

extension Session {
    /// The sessions this recording holds, in order: the header's, then one per `session`
    /// event (its header, the events after it up to the next). One part for most files.
    public var parts: [Session] {
        var out = [Session(header: header, events: [], warnings: warnings)]
        for e in events {
            if case .session(let h) = e.kind {
                var h = h
                h.formatVersion = max(2, h.formatVersion)
                out.append(Session(header: h))
            } else {
                out[out.count - 1].events.append(e)
            }
        }
        return out
    }
}

extension SessionPlayer {
    /// How many sessions the recording holds (1 for most files).
    public var partCount: Int { max(1, parts.count) }

    /// The player of part `index` of the same recording, from its start; nil when there is
    /// no such part (or this player was not loaded from a file).
    public func part(_ index: Int) -> SessionPlayer? {
        guard index != partIndex, index >= 0, index < parts.count, let make = partFactory,
              let p = try? make(parts[index]) else { return nil }
        p.parts = parts
        p.partIndex = index
        p.partFactory = make
        p.projectorOverride = projectorOverride   // `play --projector`, `P`: every part alike
        return p
    }
}
