// SPDX-License-Identifier: Apache-2.0
// Heed: the site lint's cross-mechanism kinds: signals in a group major crawlers never read, RSL
// terms robots.txt contradicts, and use signals robots.txt does not back (or the reverse).
// Specs: RFC 9309 §2.2.1 (a crawler obeys only its own group, else `*`); Content Signals Policy and
// draft-ietf-aipref-attach §3 (group-scoped lines); RSL 1.0 §4.9; AIPREF vocab §5.

import Foundation

extension SiteLintContext {
    /// The mechanisms that state a use preference (not access, not a licence): what "the steward
    /// said no to training" is read from.
    static let useMechanisms: Set<Mechanism> = [
        .robotsContentSignal, .robotsContentUsage, .httpContentUsage, .tdmrepJSON, .tdmrepHeader, .tdmrepMeta,
        .xRobotsTag, .metaRobots, .aiLicense, .aiTxt,
    ]

    /// `signal-group-unread`: a `Content-Signal` or `Content-Usage` line in a `*` group that major
    /// crawlers never read, because each has a group of its own that carries no such line
    /// (RFC 9309 §2.2.1: a crawler obeys its own groups only). `site` when one of them may fetch the
    /// home page; `latent` when all are disallowed `/` (nothing changes until one is let in).
    func unreadSignalGroups() -> [SiteLintItem] {
        guard let robots, let document = robotsLocation else { return [] }
        var out: [SiteLintItem] = []
        let fields = [("content-signal", "Content-Signal"), ("content-usage", "Content-Usage")]
        for (g, group) in robots.groups.enumerated() where group.agents.contains(where: \.token.isStar) {
            for (field, label) in fields {
                guard let first = robots.records.first(where: { $0.group == g && $0.field == field }) else { continue }
                let unread = agents.filter { view in
                    guard !view.agent.control, let m = view.matcher, m.selection == .specific, !m.groups.contains(g)
                    else { return false }
                    return !robots.records.contains { $0.field == field && $0.group.map(m.groups.contains) == true }
                }
                let majors = unread.filter(\.agent.major)
                let ordered = majors + unread.filter { !$0.agent.major }
                guard !majors.isEmpty else { continue }
                let others = unread.count - majors.count
                let fetching = majors.filter { $0.matcher?.reach != .blocked }
                let one = majors.count == 1
                var message =
                    "\(label) in the '*' group is never read by \(Self.list(majors.map(spelling))): "
                    + (one ? "it has" : "each has") + " a group of its own, and a crawler obeys only its own group, "
                    + (one ? "so it never sees it" : "so none of them sees it")
                if others > 0 { message += " (nor do \(others) other known crawlers with groups of their own)" }
                if fetching.isEmpty {
                    message +=
                        one
                        ? "; it is disallowed '/' today, so this matters once it is let in"
                        : "; all of them are disallowed '/' today, so this matters once one of them is let in"
                } else {
                    message += "; \(Self.list(fetching.map(spelling))) may fetch the site without it"
                }
                let text = robots.text(ofLine: first.line) ?? ""
                let places = majors.map { view in
                    "\(spelling(view)) (line \(view.matcher?.agentLines.first.map(String.init) ?? "?"))"
                }
                out.append(
                    SiteLintItem(
                        finding: Finding(
                            code: "signal-group-unread",
                            severity: fetching.isEmpty ? .info : .warning,
                            line: first.line,
                            message: message,
                            text: text,
                            clause: "RFC 9309 §2.2.1; "
                                + (field == "content-usage" ? "draft-ietf-aipref-attach §3" : "Content Signals Policy"),
                            document: document,
                            fix: "repeat '\(text.trimmedWhitespace())' in the groups of "
                                + Self.list(places, limit: 6)
                        ),
                        consequence: fetching.isEmpty ? .latent : .site,
                        crawlers: ordered.map(\.agent)
                    )
                )
            }
        }
        return out
    }

