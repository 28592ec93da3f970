// SPDX-License-Identifier: Apache-2.0
// Heed: every signal one site publishes, parsed once, and the explanation of one URL.
// Discovery per host (ARCHITECTURE.md): robots.txt (and the RSL `License:` documents it names),
// /.well-known/tdmrep.json, /ai.txt; per page: response headers and the HTML head.

/// A site's signals, parsed once from a document source (snapshot, store, fetcher), ready to
/// explain any URL of the site for any agent.
///
/// The core does no I/O: documents come from a `lookup` closure the caller provides.
public struct SiteSignals: Sendable {
    /// `scheme://host[:port]`.
    public let origin: String
    /// The robots.txt response, or `nil` when the host was never fetched.
    public let robotsDocument: Document?
    /// The parsed robots.txt, for a 2xx response.
    public let robots: RobotsTxt?
    /// What the robots.txt status means before any rule (RFC 9309 §2.3.1).
    public let robotsBaseline: RobotsBaseline?
    /// Findings about the site-wide documents (robots.txt, tdmrep.json, ai.txt, licences).
    public let findings: [Finding]
    let siteSources: [any SignalSource]
    let tdmrepDocument: Document?
    let robotsLicenses: [LicenseReference]
    let specs: SignalSpecs
    /// The site-level TDMRep and RSL sources, parsed once, for pages with no document of their
    /// own (most URLs of an audit): `/.well-known/tdmrep.json` alone, and the licences robots.txt
    /// names.
    let siteTDMRep: TDMRepSource
    let siteRSL: RSLSource?

    /// Reads the site's documents through `lookup` and parses them.
    ///
    /// - Parameters:
    ///   - origin: `https://example.org` (no path).
    ///   - specs: the SignalSpecs data (vocabularies, registry).
    ///   - lookup: answers a URL with a document, a 404, or "never fetched".
    ///   - lint: whether `findings` include the robots.txt linter's (unknown fields, empty
    ///     groups, duplicate and unreachable rules). An audit never reports them, and over
    ///     10⁵ hosts they were a tenth of the time spent reading each host's signals; the
    ///     parsers' own findings are kept either way.
    public init(origin: String, specs: SignalSpecs, lookup: (String) -> DocumentLookup, lint: Bool = true) {
        self.origin = origin
        self.specs = specs
        var findings: [Finding] = []
        var sources: [any SignalSource] = []

        if case .found(let doc) = lookup(origin + "/robots.txt") {
            robotsDocument = doc
            let baseline = RobotsFetchPolicy.baseline(for: .status(doc.status))
            robotsBaseline = baseline
            if case .parse = baseline {
                let parsed = RobotsTxt(doc.body)
                robots = parsed
                findings += (lint ? RobotsLinter.lint(parsed) : parsed.findings).map {
                    SiteSignals.stamp($0, doc.location)
                }
                let robotsSignals = RobotsSignals(
                    robots: parsed,
                    document: doc.location,
                    aipref: specs.aipref,
                    ccSignals: specs.ccSignals,
                    contentSignal: specs.contentSignal,
                    registry: specs.registry,
                    controlTokens: specs.controlTokens,
                    impliedPurposes: specs.impliedPurposes
                )
                findings += robotsSignals.findings.map { SiteSignals.stamp($0, doc.location) }
                sources.append(robotsSignals)
                robotsLicenses = LicenseReference.fromRobots(parsed, document: doc.location, findings: &findings)
            } else {
                robots = nil
                robotsLicenses = []
            }
        } else {
            robotsDocument = nil
            robots = nil
            robotsBaseline = nil
            robotsLicenses = []
        }

        if case .found(let doc) = lookup(origin + "/.well-known/tdmrep.json"), (200..<300).contains(doc.status) {
            tdmrepDocument = doc
        } else {
            tdmrepDocument = nil
        }
        if case .found(let doc) = lookup(origin + "/ai.txt"), (200..<300).contains(doc.status) {
            let aiTxt = AITxtSource(document: doc, vocabulary: specs.aiTxt)
            findings += aiTxt.findings.map { SiteSignals.stamp($0, doc.location) }
            sources.append(aiTxt)
        }
        self.siteSources = sources
        self.findings = findings
        siteTDMRep = TDMRepSource(
            wellKnown: tdmrepDocument,
            page: nil,
            head: nil,
            lookup: lookup,
            vocabulary: specs.tdmrep
        )
        if robotsLicenses.isEmpty {
            siteRSL = nil
        } else {
            siteRSL = RSLSource(
                references: robotsLicenses,
                documents: SiteSignals.fetchLicenses(robotsLicenses, lookup: lookup),
                vocabulary: specs.rsl
            )
        }
    }

