// SPDX-License-Identifier: Apache-2.0
// Heed: a steward's lint of one host: every finding of its documents, the cross-mechanism kinds,
// a suggested fix and a clause on each, ranked by consequence.
// Specs: RFC 9309 §2.2.1 (a crawler obeys only its own group), RSL 1.0 §4.9, AIPREF vocab §5.

/// One finding of a site lint, with its rank.
public struct LintFinding: Sendable, Hashable {
    /// The finding, with `fix` and `clause` filled in.
    public var finding: Finding
    /// The consequence tier (the first sort key).
    public var consequence: Consequence
    /// The known crawlers the finding is about (registry names, major ones first), when it names any.
    public var crawlers: [String]
    /// How many of `crawlers` are major (registry `major: true`): a sort key within a tier.
    public var majorCount: Int

    /// Creates a ranked finding.
    public init(finding: Finding, consequence: Consequence, crawlers: [String] = [], majorCount: Int = 0) {
        self.finding = finding
        self.consequence = consequence
        self.crawlers = crawlers
        self.majorCount = majorCount
    }

    /// The ranking order: consequence, severity, more major crawlers first, document, line, code.
    public static func ranked(_ a: LintFinding, _ b: LintFinding) -> Bool {
        if a.consequence != b.consequence { return a.consequence < b.consequence }
        if a.finding.severity != b.finding.severity { return a.finding.severity < b.finding.severity }
        if a.majorCount != b.majorCount { return a.majorCount > b.majorCount }
        let (da, db) = (a.finding.document ?? "", b.finding.document ?? "")
        if da != db { return da < db }
        if (a.finding.line ?? 0) != (b.finding.line ?? 0) { return (a.finding.line ?? 0) < (b.finding.line ?? 0) }
        if a.finding.code != b.finding.code { return a.finding.code < b.finding.code }
        return a.finding.message < b.finding.message
    }
}

/// Everything a steward should fix on one host, ranked by consequence (`Consequence`).
///
/// The findings are: every document's own findings (robots.txt lint, Content-Usage and
/// Content-Signal lines, ai.txt, tdmrep.json, RSL licences, the home page's head and headers);
/// the conflicts between mechanisms seen from the home page for `*` and for every crawler the
/// robots.txt names; and four site-level kinds that need the agent registry:
/// - `invalid-token` names the registry crawlers Google's truncation reaches;
/// - `signal-group-unread`: a `Content-Signal` or `Content-Usage` line only in the `*` group,
///   which major crawlers with a group of their own never read (RFC 9309 §2.2.1);
/// - `rsl-robots-contradiction`: RSL terms that robots.txt contradicts for named crawlers
///   (a licence permits a use to crawlers robots.txt keeps out, or prohibits it to crawlers
///   robots.txt invites). These replace the per-crawler `conflict` findings between
///   `robots.implied`/`robots.control-token` and `rsl`, which say the same once per crawler;
/// - `signal-gap`: a use signal denies `ai_train` while training crawlers may still fetch the
///   site, or robots.txt keeps major training crawlers out while no use signal reserves training.
/// Every finding gets the catalog's fix and clause where it has none (`FindingCatalog`).
public enum SiteLint {
    /// The ranked findings of `site`.
    ///
    /// - Parameters:
    ///   - site: the parsed site.
    ///   - lookup: the same document source `site` was read from (pages and licences).
    public static func run(_ site: SiteSignals, lookup: (String) -> DocumentLookup) -> [LintFinding] {
        let context = SiteLintContext(site: site, lookup: lookup)
        var all: [LintFinding] = []
        var seen = Set<Finding>()
        func add(_ f: Finding, _ consequence: Consequence? = nil, crawlers: [KnownAgent] = []) {
            let f = FindingCatalog.completed(f)
            guard seen.insert(f).inserted else { return }
            let majors = crawlers.filter(\.major)
            all.append(
                LintFinding(
                    finding: f,
                    consequence: consequence ?? context.consequence(of: f),
                    crawlers: SiteLintContext.names(crawlers),
                    majorCount: majors.count
                )
            )
        }
        if case .disallowAll(let reason) = site.robotsBaseline, let doc = site.robotsDocument {
            // Where the RFC reads the status otherwise (429), both readings are stated.
            let message =
                RobotsFetchPolicy.rfcReading(for: .status(doc.status)).map {
                    "robots.txt answered HTTP \(doc.status): Google and Heed read it as a server error, so the "
                        + "whole site is disallowed; \($0), so a crawler that follows only the RFC may fetch everything"
                } ?? "robots.txt could not be read (\(reason)): crawlers treat the whole site as disallowed"
            add(
                Finding(
                    code: "robots-unreachable",
                    severity: .error,
                    line: nil,
                    message: message,
                    clause: "RFC 9309 §2.3.1.3, §2.3.1.4",
                    document: doc.location
                ),
                .site
            )
        }
        for f in site.findings {
            if f.code == "invalid-token", let (enriched, hits) = context.tokenTruncation(f) {
                add(enriched, context.tokenConsequence(hits), crawlers: hits)
            } else {
                add(f)
            }
        }
        // The explanations repeat the site's own warnings; those were added (enriched) above.
        let siteOwn = Set(site.findings.map(FindingCatalog.completed))
        for (_, explanation) in context.explained {
            for f in explanation.findings where f.code != "conflict" && !siteOwn.contains(f) { add(f) }
        }
        for item in context.conflicts() { add(item.finding, item.consequence, crawlers: item.crawlers) }
        for item in context.unreadSignalGroups() { add(item.finding, item.consequence, crawlers: item.crawlers) }
        for item in context.rslContradictions() { add(item.finding, item.consequence, crawlers: item.crawlers) }
        for item in context.signalGaps() { add(item.finding, item.consequence, crawlers: item.crawlers) }
        return all.sorted(by: LintFinding.ranked)
    }

    /// The plain findings of `run`, in rank order (for callers that need no tier).
    public static func findings(_ site: SiteSignals, lookup: (String) -> DocumentLookup) -> [Finding] {
        run(site, lookup: lookup).map(\.finding)
    }
}
