// SPDX-License-Identifier: Apache-2.0
// Heed: where a site's RSL licences are declared, and the RSL statements for one URL and crawler.
// Spec: RSL 1.0 §4 (robots.txt `License`, HTTP `Link` rel="license", HTML link and inline script) and
// §4.9 (group-scoped over global, page over site, most restrictive across documents); RFC 8288 (Link).

import Foundation

/// One association of a licence document with content: where it was declared, and for whom.
public struct LicenseReference: Sendable, Hashable {
    /// The licence document's absolute URL (for an inline script: the page URL with a
    /// `#inline-rsl-N` fragment, a key only).
    public var url: String
    /// Where it was declared, for a human: `robots.txt line 12 (group GPTBot)`,
    /// `robots.txt line 3 (global)`, `Link header`, `html link line 7`, `inline script line 9`.
    public var via: String
    /// For a group-scoped robots.txt `License`: one of the group's product tokens.
    public var agentScope: ProductToken?
    /// The 1-based line of the declaration, when known.
    public var line: Int?
    /// For a group-scoped robots.txt `License`: the group's index in `RobotsTxt.groups`, used with
    /// the query's `RobotsMatcher` to pick the crawler's group exactly as RFC 9309 does.
    public var group: Int?
    /// For page associations (Link header, HTML): the page URL the licence covers; `nil` for
    /// robots.txt, which covers the whole site.
    public var scope: String?
    /// For an inline `<script type="application/rsl+xml">`: the RSL text itself.
    public var inline: String?
    /// The document that declares it (the robots.txt location for a `License:` line), so that a
    /// finding about the reference points at the line a steward edits; `nil` for page references,
    /// whose findings name the page.
    public var declaredIn: String?

    /// Creates a reference.
    public init(
        url: String,
        via: String,
        agentScope: ProductToken? = nil,
        line: Int? = nil,
        group: Int? = nil,
        scope: String? = nil,
        inline: String? = nil,
        declaredIn: String? = nil
    ) {
        self.url = url
        self.via = via
        self.agentScope = agentScope
        self.line = line
        self.group = group
        self.scope = scope
        self.inline = inline
        self.declaredIn = declaredIn
    }

    /// The most distinct licence documents Heed reads from one place: a robots.txt's `License:`
    /// lines, or one page's `Link` header fields, `<link>` elements and inline scripts together.
    ///
    /// Why 16: real sites name one or two licences (a site-wide one, sometimes one per section or
    /// crawler group), so 16 leaves room for any plausible layout, while each licence is a fetch
    /// (up to the crawl's size cap) and an XML parse: 16 bounds a site's licence work to 16 such
    /// documents per place, whatever a hostile robots.txt or header lists. Past it, the first 16
    /// distinct URLs in document order are read and one `too-many-licenses` finding says how
    /// many were ignored.
    public static let limit = 16

    /// `refs` cut to their first `limit` distinct URLs (every reference to a kept URL stays), and
    /// the finding about the rest, when there is a rest.
    static func capped(
        _ refs: [LicenseReference],
        place: String,
        document: String?,
        findings: inout [Finding]
    ) -> [LicenseReference] {
        var kept: [LicenseReference] = []
        var urls = Set<String>()
        var ignored = Set<String>()
        var firstIgnored: LicenseReference?
        for ref in refs {
            if urls.contains(ref.url) {
                kept.append(ref)
            } else if urls.count < limit {
                urls.insert(ref.url)
                kept.append(ref)
            } else if ignored.insert(ref.url).inserted, firstIgnored == nil {
                firstIgnored = ref
            }
        }
        if let firstIgnored {
            findings.append(
                Finding(
                    code: "too-many-licenses",
                    severity: .warning,
                    line: firstIgnored.line,
                    message: "\(place) names \(limit + ignored.count) distinct licence documents; Heed reads the first "
                        + "\(limit) and ignored the other \(ignored.count), from \(firstIgnored.via) on (\(firstIgnored.url))",
                    text: String(firstIgnored.url.prefix(200)),
                    clause: "RSL 1.0 §4",
                    document: document
                )
            )
        }
        return kept
    }

    /// The `License:` lines of a robots.txt (RSL 1.0 §4.4), at most `limit` distinct URLs (see
    /// `fromRobots(_:document:findings:)`).
    public static func fromRobots(_ robots: RobotsTxt, document: String) -> [LicenseReference] {
        var ignored: [Finding] = []
        return fromRobots(robots, document: document, findings: &ignored)
    }

