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
/// (`memchr` then `memcmp`), and, when the pattern ends with `$`, the last one at the very end of
/// the path. Leftmost placement is exact for patterns whose only operator is `*`: a later
/// placement can never make more room than an earlier one. Cost is linear in the path length
/// per segment. For bulk matching, `RobotsMatcher` compiles a group's patterns into one buffer.
public struct RobotsPattern: Sendable, Hashable {
    /// The normalized pattern octets, including any `*` and the final `$`.
    public let bytes: [UInt8]

    /// Wraps normalized pattern octets (see `RobotsPath.normalizedPattern`).
    public init(normalized bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// True when the pattern ends with `$` (RFC 9309 §2.2.3): the path must end there.
    public var anchored: Bool { bytes.last == UInt8(ascii: "$") }

    /// The priority of the pattern: its length in octets (RFC 9309 §2.2.2, "the most octets").
    public var priority: Int { bytes.count }

    /// True when the pattern is empty (an empty `Disallow:`), which matches nothing: RFC 9309
    /// gives it no meaning and every major parser treats it as no rule.
    public var isEmpty: Bool { bytes.isEmpty }

    /// Whether the pattern matches `path` (normalized path and query) from its first octet.
    public func matches(_ path: UnsafeBufferPointer<UInt8>) -> Bool {
        if bytes.isEmpty { return false }
        return bytes.withUnsafeBufferPointer { RobotsPattern.match($0.baseAddress!, $0.count, path) }
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
        if segLen > n || (segLen > 0 && memcmp(base, pattern, segLen) != 0) { return false }
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
                        && (segLen == 0 || memcmp(base + n - segLen, pattern + segStart, segLen) == 0)
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
        if from >= end { return end }
        guard let hit = memchr(pattern + from, 0x2A, end - from) else { return end }
        return UnsafeRawPointer(hit) - UnsafeRawPointer(pattern)
    }

    /// The leftmost offset `>= from` of `needle` in `haystack`, or `nil`. (memmem is a GNU
    /// extension Swift's Glibc module does not expose: memchr for the first octet, then memcmp.)
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
        let first = Int32(needle.pointee)
        while at <= lastStart {
            guard let hit = memchr(haystack + at, first, lastStart - at + 1) else { return nil }
            let offset = UnsafeRawPointer(hit) - UnsafeRawPointer(haystack)
            if count == 1 || memcmp(haystack + offset + 1, needle + 1, count - 1) == 0 { return offset }
            at = offset + 1
        }
        return nil
    }
}
