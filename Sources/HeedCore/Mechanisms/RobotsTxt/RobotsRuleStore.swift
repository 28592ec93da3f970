// SPDX-License-Identifier: Apache-2.0
// Heed: every rule line of a parsed robots.txt in compact form, for `RobotsTxt.Group.rules`.
// Spec: RFC 9309 section 2.2.2 (allow and disallow rules, in file order per group).

/// The rules of one file in file order (empty patterns included) over its normalized pattern
/// buffer, shared by all its groups: a group's `rules` are made from a slice on demand.
final class RobotsRuleStore: Sendable {
    /// One rule line: where its normalized pattern is, its line, allow or disallow.
    struct Line: Sendable {
        var start: Int
        var length: Int32
        var line: Int32
        var allow: Bool

        /// The line's place in RFC 9309 §2.2.2 priority order (`CompiledRule.precedes`) as one
        /// integer, for a line at `position` in its group's file order: longer patterns first,
        /// `allow` before `disallow` at equal length, then file order. Keys of one group are
        /// unique (positions are), so sorting them orders the group's rules exactly.
        @inline(__always)
        func priorityKey(position: Int) -> UInt64 {
            // Bits 33-63: Int32.max minus the length; bit 32: disallow; bits 0-31: position.
            let shorter = UInt64(UInt32(Int32.max) &- UInt32(truncatingIfNeeded: length))
            return shorter << 33 | (allow ? 0 : 1) << 32 | UInt64(UInt32(truncatingIfNeeded: position))
        }

        /// Sorts the priority keys of one group's lines, made in file order, ascending. Already
        /// sorted runs (most groups of one or two rules) cost one pass; short ones are sorted by
        /// insertion, long ones by a stable counting sort on the keys' upper halves (length and
        /// kind), which keeps equal ones in position order, so the result is fully sorted.
        static func sortPriorityKeys(_ keys: UnsafeMutableBufferPointer<UInt64>) {
            let n = keys.count
            if n < 2 { return }
            var sorted = true
            for i in 1..<n where keys[i - 1] > keys[i] {
                sorted = false
                break
            }
            if sorted { return }
            if n <= 32 {
                for i in 1..<n {
                    let x = keys[i]
                    var j = i
                    while j > 0, x < keys[j - 1] {
                        keys[j] = keys[j - 1]
                        j -= 1
                    }
                    keys[j] = x
                }
                return
            }
            var low = UInt64.max
            var high: UInt64 = 0
            for key in keys {
                low = min(low, key >> 32)
                high = max(high, key >> 32)
            }
            let buckets = Int(high - low) + 1
            if buckets > 8192 {
                var all = keys
                all.sort()
                return
            }
            withUnsafeTemporaryAllocation(of: Int.self, capacity: buckets + 1) { starts in
                starts.initialize(repeating: 0)
                for key in keys { starts[Int((key >> 32) - low) + 1] += 1 }
                for b in 1...buckets { starts[b] += starts[b - 1] }
                withUnsafeTemporaryAllocation(of: UInt64.self, capacity: n) { copy in
                    copy.baseAddress!.initialize(from: keys.baseAddress!, count: n)
                    for key in copy {
                        let b = Int((key >> 32) - low)
                        keys[starts[b]] = key
                        starts[b] += 1
                    }
                }
            }
        }

        /// The group position a `priorityKey(position:)` was made with.
        @inline(__always)
        static func position(of key: UInt64) -> Int {
            Int(key & 0xFFFF_FFFF)
        }
    }

    /// A group's rules: `lines[range]`, which belong to group `group`.
    struct Slice: Sendable {
        let store: RobotsRuleStore
        let range: Range<Int>
        let group: Int

        /// The group's rules in file order.
        var rules: [RobotsTxt.Rule] {
            range.map { i in
                let r = store.lines[i]
                return RobotsTxt.Rule(
                    kind: r.allow ? .allow : .disallow,
                    pattern: RobotsPattern(storage: store.patternBytes, start: r.start, count: Int(r.length)),
                    line: Int(r.line),
                    group: group
                )
            }
        }
    }

    /// The normalized patterns, back to back.
    let patternBytes: [UInt8]
    /// Every rule line, in file order.
    let lines: [Line]

    init(patternBytes: [UInt8], lines: [Line]) {
        self.patternBytes = patternBytes
        self.lines = lines
    }
}
