// SPDX-License-Identifier: Apache-2.0
// Heed: AI directives in robots meta elements and X-Robots-Tag / Robots-Tag headers (noai, noimageai, ...).
// Spec: no standard for noai/noimageai (DeviantArt, Nov 2022; img2dataset; Spawning datadiligence);
// robots meta syntax per Google's robots meta documentation; Robots-Tag per draft-illyes-repext §2-§3.
// Mapping: SignalSpecs/vocabularies/robots-meta.json (SIGNALS.md §7, §11.3).

public import Foundation

/// The AI meaning of robots directives, per crawler: `SignalSpecs/vocabularies/robots-meta.json`.
///
/// Data, not code, so a vendor's new meaning for a classic directive can be added without a
/// release. See the file's `notes` for each choice.
public struct RobotsMetaVocabulary: Sendable {
    /// One directive with an AI meaning.
    public struct Directive: Sendable, Hashable {
        /// The directive, lower-case (`noai`), or `name:value` for an exact value (`max-snippet:0`).
        public var token: String
        /// True for a directive written `name:value` whose value goes into the obligation detail
        /// (`{value}` in it is replaced).
        public var parameter: Bool
        /// The crawlers the meaning applies to; `nil` for every crawler (`*`).
        public var agents: [ProductToken]?
        /// The categories the directive states.
        public var categories: [UseCategory]
        /// The value it gives them.
        public var value: PreferenceValue
        /// The condition, for a `conditional` value.
        public var obligation: Obligation?
        /// The scope limit the folded value cannot show (`images only`).
        public var scopeNote: String?
        /// True when the directive is about images only (`noimageai`, SIGNALS.md §7.2, §11.3:
        /// "ai_all deny for images on the page"): its value holds for an image response; for any
        /// other page it says nothing about the page itself (see `RobotsMetaSource`).
        public var imagesOnly: Bool
        /// The spec (or vendor document) the meaning comes from.
        public var spec: String

        /// Whether the meaning applies to `agent`.
        public func applies(to agent: ProductToken) -> Bool {
            guard let agents else { return true }
            return agents.contains { $0.key == agent.key }
        }
    }

    private struct File: Decodable {
        struct Entry: Decodable {
            var token: String
            var parameter: Bool?
            var agents: [String]
            var categories: [UseCategory]
            var value: PreferenceValue
            var obligation: Obligation?
            var scopeNote: String?
            var images: Bool?
            var spec: String
        }
        var version: Int
        var directives: [Entry]
        var parameterized: [String]
        var typos: [String: String]
    }

    /// The data version.
    public let version: Int
    /// Every directive with an AI meaning.
    public let directives: [Directive]
    /// Directive names written `name:value` in X-Robots-Tag, so `max-snippet: 20` is not a crawler prefix.
    public let parameterized: Set<String>
    /// Misspellings no tool reads, and the directive meant.
    public let typos: [String: String]
    /// The index in `directives` of the first plain (non-parameter) directive of each token.
    let plainIndex: [String: Int]
    /// The index in `directives` of the first parameter directive of each token.
    let parameterIndex: [String: Int]

    /// Decodes `robots-meta.json` bytes.
    ///
    /// - Throws: `HeedCoreError` with code `invalidSpecData` naming `location` when the data is not
    ///   JSON of version 1, or a directive is not lower-case or has no agents.
    public init(json data: Data, location: String = "robots-meta.json") throws(HeedCoreError) {
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch {
            throw HeedCoreError(
                .invalidSpecData,
                location: location,
                "cannot read the robots meta vocabulary: \(error)"
            )
        }
        guard file.version == 1 else {
            throw HeedCoreError(.invalidSpecData, location: location, "unsupported version \(file.version)")
        }
        var directives: [Directive] = []
        for entry in file.directives {
            guard entry.token == entry.token.lowercased(), !entry.token.isEmpty, !entry.agents.isEmpty,
                !entry.categories.isEmpty
            else {
                throw HeedCoreError(
                    .invalidSpecData,
                    location: location,
                    "directive '\(entry.token)': token must be lower-case, agents and categories non-empty"
                )
            }
            directives.append(
                Directive(
                    token: entry.token,
                    parameter: entry.parameter ?? false,
                    agents: entry.agents.contains("*") ? nil : entry.agents.map(ProductToken.init),
                    categories: entry.categories,
                    value: entry.value,
                    obligation: entry.obligation,
                    scopeNote: entry.scopeNote,
                    imagesOnly: entry.images ?? false,
                    spec: entry.spec
                )
            )
        }
        version = file.version
        var plain: [String: Int] = [:]
        var parameters: [String: Int] = [:]
        for (i, d) in directives.enumerated() {
            if d.parameter {
                if parameters[d.token] == nil { parameters[d.token] = i }
            } else if plain[d.token] == nil {
                plain[d.token] = i
            }
        }
        plainIndex = plain
        parameterIndex = parameters
        self.directives = directives
        parameterized = Set(file.parameterized.map { $0.lowercased() })
        typos = file.typos
    }