    /// The `License:` lines of a robots.txt (RSL 1.0 §4.4), at most `limit` distinct URLs, with a
    /// `too-many-licenses` finding in `findings` past them.
    ///
    /// A line before the first `User-agent` is **global**; a line inside a group is **group-scoped**
    /// (one reference per product token of the group, all with the same `group`). Heed's reading of
    /// a placement the spec does not settle: a `License` after the *last* group's last line and
    /// separated from it by a blank line or a `Sitemap` line is read as global, because that is
    /// where files written from the earlier RSL guide ("License is global") put it, like `Sitemap`
    /// (mcpjunction.ai, medium.com); `via` says so. A relative value is resolved against `document`
    /// (the spec requires an absolute URL).
    public static func fromRobots(
        _ robots: RobotsTxt,
        document: String,
        findings: inout [Finding]
    ) -> [LicenseReference] {
        var out: [LicenseReference] = []
        var distinct = Set<String>()
        for record in robots.records where record.field == "license" {
            let url = RSLLinks.resolve(record.value, base: document)
            guard !url.isEmpty else { continue }
            // Past the cap only the distinct URLs are counted (for the finding), no references built.
            if distinct.count >= limit, !distinct.contains(url) {
                distinct.insert(url)
                out.append(LicenseReference(url: url, via: "robots.txt line \(record.line)", line: record.line))
                continue
            }
            distinct.insert(url)
            guard let g = record.group, g < robots.groups.count else {
                out.append(
                    LicenseReference(
                        url: url,
                        via: "robots.txt line \(record.line) (global)",
                        line: record.line,
                        declaredIn: document
                    )
                )
                continue
            }
            if isTrailing(record, group: g, in: robots) {
                out.append(
                    LicenseReference(
                        url: url,
                        via: "robots.txt line \(record.line) (global: after the last group, read as global)",
                        line: record.line,
                        declaredIn: document
                    )
                )
                continue
            }
            let tokens = robots.groups[g].agents.map(\.token)
            let names = tokens.map(\.raw).joined(separator: ", ")
            for token in tokens {
                out.append(
                    LicenseReference(
                        url: url,
                        via: "robots.txt line \(record.line) (group \(names))",
                        agentScope: token,
                        line: record.line,
                        group: g,
                        declaredIn: document
                    )
                )
            }
        }
        return capped(out, place: "robots.txt", document: document, findings: &findings)
    }

    /// True for a `License` record after the last group's last line, separated from it by a blank
    /// line or a `Sitemap` line.
    static func isTrailing(_ record: RobotsTxt.Record, group g: Int, in robots: RobotsTxt) -> Bool {
        guard g == robots.groups.count - 1 else { return false }
        let group = robots.groups[g]
        var last = max(group.agents.map(\.line).max() ?? group.firstLine, group.rules.map(\.line).max() ?? 0)
        for r in robots.records where r.group == g && r.line < record.line && r.field != "license" {
            last = max(last, r.line)
        }
        guard record.line > last else { return false }
        if robots.records.contains(where: { $0.field == "sitemap" && $0.line > last && $0.line < record.line }) {
            return true
        }
        for line in (last + 1)..<record.line {
            if let text = robots.text(ofLine: line), text.trimmedWhitespace().isEmpty { return true }
        }
        return false
    }

