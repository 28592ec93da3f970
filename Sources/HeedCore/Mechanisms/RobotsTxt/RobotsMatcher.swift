// SPDX-License-Identifier: Apache-2.0
// Heed: robots.txt access decisions for one crawler.
// Spec: RFC 9309 section 2.2.1 (group selection: case-insensitive token match, merged groups,
// `*` fallback, no rules when nothing matches) and section 2.2.2 (longest match in octets,
// allow wins ties, /robots.txt always allowed).

/// The rules of a robots.txt that apply to one crawler, compiled once and queried per URL.
///
/// Construction selects the groups (every group with a `User-agent:` line equal to the crawler's
/// token, merged; else every `*` group, merged; else none) and sorts the merged rules by
/// priority (octets, longest first), `allow` before `disallow` at equal length. A query then
/// stops at the first rule that matches: it is the longest match, and an `allow` on ties.
public struct RobotsMatcher: Sendable {
    /// Which groups apply to the crawler.
    public enum Selection: String, Sendable, Codable {
        /// Groups naming the crawler's token.
        case specific
        /// No group names the crawler; the `*` groups apply.
        case star
        /// No group names the crawler and there is no `*` group: no rules apply.
        case none
    }

    /// The crawler's token.
    public let agent: ProductToken
    /// Which groups were selected.
    public let selection: Selection
    /// The indices (into `RobotsTxt.groups`) of the selected groups.
    public let groups: [Int]
    /// The 1-based lines of the `User-agent:` entries that selected those groups.
    public let agentLines: [Int]
    /// Notes on the selection a reader should see, such as a group Google's parser would apply to
    /// this crawler but Heed does not (see `ProductToken`).
    public let notes: [String]
    /// The merged rules, compiled and sorted by priority.
    let ruleSet: RobotsRuleSet

    /// The merged rules in priority order (longest first, allow first on ties).
    var rules: [RobotsTxt.Rule] { ruleSet.rules.map(rule(for:)) }

    @inline(__always)
    private func rule(for compiled: CompiledRule) -> RobotsTxt.Rule {
        ruleSet.rule(for: compiled)
    }

    /// Selects and compiles the rules `robots` sets for `agent`.
    public init(_ robots: borrowing RobotsTxt, agent: ProductToken) {
        self.agent = agent
        var notes: [String] = []
        let specific = agent.isStar ? nil : robots.agentIndex.entry(for: agent.key)
        for irregular in robots.agentIndex.irregular where irregular.googleKey != nil && irregular.key != agent.key {
            if irregular.googleKey == agent.key {
                notes.append(
                    "line \(irregular.line): Google's parser reads 'User-agent: \(irregular.raw)' as "
                        + "'\(agent.raw)' and applies that group to this crawler; Heed does not (the name differs)"
                )
            } else if irregular.googleKey == "*", specific == nil, !agent.isStar {
                notes.append(
                    "line \(irregular.line): Google's parser reads 'User-agent: \(irregular.raw)' as '*' "
                        + "and applies that group to this crawler; Heed does not (the name is not '*')"
                )
            }
        }
        self.notes = notes
        if let specific {
            selection = .specific
            groups = specific.groups
            agentLines = specific.lines
            ruleSet =
                specific.groups.count == 1
                ? robots.ruleSet(ofGroup: specific.groups[0]).indexed()
                : RobotsRuleSet.merged(specific.groups.map { robots.ruleSet(ofGroup: $0) })
        } else if !robots.agentIndex.star.groups.isEmpty {
            selection = .star
            groups = robots.agentIndex.star.groups
            agentLines = robots.agentIndex.star.lines
            ruleSet = robots.agentIndex.starRules
        } else {
            selection = .none
            groups = []
            agentLines = []
            ruleSet = RobotsRuleSet()
        }
    }

    /// The decision for a URL (`https://host/path?query`) or a bare path (`/path?query`).
    public func decide(_ url: some StringProtocol) -> RobotsDecision {
        let path = RobotsPath.normalizedURLPath(url)
        return path.withUnsafeBufferPointer { decide(normalizedPath: $0) }
    }

    /// The decision for a path already normalized with `RobotsPath.normalizedURLPath`.
    public func decide(normalizedPath path: UnsafeBufferPointer<UInt8>) -> RobotsDecision {
        if path.elementsEqual("/robots.txt".utf8) {
            return RobotsDecision(allowed: true, reason: .robotsTxtAlwaysAllowed, rule: nil)
        }
        if let compiled = ruleSet.firstMatch(path) {
            return RobotsDecision(allowed: compiled.allow, reason: .matchedRule, rule: rule(for: compiled))
        }
        switch selection {
        case .none: return RobotsDecision(allowed: true, reason: .noGroup, rule: nil)
        case .specific, .star: return RobotsDecision(allowed: true, reason: .noMatchingRule, rule: nil)
        }
    }

    /// Whether the crawler may fetch the path: the fast form of `decide(normalizedPath:)`.
    @inline(__always)
    public func isAllowed(normalizedPath path: UnsafeBufferPointer<UInt8>) -> Bool {
        if path.count == 11, path.elementsEqual("/robots.txt".utf8) { return true }
        return ruleSet.firstMatch(path)?.allow ?? true
    }

    /// The number of rules that apply to this crawler.
    public var ruleCount: Int { ruleSet.rules.count }
}

/// One access decision with the reason behind it.
public struct RobotsDecision: Sendable, Hashable {
    /// Why the decision came out as it did.
    public enum Reason: String, Sendable, Codable {
        /// A rule matched; `rule` is the longest match (allow on ties).
        case matchedRule = "matched-rule"
        /// Groups applied but none of their rules matched the path: allowed (RFC 9309 §2.2.2).
        case noMatchingRule = "no-matching-rule"
        /// No group for the crawler and no `*` group: no rules apply (RFC 9309 §2.2.1).
        case noGroup = "no-group"
        /// `/robots.txt` is always allowed (RFC 9309 §2.2.2).
        case robotsTxtAlwaysAllowed = "robots-txt-always-allowed"
    }

    /// True if the crawler may fetch the URL.
    public var allowed: Bool
    /// Why.
    public var reason: Reason
    /// The deciding rule, for `.matchedRule`.
    public var rule: RobotsTxt.Rule?
}
