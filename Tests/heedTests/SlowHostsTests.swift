// SPDX-License-Identifier: Apache-2.0
// heed tests: 10,000 hosts that each answer slowly (issue 7, hostile network): the crawl finishes
// within the bound its settings imply, and every host is recorded.

import Foundation
import HeedServer
import HeedStore
import Testing

@Suite(.timeLimit(.minutes(3)))
struct SlowHostsTests {
    @Test func tenThousandSlowHostsFinishWithinTheirBound() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("heed-slow-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let sites = dir.appendingPathComponent("sites")
        try FileManager.default.createDirectory(at: sites, withIntermediateDirectories: true)
        // No host folders: every request is a 404 (robots.txt 404 allows all), after the delay.
        let delay = Duration.milliseconds(100)
        let server = try SnapshotServer(snapshot: try Snapshot(root: sites), delay: delay)
        defer { server.stop() }
        let count = 10_000
        let hosts = dir.appendingPathComponent("hosts.txt")
        try Data((0..<count).map { "http://slow\($0).test/\n" }.joined().utf8).write(to: hosts)
        let store = dir.appendingPathComponent("store.sqlite").path
        let concurrency = 256
        let clock = ContinuousClock()
        let started = clock.now
        let result = HeedProcess.run([
            "crawl", hosts.path, "--store", store, "--allow-private", "--connect-to", "::127.0.0.1:\(server.port)",
            "--concurrency", "\(concurrency)", "--per-host", "1", "--timeout", "5",
        ])
        let elapsed = clock.now - started
        #expect(result.status == 0, "\(result.stderr)")
        // Each host is four sequential requests (robots.txt, tdmrep.json, ai.txt, home page) of 100 ms:
        // with 256 hosts at a time the floor is 10,000 × 0.4 s / 256 ≈ 16 s. The bound allows 4× that.
        let requests = server.requestCount
        let floor = Double(requests) * 0.1 / Double(concurrency)
        #expect(requests >= 4 * count)
        #expect(elapsed < .seconds(max(60, floor * 4)), "took \(elapsed) for \(requests) requests")
        let signals = try SignalStore(path: store)
        #expect(try signals.hosts().count == count)
        #expect(signals.integrityCheck())
    }
}
