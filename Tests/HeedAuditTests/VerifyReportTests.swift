// SPDX-License-Identifier: Apache-2.0
// HeedAudit tests: the verify HTML report: the totals it shows, the capped table, escaping of hostile text.

import Foundation
import HeedCore
import HeedStore
import Testing

@testable import HeedAudit

struct VerifyReportTests {
    static let parameters = VerifyParameters(
        profile: "commercial-genai-training",
        use: .aiTrain,
        agents: ["CCBot"],
        manifest: "m.cdxj",
        source: "store s.sqlite"
    )

    /// The fixture's CDXJ manifest plus a hostile URL captured in March 2024 (blocked then), with
    /// the kept list capped at 3 of the 7 violations.
    @Test func reportShowsTheTotalsTheCappedTableAndEscapesText() throws {
        let source = try String(contentsOfFile: VerifyFixture.manifest("fortune.cdxj"), encoding: .utf8)
        let hostile = #"com,fortune)/x 20240310000000 {"url": "https://fortune.com/<script>alert(1)</script>"}"#
        let manifest = FileManager.default.temporaryDirectory.appendingPathComponent("heed-report-\(UUID()).cdxj")
        try Data((source + hostile + "\n").utf8).write(to: manifest)
        let run = try VerifyFixture.run(
            manifest.path,
            history: StoreHistory(store: try VerifyFixture.store()),
            keep: 3
        )
        #expect(run.summary.violations == 7 && run.summary.kept.count == 3)
        let html = VerifyReport.render(run.summary, Self.parameters)
        #expect(!html.contains("<script>"))
        #expect(html.contains("<title>Heed verify: fortune.com</title>"))
        #expect(html.contains("<div class=\"value\">12</div><div class=\"label\">URLs of the site in the manifest"))
        #expect(html.contains("<div class=\"value\">7</div><div class=\"label\">collected despite an opt-out"))
        #expect(html.contains("<div class=\"value\">58.3%</div>"))  // 7 of 12 dated URLs
        #expect(html.contains("… and 4 more."))
        #expect(html.contains("Collected despite an opt-out (7)"))
        #expect(html.contains("2024-03: 3 of 3"))
        #expect(html.contains("<title>2024-03: 100%</title>"))  // the line chart's last point
        // The hostile URL is past the cap: only in the counts; a statement text is escaped.
        #expect(html.contains("&lt;meta name=&quot;robots&quot;") == false)  // the meta row is past the cap
        #expect(
            html.contains("blocked by robots.access https://fortune.com/robots.txt:4 &quot;Disallow: /search/*&quot;")
        )
        let all = VerifyReport.render(
            try VerifyFixture.run(manifest.path, history: StoreHistory(store: try VerifyFixture.store())).summary,
            Self.parameters
        )
        #expect(all.contains("<td>https://fortune.com/&lt;script&gt;alert(1)&lt;/script&gt;</td>"))
        #expect(!all.contains("<script>"))
    }

    @Test func anEmptyRunRendersWithoutData() {
        let html = VerifyReport.render(VerifySummary(site: "example.org", includeSubdomains: true), Self.parameters)
        #expect(html.contains("Heed verify: example.org and subdomains"))
        #expect(html.contains("no data"))
        #expect(html.contains("None: no URL of the site was collected while an opt-out was in force."))
    }
}