    /// The licence documents `references` name, looked up once each.
    static func fetchLicenses(
        _ references: [LicenseReference],
        lookup: (String) -> DocumentLookup
    ) -> [String: Document] {
        var documents: [String: Document] = [:]
        for ref in references where documents[ref.url] == nil && ref.inline == nil {
            if case .found(let doc) = lookup(ref.url) { documents[ref.url] = doc }
        }
        return documents
    }

    /// Marks a finding with the document it is about, unless it names one already.
    static func stamp(_ f: Finding, _ document: String) -> Finding {
        var f = f
        if f.document == nil { f.document = document }
        return f
    }

    /// Access and every use category for `url` and `agent`, with the statements behind them.
    ///
    /// The page itself is looked up for its headers and head (`Content-Usage`, `X-Robots-Tag`,
    /// `tdm-reservation`, meta tags, `Link`/`<link rel=license>`); licence documents are looked
    /// up as they are discovered.
    ///
    /// With `withFindings: false` (the auditor's hot path) only the conflicts are returned, not
    /// the documents' findings.
    public func explain(
        url: String,
        agent: ProductToken,
        lookup: (String) -> DocumentLookup,
        withFindings: Bool = true
    ) -> Explanation {
        let access = accessResult(url: url, agent: agent)
        let matcher = robots.map { RobotsMatcher($0, agent: agent) }
        let query = SignalQuery(url: url, agent: agent, matcher: matcher, crawlable: access.value != .disallow)

        var page: Document?
        if case .found(let doc) = lookup(url), (200..<300).contains(doc.status) { page = doc }
        let head = page.flatMap(SiteSignals.head(of:))

        var sources: [any SignalSource] = siteSources
        var pageFindings: [Finding] = []
        // What reading the head itself met (a head cut at the size limit, an unknown charset):
        // without it a signal past the limit would read as unknown with nothing said.
        if withFindings, let page, let head {
            pageFindings += head.findings.map { SiteSignals.stamp($0, page.location) }
        }
        func add(_ source: any SignalSource, _ document: String) {
            sources.append(source)
            if withFindings { pageFindings += source.findings.map { SiteSignals.stamp($0, document) } }
        }
        guard let page else {
            // No document for the page itself: only the site-level sources, parsed once.
            add(siteTDMRep, tdmrepDocument?.location ?? url)
            if let siteRSL { add(siteRSL, url) }
            return finish(
                url: url,
                agent: agent,
                access: access,
                sources: sources,
                query: query,
                pageFindings,
                withFindings
            )
        }
        add(
            TDMRepSource(
                wellKnown: tdmrepDocument,
                page: page,
                head: head,
                known: siteTDMRep.policies,
                lookup: lookup,
                vocabulary: specs.tdmrep
            ),
            tdmrepDocument?.location ?? url
        )
        add(ContentUsageHeader(document: page, vocabulary: specs.aipref, ccSignals: specs.ccSignals), page.location)
        add(RobotsMetaSource(page: page, head: head, vocabulary: specs.robotsMeta), page.location)
        add(AILicenseSource(head: head, document: page.location, vocabulary: specs.aiLicense), page.location)
        var linkFindings: [Finding] = []
        let pageReferences = LicenseReference.fromPage(
            headers: page.headers,
            head: head,
            base: url,
            document: page.location,
            findings: &linkFindings
        )
        if withFindings { pageFindings += linkFindings }
        if pageReferences.isEmpty {
            if let siteRSL { add(siteRSL, url) }
        } else {
            let references = robotsLicenses + pageReferences
            add(
                RSLSource(
                    references: references,
                    documents: SiteSignals.fetchLicenses(references, lookup: lookup),
                    vocabulary: specs.rsl
                ),
                url
            )
        }
        return finish(
            url: url,
            agent: agent,
            access: access,
            sources: sources,
            query: query,
            pageFindings,
            withFindings
        )
    }