    /// The RSL `Link` header fields of a response (RFC 8288; RSL 1.0 §4.5): `rel` must include
    /// `license` and `type` must be `application/rsl+xml`. Relative targets are resolved against
    /// `base`, the document URL; the reference covers that document.
    ///
    /// Each field value is read up to `valueLimit` bytes (8 KiB, as `X-Robots-Tag`), cut after the
    /// last link-value that ends inside it, and fields after the first `totalLimit` bytes are
    /// skipped, each with a `size-limit-exceeded` finding in `findings`; the licence count is not
    /// capped here (see `fromPage`).
    public static func fromLinkHeaders(
        _ headers: HTTPHeaders,
        base: String,
        document: String? = nil,
        findings: inout [Finding]
    ) -> [LicenseReference] {
        var out: [LicenseReference] = []
        var budget = totalLimit
        let fields = headers.values("link")
        for (index, field) in fields.enumerated() {
            if budget <= 0 {
                findings.append(
                    Finding(
                        code: "size-limit-exceeded",
                        severity: .error,
                        line: nil,
                        message: "the Link header fields exceed \(totalLimit) bytes in all; Heed did not read the last "
                            + "\(fields.count - index) of \(fields.count), so licence links in them are not read",
                        clause: "RFC 8288 §3; RSL 1.0 §4.5",
                        document: document,
                        fix: "send the RSL licence link first, in a short Link field of its own"
                    )
                )
                break
            }
            budget -= min(field.utf8.count, valueLimit)
            var value = field
            if field.utf8.count > valueLimit {
                let bytes = Array(field.utf8.prefix(valueLimit))
                var end = bytes.count
                while end > 0, bytes[end - 1] != UInt8(ascii: ",") { end -= 1 }
                value = String(decoding: bytes[0..<end], as: UTF8.self)
                findings.append(
                    Finding(
                        code: "size-limit-exceeded",
                        severity: .error,
                        line: nil,
                        message: "a Link header field has \(field.utf8.count) bytes; Heed reads the first "
                            + "\(valueLimit) (up to the last complete link), so licence links after them are not read",
                        text: String(field.prefix(200)),
                        clause: "RFC 8288 §3; RSL 1.0 §4.5",
                        document: document,
                        fix: "send the RSL licence link first, in a short Link field of its own"
                    )
                )
            }
            for link in RSLLinks.parse(value) {
                guard link.rel.contains("license"), link.type == "application/rsl+xml" else { continue }
                out.append(
                    LicenseReference(
                        url: RSLLinks.resolve(link.target, base: base),
                        via: "Link header",
                        scope: RSLURL.withoutFragment(base)
                    )
                )
            }
        }
        return out
    }

    /// Longest `Link` field value read (bytes): the limit of the other header readers
    /// (`RobotsMetaSource.valueLimit`).
    public static let valueLimit = RobotsMetaSource.valueLimit
    /// Most bytes of `Link` fields read from one response, all fields together (eight full fields):
    /// fields after it are skipped with a finding.
    public static let totalLimit = 8 * valueLimit

    /// The RSL `Link` header fields of a response, uncapped in count and without findings.
    public static func fromLinkHeaders(_ headers: HTTPHeaders, base: String) -> [LicenseReference] {
        var ignored: [Finding] = []
        return fromLinkHeaders(headers, base: base, findings: &ignored)
    }

    /// Every licence a page declares (its `Link` header fields, then its head's `<link>` elements
    /// and inline scripts), at most `limit` distinct documents, with the findings of reading them
    /// (oversized `Link` fields, `too-many-licenses`) in `findings`. The one reading both
    /// `heed explain` and the crawler use, so the crawler fetches exactly what explain reads.
    public static func fromPage(
        headers: HTTPHeaders,
        head: HTMLHead?,
        base: String,
        document: String,
        findings: inout [Finding]
    ) -> [LicenseReference] {
        var refs = fromLinkHeaders(headers, base: base, document: document, findings: &findings)
        if let head { refs += fromHTML(head, base: base) }
        return capped(refs, place: "the page", document: document, findings: &findings)
    }

    /// The RSL associations of a page head (RSL 1.0 §4.6, §4.7): `<link rel="license"
    /// type="application/rsl+xml" href>` and inline `<script type="application/rsl+xml">`.
    public static func fromHTML(_ head: HTMLHead, base: String) -> [LicenseReference] {
        var out: [LicenseReference] = []
        let page = RSLURL.withoutFragment(base)
        for link in head.links where link.rel.contains("license") && link.type == "application/rsl+xml" {
            guard !link.href.isEmpty else { continue }
            out.append(
                LicenseReference(
                    url: RSLLinks.resolve(link.href, base: base),
                    via: "html link" + (link.line.map { " line \($0)" } ?? ""),
                    line: link.line,
                    scope: page
                )
            )
        }
        for (i, script) in head.scripts.enumerated() {
            out.append(
                LicenseReference(
                    url: "\(page)#inline-rsl-\(i + 1)",
                    via: "inline script" + (script.line.map { " line \($0)" } ?? ""),
                    line: script.line,
                    scope: page,
                    inline: script.text
                )
            )
        }
        return out
    }
}

extension RSLSource {
    /// Why a licence document is not available, for the `license-unavailable` message: no
    /// answer at all (a failed fetch is stored as status 0), an HTTP error status, or absent from
    /// the documents read (offline: not in the snapshot or store).
    static func unavailableReason(_ document: Document?) -> String {
        guard let document else { return "not fetched: absent from the documents read" }
        if document.status == 0 { return "no answer: the fetch failed" }
        return "HTTP \(document.status)"
    }
}