    /// `rsl-robots-contradiction`: for each RSL term (statement) of the home page, the crawlers
    /// whose own robots.txt group says the opposite for the use their registry purpose serves: the
    /// licence permits it (free or under conditions) while robots.txt keeps them out of the whole
    /// site, or the licence prohibits it while their own group lets them in. Control tokens
    /// (`Google-Extended`) count with the categories they state.
    func rslContradictions() -> [SiteLintItem] {
        guard robots != nil else { return [] }
        struct Key: Hashable {
            var category: UseCategory
            var permits: Bool
            var location: String
        }
        var order: [Key] = []
        var terms: [Key: (rsl: Statement, hits: [(view: AgentView, line: Int?)])] = [:]
        for view in agents {
            guard let matcher = view.matcher else { continue }
            for category in categories(of: view.agent) {
                let statements = view.explanation[category].statements
                // An unavailable licence states `unknown`: that is `license-unavailable`'s to report.
                guard let rsl = statements.first(where: { $0.provenance.mechanism == .rsl }), rsl.value != .unknown
                else { continue }
                let permits = rsl.value == .allow || rsl.value == .conditional
                let robotsAllows: Bool
                let line: Int?
                if view.agent.control {
                    guard let c = statements.first(where: { $0.provenance.mechanism == .robotsControlToken }) else {
                        continue
                    }
                    robotsAllows = c.value == .allow
                    line = c.provenance.line
                    guard permits ? !robotsAllows && matcher.reach == .blocked : robotsAllows else { continue }
                } else {
                    line = view.explanation.access.line ?? matcher.agentLines.first
                    if permits {
                        guard matcher.reach == .blocked else { continue }
                    } else {
                        guard matcher.selection == .specific, matcher.reach != .blocked else { continue }
                    }
                }
                let key = Key(category: category, permits: permits, location: rsl.provenance.location)
                if terms[key] == nil {
                    order.append(key)
                    terms[key] = (rsl, [])
                }
                terms[key]?.hits.append((view, line))
            }
        }
        return order.compactMap { key in
            guard let (rsl, hits) = terms[key] else { return nil }
            let ordered = hits.filter(\.view.agent.major) + hits.filter { !$0.view.agent.major }
            let named = Self.list(ordered.map { "\(spelling($0.view)) (line \($0.line.map(String.init) ?? "?"))" })
            let use = key.category.rawValue
            let message: String
            let fix: String
            if key.permits {
                let how =
                    rsl.value == .conditional
                    ? "permits \(use) under conditions (\(rsl.obligations.map(\.kind.rawValue).joined(separator: ", ")))"
                    : "permits \(use)"
                message =
                    "the licence \(how), but robots.txt keeps \(named) out of the whole "
                    + "site: no crawler that obeys robots.txt can take the licence up"
                fix =
                    "allow these crawlers the licensed paths in robots.txt so they can take the licence up, "
                    + "or prohibit \(use) in the licence if no one may"
            } else {
                message =
                    "the licence prohibits \(use), but robots.txt gives \(named) "
                    + "groups of their own that let them fetch the site: crawlers that read only robots.txt "
                    + "take that as an invitation"
                fix =
                    "disallow these crawlers in robots.txt ('Disallow: /' in their groups) if the licence is what "
                    + "you mean, or permit \(use) in the licence if you meant to invite them"
            }
            let crawlers = ordered.map(\.view.agent)
            let wholeSite = hits.allSatisfy { $0.view.matcher?.reach != .partial }
            let consequence: Consequence =
                crawlers.contains(where: \.major) ? (wholeSite ? .site : .major) : .some
            return SiteLintItem(
                finding: Finding(
                    code: "rsl-robots-contradiction",
                    severity: .warning,
                    line: rsl.provenance.line,
                    message: message,
                    text: rsl.provenance.raw,
                    clause: "RSL 1.0 §4.9; RFC 9309 §2.2.1",
                    document: rsl.provenance.document,
                    fix: fix
                ),
                consequence: consequence,
                crawlers: crawlers
            )
        }
    }

