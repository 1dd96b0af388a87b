// Files written whole (an asciicast, a frame index): to a temporary name beside the
// destination, renamed into place only when every write succeeded, so a full disk or a
// crash never leaves a half file under the real name, and an existing file is replaced
// only with --force (checked again at the rename, not just at the start).
import Foundation
import GCTrapCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public final class OutputFile {
    public let path: String
    private let force: Bool
    /// The temporary file; nil when writing straight to the destination (a device or a
    /// pipe such as /dev/stdout, which cannot be renamed over).
    private let temporary: String?
    private var fd: Int32
    /// The first write error, if any: nothing more is written after it.
    public private(set) var failure: String?
    private var settled = false

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    public init(path: String, force: Bool) throws {
        self.path = path
        self.force = force
        let shown = Sanitize.printable(path)
        var st = stat()
        let exists = lstat(path, &st) == 0
        let isRegular = exists && (st.st_mode & S_IFMT) == S_IFREG
        if exists && (st.st_mode & S_IFMT) == S_IFDIR { throw Failure("\(shown): is a directory") }
        if exists && !force { throw Failure("\(shown): already exists; use --force to overwrite it") }
        if exists && !isRegular {
            // A device or a pipe: written in place.
            let fd = open(path, O_WRONLY | O_CLOEXEC)
            if fd < 0 { throw Failure("\(shown): cannot open: \(String(cString: strerror(errno)))") }
            self.fd = fd
            self.temporary = nil
            return
        }
        let dir = (path as NSString).deletingLastPathComponent
        let base = (path as NSString).lastPathComponent
        let tmp = (dir.isEmpty ? "" : dir + "/") + ".\(base).\(getpid()).tmp"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        if fd < 0 { throw Failure("\(shown): cannot create the file: \(String(cString: strerror(errno)))") }
        self.fd = fd
        self.temporary = tmp
    }

    /// Appends bytes; the first failure is kept and later writes are skipped.
    public func write(_ s: String) {
        guard failure == nil, fd >= 0 else { return }
        if let error = writeAll(fd, Array(s.utf8)) { failure = "\(Sanitize.printable(path)): cannot write: \(error)" }
    }

    /// Puts the file in place. Throws (and removes the temporary file) after a failed
    /// write, or when the destination appeared meanwhile and --force was not given.
    public func commit() throws {
        if failure == nil, fsync(fd) != 0, errno != EINVAL, errno != EROFS {
            failure = "\(Sanitize.printable(path)): cannot write: \(String(cString: strerror(errno)))"
        }
        if Glibc.close(fd) != 0, failure == nil {
            failure = "\(Sanitize.printable(path)): cannot write: \(String(cString: strerror(errno)))"
        }
        fd = -1
        settled = true
        guard let tmp = temporary else {
            if let failure { throw Failure(failure) }
            return
        }
        if let failure { unlink(tmp); throw Failure(failure) }
        if force {
            if rename(tmp, path) != 0 {
                let e = String(cString: strerror(errno))
                unlink(tmp)
                throw Failure("\(Sanitize.printable(path)): cannot put the file in place: \(e)")
            }
        } else {
            // link() fails if the name exists: never replaces a file that appeared meanwhile.
            if link(tmp, path) != 0 {
                let err = errno
                unlink(tmp)
                if err == EEXIST { throw Failure("\(Sanitize.printable(path)): already exists; use --force to overwrite it") }
                throw Failure("\(Sanitize.printable(path)): cannot put the file in place: \(String(cString: strerror(err)))")
            }
            unlink(tmp)
        }
    }

    /// Gives up: removes the temporary file.
    public func discard() {
        if fd >= 0 { _ = Glibc.close(fd); fd = -1 }
        if !settled, let temporary { unlink(temporary) }
        settled = true
    }

    deinit { discard() }
}

/// Writes every byte, retrying on EINTR and short writes. Returns the error text, or nil.
func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> String? {
    var offset = 0
    while offset < bytes.count {
        let n = bytes.withUnsafeBytes { buf in Glibc.write(fd, buf.baseAddress! + offset, buf.count - offset) }
        if n < 0 {
            if errno == EINTR { continue }
            return String(cString: strerror(errno))
        }
        if n == 0 { return "no space left (the write made no progress)" }
        offset += n
    }
    return nil
}
