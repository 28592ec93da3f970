// SPDX-License-Identifier: Apache-2.0
// Heed: the site lint's conflicts between mechanisms, one finding per disagreement however many
// crawlers it holds for.
// Rules: AIPREF vocab §5 and RSL 1.0 §4.9 (the most restrictive wins), SIGNALS.md §11.2 rule 3.

extension SiteLintContext {
    /// The conflicts (`SignalFolder.conflictPair`) of the home page for `*` and every crawler the
    /// robots.txt names, merged: one finding per use category, allowing statement and denying
    /// mechanism, naming the crawlers it holds for and every denying line. A site that repeats a
    /// signal in twenty groups gets one finding, not twenty. Pairs of robots.txt's reading of a
    /// crawler's own group and an RSL licence are left to `rslContradictions`. For one crawler and
    /// one denying line the message is `SignalFolder`'s, prefixed `for CRAWLER: `.
    func conflicts() -> [SiteLintItem] {
        struct Key: Hashable {
            var category: UseCategory
            var other: Provenance
            var denyMechanism: Mechanism
            var star: Bool
        }
        struct Merged {
            var deny: Statement
            var other: Statement
            var agents: [ProductToken] = []
            var denials: [Statement] = []
        }
        var order: [Key] = []
        var merged: [Key: Merged] = [:]
        for (agent, explanation) in explained {
            for category in UseCategory.allCases {
                guard let (deny, other) = SignalFolder.conflictPair(explanation[category].statements),
                    !Self.isRobotsAgainstRSL(deny, other)
                else { continue }
                let star = agent.key == Self.anyCrawler.key
                let key = Key(
                    category: category,
                    other: other.provenance,
                    denyMechanism: deny.provenance.mechanism,
                    star: star
                )
                if merged[key] == nil {
                    order.append(key)
                    merged[key] = Merged(deny: deny, other: other)
                }
                if !star { merged[key]?.agents.append(agent) }
                if merged[key]?.denials.contains(where: { $0.provenance == deny.provenance }) == false {
                    merged[key]?.denials.append(deny)
                }
            }
        }
        return order.compactMap { key in
            guard let m = merged[key] else { return nil }
            let crawlers = m.agents.compactMap { registry.byKey[$0.key] }
            let agents =
                m.agents.filter { registry.byKey[$0.key]?.major == true }
                + m.agents.filter { registry.byKey[$0.key]?.major != true }
            let who = key.star ? "" : "for \(Self.list(agents.map(\.raw))): "
            let inherited = m.denials.allSatisfy(\.inherited) ? ", inherited" : ""
            let verb = m.other.value == .allow ? "allows it" : "allows it under conditions"
            let consequence: Consequence =
                key.star
                ? conflictConsequence(Self.anyCrawler)
                : (crawlers.contains(where: \.major) ? .major : .some)
            return SiteLintItem(
                finding: Finding(
                    code: "conflict",
                    severity: m.other.value == .allow ? .warning : .info,
                    line: m.other.provenance.line,
                    message:
                        "\(who)\(key.category.rawValue): \(SignalFolder.describe(m.other)) \(verb), but "
                        + "\(m.deny.provenance.mechanism.rawValue) (\(Self.locations(m.denials))\(inherited)) denies it; "
                        + "the most restrictive wins (deny), and crawlers that read only one of them act differently",
                    text: m.other.provenance.raw,
                    clause: "AIPREF vocab §5; RSL 1.0 §4.9",
                    document: m.other.provenance.document,
                    fix: "make the two agree: change \(m.other.provenance.location) or \(Self.locations(m.denials))"
                ),
                consequence: consequence,
                crawlers: crawlers
            )
        }
    }
}

extension SiteLintContext {
    /// The statements' locations, lines of one document run together:
    /// `robots.txt:64, 68 and 72`, `tdmrep.json:2`, `page.html (meta[name=robots])`.
    static func locations(_ statements: [Statement]) -> String {
        var documents: [String] = []
        var lines: [String: [String]] = [:]
        for s in statements {
            let p = s.provenance
            if lines[p.document] == nil { documents.append(p.document) }
            let part = p.line.map(String.init) ?? p.element.map { "(\($0))" } ?? ""
            if !part.isEmpty { lines[p.document, default: []].append(part) }
        }
        return list(
            documents.map { doc in
                let parts = lines[doc] ?? []
                guard !parts.isEmpty else { return doc }
                let sep = parts[0].hasPrefix("(") ? " " : ":"
                return doc + sep + list(parts, limit: 8)
            },
            limit: 4
        )
    }
}
