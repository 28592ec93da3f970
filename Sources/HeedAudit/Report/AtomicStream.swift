// SPDX-License-Identifier: Apache-2.0
// HeedAudit: an output file written as a stream and published atomically at the end.
// Spec: POSIX.1-2017 rename() (atomic replacement within one file system) and fsync().

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Like `AtomicFile.write`, for outputs too large to hold in memory (one JSON line per URL of a
/// million-URL manifest): lines go to `PATH.tmp-<pid>` through a 1 MiB buffer, and `commit()`
/// fsyncs and renames it over `PATH`. Until then `PATH` is untouched; a stream dropped without
/// `commit()` (an error, a throw) removes its temporary file.
///
/// Not thread-safe: one writer.
public final class AtomicStream {
    /// The final path.
    public let path: String
    private let temporary: String
    private var fd: Int32
    private var buffer: [UInt8] = []

    /// Creates the temporary file next to `path`.
    ///
    /// - Throws: `HeedAuditError` `.unwritable` when it cannot be created.
    public init(path: String) throws(HeedAuditError) {
        self.path = path
        temporary = "\(path).tmp-\(getpid())"
        fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw AtomicFile.failure(path, "cannot create \(temporary)") }
        buffer.reserveCapacity(1 << 20)
    }

    deinit {
        if fd >= 0 {
            close(fd)
            unlink(temporary)
        }
    }

    /// Appends `text` and a line feed.
    public func line(_ text: String) throws(HeedAuditError) {
        buffer.append(contentsOf: text.utf8)
        buffer.append(0x0A)
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Writes the buffer to the temporary file.
    private func flush() throws(HeedAuditError) {
        var offset = 0
        while offset < buffer.count {
            let n = buffer.withUnsafeBytes { raw in posixWrite(fd, raw.baseAddress! + offset, raw.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw AtomicFile.failure(path, "cannot write \(temporary)")
            }
            offset += n
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes, fsyncs and renames the file over `path` (then fsyncs the folder, best effort).
    public func commit() throws(HeedAuditError) {
        guard fd >= 0 else { throw AtomicFile.failure(path, "already committed") }
        try flush()
        if fsync(fd) != 0 { throw AtomicFile.failure(path, "cannot fsync \(temporary)") }
        let closed = close(fd)
        fd = -1
        guard closed == 0, rename(temporary, path) == 0 else {
            let e = AtomicFile.failure(path, "cannot publish \(temporary)")
            unlink(temporary)
            throw e
        }
        let dfd = open(AtomicFile.directory(of: path), O_RDONLY | O_CLOEXEC)
        if dfd >= 0 {
            _ = fsync(dfd)
            close(dfd)
        }
    }
}
