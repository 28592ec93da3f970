// SPDX-License-Identifier: Apache-2.0
// Heed: which robots.txt rules can never decide, because a rule that always wins covers them.
// Spec: RFC 9309 section 2.2.2 (the most specific match, in octets, decides; allow wins ties)
// and section 2.2.3 (`*` any sequence, `$` end of pattern).

/// Finds rules that never decide a path for a merged rule set: rule P is dead when a rule Q of the
/// other kind matches every path P matches and always wins against P.
///
/// **Wins**: Q comes before P in `RobotsMatcher`'s priority order (`CompiledRule.precedes`: more
/// octets, then `allow` before `disallow` at equal length), so whenever both match, Q decides.
///
/// **Covers**: Q, read as a glob (`*`, final `$`), matches P's pattern text, where a `*` of P can
/// only be absorbed by a `*` of Q. Normalized patterns never hold a literal `*` (it is written
/// `%2A`), so this is exactly `RobotsPattern.match(Q, P's text)` on P's text without its final `$`:
/// - Q without `$` need only match a prefix of P's text: every path P matches starts with an
///   expansion of P's text, whose matching prefix Q then matches;
/// - Q ending with `$` needs P to end with `$` too and must consume P's text entirely (`X*$` is read
///   as `X*`, which matches the same paths).
/// Both are sufficient conditions, so every rule reported is dead; some dead rules (covered only by
/// several rules together) are not reported.
///
/// Same-kind coverage is left out: such a rule changes no decision, only which line is named.
enum RobotsRuleCoverage {
    /// Bytes of literal prefix used to bucket candidate winners.
    private static let keyLength = 4
    /// Pairs examined per rule set at most; past it no more rules are reported (never a wrong one).
    static let pairBudget = 1_000_000

    /// For each dead rule of `set` (by line), the line of a rule that covers it and always wins.
    static func deadRules(_ set: RobotsRuleSet) -> [Int: Int] {
        let rules = Array(set.rules)
        if rules.count < 2 { return [:] }
        return set.withPatternBytes { bytes -> [Int: Int] in
            guard let base = bytes.baseAddress else { return [:] }
            var dead: [Int: Int] = [:]
            // Winners seen so far, per kind (0 allow, 1 disallow): bucketed by their first
            // `keyLength` literal octets, or in `short` when the literal prefix is shorter.
            var buckets: [[UInt32: [Int]]] = [[:], [:]]
            var short: [[Int]] = [[], []]
            var budget = pairBudget
            for (i, p) in rules.enumerated() {
                let pStart = base + p.start
                let pBody = Int(p.length) - (p.anchored ? 1 : 0)
                let other = p.allow ? 1 : 0
                let near = short[other]
                var far: [Int] = []
                if pBody >= keyLength, let key = key(pStart, pBody) { far = buckets[other][key] ?? [] }
                // Both lists are in priority order; walked merged, so the winner named is the one
                // that decides, and nothing is copied or sorted per rule.
                var x = 0
                var y = 0
                while x < near.count || y < far.count {
                    let j: Int
                    if y >= far.count || (x < near.count && near[x] < far[y]) {
                        j = near[x]
                        x += 1
                    } else {
                        j = far[y]
                        y += 1
                    }
                    budget -= 1
                    if budget < 0 { return dead }
                    if covers(rules[j], p, base) {
                        dead[Int(p.line)] = Int(rules[j].line)
                        break
                    }
                }
                let kind = p.allow ? 0 : 1
                if Int(p.literal) >= keyLength, let key = key(pStart, Int(p.literal)) {
                    buckets[kind][key, default: []].append(i)
                } else {
                    short[kind].append(i)
                }
            }
            return dead
        }
    }

    /// The first `keyLength` octets at `p` (of `count` available) as a key.
    @inline(__always)
    private static func key(_ p: UnsafePointer<UInt8>, _ count: Int) -> UInt32? {
        guard count >= keyLength else { return nil }
        return UInt32(p[0]) | UInt32(p[1]) << 8 | UInt32(p[2]) << 16 | UInt32(p[3]) << 24
    }

    /// Whether `q` matches every path `p` matches (see the type's documentation).
    static func covers(_ q: CompiledRule, _ p: CompiledRule, _ base: UnsafePointer<UInt8>) -> Bool {
        let qStart = base + q.start
        var qLength = Int(q.length)
        // `X*$` matches the same paths as `X*`.
        if q.anchored, qLength >= 2, qStart[qLength - 2] == UInt8(ascii: "*") { qLength -= 1 }
        let qAnchored = qLength > 0 && qStart[qLength - 1] == UInt8(ascii: "$")
        if qAnchored && !p.anchored { return false }
        let pBody = Int(p.length) - (p.anchored ? 1 : 0)
        return RobotsPattern.match(qStart, qLength, UnsafeBufferPointer(start: base + p.start, count: pBody))
    }

    /// Covers on pattern texts, for tests: whether rule `q` (priority aside) matches every path
    /// `p` matches. Both are normalized patterns (`RobotsPath.normalizedPattern`).
    static func covers(_ q: [UInt8], _ p: [UInt8]) -> Bool {
        let bytes = q + p
        return bytes.withUnsafeBufferPointer { buf in
            let rq = CompiledRule(
                bytes: buf.baseAddress!,
                start: 0,
                length: q.count,
                allow: true,
                group: 0,
                index: 0,
                line: 1
            )
            let rp = CompiledRule(
                bytes: buf.baseAddress!,
                start: q.count,
                length: p.count,
                allow: false,
                group: 0,
                index: 1,
                line: 2
            )
            return covers(rq, rp, buf.baseAddress!)
        }
    }
}
