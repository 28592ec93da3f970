// SPDX-License-Identifier: Apache-2.0
// Heed: the groups of a robots.txt indexed by product token, built once per file.
// Spec: RFC 9309 section 2.2.1 (case-insensitive token match, merged groups, `*` fallback).

/// For each normalized token, the groups naming it; the `*` groups with their rules merged once;
/// the `User-agent:` values outside the grammar (for the notes on Google's truncation).
struct RobotsAgentIndex: Sendable {
    /// Groups and `User-agent:` lines of one token.
    struct Entry: Sendable {
        var groups: [Int] = []
        var lines: [Int] = []
    }

    /// A `User-agent:` value outside RFC 9309's grammar and how Google's parser reads it.
    struct Irregular: Sendable {
        var raw: String
        /// Heed's key for it.
        var key: String
        var line: Int
        /// Google's reading, lower-cased (`*` for `* bar`), or `nil`.
        var googleKey: String?
    }

    private(set) var byKey: [String: Entry] = [:]
    private(set) var star = Entry()
    private(set) var starRules = RobotsRuleSet()
    private(set) var irregular: [Irregular] = []

    init() {}

    init(_ groups: [RobotsTxt.Group], ruleSets: [RobotsRuleSet]) {
        for (index, group) in groups.enumerated() {
            for a in group.agents {
                if a.token.isStar {
                    if star.groups.last != index { star.groups.append(index) }
                    star.lines.append(a.line)
                    continue
                }
                if a.token.key.isEmpty { continue }
                var entry = byKey[a.token.key] ?? Entry()
                if entry.groups.last != index { entry.groups.append(index) }
                entry.lines.append(a.line)
                byKey[a.token.key] = entry
                if !a.token.isValidRFC9309 {
                    irregular.append(
                        Irregular(
                            raw: a.token.raw,
                            key: a.token.key,
                            line: a.line,
                            googleKey: a.token.googleReading?.lowercased()
                        )
                    )
                }
            }
        }
        starRules = RobotsRuleSet.merged(star.groups.map { ruleSets[$0] })
    }

    /// The entry for a token key, if any group names it.
    func entry(for key: String) -> Entry? { byKey[key] }
}
