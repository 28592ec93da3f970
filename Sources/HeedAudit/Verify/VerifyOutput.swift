// SPDX-License-Identifier: Apache-2.0
// HeedAudit: the text and JSON Lines outputs of `heed verify`.
// Spec: RFC 8259 (JSON; member order is the writer's, §4), JSON Lines (one object per line).

public import HeedCore

/// What a verify run was asked, for the summaries and the report.
public struct VerifyParameters: Sendable {
    /// The profile's name.
    public var profile: String
    /// The declared use.
    public var use: UseCategory
    /// The crawlers' tokens.
    public var agents: [String]
    /// The manifest path (`-`: standard input).
    public var manifest: String
    /// Where the signals came from (`store PATH`, `snapshot DIR from DATE`).
    public var source: String

    /// Creates parameters.
    public init(profile: String, use: UseCategory, agents: [String], manifest: String, source: String) {
        self.profile = profile
        self.use = use
        self.agents = agents
        self.manifest = manifest
        self.source = source
    }
}

/// The per-URL and summary outputs of `heed verify`.
public enum VerifyOutput {
    /// `inForceSince` as a phrase: "in force since at least DATE", with "(already at Heed's
    /// first fetch)" when the statement was there from the first sighting.
    public static func since(_ r: VerifiedURL) -> String {
        guard let since = r.inForceSince else { return "" }
        let tail = r.sinceFirstSighting ? " (already at Heed's first fetch of the host)" : ""
        return "in force since at least \(CaptureTime.iso(since))\(tail)"
    }

    /// A statement as `MECHANISM DOCUMENT:LINE "RAW"`.
    public static func statement(_ s: VerifyStatement) -> String {
        let place = s.line.map { "\(s.document):\($0)" } ?? s.document
        return "\(s.mechanism) \(place) \"\(s.raw)\""
    }

    /// One violation as a text line: `URL<TAB>captured DATE<TAB>VERDICT<TAB>STATEMENT<TAB>SINCE`.
    public static func textLine(_ r: VerifiedURL) -> String {
        let captured = r.captured.map { "captured \(CaptureTime.iso($0))" } ?? "undated"
        let verdict = r.verdict?.rawValue ?? "undated"
        let statement = r.statement.map(statement) ?? "-"
        return "\(r.url)\t\(captured)\t\(verdict)\t\(statement)\t\(since(r))"
    }

    /// One URL as a JSON Lines object (no newline). Keys, in this order: `url`, `line`, `host`,
    /// `captured` (ISO 8601 UTC or `null`), `verdict` (a verdict, or `undated`), `violation`,
    /// `statement` (`{mechanism, document, line, raw}` or `null`), `inForceSince` (ISO 8601 or
    /// `null`), `sinceFirstSighting`, `note`.
    ///
    /// Written directly, not through a `ReportJSON` tree: this runs once per URL of the site.
    public static func jsonLine(_ r: VerifiedURL) -> String {
        var out = "{\"url\":"
        out.reserveCapacity(256 + r.url.utf8.count)
        string(r.url, into: &out)
        out += ",\"line\":\(r.line),\"host\":"
        string(r.host, into: &out)
        out += ",\"captured\":"
        if let captured = r.captured { string(CaptureTime.iso(captured), into: &out) } else { out += "null" }
        out += ",\"verdict\":\"\(r.verdict?.rawValue ?? "undated")\",\"violation\":\(r.violation),\"statement\":"
        if let s = r.statement {
            out += "{\"mechanism\":"
            string(s.mechanism, into: &out)
            out += ",\"document\":"
            string(s.document, into: &out)
            out += ",\"line\":" + (s.line.map(String.init) ?? "null") + ",\"raw\":"
            string(s.raw, into: &out)
            out += "}"
        } else {
            out += "null"
        }
        out += ",\"inForceSince\":"
        if let since = r.inForceSince { string(CaptureTime.iso(since), into: &out) } else { out += "null" }
        out += ",\"sinceFirstSighting\":\(r.sinceFirstSighting),\"note\":"
        if let note = r.note { string(note, into: &out) } else { out += "null" }
        out += "}"
        return out
    }

