// SPDX-License-Identifier: Apache-2.0
// HeedHistory tests: snapshot diffs (the Corpus/history folders as snapshots, and made-up ones).

import Foundation
import HeedCore
import HeedStore
import Testing

@testable import HeedHistory

struct SnapshotDiffTests {
    func diff(_ a: URL, _ b: URL, hosts: [String] = []) throws -> SnapshotDiff {
        try SnapshotDiff.compare(
            try Snapshot(root: a),
            try Snapshot(root: b),
            hosts: hosts,
            specs: try Fixtures.specs(),
            from: a.lastPathComponent,
            to: b.lastPathComponent
        )
    }

    /// Writes files (`host/path` → text) as a snapshot in a new temporary folder.
    func snapshot(_ files: [String: String], folders: [String] = []) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("heed-diff-\(UUID().uuidString)")
        for folder in folders {
            try FileManager.default.createDirectory(
                at: root.appendingPathComponent(folder),
                withIntermediateDirectories: true
            )
        }
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(),
                withIntermediateDirectories: true
            )
            try Data(text.utf8).write(to: url)
        }
        return root
    }

    /// The same change as the history's 2024-06-30 step, read from the two snapshot folders:
    /// the statements now name snapshot paths.
    @Test func twoDatedSnapshotsGiveTheHistoryStep() throws {
        let d = try diff(Fixtures.snapshot("vox", "2024-01-31"), Fixtures.snapshot("vox", "2024-06-30"))
        #expect(d.hosts.count == 1)
        let host = d.hosts[0]
        #expect(host.host == "www.vox.com" && host.presence == .both)
        #expect(host.documents.map(\.url) == ["https://www.vox.com/robots.txt"])
        #expect(host.documents[0].lines?.added.count == 63 && host.documents[0].lines?.removed.count == 20)
        #expect(host.documents[0].between == nil)
        #expect(host.signals.count == 30)
        let gpt = try #require(host.signals.first { $0.agent.name == "GPTBot" && $0.aspect == .access })
        #expect(gpt.before.value == .disallow && gpt.after.value == .allow)
        #expect(gpt.statement?.document == "www.vox.com/robots.txt" && gpt.statement?.line == 6)
        #expect(host.before?.trainingCrawlersDisallowed == 1 && host.after?.trainingCrawlersDisallowed == 6)
        #expect(d.changes == 31)
    }

    /// blavity 2025-03-01 adds a home page whose `X-Robots-Tag: noai` reserves ai_train,
    /// ai_input and ai_index for every agent (Bytespider's ai_train was already denied).
    @Test func aPageHeaderChangesEveryAgent() throws {
        let d = try diff(Fixtures.snapshot("blavity", "2024-12-01"), Fixtures.snapshot("blavity", "2025-03-01"))
        let host = d.hosts[0]
        #expect(host.documents.map(\.url) == ["https://www.blavity.com/"])
        #expect(host.documents[0].kind == .added && host.documents[0].lines == nil)
        #expect(
            host.documents[0].after?.signalHeaders == [
                "content-type: text/html; charset=utf-8", "x-robots-tag: noai, noimageai",
            ]
        )
        let byAspect = Dictionary(grouping: host.signals, by: \.aspect).mapValues(\.count)
        #expect(byAspect == [.use(.aiIndex): 162, .use(.aiInput): 162, .use(.aiTrain): 161])
        #expect(!host.signals.contains { $0.aspect == .use(.aiTrain) && $0.agent.name == "Bytespider" })
        #expect(host.signals.allSatisfy { $0.after.value == .deny && $0.statement?.mechanism == "http.x-robots-tag" })
        #expect(host.after?.deniedCells == 1 + 485)
    }

    @Test func hostsAddedAndRemoved() throws {
        let d = try diff(Fixtures.snapshot("vox", "2023-06-01"), Fixtures.snapshot("blavity", "2023-07-01"))
        #expect(d.hosts.map(\.host) == ["www.blavity.com", "www.vox.com"])
        #expect(d.hosts.map(\.presence) == [.added, .removed])
        #expect(d.hosts[0].documentURLs == ["https://www.blavity.com/robots.txt"])
        #expect(d.changes == 2)
    }

    @Test func namedHostsOnly() throws {
        let a = Fixtures.snapshot("vox", "2023-06-01")
        let b = Fixtures.snapshot("blavity", "2023-07-01")
        let d = try diff(a, b, hosts: ["WWW.BLAVITY.COM"])
        #expect(d.hosts.map(\.host) == ["www.blavity.com"] && d.changes == 1)
        #expect(throws: HeedHistoryError.self) { try diff(a, b, hosts: ["example.org"]) }
    }

    @Test func identicalSnapshotsHaveNoChange() throws {
        let a = Fixtures.snapshot("vox", "2024-06-30")
        let d = try diff(a, a)
        #expect(d.changes == 0 && d.hosts.map(\.presence) == [.both])
        #expect(
            HistoryText.lines(d) == [
                "2024-06-30 → 2024-06-30: 1 host(s): 0 changed, 0 added, 0 removed, 1 unchanged; 0 change(s)", "",
                "www.vox.com: unchanged",
            ]
        )
    }

    /// A host folder without robots.txt answered 404 (allow all, RFC 9309 §2.3.1.3); adding
    /// `Disallow: /` for `*` disallows every agent, and removing it again allows them back.
    @Test func anEmptyHostFolderIsKnownAndRemovalIsAChange() throws {
        let empty = try snapshot([:], folders: ["shop.test"])
        let closed = try snapshot(["shop.test/robots.txt": "User-agent: *\nDisallow: /\n"])
        let forward = try diff(empty, closed)
        #expect(forward.hosts[0].documents.map(\.kind) == [.added])
        #expect(
            forward.hosts[0].documents[0].lines
                == LineDiff(added: [LineDiff.Line(1, "User-agent: *"), LineDiff.Line(2, "Disallow: /")], removed: [])
        )
        let access = forward.hosts[0].signals.filter { $0.aspect == .access }
        #expect(access.count == 162 && access.allSatisfy { $0.before.value == .allow && $0.after.value == .disallow })
        let back = try diff(closed, empty)
        #expect(back.hosts[0].documents.map(\.kind) == [.removed])
        #expect(back.hosts[0].documents[0].lines?.removed.count == 2)
        #expect(back.hosts[0].signals.filter { $0.aspect == .access }.count == 162)
    }

    /// A robots.txt that becomes a 503 (sidecar) is a status change: every agent disallowed
    /// (RFC 9309 §2.3.1.4), and the text diff shows every rule gone.
    @Test func aStatusChange() throws {
        let ok = try snapshot(["s.test/robots.txt": "User-agent: *\nAllow: /\n"])
        let down = try snapshot([
            "s.test/robots.txt": "User-agent: *\nAllow: /\n",
            "s.test/robots.txt.headers": "HTTP/1.1 503 Service Unavailable\n",
        ])
        let d = try diff(ok, down)
        let doc = d.hosts[0].documents[0]
        #expect(doc.kind == .changed && doc.before?.status == 200 && doc.after?.status == 503)
        #expect(doc.lines?.removed.count == 2 && doc.lines?.added.isEmpty == true)
        #expect(ChangeText.document(doc, host: "s.test")[0] == "robots.txt changed: status 200 → 503; +0 -2 lines")
        #expect(d.hosts[0].signals.filter { $0.aspect == .access && $0.after.value == .disallow }.count == 162)
    }

    @Test func anUnreadableSidecarIsAnError() throws {
        let a = try snapshot(["s.test/robots.txt": "User-agent: *\n"])
        let b = try snapshot(["s.test/robots.txt": "User-agent: *\n", "s.test/robots.txt.headers": "HTTP/1.1 abc\n"])
        #expect(throws: HeedHistoryError.self) { try diff(a, b) }
    }

    /// A page other than the home page is evaluated too: a `noai` meta tag added to an article
    /// changes its cells, not the home page's.
    @Test func otherStoredPagesAreEvaluated() throws {
        let robots = "User-agent: *\nAllow: /\n"
        let plain = "<html><head><title>A</title></head><body>a</body></html>"
        let noai = "<html><head><meta name=\"robots\" content=\"noai\"></head><body>a</body></html>"
        let a = try snapshot(["s.test/robots.txt": robots, "s.test/articles/a.html": plain])
        let b = try snapshot(["s.test/robots.txt": robots, "s.test/articles/a.html": noai])
        let host = try diff(a, b).hosts[0]
        #expect(host.documents.map(\.url) == ["https://s.test/articles/a.html"])
        #expect(host.documents[0].lines == nil)
        #expect(Set(host.signals.map(\.page)) == ["https://s.test/articles/a.html"])
        let byAspect = Dictionary(grouping: host.signals, by: \.aspect).mapValues(\.count)
        #expect(byAspect == [.use(.aiIndex): 162, .use(.aiInput): 162, .use(.aiTrain): 162])
        #expect(host.signals.allSatisfy { $0.statement?.mechanism == "html.meta-robots" })
    }

    @Test(arguments: [
        ("https://x.test/", true), ("https://x.test/robots.txt", false), ("https://x.test/ai.txt", false),
        ("https://x.test/.well-known/tdmrep.json", false), ("https://x.test/license.xml", false),
        ("https://x.test/articles/a.html", true), ("https://x.test/about", true), ("https://x.test/a/", true),
        ("https://x.test/feed.json?page=2", false), ("https://x.test/page.php?id=1", true),
        ("https://x.test/logo.png", false), ("https://x.test/notes.TXT", false),
    ])
    func pagesAndSiteDocuments(url: String, page: Bool) {
        #expect(SiteStateBuilder.isPage(url) == page)
        #expect(SiteComparison.isText(url) == (!page && !url.hasSuffix(".png")))
    }

    /// At most 50 pages (the home page and the first 49 others by URL); the rest are counted.
    @Test func pagesAreCappedAndCounted() {
        let urls = (0..<52).map { "https://x.test/a\($0 < 10 ? "0" : "")\($0).html" } + ["https://x.test/robots.txt"]
        let (pages, omitted) = SiteStateBuilder.pages(in: urls, origin: "https://x.test")
        #expect(pages.count == 50 && omitted == 3)
        #expect(
            pages.first == "https://x.test/" && pages[1] == "https://x.test/a00.html"
                && pages.last == "https://x.test/a48.html"
        )
    }
}
