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
