// SPDX-License-Identifier: Apache-2.0
// Heed: what a site lint needs to know about a host once: the explanations of its home page for
// every registry agent, which major crawlers read which robots.txt group, and the consequence rule.
// Spec: RFC 9309 §2.2.1 (group selection), §2.2.2 (matching).

/// A finding a site-level check made, with its tier and the crawlers it names.
struct SiteLintItem {
    var finding: Finding
    var consequence: Consequence
    var crawlers: [KnownAgent]
}

/// The host's home page explained once for every agent that matters to the lint.
struct SiteLintContext {
    /// The agent used for "any crawler without a group of its own".
    static let anyCrawler = ProductToken("HeedAnyCrawler")

    /// One registry agent (first of its robots token) with its view of the home page.
    struct AgentView {
        var agent: KnownAgent
        var explanation: Explanation
        var matcher: RobotsMatcher?
    }

    let site: SiteSignals
    let registry: AgentRegistry
    let home: String
    let robots: RobotsTxt?
    let robotsLocation: String?
    /// `*` (as `anyCrawler`) and every token the robots.txt names, with their findings.
    let explained: [(ProductToken, Explanation)]
    /// The explanation for `*`.
    let star: Explanation
    /// Every registry agent, unique by robots token, without findings.
    let agents: [AgentView]

    init(site: SiteSignals, lookup: (String) -> DocumentLookup) {
        self.site = site
        registry = site.specs.registry
        home = site.origin + "/"
        robots = site.robots
        robotsLocation = site.robots == nil ? nil : site.robotsDocument?.location
        // Each explanation looks the page and its licences up again: read each URL once.
        var cache: [String: DocumentLookup] = [:]
        func cached(_ url: String) -> DocumentLookup {
            if let hit = cache[url] { return hit }
            let answer = lookup(url)
            cache[url] = answer
            return answer
        }
        var tokens: [ProductToken] = [SiteLintContext.anyCrawler]
        var seen = Set<String>()
        for group in site.robots?.groups ?? [] {
            for a in group.agents where !a.token.isStar && !a.token.key.isEmpty && seen.insert(a.token.key).inserted {
                tokens.append(a.token)
            }
        }
        let explained = tokens.map { ($0, site.explain(url: site.origin + "/", agent: $0, lookup: cached)) }
        self.explained = explained
        star = explained[0].1
        var views: [AgentView] = []
        var keys = Set<String>()
        for agent in site.specs.registry.agents where keys.insert(agent.token.key).inserted {
            let e = site.explain(url: site.origin + "/", agent: agent.token, lookup: cached, withFindings: false)
            views.append(
                AgentView(
                    agent: agent,
                    explanation: e,
                    matcher: site.robots.map { RobotsMatcher($0, agent: agent.token) }
                )
            )
        }
        agents = views
    }

    // MARK: - Consequence

    /// The tier of a document finding: the catalog's base, with a robots.txt finding of base `some`
    /// promoted to `major` when a major crawler obeys the line's group, and to `site` when that
    /// line is also a whole-site rule (`/` or `*`).
    func consequence(of f: Finding) -> Consequence {
        guard let entry = FindingCatalog.entry(f.code) else { return f.severity == .info ? .cosmetic : .some }
        guard entry.consequence == .some, let robots, f.document == robotsLocation, let line = f.line,
            let g = group(ofLine: line, in: robots)
        else { return entry.consequence }
        guard !majorReaders(ofGroup: g).isEmpty else { return .some }
        let wholeSite = robots.groups[g].rules.contains { rule in
            rule.line == line && rule.pattern.priority == 1
        }
        return wholeSite ? .site : .major
    }

    /// The tier of a conflict seen for `agent`: `major` for a major crawler, or for `*` when a
    /// major crawler has no group of its own; `some` otherwise.
    func conflictConsequence(_ agent: ProductToken) -> Consequence {
        if agent.key == SiteLintContext.anyCrawler.key {
            let majorOnStar = agents.contains { $0.agent.major && $0.matcher?.selection == .star }
            return majorOnStar ? .major : .some
        }
        return registry.byKey[agent.key]?.major == true ? .major : .some
    }

    /// The tier of an invalid token whose Google reading reaches `hits`.
    func tokenConsequence(_ hits: [KnownAgent]) -> Consequence {
        if hits.contains(where: \.major) { return .major }
        return hits.isEmpty ? .latent : .some
    }

