// SPDX-License-Identifier: Apache-2.0
// Heed: compiled robots.txt path patterns.
// Spec: RFC 9309 section 2.2.2 (prefix match from the first octet, most octets wins) and
// section 2.2.3 (`*` any sequence of characters, `$` end of the match pattern).

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A rule's path pattern, compiled once for repeated matching on bytes.
///
/// The pattern is split at each `*` into literal segments. Matching places the first segment at
/// the start of the path, each later one at its leftmost occurrence after the previous one
/// (`memchr` then `memcmp`), and, when the pattern ends with `$`, the last one at the very end of the path.
/// Leftmost placement is exact for patterns whose only operator is `*`: a later placement can
/// never make more room than an earlier one. Cost is linear in the path length per segment.
public struct RobotsPattern: Sendable, Hashable {
    /// The normalized pattern octets, including any `*` and the final `$`.
    public let bytes: [UInt8]
    /// True when the pattern ends with `$` (RFC 9309 §2.2.3): the path must end there.
    public let anchored: Bool
    /// Ranges of `bytes` holding the literal segments between `*`s (the `$` excluded).
    private let segments: [Range<Int>]

    /// Compiles normalized pattern octets (see `RobotsPath.normalizedPattern`).
    public init(normalized bytes: [UInt8]) {
        self.bytes = bytes
        let dollar = UInt8(ascii: "$")
        let star = UInt8(ascii: "*")
        let anchored = bytes.last == dollar
        self.anchored = anchored
        let bodyEnd = anchored ? bytes.count - 1 : bytes.count
        var segments: [Range<Int>] = []
        var start = 0
        for i in 0..<bodyEnd where bytes[i] == star {
            segments.append(start..<i)
            start = i + 1
        }
        segments.append(start..<bodyEnd)
        self.segments = segments
    }

    /// The priority of the pattern: its length in octets (RFC 9309 §2.2.2, "the most octets").
    public var priority: Int { bytes.count }

    /// True when the pattern is empty (an empty `Disallow:`), which matches nothing: RFC 9309
    /// gives it no meaning and every major parser treats it as no rule.
    public var isEmpty: Bool { bytes.isEmpty }

    /// Whether the pattern matches `path` (normalized path and query) from its first octet.
    public func matches(_ path: UnsafeBufferPointer<UInt8>) -> Bool {
        if bytes.isEmpty { return false }
        return bytes.withUnsafeBufferPointer { pat in
            let n = path.count
            let first = segments[0]
            if first.count > n || !equal(path, 0, pat, first) { return false }
            if segments.count == 1 {
                return !anchored || first.count == n
            }
            var pos = first.count
            let lastIndex = segments.count - 1
            for s in 1..<lastIndex {
                let seg = segments[s]
                guard let found = find(pat, seg, in: path, from: pos) else { return false }
                pos = found + seg.count
            }
            let last = segments[lastIndex]
            if anchored {
                return n - last.count >= pos && equal(path, n - last.count, pat, last)
            }
            return last.isEmpty || find(pat, last, in: path, from: pos) != nil
        }
    }

    @inline(__always)
    private func equal(
        _ path: UnsafeBufferPointer<UInt8>,
        _ at: Int,
        _ pat: UnsafeBufferPointer<UInt8>,
        _ seg: Range<Int>
    ) -> Bool {
        if seg.isEmpty { return true }
        return memcmp(path.baseAddress! + at, pat.baseAddress! + seg.lowerBound, seg.count) == 0
    }

    @inline(__always)
    private func find(
        _ pat: UnsafeBufferPointer<UInt8>,
        _ seg: Range<Int>,
        in path: UnsafeBufferPointer<UInt8>,
        from pos: Int
    ) -> Int? {
        if seg.isEmpty { return pos }
        if pos + seg.count > path.count { return nil }
        // memmem is a GNU extension Swift's Glibc module does not expose: memchr for the first
        // octet, then memcmp for the rest.
        let base = path.baseAddress!
        let needle = pat.baseAddress! + seg.lowerBound
        let first = Int32(needle.pointee)
        var at = pos
        let lastStart = path.count - seg.count
        while at <= lastStart {
            guard let hit = memchr(base + at, first, lastStart - at + 1) else { return nil }
            let offset = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
            if memcmp(base + offset, needle, seg.count) == 0 { return offset }
            at = offset + 1
        }
        return nil
    }
}
