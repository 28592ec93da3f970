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
        // host ident user, or vhost host ident user, each followed by one space, then `[`: eight bytes at
        // a time (SWAR), then byte by byte near the end of the line.
        var fields = 0
        var firstSpace = -1
        var open = 0
        var previousSpace = true  // a space first is an empty field
        var found = false
        let raw = UnsafeRawPointer(p)
        while open + 8 <= n {
            let w = raw.loadUnaligned(fromByteOffset: open, as: UInt64.self)
            let bracket = ByteScan.equal(w, UInt8(ascii: "["))
            let before = bracket == 0 ? 8 : bracket.trailingZeroBitCount >> 3
            var spaces = ByteScan.equal(w, 0x20)
            if before < 8 { spaces &= (1 << UInt64(before * 8)) &- 1 }
            if spaces != 0 {
                if firstSpace < 0 { firstSpace = open + spaces.trailingZeroBitCount >> 3 }
                if spaces & (spaces << 8) != 0 || (previousSpace && spaces & 0x80 != 0) {
                    return "empty field before the time"
                }
                // The number of flagged bytes: each byte of `spaces >> 7` is 0 or 1; the multiplication adds
                // them into the top byte (no POPCNT on baseline x86-64).
                fields += Int(((spaces >> 7) &* 0x0101_0101_0101_0101) >> 56)
            }
            if before > 0 { previousSpace = p[open + before - 1] == 0x20 }
            if bracket != 0 {
                open += before
                found = true
                break
            }
            open += 8
        }
        while !found && open < n {
            let b = p[open]
            if b == UInt8(ascii: "[") { break }
            if b == 0x20 {
                if previousSpace { return "empty field before the time" }
                fields += 1
                if firstSpace < 0 { firstSpace = open }
            }
            previousSpace = b == 0x20
            open += 1
        }
        guard open < n else { return "no [time] field" }
        guard open > 0, p[open - 1] == 0x20 else { return "no space before the time" }
        if fields == 4 {
            record.host = UnsafeBufferPointer(start: p, count: firstSpace)
        } else if fields != 3 {
            return "expected 'host ident user' (or a virtual host first) before the time"
        }
        var i = 0
        // The usual time is 26 bytes; look there first.
        var close = open + 27
        if !(close < n && p[close] == UInt8(ascii: "]")) {
            guard let found = ByteScan.index(of: UInt8(ascii: "]"), in: p, from: open + 1, to: n) else {
                return "unterminated [time] field"
            }
            close = found
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
        // Split only for crawler lines (the worker asks): a request line that is not one is not malformed.
        record.requestLine = request
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
        var digitsOnly = true
        while i < n {
            let b = p[i]
            if b == 0x20 { break }
            digitsOnly = digitsOnly && b &- 0x30 < 10
            i += 1
        }
        let dash = i == sizeStart + 1 && p[sizeStart] == UInt8(ascii: "-")
        guard i > sizeStart, dash || digitsOnly else { return "unreadable size" }
        if i == n { return nil }  // Common Log Format
        // " "referer" "user-agent""
        guard i + 1 < n, p[i + 1] == UInt8(ascii: "\"") else { return "unexpected bytes after the size" }
        let refererEnd: Int
        if i + 3 < n && p[i + 2] == UInt8(ascii: "-") && p[i + 3] == UInt8(ascii: "\"") {
            refererEnd = i + 3
        } else {
            guard let end = ByteScan.closingQuote(p, from: i + 2, to: n) else { return "unterminated referer" }
            refererEnd = end
        }
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
    /// The bytes of `w` equal to `byte`, as 0x80 in each such byte and 0 elsewhere (exact: no borrow
    /// between bytes).
    @inline(__always)
    static func equal(_ w: UInt64, _ byte: UInt8) -> UInt64 {
        let t = w ^ (0x0101_0101_0101_0101 &* UInt64(byte))
        let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        return ~(((t & low) &+ low) | t | low)
    }

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