    /// The entry for directive `name` (lower-case) with `value` (after the colon), and the
    /// obligation with `{value}` filled in; `nil` when the directive has no AI meaning.
    /// `template` with its first `{value}` replaced by `value` (byte search: `replacing` from
    /// the string-processing library costs more than the rest of a header check).
    static func substitute(_ template: String, _ value: String) -> String {
        let bytes = Array(template.utf8)
        let marker = Array("{value}".utf8)
        guard bytes.count >= marker.count else { return template }
        for i in 0...(bytes.count - marker.count) where bytes[i] == marker[0] {
            if Array(bytes[i..<i + marker.count]) == marker {
                return String(decoding: bytes[..<i], as: UTF8.self) + value
                    + String(decoding: bytes[(i + marker.count)...], as: UTF8.self)
            }
        }
        return template
    }

    func lookup(_ name: String, value: String?) -> (Directive, Obligation?)? {
        if let value {
            let compact =
                value.utf8.allSatisfy { $0 > 0x20 && $0 < 0x80 && $0 &- 0x41 >= 26 }
                ? value : value.filter { !$0.isWhitespace }.lowercased()
            let key = "\(name):\(compact)"
            if let i = plainIndex[key] { return (directives[i], directives[i].obligation) }
            guard let p = parameterIndex[name] else { return nil }
            let entry = directives[p]
            // A negative limit (max-snippet:-1) is "no limit"; a value that is not a number is ignored.
            guard let n = Int(compact), n >= 0 else { return nil }
            var obligation = entry.obligation
            if let detail = obligation?.detail {
                obligation?.detail = Self.substitute(detail, String(n))
            }
            return (entry, obligation)
        }
        guard let i = plainIndex[name] else { return nil }
        return (directives[i], directives[i].obligation)
    }
}

/// One directive read from a page, with the crawler it is addressed to.
struct RobotsMetaDirective: Sendable {
    /// The directive name, lower-case (`noai`, `max-snippet`).
    var name: String
    /// The value after a colon (`20` in `max-snippet:20`), if any.
    var value: String?
    /// The crawler it is addressed to; `nil` for every crawler.
    var agent: ProductToken?
    var mechanism: Mechanism
    var document: String
    var line: Int?
    /// Where it was written; its element and raw text are built only for the statements a
    /// query returns (most directives of a crawl are never asked about).
    var origin: Origin

    /// The element or header a directive came from, kept as the parts its provenance is made of.
    enum Origin: Sendable {
        /// An `X-Robots-Tag` field (`field` as written) with its whole value, and the agent prefix.
        case header(field: String, value: String, agent: String?)
        /// A `Robots-Tag` field (draft-illyes-repext) with its whole value and the member's token.
        case robotsTag(value: String, token: String)
        /// A `<meta name content>` element.
        case meta(name: String, content: String)

        /// The provenance `element`: `header X-Robots-Tag (GPTBot)`, `meta[name=robots]`.
        var element: String {
            switch self {
            case .header(let field, _, let agent): agent.map { "header \(field) (\($0))" } ?? "header \(field)"
            case .robotsTag(_, let token): "header Robots-Tag (\(token))"
            case .meta(let name, _): "meta[name=\(name)]"
            }
        }

        /// The provenance `raw` text, at most 300 characters.
        var raw: String {
            let text =
                switch self {
                case .header(let field, let value, _): "\(field): \(value)"
                case .robotsTag(let value, _): "Robots-Tag: \(value)"
                case .meta(let name, let content): "<meta name=\"\(name)\" content=\"\(content)\">"
                }
            return text.utf8.count <= 300 ? text : String(text.prefix(300))
        }
    }
}

