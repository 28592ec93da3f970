// SPDX-License-Identifier: Apache-2.0
// Heed: whole-file checks of robots.txt for stewards.
// Spec: RFC 9309 section 2.2 (groups), 2.2.1 (group selection), 2.2.2 (longest match, allow
// wins ties), 2.2.4 (other records); Google robots.txt documentation for the fields it ignores.

/// Finds what a steward should fix in a robots.txt beyond what the line parser reports: fields
/// no crawler reads, rules that can never decide anything, groups that undo the `*` group.
///
/// `lint` returns the parser's findings plus these, ranked by severity then line.
public enum RobotsLinter {
    /// Fields with a meaning somewhere (a spec or a major crawler), recorded but not access rules.
    static let knownExtensions: [String: String] = [
        "sitemap": "sitemaps.org; RFC 9309 §2.2.4 names it as an example of other records",
        "crawl-delay": "honoured by Bing and Yandex, ignored by Google",
        "content-usage": "IETF AIPREF draft-ietf-aipref-attach §3",
        "content-signal": "Cloudflare Content Signals Policy",
        "license": "RSL 1.0 §4 (Really Simple Licensing)",
        "host": "Yandex's preferred host, ignored by others",
        "clean-param": "Yandex only",
        "request-rate": "a 1996 draft extension few crawlers read",
        "visit-time": "a 1996 draft extension few crawlers read",
        "noindex": "unsupported by Google since 2019-09-01",
        "nofollow": "not a robots.txt field",
        "noarchive": "not a robots.txt field",
    ]

    /// Every finding for `robots`, ranked: errors first, then warnings, then info; by line within.
    public static func lint(_ robots: RobotsTxt) -> [Finding] {
        var sink = FindingSink()
        unknownFields(robots, into: &sink)
        emptyGroups(robots, into: &sink)
        shadowedRules(robots, into: &sink)
        return (robots.findings + sink.finish()).sorted {
            ($0.severity, $0.line ?? 0, $0.code) < ($1.severity, $1.line ?? 0, $1.code)
        }
    }

    private static func unknownFields(_ robots: RobotsTxt, into out: inout FindingSink) {
        let targets = ["user-agent", "allow", "disallow"] + knownExtensions.keys.sorted()
        for record in robots.records {
            if let meaning = knownExtensions[record.field] {
                if ["noindex", "nofollow", "noarchive", "request-rate", "visit-time"].contains(record.field) {
                    out.add(
                        Finding(
                            code: "unsupported-field",
                            severity: .info,
                            line: record.line,
                            message: "'\(record.field)' has no effect for major crawlers (\(meaning))",
                            text: robots.text(ofLine: record.line),
                            clause: "RFC 9309 §2.2.4"
                        )
                    )
                }
                continue
            }
            var message = "unknown field '\(record.field)': crawlers ignore this line"
            if record.field.utf8.count <= 24,
                let near = targets.min(by: { editDistance($0, record.field) < editDistance($1, record.field) }),
                editDistance(near, record.field) <= 2
            {
                message += "; did you mean '\(near)'?"
            }
            out.add(
                Finding(
                    code: "unknown-field",
                    severity: .warning,
                    line: record.line,
                    message: message,
                    text: robots.text(ofLine: record.line),
                    clause: "RFC 9309 §2.2.4"
                )
            )
        }
    }

    /// A named crawler whose only groups have no rules is allowed everything, even when the `*`
    /// group disallows: specific groups replace `*` entirely (RFC 9309 §2.2.1).
    private static func emptyGroups(_ robots: RobotsTxt, into out: inout FindingSink) {
        let starDisallows = robots.groups.contains { g in
            g.agents.contains { $0.token.isStar } && g.rules.contains { $0.kind == .disallow && !$0.pattern.isEmpty }
        }
        guard starDisallows else { return }
        var ruleCount: [String: Int] = [:]
        var firstLine: [String: (line: Int, raw: String)] = [:]
        for g in robots.groups {
            for a in g.agents where !a.token.isStar && !a.token.key.isEmpty {
                ruleCount[a.token.key, default: 0] += g.rules.count
                if firstLine[a.token.key] == nil { firstLine[a.token.key] = (a.line, a.token.raw) }
            }
        }
        for (key, count) in ruleCount where count == 0 {
            guard let first = firstLine[key] else { continue }
            out.add(
                Finding(
                    code: "empty-group",
                    severity: .warning,
                    line: first.line,
                    message:
                        "'\(first.raw)' has a group with no rules, so it may fetch everything although "
                        + "the '*' group disallows paths: a crawler's own group replaces '*' entirely. "
                        + "Add its rules, or remove the line if it should follow '*'",
                    text: robots.text(ofLine: first.line),
                    clause: "RFC 9309 §2.2.1"
                )
            )
        }
    }