    /// The use categories an agent's crawling serves: its purposes' categories, or a control
    /// token's stated categories.
    func categories(of agent: KnownAgent) -> [UseCategory] {
        if agent.control { return [.aiTrain] }
        var out: [UseCategory] = []
        if agent.serves(.training) { out.append(.aiTrain) }
        if agent.serves(.search) { out.append(.search) }
        if agent.serves(.userFetch) { out.append(.aiInput) }
        return out
    }

    /// `signal-gap`, both ways:
    /// 1. a use signal denies `ai_train` for any crawler (read from the `*` view of the home page),
    ///    but training crawlers of the registry may still fetch the home page: the steward
    ///    probably also meant to keep them out (`major` when a major crawler is among them);
    /// 2. robots.txt keeps major training crawlers out of the whole site through their own groups,
    ///    but no use signal (nor an RSL licence) reserves training or TDM: crawlers it does not name,
    ///    and datasets built from earlier crawls, read no reservation (`some`, info).
    func signalGaps() -> [SiteLintItem] {
        var out: [SiteLintItem] = []
        let training = agents.filter { !$0.agent.control && $0.agent.serves(.training) }
        if let deny = star[.aiTrain].statements.first(where: {
            $0.value == .deny && Self.useMechanisms.contains($0.provenance.mechanism)
        }) {
            let fetching = training.filter { $0.explanation.access.value == .allow }
            let ordered = fetching.filter(\.agent.major) + fetching.filter { !$0.agent.major }
            if !ordered.isEmpty {
                let raw = deny.provenance.raw.trimmedWhitespace()
                out.append(
                    SiteLintItem(
                        finding: Finding(
                            code: "signal-gap",
                            severity: .warning,
                            line: deny.provenance.line,
                            message:
                                "\(deny.provenance.mechanism.rawValue) says no to ai_train ('\(raw)'), but robots.txt "
                                + "still lets \(ordered.count) training crawler\(ordered.count == 1 ? "" : "s") fetch "
                                + "the site: \(Self.list(ordered.map(spelling))). The signal asks them not to train; "
                                + "nothing keeps them from collecting",
                            text: deny.provenance.raw,
                            clause: "RFC 9309 §2.2.1; \(deny.provenance.spec)",
                            document: deny.provenance.document,
                            fix:
                                "if no training crawler should collect the site, give each a group with "
                                + "'Disallow: /' in robots.txt (first \(Self.list(ordered.prefix(3).map(spelling)))); "
                                + "keep the signal for the crawlers you do not name"
                        ),
                        consequence: ordered.contains(where: \.agent.major) ? .major : .some,
                        crawlers: ordered.map(\.agent)
                    )
                )
            }
        }
        let blocked = training.filter {
            $0.agent.major && $0.matcher?.selection == .specific && $0.matcher?.reach == .blocked
        }
        let reserving = Self.useMechanisms.union([.rsl])
        // A TDMRep reservation made conditional by its policy is still a reservation.
        let reserved = [UseCategory.aiTrain, .tdm].contains { category in
            star[category].statements.contains {
                ($0.value == .deny && reserving.contains($0.provenance.mechanism))
                    || VerdictEngine.isTDMRepReservation($0)
            }
        }
        if let first = blocked.first, !reserved, let document = robotsLocation {
            let line = first.explanation.access.line
            out.append(
                SiteLintItem(
                    finding: Finding(
                        code: "signal-gap",
                        severity: .info,
                        line: line,
                        message:
                            "robots.txt keeps \(Self.list(blocked.map(spelling))) out of the whole site, but no use "
                            + "signal reserves ai_train or tdm: crawlers it does not name, and datasets built from "
                            + "earlier crawls, read no reservation",
                        text: line.flatMap { robots?.text(ofLine: $0) },
                        clause: "draft-ietf-aipref-vocab §5; Directive (EU) 2019/790 Art. 4(3)",
                        document: document,
                        fix:
                            "add 'Content-Signal: ai-train=no' or 'Content-Usage: train-ai=n' to the '*' group, "
                            + "and a TDMRep reservation (/.well-known/tdmrep.json) for text and data mining"
                    ),
                    consequence: .some,
                    crawlers: blocked.map(\.agent)
                )
            )
        }
        return out
    }
}
