// SPDX-License-Identifier: Apache-2.0
// HeedHistory: folding a site's documents into a `SiteState` (every agent, every page, every aspect).

public import HeedCore
import HeedStore

/// Builds `SiteState`s: documents from the caller, signals folded by `SiteSignals` from a lookup.
public enum SiteStateBuilder {
    /// At most this many pages besides the home page are evaluated per host (the home page plus
    /// 49 others), sorted by URL: each page costs one explanation per agent (167 today) per
    /// state, and `heed crawl --sample N` stores a few pages per host, not thousands.
    public static let maxPages = 50

    /// Header fields that count when telling two versions apart: the ones the store keeps
    /// minus those that change on every fetch (`ETag`, `Expires`, ...), plus the fetch error
    /// field a snapshot export writes (`X-Heed-Error`).
    public static let signalHeaderNames: Set<String> = SignalStore.storedHeaderNames
        .subtracting(SignalStore.volatileHeaderNames).union(["x-heed-error"])

    /// The state of `host` from its documents and a lookup that answers as the source did then.
    ///
    /// - Parameters:
    ///   - host: the host folder name.
    ///   - origin: `https://host`.
    ///   - known: whether the host had been fetched then; if not, every cell is unknown.
    ///   - documents: the documents in force, by URL.
    ///   - pages: the page URLs to evaluate (`pages(in:origin:)` of every state compared, so both
    ///     sides evaluate the same pages).
    ///   - agents: `HistoryAgent.all(registry)`.
    ///   - specs: the SignalSpecs data.
    ///   - lookup: the source's answer for a URL at that moment; its errors are rethrown.
    /// - Throws: the first error `lookup` threw (after which the state would be incomplete).
    public static func state(
        host: String,
        origin: String,
        known: Bool,
        documents: [String: DocumentState],
        pages: [String],
        agents: [HistoryAgent],
        specs: SignalSpecs,
        lookup: (String) throws(HeedHistoryError) -> DocumentLookup
    ) throws(HeedHistoryError) -> SiteState {
        var memo: [String: DocumentLookup] = [:]
        var failure: HeedHistoryError?
        let cached: (String) -> DocumentLookup = { url in
            if let hit = memo[url] { return hit }
            let answer: DocumentLookup
            do throws(HeedHistoryError) {
                answer = try lookup(url)
            } catch {
                if failure == nil { failure = error }
                answer = .neverFetched
            }
            memo[url] = answer
            return answer
        }
        var cells: [SignalKey: SignalCell] = [:]
        if known {
            let site = SiteSignals(origin: origin, specs: specs, lookup: cached)
            for page in pages {
                for (index, agent) in agents.enumerated() {
                    let e = site.explain(url: page, agent: agent.token, lookup: cached, withFindings: false)
                    cells[SignalKey(page: page, agent: index, aspect: .access)] = cell(e.access)
                    for category in UseCategory.allCases {
                        cells[SignalKey(page: page, agent: index, aspect: .use(category))] = cell(e[category])
                    }
                }
            }
        }
        if let failure { throw failure }
        return SiteState(
            host: host,
            origin: origin,
            known: known,
            documents: documents,
            pages: pages,
            agents: agents,
            cells: cells
        )
    }

    /// The cell of an access decision.
    static func cell(_ access: AccessResult) -> SignalCell {
        let value: SignalValue =
            switch access.value {
            case .allow: .allow
            case .disallow: .disallow
            case .unknown: .unknown
            }
        guard access.document != nil || access.value != .unknown else { return SignalCell(value: value) }
        return SignalCell(
            value: value,
            statement: DecidingStatement(
                mechanism: Mechanism.robotsAccess.rawValue,
                document: access.document,
                line: access.line,
                raw: access.text ?? access.reason
            )
        )
    }

    /// The cell of a folded use category: its value, obligations and strongest statement.
    static func cell(_ folded: FoldedCategory) -> SignalCell {
        let value: SignalValue =
            switch folded.value {
            case .allow: .allow
            case .deny: .deny
            case .conditional: .conditional
            case .unknown: .unknown
            }
        let statement = folded.statements.first.map { s in
            DecidingStatement(
                mechanism: s.provenance.mechanism.rawValue,
                document: s.provenance.document,
                line: s.provenance.line,
                element: s.provenance.element,
                raw: s.provenance.raw
            )
        }
        let obligations = folded.obligations.map { o in o.kind.rawValue + (o.detail.map { ": \($0)" } ?? "") }
        return SignalCell(value: value, obligations: obligations, statement: value == .unknown ? nil : statement)
    }

    /// The pages to evaluate among `urls`: the home page (always), then every URL that is a
    /// page (`isPage`), sorted, up to `maxPages` in all; `omitted` counts the pages left out
    /// (reported, never dropped in silence).
    public static func pages(in urls: some Sequence<String>, origin: String) -> (pages: [String], omitted: Int) {
        let home = origin + "/"
        let others = Set(urls.filter { $0 != home && isPage($0) }).sorted()
        let kept = others.prefix(maxPages - 1)
        return ([home] + kept, others.count - kept.count)
    }

    /// Whether a stored URL is a page (explained per agent) rather than a site document:
    /// robots.txt, ai.txt and anything under `/.well-known/` are site documents; so are
    /// `.xml`, `.json` and `.txt` files (licences, feeds). The rest (paths ending in `/`,
    /// `.html`, no extension, ...) are pages. A page's own headers and head carry signals
    /// (`X-Robots-Tag`, `noai` meta, `Content-Usage`), so each is evaluated.
    public static func isPage(_ url: String) -> Bool {
        var path = url
        if let scheme = path.range(of: "://") {
            path = String(path[scheme.upperBound...])
            path = path.firstIndex(of: "/").map { String(path[$0...]) } ?? "/"
        }
        if let query = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = String(path[..<query]) }
        let lower = path.lowercased()
        if lower.hasPrefix("/.well-known/") || lower == "/robots.txt" || lower == "/ai.txt" { return false }
        let last = lower.split(separator: "/").last.map(String.init) ?? ""
        if lower.hasSuffix("/") || !last.contains(".") { return true }
        let ext = last.split(separator: ".").last.map(String.init) ?? ""
        return !["xml", "json", "txt", "rsl", "pdf", "png", "jpg", "jpeg", "gif", "svg", "css", "js"].contains(ext)
    }

    /// A document's state from a response: the signal headers kept, the body hashed.
    public static func documentState(_ document: Document, error: String? = nil) -> DocumentState {
        let fields = document.headers.fields
            .filter { signalHeaderNames.contains($0.name.lowercased()) }
            .map { "\($0.name.lowercased()): \($0.value)" }
        return DocumentState(
            url: document.url,
            status: document.status,
            error: error ?? document.headers.values("x-heed-error").first,
            sha256: SHA256.hex(document.body),
            body: document.body,
            signalHeaders: fields
        )
    }
}