/// `noai` / `noimageai` (and the vendor AI meanings of `noarchive`, `nocache`, `nosnippet`,
/// `max-snippet`) from a page's robots meta elements and its `X-Robots-Tag` / `Robots-Tag` headers.
///
/// Where directives are read (SIGNALS.md §7.1, §7.3):
/// - `<meta name="robots" content="noai, noimageai">`: every crawler;
/// - `<meta name="GPTBot" content="noai">`: only the crawler of that name (product tokens compared as
///   robots.txt compares them: case-insensitive, `/version` dropped). Common non-crawler names
///   (`description`, `keywords`, `viewport`, names with `:` such as `og:title`, ...) are skipped;
/// - `X-Robots-Tag: noai`: every crawler. Several fields and comma lists add up. A list element
///   `name: directive` whose name is a crawler (not a parameterized directive such as
///   `max-snippet`) scopes that element **and the elements after it** in the same field value to
///   that crawler, until the next prefix: `X-Robots-Tag: GPTBot: noai, noimageai` is for GPTBot
///   only. This is img2dataset's reading (the prefix applies to the field value) extended to
///   Google's documented `googlebot: nofollow, otherbot: noindex` lists. A prefix `*:` means every
///   crawler;
/// - `Robots-Tag: *;noindex;nosnippet, ExampleBot;noai` (draft-illyes-repext): each list member is
///   a crawler (or `*`) with its rules as parameters.
/// Values are compared case-insensitively (img2dataset lower-cases them; datadiligence compares
/// `noai` as written, so `NoAI` may be missed there: Heed reads it). The statements follow the
/// vocabulary: a directive gives statements only for the crawlers its AI meaning applies to, so
/// `noarchive` says something for `bingbot` and nothing for `GPTBot`. Directives without an AI
/// meaning (`noindex`, which img2dataset also skips by default, `nofollow`, ...) give none.
/// Header and meta elements belong to the page this source was built for; every query on it gets
/// them. Each header value and meta content is read up to 8 KiB (draft-illyes-repext §2.3 asks
/// parsers to read at least that much), cut at the last comma inside the limit.
public struct RobotsMetaSource: SignalSource {
    /// Longest header value or meta content read.
    public static let valueLimit = 8192

    /// Meta names that are never crawler names.
    static let nonCrawlerNames: Set<String> = [
        "description", "keywords", "viewport", "author", "generator", "theme-color", "color-scheme",
        "referrer", "application-name", "format-detection", "copyright", "rating", "tdm-reservation",
        "tdm-policy", "ai-license", "csrf-token", "csrf-param", "google-site-verification", "robots",
    ]

    let directives: [RobotsMetaDirective]
    /// True when the page is an image (an `image/*` Content-Type, or without one an image file
    /// extension): then image-only directives (`noimageai`) hold for it.
    public let pageIsImage: Bool
    /// The vocabulary the statements are mapped with.
    public let vocabulary: RobotsMetaVocabulary
    /// What the reader noticed, kept as parts: the findings' texts are built only when asked for
    /// (a crawl or audit reads thousands of pages and asks for few pages' findings).
    let notes: [RobotsMetaNote]

    /// What a steward should fix: misspelled directives, oversized values, non-standard tokens.
    public var findings: [Finding] {
        var sink = FindingSink()
        for note in notes { sink.add(note.finding) }
        return sink.finish()
    }

    /// Reads the page's `X-Robots-Tag` / `Robots-Tag` headers and the robots meta elements of its head.
    public init(page: Document?, head: HTMLHead?, vocabulary: RobotsMetaVocabulary) {
        self.vocabulary = vocabulary
        var reader = RobotsMetaReader(vocabulary: vocabulary, document: page?.location ?? "(page)")
        if let page {
            for value in page.headers.values("x-robots-tag") { reader.readXRobotsTag(value, field: "X-Robots-Tag") }
            for value in page.headers.values("robots-tag") { reader.readRobotsTag(value) }
        }
        if let head {
            for meta in head.metas { reader.readMeta(meta) }
        }
        directives = reader.directives
        notes = reader.notes
        // Whether the page is an image matters only to an image-only directive, which most
        // responses lack: the check (a header lookup, lower-casing) is made only then.
        let imageOnly = directives.contains { vocabulary.lookup($0.name, value: $0.value)?.0.imagesOnly == true }
        pageIsImage = imageOnly ? page.map(RobotsMetaSource.isImage) ?? false : false
    }

