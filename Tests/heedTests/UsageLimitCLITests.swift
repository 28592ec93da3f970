// SPDX-License-Identifier: Apache-2.0
// heed tests: RSL user and geo limits in `heed explain --json` (user_class/region obligations with the
// raw lists, alternatives) and in `heed audit --format jsonl` (verdict and note), over
// Corpus/snapshots/use-limits. Expected values worked out by hand from its license.xml files (see its README).

import Foundation
import HeedServer
import HeedStore
import Testing

@testable import heed

private let limitsRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
private let limitsSnapshot = limitsRoot.appendingPathComponent("Corpus/snapshots/use-limits").path

struct UsageLimitCLITests {
    static func json(_ bytes: [UInt8]) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    @Test func explainShowsUserClassAndRegionWithTheRawLists() throws {
        let capture = Captured()
        let status = capture.run([
            "explain", "--snapshot", limitsSnapshot, "--agent", "GPTBot", "https://nc-france.example/a", "--json",
        ])
        #expect(status != 2, "\(capture.stderr)")
        let train = try #require(try Self.json(capture.out)["ai_train"] as? [String: Any])
        #expect(train["value"] as? String == "conditional")
        let obligations = try #require(train["obligations"] as? [[String: Any]])
        #expect(obligations.map { $0["kind"] as? String } == ["region", "user_class"])
        #expect(obligations[0]["permits"] as? [String] == ["FR"])
        #expect(obligations[0]["prohibits"] as? [String] == [])
        #expect(obligations[1]["detail"] as? String == "permits non-commercial")
        #expect(obligations[1]["permits"] as? [String] == ["non-commercial"])
        // search is not in the usage whitelist: denied, with no obligation.
        let search = try #require(try Self.json(capture.out)["search"] as? [String: Any])
        #expect(search["value"] as? String == "deny")
    }

    @Test func explainKeepsTheAlternativeLicences() throws {
        let capture = Captured()
        _ = capture.run([
            "explain", "--snapshot", limitsSnapshot, "--agent", "GPTBot", "https://paid-commercial.example/a", "--json",
        ])
        let train = try #require(try Self.json(capture.out)["ai_train"] as? [String: Any])
        let statements = try #require(train["statements"] as? [[String: Any]])
        let rsl = try #require(statements.first { $0["mechanism"] as? String == "rsl" })
        #expect(
            (rsl["obligations"] as? [[String: Any]])?.first?["detail"] as? String == "permits non-commercial education"
        )
        let alternatives = try #require(rsl["alternatives"] as? [[[String: Any]]])
        #expect(alternatives.count == 1)
        #expect(alternatives[0].map { $0["detail"] as? String } == ["0.05 USD per training", "permits commercial"])
        // Statements without limits have no alternatives key.
        #expect(statements.filter { $0["mechanism"] as? String != "rsl" }.allSatisfy { $0["alternatives"] == nil })
    }

    @Test func explainShowsTheTDMPolicyTerms() throws {
        let capture = Captured()
        _ = capture.run([
            "explain", "--snapshot", limitsSnapshot, "--agent", "GPTBot", "https://tdm-press.example/news/a", "--json",
        ])
        let train = try #require(try Self.json(capture.out)["ai_train"] as? [String: Any])
        #expect(train["value"] as? String == "conditional")
        let obligations = try #require(train["obligations"] as? [[String: Any]])
        #expect(obligations.map { $0["kind"] as? String } == ["payment", "purpose"])
        #expect(obligations[0]["detail"] as? String == "0.02 EUR per tdm; policy https://rights.example/policies/2")
        #expect(obligations[1]["permits"] as? [String] == ["tdm:non-research"])
        let st = try #require((train["statements"] as? [[String: Any]])?.first)
        #expect(st["mechanism"] as? String == "tdmrep.json" && st["inherited"] as? Bool == true)
        #expect(
            (st["scope"] as? String)?.hasPrefix("reserved; the TDM policy https://rights.example/policies/paid.json")
                == true
        )
        // The missing policy: deny, with the policy URL and why it was not read.
        let missing = Captured()
        _ = missing.run([
            "explain", "--snapshot", limitsSnapshot, "--agent", "GPTBot", "https://tdm-press.example/archive/a",
            "--json",
        ])
        let tdm = try #require(try Self.json(missing.out)["tdm"] as? [String: Any])
        #expect(tdm["value"] as? String == "deny")
        let deny = try #require((tdm["statements"] as? [[String: Any]])?.first)
        #expect(deny["scope"] as? String == "the TDM policy was not read: the policy answered 404")
    }

    @Test func auditRecordsTheRefusalAsTheNote() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("heed-limits-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let manifest = dir.appendingPathComponent("urls.txt")
        try Data("https://nc-france.example/a\nhttps://no-us.example/b\n".utf8).write(to: manifest)
        let capture = Captured()
        let status = capture.run([
            "audit", manifest.path, "--snapshot", limitsSnapshot, "--format", "jsonl", "--actor", "non-commercial",
            "--jurisdiction", "US", "--quiet",
        ])
        #expect(status == 1, "\(capture.stderr)")
        let records = try capture.lines.map { try Self.json(Array($0.utf8)) }
        #expect(records.map { $0["verdict"] as? String } == ["opted-out", "opted-out"])
        #expect(
            records.map { $0["note"] as? String } == [
                "the RSL licence grants the use only in regions FR; the jurisdiction is US",
                "the RSL licence prohibits regions US; the jurisdiction is US",
            ]
        )
        #expect(records.allSatisfy { ($0["reasons"] as? [[String: Any]])?.first?["mechanism"] as? String == "rsl" })
    }
}

/// `heed crawl` fetches the TDM policies a site's tdmrep.json references (any host, at most
/// `TDMRepSource.policyLimit`), like the licences robots.txt names.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct TDMPolicyCrawlTests {
    @Test func crawlFetchesTheReferencedPolicies() throws {
        let server = try SnapshotServer(snapshot: try Snapshot(root: URL(fileURLWithPath: limitsSnapshot)))
        defer { server.stop() }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("heed-policy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let hosts = dir.appendingPathComponent("hosts.txt")
        try Data("http://tdm-press.example/\n".utf8).write(to: hosts)
        let store = dir.appendingPathComponent("store.sqlite").path
        let result = HeedProcess.run([
            "crawl", hosts.path, "--store", store, "--allow-private", "--connect-to", "::127.0.0.1:\(server.port)",
        ])
        // Exit 1: the https fetches of the policies fail against the plain loopback server, and
        // heed crawl names failed fetches.
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("https://rights.example/policies/consent.json"), "\(result.stderr)")
        let signalStore = try SignalStore(path: store)
        // The three policy URLs of tdmrep.json were requested (https against the plain loopback
        // server fails, and the failure is stored like any other fetch).
        for name in ["consent", "paid", "missing"] {
            let url = "https://rights.example/policies/\(name).json"
            #expect(try signalStore.record(for: url) != nil, "\(url) not fetched")
        }
    }
}
