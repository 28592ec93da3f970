// SPDX-License-Identifier: Apache-2.0
// Heed: a group's rules compiled for fast longest-match queries.
// Spec: RFC 9309 section 2.2.2 (most octets wins; allow wins ties).

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// One rule in compiled form: plain values only (no references), so sorting and scanning touch
/// no reference counts.
struct CompiledRule: Sendable, Hashable {
    /// Offset of the pattern in the rule set's byte buffer.
    var start: Int32
    /// Pattern length in octets, `$` included: the priority.
    var length: Int32
    /// Length of the literal prefix (up to the first `*`, or the whole pattern without `$`).
    var literal: Int32
    /// The first `min(8, literal)` octets of the pattern, little-endian, and their mask.
    var head: UInt64
    var mask: UInt64
    var allow: Bool
    var anchored: Bool
    var wildcard: Bool
    /// Where the rule lives: `RobotsTxt.groups[group].rules[index]`.
    var group: Int32
    var index: Int32
    var line: Int32
}

/// The rules of one or more groups, compiled into one byte buffer and sorted by priority
/// (longest first, `allow` before `disallow` at equal length, then by line), so that the first
/// rule that matches a path is the one RFC 9309 §2.2.2 says decides.
struct RobotsRuleSet: Sendable {
    private(set) var bytes: [UInt8] = []
    private(set) var rules: [CompiledRule] = []

    init() {}

    /// Compiles the non-empty rules of group `group`.
    init(group: Int, rules source: [RobotsTxt.Rule]) {
        for (i, rule) in source.enumerated() where !rule.pattern.isEmpty {
            let p = rule.pattern.bytes
            let start = bytes.count
            bytes.append(contentsOf: p)
            let anchored = p.last == UInt8(ascii: "$")
            let body = anchored ? p.count - 1 : p.count
            var literal = 0
            while literal < body, p[literal] != UInt8(ascii: "*") { literal += 1 }
            var head: UInt64 = 0
            var mask: UInt64 = 0
            for k in 0..<min(8, literal) {
                head |= UInt64(p[k]) << (8 * UInt64(k))
                mask |= 0xFF << (8 * UInt64(k))
            }
            rules.append(
                CompiledRule(
                    start: Int32(start),
                    length: Int32(p.count),
                    literal: Int32(literal),
                    head: head,
                    mask: mask,
                    allow: rule.kind == .allow,
                    anchored: anchored,
                    wildcard: literal < body,
                    group: Int32(group),
                    index: Int32(i),
                    line: Int32(rule.line)
                )
            )
        }
        sortByPriority()
    }

    /// The union of several groups' rule sets (merged groups, RFC 9309 §2.2.1).
    static func merged(_ sets: [RobotsRuleSet]) -> RobotsRuleSet {
        if sets.count == 1 { return sets[0] }
        var out = RobotsRuleSet()
        for set in sets {
            let offset = Int32(out.bytes.count)
            out.bytes.append(contentsOf: set.bytes)
            out.rules.append(
                contentsOf: set.rules.map { r in
                    var r = r
                    r.start += offset
                    return r
                }
            )
        }
        out.sortByPriority()
        return out
    }

    private mutating func sortByPriority() {
        rules.sort { a, b in
            if a.length != b.length { return a.length > b.length }
            if a.allow != b.allow { return a.allow }
            return a.line < b.line
        }
    }

    /// The first rule, in priority order, whose pattern matches `path`.
    @inline(__always)
    func firstMatch(_ path: UnsafeBufferPointer<UInt8>) -> CompiledRule? {
        let n = path.count
        guard let p = path.baseAddress, !rules.isEmpty else { return nil }
        var pathHead: UInt64 = 0
        if n >= 8 {
            pathHead = UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self))
        } else {
            for k in 0..<n { pathHead |= UInt64(p[k]) << (8 * UInt64(k)) }
        }
        return bytes.withUnsafeBufferPointer { buffer -> CompiledRule? in
            let pat = buffer.baseAddress!
            for r in rules {
                let literal = Int(r.literal)
                if literal > n || pathHead & r.mask != r.head { continue }
                if !r.wildcard {
                    if r.anchored && literal != n { continue }
                    if literal > 8 && memcmp(p + 8, pat + Int(r.start) + 8, literal - 8) != 0 { continue }
                    return r
                }
                if RobotsPattern.match(pat + Int(r.start), Int(r.length), path) { return r }
            }
            return nil
        }
    }
}
