// Following a session file while it is still being written (a trainer's recording on a
// shared folder, or copied over again and again): like `tail -F`, whole lines are parsed
// as they arrive, a partial last line waits for the rest, and a file that was replaced by
// a copy is read on from where it was if it starts with what was already read, and from
// the start (a new recording) if it does not.
import Foundation
import GCTrapUI
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public final class SessionTail {
    public enum Update: Equatable {
        /// Nothing new.
        case none
        /// The header arrived (with the events already after it): a recording to follow.
        case started(Session)
        /// Whole new event lines.
        case events([SessionEvent])
        /// The file now holds another recording (cut shorter, or replaced by different
        /// content): follow it from its start.
        case restarted(Session)
    }

    /// Why there is nothing to follow yet.
    public enum Waiting: Equatable {
        case noFile
        case noHeader
    }

    public let path: String
    public let limits: SessionLimits
    private var fd: Int32 = -1
    private var identity: (dev: UInt64, ino: UInt64)?
    /// Bytes read from the file: the whole lines consumed plus `partial`.
    private var offset = 0
    /// The bytes of the whole lines consumed so far, hashed (FNV-1a), to recognise the same
    /// recording in a replaced file without keeping a copy of it.
    private var consumedHash: UInt64 = SessionTail.fnvBasis
    private var consumedCount = 0
    /// The last line so far, without its newline yet.
    private var partial = Data()
    private var lineNumber = 0
    /// The per-line rules (limits, times in order, the task budget), as for a whole file.
    private var reader: SessionParser.EventLineReader
    public private(set) var header: SessionHeader?

    public init(path: String, limits: SessionLimits = .standard) {
        self.path = path
        self.limits = limits
        reader = SessionParser.EventLineReader(limits: limits, version: SessionFormat.version)
    }

    deinit { closeFile() }

    /// What is missing before following can start (nil once the header is read).
    public var waiting: Waiting? {
        if header != nil { return nil }
        return fd < 0 && access(path, F_OK) != 0 ? .noFile : .noHeader
    }

    /// Bytes of a last line still waiting for its newline.
    public var pendingBytes: Int { partial.count }

    /// The number of the line being waited for.
    public var nextLine: Int { lineNumber + 1 }

    /// Reads what was added since the last call. Throws `SessionError` (at the file's
    /// line) for a whole line that is not a valid session line.
    public func poll() throws -> Update {
        var st = stat()
        guard stat(path, &st) == 0 else { return .none }       // gone for a moment (a copy being replaced)
        if (st.st_mode & S_IFMT) == S_IFDIR { throw SessionError(line: 1, "is a directory, not a session file") }
        let id = (UInt64(st.st_dev), UInt64(st.st_ino))
        let size = Int(st.st_size)
        var restarted = false
        if fd < 0 || identity.map({ $0 != id }) ?? true || size < offset {
            // A new file, a replaced one, or one cut shorter: is it the same recording?
            closeFile()
            guard openFile(id) else { return .none }
            if header != nil {
                if size >= consumedCount, hashOfPrefix(consumedCount) == consumedHash {
                    offset = consumedCount
                    partial.removeAll()
                } else {
                    reset()
                    restarted = true
                }
            }
        }
        let fresh = try readNew()
        let wasStarted = header != nil
        let events = try consume(fresh)
        if restarted || !wasStarted {
            guard let header else { return .none }
            let session = Session(header: header, events: events)
            return restarted ? .restarted(session) : .started(session)
        }
        return events.isEmpty ? .none : .events(events)
    }

    // MARK: reading

    private func openFile(_ id: (dev: UInt64, ino: UInt64)) -> Bool {
        let f = open(path, O_RDONLY | O_CLOEXEC)
        guard f >= 0 else { return false }
        fd = f
        identity = id
        return true
    }

    private func closeFile() {
        if fd >= 0 { _ = close(fd); fd = -1 }
        identity = nil
    }

    private func reset() {
        offset = 0; consumedHash = SessionTail.fnvBasis; consumedCount = 0
        partial.removeAll(); lineNumber = 0; header = nil
        reader = SessionParser.EventLineReader(limits: limits, version: SessionFormat.version)
    }

    /// The bytes from `offset` to the end of the file.
    private func readNew() throws -> Data {
        var out = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, $0.count, off_t(offset)) }
            if n < 0 { if errno == EINTR { continue }; break }
            if n == 0 { break }
            out.append(contentsOf: buffer[0..<n])
            offset += n
            if offset > limits.maxBytes {
                throw SessionError(line: lineNumber + 1, "the file is over the limit of \(limits.maxBytes) bytes for a session")
            }
        }
        return out
    }

    private func hashOfPrefix(_ count: Int) -> UInt64 {
        var h = SessionTail.fnvBasis
        var done = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while done < count {
            let want = min(buffer.count, count - done)
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, want, off_t(done)) }
            if n < 0 { if errno == EINTR { continue }; return ~consumedHash }
            if n == 0 { return ~consumedHash }
            SessionTail.fnv(&h, buffer[0..<n])
            done += n
        }
        return h
    }

    // MARK: parsing

    /// Splits off the whole lines and parses them; keeps the rest for the next poll.
    private func consume(_ bytes: Data) throws -> [SessionEvent] {
        partial.append(bytes)
        var events: [SessionEvent] = []
        var start = partial.startIndex
        while let nl = partial[start...].firstIndex(of: 0x0A) {
            let whole = partial[start...nl]
            var line = partial[start..<nl]
            if line.last == 0x0D { line = line.dropLast() }
            lineNumber += 1
            if let e = try parse(Data(line)) { events.append(e) }
            SessionTail.fnv(&consumedHash, whole)
            consumedCount += whole.count
            start = partial.index(after: nl)
        }
        partial = Data(partial[start...])
        let longest = header == nil ? limits.maxHeaderBytes : limits.maxEventLineBytes
        if partial.count > longest {
            throw SessionError(line: lineNumber + 1, "line \(lineNumber + 1) is over \(longest) bytes without ending")
        }
        return events
    }

    private func parse(_ line: Data) throws -> SessionEvent? {
        if header == nil {
            let object: [String: Any]
            do {
                object = try SessionParser.jsonObject(line, line: 1, maxBytes: limits.maxHeaderBytes, what: "the header")
            } catch let e as SessionError {
                throw SessionError(line: 1, "not a gctrap session: " + e.message)
            }
            let h = try SessionParser.parseHeader(object, limits: limits)
            header = h
            reader = SessionParser.EventLineReader(limits: limits, version: h.formatVersion)
            return nil
        }
        guard let object = try reader.object(line, line: lineNumber) else { return nil }
        return try reader.event(object, line: lineNumber)
    }

    static let fnvBasis: UInt64 = 0xcbf2_9ce4_8422_2325

    static func fnv<C: Collection>(_ h: inout UInt64, _ bytes: C) where C.Element == UInt8 {
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
    }
}
