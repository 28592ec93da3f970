// SPDX-License-Identifier: Apache-2.0
// heed tests: `heed logs` end to end on Corpus/logs (16 requests of example.org, counted by hand from the
// file and Corpus/snapshots/logs/example.org/robots.txt: GPTBot 4 requests, /private/notes.html disallowed;
// ClaudeBot 2, /admin/login disallowed by `*`, robots.txt after 1 request; Bytespider 3, / and
// /blog/post-2.html disallowed, robots.txt last; CCBot robots.txt only; PerplexityBot /about and ChatGPT-User
// /private/a.html allowed by `*`. Googlebot and browsers are not registry crawlers).

import Foundation
import Testing

@testable import heed

private let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

private func corpus(_ relative: String) -> String { root.appendingPathComponent("Corpus/\(relative)").path }

private let snapshot = corpus("snapshots/logs")

private func objects(_ lines: [String]) throws -> [[String: Any]] {
    try lines.map { try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
}

struct LogsCommandTests {
    @Test(arguments: [
        "combined.log", "combined.log.gz", "vhost_combined.log", "nginx.jsonl",
    ])
    func everyFormatGivesTheSameCounts(file: String) throws {
        let c = Captured()
        let status = c.run(["logs", corpus("logs/\(file)"), "--snapshot", snapshot, "--json"])
        #expect(status == 1, "\(c.stderr)")
        let all = try objects(c.lines)
        let byName = Dictionary(uniqueKeysWithValues: all.dropLast().map { ($0["name"] as? String ?? "?", $0) })
        let expected: [String: (requests: Int, violations: Int, first: Bool, before: Int)] = [
            "GPTBot": (4, 1, true, 0), "ClaudeBot": (2, 1, false, 1), "Bytespider": (3, 2, false, 2),
            "CCBot": (1, 0, true, 0), "PerplexityBot": (1, 0, false, 1), "ChatGPT-User": (1, 0, false, 1),
        ]
        #expect(Set(byName.keys) == Set(expected.keys))
        for (name, want) in expected {
            let o = try #require(byName[name])
            #expect(o["requests"] as? Int == want.requests, "\(name)")
            #expect(o["violations"] as? Int == want.violations, "\(name)")
            #expect(o["robotsFetchedFirst"] as? Bool == want.first, "\(name)")
            #expect(o["requestsBeforeRobots"] as? Int == want.before, "\(name)")
        }
        let summary = try #require(all.last)
        #expect(summary["requests"] as? Int == 16)
        #expect(summary["crawlerRequests"] as? Int == 12)
        #expect(summary["violations"] as? Int == 4)
        #expect(all.dropLast().compactMap { $0["name"] as? String }.prefix(3) == ["Bytespider", "GPTBot", "ClaudeBot"])
    }

    @Test(arguments: ["caddy.jsonl", "traefik.jsonl", "cloudfront.jsonl"])
    func otherJSONFormats(file: String) throws {
        // The first six requests: GPTBot /private/notes.html and ClaudeBot /admin/login are violations.
        let c = Captured()
        #expect(c.run(["logs", corpus("logs/\(file)"), "--snapshot", snapshot, "--json"]) == 1, "\(c.stderr)")
        let summary = try #require(try objects(c.lines).last)
        #expect(summary["requests"] as? Int == 6)
        #expect(summary["crawlerRequests"] as? Int == 4)
        #expect(summary["violations"] as? Int == 2)
        #expect(summary["malformed"] as? Int == 0)
    }

    @Test func textReportAndExitStatus() {
        let c = Captured()
        #expect(c.run(["logs", corpus("logs/combined.log"), "--snapshot", snapshot]) == 1)
        #expect(c.stdout.hasPrefix("crawler "))
        #expect(c.stdout.contains("  ByteDance: 2 requests to disallowed paths in 3 (Bytespider)\n"))
        #expect(c.stdout.contains("  Common Crawl Foundation: 0 violations in 1 request (CCBot)\n"))
        #expect(c.stdout.contains("Totals: 16 lines, 16 requests, 12 from 6 AI crawlers, 4 violations"))
        #expect(c.stdout.contains("Caveat: A User-Agent header is whatever the client sends"))
        #expect(c.stderr.isEmpty)
    }

    @Test func noViolationExitsZero() throws {
        let c = Captured()
        #expect(c.run(["logs", corpus("logs/common.log"), "--snapshot", snapshot]) == 0)
        #expect(c.stdout.contains("No request from a registry crawler."))
        #expect(c.stdout.contains("the log has no User-Agent field"))
    }

    @Test func malformedLinesGoToStderrAndAreCounted() throws {
        let c = Captured()
        #expect(c.run(["logs", corpus("logs/malformed.log"), "--snapshot", snapshot, "--json"]) == 1)
        let log = corpus("logs/malformed.log")
        #expect(
            c.stderr == """
                heed logs: \(log):4: no [time] field
                heed logs: \(log):5: no size after the status
                heed logs: \(log):6: unreadable time

                """
        )
        let summary = try #require(try objects(c.lines).last)
        #expect(summary["malformed"] as? Int == 3)
        #expect(summary["blank"] as? Int == 1)
        #expect(summary["lines"] as? Int == 10)
    }

    @Test func htmlReportIsWrittenAtomically() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("heed-logs-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let report = dir.appendingPathComponent("logs.html").path
        let c = Captured()
        #expect(c.run(["logs", corpus("logs/combined.log"), "--snapshot", snapshot, "--report", report]) == 1)
        let html = try String(contentsOfFile: report, encoding: .utf8)
        #expect(html.contains(">4</div><div class=\"label\">violations<"))
        #expect(html.contains("<svg"))
        #expect(!html.contains("<script"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["logs.html"])
    }

    /// (A store with two robots.txt versions is tested in HeedLogsTests, `SyntheticLogTests`.)
    @Test func emptyStoreIsAnInputError() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("heed-logs-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let store = dir.appendingPathComponent("empty.sqlite").path
        let c = Captured()
        #expect(c.run(["logs", corpus("logs/combined.log"), "--store", store]) == 2)
        #expect(c.stderr.contains("the store holds no host"))
    }

    @Test(arguments: [
        (["logs", "x.log"], "--snapshot DIR or --store PATH"),
        (["logs", "x.log", "--snapshot", "a", "--store", "b"], "not both"),
        (["logs", "/nonexistent.log", "--snapshot", snapshot], "cannot open"),
        (["logs", "x.log", "--snapshot", snapshot, "--log-format", "xml"], "one of auto, combined, json"),
        (["logs", "x.log", "--snapshot", snapshot, "--grace", "48"], "0...24"),
        (["logs", "x.log", "--snapshot", snapshot, "--before-first-fetch", "maybe"], "use-first, unchecked"),
        (["logs", "x.log", "--snapshot", snapshot, "--site", "nowhere.example"], "no folder for this host"),
        (["logs", "--snapshot", snapshot], "missing argument"),
    ])
    func usageAndInputErrorsExitTwo(args: [String], message: String) {
        let c = Captured()
        #expect(c.run(args) == 2)
        #expect(c.stderr.contains(message), "\(c.stderr)")
        #expect(c.stdout.isEmpty)
    }

    @Test func forcedFieldsAndSite() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("heed-logs-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let log = dir.appendingPathComponent("custom.jsonl")
        let line = #"{"when":"2026-03-01T12:00:00Z","what":"/private/x","who":"GPTBot/1.1"}"#
        try Data((line + "\n").utf8).write(to: log)
        let c = Captured()
        let status = c.run([
            "logs", log.path, "--snapshot", snapshot, "--site", "https://Example.org/", "--json", "--ua-field", "who",
            "--path-field", "what", "--time-field", "when", "--workers", "1",
        ])
        #expect(status == 1, "\(c.stderr)")
        let summary = try #require(try objects(c.lines).last)
        #expect(summary["violations"] as? Int == 1)
    }
}
