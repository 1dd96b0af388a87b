// `workshop --record FILE`: one recording for the whole workshop. The first lesson writes
// the file's header (its scenario's source embedded, so the file is self-contained); each
// next lesson writes a `session` event with its own header, then its events. `play` and
// `play --follow` go from one lesson to the next (GCTrapSession/SessionParts.swift).
import GCTrapSession

public final class WorkshopRecording {
    private let sink: (String) -> Void
    private let clock: () -> Double
    /// Why the recording stopped (a failed write), shown on every lesson's panel.
    public let failure: () -> String?
    private var recorder: SessionRecorder?

    /// `clock` gives seconds since the start of the recording, lesson after lesson.
    public init(sink: @escaping (String) -> Void, clock: @escaping () -> Double, failure: @escaping () -> String? = { nil }) {
        self.sink = sink
        self.clock = clock
        self.failure = failure
    }

    /// Records lesson `d` from its start, after the lessons recorded before it.
    public func record(_ d: LessonDriver, width: Int, height: Int, created: String) {
        var header = d.stage.session.header
        header.scenarioFile = nil
        header.created = created
        header.cols = max(20, width)
        header.rows = max(10, height)
        header.formatVersion = 2
        let first = recorder == nil
        recorder?.finish()
        let r = SessionRecorder(header: first ? header : nil, sink: sink, clock: clock)
        if !first { r.record(.session(header)) }
        recorder = r
        d.recordingFailure = failure
        d.startRecording(r)
    }

    /// Writes what is pending (a run still being merged).
    public func finish() { recorder?.finish() }
}
