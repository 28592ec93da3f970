// SPDX-License-Identifier: Apache-2.0
// HeedAudit: implied opt-outs: a site that blocks known training crawlers objects to training.

public import HeedCore

/// Implied opt-outs (issue 5, "which evidence counts"): when a site's robots.txt names known
/// training crawlers from the registry in groups of their own and disallows the whole site to
/// them, the site is taken to object to training by anyone. Only used when the policy counts
/// implied evidence; reported with mechanism `robots.implied` and the first such group's line.
public enum ImpliedOptOut {
    /// The implied `ai_train` deny for `site`, or `nil`.
    public static func training(_ site: SiteSignals, registry: AgentRegistry) -> Statement? {
        guard let robots = site.robots, let document = site.robotsDocument else { return nil }
        var blocked: [(name: String, line: Int)] = []
        // Only the training crawlers the file names can have a group of their own: look its few
        // names up in the registry instead of building a matcher per registry agent.
        let positions = robots.namedKeys.flatMap { registry.trainingPositions[$0] ?? [] }.sorted()
        for position in positions {
            let (agent, token) = registry.trainingTokens[position]
            guard !agent.control else { continue }
            let matcher = RobotsMatcher(robots, agent: token)
            guard matcher.selection == .specific else { continue }
            let d = matcher.decide("/")
            if !d.allowed, let line = d.rule?.line { blocked.append((agent.name, line)) }
        }
        guard let first = blocked.min(by: { $0.line < $1.line }) else { return nil }
        let names = blocked.map(\.name).prefix(5).joined(separator: ", ")
        return Statement(
            .aiTrain,
            .deny,
            provenance: Provenance(
                mechanism: .robotsImplied,
                document: document.location,
                line: first.line,
                raw: robots.text(ofLine: first.line) ?? "Disallow: /",
                spec: "Heed implied opt-out: robots.txt blocks known training crawlers (\(names))"
            ),
            scopeNote: "implied: \(blocked.count) known training crawler(s) blocked site-wide",
            inherited: true
        )
    }
}
