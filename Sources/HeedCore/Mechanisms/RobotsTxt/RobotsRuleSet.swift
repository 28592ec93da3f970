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
struct CompiledRule: Sendable {
    /// Offset of the pattern in the rule set's byte buffer.
    var start: Int
    /// Pattern length in octets, `$` included: the priority.
    var length: Int32
    /// Length of the literal prefix (up to the first `*`, or the whole pattern without `$`).
    var literal: Int32
    /// The first `min(8, literal)` octets of the pattern, little-endian, and their mask.
    var head: UInt64
    var mask: UInt64
    /// For a wildcard rule, the ASCII octets its later segments need, as a 128-bit set (octets
    /// 0-63 in `need.0`, 64-127 in `need.1`): a path lacking one of them cannot match, which
    /// rejects most `/*word` rules without running the matcher.
    var need: (UInt64, UInt64)
    /// Where the rule lives: `RobotsTxt.groups[group].rules[index]`.
    var group: Int32
    var index: Int32
    var line: Int32
    var allow: Bool
    var anchored: Bool
    var wildcard: Bool

    /// Compiles the pattern of `length` octets at `start` in `bytes`.
    init(
        bytes: UnsafePointer<UInt8>,
        start: Int,
        length: Int,
        allow: Bool,
        group: Int,
        index: Int,
        line: Int
    ) {
        let p = bytes + start
        let anchored = length > 0 && p[length - 1] == UInt8(ascii: "$")
        let body = anchored ? length - 1 : length
        var literal = body
        if body > 0, let star = memchr(p, 0x2A, body) {
            literal = UnsafeRawPointer(star) - UnsafeRawPointer(p)
        }
        // The head: one eight-octet load when the pattern has eight octets (masked to the
        // literal prefix), else octet by octet.
        let mask: UInt64 = literal >= 8 ? ~0 : (1 << (8 * UInt64(literal))) &- 1
        var head: UInt64 = 0
        if length >= 8 {
            head = UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self)) & mask
        } else {
            for k in 0..<literal { head |= UInt64(p[k]) << (8 * UInt64(k)) }
        }
        self.start = start
        self.length = Int32(truncatingIfNeeded: length)
        self.literal = Int32(truncatingIfNeeded: literal)
        self.head = head
        self.mask = mask
        self.group = Int32(truncatingIfNeeded: group)
        self.index = Int32(truncatingIfNeeded: index)
        self.line = Int32(truncatingIfNeeded: line)
        self.allow = allow
        self.anchored = anchored
        self.wildcard = literal < body
        var need: (UInt64, UInt64) = (0, 0)
        if literal < body {
            for k in literal..<body {
                let b = p[k]
                if b == UInt8(ascii: "*") || b >= 0x80 { continue }
                if b < 64 { need.0 |= 1 << UInt64(b) } else { need.1 |= 1 << UInt64(b - 64) }
            }
        }
        self.need = need
    }

    /// The set of ASCII octets in `path`, in the layout of `need`.
    @inline(__always)
    static func octetSet(_ p: UnsafePointer<UInt8>, _ n: Int) -> (UInt64, UInt64) {
        var low: UInt64 = 0
        var high: UInt64 = 0
        for i in 0..<n {
            let b = UInt64(p[i])
            let bit: UInt64 = 1 << (b & 63)
            if b < 64 { low |= bit } else if b < 128 { high |= bit }
        }
        return (low, high)
    }

    /// RFC 9309 §2.2.2 priority order: longest first, `allow` before `disallow` at equal length,
    /// then file order.
    @inline(__always)
    static func precedes(_ a: CompiledRule, _ b: CompiledRule) -> Bool {
        if a.length != b.length { return a.length > b.length }
        if a.allow != b.allow { return a.allow }
        return a.line < b.line
    }
}

/// The rules of one or more groups, compiled and sorted by priority (longest first, `allow`
/// before `disallow` at equal length, then by line), so that the first rule that matches a path
/// is the one RFC 9309 §2.2.2 says decides.
///
/// A set is a range of a rule array over a pattern buffer. The sets of one file's groups are
/// ranges of the file's `RobotsTxt.compiledRules` over its `RobotsTxt.patternBytes`, so they cost
/// no allocation; a merged set owns a new rule array over the same pattern buffer.
struct RobotsRuleSet: Sendable {
    /// The pattern octets the rules point into.
    private let bytes: [UInt8]
    /// The compiled rules; this set is `storage[range]`.
    private let storage: [CompiledRule]
    private let range: Range<Int>
    /// The rules bucketed by the octet after '/', for sets long enough to gain from it.
    private let index: RobotsRuleIndex?

    /// The empty set.
    init() {
        bytes = []
        storage = []
        range = 0..<0
        index = nil
    }

