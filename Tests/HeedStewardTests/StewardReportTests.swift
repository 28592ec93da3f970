// SPDX-License-Identifier: Apache-2.0
// Tests for the steward reports: the lint and check-matrix HTML pages hold the expected totals,
// classes and escaped text, and fetch nothing.

import Foundation
import HeedCore
import HeedSteward
import Testing

@Suite struct StewardReportTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let specs: SignalSpecs = {
        let dir = root.appendingPathComponent("SignalSpecs")
        return try! SignalSpecs(load: { FileManager.default.contents(atPath: dir.appendingPathComponent($0).path) })
    }()

    /// A one-file site: `robots` served as https://steward.test/robots.txt, everything else 404.
    static func site(_ robots: String) -> (SiteSignals, (String) -> DocumentLookup) {
        let lookup = { (url: String) -> DocumentLookup in
            let body = url.hasSuffix("/robots.txt") ? Array(robots.utf8) : []
            return .found(
                Document(
                    url: url,
                    location: "steward.test/" + (url.split(separator: "/").last.map(String.init) ?? ""),
                    status: body.isEmpty ? 404 : 200,
                    body: body
                )
            )
        }
        return (SiteSignals(origin: "https://steward.test", specs: specs, lookup: lookup), lookup)
    }

    /// GPTBot's own group blocks it; `*` gets a Content-Signal GPTBot never reads and a typo'd
    /// rule with a hostile-looking path.
    static let robots = """
        User-agent: *
        Content-Signal: ai-train=no
        Disalow: /<script>

        User-agent: GPTBot
        Disallow: /
        """

    @Test func lintReportRanksAndCountsFindings() {
        let (site, lookup) = Self.site(Self.robots)
        let findings = SiteLint.run(site, lookup: lookup)
        let html = LintReport.render(findings, host: "steward.test", source: "a test")
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<title>Heed lint: steward.test</title>"))
        #expect(html.contains("<div class=\"value\">\(findings.count)</div><div class=\"label\">findings</div>"))
        // One bar per tier, each with its count and share of all findings.
        for tier in Consequence.allCases {
            let n = findings.filter { $0.consequence == tier }.count
            #expect(html.contains(">\(tier.name)</text>"))
            #expect(html.contains(">\(n) (\(percentText(n, findings.count)))</text>"))
        }
        // The typo is escaped, and its row carries the fix and the clause.
        #expect(html.contains("<td>warning: steward.test/robots.txt:3 [typo]</td>"))
        #expect(
            html.contains(
                "<td>&#39;Disalow&#39; is a misspelling of &#39;disallow&#39;; Google&#39;s parser accepts it, "
                    + "other crawlers ignore the line — “Disalow: /&lt;script&gt;”</td>"
            )
        )
        #expect(!html.contains("<script>"))
        #expect(html.contains("<td>spell the field as the RFC does: &#39;User-agent&#39;, &#39;Allow&#39;, "))
        // The first row is the most consequential finding.
        let first = findings[0]
        let firstRow = "<tr><td class=\"n\">1</td><td class=\"\(cellClass(first.consequence))\">"
        #expect(html.contains(firstRow + "\(first.consequence.name)</td><td>\(first.finding.severity.rawValue): "))
    }

    @Test func checkReportHasTheMatrixTheCoverageChartAndTheFindings() {
        let (site, lookup) = Self.site(Self.robots)
        let matrix = CheckMatrix(site, url: "https://steward.test/", registry: Self.specs.registry, lookup: lookup)
        let findings = SiteLint.run(site, lookup: lookup)
        let html = CheckMatrixReport.render(matrix, findings: findings, source: "a test")
        let fetch = matrix.rows.filter { $0.access.value == "allow" }.count
        #expect(fetch == matrix.rows.count - 1)  // every agent but GPTBot
        #expect(html.contains("<div class=\"value\">\(fetch) of \(matrix.rows.count)</div>"))
        // GPTBot: access disallowed by line 5, coloured deny.
        #expect(html.contains("<td>GPTBot ★</td><td>OpenAI · training</td><td class=\"deny\">disallow\u{00A0}["))
        // The coverage table: robots.access decides every access cell.
        let total = matrix.rows.count * 6
        #expect(html.contains("Cells (agent × access or use) each mechanism decides, of \(total)"))
        #expect(html.contains("<td>robots.access</td><td class=\"n\">\(matrix.rows.count)</td>"))
        #expect(html.contains("<h2>Lint findings</h2>"))
        #expect(html.contains("signal-group-unread"))
        #expect(!html.contains("<script"))
    }

    func percentText(_ part: Int, _ whole: Int) -> String {
        guard whole > 0 else { return "0%" }
        let tenths = (part * 1000 + whole / 2) / whole
        return "\(tenths / 10).\(tenths % 10)%"
    }

    func cellClass(_ c: Consequence) -> String {
        switch c {
        case .site, .major: "deny"
        case .some: "cond"
        case .latent, .cosmetic: "unknown"
        }
    }
}
