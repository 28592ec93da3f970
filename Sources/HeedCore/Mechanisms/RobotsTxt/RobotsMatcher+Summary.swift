// SPDX-License-Identifier: Apache-2.0
// Heed: a crawler's whole-site picture from its compiled robots.txt rules.
// Spec: RFC 9309 section 2.2.2.

extension RobotsMatcher {
    /// How much of a site a crawler may fetch, as a steward would summarize it.
    public enum Reach: String, Sendable, Codable {
        /// No rule disallows anything for this crawler.
        case everything
        /// The home page is allowed but some paths are disallowed.
        case partial
        /// The home page `/` is disallowed (typically `Disallow: /`).
        case blocked
    }

    /// The crawler's reach: `blocked` if `/` is disallowed, `partial` if some disallow rule
    /// applies to it, `everything` otherwise.
    public var reach: Reach {
        if !decide("/").allowed { return .blocked }
        return ruleSet.rules.contains { !$0.allow } ? .partial : .everything
    }
}
