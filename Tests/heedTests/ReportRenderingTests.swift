// SPDX-License-Identifier: Apache-2.0
// heed tests: every HTML report opened in headless Chromium, asserting on what is shown.

import Foundation
import Testing

@Suite(.serialized) struct ReportRenderingTests {
    /// The repository root (three levels above this file).
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    func temp(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("heed-report-\(UUID().uuidString)-\(name)").path
    }

    /// The demo manifest under commercial training: totals worked out in `AuditTests` (21 URLs on 10
    /// hosts; 9 ok, 1 conditional, 3 opted out, 7 blocked, 1 unknown).
    @Test func auditReport() {
        let html = temp("audit.html")
        let r = HeedProcess.run([
            "audit", path("Corpus/demo/training-manifest.txt"), "--snapshot", path("Corpus/snapshots/real"),
            "--profile", "commercial-genai-training", "--report", html, "--quiet",
        ])
        #expect(r.status == 1, "\(r.stderr)")
        Browser.expectShows(
            html,
            [
                // The key figures sit side by side, so their words interleave in the page's text.
                "Heed audit", "on 10 hosts", "47.6%", "of URLs affected", "9 (42.9%)", "3 (14.3%)",
                "7 (33.3%)", "sourcelibrary.org 2 2 100.0%", "robots.access 7 (33.3%)",
            ]
        )
    }
}
