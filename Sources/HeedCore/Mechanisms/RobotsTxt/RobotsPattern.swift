// SPDX-License-Identifier: Apache-2.0
// Heed: robots.txt path patterns.
// Spec: RFC 9309 section 2.2.2 (prefix match from the first octet, most octets wins) and
// section 2.2.3 (`*` any sequence of characters, `$` end of the match pattern).

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A rule's path pattern: normalized octets, matched on bytes.
///
/// The pattern is split at each `*` into literal segments. Matching places the first segment at
/// the start of the path, each later one at its leftmost occurrence after the previous one
/// (first octet located, the rest compared eight octets at a time), and, when the pattern ends
/// with `$`, the last one at the very end of the path. Leftmost placement is exact for patterns
/// whose only operator is `*`: a later placement can never make more room than an earlier one.
/// Cost is linear in the path length per segment. For bulk matching, the parser also compiles
/// every rule into a `CompiledRule` (`RobotsRuleSet`) over the same shared pattern buffer.
public struct RobotsPattern: Sendable, Hashable {
    /// The octets this pattern is a slice of. The patterns of one parsed file share one buffer
    /// (`RobotsTxt.patternBytes`), so parsing makes no array per rule.
    let storage: [UInt8]
    /// Where the pattern starts in `storage`.
    let start: Int
    /// The pattern's length in octets.
    let count: Int

    /// The normalized pattern octets, including any `*` and the final `$`.
    public var bytes: [UInt8] {
        start == 0 && count == storage.count ? storage : Array(storage[start..<start + count])
    }

    /// Wraps normalized pattern octets (see `RobotsPath.normalizedPattern`).
    public init(normalized bytes: [UInt8]) {
        storage = bytes
        start = 0
        count = bytes.count
    }

    /// The pattern `storage[start..<start + count]`, sharing `storage`.
    init(storage: [UInt8], start: Int, count: Int) {
        self.storage = storage
        self.start = start
        self.count = count
    }

    /// True when the pattern ends with `$` (RFC 9309 §2.2.3): the path must end there.
    public var anchored: Bool { count > 0 && storage[start + count - 1] == UInt8(ascii: "$") }

    /// The priority of the pattern: its length in octets (RFC 9309 §2.2.2, "the most octets").
    public var priority: Int { count }

    /// True when the pattern is empty (an empty `Disallow:`), which matches nothing: RFC 9309
    /// gives it no meaning and every major parser treats it as no rule.
    public var isEmpty: Bool { count == 0 }

    /// Two patterns are equal when their octets are, wherever they are stored.
    public static func == (lhs: RobotsPattern, rhs: RobotsPattern) -> Bool {
        guard lhs.count == rhs.count else { return false }
        if lhs.count == 0 { return true }
        return lhs.withOctets { a in rhs.withOctets { b in memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0 } }
    }

    /// Hashes the octets (consistent with `==`).
    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        withOctets { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// Calls `body` with the pattern's octets.
    @inline(__always)
    func withOctets<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        storage.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<start + count])) }
    }

    /// Whether the pattern matches `path` (normalized path and query) from its first octet.
    public func matches(_ path: UnsafeBufferPointer<UInt8>) -> Bool {
        if count == 0 { return false }
        return withOctets { RobotsPattern.match($0.baseAddress!, $0.count, path) }
    }

    /// The general matcher on raw octets: `pattern` of `length` octets (a final `$` anchors).
    static func match(_ pattern: UnsafePointer<UInt8>, _ length: Int, _ path: UnsafeBufferPointer<UInt8>) -> Bool {
        let anchored = length > 0 && pattern[length - 1] == UInt8(ascii: "$")
        let end = anchored ? length - 1 : length
        let n = path.count
        guard let base = path.baseAddress else { return end == 0 || (end == 1 && pattern[0] == 0x2A) }
        // The first segment must sit at offset 0.
        var segStart = 0
        var star = nextStar(pattern, from: 0, end: end)
        var segLen = star - segStart
        if segLen > n || !equalOctets(base, pattern, segLen) { return false }
        if star == end { return !anchored || segLen == n }
        var pos = segLen
        while true {
            segStart = star + 1
            star = nextStar(pattern, from: segStart, end: end)
            segLen = star - segStart
            if star == end {
                // The last segment.
                if anchored {
                    return n - segLen >= pos
                        && equalOctets(base + n - segLen, pattern + segStart, segLen)
                }
                return segLen == 0 || find(pattern + segStart, segLen, in: base, n, from: pos) != nil
            }
            if segLen == 0 { continue }
            guard let at = find(pattern + segStart, segLen, in: base, n, from: pos) else { return false }
            pos = at + segLen
        }
    }

    @inline(__always)
    private static func nextStar(_ pattern: UnsafePointer<UInt8>, from: Int, end: Int) -> Int {
        offset(of: 0x2A, in: pattern, from: from, end: end) ?? end
    }

    /// The first offset in `from..<end` of `octet` in `bytes`: a plain loop for the short runs of
    /// URLs and patterns (no call), `memchr` for long ones.
    @inline(__always)
    static func offset(of octet: UInt8, in bytes: UnsafePointer<UInt8>, from: Int, end: Int) -> Int? {
        if end - from > 16 {
            guard let hit = memchr(bytes + from, Int32(octet), end - from) else { return nil }
            return UnsafeRawPointer(hit) - UnsafeRawPointer(bytes)
        }
        var i = from
        while i < end {
            if bytes[i] == octet { return i }
            i += 1
        }
        return nil
    }

    /// Whether `count` octets at `a` and `b` are equal, compared eight at a time.
    @inline(__always)
    static func equalOctets(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        if count >= 8 {
            var i = 0
            while i + 8 <= count {
                if UnsafeRawPointer(a + i).loadUnaligned(as: UInt64.self)
                    != UnsafeRawPointer(b + i).loadUnaligned(as: UInt64.self)
                {
                    return false
                }
                i += 8
            }
            // The tail as the last eight octets (overlapping ones already compared equal).
            return i == count
                || UnsafeRawPointer(a + count - 8).loadUnaligned(as: UInt64.self)
                    == UnsafeRawPointer(b + count - 8).loadUnaligned(as: UInt64.self)
        }
        var i = 0
        while i < count {
            if a[i] != b[i] { return false }
            i += 1
        }
        return true
    }

    /// The leftmost offset `>= from` of `needle` in `haystack`, or `nil`: the first octet found
    /// with `offset(of:in:from:end:)`, the rest compared with `equalOctets`.
    @inline(__always)
    static func find(
        _ needle: UnsafePointer<UInt8>,
        _ count: Int,
        in haystack: UnsafePointer<UInt8>,
        _ n: Int,
        from pos: Int
    ) -> Int? {
        let lastStart = n - count
        var at = pos
        let first = needle.pointee
        while at <= lastStart {
            guard let offset = offset(of: first, in: haystack, from: at, end: lastStart + 1) else { return nil }
            if equalOctets(haystack + offset + 1, needle + 1, count - 1) { return offset }
            at = offset + 1
        }
        return nil
    }
}
