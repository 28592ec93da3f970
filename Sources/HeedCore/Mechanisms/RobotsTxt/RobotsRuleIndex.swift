// SPDX-License-Identifier: Apache-2.0
// Heed: a rule set's rules bucketed by the octet after the leading '/', so a query skips the rules
// whose literal prefix cannot match.
// Spec: RFC 9309 section 2.2.2 (a rule matches from the first octet of the path).

/// For each octet `c`, the rules (positions in priority order) whose literal prefix starts with
/// `/c`, plus one shared bucket of the rules that can match any path starting with `/`: those
/// whose literal prefix is `/` or empty (`/*.php`, `*/print`, `/`, `/$`). Rules whose prefix
/// starts with any other octet never match a path starting with `/` and are in no bucket.
///
/// A query on a path `/c...` walks bucket `c` and the shared bucket together, in position order,
/// so it sees the same rules in the same order as a full scan, minus ones that cannot match.
struct RobotsRuleIndex: Sendable {
    /// Sets with fewer rules are scanned whole: the index would cost more than it saves.
    static let minimumRules = 12
    /// The shared bucket's number.
    static let shared = 256

    /// `table[b] ..< table[b + 1]` are the entries of bucket `b` (0...256); the entries, rule
    /// positions relative to the set's first rule, follow the 258 bounds.
    let table: [Int32]

    /// Buckets `rules` (in priority order) whose patterns are in `bytes`; `nil` for short sets.
    init?(_ rules: UnsafeBufferPointer<CompiledRule>, bytes: UnsafePointer<UInt8>) {
        if rules.count < RobotsRuleIndex.minimumRules || rules.count > Int(Int32.max / 2) { return nil }
        @inline(__always) func bucket(_ r: CompiledRule) -> Int {
            let p = bytes + r.start
            if r.literal >= 2 && p[0] == UInt8(ascii: "/") { return Int(p[1]) }
            if r.literal >= 1 && p[0] != UInt8(ascii: "/") { return -1 }
            return RobotsRuleIndex.shared
        }
        // Count each bucket's rules, then turn the counts into each bucket's end after the 258
        // bounds; the table is then filled backwards, each bucket from its end, so its entries
        // come out in position order and each bound ends at its bucket's start.
        table = withUnsafeTemporaryAllocation(of: Int32.self, capacity: 258) { ends -> [Int32] in
            ends.initialize(repeating: 0)
            for r in rules {
                let b = bucket(r)
                if b >= 0 { ends[b] += 1 }
            }
            var running = Int32(258)
            for b in 0..<257 {
                running += ends[b]
                ends[b] = running
            }
            ends[257] = running
            return [Int32](unsafeUninitializedCapacity: Int(running)) { t, initialized in
                let t = t.baseAddress!
                t.initialize(from: ends.baseAddress!, count: 258)
                var i = rules.count
                while i > 0 {
                    i -= 1
                    let b = bucket(rules[i])
                    if b >= 0 {
                        t[b] -= 1
                        t[Int(t[b])] = Int32(truncatingIfNeeded: i)
                    }
                }
                initialized = Int(running)
            }
        }
    }

    /// Calls `visit` with the position of every rule that can match `path` (which must start with
    /// `/`), in priority order, until it returns true; returns that position, or `nil`.
    @inline(__always)
    func first(
        for path: UnsafeBufferPointer<UInt8>,
        where visit: (Int) -> Bool
    ) -> Int? {
        table.withUnsafeBufferPointer { t -> Int? in
            var j = Int(t[RobotsRuleIndex.shared])
            let jEnd = Int(t[RobotsRuleIndex.shared + 1])
            var i = 0
            var iEnd = 0
            if path.count >= 2 {
                let c = Int(path[1])
                i = Int(t[c])
                iEnd = Int(t[c + 1])
            }
            while true {
                let k: Int
                if i < iEnd, j >= jEnd || t[i] < t[j] {
                    k = Int(t[i])
                    i += 1
                } else if j < jEnd {
                    k = Int(t[j])
                    j += 1
                } else {
                    return nil
                }
                if visit(k) { return k }
            }
        }
    }
}
