// SPDX-License-Identifier: Apache-2.0
// heed tests: the nightly steward job end to end: crawl, crawl again after the site changed,
// then `heed history --since --fail-on changed` (loopback only).

import Foundation
import HeedServer
import HeedStore
import Testing

@Suite(.serialized, .timeLimit(.minutes(2)))
struct CronFlowTests {
    static let vox = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Corpus/history/vox")

    /// Crawls `www.vox.com` from a loopback server serving the snapshot of `day` into `store`.
    func crawl(_ day: String, store: String, hosts: String) throws -> (status: Int32, stderr: String) {
        let server = try SnapshotServer(snapshot: try Snapshot(root: Self.vox.appendingPathComponent(day)))
        defer { server.stop() }
        let r = HeedProcess.run([
            "crawl", hosts, "--store", store, "--allow-private", "--connect-to", "::127.0.0.1:\(server.port)",
        ])
        return (r.status, r.stderr)
    }

    /// vox.com in January 2024 blocks GPTBot; by November 2025 it allows GPTBot, blocks 15 other
    /// crawlers and adds a Content-Signal line and an RSL licence. Two crawls, the second after the
    /// change: the window after the first crawl holds exactly the second crawl's changes.
    @Test func aNightlyJobAlertsOnTheChangeAndOnlyOnIt() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("heed-cron-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let hosts = dir.appendingPathComponent("hosts.txt").path
        try Data("http://www.vox.com/\n".utf8).write(to: URL(fileURLWithPath: hosts))
        let store = dir.appendingPathComponent("store.sqlite").path

        let first = try crawl("2024-01-31", store: store, hosts: hosts)
        #expect(first.status == 0, "\(first.stderr)")
        // The store keeps seconds: the window starts strictly after the first crawl's second and
        // before the second crawl's.
        Thread.sleep(forTimeInterval: 1.2)
        let midpoint = Date()
        Thread.sleep(forTimeInterval: 1.2)
        let format = ISO8601DateFormatter()
        let since = format.string(from: midpoint)

        // Nothing changed yet: the first sighting is a baseline, never an alert.
        let quiet = HeedProcess.run(["history", "www.vox.com", "--store", store, "--fail-on", "changed"])
        #expect(quiet.status == 0, "\(quiet.stdout)\(quiet.stderr)")

        // Its robots.txt names an https licence, which the plain-HTTP loopback server cannot
        // answer: the crawl reports that fetch failure (exit 1), and the failure is stored.
        let second = try crawl("2025-11-01", store: store, hosts: hosts)
        #expect(second.status == 1)
        #expect(second.stderr.contains("https://www.vox.com/license.xml"), "\(second.stderr)")

        let alert = HeedProcess.run([
            "history", "www.vox.com", "--store", store, "--since", since, "--fail-on", "changed", "--json",
        ])
        #expect(alert.status == 1, "\(alert.stderr)")
        let lines = alert.stdout.split(separator: "\n")
        let gpt = lines.first { $0.contains(#""agent":"GPTBot""#) && $0.contains(#""category":"access""#) }
        #expect(gpt?.contains(#""before":"disallow","after":"allow""#) == true)
        #expect(gpt?.contains(#""raw":"Allow: /""#) == true)
        #expect(lines.contains { $0.contains(#""kind":"document""#) && $0.contains("license.xml") })

        // A window that starts after the second crawl holds no change.
        Thread.sleep(forTimeInterval: 1.2)
        let later = format.string(from: Date())
        let after = HeedProcess.run([
            "history", "www.vox.com", "--store", store, "--since", later, "--fail-on", "changed",
        ])
        #expect(after.status == 0, "\(after.stdout)\(after.stderr)")
        #expect(SignalStoreCheck.intact(store))
    }
}

/// The store's own integrity check, from a test.
enum SignalStoreCheck {
    static func intact(_ path: String) -> Bool {
        (try? SignalStore(path: path))?.integrityCheck() == true
    }
}
