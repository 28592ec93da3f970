// SPDX-License-Identifier: Apache-2.0
// HeedFetch: discovery per host: every document a site publishes signals in.
// Sources: RFC 9309 §2.3 (robots.txt), RSL 1.0 §4 (License: lines, Link headers, <link rel=license>),
// W3C TDMRep (/.well-known/tdmrep.json, tdm-policy URLs: #sec-policy), Spawning ai.txt, and the home page's
// headers and head.

public import HeedCore

/// What crawling one site produced: every response (as `Document`s, failures included as
/// status-0 documents so the robots.txt rule "unreachable means disallow all" applies) and the
/// failures with their errors.
public struct CrawledSite: Sendable {
    /// `scheme://host[:port]`.
    public var origin: String
    /// Every document fetched, in discovery order.
    public var documents: [Document]
    /// The fetches that failed, with why.
    public var failures: [(url: String, error: HeedFetchError)]
    /// The `Crawl-delay` robots.txt asks of Heed's group or `*`, in seconds.
    public var crawlDelay: Double?
}

/// Discovers and fetches a site's signal documents: `/robots.txt`, the RSL licences it names,
/// `/.well-known/tdmrep.json`, `/ai.txt`, the home page (its headers and head, and the licences
/// it links), a sample of pages, and the TDM policies that tdmrep.json (rules with a reservation
/// of 1), the pages' `tdm-policy` headers and meta elements reference (see `policyURLs`).
///
/// A network failure is recorded as a `Document` with status 0, which `RobotsFetchPolicy`
/// reads as unreachable (disallow all) for robots.txt and every other reader as "no document".
public struct SiteCrawler: Sendable {
    /// The fetcher (politeness and safety live there).
    public let fetcher: Fetcher
    /// The product token Heed's own crawler obeys (for `Crawl-delay`).
    public let agent: ProductToken
    /// The size cap of documents other than robots.txt.
    public let maxBytes: Int
    /// Host → address (or `address:port`) overrides for every request (`FetchRequest.resolve`).
    public let resolve: [String: String]

    /// Creates a crawler.
    public init(
        fetcher: Fetcher,
        resolve: [String: String] = [:],
        agent: ProductToken = ProductToken("Heed"),
        maxBytes: Int = 4 << 20
    ) {
        self.fetcher = fetcher
        self.resolve = resolve
        self.agent = agent
        self.maxBytes = maxBytes
    }

    /// Crawls `origin` and, if given, `samples` (absolute URLs on the same origin).
    public func crawl(origin: String, samples: [String] = []) async -> CrawledSite {
        var site = CrawledSite(origin: origin, documents: [], failures: [], crawlDelay: nil)
        let robotsURL = origin + "/robots.txt"
        let robotsDoc = await get(robotsURL, maxBytes: max(maxBytes, RobotsTxt.minimumParseLimit), into: &site)
        var licenses: [String] = []
        if let robotsDoc, (200..<300).contains(robotsDoc.status) {
            let robots = RobotsTxt(robotsDoc.body)
            // The same cap `heed explain` reads with (`LicenseReference.limit` distinct documents per
            // place): the crawler fetches exactly the licences explain will read, no more.
            for ref in LicenseReference.fromRobots(robots, document: robotsDoc.location) { licenses.append(ref.url) }
            site.crawlDelay = SiteCrawler.crawlDelay(robots, agent: agent)
            if let delay = site.crawlDelay, let host = SiteCrawler.host(of: origin) {
                await fetcher.setCrawlDelay(.milliseconds(Int(delay * 1000)), host: host)
            }
        }
        var policies: [String] = []
        let tdmrepURL = origin + "/.well-known/tdmrep.json"
        for url in [tdmrepURL, origin + "/ai.txt", origin + "/"] + samples {
            guard let doc = await get(url, maxBytes: maxBytes, into: &site), (200..<300).contains(doc.status) else {
                continue
            }
            let head = SiteCrawler.head(doc)
            // The origin file's rules, or a page's tdm-policy headers and meta elements.
            let tdm =
                url == tdmrepURL
                ? TDMRepSource(wellKnown: doc, page: nil, head: nil)
                : TDMRepSource(wellKnown: nil, page: doc, head: head)
            policies += tdm.referencedPolicies
            var ignored: [Finding] = []
            let refs = LicenseReference.fromPage(
                headers: doc.headers,
                head: head,
                base: url,
                document: doc.location,
                findings: &ignored
            )
            licenses += refs.filter { $0.inline == nil }.map(\.url)
        }
        var seen = Set<String>()
        for url in licenses where seen.insert(url).inserted {
            _ = await get(url, maxBytes: maxBytes, into: &site)
        }
        for url in SiteCrawler.policyURLs(policies) where seen.insert(url).inserted {
            _ = await get(url, maxBytes: maxBytes, into: &site)
        }
        return site
    }

    /// The TDM policies to fetch: absolute http(s) URLs (fragment dropped), on any host (the spec's
    /// examples keep policies on the rights holder's own domain), the first
    /// `TDMRepSource.policyLimit` distinct ones (the reader reads no more). The fetcher's address
    /// guard and size cap apply as to every fetch.
    static func policyURLs(_ referenced: [String]) -> [String] {
        var out: [String] = []
        for raw in referenced {
            let lower = raw.lowercased()
            guard lower.hasPrefix("https://") || lower.hasPrefix("http://") else { continue }
            let url = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
            if !out.contains(String(url)) { out.append(String(url)) }
            if out.count == TDMRepSource.policyLimit { break }
        }
        return out
    }

    private func get(_ url: String, maxBytes: Int, into site: inout CrawledSite) async -> Document? {
        do {
            let response = try await fetcher.fetch(FetchRequest(url: url, maxBytes: maxBytes, resolve: resolve))
            let doc = document(response)
            site.documents.append(doc)
            return doc
        } catch {
            site.failures.append((url, error))
            let doc = Document(url: url, status: 0, body: [])
            site.documents.append(doc)
            return doc
        }
    }

    /// The host of an origin (`https://example.org:8443` → `example.org`).
    static func host(of origin: String) -> String? {
        guard let start = origin.range(of: "://")?.upperBound else { return nil }
        let authority = origin[start...].prefix { $0 != "/" }
        return String(authority.prefix { $0 != ":" }).lowercased()
    }

    /// The HTML head of a page response, read as `heed explain` reads it.
    static func head(_ doc: Document) -> HTMLHead? { SiteSignals.head(of: doc) }

    /// `Crawl-delay` (seconds) from Heed's own group, else the `*` group; values above 60 s are
    /// capped at 60 (a steward's typo must not stall a crawl for hours).
    static func crawlDelay(_ robots: RobotsTxt, agent: ProductToken) -> Double? {
        let matcher = RobotsMatcher(robots, agent: agent)
        let groups = Set(matcher.groups)
        for record in robots.records where record.field == "crawl-delay" {
            guard let g = record.group, groups.contains(g), let value = Double(record.value), value >= 0 else {
                continue
            }
            return min(value, 60)
        }
        return nil
    }
}