    /// The group a robots.txt line belongs to (a `User-agent`, rule or other record line).
    func group(ofLine line: Int, in robots: RobotsTxt) -> Int? {
        for (i, g) in robots.groups.enumerated()
        where g.agents.contains(where: { $0.line == line }) || g.rules.contains(where: { $0.line == line }) {
            return i
        }
        return robots.records.first { $0.line == line }?.group
    }

    /// The major registry agents whose group selection includes group `g`.
    func majorReaders(ofGroup g: Int) -> [KnownAgent] {
        agents.filter { $0.agent.major && ($0.matcher?.groups.contains(g) ?? false) }.map(\.agent)
    }

    /// True when a conflict pairs robots.txt's reading of a crawler's own group with an RSL
    /// licence: `rslContradictions` reports those once per licence term, naming every crawler.
    static func isRobotsAgainstRSL(_ a: Statement, _ b: Statement) -> Bool {
        let pair: Set<Mechanism> = [a.provenance.mechanism, b.provenance.mechanism]
        return pair.contains(.rsl) && (pair.contains(.robotsImplied) || pair.contains(.robotsControlToken))
    }

    // MARK: - Invalid tokens

    /// The `invalid-token` finding `f` with the registry crawlers Google's truncation reaches
    /// named, and those crawlers; `nil` when `f` is not about a truncated robots.txt token.
    func tokenTruncation(_ f: Finding) -> (Finding, [KnownAgent])? {
        guard let robots, f.document == robotsLocation, let line = f.line,
            let token = robots.groups.lazy.flatMap(\.agents).first(where: { $0.line == line })?.token,
            ProductToken.versionedName(token.raw) == nil,
            let google = token.googleReading, google != "*", !ProductToken.equalsLowercased(google, token.key)
        else { return nil }
        let hits = registry.googleTruncationHits(token)
        var f = f
        if hits.isEmpty {
            f.message += ". No crawler in Heed's registry is named '\(google)'"
        } else {
            let list = SiteLintContext.list(hits.map(\.name))
            let whose = hits.count == 1 ? "whose name Google also reads" : "whose names Google also reads"
            f.message += ". Of the known crawlers that is \(list), \(whose) as '\(google)'"
            f.fix =
                "give \(list) groups of their own if they should not follow these rules; "
                + "keep '\(token.raw)' as its operator spells it"
        }
        return (f, hits)
    }

    // MARK: - Names

    /// Registry names, major crawlers first, in registry order otherwise.
    static func names(_ agents: [KnownAgent]) -> [String] {
        agents.filter(\.major).map(\.name) + agents.filter { !$0.major }.map(\.name)
    }

    /// `a`, `a and b`, `a, b and c`; past `limit` names, `a, b, ... and N more`.
    static func list(_ names: [String], limit: Int = 8) -> String {
        let shown = Array(names.prefix(limit))
        let rest = names.count - shown.count
        if rest > 0 { return shown.joined(separator: ", ") + " and \(rest) more" }
        guard shown.count > 1 else { return shown.first ?? "" }
        return shown.dropLast().joined(separator: ", ") + " and " + shown[shown.count - 1]
    }

    /// How robots.txt spells the crawler's token in its own group, else the registry name.
    func spelling(_ view: AgentView) -> String {
        guard let robots, let matcher = view.matcher, matcher.selection == .specific,
            let line = matcher.agentLines.first,
            let agentLine = robots.groups.lazy.flatMap(\.agents).first(where: { $0.line == line })
        else { return view.agent.name }
        return agentLine.token.raw
    }
}

extension AgentRegistry {
    /// The registry agents, other than those `token` names itself, that Google's reference parser
    /// would also apply a `User-agent: token` group to: their robots token, read Google's way (cut
    /// at the first character outside `[A-Za-z_-]`), equals `token` read the same way,
    /// case-insensitively. `AI2Bot` reads as `AI`, and so do `AI2Bot-DeepResearchEval` and
    /// `Ai2Bot-Dolma`. One entry per robots token.
    public func googleTruncationHits(_ token: ProductToken) -> [KnownAgent] {
        guard let google = token.googleReading?.lowercased(), google != "*" else { return [] }
        var seen = Set<String>()
        return agents.filter { agent in
            let key = agent.token.key
            guard key != token.key, seen.insert(key).inserted else { return false }
            return agent.token.googleReading?.lowercased() == google
        }
    }
}
