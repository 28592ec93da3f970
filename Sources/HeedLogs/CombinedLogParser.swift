// SPDX-License-Identifier: Apache-2.0
// HeedLogs: the Combined Log Format and the Common Log Format, optionally after a virtual host.
// Spec: Apache httpd mod_log_config, "Common Log Format" `%h %l %u %t "%r" %>s %b`, "Combined Log
// Format" adding `"%{Referer}i" "%{User-agent}i"`, and `vhost_combined` `%v:%p` before them (nginx's
// default `combined` format is the same). In quoted fields Apache escapes `"` and `\` with a backslash and
// other bytes as `\xhh`; nginx writes `\xHH`.

internal import HeedAudit

#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// Reads one Combined (or Common) Log Format line on bytes.
///
/// Decisions:
/// - before `[time]` there must be three fields (`host ident user`) or four (`vhost host ident user`,
///   the vhost optionally with `:port`); anything else is malformed;
/// - the status is three digits and the size digits or `-`; then either the line ends (Common Log Format:
///   no User-Agent, so no crawler can be identified) or two quoted fields follow (referer, User-Agent);
///   a referer without a User-Agent is malformed; fields after the User-Agent (nginx additions such as
///   `"$http_x_forwarded_for"` or `rt=0.012`) are ignored;
/// - a User-Agent of `-` means none.
struct CombinedLogParser {
    var clock = CLFClock()

    /// Fills `record` from `line` (without its line break). Returns nil, or why the line is malformed.
    @inline(__always)
    mutating func parse(_ line: UnsafeBufferPointer<UInt8>, into record: inout LogRecord) -> StaticString? {
        guard let p = line.baseAddress else { return "empty line" }
        let n = line.count
        guard let open = ByteScan.index(of: UInt8(ascii: "["), in: p, from: 0, to: n) else {
            return "no [time] field"
        }
        // host ident user, or vhost host ident user, each followed by one space.
        var fields = 0
        var firstSpace = -1
        var i = 0
        while i < open {
            if p[i] == 0x20 {
                if i == 0 || p[i - 1] == 0x20 { return "empty field before the time" }
                fields += 1
                if firstSpace < 0 { firstSpace = i }
            }
            i += 1
        }
        guard open > 0, p[open - 1] == 0x20 else { return "no space before the time" }
        if fields == 4 {
            record.host = UnsafeBufferPointer(start: p, count: firstSpace)
        } else if fields != 3 {
            return "expected 'host ident user' (or a virtual host first) before the time"
        }
        guard let close = ByteScan.index(of: UInt8(ascii: "]"), in: p, from: open + 1, to: n) else {
            return "unterminated [time] field"
        }
        guard let time = clock.parse(UnsafeBufferPointer(start: p + open + 1, count: close - open - 1)) else {
            return "unreadable time"
        }
        record.time = time
        guard close + 2 < n, p[close + 1] == 0x20, p[close + 2] == UInt8(ascii: "\"") else {
            return "no quoted request after the time"
        }
        guard let requestEnd = ByteScan.closingQuote(p, from: close + 3, to: n) else {
            return "unterminated request field"
        }
        let request = UnsafeBufferPointer(start: p + close + 3, count: requestEnd - close - 3)
        if let target = RequestLine.target(request) {
            record.target = target
            record.targetEscaped =
                ByteScan.index(of: UInt8(ascii: "\\"), in: target.baseAddress!, from: 0, to: target.count) != nil
        }
        // " status size"
        i = requestEnd + 1
        guard i + 4 <= n, p[i] == 0x20 else { return "no status after the request" }
        let status = LogTimestamp.digits(p + i + 1, 3)
        guard status >= 0, i + 4 == n || p[i + 4] == 0x20 else { return "unreadable status" }
        record.status = status
        i += 4
        guard i < n else { return "no size after the status" }
        i += 1
        let sizeStart = i
        while i < n && p[i] != 0x20 { i += 1 }
        let size = UnsafeBufferPointer(start: p + sizeStart, count: i - sizeStart)
        let dash = size.count == 1 && size[0] == UInt8(ascii: "-")
        guard !size.isEmpty, dash || size.allSatisfy({ $0 &- 0x30 < 10 }) else { return "unreadable size" }
        if i == n { return nil }  // Common Log Format
        // " "referer" "user-agent""
        guard i + 1 < n, p[i + 1] == UInt8(ascii: "\"") else { return "unexpected bytes after the size" }
        guard let refererEnd = ByteScan.closingQuote(p, from: i + 2, to: n) else { return "unterminated referer" }
        i = refererEnd + 1
        guard i + 1 < n, p[i] == 0x20, p[i + 1] == UInt8(ascii: "\"") else { return "referer without a User-Agent" }
        guard let agentEnd = ByteScan.closingQuote(p, from: i + 2, to: n) else { return "unterminated User-Agent" }
        guard agentEnd + 1 == n || p[agentEnd + 1] == 0x20 || p[agentEnd + 1] == 0x09 else {
            return "unexpected bytes after the User-Agent"
        }
        let agent = UnsafeBufferPointer(start: p + i + 2, count: agentEnd - i - 2)
        if !(agent.count == 1 && agent[0] == UInt8(ascii: "-")) && !agent.isEmpty { record.userAgent = agent }
        return nil
    }
}

/// Byte search helpers for the log parsers.
enum ByteScan {
    /// The offset of the first `byte` in `p[from..<to]`, found with the C library's vectorized `memchr`.
    @inline(__always)
    static func index(of byte: UInt8, in p: UnsafePointer<UInt8>, from: Int, to: Int) -> Int? {
        guard to > from, let hit = memchr(p + from, Int32(byte), to - from) else { return nil }
        return UnsafeRawPointer(hit) - UnsafeRawPointer(p)
    }

    /// The offset of the `"` that closes a quoted log field starting at `from` (a `"` preceded by an odd
    /// number of backslashes is escaped), or nil.
    @inline(__always)
    static func closingQuote(_ p: UnsafePointer<UInt8>, from: Int, to: Int) -> Int? {
        var start = from
        while let q = index(of: UInt8(ascii: "\""), in: p, from: start, to: to) {
            var backslashes = 0
            var k = q - 1
            while k >= from && p[k] == UInt8(ascii: "\\") {
                backslashes += 1
                k -= 1
            }
            if backslashes % 2 == 0 { return q }
            start = q + 1
        }
        return nil
    }

    /// Decodes log escapes in `b` into `out` (emptied first): `\xHH` becomes the byte, `\"` and `\\` the
    /// character; any other backslash is kept.
    static func unescape(_ b: UnsafeBufferPointer<UInt8>, into out: ScratchBuffer) {
        out.reset(minimumCapacity: b.count)
        var i = 0
        while i < b.count {
            let c = b[i]
            if c == UInt8(ascii: "\\"), i + 1 < b.count {
                let e = b[i + 1]
                if e == UInt8(ascii: "x"), i + 3 < b.count, let hi = hex(b[i + 2]), let lo = hex(b[i + 3]) {
                    out.append(hi << 4 | lo)
                    i += 4
                    continue
                }
                if e == UInt8(ascii: "\"") || e == UInt8(ascii: "\\") {
                    out.append(e)
                    i += 2
                    continue
                }
            }
            out.append(c)
            i += 1
        }
    }

    @inline(__always)
    static func hex(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: b - 0x30
        case 0x41...0x46: b - 0x41 + 10
        case 0x61...0x66: b - 0x61 + 10
        default: nil
        }
    }
}
