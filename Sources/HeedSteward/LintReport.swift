// SPDX-License-Identifier: Apache-2.0
// HeedSteward: the self-contained HTML report of `heed lint` (one file, inline SVG, no scripts).
// Ranking: HeedCore `Consequence` (documented there and in the README).

public import HeedCore
import HeedHTML

/// `heed lint --report FILE.html`: a host's findings ranked by consequence, each with its
/// location, spec clause and suggested fix, and a chart of findings per consequence tier.
public enum LintReport {
    /// The colour of a tier's bar.
    static func colour(_ c: Consequence) -> String {
        switch c {
        case .site: "#c62828"
        case .major: "#ef6c00"
        case .some: "#f9a825"
        case .latent: "#546e7a"
        case .cosmetic: "#90a4ae"
        }
    }

    /// The CSS class of a tier's cell (`deny` for the tiers that change what major crawlers may do).
    static func cellClass(_ c: Consequence) -> String {
        switch c {
        case .site, .major: "deny"
        case .some: "cond"
        case .latent, .cosmetic: "unknown"
        }
    }

    /// The whole page.
    ///
    /// - Parameters:
    ///   - findings: ranked (`SiteLint.run`).
    ///   - host: the host linted.
    ///   - source: where the documents came from (`snapshot DIR`, `fetched into STORE`).
    public static func render(_ findings: [LintFinding], host: String, source: String) -> String {
        var page = HTMLPage(
            title: "Heed lint: \(host)",
            subtitle: "\(findings.count) finding(s), ranked by consequence; documents from \(source)"
        )
        let serious = findings.filter { $0.finding.severity <= .warning }.count
        page.figures([
            (value: "\(findings.count)", label: "findings", detail: "\(serious) warning(s) or error(s)"),
            (
                value: "\(findings.filter { $0.consequence == .site }.count)",
                label: "whole site",
                detail: Consequence.site.meaning
            ),
            (
                value: "\(findings.filter { $0.consequence == .major }.count)",
                label: "major crawlers",
                detail: Consequence.major.meaning
            ),
        ])
        page.section("Findings per consequence", raw: chart(findings))
        page.section("Findings, most consequential first", raw: table(findings))
        return page.render()
    }

    /// The bar chart of findings per tier, with the tiers' meanings under it.
    public static func chart(_ findings: [LintFinding]) -> String {
        let bars = Consequence.allCases.map { c in
            SVGChart.Bar(c.name, findings.filter { $0.consequence == c }.count, colour: colour(c))
        }
        var h = SVGChart.bars(bars, total: findings.count, title: "Findings per consequence tier")
        h += HTML.list(Consequence.allCases.map { "\($0.name): \($0.meaning)" })
        return h
    }

    /// The findings table, five columns so it reads at report width: rank; tier; severity,
    /// location and code; message and the line's text; fix and clause.
    public static func table(_ findings: [LintFinding]) -> String {
        if findings.isEmpty { return HTML.note("No findings: the signals say what they seem to say.") }
        let rows = findings.enumerated().map { i, item -> [String] in
            let f = item.finding
            let location = [f.document, f.line.map(String.init)].compactMap { $0 }.joined(separator: ":")
            let text = f.text.map { $0.isEmpty ? "" : " — “\($0)”" } ?? ""
            return [
                "\(i + 1)", item.consequence.name, "\(f.severity.rawValue): \(location) [\(f.code)]",
                f.message + text, (f.fix ?? "") + (f.clause.map { " (\($0))" } ?? ""),
            ]
        }
        return HTML.table(
            header: ["#", "tier", "severity: where [code]", "what", "suggested fix (clause)"],
            rows: rows,
            numeric: [0]
        ) { row, column in
            column == 1 ? cellClass(findings[row].consequence) : nil
        }
    }
}