    /// The rules `storage[range]` over `bytes`, already in priority order; `indexed` builds a
    /// `RobotsRuleIndex` when the set is long enough, for sets that answer many queries.
    init(bytes: [UInt8], rules storage: [CompiledRule], range: Range<Int>, indexed: Bool = false) {
        self.bytes = bytes
        self.storage = storage
        self.range = range
        if indexed, range.count >= RobotsRuleIndex.minimumRules {
            index = storage.withUnsafeBufferPointer { all in
                bytes.withUnsafeBufferPointer {
                    RobotsRuleIndex(UnsafeBufferPointer(rebasing: all[range]), bytes: $0.baseAddress!)
                }
            }
        } else {
            index = nil
        }
    }

    /// This set with a `RobotsRuleIndex` (when long enough).
    func indexed() -> RobotsRuleSet {
        index != nil ? self : RobotsRuleSet(bytes: bytes, rules: storage, range: range, indexed: true)
    }

    /// The rules in priority order.
    var rules: ArraySlice<CompiledRule> { storage[range] }

    /// Calls `body` with the pattern octets the rules' `start` offsets point into.
    func withPatternBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        bytes.withUnsafeBufferPointer(body)
    }

    /// The public form of a rule of this set.
    func rule(for compiled: CompiledRule) -> RobotsTxt.Rule {
        RobotsTxt.Rule(
            kind: compiled.allow ? .allow : .disallow,
            pattern: RobotsPattern(storage: bytes, start: compiled.start, count: Int(compiled.length)),
            line: Int(compiled.line),
            group: Int(compiled.group)
        )
    }

    /// The union of several sets over the same pattern buffer (merged groups, RFC 9309 §2.2.1):
    /// the sorted sets merged pairwise, so the result is sorted too.
    static func merged(_ sets: [RobotsRuleSet]) -> RobotsRuleSet {
        guard let first = sets.first else { return RobotsRuleSet() }
        if sets.count == 1 { return first.indexed() }
        var runs = sets.map { Array($0.rules) }
        while runs.count > 1 {
            var next: [[CompiledRule]] = []
            next.reserveCapacity((runs.count + 1) / 2)
            var i = 0
            while i + 1 < runs.count {
                next.append(merge(runs[i], runs[i + 1]))
                i += 2
            }
            if i < runs.count { next.append(runs[i]) }
            runs = next
        }
        let rules = runs[0]
        return RobotsRuleSet(bytes: first.bytes, rules: rules, range: 0..<rules.count, indexed: true)
    }

    /// Two rule lists in priority order merged into one.
    private static func merge(_ a: [CompiledRule], _ b: [CompiledRule]) -> [CompiledRule] {
        if a.isEmpty { return b }
        if b.isEmpty { return a }
        var out: [CompiledRule] = []
        out.reserveCapacity(a.count + b.count)
        var i = 0
        var j = 0
        while i < a.count, j < b.count {
            if CompiledRule.precedes(b[j], a[i]) {
                out.append(b[j])
                j += 1
            } else {
                out.append(a[i])
                i += 1
            }
        }
        out.append(contentsOf: a[i...])
        out.append(contentsOf: b[j...])
        return out
    }

    /// The first rule, in priority order, whose pattern matches `path`.
    @inline(__always)
    func firstMatch(_ path: UnsafeBufferPointer<UInt8>) -> CompiledRule? {
        let n = path.count
        guard let p = path.baseAddress, !range.isEmpty else { return nil }
        var pathHead: UInt64 = 0
        if n >= 8 {
            pathHead = UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self))
        } else {
            for k in 0..<n { pathHead |= UInt64(p[k]) << (8 * UInt64(k)) }
        }
        return bytes.withUnsafeBufferPointer { buffer -> CompiledRule? in
            let pat = buffer.baseAddress!
            return storage.withUnsafeBufferPointer { all -> CompiledRule? in
                var have: (UInt64, UInt64) = (0, 0)
                var haveKnown = false
                @inline(__always) func matches(_ r: CompiledRule) -> Bool {
                    let literal = Int(r.literal)
                    if literal > n || pathHead & r.mask != r.head { return false }
                    if literal > 8 && !RobotsPattern.equalOctets(p + 8, pat + r.start + 8, literal - 8) { return false }
                    if !r.wildcard { return !r.anchored || literal == n }
                    if !haveKnown {
                        have = CompiledRule.octetSet(p, n)
                        haveKnown = true
                    }
                    if r.need.0 & ~have.0 != 0 || r.need.1 & ~have.1 != 0 { return false }
                    return RobotsPattern.match(pat + r.start, Int(r.length), path)
                }
                let base = range.lowerBound
                if let index, p[0] == UInt8(ascii: "/") {
                    guard let k = index.first(for: path, where: { matches(all[base + $0]) }) else { return nil }
                    return all[base + k]
                }
                for i in range where matches(all[i]) { return all[i] }
                return nil
            }
        }
    }
}
