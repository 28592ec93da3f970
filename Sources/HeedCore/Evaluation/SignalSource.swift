// SPDX-License-Identifier: Apache-2.0
// Heed: the interface between a mechanism's parsed documents and the folding of its statements.

/// One question asked of a site's signals: this URL, this crawler.
public struct SignalQuery: Sendable {
    /// The URL as given.
    public var url: String
    /// Its path and query, normalized as RFC 9309 §2.2.2 compares them (`RobotsPath`).
    public var path: [UInt8]
    /// The crawler's product token.
    public var agent: ProductToken
    /// The crawler's robots.txt rules, when the site has a robots.txt (group selection for
    /// group-scoped extensions such as `Content-Usage` and `Content-Signal`).
    public var matcher: RobotsMatcher?
    /// Whether the crawler may fetch the URL. AIPREF attach §3: robots.txt preferences apply only
    /// to crawlable paths.
    public var crawlable: Bool

    /// Creates a query.
    public init(url: String, agent: ProductToken, matcher: RobotsMatcher?, crawlable: Bool) {
        self.url = url
        self.path = RobotsPath.normalizedURLPath(url)
        self.agent = agent
        self.matcher = matcher
        self.crawlable = crawlable
    }
}

/// A mechanism's parsed documents for one site (or one page), ready to answer queries.
///
/// Each mechanism applies its own spec's precedence inside `statements(for:)` (longest match,
/// first matching entry, narrower scope, supersession) and returns only the statements that
/// apply to the query, already resolved. Folding across mechanisms is `SignalFolder`'s job.
public protocol SignalSource: Sendable {
    /// The statements that apply to `query`, in the order the mechanism ranks them.
    func statements(for query: SignalQuery) -> [Statement]
    /// What a steward should fix in the documents behind this source.
    var findings: [Finding] { get }
}