    /// Rules that can never decide anything for the crawlers of their group.
    private static func shadowedRules(_ robots: RobotsTxt, into out: inout FindingSink) {
        // Merge groups per token as crawlers do, then look at each merged rule set once.
        var byToken: [String: [Int]] = [:]
        var order: [String] = []
        for (i, g) in robots.groups.enumerated() {
            for a in g.agents where !a.token.key.isEmpty {
                if byToken[a.token.key] == nil { order.append(a.token.key) }
                if byToken[a.token.key]?.last != i { byToken[a.token.key, default: []].append(i) }
            }
        }
        var reported = unreachableRules(robots, byToken: byToken, order: order, into: &out)
        for key in order {
            let rules = (byToken[key] ?? []).flatMap { robots.groups[$0].rules }.filter { !$0.pattern.isEmpty }
            var seen: [RobotsPattern: [RobotsTxt.Rule]] = [:]
            for rule in rules { seen[rule.pattern, default: []].append(rule) }
            for rule in rules where !reported.contains(rule.line) {
                let same = seen[rule.pattern] ?? []
                if let earlier = same.first(where: { $0.kind == rule.kind && $0.line < rule.line }) {
                    reported.insert(rule.line)
                    out.add(
                        Finding(
                            code: "duplicate-rule",
                            severity: .info,
                            line: rule.line,
                            message: "repeats line \(earlier.line) for the same crawlers; it changes nothing",
                            text: robots.text(ofLine: rule.line),
                            clause: "RFC 9309 §2.2.2"
                        )
                    )
                }
            }
            let disallows = rules.filter { $0.kind == .disallow }
            for rule in rules where rule.kind == .allow && !reported.contains(rule.line) {
                // An allow decides something only if a disallow of equal or lower priority could
                // match the same URLs; with no disallow at all it restates the default.
                if disallows.allSatisfy({ $0.pattern.priority > rule.pattern.priority }) {
                    reported.insert(rule.line)
                    out.add(
                        Finding(
                            code: "redundant-allow",
                            severity: .info,
                            line: rule.line,
                            message:
                                disallows.isEmpty
                                ? "allow with no disallow in the same group: everything is allowed anyway"
                                : "every disallow in the group is longer, so this allow never overrides one",
                            text: robots.text(ofLine: rule.line),
                            clause: "RFC 9309 §2.2.2"
                        )
                    )
                }
            }
        }
    }

    /// Rules that never decide for any crawler that reads them: in every merged rule set holding
    /// the rule, a rule of the other kind covers it and always wins (`RobotsRuleCoverage`). A rule
    /// of a group shared by several tokens is reported only when it is dead for each of them.
    /// Returns the lines reported.
    private static func unreachableRules(
        _ robots: RobotsTxt,
        byToken: [String: [Int]],
        order: [String],
        into out: inout FindingSink
    ) -> Set<Int> {
        var deadIn: [Int: [Int]] = [:]  // rule line → the winning line in each set where it is dead
        var setsHolding: [Int: Int] = [:]
        for key in order {
            let groups = byToken[key] ?? []
            if groups.isEmpty { continue }
            let set =
                groups.count == 1
                ? robots.ruleSet(ofGroup: groups[0]) : RobotsRuleSet.merged(groups.map { robots.ruleSet(ofGroup: $0) })
            for rule in set.rules { setsHolding[Int(rule.line), default: 0] += 1 }
            for (line, winner) in RobotsRuleCoverage.deadRules(set) { deadIn[line, default: []].append(winner) }
        }
        if deadIn.isEmpty { return [] }
        var rules: [Int: RobotsTxt.Rule] = [:]
        for group in robots.groups { for rule in group.rules { rules[rule.line] = rule } }
        var reported = Set<Int>()
        for (line, winners) in deadIn.sorted(by: { $0.key < $1.key }) where winners.count == setsHolding[line] {
            guard let rule = rules[line] else { continue }
            let distinct = Array(Set(winners)).sorted()
            let named =
                distinct.count == 1
                ? "line \(distinct[0])" : "lines " + distinct.map(String.init).joined(separator: ", ")
            let identical = distinct.count == 1 && rules[distinct[0]]?.pattern == rule.pattern
            let message: String
            var fix: String?
            if rule.kind == .disallow {
                message =
                    identical
                    ? "this disallow never applies: \(named) allows the same path, and allow wins ties"
                    : "this disallow never applies: \(named) allows every path it matches with a pattern at least "
                        + "as long, and allow wins ties"
            } else {
                message =
                    "this allow never applies: \(named) disallows every path it matches with a longer pattern"
                fix = "delete the allow, or make it longer than the disallow so it can win"
            }
            reported.insert(line)
            out.add(
                Finding(
                    code: "unreachable-rule",
                    severity: .warning,
                    line: line,
                    message: message,
                    text: robots.text(ofLine: line),
                    clause: "RFC 9309 §2.2.2",
                    fix: fix
                )
            )
        }
        return reported
    }

    /// Levenshtein distance, for "did you mean" suggestions on short field names.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.utf8)
        let b = Array(b.utf8)
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var prev = Array(0...b.count)
        var cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&prev, &cur)
        }
        return prev[b.count]
    }
}
