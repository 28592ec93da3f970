// SPDX-License-Identifier: Apache-2.0
// HeedAudit: the self-contained HTML report of an audit (`--report report.html`).
// Spec: issue 5 "Output" (one file, inline SVG charts, no scripts fetched from anywhere: totals,
// a bar chart per verdict and per mechanism, the top hosts, the findings); HTML Living Standard
// §13.1.2.6 (escaping in text and attribute values).

import HeedCore
import HeedHTML

/// Renders an audit as ONE self-contained HTML file: inline CSS, inline SVG bar charts, tables.
/// It has no scripts, no external resources and no links; every text from the audit (hosts,
/// findings, flags, problem texts) is escaped, so a hostile host name or URL shows as text.
public enum HTMLReport {
    /// The bar colour of each verdict (ok green, conditional blue, exception purple, unknown grey,
    /// opted-out orange, blocked red).
    static func colour(_ kind: VerdictKind) -> String {
        switch kind {
        case .ok: "#2e7d32"
        case .conditional: "#1565c0"
        case .optedOut: "#e65100"
        case .exception: "#6a1b9a"
        case .blocked: "#c62828"
        case .unknown: "#757575"
        }
    }

    /// The report: a heading, the key figures, a bar chart per verdict and per deciding mechanism
    /// (URLs, with percent of URLs), the top 10 hosts by opted-out URLs and by blocked URLs, the
    /// findings, the manifest problems and the run record (versions, profile, flags, dates).
    public static func render(_ s: AuditSummary, record: RunRecord, findings: [String]) -> String {
        var h = ""
        h += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        h += "<title>Heed audit: \(esc(record.profile))</title>\n<style>\n\(css)</style>\n</head>\n<body>\n"
        h += "<header><h1>Heed audit</h1>\n<p class=\"sub\">profile <b>\(esc(record.profile))</b>"
        if let use = record.flags["use"] { h += " · use <b>\(esc(use))</b>" }
        h += " · Heed \(esc(record.heedVersion)) · \(esc(record.finished))</p></header>\n<main>\n"

        // Key figures.
        let optedOut = s.count(.optedOut)
        h += "<section class=\"figures\">\n"
        h += figure(String(s.urls), "URLs", "on \(s.distinctHosts) hosts")
        h += figure(
            SummaryText.percent(s.urlsAffected, of: s.urls),
            "of URLs affected",
            "\(s.urlsAffected) opted out, blocked or under an exception"
        )
        h += figure(
            SummaryText.percent(s.hostsAffected, of: s.distinctHosts),
            "of hosts affected",
            "\(s.hostsAffected) of \(s.distinctHosts) hosts"
        )
        h += figure(String(optedOut), "opted-out URLs", SummaryText.percent(optedOut, of: s.urls) + " of URLs")
        h += "</section>\n"

        // Verdicts.
        var bars: [(label: String, value: Int, colour: String)] = VerdictKind.allCases.map {
            ($0.rawValue, s.count($0), colour($0))
        }
        h += "<section>\n<h2>URLs per verdict</h2>\n"
        h += chart(bars, total: s.urls, title: "URLs per verdict")
        if s.count(.unknown) > 0 && s.unknownAs != .unknown {
            h += "<p class=\"note\">Unknown URLs (\(s.count(.unknown))) are counted as "
            h += "<b>\(esc(s.unknownAs.rawValue))</b> in the totals (<code>--unknown</code>).</p>\n"
        }
        h += "</section>\n"

        // Mechanisms.
        h += "<section>\n<h2>URLs per deciding mechanism</h2>\n"
        let mechanisms = s.mechanisms.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        if mechanisms.isEmpty {
            h += "<p class=\"note\">No URL was restricted or conditional.</p>\n"
        } else {
            bars = mechanisms.map { ($0.key, $0.value, "#37474f") }
            h += chart(bars, total: s.urls, title: "URLs per deciding mechanism")
            h += "<p class=\"note\">A URL decided by several mechanisms counts under each.</p>\n"
        }
        h += "</section>\n"

        // Top hosts.
        for kind in [VerdictKind.optedOut, .blocked] {
            let top = s.topHosts(by: kind, limit: SummaryText.topHostLimit)
            h += "<section>\n<h2>Top hosts by \(esc(kind.rawValue)) URLs</h2>\n"
            if top.isEmpty {
                h += "<p class=\"note\">None.</p>\n</section>\n"
                continue
            }
            h += "<table>\n<thead><tr><th>host</th><th class=\"n\">\(esc(kind.rawValue))</th>"
            h += "<th class=\"n\">of URLs</th><th class=\"n\">%</th></tr></thead>\n<tbody>\n"
            for row in top {
                h += "<tr><td>\(esc(row.host))</td><td class=\"n\">\(row.count)</td><td class=\"n\">\(row.of)</td>"
                h += "<td class=\"n\">\(SummaryText.percent(row.count, of: row.of))</td></tr>\n"
            }
            h += "</tbody>\n</table>\n</section>\n"
        }

        // Findings.
        h += "<section>\n<h2>Findings (\(findings.count))</h2>\n"
        if findings.isEmpty {
            h += "<p class=\"note\">None.</p>\n"
        } else {
            h += "<ul class=\"findings\">\n"
            for f in findings { h += "<li>\(esc(f))</li>\n" }
            h += "</ul>\n"
        }
        h += "</section>\n"

        // Manifest.
        h += "<section>\n<h2>Manifest</h2>\n<p><code>\(esc(record.manifestPath))</code> "
        h += "(\(esc(record.manifestFormat))): \(s.manifestEntries) entries, \(s.manifestProblems) unreadable.</p>\n"
        if !s.firstProblems.isEmpty {
            h += "<ul class=\"findings\">\n"
            for p in s.firstProblems { h += "<li>\(esc(p))</li>\n" }
            if s.manifestProblems > s.firstProblems.count {
                h += "<li>… and \(s.manifestProblems - s.firstProblems.count) more</li>\n"
            }
            h += "</ul>\n"
        }
        h += "</section>\n"

        // Run record.
        h += "<section>\n<h2>Run record</h2>\n<table class=\"record\">\n<tbody>\n"
        var facts: [(String, String)] = [
            ("Heed version", record.heedVersion),
            ("agents.json commit", record.agentsCommit ?? "–"),
            ("agents.json curated", record.agentsCurated ?? "–"),
            ("SignalSpecs hash", record.specsHash ?? "–"),
            ("profile", record.profile),
        ]
        for key in record.flags.keys.sorted() { facts.append(("flag \(key)", record.flags[key]!)) }
        facts += [
            ("oldest signal", record.oldestSignal ?? "–"),
            ("newest signal", record.newestSignal ?? "–"),
            ("started", record.started),
            ("finished", record.finished),
        ]
        for (k, v) in facts { h += "<tr><th>\(esc(k))</th><td>\(esc(v))</td></tr>\n" }
        h += "</tbody>\n</table>\n</section>\n"

        h += "</main>\n<footer>Generated by Heed \(esc(record.heedVersion)). Heed reports what the signals say; "
        h += "an exception is reported as applicable under the profile, never as legal advice.</footer>\n"
        h += "</body>\n</html>\n"
        return h
    }

    /// A key figure box.
    static func figure(_ value: String, _ label: String, _ detail: String) -> String {
        "<div class=\"figure\"><div class=\"value\">\(esc(value))</div><div class=\"label\">\(esc(label))</div>"
            + "<div class=\"detail\">\(esc(detail))</div></div>\n"
    }

    /// A horizontal bar chart as inline SVG (`SVGChart.bars`).
    static func chart(_ bars: [(label: String, value: Int, colour: String)], total: Int, title: String) -> String {
        SVGChart.bars(bars.map { SVGChart.Bar($0.label, $0.value, colour: $0.colour) }, total: total, title: title)
    }

    /// `s` escaped for HTML text and attribute values (`HTML.escape`).
    static func esc(_ s: String) -> String { HTML.escape(s) }

    /// The shared inline style sheet.
    static var css: String { HTML.css }
}
