// SPDX-License-Identifier: Apache-2.0
// heed tests: every HTML report opened in headless Chromium, asserting on what is shown.

import Foundation
import HeedStore
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

    /// A store with each `Corpus/<folder>/<day>` snapshot imported at its date (midnight UTC).
    func store(_ folder: String, _ days: [String]) throws -> String {
        let path = temp("store.sqlite")
        let store = try SignalStore(path: path)
        let format = ISO8601DateFormatter()
        format.formatOptions = [.withFullDate]
        for day in days {
            let snapshot = try Snapshot(root: root.appendingPathComponent("\(folder)/\(day)"))
            try store.importSnapshot(snapshot, fetchedAt: format.date(from: day)!)
        }
        return path
    }

    /// 9takes.com: every registry agent may fetch the home page, RSL denies ai_train to all of them.
    @Test func checkMatrixReport() {
        let html = temp("check.html")
        let r = HeedProcess.run(["check", "--snapshot", path("Corpus/snapshots/real"), "9takes.com", "--report", html])
        #expect(r.status == 1, "\(r.stderr)")
        Browser.expectShows(
            html,
            [
                "Heed check: https://9takes.com/", "162 of 162", "may fetch the page", "ai_train denied",
                "Signal coverage per mechanism", "rsl 805 (82.8%)", "robots.access 162 (16.7%)",
                "GPTBot", "allow [1] allow [2] allow [2] allow [2] deny [3] allow [2]",
            ]
        )
    }

    /// 9takes.com's lint: one site-wide contradiction (its licence against its robots.txt), nine
    /// cosmetic findings.
    @Test func lintReport() {
        let html = temp("lint.html")
        let r = HeedProcess.run(["lint", "--snapshot", path("Corpus/snapshots/real"), "9takes.com", "--report", html])
        #expect(r.status == 1, "\(r.stderr)")
        Browser.expectShows(
            html,
            [
                "Heed lint: 9takes.com", "Findings per consequence", "site 1 (10.0%)", "cosmetic 9 (90.0%)",
                "the licence prohibits ai_train", "suggested fix",
            ]
        )
    }

    /// vox.com between January 2024 and November 2025: its licence appears, robots.txt is rewritten.
    @Test func diffReport() {
        let html = temp("diff.html")
        let r = HeedProcess.run([
            "diff", path("Corpus/history/vox/2024-01-31"), path("Corpus/history/vox/2025-11-01"), "--report", html,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        Browser.expectShows(html, ["Signal diff", "www.vox.com", "license.xml added", "Content-Signal: search=yes"])
    }

    /// vox.com's six versions as a timeline.
    @Test func historyReport() throws {
        let days = ["2023-06-01", "2023-12-01", "2024-01-31", "2024-06-30", "2025-09-15", "2025-11-01"]
        let db = try store("Corpus/history/vox", days)
        let html = temp("history.html")
        let r = HeedProcess.run(["history", "www.vox.com", "--store", db, "--report", html])
        #expect(r.status == 0, "\(r.stderr)")
        Browser.expectShows(html, ["www.vox.com", "2023-06-01", "2025-11-01", "license.xml"])
    }

    /// fortune.com's CSV manifest against its three stored versions: 6 of 14 URLs collected
    /// despite an opt-out (the figures of `VerifyCommandTests`).
    @Test func verifyReport() throws {
        let db = try store("Corpus/verify/snapshots", ["2023-06-01", "2023-08-31", "2024-02-29"])
        let html = temp("verify.html")
        let r = HeedProcess.run([
            "verify", "--site", "fortune.com", path("Corpus/verify/manifests/fortune.csv"), "--date-column",
            "captured_at", "--store", db, "--report", html,
        ])
        #expect(r.status == 1, "\(r.stderr)")
        Browser.expectShows(
            html,
            [
                "Heed verify: fortune.com", "54.5%", "collected despite an opt-out", "blocked 5 (35.7%)",
                "https://fortune.com/2023/09/10/ai-",  // the table wraps the URL after its hyphen
            ]
        )
    }

    /// Corpus/logs/combined.log against example.org's robots.txt: 16 requests, 12 from 6 registry
    /// crawlers, 4 violations (Bytespider 2, GPTBot 1, ClaudeBot 1; LogsCommandTests).
    @Test func logsReport() {
        let html = temp("logs.html")
        let r = HeedProcess.run([
            "logs", path("Corpus/logs/combined.log"), "--snapshot", path("Corpus/snapshots/logs"), "--report", html,
        ])
        #expect(r.status == 1, "\(r.stderr)")
        Browser.expectShows(
            html,
            [
                "AI crawlers and robots.txt in access logs", "Violations per crawler", "Bytespider 2", "GPTBot 1",
                "ClaudeBot 1", "GPTBot 4 (33.3%)", "ByteDance: 2 requests to disallowed paths in 3 (Bytespider)",
                "spoof",
            ]
        )
    }
}
