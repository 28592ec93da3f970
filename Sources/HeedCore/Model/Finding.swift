// SPDX-License-Identifier: Apache-2.0
// Heed: findings, the one shape every mechanism uses to report what a steward should fix.

/// How much a finding matters to the people who read a site's signals.
///
/// Ordered: `error` sorts before `warning` before `info`, so a lint report can rank by consequence.
public enum Severity: String, Sendable, Codable, Comparable, CaseIterable {
    /// The statement cannot mean what its author intended, or changes what crawlers do.
    case error
    /// Likely a mistake, or read differently by different crawlers.
    case warning
    /// Worth knowing; no effect on any crawler Heed knows of.
    case info

    var rank: Int {
        switch self {
        case .error: 0
        case .warning: 1
        case .info: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// One thing wrong or ambiguous in a document, with where it is.
///
/// Parsers never throw on bad bytes: they record a `Finding` and go on (RFC 9309 section 2.2:
/// "crawlers MUST try to parse each line"). Findings are sorted by line for display.
public struct Finding: Sendable, Hashable, Codable {
    /// A stable, kebab-case identifier of the kind of finding (`typo`, `invalid-token`, ...).
    public var code: String
    /// How much it matters.
    public var severity: Severity
    /// The 1-based line it is about, or `nil` for the whole document.
    public var line: Int?
    /// One sentence for a human: what is wrong and what to do.
    public var message: String
    /// The text of the line (or an excerpt), when there is one.
    public var text: String?
    /// The spec clause the finding rests on, such as `RFC 9309 §2.2.1`.
    public var clause: String?
    /// The document it is about (a URL or snapshot path), when a report spans several.
    public var document: String?
    /// What a steward should change to resolve it, in one imperative sentence; `nil` until
    /// `FindingCatalog.completed(_:)` fills in the default fix of the finding's code.
    public var fix: String?

    /// Creates a finding.
    public init(
        code: String,
        severity: Severity,
        line: Int?,
        message: String,
        text: String? = nil,
        clause: String? = nil,
        document: String? = nil,
        fix: String? = nil
    ) {
        self.code = code
        self.severity = severity
        self.line = line
        self.message = message
        self.text = text
        self.clause = clause
        self.document = document
        self.fix = fix
    }
}
