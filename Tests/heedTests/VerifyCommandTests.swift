// SPDX-License-Identifier: Apache-2.0
// heed tests: `heed verify` end to end (issue 6, "Verify: small manifests against Corpus/ snapshots with
// known histories, exact expected lists"): text and JSON output, the output file, the HTML report, exit
// statuses. The expected verdicts are worked out in Tests/HeedAuditTests/VerifyTests.swift.

import Foundation
import HeedStore
import Testing

@testable import heed

private let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
private let corpus = root.appendingPathComponent("Corpus/verify")

private func manifest(_ name: String) -> String { corpus.appendingPathComponent("manifests/\(name)").path }

/// A fresh folder under the temporary directory.
private func temporaryDirectory() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("heed-verify-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}

/// A store with fortune.com's three versions imported at their dates; returns its path.
private func historyStore() throws -> String {
    let path = try temporaryDirectory().appendingPathComponent("store.sqlite").path
    let store = try SignalStore(path: path)
    for (name, seconds) in [
        ("2023-06-01", 1_685_577_600), ("2023-08-31", 1_693_440_000), ("2024-02-29", 1_709_164_800),
    ] {
        let snapshot = try Snapshot(root: corpus.appendingPathComponent("snapshots/\(name)"))
        try store.importSnapshot(snapshot, fetchedAt: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }
    return path
}

struct VerifyCommandTests {
    static func verify(_ args: [String]) -> (Captured, Int32) {
        let c = Captured()
        let status = c.run(["verify"] + args)
        return (c, status)
    }

    /// The six violations of the CDXJ manifest for CCBot, in manifest order, as text lines.
    static let violations = [
        "https://fortune.com/search/ai%20training\tcaptured 2023-07-20T12:00:00Z\tblocked\trobots.access "
            + "https://fortune.com/robots.txt:4 \"Disallow: /search/*\"\tin force since at least 2023-06-01T00:00:00Z "
            + "(already at Heed's first fetch of the host)",
        "https://fortune.com/2023/09/10/ai-regulation/\tcaptured 2023-09-10T09:00:00Z\tblocked\trobots.access "
            + "https://fortune.com/robots.txt:42 \"Disallow: /\"\tin force since at least 2023-08-31T00:00:00Z",
        "https://fortune.com/2024/03/05/chips/\tcaptured 2024-03-05T10:00:00Z\tblocked\trobots.access "
            + "https://fortune.com/robots.txt:43 \"Disallow: /\"\tin force since at least 2023-08-31T00:00:00Z",
        "https://fortune.com/2023/08/31/day-of/\tcaptured 2023-08-31T00:00:00Z\tblocked\trobots.access "
            + "https://fortune.com/robots.txt:42 \"Disallow: /\"\tin force since at least 2023-08-31T00:00:00Z",
        "https://fortune.com/\tcaptured 2023-07-10T00:00:00Z\topted-out\thtml.meta-robots https://fortune.com/:5 "
            + "\"<meta name=\"robots\" content=\"noai, noimageai\">\"\tin force since at least 2023-06-01T00:00:00Z "
            + "(already at Heed's first fetch of the host)",
        "https://fortune.com/\tcaptured 2024-03-05T10:00:00Z\tblocked\trobots.access https://fortune.com/robots.txt:43 "
            + "\"Disallow: /\"\tin force since at least 2023-08-31T00:00:00Z",
    ]

    @Test func textListsTheViolationsThenTheSummary() throws {
        let store = try historyStore()
        let (c, status) = Self.verify(["--site", "fortune.com", manifest("fortune.cdxj"), "--store", store])
        #expect(status == 1, "\(c.stderr)")
        #expect(Array(c.lines.prefix(6)) == Self.violations)
        #expect(c.lines[6] == "heed verify: fortune.com in \(manifest("fortune.cdxj")) (store \(store))")
        #expect(c.stdout.contains("collected despite an opt-out already in force: 6 (blocked 5, opted-out 1) = 54.5%"))
        #expect(
            c.stdout.contains(
                "verdicts at capture: ok 3, conditional 0, opted-out 1, exception 0, blocked 5, unknown 2"
            )
        )
        #expect(
            c.stdout.contains("unknown: 1 captured before Heed first fetched the site (2023-06-01T00:00:00Z), 1 on")
        )
        #expect(c.stderr.contains("fortune.cdxj:6: not a CDXJ line"))
    }

    @Test func jsonHasOneObjectPerURLOfTheSiteThenTheSummary() throws {
        let store = try historyStore()
        let (c, status) = Self.verify(["--site", "fortune.com", manifest("fortune.cdxj"), "--store", store, "--json"])
        #expect(status == 1)
        let objects = try c.lines.map {
            try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(objects.count == 12)
        let records = objects.dropLast()
        #expect(
            records.map { $0["verdict"] as? String } == [
                "ok", "blocked", "blocked", "blocked", "unknown", "ok", "blocked", "unknown", "opted-out", "blocked",
                "ok",
            ]
        )
        let meta = try #require(records[8]["statement"] as? [String: Any])
        #expect(meta["mechanism"] as? String == "html.meta-robots")
        #expect(meta["document"] as? String == "https://fortune.com/")
        #expect(meta["line"] as? Int == 5)
        #expect(records[8]["inForceSince"] as? String == "2023-06-01T00:00:00Z")
        #expect(records[8]["sinceFirstSighting"] as? Bool == true)
        #expect(records[2]["sinceFirstSighting"] as? Bool == false)
        #expect(
            records[4]["note"] as? String == "captured before Heed first fetched the host (2023-06-01T00:00:00Z): "
                + "its signals then are unknown"
        )
        #expect(records[0]["statement"] is NSNull && records[0]["inForceSince"] is NSNull)
        // Keys in their documented order.
        #expect(
            c.lines[0].hasPrefix(
                #"{"url":"https://fortune.com/2023/07/15/markets-rally/","line":1,"host":"fortune.com","#
            )
        )
        let summary = try #require(objects.last?["summary"] as? [String: Any])
        #expect(summary["violations"] as? Int == 6)
        #expect(summary["urls"] as? Int == 11)
        #expect(summary["otherHosts"] as? Int == 2)
        #expect(summary["problems"] as? Int == 1)
        #expect((summary["verdicts"] as? [String: Int])?["blocked"] == 5)
        #expect(c.stderr.contains("collected despite an opt-out already in force: 6"))
    }

    @Test(arguments: [false, true])
    func outputIsWrittenAtomically(_ json: Bool) throws {
        let store = try historyStore()
        let dir = try temporaryDirectory()
        let out = dir.appendingPathComponent("verify.out")
        let args = ["--site", "fortune.com", manifest("fortune.warc.gz"), "--store", store] + (json ? ["--json"] : [])
        let (c, status) = Self.verify(args + ["--output", out.path])
        #expect(status == 1)
        #expect(c.stdout.isEmpty)
        #expect(c.stderr.contains("collected despite an opt-out already in force: 6"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["verify.out"])
        let (direct, _) = Self.verify(args)
        #expect(try Data(contentsOf: out) == Data(direct.out))
    }

    /// An input error after the output file was opened leaves no file and no temporary file.
    @Test func aFailedRunLeavesNoOutputFile() throws {
        let dir = try temporaryDirectory()
        let out = dir.appendingPathComponent("verify.out")
        let (_, status) = Self.verify([
            "--site", "fortune.com", manifest("fortune.csv"), "--date-column", "nope", "--snapshot", corpus.path,
            "--output", out.path,
        ])
        #expect(status == 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test func reportIsSelfContainedHTMLWithTheTotals() throws {
        let store = try historyStore()
        let report = try temporaryDirectory().appendingPathComponent("verify.html")
        let (_, status) = Self.verify([
            "--site", "fortune.com", manifest("fortune.csv"), "--date-column", "captured_at", "--store", store,
            "--report", report.path,
        ])
        #expect(status == 1)
        let html = try String(contentsOf: report, encoding: .utf8)
        #expect(html.lowercased().hasPrefix("<!doctype html"))
        #expect(!html.contains("<script") && !html.contains("http-equiv") && !html.contains("<link"))
        #expect(html.contains("<title>Heed verify: fortune.com</title>"))
        #expect(html.contains("<div class=\"value\">14</div><div class=\"label\">URLs of the site in the manifest"))
        #expect(html.contains("<div class=\"value\">6</div><div class=\"label\">collected despite an opt-out"))
        #expect(html.contains("<div class=\"value\">54.5%</div>"))
        #expect(html.contains("<polyline"))  // the monthly share
        #expect(html.contains("2023-07: 2 of 4; 2023-08: 1 of 2"))
        #expect(html.contains(">blocked</text>") && html.contains(">5 (35.7%)</text>"))  // 5 of 14 URLs
        #expect(html.contains("<td>https://fortune.com/2023/09/10/ai-regulation/</td><td>2023-09-10T09:00:00Z</td>"))
        // Text from the documents is escaped.
        #expect(html.contains("&lt;meta name=&quot;robots&quot; content=&quot;noai, noimageai&quot;&gt;"))
        #expect(html.contains("<td>https://fortune.com/robots.txt</td><td>200</td><td>2023-06-01T00:00:00Z</td>"))
        #expect(html.contains("fortune.csv:17: capture date not understood"))
    }

    @Test func noViolationExitsZero() throws {
        let store = try historyStore()
        let file = try temporaryDirectory().appendingPathComponent("ok.csv")
        try Data("url,date\nhttps://fortune.com/2023/07/15/a/,2023-07-15\nhttps://other.example/x,2024-01-01\n".utf8)
            .write(to: file)
        let (c, status) = Self.verify(["--site", "fortune.com", file.path, "--date-column", "date", "--store", store])
        #expect(status == 0, "\(c.stderr)")
        #expect(c.lines.first?.hasPrefix("heed verify: fortune.com") == true)
    }

    @Test func collectedAndSnapshotDateAreRead() throws {
        let (c, status) = Self.verify([
            "--site", "fortune.com", manifest("fortune.csv"), "--date-column", "captured_at",
            "--snapshot", corpus.appendingPathComponent("snapshots/2024-02-29").path,
            "--snapshot-date", "20240229000000", "--collected", "2024-03-01T00:00:00Z", "--agent", "FooBot", "--json",
        ])
        #expect(status == 1)
        let undated = try #require(c.lines.first { $0.contains("/undated/") })
        #expect(undated.contains(#""captured":"2024-03-01T00:00:00Z","verdict":"opted-out""#))
        #expect(undated.contains(#""inForceSince":"2024-02-29T00:00:00Z","sinceFirstSighting":true"#))
    }

    @Test(arguments: [
        [manifest("fortune.cdxj"), "--snapshot", "/nonexistent"],  // no --site
        ["--site", "fortune.com", manifest("fortune.cdxj")],  // no history
        ["--site", "fortune.com", manifest("fortune.cdxj"), "--store", "/tmp/x", "--snapshot", "/tmp/y"],
        ["--site", "fortune.com", manifest("fortune.cdxj"), "--store", "/nonexistent/store.sqlite"],
        ["--site", "fortune.com", manifest("fortune.cdxj"), "--snapshot", "/nonexistent"],
        ["--site", "fortune.com", "/nonexistent.cdxj", "--snapshot", corpus.path],
        ["--site", "fortune.com", manifest("fortune.cdxj"), "--snapshot", corpus.path, "--collected", "last week"],
        [
            "--site", "fortune.com", manifest("fortune.cdxj"), "--snapshot", corpus.path, "--snapshot-date",
            "2023-02-30",
        ],
        ["--site", "fortune.com", manifest("fortune.csv"), "--snapshot", corpus.path, "--date-column", "nope"],
        ["--site", "", manifest("fortune.cdxj"), "--snapshot", corpus.path],
        ["--site", "fortune.com", manifest("fortune.cdxj"), "--snapshot", corpus.path, "--profile", "nope"],
    ])
    func usageAndInputErrorsExitTwo(_ args: [String]) {
        let (c, status) = Self.verify(args)
        #expect(status == 2, "\(c.stderr)")
        #expect(c.stderr.hasPrefix("heed verify: error: "))
    }

    @Test func snapshotDateOnlyWithASnapshot() throws {
        let store = try historyStore()
        let (c, status) = Self.verify([
            "--site", "fortune.com", manifest("fortune.cdxj"), "--store", store, "--snapshot-date", "2024-01-01",
        ])
        #expect(status == 2)
        #expect(c.stderr.contains("--snapshot-date"))
    }

    /// The built binary, as a cron job runs it: the exit status and clean streams.
    @Test func theBinaryExitsOneOnViolations() throws {
        let store = try historyStore()
        let run = HeedProcess.run([
            "verify", "--site", "fortune.com", manifest("fortune.jsonl.gz"),
            "--date-field", "meta.captured", "--store", store, "--json",
        ])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stdout.split(separator: "\n").count == 12)
        #expect(run.stderr.contains("fortune.jsonl.gz:8: invalid JSON"))
    }
}