    /// Whether `page` is an image: its Content-Type is `image/*`, or it has none and the URL's
    /// path ends in an image extension.
    static func isImage(_ page: Document) -> Bool {
        if let type = page.headers.values("content-type").first {
            return type.utf8.count >= 6 && type.prefix(6).lowercased() == "image/"
        }
        let path = page.url.prefix { $0 != "?" && $0 != "#" }.lowercased()
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return false }
        return imageExtensions.contains(String(path[path.index(after: dot)...]))
    }

    static let imageExtensions: Set<String> = [
        "jpg", "jpeg", "png", "gif", "webp", "avif", "svg", "bmp", "tif", "tiff", "heic", "ico",
    ]

    /// What makes two statements the same (one per mechanism, category, directive and detail).
    struct SeenKey: Equatable {
        var mechanism: Mechanism
        var category: UseCategory
        var token: String
        var detail: String
    }

    /// The statements the page's directives make for `query.agent`.
    ///
    /// An image-only directive (`noimageai`) on a page that is not an image gives its categories
    /// the value `unknown` with the scope note `images only: ...`: the statement stays visible (it
    /// reserves the page's images), but the page itself is not denied (SIGNALS.md §7.2, §11.3).
    /// On an image response it gives its value (`deny`) as written.
    public func statements(for query: SignalQuery) -> [Statement] {
        var out: [Statement] = []
        // A handful of entries at most: a linear scan beats hashing built strings.
        var seen: [SeenKey] = []
        for d in directives {
            if let agent = d.agent, agent.key != query.agent.key { continue }
            guard let (entry, obligation) = vocabulary.lookup(d.name, value: d.value),
                entry.applies(to: query.agent)
            else { continue }
            var provenance: Provenance?
            for category in entry.categories {
                let key = SeenKey(
                    mechanism: d.mechanism,
                    category: category,
                    token: entry.token,
                    detail: obligation?.detail ?? ""
                )
                if seen.contains(key) { continue }
                seen.append(key)
                if provenance == nil {
                    provenance = Provenance(
                        mechanism: d.mechanism,
                        document: d.document,
                        line: d.line,
                        element: d.origin.element,
                        raw: d.origin.raw,
                        spec: entry.spec
                    )
                }
                let pageOnly = entry.imagesOnly && !pageIsImage
                out.append(
                    Statement(
                        category,
                        pageOnly ? .unknown : entry.value,
                        obligations: pageOnly ? [] : obligation.map { [$0] } ?? [],
                        provenance: provenance!,
                        scopeNote: pageOnly
                            ? "images only: \(entry.value.rawValue) for the page's images, nothing for the page itself"
                            : entry.scopeNote
                    )
                )
            }
        }
        return out
    }
}

/// Something the reader noticed, with the parts of its finding.
enum RobotsMetaNote: Sendable {
    /// A finding built on the spot (rare: an oversized value).
    case built(Finding)
    /// A misspelled directive (`noia`): nothing reads it.
    case typo(name: String, meant: String, line: Int?, origin: RobotsMetaDirective.Origin, document: String)
    /// `noai` or `noimageai`: honoured by dataset tools, defined by no standards body.
    case nonstandard(name: String, line: Int?, origin: RobotsMetaDirective.Origin, document: String)

    /// The finding.
    var finding: Finding {
        switch self {
        case .built(let f):
            return f
        case .typo(let name, let meant, let line, let origin, let document):
            return Finding(
                code: "typo",
                severity: .warning,
                line: line,
                message: "'\(name)' is not a directive any tool reads; write '\(meant)'",
                text: String(origin.raw.prefix(200)),
                clause: "SIGNALS.md §7.2 (DeviantArt noai/noimageai)",
                document: document
            )
        case .nonstandard(let name, let line, let origin, let document):
            return Finding(
                code: "nonstandard-directive",
                severity: .info,
                line: line,
                message: "'\(name)' has no standards-body definition: dataset tools (img2dataset, Spawning "
                    + "datadiligence) honour it, but no major AI crawler operator documents support; "
                    + "pair it with robots.txt rules or a TDMRep / Content-Usage signal",
                text: String(origin.raw.prefix(200)),
                clause: "SIGNALS.md §7.2",
                document: document
            )
        }
    }
}

/// Reads directives and findings from header values and meta elements.
private struct RobotsMetaReader {
    let vocabulary: RobotsMetaVocabulary
    let document: String
    var directives: [RobotsMetaDirective] = []
    var notes: [RobotsMetaNote] = []
    var reportedNonStandard: [String] = []

    init(vocabulary: RobotsMetaVocabulary, document: String) {
        self.vocabulary = vocabulary
        self.document = document
    }

