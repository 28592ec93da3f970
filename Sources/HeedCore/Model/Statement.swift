// SPDX-License-Identifier: Apache-2.0
// Heed: one preference statement with its scope and provenance (SIGNALS.md §11.1).

/// Where a statement came from, precisely enough for a steward to find and fix it.
public struct Provenance: Sendable, Hashable, Codable {
    /// The mechanism.
    public var mechanism: Mechanism
    /// The document: a URL, or a file path inside a snapshot.
    public var document: String
    /// The 1-based line, for line-oriented documents.
    public var line: Int?
    /// The element or header, for structured documents (`content[url=/articles/*]/prohibits`,
    /// `header Content-Usage`, `meta[name=robots]`, `tdmrep.json[2]`).
    public var element: String?
    /// The raw text the statement was read from.
    public var raw: String
    /// The spec and version assumed (`draft-ietf-aipref-vocab-08`, `RSL 1.0`).
    public var spec: String
    /// Warnings about this statement itself, short and usually none: how the reading departed from
    /// the spec to get it (a legacy AIPREF label mapped through the table, a non-canonical CC signal
    /// code, a lenient read of a non-conforming tdmrep.json, RSL 0.9 syntax, a group selected by a
    /// name outside RFC 9309's grammar). The same problems are also findings; this keeps them with
    /// the statement they concern (issue: provenance keeps "any warning"). Stored as `nil` when
    /// there are none, so the common case neither allocates nor reference-counts (statements are
    /// copied on hot paths: `heed-bench headers`).
    public var warnings: [String] {
        get { storedWarnings ?? [] }
        set { storedWarnings = newValue.isEmpty ? nil : newValue }
    }
    private var storedWarnings: [String]?

    /// Creates a provenance record.
    public init(
        mechanism: Mechanism,
        document: String,
        line: Int? = nil,
        element: String? = nil,
        raw: String,
        spec: String,
        warnings: [String] = []
    ) {
        self.mechanism = mechanism
        self.document = document
        self.line = line
        self.element = element
        self.raw = raw
        self.spec = spec
        self.storedWarnings = warnings.isEmpty ? nil : warnings
    }

    private enum CodingKeys: String, CodingKey {
        case mechanism, document, line, element, raw, spec, warnings
    }

    /// Encodes the record; `warnings` only when there are some.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(mechanism, forKey: .mechanism)
        try c.encode(document, forKey: .document)
        try c.encodeIfPresent(line, forKey: .line)
        try c.encodeIfPresent(element, forKey: .element)
        try c.encode(raw, forKey: .raw)
        try c.encode(spec, forKey: .spec)
        try c.encodeIfPresent(storedWarnings, forKey: .warnings)
    }

    /// Decodes a provenance record; `warnings` may be absent (records written before it existed).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        mechanism = try c.decode(Mechanism.self, forKey: .mechanism)
        document = try c.decode(String.self, forKey: .document)
        line = try c.decodeIfPresent(Int.self, forKey: .line)
        element = try c.decodeIfPresent(String.self, forKey: .element)
        raw = try c.decode(String.self, forKey: .raw)
        spec = try c.decode(String.self, forKey: .spec)
        let decoded = try c.decodeIfPresent([String].self, forKey: .warnings)
        storedWarnings = decoded?.isEmpty == false ? decoded : nil
    }

    /// `document:line` or `document (element)`, for a human.
    public var location: String {
        if let line { return "\(document):\(line)" }
        if let element { return "\(document) (\(element))" }
        return document
    }
}

/// One preference: "robots.txt line 12 of example.org, group `*`: `ai_train` deny".
///
/// A statement is already resolved to the URL and agent it was evaluated for: scope matching
/// (groups, path patterns, user classes) happens in each mechanism's own resolver, which knows
/// its spec's precedence. What remains here is what folding needs.
public struct Statement: Sendable, Hashable, Codable {
    /// The use category.
    public var category: UseCategory
    /// The value for that category.
    public var value: PreferenceValue
    /// Conditions, for `conditional`.
    public var obligations: [Obligation]
    /// Where it was said.
    public var provenance: Provenance
    /// A scope limit the folded value cannot show (`user class: non-commercial`,
    /// `geo: EU`), or `nil` when the statement applies to every user.
    public var scopeNote: String?
    /// True when the statement was derived (a parent's deny inherited, a crawler's purpose)
    /// rather than stated for this category.
    public var inherited: Bool
    /// Other ways to meet the statement, each a complete list of obligations (RSL 1.0 §3.3: the
    /// other `<license>` elements of the content that also grant the use). Filled only when the
    /// reported obligations limit who or where (`user_class`, `region`), so an audit whose actor or
    /// jurisdiction is outside those limits can use an alternative that admits it. Empty otherwise.
    public var alternatives: [[Obligation]]

    /// Creates a statement.
    public init(
        _ category: UseCategory,
        _ value: PreferenceValue,
        obligations: [Obligation] = [],
        provenance: Provenance,
        scopeNote: String? = nil,
        inherited: Bool = false,
        alternatives: [[Obligation]] = []
    ) {
        self.category = category
        self.value = value
        self.obligations = obligations
        self.provenance = provenance
        self.scopeNote = scopeNote
        self.inherited = inherited
        self.alternatives = alternatives
    }
}