/// RFC 8288 `Link` field parsing and URL resolution.
enum RSLLinks {
    struct Link {
        var target: String
        var rel: [String]
        var type: String
    }

    /// The link-values of one `Link` field value: `<target>; param=value; ...`, comma-separated.
    static func parse(_ value: String) -> [Link] {
        var out: [Link] = []
        let chars = Array(value)
        var i = 0
        while i < chars.count {
            while i < chars.count, chars[i] != "<" { i += 1 }
            guard i < chars.count else { break }
            var j = i + 1
            while j < chars.count, chars[j] != ">" { j += 1 }
            guard j < chars.count else { break }
            let target = String(chars[(i + 1)..<j]).trimmedWhitespace()
            i = j + 1
            var params: [String: String] = [:]
            // Parameters until the comma that ends this link-value (commas inside quotes skipped).
            while i < chars.count, chars[i] != "," {
                if chars[i] == ";" || chars[i] == " " || chars[i] == "\t" {
                    i += 1
                    continue
                }
                var name = ""
                while i < chars.count, chars[i] != "=", chars[i] != ";", chars[i] != "," {
                    name.append(chars[i])
                    i += 1
                }
                var val = ""
                if i < chars.count, chars[i] == "=" {
                    i += 1
                    while i < chars.count, chars[i] == " " { i += 1 }
                    if i < chars.count, chars[i] == "\"" {
                        i += 1
                        while i < chars.count, chars[i] != "\"" {
                            if chars[i] == "\\", i + 1 < chars.count { i += 1 }
                            val.append(chars[i])
                            i += 1
                        }
                        i += 1
                    } else {
                        while i < chars.count, chars[i] != ";", chars[i] != "," {
                            val.append(chars[i])
                            i += 1
                        }
                    }
                }
                let key = name.trimmedWhitespace().lowercased()
                if !key.isEmpty, params[key] == nil { params[key] = val.trimmedWhitespace() }
            }
            let rel = (params["rel"] ?? "").lowercased().split { $0 == " " || $0 == "\t" }.map(String.init)
            let type = (params["type"] ?? "").lowercased()
            out.append(Link(target: target, rel: rel, type: type))
        }
        return out
    }

    /// `reference` resolved against `base` (RFC 3986 §5), or `reference` unchanged if that fails.
    static func resolve(_ reference: String, base: String) -> String {
        let ref = reference.trimmedWhitespace()
        if ref.contains("://") { return ref }
        guard let baseURL = URL(string: base), let url = URL(string: ref, relativeTo: baseURL) else { return ref }
        return url.absoluteString
    }
}

/// The RSL statements of a site for one URL and crawler (RSL 1.0 §3, §4.9).
///
/// Selection of the licence documents that apply to a query, Heed's reading of §4.9:
/// 1. **Page over site**: references from the page's own `Link` header, `<link>` or inline script
///    (`scope` equal to the query URL, fragment ignored) replace robots.txt ones.
/// 2. **Group over global**: else the robots.txt `License` lines of the crawler's group (with the
///    query's `RobotsMatcher`, exactly RFC 9309's group selection; without one, references whose
///    `agentScope` is the crawler's token, else `*`), and only if there are none the global lines.
/// 3. **Most restrictive across documents**: every selected document yields its statements and the
///    fold keeps the strongest (deny over conditional over allow).
/// A selected licence that is not in `documents` (or not a 2xx response) yields `unknown` for every
/// category and a `license-unavailable` finding; RSL calls such content unlicensed, which Heed does
/// not turn into deny (SIGNALS.md §11.3).
public struct RSLSource: SignalSource {
    /// The references given.
    public let references: [LicenseReference]
    /// The parsed licence documents, by reference URL (available ones only).
    public let documents: [String: RSLDocument]
    /// Everything a steward should fix, each message prefixed with the document it is about.
    public let findings: [Finding]
    private let vocabulary: RSLVocabulary
    private let unavailable: [String: String]

