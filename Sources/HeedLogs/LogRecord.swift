// SPDX-License-Identifier: Apache-2.0
// HeedLogs: one access-log line as the analysis reads it (byte views into the line, valid until the next).
// Spec: RFC 9112 §3 (request line), RFC 9309 §2.2.2 (the path and query robots.txt rules match).

internal import HeedAudit
internal import HeedCore

/// The fields of one request, as views into the line's bytes (or a parser's scratch buffer).
///
/// Only `time` is required: a line without a readable time is malformed. A request line that is not
/// `METHOD TARGET [PROTOCOL]` (a TLS handshake sent to the HTTP port, `"-"`) leaves `target` nil: the
/// request is counted but cannot be checked against robots.txt.
struct LogRecord {
    /// Unix seconds (UTC).
    var time: Int64 = 0
    /// The request target as logged (origin-form path and query, or an absolute URL).
    var target: UnsafeBufferPointer<UInt8>?
    /// The quoted request line of a Combined Log Format line (`GET /a HTTP/1.1`), split into `target` only
    /// when the line is a crawler's.
    var requestLine: UnsafeBufferPointer<UInt8>?
    /// True when `target` holds log escapes (`\"`, `\\`, `\xHH`) still to decode (Combined Log Format).
    var targetEscaped = false
    /// The response status, 0 when the log has none.
    var status = 0
    /// The User-Agent header, nil when the log has no such field or `-`.
    var userAgent: UnsafeBufferPointer<UInt8>?
    /// The virtual host (`%v`, a JSON host field), when the log has one.
    var host: UnsafeBufferPointer<UInt8>?

    /// Clears every field for the next line.
    @inline(__always)
    mutating func reset() {
        time = 0
        target = nil
        requestLine = nil
        targetEscaped = false
        status = 0
        userAgent = nil
        host = nil
    }
}

/// Splitting a request line (`GET /a?b HTTP/1.1`) and reading its target.
enum RequestLine {
    /// The target of `METHOD SP TARGET [SP PROTOCOL]` and whether it holds a backslash (a log escape), or
    /// nil when the text is not a request line (RFC 9112 §3: the method is a token; Heed accepts ASCII
    /// letters, digits, `-` and `_`).
    @inline(__always)
    static func target(_ b: UnsafeBufferPointer<UInt8>) -> (UnsafeBufferPointer<UInt8>, escaped: Bool)? {
        guard let p = b.baseAddress else { return nil }
        var i = 0
        while i < b.count && isMethodByte(p[i]) { i += 1 }
        guard i > 0, i < 32, i < b.count, p[i] == 0x20 else { return nil }
        let start = i + 1
        var end = start
        var escaped = false
        let raw = UnsafeRawPointer(p)
        while end + 8 <= b.count {
            let w = raw.loadUnaligned(fromByteOffset: end, as: UInt64.self)
            let space = ByteScan.equal(w, 0x20)
            let slash = ByteScan.equal(w, UInt8(ascii: "\\"))
            let stop = space == 0 ? 8 : space.trailingZeroBitCount >> 3
            if slash != 0 && (slash.trailingZeroBitCount >> 3) < stop { escaped = true }
            end += stop
            if stop < 8 { break }
        }
        while end < b.count {
            let c = p[end]
            if c == 0x20 { break }
            if c == UInt8(ascii: "\\") { escaped = true }
            end += 1
        }
        guard end > start else { return nil }
        return (UnsafeBufferPointer(start: p + start, count: end - start), escaped)
    }

    @inline(__always)
    static func isMethodByte(_ b: UInt8) -> Bool {
        switch b {
        case 0x41...0x5A, 0x61...0x7A, 0x30...0x39, UInt8(ascii: "-"), UInt8(ascii: "_"): true
        default: false
        }
    }

    /// True when robots.txt can say something about `target`: an origin-form path (`/…`) or an
    /// absolute URL (`scheme://…`). `*` (OPTIONS) and authority-form (CONNECT `host:443`) cannot be checked.
    static func isCheckable(_ target: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let p = target.baseAddress, !target.isEmpty else { return false }
        if p[0] == UInt8(ascii: "/") { return true }
        // RFC 3986 §3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), then "://".
        guard (p[0] | 0x20) &- 0x61 < 26 else { return false }
        var i = 1
        while i < target.count && i < 32 {
            let b = p[i]
            guard (b | 0x20) &- 0x61 < 26 || b &- 0x30 < 10 || b == 0x2B || b == 0x2D || b == 0x2E else { break }
            i += 1
        }
        return i + 2 < target.count && p[i] == UInt8(ascii: ":") && p[i + 1] == 0x2F && p[i + 2] == 0x2F
    }
}

/// The octets robots.txt rules are matched against, from a logged request target.
enum TargetPath {
    /// The normalized path and query of `target` into `path` (RFC 9309 §2.2.2, through `RobotsPath`).
    ///
    /// An origin-form target of plain characters (letters, digits, `-._~!&'()+,;=:@/?`: nothing
    /// normalization changes) is copied as it is; one starting with `//` is a path, not a scheme-relative
    /// URL, so it is read after a dummy origin (in `scratch`).
    @inline(__always)
    static func normalize(_ target: UnsafeBufferPointer<UInt8>, into path: inout [UInt8], scratch: ScratchBuffer) {
        guard let p = target.baseAddress, !target.isEmpty else {
            path.removeAll(keepingCapacity: true)
            path.append(0x2F)
            return
        }
        if p[0] == 0x2F && (target.count == 1 || p[1] != 0x2F) && isPlain(target) {
            path.removeAll(keepingCapacity: true)
            path.append(contentsOf: target)
            return
        }
        if target.count >= 2 && p[0] == 0x2F && p[1] == 0x2F {
            scratch.reset(minimumCapacity: target.count + 8)
            scratch.append(ascii: "http://h")
            scratch.append(target)
            RobotsPath.normalizeURLPath(bytes: scratch.bytes, into: &path)
        } else {
            RobotsPath.normalizeURLPath(bytes: target, into: &path)
        }
    }

    /// True when every byte is one normalization leaves alone in a URL.
    @inline(__always)
    static func isPlain(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        for c in b {
            switch c {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"), UInt8(ascii: "!"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("),
                UInt8(ascii: ")"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "="),
                UInt8(ascii: ":"), UInt8(ascii: "@"), UInt8(ascii: "/"), UInt8(ascii: "?"):
                continue
            default:
                return false
            }
        }
        return true
    }
}
