// SPDX-License-Identifier: Apache-2.0
// HeedAudit: one URL of the steward's site as `heed verify` judged it at its capture date.

public import HeedCore

/// The statement that decided a restrictive verdict: where it is and what it says.
public struct VerifyStatement: Sendable, Hashable {
    /// The mechanism's JSON name (`robots.access` for a robots.txt access rule).
    public var mechanism: String
    /// The document (stored URL, or `host/path` for a snapshot).
    public var document: String
    /// The line in the document, when it has one.
    public var line: Int?
    /// The statement's text (for an access decision without a rule, such as a robots.txt that
    /// answered 5xx, the reason).
    public var raw: String

    /// Creates a statement.
    public init(mechanism: String, document: String, line: Int?, raw: String) {
        self.mechanism = mechanism
        self.document = document
        self.line = line
        self.raw = raw
    }

    /// True when `other` states the same thing in the same document. Lines are not compared:
    /// adding a line above a rule moves it without changing what is in force.
    func same(_ other: VerifyStatement) -> Bool {
        mechanism == other.mechanism && document == other.document && raw == other.raw
    }

    /// The statements behind a restrictive verdict: the access rule for `blocked`, the deciding
    /// statements (strongest first) for `opted-out`; empty otherwise.
    static func of(_ verdict: Verdict) -> [VerifyStatement] {
        switch verdict.kind {
        case .blocked:
            let a = verdict.access
            return [
                VerifyStatement(
                    mechanism: Mechanism.robotsAccess.rawValue,
                    document: a.document ?? "",
                    line: a.line,
                    raw: a.text ?? a.reason
                )
            ]
        case .optedOut:
            return verdict.deciding.map { s in
                VerifyStatement(
                    mechanism: s.provenance.mechanism.rawValue,
                    document: s.provenance.document,
                    line: s.provenance.line,
                    raw: s.provenance.raw
                )
            }
        default:
            return []
        }
    }
}

/// One URL of the site, judged against the signals in force when it was collected.
public struct VerifiedURL: Sendable {
    /// The URL as read from the manifest.
    public var url: String
    /// Its manifest line (WARC: record number).
    public var line: Int
    /// Its host, lower case.
    public var host: String
    /// When it was collected (Unix seconds), or `nil` for an undated entry.
    public var captured: Int64?
    /// The verdict under the signals in force at `captured`; `nil` for an undated entry.
    public var verdict: VerdictKind?
    /// For `opted-out` and `blocked` (and an undated URL whose opt-out was in force over the
    /// whole history): the deciding statement.
    public var statement: VerifyStatement?
    /// Since when Heed has seen `statement` in force, without a break up to the capture: the
    /// first fetch of the earliest version in that unbroken run (Unix seconds).
    public var inForceSince: Int64?
    /// True when `statement` was already in force at Heed's first fetch of the host, so it may
    /// be older than `inForceSince` ("in force since at least").
    public var sinceFirstSighting: Bool
    /// Why the verdict is `unknown` or the entry undated, for a human.
    public var note: String?

    /// True when the URL was collected despite an opt-out already in force: the verdict at the
    /// capture date is `opted-out` or `blocked`.
    public var violation: Bool { verdict == .optedOut || verdict == .blocked }
}
