// SPDX-License-Identifier: Apache-2.0
// HeedAudit: one audited URL and its per-URL output formats (`--format jsonl|csv`).
// Spec: issue 5 "Output"; RFC 8259 (JSON), JSON Lines (one object per line), RFC 4180 (CSV).

public import HeedCore

/// One audited URL: the URL as read from the manifest, its host, and its verdict.
public struct AuditRecord: Sendable {
    /// The URL as read from the manifest.
    public var url: String
    /// The URL's host (lower case, as the auditor keys its signals).
    public var host: String
    /// The verdict under the declared use.
    public var verdict: Verdict

    /// Creates a record.
    public init(url: String, host: String, verdict: Verdict) {
        self.url = url
        self.host = host
        self.verdict = verdict
    }

    /// The mechanisms that decided the verdict, each once, in the order of the deciding
    /// statements. A `blocked` verdict with no deciding statement is decided by
    /// `robots.access` (the access rule in `verdict.access`).
    public var decidingMechanisms: [Mechanism] { Self.decidingMechanisms(verdict) }

    /// `decidingMechanisms` of a verdict.
    static func decidingMechanisms(_ verdict: Verdict) -> [Mechanism] {
        var seen: [Mechanism] = []
        for s in verdict.deciding where !seen.contains(s.provenance.mechanism) {
            seen.append(s.provenance.mechanism)
        }
        if seen.isEmpty && verdict.kind == .blocked { seen.append(.robotsAccess) }
        return seen
    }
}

/// The per-URL output formats of `heed audit --format`.
///
/// Both functions return one record WITHOUT its line terminator: the writer joins JSON Lines
/// records with `"\n"` and CSV records (header included) with `"\r\n"` (RFC 4180 §2.1).
public enum AuditRecordFormat {
    /// JSON Lines: one JSON object per URL, keys in this fixed order: `url`, `host`, `verdict`
    /// (the `VerdictKind` raw value), `use`, `reasons` (the deciding statements:
    /// `{mechanism, document, line, element, raw, value}`), `obligations` (`[{kind, detail}]`),
    /// `exception` (`{id, clause, summary}` or `null`), `access` (`{value, document, line}`),
    /// `note`. Absent optional values are `null`, never omitted. Strings are escaped per
    /// RFC 8259 §7; non-ASCII text is written as UTF-8.
    case jsonl
    /// CSV (RFC 4180): the columns of `csvHeader`.
    case csv

    /// The JSON Lines object for `r` (no trailing newline).
    public static func jsonl(_ r: AuditRecord) -> String {
        let v = r.verdict
        let reasons = v.deciding.map { s in
            ReportJSON.object([
                ("mechanism", .string(s.provenance.mechanism.rawValue)),
                ("document", .string(s.provenance.document)),
                ("line", .optional(s.provenance.line)),
                ("element", .optional(s.provenance.element)),
                ("raw", .string(s.provenance.raw)),
                ("value", .string(s.value.rawValue)),
            ])
        }
        let obligations = v.obligations.map { o in
            ReportJSON.object([("kind", .string(o.kind.rawValue)), ("detail", .optional(o.detail))])
        }
        let exception: ReportJSON =
            v.exception.map { e in
                .object([("id", .string(e.id)), ("clause", .string(e.clause)), ("summary", .string(e.summary))])
            } ?? .null
        let access = ReportJSON.object([
            ("value", .string(v.access.value.rawValue)),
            ("document", .optional(v.access.document)),
            ("line", .optional(v.access.line)),
        ])
        return ReportJSON.object([
            ("url", .string(r.url)),
            ("host", .string(r.host)),
            ("verdict", .string(v.kind.rawValue)),
            ("use", .string(v.use.rawValue)),
            ("reasons", .array(reasons)),
            ("obligations", .array(obligations)),
            ("exception", exception),
            ("access", access),
            ("note", .optional(v.note)),
        ]).compact()
    }

    /// The CSV header record (no line terminator).
    public static let csvHeader = "url,host,verdict,use,mechanisms,reason,obligations,exception"

    /// The CSV record for `r` (no line terminator). Columns:
    /// - `mechanisms`: `decidingMechanisms`, `;`-joined;
    /// - `reason`: the first deciding statement's `document:line` (`document (element)` when it has
    ///   no line); for a `blocked` verdict without deciding statements, the access rule's
    ///   `document:line`; empty otherwise;
    /// - `obligations`: `kind` or `kind=detail`, `;`-joined;
    /// - `exception`: the applied exception's id, or empty.
    /// Fields containing `,`, `"`, CR or LF are quoted, with `"` doubled (RFC 4180 §2.6–2.7).
    public static func csv(_ r: AuditRecord) -> String {
        let v = r.verdict
        var reason = v.deciding.first?.provenance.location ?? ""
        if reason.isEmpty, v.kind == .blocked, let doc = v.access.document {
            reason = v.access.line.map { "\(doc):\($0)" } ?? doc
        }
        let obligations = v.obligations.map { o in o.detail.map { "\(o.kind.rawValue)=\($0)" } ?? o.kind.rawValue }
        let fields = [
            r.url,
            r.host,
            v.kind.rawValue,
            v.use.rawValue,
            r.decidingMechanisms.map(\.rawValue).joined(separator: ";"),
            reason,
            obligations.joined(separator: ";"),
            v.exception?.id ?? "",
        ]
        return fields.map(csvField).joined(separator: ",")
    }

    /// One RFC 4180 field: quoted when it contains a comma, a double quote, CR or LF.
    static func csvField(_ s: String) -> String {
        let needsQuotes = s.utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
        guard needsQuotes else { return s }
        var out = "\""
        for c in s.unicodeScalars {
            if c == "\"" { out += "\"" }
            out.unicodeScalars.append(c)
        }
        return out + "\""
    }
}