    /// Parses the referenced documents once.
    ///
    /// - Parameters:
    ///   - references: from `LicenseReference.fromRobots`, `fromLinkHeaders`, `fromHTML`.
    ///   - documents: fetched licence documents by absolute URL (the reference's `url`).
    ///   - vocabulary: `SignalSpecs/vocabularies/rsl.json`.
    public init(references: [LicenseReference], documents: [String: Document], vocabulary: RSLVocabulary) {
        self.references = references
        self.vocabulary = vocabulary
        var parsed: [String: RSLDocument] = [:]
        var unavailable: [String: String] = [:]
        var findings: [Finding] = []
        for ref in references where parsed[ref.url] == nil && unavailable[ref.url] == nil {
            let doc: RSLDocument
            if let inline = ref.inline {
                doc = RSLDocument(inline, location: ref.url, vocabulary: vocabulary)
            } else if let d = documents[ref.url], (200..<300).contains(d.status) {
                doc = RSLDocument(d.body, location: d.location, vocabulary: vocabulary)
            } else {
                let why = RSLSource.unavailableReason(documents[ref.url])
                unavailable[ref.url] = why
                findings.append(
                    Finding(
                        code: "license-unavailable",
                        severity: .error,
                        line: ref.line,
                        message: "License URL not available: \(ref.url) (\(why); declared in \(ref.via)). Without "
                            + "the document the content is unlicensed; publish it or fix the URL",
                        text: ref.url,
                        clause: "RSL 1.0 §3.1.1",
                        document: ref.declaredIn,
                        fix: "publish the licence at \(ref.url) (HTTP 200, application/rsl+xml), "
                            + "or point the reference at the URL where it is"
                    )
                )
                continue
            }
            parsed[ref.url] = doc
            for f in doc.findings {
                var g = f
                if g.document == nil { g.document = doc.location }
                findings.append(g)
            }
        }
        self.documents = parsed
        self.unavailable = unavailable
        self.findings = findings
    }

    /// The references that apply to `query` (see the type's documentation), deduplicated by URL.
    public func selectedReferences(for query: SignalQuery) -> [LicenseReference] {
        let page = references.filter { ref in
            guard let scope = ref.scope else { return false }
            return Self.sameResource(scope, query)
        }
        if !page.isEmpty { return Self.unique(page) }
        let scoped = references.filter { $0.group != nil || $0.agentScope != nil }
        var group: [LicenseReference]
        if let matcher = query.matcher {
            let chosen = Set(matcher.groups)
            group = scoped.filter { $0.group.map(chosen.contains) ?? false }
        } else {
            group = scoped.filter { $0.agentScope?.key == query.agent.key }
            if group.isEmpty { group = scoped.filter { $0.agentScope?.isStar == true } }
        }
        if !group.isEmpty { return Self.unique(group) }
        return Self.unique(references.filter { $0.scope == nil && $0.group == nil && $0.agentScope == nil })
    }

    /// The statements for `query`: one per category and selected document.
    public func statements(for query: SignalQuery) -> [Statement] {
        let host = RSLURL.host(of: query.url)
        var out: [Statement] = []
        for ref in selectedReferences(for: query) {
            if let doc = documents[ref.url] {
                for term in doc.evaluate(host: host, path: query.path, vocabulary: vocabulary) {
                    out.append(
                        Statement(
                            term.category,
                            term.value,
                            obligations: term.obligations,
                            provenance: Provenance(
                                mechanism: .rsl,
                                document: doc.location,
                                line: term.line,
                                element: term.element,
                                raw: term.raw,
                                spec: doc.version.rawValue,
                                warnings: doc.version == .v09
                                    ? RSLEvaluator.version09Warning + term.warnings : term.warnings
                            ),
                            scopeNote: RSLEvaluator.join(term.scopeNote, "licence from \(ref.via)"),
                            alternatives: term.alternatives
                        )
                    )
                }
            } else {
                let why = unavailable[ref.url] ?? "not available"
                for category in UseCategory.allCases {
                    out.append(
                        Statement(
                            category,
                            .unknown,
                            provenance: Provenance(
                                mechanism: .rsl,
                                document: ref.url,
                                line: nil,
                                element: nil,
                                raw: "License URL not available (\(why)), declared in \(ref.via)",
                                spec: "RSL 1.0"
                            )
                        )
                    )
                }
            }
        }
        return out
    }

    static func unique(_ refs: [LicenseReference]) -> [LicenseReference] {
        var seen: Set<String> = []
        return refs.filter { seen.insert($0.url).inserted }
    }

    /// Whether a page association's `scope` is the query's URL: same normalized path and query,
    /// and the same host when both have one.
    static func sameResource(_ scope: String, _ query: SignalQuery) -> Bool {
        if let a = RSLURL.host(of: scope), let b = RSLURL.host(of: query.url), a != b { return false }
        return RobotsPath.normalizedURLPath(scope) == query.path
    }
}