    /// Appends `s` as a JSON string (RFC 8259 §7): as is when nothing needs escaping (URLs,
    /// nearly always), else through `ReportJSON.quote`.
    static func string(_ s: String, into out: inout String) {
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 != 0x22 && $0 != 0x5C }) {
            out += "\""
            out += s
            out += "\""
        } else {
            ReportJSON.quote(s, into: &out)
        }
    }

    /// The summary as one JSON object `{"summary": {...}}` (no newline); see the README for
    /// its keys.
    public static func summaryJSON(_ s: VerifySummary, _ p: VerifyParameters) -> String {
        let verdicts = ReportJSON.object(VerdictKind.allCases.map { ($0.rawValue, .int(s.count($0))) })
        let months = ReportJSON.array(
            s.months.map { m in
                .object([("month", .string(m.month)), ("urls", .int(m.urls)), ("violations", .int(m.violations))])
            }
        )
        let hosts = ReportJSON.array(
            s.hosts.map { h in
                .object([
                    ("host", .string(h.host)),
                    ("urls", .int(h.urls)),
                    ("firstSighting", .optional(h.firstSighting.map(CaptureTime.iso))),
                    ("epochs", .array(h.epochStarts.map { .string(CaptureTime.iso($0)) })),
                ])
            }
        )
        return ReportJSON.object([
            (
                "summary",
                .object([
                    ("site", .string(s.site)),
                    ("includeSubdomains", .bool(s.includeSubdomains)),
                    ("profile", .string(p.profile)),
                    ("use", .string(p.use.rawValue)),
                    ("agents", .array(p.agents.map { .string($0) })),
                    ("source", .string(p.source)),
                    ("manifest", .string(p.manifest)),
                    ("manifestEntries", .int(s.manifestEntries)),
                    ("otherHosts", .int(s.otherHosts)),
                    ("problems", .int(s.problems)),
                    ("badDates", .int(s.badDates)),
                    ("urls", .int(s.urls)),
                    ("dated", .int(s.dated)),
                    ("datedByOption", .int(s.datedByOption)),
                    ("undated", .int(s.undated)),
                    ("undatedRestrictedThroughout", .int(s.undatedRestrictedThroughout)),
                    ("violations", .int(s.violations)),
                    ("verdicts", verdicts),
                    ("beforeFirstSighting", .int(s.beforeFirstSighting)),
                    ("neverFetched", .int(s.neverFetched)),
                    ("firstCapture", .optional(s.firstCapture.map(CaptureTime.iso))),
                    ("lastCapture", .optional(s.lastCapture.map(CaptureTime.iso))),
                    ("months", months),
                    ("hosts", hosts),
                ])
            )
        ]).compact()
    }

    /// The text summary (several lines, no trailing newline).
    public static func summaryText(_ s: VerifySummary, _ p: VerifyParameters) -> String {
        var lines: [String] = []
        let scope = s.includeSubdomains ? "\(s.site) and its subdomains" : s.site
        lines.append("heed verify: \(scope) in \(p.manifest) (\(p.source))")
        lines.append(
            "  \(s.urls) URLs of the site (\(s.dated) dated, \(s.undated) undated); "
                + "\(s.otherHosts) entries of other hosts ignored; \(s.problems) unreadable"
        )
        lines.append(
            "  collected despite an opt-out already in force: \(s.violations) "
                + "(blocked \(s.blocked), opted-out \(s.optedOut)) = \(percent(s.violations, of: s.dated)) of dated URLs"
        )
        lines.append(
            "  verdicts at capture: "
                + VerdictKind.allCases.map { "\($0.rawValue) \(s.count($0))" }.joined(separator: ", ")
        )
        let first = s.hosts.compactMap(\.firstSighting).min()
        lines.append(
            "  unknown: \(s.beforeFirstSighting) captured before Heed first fetched the site"
                + (first.map { " (\(CaptureTime.iso($0)))" } ?? "") + ", \(s.neverFetched) on hosts never fetched"
        )
        if s.undated > 0 || s.badDates > 0 {
            lines.append(
                "  undated: \(s.undated) (\(s.badDates) with an unreadable date; give --collected DATE), "
                    + "\(s.undatedRestrictedThroughout) opted out over Heed's whole history of the site"
            )
        }
        lines.append(
            "  profile \(p.profile), use \(p.use.rawValue), agents \(p.agents.isEmpty ? "*" : p.agents.joined(separator: ","))"
        )
        return lines.joined(separator: "\n")
    }

    /// `part` of `whole` with one decimal ("41.7%"; "0%" of nothing).
    static func percent(_ part: Int, of whole: Int) -> String {
        guard whole > 0 else { return "0%" }
        let tenths = (part * 1000 + whole / 2) / whole
        return "\(tenths / 10).\(tenths % 10)%"
    }
}
