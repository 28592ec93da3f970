// SPDX-License-Identifier: Apache-2.0
// Heed: the audit verdict for one URL under a declared use (issue "heed audit").

/// The one verdict each audited URL gets.
public enum VerdictKind: String, Sendable, Codable, CaseIterable, Comparable {
    /// Nothing restricts the declared use.
    case ok
    /// Allowed if obligations are met (credit, payment, contribution, open model, licence token).
    case conditional
    /// A signal denies the declared use.
    case optedOut = "opted-out"
    /// A signal denies it, but a public-interest exception of the profile applies.
    case exception
    /// The agent may not fetch the URL (robots.txt access).
    case blocked
    /// The signals could not be determined (never fetched, fetch failed).
    case unknown

    /// Severity order for `--fail-on`: ok < conditional < exception < unknown < opted-out < blocked.
    public var rank: Int {
        switch self {
        case .ok: 0
        case .conditional: 1
        case .exception: 2
        case .unknown: 3
        case .optedOut: 4
        case .blocked: 5
        }
    }

    public static func < (a: VerdictKind, b: VerdictKind) -> Bool { a.rank < b.rank }
}

/// A public-interest exception that a profile applies, with the clause it rests on.
public struct AppliedException: Sendable, Hashable, Codable {
    /// Stable id (`eu-dsm-art3`).
    public var id: String
    /// The legal clause (`Directive (EU) 2019/790 Art. 3`).
    public var clause: String
    /// One sentence for a human; never legal advice.
    public var summary: String

    /// Creates an applied exception.
    public init(id: String, clause: String, summary: String) {
        self.id = id
        self.clause = clause
        self.summary = summary
    }
}

/// The verdict for one URL, with the statements that decide it.
public struct Verdict: Sendable, Hashable {
    /// The verdict.
    public var kind: VerdictKind
    /// The declared use it answers.
    public var use: UseCategory
    /// The deciding statements (mechanism, document, line): the opt-outs for `opted-out` and
    /// `exception`, the conditional ones for `conditional`, empty for `ok`.
    public var deciding: [Statement]
    /// For `conditional`: what must be done.
    public var obligations: [Obligation]
    /// For `exception`: the exception applied. The opt-outs it overrides stay in `deciding`.
    public var exception: AppliedException?
    /// For `blocked`: the robots.txt decision; always filled.
    public var access: AccessResult
    /// For `unknown`: why the signals could not be determined.
    public var note: String?

    /// Creates a verdict.
    public init(
        kind: VerdictKind,
        use: UseCategory,
        deciding: [Statement] = [],
        obligations: [Obligation] = [],
        exception: AppliedException? = nil,
        access: AccessResult,
        note: String? = nil
    ) {
        self.kind = kind
        self.use = use
        self.deciding = deciding
        self.obligations = obligations
        self.exception = exception
        self.access = access
        self.note = note
    }
}