    private func finish(
        url: String,
        agent: ProductToken,
        access: AccessResult,
        sources: [any SignalSource],
        query: SignalQuery,
        _ pageFindings: [Finding],
        _ withFindings: Bool
    ) -> Explanation {
        let statements = sources.flatMap { $0.statements(for: query) }
        let (categories, conflicts) = SignalFolder.fold(statements)
        if !withFindings {
            return Explanation(url: url, agent: agent, access: access, categories: categories, findings: conflicts)
        }
        let siteWarnings = findings.filter { $0.severity <= .warning }
        return Explanation(
            url: url,
            agent: agent,
            access: access,
            categories: categories,
            findings: SiteSignals.dedupe(conflicts + pageFindings + siteWarnings).map(FindingCatalog.completed)
        )
    }

    /// The HTML head of a page, when the response is HTML.
    package static func head(of page: Document) -> HTMLHead? {
        let type = page.headers.combined("content-type")?.lowercased() ?? ""
        let looksHTML = page.body.prefix(512).contains(UInt8(ascii: "<"))
        guard type.contains("html") || (type.isEmpty && looksHTML) else { return nil }
        var charset: String?
        if let range = type.range(of: "charset=") {
            charset = String(type[range.upperBound...].prefix { $0 != ";" && $0 != " " })
        }
        return HTMLHead.parse(page.body, charset: charset)
    }

    /// The robots.txt access decision for `url`.
    public func accessResult(url: String, agent: ProductToken) -> AccessResult {
        guard let doc = robotsDocument, let baseline = robotsBaseline else {
            return AccessResult(
                value: .unknown,
                reason: "robots.txt was never fetched for this host",
                document: nil,
                line: nil,
                text: nil,
                selection: nil,
                groupLines: []
            )
        }
        switch baseline {
        case .allowAll(let reason):
            return AccessResult(
                value: .allow,
                reason: reason,
                document: doc.location,
                line: nil,
                text: nil,
                selection: nil,
                groupLines: []
            )
        case .disallowAll(let reason):
            return AccessResult(
                value: .disallow,
                reason: reason,
                document: doc.location,
                line: nil,
                text: nil,
                selection: nil,
                groupLines: []
            )
        case .parse:
            break
        }
        let robots = self.robots ?? RobotsTxt([UInt8]())
        let matcher = RobotsMatcher(robots, agent: agent)
        let d = matcher.decide(url)
        let reason: String
        switch d.reason {
        case .matchedRule: reason = "the longest matching rule decides (RFC 9309 §2.2.2)"
        case .noMatchingRule: reason = "no rule of the agent's groups matches the path: allowed (RFC 9309 §2.2.2)"
        case .noGroup: reason = "no group names the agent and there is no '*' group: allowed (RFC 9309 §2.2.1)"
        case .robotsTxtAlwaysAllowed: reason = "/robots.txt is always allowed (RFC 9309 §2.2.2)"
        }
        return AccessResult(
            value: d.allowed ? .allow : .disallow,
            reason: reason,
            document: doc.location,
            line: d.rule?.line,
            text: d.rule.flatMap { robots.text(ofLine: $0.line) },
            selection: matcher.selection,
            groupLines: matcher.agentLines
        )
    }

    static func dedupe(_ findings: [Finding]) -> [Finding] {
        var seen = Set<Finding>()
        return findings.filter { seen.insert($0).inserted }
    }
}
