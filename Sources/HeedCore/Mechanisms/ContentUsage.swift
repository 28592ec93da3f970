// SPDX-License-Identifier: Apache-2.0
// Heed: IETF AIPREF usage preferences (`Content-Usage`), in an HTTP header or a robots.txt rule.
// Spec: draft-ietf-aipref-vocab-08 §4 (labels) and §6 (serialization, processing: §6.5), read with
// RFC 9651 §4.2.2; draft-ietf-aipref-attach-05 §2 (HTTP header field). robots.txt: RobotsSignals.

public import Foundation

/// The AIPREF label table (`SignalSpecs/vocabularies/aipref.json`): the current labels and the
/// labels of older drafts, each mapped to a use category.
public struct AIPrefVocabulary: Sendable {
    /// One label.
    public struct Label: Sendable, Hashable, Codable {
        /// The label (a dictionary key, case-sensitive).
        public var label: String
        /// The category it states.
        public var category: UseCategory
        /// The draft that defines it (`draft-ietf-aipref-vocab-08`, or the older draft).
        public var spec: String
        /// A limit of the mapping to show with each statement (`generative AI models only`).
        public var scopeNote: String?
        /// For a legacy label, the current label to write instead.
        public var replacement: String?
        /// Categories the label also decides when the same dictionary does not state them
        /// (the fallback of drafts -01 to -04).
        public var fallback: [UseCategory]?
        /// A note for maintainers.
        public var note: String?
    }

    private struct File: Decodable {
        var version: Int
        var spec: String
        var attach: String
        var labels: [Label]
        var legacy: [Label]
    }

    /// The data version.
    public let version: Int
    /// The vocabulary draft the current labels come from.
    public let spec: String
    /// The attachment draft (`draft-ietf-aipref-attach-05`).
    public let attach: String
    /// The current labels.
    public let labels: [Label]
    /// The labels of older drafts.
    public let legacy: [Label]
    private let current: [String: Label]
    private let old: [String: Label]

