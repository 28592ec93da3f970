// SPDX-License-Identifier: Apache-2.0
// HeedAudit: the byte source under a manifest reader: read(2) on a file descriptor, gzip inflated via zlib
// (RFC 1952; multi-member streams as WARC files use them, restarting inflate at each member end).

internal import CZlib

#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// Bytes of a manifest, decompressed when the stream starts with the gzip magic `1f 8b`.
///
/// Not Sendable: one reader per thread. Owns the file descriptor when asked to. `package` because the
/// access-log reader (HeedLogs) streams its files through it too (CZlib stays imported here only).
package final class ManifestInput {
    /// Raw input chunk size (1 MiB).
    package static let chunk = 1 << 20

    let fd: Int32
    let ownsDescriptor: Bool
    /// The name used in errors (a path, `-`).
    package let name: String
    /// Bytes read from the descriptor so far (compressed bytes for gzip input).
    package private(set) var bytesRead = 0
    /// True when the stream starts with the gzip magic.
    package private(set) var isGzip = false

    private var raw: UnsafeMutablePointer<UInt8>
    private var rawStart = 0
    private var rawEnd = 0
    private var rawEOF = false
    private var stream = z_stream()
    private var inflating = false
    /// True between the end of one gzip member and the start of the next.
    private var betweenMembers = false

    /// Wraps `fd`; sniffs the first bytes for gzip.
    package init(fd: Int32, ownsDescriptor: Bool, name: String) throws(HeedAuditError) {
        self.fd = fd
        self.ownsDescriptor = ownsDescriptor
        self.name = name
        raw = .allocate(capacity: Self.chunk)
        // Read until 2 bytes are known (or EOF): a pipe may deliver 1 byte first.
        while rawEnd < 2 && !rawEOF {
            try fillRaw()
        }
        if rawEnd >= 2 && raw[0] == 0x1F && raw[1] == 0x8B {
            isGzip = true
            try startInflate()
        }
    }

    deinit {
        if inflating { inflateEnd(&stream) }
        raw.deallocate()
        if ownsDescriptor { close(fd) }
    }

    /// Appends raw bytes after `rawEnd` (compacting first when the chunk is full).
    private func fillRaw() throws(HeedAuditError) {
        if rawStart > 0 && rawStart == rawEnd {
            rawStart = 0
            rawEnd = 0
        }
        if rawEnd == Self.chunk {
            if rawStart == 0 { return }
            memmove(raw, raw + rawStart, rawEnd - rawStart)
            rawEnd -= rawStart
            rawStart = 0
        }
        while true {
            let n = systemRead(fd, raw + rawEnd, Self.chunk - rawEnd)
            if n > 0 {
                rawEnd += n
                bytesRead += n
                return
            }
            if n == 0 {
                rawEOF = true
                return
            }
            let code = errno
            if code == EINTR { continue }
            throw HeedAuditError(.unreadable, location: name, "cannot read: \(String(cString: strerror(code)))")
        }
    }

    private func startInflate() throws(HeedAuditError) {
        stream = z_stream()
        let status = czlib_inflate_init_auto(&stream)
        guard status == Z_OK else {
            throw HeedAuditError(.badFormat, location: name, "cannot start gzip decoding (zlib status \(status))")
        }
        inflating = true
    }

    /// Reads up to `count` decompressed bytes into `dest`; returns 0 only at the end of the input.
    ///
    /// - Throws: `.unreadable` when read(2) fails; `.badFormat` when the gzip stream is corrupt or truncated
    ///   (the location is the input name; the caller adds the line).
    package func read(into dest: UnsafeMutablePointer<UInt8>, count: Int) throws(HeedAuditError) -> Int {
        if !isGzip {
            if rawStart < rawEnd {
                let n = min(count, rawEnd - rawStart)
                memcpy(dest, raw + rawStart, n)
                rawStart += n
                return n
            }
            if rawEOF { return 0 }
            while true {
                let n = systemRead(fd, dest, count)
                if n > 0 {
                    bytesRead += n
                    return n
                }
                if n == 0 {
                    rawEOF = true
                    return 0
                }
                let code = errno
                if code == EINTR { continue }
                throw HeedAuditError(.unreadable, location: name, "cannot read: \(String(cString: strerror(code)))")
            }
        }
        return try inflate(into: dest, count: count)
    }

    private func inflate(into dest: UnsafeMutablePointer<UInt8>, count: Int) throws(HeedAuditError) -> Int {
        while true {
            if rawStart == rawEnd && !rawEOF {
                try fillRaw()
            }
            if betweenMembers {
                // Another member follows only if bytes remain; trailing zero padding is tolerated.
                while rawStart < rawEnd && raw[rawStart] == 0 { rawStart += 1 }
                if rawStart == rawEnd {
                    if rawEOF { return 0 }
                    continue
                }
                guard inflateReset(&stream) == Z_OK else {
                    throw HeedAuditError(.badFormat, location: name, "cannot restart gzip decoding")
                }
                betweenMembers = false
            }
            if rawStart == rawEnd && rawEOF {
                throw HeedAuditError(
                    .badFormat,
                    location: name,
                    "gzip stream truncated after \(bytesRead) compressed bytes (no end of member)"
                )
            }
            stream.next_in = raw + rawStart
            stream.avail_in = UInt32(rawEnd - rawStart)
            stream.next_out = dest
            stream.avail_out = UInt32(count)
            let status = CZlib.inflate(&stream, Z_NO_FLUSH)
            let consumed = (rawEnd - rawStart) - Int(stream.avail_in)
            rawStart += consumed
            let produced = count - Int(stream.avail_out)
            switch status {
            case Z_STREAM_END:
                betweenMembers = true
            case Z_OK, Z_BUF_ERROR:
                break
            default:
                let detail = stream.msg.map { String(cString: $0) } ?? "status \(status)"
                throw HeedAuditError(
                    .badFormat,
                    location: name,
                    "corrupt gzip data near compressed byte \(bytesRead - (rawEnd - rawStart)): \(detail)"
                )
            }
            if produced > 0 { return produced }
            if status == Z_BUF_ERROR && consumed == 0 && rawEOF && rawStart == rawEnd {
                throw HeedAuditError(
                    .badFormat,
                    location: name,
                    "gzip stream truncated after \(bytesRead) compressed bytes (no end of member)"
                )
            }
        }
    }
}

/// read(2), under a name that does not clash with the method above.
@inline(__always)
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutablePointer<UInt8>, _ count: Int) -> Int {
    #if canImport(Glibc)
        return Glibc.read(fd, buffer, count)
    #else
        return Darwin.read(fd, buffer, count)
    #endif
}