    /// `text` cut to `RobotsMetaSource.valueLimit` bytes at the last comma inside it, with a finding.
    mutating func bounded(_ text: String, what: @autoclosure () -> String, line: Int?) -> String {
        guard text.utf8.count > RobotsMetaSource.valueLimit else { return text }
        let utf8 = Array(text.utf8)
        var end = RobotsMetaSource.valueLimit
        while end > 0, utf8[end - 1] != UInt8(ascii: ",") { end -= 1 }
        notes.append(
            .built(
                Finding(
                    code: "size-limit-exceeded",
                    severity: .error,
                    line: line,
                    message: "\(what()) has \(utf8.count) bytes; Heed reads the first \(RobotsMetaSource.valueLimit) "
                        + "(draft-illyes-repext §2.3 parsers read at least 8 KiB): keep it short",
                    clause: "draft-illyes-repext §2.3",
                    document: document,
                    fix: "keep the value under 8 KiB: give each directive once, the AI directives (noai) first"
                )
            )
        )
        return String(decoding: utf8[0..<end], as: UTF8.self)
    }

    /// True for a list-element prefix that names a crawler: a product token (letters, digits, `-`,
    /// `_`, `.`, `/`) or `*`, and not a parameterized directive.
    func isCrawlerPrefix(_ name: String) -> Bool {
        if name == "*" { return true }
        if name.isEmpty || vocabulary.parameterized.contains(name) { return false }
        return name.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2D
                || b == 0x5F || b == 0x2E || b == 0x2F
        }
    }

    mutating func add(
        _ text: Substring,
        agent: ProductToken?,
        mechanism: Mechanism,
        line: Int?,
        origin: RobotsMetaDirective.Origin
    ) {
        let trimmed = text.trimmedWhitespace(newlines: true).lowercased()
        if trimmed.isEmpty { return }
        var name = trimmed
        var value: String?
        if let colon = trimmed.firstIndex(of: ":") {
            name = trimmed[..<colon].trimmedWhitespace()
            value = trimmed[trimmed.index(after: colon)...].trimmedWhitespace()
        }
        record(name: name, value: value, agent: agent, mechanism: mechanism, line: line, origin: origin)
    }

    /// `add` for an element that is ASCII, given as `bytes[from..<to]`: the same trimming,
    /// lower-casing and `name: value` split on bytes, so a name or value is the only `String`
    /// made (and one of up to 15 bytes, as nearly all directives are, is stored inline).
    mutating func addASCII(
        _ bytes: UnsafeBufferPointer<UInt8>,
        _ from: Int,
        _ to: Int,
        agent: ProductToken?,
        origin: RobotsMetaDirective.Origin
    ) {
        var start = from
        var end = to
        while start < end, Self.blank(bytes[start], newlines: true) { start += 1 }
        while end > start, Self.blank(bytes[end - 1], newlines: true) { end -= 1 }
        if start == end { return }
        var colon = start
        while colon < end, bytes[colon] != UInt8(ascii: ":") { colon += 1 }
        let name = Self.lowerString(bytes, start, colon)
        var value: String?
        if colon < end { value = Self.lowerString(bytes, colon + 1, end) }
        record(name: name, value: value, agent: agent, mechanism: .xRobotsTag, line: nil, origin: origin)
    }

    /// Space or tab (and, with `newlines`, LF, VT, FF, CR): what `trimmedWhitespace` trims.
    static func blank(_ b: UInt8, newlines: Bool = false) -> Bool {
        b == 0x20 || b == 0x09 || (newlines && b >= 0x0A && b <= 0x0D)
    }

    /// `bytes[from..<to]`, trimmed of spaces and tabs and lower-cased (ASCII), as a `String`.
    static func lowerString(_ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> String {
        var start = from
        var end = to
        while start < end, blank(bytes[start]) { start += 1 }
        while end > start, blank(bytes[end - 1]) { end -= 1 }
        return String(unsafeUninitializedCapacity: end - start) { out in
            for i in start..<end {
                let b = bytes[i]
                out[i - start] = b &- 0x41 < 26 ? b | 0x20 : b
            }
            return end - start
        }
    }

    /// Records one directive (and the findings its name calls for).
    mutating func record(
        name: String,
        value: String?,
        agent: ProductToken?,
        mechanism: Mechanism,
        line: Int?,
        origin: RobotsMetaDirective.Origin
    ) {
        if let meant = vocabulary.typos[name] {
            notes.append(.typo(name: name, meant: meant, line: line, origin: origin, document: document))
            return
        }
        if name == "noai" || name == "noimageai", !reportedNonStandard.contains(name) {
            reportedNonStandard.append(name)
            notes.append(.nonstandard(name: name, line: line, origin: origin, document: document))
        }
        directives.append(
            RobotsMetaDirective(
                name: name,
                value: value,
                agent: agent,
                mechanism: mechanism,
                document: document,
                line: line,
                origin: origin
            )
        )
    }

    /// `X-Robots-Tag` value: comma list, optional `crawler:` prefixes (see `RobotsMetaSource`).
    mutating func readXRobotsTag(_ full: String, field: String) {
        let value = bounded(full, what: "an \(field) header", line: nil)
        if value.utf8.allSatisfy({ $0 < 0x80 }) {
            var contiguous = value
            contiguous.withUTF8 { readXRobotsTagASCII($0, field: field, value: value) }
            return
        }
        var agent: ProductToken?
        for element in value.split(separator: ",") {
            var text = Substring(element)
            if let colon = text.firstIndex(of: ":") {
                let prefix = text[..<colon].trimmedWhitespace()
                if isCrawlerPrefix(prefix.lowercased()) {
                    agent = prefix == "*" ? nil : ProductToken(prefix)
                    text = text[text.index(after: colon)...]
                }
            }
            add(
                text,
                agent: agent,
                mechanism: .xRobotsTag,
                line: nil,
                origin: .header(field: field, value: value, agent: agent?.raw)
            )
        }
    }

    /// `readXRobotsTag` for an ASCII value (nearly every real one), on its bytes: the same
    /// elements (empty ones skipped), the same sticky `crawler:` prefixes, no substrings.
    mutating func readXRobotsTagASCII(_ bytes: UnsafeBufferPointer<UInt8>, field: String, value: String) {
        var agent: ProductToken?
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: ",") { end += 1 }
            var text = start
            if end > start {
                var colon = start
                while colon < end, bytes[colon] != UInt8(ascii: ":") { colon += 1 }
                if colon < end {
                    let prefix = Self.lowerString(bytes, start, colon)
                    if isCrawlerPrefix(prefix) {
                        if prefix == "*" {
                            agent = nil
                        } else {
                            var s = start
                            var e = colon
                            while s < e, Self.blank(bytes[s]) { s += 1 }
                            while e > s, Self.blank(bytes[e - 1]) { e -= 1 }
                            agent = ProductToken(
                                String(decoding: UnsafeBufferPointer(rebasing: bytes[s..<e]), as: UTF8.self)
                            )
                        }
                        text = colon + 1
                    }
                }
                addASCII(bytes, text, end, agent: agent, origin: .header(field: field, value: value, agent: agent?.raw))
            }
            start = end + 1
        }
    }

    /// `Robots-Tag` value (draft-illyes-repext §2): `token;rule;rule, token;rule`.
    mutating func readRobotsTag(_ full: String) {
        let value = bounded(full, what: "a Robots-Tag header", line: nil)
        for member in value.split(separator: ",") {
            let parts = member.split(separator: ";", omittingEmptySubsequences: false)
            let token = parts[0].trimmedWhitespace().trimmingCharacters(in: CharacterSet(["\""]))
            if token.isEmpty { continue }
            let agent: ProductToken? = token == "*" ? nil : ProductToken(token)
            for param in parts.dropFirst() {
                // RFC 9651 parameters: key[=value]; a rule's value is written like max-snippet=20.
                let rule = param.replacingOccurrences(of: "=", with: ":")
                    .replacingOccurrences(of: "\"", with: "")
                add(
                    Substring(rule),
                    agent: agent,
                    mechanism: .xRobotsTag,
                    line: nil,
                    origin: .robotsTag(value: value, token: token)
                )
            }
        }
    }

    /// `<meta name="robots">` or `<meta name="CRAWLER">`.
    mutating func readMeta(_ meta: HTMLHead.Meta) {
        let name = meta.name
        let agent: ProductToken?
        if name == "robots" {
            agent = nil
        } else if !name.isEmpty, !RobotsMetaSource.nonCrawlerNames.contains(name), !name.contains(":"),
            isCrawlerPrefix(name)
        {
            agent = ProductToken(name)
        } else {
            return
        }
        let content = bounded(meta.content, what: "<meta name=\"\(name)\"> content", line: meta.line)
        for element in content.split(separator: ",") {
            add(
                element,
                agent: agent,
                mechanism: .metaRobots,
                line: meta.line,
                origin: .meta(name: name, content: content)
            )
        }
    }
}