    /// Decodes `aipref.json`.
    ///
    /// - Throws: `HeedCoreError` (`invalidSpecData`) naming `location` when the data is not a
    ///   version-1 table.
    public init(json data: Data, location: String = "aipref.json") throws(HeedCoreError) {
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch {
            throw HeedCoreError(.invalidSpecData, location: location, "cannot read the AIPREF vocabulary: \(error)")
        }
        guard file.version == 1 else {
            throw HeedCoreError(.invalidSpecData, location: location, "unsupported version \(file.version)")
        }
        version = file.version
        spec = file.spec
        attach = file.attach
        labels = file.labels
        legacy = file.legacy
        current = Dictionary(file.labels.map { ($0.label, $0) }, uniquingKeysWith: { a, _ in a })
        old = Dictionary(file.legacy.map { ($0.label, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The entry for a dictionary key: a current label first (a label reused by a newer draft has
    /// the newer meaning, as `ai-use`), then a legacy one.
    public func lookup(_ key: String) -> (label: Label, legacy: Bool)? {
        if let l = current[key] { return (l, false) }
        if let l = old[key] { return (l, true) }
        return nil
    }

    /// Every category some label (current or legacy) maps to, sorted.
    public var categories: [UseCategory] {
        Array(Set(labels.map(\.category) + legacy.map(\.category))).sorted()
    }
}

/// One statement of preference read from a `Content-Usage` value (a Structured Fields
/// dictionary), resolved to one value per stated category.
///
/// Processing (vocab §6.5): Token `y` is allow, Token `n` is deny, anything else (a boolean, a
/// string, another token, an inner list) is unknown; only the last of repeated keys counts
/// (RFC 9651 §4.2.2); parameters are ignored except CC signals' `exceptions` when a CC table is
/// given. A dictionary that fails to parse makes every category unknown.
///
/// Decisions: legacy labels are read through the table (a -08 consumer ignores them) with an
/// info finding; when a current and a legacy label state the same category the current one wins,
/// otherwise the most restrictive value wins; a parse failure yields an `unknown` entry for every
/// category the table knows, so the statement keeps its provenance.
public struct ContentUsagePreference: Sendable, Hashable {
    /// The value of one category.
    public struct Entry: Sendable, Hashable {
        /// The label as written (`train-ai`), or `*` for a parse failure.
        public var label: String
        /// The category.
        public var category: UseCategory
        /// The value.
        public var value: PreferenceValue
        /// For `conditional`: the CC signal's obligations.
        public var obligations: [Obligation]
        /// The spec the label was read under (`draft-ietf-aipref-vocab-08`,
        /// `draft-ietf-aipref-vocab-02 + CC signals 0.1`).
        public var spec: String
        /// A limit of the mapping (`generative AI models only ...`), if any.
        public var scopeNote: String?
        /// True for a label of an older draft.
        public var legacy: Bool
        /// True when the category was decided by a legacy label's fallback, not stated.
        public var inherited: Bool
        /// How the reading departed from the current vocabulary (a legacy label mapped through the
        /// versioned table, a non-canonical CC signal code); empty when it did not.
        public var warnings: [String] = []
    }

    /// One entry per stated category, in category order.
    public var entries: [Entry]
    /// The dictionary's parse error, if it failed.
    public var parseError: SFParseError?
    /// What a steward should fix.
    public var findings: [Finding]

    /// Reads a preference string.
    ///
    /// - Parameters:
    ///   - value: the dictionary text (header value, or the preference part of a robots.txt rule).
    ///   - vocabulary: the AIPREF label table.
    ///   - ccSignals: the CC signals table; `nil` reads as a CC-unaware AIPREF consumer (an
    ///     `exceptions` parameter is ignored, so `n;exceptions=cc-cr` stays a deny).
    ///   - line: the line findings refer to (robots.txt), or `nil` (a header).
    public init(
        parsing value: String,
        vocabulary: AIPrefVocabulary,
        ccSignals: CCSignalsVocabulary? = nil,
        line: Int? = nil
    ) {
        var sink = FindingSink()
        self.init(parsing: value, vocabulary: vocabulary, ccSignals: ccSignals, line: line, into: &sink)
        findings = sink.finish()
    }

    init(
        parsing value: String,
        vocabulary: AIPrefVocabulary,
        ccSignals: CCSignalsVocabulary?,
        line: Int?,
        into sink: inout FindingSink
    ) {
        findings = []
        let clause = "\(vocabulary.spec) §6.5"
        switch StructuredFields.parseDictionary(value) {
        case .failure(let error):
            parseError = error
            entries = Self.unreadableEntries(error.message, vocabulary: vocabulary)
            sink.add(
                Finding(
                    code: "content-usage-parse-error",
                    severity: .error,
                    line: line,
                    message:
                        "'\(value)' is not a Structured Fields dictionary (\(error)): every preference in it is "
                        + "unknown. Write lower-case labels with y or n, such as 'train-ai=n, search=y'",
                    text: value,
                    clause: "\(clause); RFC 9651 §4.2.2"
                )
            )
        case .success(let dictionary):
            parseError = nil
            entries = ContentUsagePreference.read(
                dictionary,
                vocabulary: vocabulary,
                ccSignals: ccSignals,
                line: line,
                into: &sink
            )
        }
    }

    /// A preference that could not be read at all (`why`): every category the table knows is
    /// unknown, as after a parse failure. The caller records the finding.
    init(unreadable why: String, vocabulary: AIPrefVocabulary) {
        parseError = nil
        findings = []
        entries = Self.unreadableEntries(why, vocabulary: vocabulary)
    }

    /// Every category the table knows, unknown, noted as unreadable for `why`.
    private static func unreadableEntries(_ why: String, vocabulary: AIPrefVocabulary) -> [Entry] {
        vocabulary.categories.map {
            Entry(
                label: "*",
                category: $0,
                value: .unknown,
                obligations: [],
                spec: vocabulary.spec,
                scopeNote: "unreadable: \(why)",
                legacy: false,
                inherited: false
            )
        }
    }

    /// The value of a category (`unknown` when not stated).
    public func value(of category: UseCategory) -> PreferenceValue {
        entries.first { $0.category == category }?.value ?? .unknown
    }

    /// The entry of a category, if stated.
    public func entry(_ category: UseCategory) -> Entry? {
        entries.first { $0.category == category }
    }

    private static func read(
        _ dictionary: SFDictionary,
        vocabulary: AIPrefVocabulary,
        ccSignals: CCSignalsVocabulary?,
        line: Int?,
        into sink: inout FindingSink
    ) -> [Entry] {
        let clause = "\(vocabulary.spec) §6.5"
        var read: [Entry] = []
        for member in dictionary.members {
            guard let (label, legacy) = vocabulary.lookup(member.key) else {
                sink.add(
                    Finding(
                        code: "content-usage-unknown-label",
                        severity: .info,
                        line: line,
                        message:
                            "'\(member.key)' is not an AIPREF label; readers ignore it. The labels are "
                            + "\(vocabulary.labels.map(\.label).joined(separator: ", "))",
                        text: member.key,
                        clause: "\(vocabulary.spec) §6.4"
                    )
                )
                continue
            }
            if legacy {
                let instead = label.replacement.map { "; write '\($0)' instead" } ?? ""
                sink.add(
                    Finding(
                        code: "content-usage-legacy-label",
                        severity: .info,
                        line: line,
                        message:
                            "'\(member.key)' is a label of \(label.spec), not of \(vocabulary.spec): current readers "
                            + "ignore it; Heed reads it as \(label.category.rawValue)\(instead)",
                        text: member.key,
                        clause: "\(vocabulary.spec) §6.4"
                    )
                )
            }
            var value = PreferenceValue.unknown
            var obligations: [Obligation] = []
            var spec = label.spec
            var scopeNote = label.scopeNote
            var warnings: [String] = []
            if legacy {
                warnings.append(
                    "legacy label '\(member.key)' of \(label.spec) read as \(label.category.rawValue) "
                        + "(SignalSpecs aipref.json)"
                )
            }
            if case .item(let item) = member.member, case .token(let t) = item.bareItem, t == "y" || t == "n" {
                value = t == "y" ? .allow : .deny
                if let cc = ccSignals, let exc = item.parameter(cc.parameter) {
                    if t == "n" {
                        if let reading = cc.read(exceptions: exc, label: member.key, line: line, into: &sink) {
                            value = .conditional
                            obligations = reading.obligations
                            spec += " + \(cc.spec)"
                            let note = "\(cc.spec) \(reading.code): disallowed unless its conditions are met"
                            scopeNote = scopeNote.map { "\($0); \(note)" } ?? note
                            if !reading.canonical {
                                let kinds = reading.obligations.map(\.kind.rawValue).joined(separator: " + ")
                                warnings.append("non-canonical CC signal code '\(reading.raw)' read as \(kinds)")
                            }
                        }
                    } else {
                        sink.add(
                            Finding(
                                code: "cc-signal-on-allow",
                                severity: .warning,
                                line: line,
                                message:
                                    "'\(member.key)=y' carries \(cc.parameter)=...: a CC signal is an exception to a "
                                    + "disallow and means nothing on 'y'; the preference stays allow. "
                                    + "Write '\(member.key)=n;\(cc.parameter)=...' for 'no, unless'",
                                text: member.key,
                                clause: "\(cc.spec), creativecommons/cc-signals README 'Implementation'"
                            )
                        )
                    }
                }
            } else {
                warnings.append("\(member.key): \(describe(member.member)), not y or n: unknown")
                sink.add(
                    Finding(
                        code: "content-usage-invalid-value",
                        severity: .warning,
                        line: line,
                        message:
                            "'\(member.key)' has \(describe(member.member)), not the token y or n: the preference is "
                            + "unknown. Write '\(member.key)=y' or '\(member.key)=n'",
                        text: member.key,
                        clause: clause
                    )
                )
            }
            read.append(
                Entry(
                    label: member.key,
                    category: label.category,
                    value: value,
                    obligations: obligations,
                    spec: spec,
                    scopeNote: scopeNote,
                    legacy: legacy,
                    inherited: false,
                    warnings: warnings
                )
            )
            for child in label.fallback ?? [] {
                read.append(
                    Entry(
                        label: member.key,
                        category: child,
                        value: value,
                        obligations: obligations,
                        spec: spec,
                        scopeNote: "\(member.key) (\(label.spec)) falls back to \(child.rawValue)",
                        legacy: legacy,
                        inherited: true,
                        warnings: warnings
                    )
                )
            }
        }
        var out: [Entry] = []
        for category in UseCategory.allCases {
            let candidates = read.filter { $0.category == category }
            guard !candidates.isEmpty else { continue }
            // Stated before inherited, current before legacy, then the most restrictive.
            let best = candidates.enumerated().min { a, b in
                let x = a.element
                let y = b.element
                if x.inherited != y.inherited { return !x.inherited }
                if x.legacy != y.legacy { return !x.legacy }
                if x.value.strength != y.value.strength { return x.value.strength > y.value.strength }
                return a.offset < b.offset
            }!.element
            out.append(best)
        }
        return out
    }

    private static func describe(_ member: SFMember) -> String {
        switch member {
        case .innerList: return "an inner list"
        case .item(let item):
            switch item.bareItem {
            case .boolean(true): return "no value (a bare key is the boolean true)"
            case .boolean(false): return "the boolean ?0"
            case .token(let t): return "the token '\(t)'"
            case .string(let s): return "the string \"\(s)\""
            case .integer(let i): return "the integer \(i)"
            case .decimal(let d): return "the decimal \(d)"
            case .byteSequence: return "a byte sequence"
            case .date: return "a date"
            case .displayString: return "a display string"
            }
        }
    }
}

/// The HTTP `Content-Usage` header of one response (draft-ietf-aipref-attach-05 §2).
///
/// The field is representation metadata: its preferences apply to the content of that response
/// only, so `statements(for:)` answers only a query for the document's own URL (same path and
/// query after RFC 9309 normalization, and the same host when both name one). Repeated fields are
/// combined with `, ` before parsing (RFC 9110 §5.3, RFC 9651 §4.2). Access (`crawlable`) is not
/// consulted: the response was fetched.
///
/// Size: the combined value is read only up to `valueLimit` (8 KiB, the limit the `X-Robots-Tag`
/// and TDMRep header readers use; common servers refuse a longer header field: nginx's default
/// `large_client_header_buffers` and Apache's `LimitRequestFieldSize` are 8 KiB). A longer value is
/// not parsed at all, not cut: a dictionary's last repeated key wins (RFC 9651 §4.2.2), so a prefix
/// can state the opposite of the whole. It reads as a parse failure (every category unknown) with
/// a `size-limit-exceeded` finding, and the statements and findings quote only an excerpt of it
/// (`excerpt(_:)`), so the output stays small whatever the header holds.
public struct ContentUsageHeader: SignalSource {
    /// Longest combined `Content-Usage` value read (bytes).
    public static let valueLimit = RobotsMetaSource.valueLimit
    /// Longest excerpt of the raw value kept in a statement or finding (characters).
    static let excerptLimit = 200

    /// The combined header value, or `nil` when the response has none.
    public let value: String?
    /// The reading, when there is a header.
    public let preference: ContentUsagePreference?
    /// What a steward should fix.
    public let findings: [Finding]
    private let url: String
    private let resolved: [Statement]

    /// Reads the `Content-Usage` header of `document`.
    ///
    /// - Parameters:
    ///   - document: the response.
    ///   - vocabulary: the AIPREF label table.
    ///   - ccSignals: the CC signals table; `nil` reads as a CC-unaware AIPREF consumer.
    public init(document: Document, vocabulary: AIPrefVocabulary, ccSignals: CCSignalsVocabulary? = nil) {
        url = document.url
        let fields = document.headers.values("Content-Usage")
        guard !fields.isEmpty else {
            value = nil
            preference = nil
            findings = []
            resolved = []
            return
        }
        // Combined length (RFC 9110 §5.3 joins repeated fields with ", ") without building it.
        let size = fields.reduce(2 * (fields.count - 1)) { $0 + $1.utf8.count }
        let value: String
        var preference: ContentUsagePreference
        if size > ContentUsageHeader.valueLimit {
            value = ContentUsageHeader.excerpt(fields[0])
            preference = ContentUsagePreference(
                unreadable: "the value has \(size) bytes, over Heed's limit of \(ContentUsageHeader.valueLimit)",
                vocabulary: vocabulary
            )
            preference.findings = [
                Finding(
                    code: "size-limit-exceeded",
                    severity: .error,
                    line: nil,
                    message: "Content-Usage header: the value has \(size) bytes, over Heed's limit of "
                        + "\(ContentUsageHeader.valueLimit); it was not read, so every preference in it is unknown "
                        + "(a cut value could say the opposite: the last repeated label wins)",
                    text: value,
                    clause: "draft-ietf-aipref-attach-05 §2; RFC 9651 §4.2",
                    document: document.location,
                    fix: "send one short Content-Usage field, e.g. 'train-ai=n, search=y' (a few dozen bytes)"
                )
            ]
        } else {
            value = fields.joined(separator: ", ")
            preference = ContentUsagePreference(parsing: value, vocabulary: vocabulary, ccSignals: ccSignals)
            preference.findings = preference.findings.map { f in
                var f = f
                f.message = "Content-Usage header: " + f.message
                return f
            }
        }
        self.value = value
        self.preference = preference
        findings = preference.findings
        let raw = ContentUsageHeader.excerpt(value)
        resolved = preference.entries.map { entry in
            Statement(
                entry.category,
                entry.value,
                obligations: entry.obligations,
                provenance: Provenance(
                    mechanism: .httpContentUsage,
                    document: document.location,
                    element: "header Content-Usage",
                    raw: raw,
                    spec: "\(vocabulary.attach) §2; \(entry.spec)",
                    warnings: entry.warnings
                ),
                scopeNote: entry.scopeNote,
                inherited: entry.inherited
            )
        }
    }

    /// `text` when it is at most `excerptLimit` characters, else its first `excerptLimit`
    /// characters and `…`: what statements and findings quote of a header value.
    static func excerpt(_ text: String) -> String {
        guard text.utf8.count > excerptLimit else { return text }
        return String(text.prefix(excerptLimit)) + "…"
    }

    /// The header's statements when `query` is for this response's URL; none otherwise.
    public func statements(for query: SignalQuery) -> [Statement] {
        guard !resolved.isEmpty, ContentUsageHeader.sameResource(url, query) else { return [] }
        return resolved
    }

    static func sameResource(_ url: String, _ query: SignalQuery) -> Bool {
        guard RobotsPath.normalizedURLPath(url) == query.path else { return false }
        guard let a = host(of: url), let b = host(of: query.url) else { return true }
        return a == b
    }

    /// The lower-cased authority of an absolute URL (userinfo dropped), or `nil` for a bare path.
    static func host(of url: String) -> String? {
        guard let scheme = url.range(of: "://") else { return nil }
        let rest = url[scheme.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let host = authority.split(separator: "@").last.map(String.init) ?? ""
        return host.isEmpty ? nil : host.lowercased()
    }
}
