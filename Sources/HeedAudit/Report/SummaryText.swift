// SPDX-License-Identifier: Apache-2.0
// HeedAudit: the terminal summary of an audit and its one-line form (`--quiet`).
// Spec: issue 5 "Output" (totals per verdict, per mechanism, top hosts by opted-out URLs, share of
// URLs and hosts affected, in the manner of the tables of the "Consent in Crisis" audit).

public import HeedCore

/// The human summary `heed audit` prints on the terminal.
public enum SummaryText {
    /// How many hosts the top-hosts table lists.
    public static let topHostLimit = 10

    /// The multi-line summary: a heading (URLs, hosts, use, profile), the verdict table (URLs and
    /// percent of URLs; the unknown row says how the totals count it), the deciding-mechanism
    /// table (URLs and percent of URLs: a URL decided by several mechanisms counts under each),
    /// the top 10 hosts by opted-out URLs, the share of URLs and hosts affected (opted out,
    /// blocked or under an exception), the signal dates and the manifest problems.
    /// Ends with a newline.
    public static func render(_ s: AuditSummary, profile: String, use: UseCategory) -> String {
        var out = "heed audit: \(s.urls) URLs on \(s.distinctHosts) hosts, use \(use.rawValue), profile \(profile)\n"

        out += "\n"
        var rows: [[String]] = [["verdict", "URLs", "% of URLs"]]
        for kind in VerdictKind.allCases {
            var label = kind.rawValue
            if kind == .unknown && s.unknownAs != .unknown { label += " (counted as \(s.unknownAs.rawValue))" }
            rows.append([label, String(s.count(kind)), percent(s.count(kind), of: s.urls)])
        }
        out += table(rows, rightAligned: [1, 2])

        out += "\n"
        let mechanisms = s.mechanisms.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        if mechanisms.isEmpty {
            out += "deciding mechanism: none (no URL was restricted or conditional)\n"
        } else {
            rows = [["deciding mechanism", "URLs", "% of URLs"]]
            for (m, n) in mechanisms { rows.append([m, String(n), percent(n, of: s.urls)]) }
            out += table(rows, rightAligned: [1, 2])
        }

        out += "\n"
        let top = s.topHosts(by: .optedOut, limit: topHostLimit)
        if top.isEmpty {
            out += "top hosts by opted-out URLs: none\n"
        } else {
            rows = [["top hosts by opted-out URLs", "opted-out", "of URLs", "%"]]
            for h in top { rows.append([h.host, String(h.count), String(h.of), percent(h.count, of: h.of)]) }
            out += table(rows, rightAligned: [1, 2, 3])
        }

        out += "\n"
        out += "affected (opted-out, blocked or exception): \(s.urlsAffected) of \(s.urls) URLs "
        out += "(\(percent(s.urlsAffected, of: s.urls))), \(s.hostsAffected) of \(s.distinctHosts) hosts "
        out += "(\(percent(s.hostsAffected, of: s.distinctHosts)))\n"
        if s.count(.unknown) > 0 && s.unknownAs != .unknown {
            out += "unknown: \(s.count(.unknown)) URLs counted as \(s.unknownAs.rawValue) "
            out += "(--unknown); \(s.unknownAs.rawValue) with them: \(s.effectiveCount(s.unknownAs)) URLs "
            out += "(\(percent(s.effectiveCount(s.unknownAs), of: s.urls)))\n"
        }
        if let oldest = s.oldestSignal, let newest = s.newestSignal {
            out += "signals fetched: \(oldest) to \(newest)\n"
        }
        out += "manifest: \(s.manifestEntries) entries, \(s.manifestProblems) unreadable\n"
        for p in s.firstProblems { out += "  \(p)\n" }
        if s.manifestProblems > s.firstProblems.count {
            out += "  ... and \(s.manifestProblems - s.firstProblems.count) more\n"
        }
        return out
    }

    /// One line for `--quiet`, no newline:
    /// `N URLs, H hosts: ok A, conditional B, opted-out C, exception D, blocked E, unknown F
    /// (as opted-out); affected X% of URLs, Y% of hosts; P unreadable manifest lines`.
    public static func line(_ s: AuditSummary) -> String {
        let counts = VerdictKind.allCases.map { "\($0.rawValue) \(s.count($0))" }.joined(separator: ", ")
        var out = "\(s.urls) URLs, \(s.distinctHosts) hosts: \(counts)"
        if s.unknownAs != .unknown { out += " (as \(s.unknownAs.rawValue))" }
        out += "; affected \(percent(s.urlsAffected, of: s.urls)) of URLs, "
        out += "\(percent(s.hostsAffected, of: s.distinctHosts)) of hosts"
        out += "; \(s.manifestProblems) unreadable manifest lines"
        return out
    }

    /// `n` of `total` as a percentage with one decimal, rounded half up (`"33.3%"`); `"0.0%"`
    /// when `total` is 0.
    static func percent(_ n: Int, of total: Int) -> String {
        guard total > 0 else { return "0.0%" }
        let tenths = (n * 1000 + total / 2) / total
        return "\(tenths / 10).\(tenths % 10)%"
    }

    /// Columns padded to their widest cell (counted in characters), two spaces apart; the
    /// columns in `rightAligned` are right-aligned. Ends with a newline.
    static func table(_ rows: [[String]], rightAligned: Set<Int>) -> String {
        var widths: [Int] = []
        for row in rows {
            for (i, cell) in row.enumerated() {
                if i >= widths.count { widths.append(0) }
                widths[i] = max(widths[i], cell.count)
            }
        }
        var out = ""
        for row in rows {
            var cells: [String] = []
            for (i, cell) in row.enumerated() {
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                if i == row.count - 1 && !rightAligned.contains(i) {
                    cells.append(cell)
                } else {
                    cells.append(rightAligned.contains(i) ? pad + cell : cell + pad)
                }
            }
            out += cells.joined(separator: "  ") + "\n"
        }
        return out
    }
}
