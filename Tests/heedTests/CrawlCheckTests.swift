// SPDX-License-Identifier: Apache-2.0
// heed tests: crawl and check against the in-process snapshot server (loopback only).

import Foundation
import HeedServer
import HeedStore
import Testing

/// Runs `heed` in-process with captured streams.
private final class CrawlCapture {
    var out: [UInt8] = []
    var err: [UInt8] = []
    var stdout: String { String(decoding: out, as: UTF8.self) }
    var stderr: String { String(decoding: err, as: UTF8.self) }
    var lines: [String] { stdout.split(separator: "\n").map(String.init) }

    /// Runs the built binary (see `HeedProcess` for why not in-process).
    func run(_ args: [String]) -> Int32 {
        let result = HeedProcess.run(args)
        out = Array(result.stdout.utf8)
        err = Array(result.stderr.utf8)
        return result.status
    }
}

@Suite(.serialized, .timeLimit(.minutes(2)))
struct CrawlCheckTests {
    static let snapshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Corpus/snapshots/real")

    @Test func crawlFillsTheStoreAndCheckReadsIt() throws {
        let server = try SnapshotServer(snapshot: try Snapshot(root: Self.snapshots))
        defer { server.stop() }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("heed-crawl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let hosts = dir.appendingPathComponent("hosts.txt")
        // A bare host, a URL with a page, and a host the server does not know (404 everywhere).
        try Data("http://9takes.com/\nhttp://openpoem.org/poems/x\nhttp://unknown.test\n".utf8).write(to: hosts)
        let store = dir.appendingPathComponent("store.sqlite").path
        let common = ["--store", store, "--allow-private", "--connect-to", "::127.0.0.1:\(server.port)"]
        let crawl = CrawlCapture()
        // Exit 1: openpoem.org's tdmrep.json names its TDM policy https://openpoem.org/terms, which heed
        // crawl fetches (TDMRep #sec-policy); https against this plain-HTTP loopback server fails.
        #expect(crawl.run(["crawl", hosts.path, "--sample", "1"] + common) == 1)
        #expect(crawl.stderr.contains("https://openpoem.org/terms"), "\(crawl.stderr)")
        #expect(crawl.stdout.hasPrefix("heed crawl: 3 hosts, "))

        // Every document is in the store: robots.txt of 9takes.com (its line 30 allows GPTBot).
        let signalStore = try SignalStore(path: store)
        guard case .found(let robots) = try signalStore.lookup("http://9takes.com/robots.txt") else {
            Issue.record("robots.txt not stored")
            return
        }
        #expect(robots.status == 200)
        guard case .found(let missing) = try signalStore.lookup("http://unknown.test/robots.txt") else {
            Issue.record("the unknown host's 404 is not stored")
            return
        }
        #expect(missing.status == 404)

        // check --offline: GPTBot may fetch 9takes.com, but its licence (linked from the home
        // page) prohibits ai-train: ai_train deny, and the contradiction is a finding (exit 1).
        let check = CrawlCapture()
        #expect(check.run(["check", "http://9takes.com/", "--offline", "--json"] + common) == 1)
        let gpt = try #require(check.lines.first { $0.contains(#""agent":"GPTBot""#) })
        #expect(gpt.contains(#""access":{"value":"allow""#))
        #expect(gpt.contains(#""ai_train":{"value":"deny""#))
        #expect(
            check.lines.contains {
                $0.contains(#""finding":true"#) && $0.contains(#""code":"rsl-robots-contradiction""#)
            }
        )

        // The store feeds an audit, and exports to a snapshot that gives the same verdicts.
        let manifest = dir.appendingPathComponent("manifest.txt")
        try Data("http://9takes.com/\nhttp://openpoem.org/poems/x\nhttp://unknown.test/a\n".utf8).write(to: manifest)
        let fromStore = CrawlCapture()
        _ = fromStore.run(["audit", manifest.path, "--store", store, "--format", "jsonl", "--agent", "GPTBot"])
        #expect(fromStore.lines.count == 3)
        let exported = dir.appendingPathComponent("exported").path
        let export = CrawlCapture()
        #expect(export.run(["export", "--snapshot", exported, "--store", store]) == 0)
        let fromSnapshot = CrawlCapture()
        _ = fromSnapshot.run(["audit", manifest.path, "--snapshot", exported, "--format", "jsonl", "--agent", "GPTBot"])
        let verdicts = { (c: CrawlCapture) in
            c.lines.map { $0.components(separatedBy: #""verdict":""#).last?.prefix(8) ?? "" }
        }
        #expect(verdicts(fromStore) == verdicts(fromSnapshot))
        // 9takes.com: its home page links the licence that prohibits ai-train.
        #expect(fromStore.lines.first?.contains(#""verdict":"opted-out""#) == true)

        // Nothing expired yet: --refresh fetches no host.
        let refresh = CrawlCapture()
        #expect(refresh.run(["crawl", hosts.path, "--refresh"] + common) == 0)
        #expect(refresh.stdout.hasPrefix("heed crawl: 0 hosts"))
    }

    /// Issue 7: a crawl killed with SIGKILL mid-run leaves an intact store, and `--refresh` resumes:
    /// it fetches every host that had not completed and none that had (each host is written in
    /// one transaction with its crawl record).
    @Test func killedCrawlResumesWithoutRepeatingCompletedHosts() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("heed-kill-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let sites = dir.appendingPathComponent("sites")
        var list = ""
        for i in 0..<150 {
            let host = sites.appendingPathComponent("site\(i).test")
            try FileManager.default.createDirectory(at: host, withIntermediateDirectories: true)
            try Data("User-agent: *\nDisallow: /private\nUser-agent: GPTBot\nDisallow: /\n".utf8)
                .write(to: host.appendingPathComponent("robots.txt"))
            try Data("<html><head><meta name=\"robots\" content=\"noai\"></head></html>".utf8)
                .write(to: host.appendingPathComponent("index.html"))
            list += "http://site\(i).test/\n"
        }
        let hosts = dir.appendingPathComponent("hosts.txt")
        try Data(list.utf8).write(to: hosts)
        let server = try SnapshotServer(snapshot: try Snapshot(root: sites), record: true)
        defer { server.stop() }
        let storePath = dir.appendingPathComponent("store.sqlite").path
        let common = ["--store", storePath, "--allow-private", "--connect-to", "::127.0.0.1:\(server.port)"]

        let first = HeedProcess.run(["crawl", hosts.path, "--concurrency", "2"] + common) {
            server.requestCount >= 300
        }
        #expect(first.status == 137, "the crawl finished before the kill: \(first.stdout)")
        let store = try SignalStore(path: storePath)
        #expect(store.integrityCheck())
        let all = (0..<150).map { "site\($0).test" }
        let complete = Set(try all.filter { try store.hostRecord($0) != nil })
        #expect(!complete.isEmpty && complete.count < all.count, "\(complete.count) hosts complete")
        // A host is all or nothing: no documents without its crawl record.
        for host in all where !complete.contains(host) {
            #expect(try store.record(for: "http://\(host)/robots.txt") == nil, "\(host) half written")
        }

        _ = server.takeRecordedURLs()
        let second = HeedProcess.run(["crawl", hosts.path, "--refresh"] + common)
        #expect(second.status == 0, "\(second.stderr)")
        let refetched = Set(server.takeRecordedURLs().compactMap { URL(string: $0)?.host })
        #expect(refetched.isDisjoint(with: complete), "completed hosts fetched again")
        #expect(refetched == Set(all).subtracting(complete))
        #expect(try all.allSatisfy { try store.hostRecord($0) != nil })
        #expect(store.integrityCheck())
    }

    /// A crawl the store refuses is reported, counted and fails the run (exit 2), and nothing of the
    /// host is half written. The refusal comes from a trigger added to the store's `hosts` table.
    @Test func storeRefusalIsReportedNotSwallowed() throws {
        let server = try SnapshotServer(snapshot: try Snapshot(root: Self.snapshots))
        defer { server.stop() }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("heed-refuse-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let storePath = dir.appendingPathComponent("store.sqlite").path
        _ = try SignalStore(path: storePath)
        let trigger = Process()
        trigger.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        trigger.arguments = [
            "python3", "-c",
            "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute(\"CREATE TRIGGER refuse BEFORE INSERT ON "
                + "hosts BEGIN SELECT RAISE(ABORT, 'refused by the test'); END\"); c.commit()",
            storePath,
        ]
        try trigger.run()
        trigger.waitUntilExit()
        #expect(trigger.terminationStatus == 0)
        let hosts = dir.appendingPathComponent("hosts.txt")
        try Data("http://9takes.com/\n".utf8).write(to: hosts)
        let crawl = CrawlCapture()
        let status = crawl.run([
            "crawl", hosts.path, "--store", storePath, "--allow-private", "--connect-to", "::127.0.0.1:\(server.port)",
        ])
        #expect(status == 2)
        #expect(crawl.stdout.contains("not stored: 1 hosts"))
        #expect(crawl.stderr.contains("refused by the test"))
        #expect(try SignalStore(path: storePath).record(for: "http://9takes.com/robots.txt") == nil)
    }

    @Test func privateAddressesAreRefusedWithoutTheFlag() throws {
        let server = try SnapshotServer(snapshot: try Snapshot(root: Self.snapshots))
        defer { server.stop() }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("heed-crawl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let hosts = dir.appendingPathComponent("hosts.txt")
        try Data("http://9takes.com/\n".utf8).write(to: hosts)
        let c = CrawlCapture()
        let status = c.run([
            "crawl", hosts.path, "--store", dir.appendingPathComponent("s.sqlite").path,
            "--connect-to", "::127.0.0.1:\(server.port)",
        ])
        #expect(status == 1)
        #expect(c.stdout.contains("forbidden-address"))
    }

    @Test(arguments: [["crawl"], ["check"], ["crawl", "F", "--connect-to", "nonsense"], ["check", "ftp://x/"]])
    func usageErrorsExitTwo(args: [String]) {
        let c = CrawlCapture()
        #expect(c.run(args) == 2)
        #expect(!c.stderr.isEmpty)
    }
}
