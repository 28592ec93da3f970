// SPDX-License-Identifier: Apache-2.0
// heed tests: `heed history` and `heed diff` end to end (exit statuses, --since window, --fail-on changed).

import Foundation
import HeedHistory
import HeedStore
import Testing

@testable import heed

private let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

private func history(_ site: String, _ day: String) -> String {
    root.appendingPathComponent("Corpus/history/\(site)/\(day)").path
}

/// A store holding `Corpus/history/vox/<day>` for each of `days`, each imported at its date.
private func voxStore(
    _ days: [String] = ["2023-06-01", "2023-12-01", "2024-01-31", "2024-06-30", "2025-09-15", "2025-11-01"]
)
    throws -> String
{
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("heed-history-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let path = dir.appendingPathComponent("store.sqlite").path
    let store = try SignalStore(path: path)
    for day in days {
        try store.importSnapshot(
            try Snapshot(root: URL(fileURLWithPath: history("vox", day))),
            fetchedAt: try HistoryDate.parse(day)
        )
    }
    return path
}

struct HistoryCLITests {
    @Test func historyPrintsTheTimelineAndExitsZero() throws {
        let store = try voxStore()
        let c = Captured()
        #expect(c.run(["history", "www.vox.com", "--store", store]) == 0)
        #expect(c.lines.first == "www.vox.com: 7 document version(s) of 2 document(s); 6 step(s), 836 change(s)")
        #expect(c.stdout.contains("2023-06-01T00:00:00Z  first seen: 1 document(s)"))
        #expect(c.stdout.contains("    +84 License: https://www.vox.com/license.xml"))
        #expect(c.stderr.isEmpty)
    }

    /// Windows, the exit status `--fail-on changed` gives for each, and the changes counted
    /// (2025-11-01: license.xml added, robots.txt changed, 503 signals; the whole history 836).
    static let windows: [([String], Int32, Int)] = [
        ([], 1, 836),
        (["--since", "2025-10-01"], 1, 505),
        (["--since", "2025-11-01T00:00:00Z"], 1, 505),  // inclusive
        (["--since", "2025-11-01T00:00:01Z"], 0, 0),  // one second later: nothing
        (["--since", "2025-11-01T02:00:01+02:00"], 0, 0),  // the same instant with an offset
        (["--since", "2026-01-01"], 0, 0),
    ]

    /// What a nightly cron job runs: exit 1 when something changed in the window, 0 otherwise.
    @Test(arguments: windows)
    func failOnChanged(window: [String], status: Int32, changes: Int) throws {
        let store = try voxStore()
        let c = Captured()
        #expect(
            c.run(["history", "www.vox.com", "--store", store, "--fail-on", "changed", "--json"] + window) == status
        )
        let summary = try #require(c.lines.last)
        #expect(summary.hasPrefix("{\"summary\":true"))
        #expect(summary.contains(",\"changes\":\(changes),"))
    }

    /// The same through the built binary, as cron runs it.
    @Test func failOnChangedFromTheBinary() throws {
        let store = try voxStore()
        let changed = HeedProcess.run([
            "history", "www.vox.com", "--store", store, "--since", "2025-10-01", "--fail-on", "changed",
        ])
        #expect(changed.status == 1)
        #expect(
            changed.stdout.hasPrefix(
                "www.vox.com: 7 document version(s) of 2 document(s); 1 step(s) since 2025-10-01T00:00:00Z, 505 change(s)"
            )
        )
        let quiet = HeedProcess.run([
            "history", "www.vox.com", "--store", store, "--since", "2025-11-02", "--fail-on", "changed",
        ])
        #expect(quiet.status == 0)
        #expect(quiet.stdout.contains("no change since 2025-11-02T00:00:00Z"))
        let bad = HeedProcess.run([
            "history", "www.vox.com", "--store", store, "--since", "2025-11-32", "--fail-on", "changed",
        ])
        #expect(bad.status == 2)
        let diff = HeedProcess.run([
            "diff", history("vox", "2024-01-31"), history("vox", "2024-06-30"), "--fail-on", "changed",
        ])
        #expect(diff.status == 1)
    }

    @Test func withoutFailOnHistoryIsInformational() throws {
        let c = Captured()
        #expect(c.run(["history", "www.vox.com", "--store", try voxStore(), "--since", "2025-10-01"]) == 0)
        #expect(c.stdout.contains("2025-11-01T00:00:00Z  between 2025-09-15T00:00:00Z and 2025-11-01T00:00:00Z"))
        #expect(!c.stdout.contains("2024-06-30T00:00:00Z  between"))
    }

    /// The first crawl of a host is its baseline: nothing to compare, so no alert.
    @Test func aFirstSightingIsNotAChange() throws {
        let c = Captured()
        #expect(
            c.run(["history", "www.vox.com", "--store", try voxStore(["2024-06-30"]), "--fail-on", "changed"]) == 0
        )
        #expect(c.lines.first == "www.vox.com: 1 document version(s) of 1 document(s); 1 step(s), 0 change(s)")
    }

    @Test func historyReportIsWritten() throws {
        let report = FileManager.default.temporaryDirectory.appendingPathComponent(
            "heed-history-\(UUID().uuidString).html"
        )
        let c = Captured()
        #expect(c.run(["history", "www.vox.com", "--store", try voxStore(), "--report", report.path, "--json"]) == 0)
        let html = String(decoding: try Data(contentsOf: report), as: UTF8.self)
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("<title>Signal history: www.vox.com</title>"))
    }

    static let usage: [([String], String)] = [
        (["--since", "last week"], "--since"),
        (["--fail-on", "anything"], "--fail-on"),
        (["--since"], "--since"),
    ]

    @Test(arguments: usage)
    func historyUsageErrors(extra: [String], location: String) throws {
        let c = Captured()
        #expect(c.run(["history", "www.vox.com", "--store", try voxStore(["2023-06-01"])] + extra) == 2)
        #expect(c.stderr.contains(location))
        #expect(c.stdout.isEmpty)
    }

    @Test func historyInputErrors() throws {
        let store = try voxStore(["2023-06-01"])
        let unknown = Captured()
        #expect(unknown.run(["history", "example.org", "--store", store]) == 2)
        #expect(unknown.stderr.contains("example.org: the store has no document of this host"))
        let missing = Captured()
        #expect(missing.run(["history", "www.vox.com", "--store", "/nonexistent/heed/store.sqlite"]) == 2)
        #expect(missing.stderr.contains("no signal store here"))
        #expect(Captured().run(["history", "--store", store]) == 2)
    }

    @Test func diffExitStatuses() throws {
        let a = history("vox", "2024-01-31")
        let b = history("vox", "2024-06-30")
        let changed = Captured()
        #expect(changed.run(["diff", a, b, "--fail-on", "changed", "--json"]) == 1)
        let summary = try #require(changed.lines.last)
        #expect(summary.contains("\"changes\":31,\"documentChanges\":1,\"signalChanges\":30"))
        #expect(changed.lines.count == 32)
        #expect(Captured().run(["diff", a, b]) == 0)
        #expect(Captured().run(["diff", b, b, "--fail-on", "changed"]) == 0)
        let text = Captured()
        #expect(text.run(["diff", a, b, "www.vox.com"]) == 0)
        #expect(text.lines.first == "\(a) → \(b): 1 host(s): 1 changed, 0 added, 0 removed, 0 unchanged; 31 change(s)")
    }

    @Test func diffOfDifferentSitesAddsAndRemovesHosts() throws {
        let c = Captured()
        #expect(
            c.run(["diff", history("vox", "2023-06-01"), history("blavity", "2023-07-01"), "--fail-on", "changed"]) == 1
        )
        #expect(c.stdout.contains("www.blavity.com: added (1 document(s): robots.txt)"))
        #expect(c.stdout.contains("www.vox.com: removed (1 document(s): robots.txt)"))
    }

    @Test func diffErrors() throws {
        let a = history("vox", "2024-01-31")
        #expect(Captured().run(["diff", a]) == 2)
        let missing = Captured()
        #expect(missing.run(["diff", a, "/nonexistent/snapshot"]) == 2)
        #expect(missing.stderr.contains("/nonexistent/snapshot"))
        let unknown = Captured()
        #expect(unknown.run(["diff", a, a, "example.org"]) == 2)
        #expect(unknown.stderr.contains("example.org: neither snapshot has a folder for this host"))
        let report = FileManager.default.temporaryDirectory.appendingPathComponent(
            "no-such-dir-\(UUID().uuidString)/r.html"
        )
        #expect(Captured().run(["diff", a, a, "--report", report.path]) == 2)
    }
}
