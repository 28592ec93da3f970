// SPDX-License-Identifier: Apache-2.0
// HeedAudit: atomic output files (reports, records, credits, summaries).
// Spec: POSIX.1-2017 rename() (atomic replacement within one file system) and fsync().

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes output files so a reader (or a cron job's next step) sees either the old file or the
/// whole new one, never a partial one.
public enum AtomicFile {
    /// Writes `bytes` to `path.tmp-<pid>` in the same directory (mode 0644), fsyncs it, renames it
    /// over `path`, then fsyncs the directory (best effort). On any failure the temporary file is
    /// removed and `path` is left as it was.
    public static func write(_ bytes: [UInt8], to path: String) throws(HeedAuditError) {
        let tmp = "\(path).tmp-\(getpid())"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure(path, "cannot create \(tmp)") }
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { buffer in
                posixWrite(fd, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if n < 0 {
                if errno == EINTR { continue }
                let e = failure(path, "cannot write \(tmp)")
                close(fd)
                unlink(tmp)
                throw e
            }
            offset += n
        }
        if fsync(fd) != 0 {
            let e = failure(path, "cannot fsync \(tmp)")
            close(fd)
            unlink(tmp)
            throw e
        }
        if close(fd) != 0 {
            let e = failure(path, "cannot close \(tmp)")
            unlink(tmp)
            throw e
        }
        if rename(tmp, path) != 0 {
            let e = failure(path, "cannot rename \(tmp) to \(path)")
            unlink(tmp)
            throw e
        }
        let dir = directory(of: path)
        let dfd = open(dir, O_RDONLY | O_CLOEXEC)
        if dfd >= 0 {
            _ = fsync(dfd)
            close(dfd)
        }
    }

    /// Writes `text` as UTF-8 (see `write(_:to:)`).
    public static func write(_ text: String, to path: String) throws(HeedAuditError) {
        try write(Array(text.utf8), to: path)
    }

    /// The directory part of `path` (`.` when it has none, `/` for a file at the root).
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// An `.unwritable` error for `path`: `what` and the `errno` text (also `AtomicStream`'s).
    static func failure(_ path: String, _ what: String) -> HeedAuditError {
        HeedAuditError(.unwritable, location: path, "\(what): \(String(cString: strerror(errno)))")
    }
}

/// `write(2)`, named apart from `AtomicFile.write` (and `AtomicStream.write`).
func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Darwin)
        return Darwin.write(fd, buffer, count)
    #elseif canImport(Musl)
        return Musl.write(fd, buffer, count)
    #else
        return Glibc.write(fd, buffer, count)
    #endif
}
