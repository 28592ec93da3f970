// SPDX-License-Identifier: Apache-2.0
// HeedAudit tests: `Verifier` against fortune.com's real robots.txt history (Corpus/verify): exact lists
// of the URLs collected despite an opt-out, with statement and date, in every manifest format.
//
// The store holds three versions (Corpus/verify/README.md): 2023-06-01 (no AI rules; `*` disallows
// /search/* on line 4), 2023-08-31 (CCBot's own group, `Disallow: /` on line 42), 2024-02-29 (the same
// group on line 43, and a synthetic `Content-Usage: train-ai=n` on line 21 of the `*` group). The home
// page carries `<meta name="robots" content="noai, noimageai">` (synthetic, line 5) at every date.

import Foundation
import HeedCore
import HeedStore
import Testing

@testable import HeedAudit

struct VerifyTests {
    static let robots = "https://fortune.com/robots.txt"
    static let meta = #"html.meta-robots https://fortune.com/:5 <meta name="robots" content="noai, noimageai">"#

    /// CCBot (the profile's crawler). Worked out by hand:
    /// - 2023-06-01 version: CCBot has no group, so the `*` group applies: articles are allowed (ok),
    ///   /search/* is disallowed (blocked, line 4, there since the first fetch), /wp-admin/admin-ajax.php
    ///   is allowed by the longer Allow; the home page's noai meta opts it out (first fetch too).
    /// - from 2023-08-31: CCBot's group disallows everything (line 42); the 2024-02-29 version has the
    ///   same rule on line 43, so its date stays 2023-08-31 (the statement did not change).
    /// - 2023-05-01 is before the first fetch, www.fortune.com was never fetched: unknown.
    /// - 2023-08-30T23:59:59Z is one second before the 2023-08-31 version: still ok.
    static let ccbot: [String] = [
        "https://fortune.com/2023/07/15/markets-rally/ @ 2023-07-15T08:30:00Z: ok",
        "https://fortune.com/search/ai%20training @ 2023-07-20T12:00:00Z: blocked [robots.access \(robots):4 "
            + "Disallow: /search/* since 2023-06-01*]",
        "https://fortune.com/2023/09/10/ai-regulation/ @ 2023-09-10T09:00:00Z: blocked [robots.access \(robots):42 "
            + "Disallow: / since 2023-08-31]",
        "https://fortune.com/2024/03/05/chips/ @ 2024-03-05T10:00:00Z: blocked [robots.access \(robots):43 "
            + "Disallow: / since 2023-08-31]",
        "https://fortune.com/2023/05/01/early/ @ 2023-05-01T00:00:00Z: unknown",
        "https://FORTUNE.com/2023/08/30/eve/ @ 2023-08-30T23:59:59Z: ok",
        "https://fortune.com/2023/08/31/day-of/ @ 2023-08-31T00:00:00Z: blocked [robots.access \(robots):42 "
            + "Disallow: / since 2023-08-31]",
        "https://www.fortune.com/2024/01/01/www/ @ 2024-01-01T00:00:00Z: unknown",
        "https://fortune.com/ @ 2023-07-10T00:00:00Z: opted-out [\(meta) since 2023-06-01*]",
        "https://fortune.com/ @ 2024-03-05T10:00:00Z: blocked [robots.access \(robots):43 Disallow: / since 2023-08-31]",
        "https://fortune.com/wp-admin/admin-ajax.php @ 2023-07-01T00:00:00Z: ok",
    ]

    /// A crawler no group names (FooBot) always reads the `*` group: the articles stay allowed until
    /// the 2024-02-29 version's `Content-Usage: train-ai=n` (line 21) opts them out of generative
    /// training. The home page: the noai meta from the first fetch; in 2024 the robots.txt statement
    /// decides first (site-level before page-level), and it dates from 2024-02-29 because the earlier
    /// versions lacked it.
    static let fooBot: [String] = [
        "https://fortune.com/2023/07/15/markets-rally/ @ 2023-07-15T08:30:00Z: ok",
        "https://fortune.com/search/ai%20training @ 2023-07-20T12:00:00Z: blocked [robots.access \(robots):4 "
            + "Disallow: /search/* since 2023-06-01*]",
        "https://fortune.com/2023/09/10/ai-regulation/ @ 2023-09-10T09:00:00Z: ok",
        "https://fortune.com/2024/03/05/chips/ @ 2024-03-05T10:00:00Z: opted-out [robots.content-usage \(robots):21 "
            + "Content-Usage: train-ai=n since 2024-02-29]",
        "https://fortune.com/2023/05/01/early/ @ 2023-05-01T00:00:00Z: unknown",
        "https://FORTUNE.com/2023/08/30/eve/ @ 2023-08-30T23:59:59Z: ok",
        "https://fortune.com/2023/08/31/day-of/ @ 2023-08-31T00:00:00Z: ok",
        "https://www.fortune.com/2024/01/01/www/ @ 2024-01-01T00:00:00Z: unknown",
        "https://fortune.com/ @ 2023-07-10T00:00:00Z: opted-out [\(meta) since 2023-06-01*]",
        "https://fortune.com/ @ 2024-03-05T10:00:00Z: opted-out [robots.content-usage \(robots):21 "
            + "Content-Usage: train-ai=n since 2024-02-29]",
        "https://fortune.com/wp-admin/admin-ajax.php @ 2023-07-01T00:00:00Z: ok",
    ]

    /// Each manifest format with the options that find its capture dates.
    struct Format: Sendable, CustomTestStringConvertible {
        var file: String
        var dateColumn: String?
        var dateField: String?
        /// Lines that cannot be read.
        var problems: Int
        var testDescription: String { file }
    }

    static let formats = [
        Format(file: "fortune.cdxj", problems: 1),
        Format(file: "fortune.csv", dateColumn: "captured_at", problems: 0),
        Format(file: "fortune.warc.gz", problems: 0),
        Format(file: "fortune.jsonl.gz", dateField: "meta.captured", problems: 1),
    ]

    static func options(_ f: Format) -> ManifestOptions {
        var o = ManifestOptions()
        o.dateColumn = f.dateColumn
        o.dateField = f.dateField
        return o
    }

    @Test(arguments: formats)
    func everyFormatGivesTheExactViolations(_ format: Format) throws {
        let history = StoreHistory(store: try VerifyFixture.store())
        let run = try VerifyFixture.run(
            VerifyFixture.manifest(format.file),
            options: Self.options(format),
            history: history
        )
        let dated = run.records.filter { $0.captured != nil }.map(Judged.init)
        #expect(dated == Self.ccbot.map(Judged.init))
        let s = run.summary
        #expect(s.violations == 6)
        #expect(s.kept.map(\.url) == run.records.filter(\.violation).map(\.url))
        #expect(s.count(.ok) == 3 && s.count(.blocked) == 5 && s.count(.optedOut) == 1 && s.count(.unknown) == 2)
        #expect(s.beforeFirstSighting == 1 && s.neverFetched == 1)
        #expect(s.otherHosts == 2)
        #expect(s.problems == format.problems)
        #expect(s.dated == 11)
        #expect(s.urls == (format.file.hasSuffix(".csv") ? 14 : 11))
        #expect(
            s.months.map { "\($0.month) \($0.violations)/\($0.urls)" } == [
                "2023-05 0/1", "2023-07 2/4", "2023-08 1/2", "2023-09 1/1", "2024-01 0/1", "2024-03 2/2",
            ]
        )
        let host = try #require(s.hosts.first { $0.host == "fortune.com" })
        #expect(host.epochStarts.map(CaptureTime.day) == ["2023-06-01", "2023-08-31", "2024-02-29"])
        #expect(s.hosts.map(\.host) == ["fortune.com", "www.fortune.com"])
    }

    @Test func anotherCrawlerReadsTheStarGroupAndTheContentUsageLine() throws {
        let history = StoreHistory(store: try VerifyFixture.store())
        let run = try VerifyFixture.run(VerifyFixture.manifest("fortune.cdxj"), history: history, agents: ["FooBot"])
        #expect(run.records.map(Judged.init) == Self.fooBot.map(Judged.init))
        #expect(run.summary.violations == 4)
    }

    /// Undated rows are never violations; one whose opt-out held in every version is counted as
    /// restricted throughout, with that statement and the first fetch as its date.
    @Test func undatedEntriesAreJudgedOverTheWholeHistory() throws {
        let history = StoreHistory(store: try VerifyFixture.store())
        let csv = Self.options(Self.formats[1])
        let ccbot = try VerifyFixture.run(VerifyFixture.manifest("fortune.csv"), options: csv, history: history)
        #expect(
            ccbot.records.filter { $0.captured == nil }.map(Judged.init) == [
                // CCBot: allowed in 2023-06 (/undated/), or blocked by another rule (/search/*).
                Judged("https://fortune.com/undated/ @ undated: undated"),
                Judged("https://fortune.com/search/undated @ undated: undated"),
                Judged("https://fortune.com/2024/02/30/bad-date/ @ undated: undated"),
            ]
        )
        #expect(ccbot.summary.undated == 3 && ccbot.summary.badDates == 1)
        #expect(ccbot.summary.undatedRestrictedThroughout == 0)
        #expect(ccbot.problems.map(\.line) == [17])  // the impossible date 2024-02-30
        let foo = try VerifyFixture.run(
            VerifyFixture.manifest("fortune.csv"),
            options: csv,
            history: history,
            agents: ["FooBot"]
        )
        #expect(
            foo.records.filter { $0.captured == nil }.map(Judged.init) == [
                Judged("https://fortune.com/undated/ @ undated: undated"),
                Judged(
                    "https://fortune.com/search/undated @ undated: undated [robots.access \(Self.robots):4 "
                        + "Disallow: /search/* since 2023-06-01*]"
                ),
                Judged("https://fortune.com/2024/02/30/bad-date/ @ undated: undated"),
            ]
        )
        #expect(foo.summary.undatedRestrictedThroughout == 1)
        #expect(foo.summary.violations == 4)
    }

    /// `--collected` dates the entries that carry no date; an unreadable date stays undated.
    @Test func collectedDatesTheUndatedEntries() throws {
        let history = StoreHistory(store: try VerifyFixture.store())
        let run = try VerifyFixture.run(
            VerifyFixture.manifest("fortune.csv"),
            options: Self.options(Self.formats[1]),
            history: history,
            collected: "2024-03-01"
        )
        #expect(
            run.records.suffix(3).map(Judged.init) == [
                Judged(
                    "https://fortune.com/undated/ @ 2024-03-01T00:00:00Z: blocked [robots.access \(Self.robots):43 "
                        + "Disallow: / since 2023-08-31]"
                ),
                Judged(
                    "https://fortune.com/search/undated @ 2024-03-01T00:00:00Z: blocked [robots.access "
                        + "\(Self.robots):43 Disallow: / since 2023-08-31]"
                ),
                Judged("https://fortune.com/2024/02/30/bad-date/ @ undated: undated"),
            ]
        )
        #expect(run.summary.datedByOption == 2 && run.summary.dated == 13 && run.summary.undated == 1)
        #expect(run.summary.violations == 8)
    }

    @Test func subdomainsCountOnlyWhenAsked() throws {
        let history = StoreHistory(store: try VerifyFixture.store())
        let run = try VerifyFixture.run(
            VerifyFixture.manifest("fortune.cdxj"),
            history: history,
            includeSubdomains: true
        )
        #expect(run.summary.urls == 12 && run.summary.otherHosts == 1)
        let careers = try #require(run.records.first { $0.host == "careers.fortune.com" })
        #expect(careers.verdict == .unknown && careers.note?.contains("never fetched") == true)
        #expect(run.summary.neverFetched == 2)
    }

    /// A site that went back to its 2023-06-01 robots.txt on 2024-06-01: the fourth epoch shares the
    /// first one's folded signals, and a /search/ URL captured after it is blocked by line 4 again,
    /// dated from the revert (the 2024-02-29 version blocked it with another rule).
    @Test func aRevertedVersionStartsItsOwnRun() throws {
        let store = try VerifyFixture.store()
        let snapshot = try Snapshot(root: VerifyFixture.corpus.appendingPathComponent("snapshots/2023-06-01"))
        try store.importSnapshot(snapshot, fetchedAt: Date(timeIntervalSince1970: 1_717_200_000))  // 2024-06-01
        let manifest = FileManager.default.temporaryDirectory.appendingPathComponent("heed-revert-\(UUID()).cdxj")
        try Data(
            """
            com,fortune)/search/q 20240701000000 {"url": "https://fortune.com/search/q"}
            com,fortune)/2024/07/01/a/ 20240701000000 {"url": "https://fortune.com/2024/07/01/a/"}

            """.utf8
        ).write(to: manifest)
        let run = try VerifyFixture.run(manifest.path, history: StoreHistory(store: store))
        #expect(
            run.records.map(Judged.init) == [
                Judged(
                    "https://fortune.com/search/q @ 2024-07-01T00:00:00Z: blocked [robots.access \(Self.robots):4 "
                        + "Disallow: /search/* since 2024-06-01]"
                ),
                Judged("https://fortune.com/2024/07/01/a/ @ 2024-07-01T00:00:00Z: ok"),
            ]
        )
        #expect(run.summary.hosts[0].epochStarts.count == 4)
    }

    /// A page whose only change is a header (`X-Robots-Tag: noai` added on 2024-02-01, removed on
    /// 2024-03-01, body unchanged): three epochs, the first and last sharing their signals.
    @Test func aHeaderOnlyChangeIsAnEpochOfItsOwn() throws {
        let store = try VerifyFixture.store([])
        let day = { (iso: String) in Date(timeIntervalSince1970: TimeInterval(VerifyFixture.seconds(iso))) }
        func put(_ url: String, _ body: String, _ headers: [HTTPHeaders.Field], at date: String) throws {
            let document = Document(url: url, status: 200, headers: HTTPHeaders(headers), body: Array(body.utf8))
            try store.put(document, fetchedAt: day(date), expiresAt: day(date) + 3600)
        }
        try put("https://site.example/robots.txt", "User-agent: *\nAllow: /\n", [], at: "2024-01-01")
        let noai = HTTPHeaders.Field(name: "X-Robots-Tag", value: "noai")
        try put("https://site.example/a.html", "<html></html>", [], at: "2024-01-01")
        try put("https://site.example/a.html", "<html></html>", [noai], at: "2024-02-01")
        try put("https://site.example/a.html", "<html></html>", [], at: "2024-03-01")
        let manifest = FileManager.default.temporaryDirectory.appendingPathComponent("heed-headers-\(UUID()).csv")
        try Data(
            """
            url,date
            https://site.example/a.html,2024-01-15
            https://site.example/a.html,2024-02-15
            https://site.example/a.html,2024-03-15

            """.utf8
        ).write(to: manifest)
        var options = ManifestOptions()
        options.dateColumn = "date"
        let run = try VerifyFixture.run(
            manifest.path,
            options: options,
            history: StoreHistory(store: store),
            site: "site.example"
        )
        #expect(
            run.records.map(Judged.init) == [
                Judged("https://site.example/a.html @ 2024-01-15T00:00:00Z: ok"),
                Judged(
                    "https://site.example/a.html @ 2024-02-15T00:00:00Z: opted-out [http.x-robots-tag "
                        + "https://site.example/a.html:- X-Robots-Tag: noai since 2024-02-01]"
                ),
                Judged("https://site.example/a.html @ 2024-03-15T00:00:00Z: ok"),
            ]
        )
        #expect(run.summary.hosts[0].epochStarts.map(CaptureTime.day) == ["2024-01-01", "2024-02-01", "2024-03-01"])
    }

    /// A snapshot is one version from its date: everything captured before is unknown, and what it
    /// opts out is "in force since at least" that date.
    @Test func aSnapshotIsInForceFromItsDate() throws {
        let snapshot = try Snapshot(root: VerifyFixture.corpus.appendingPathComponent("snapshots/2023-08-31"))
        let history = SnapshotHistory(snapshot: snapshot, since: VerifyFixture.seconds("2023-08-31"))
        let run = try VerifyFixture.run(VerifyFixture.manifest("fortune.cdxj"), history: history)
        #expect(
            run.records.filter(\.violation).map(Judged.init) == [
                Judged(
                    "https://fortune.com/2023/09/10/ai-regulation/ @ 2023-09-10T09:00:00Z: blocked [robots.access "
                        + "fortune.com/robots.txt:42 Disallow: / since 2023-08-31*]"
                ),
                Judged(
                    "https://fortune.com/2024/03/05/chips/ @ 2024-03-05T10:00:00Z: blocked [robots.access "
                        + "fortune.com/robots.txt:42 Disallow: / since 2023-08-31*]"
                ),
                Judged(
                    "https://fortune.com/2023/08/31/day-of/ @ 2023-08-31T00:00:00Z: blocked [robots.access "
                        + "fortune.com/robots.txt:42 Disallow: / since 2023-08-31*]"
                ),
                Judged(
                    "https://fortune.com/ @ 2024-03-05T10:00:00Z: blocked [robots.access fortune.com/robots.txt:42 "
                        + "Disallow: / since 2023-08-31*]"
                ),
            ]
        )
        #expect(run.summary.beforeFirstSighting == 6)
    }

    /// The kept list is capped; the count is not.
    @Test func theKeptListIsCapped() throws {
        let history = StoreHistory(store: try VerifyFixture.store())
        let run = try VerifyFixture.run(VerifyFixture.manifest("fortune.cdxj"), history: history, keep: 2)
        #expect(run.summary.kept.count == 2 && run.summary.violations == 6)
        #expect(run.summary.kept.map(\.url) == ["https://fortune.com/search/ai%20training", Self.regulation])
    }

    static let regulation = "https://fortune.com/2023/09/10/ai-regulation/"

    @Test(arguments: [
        ("fortune.com", "fortune.com", false, true),
        ("fortune.com", "WWW.Fortune.COM", false, true),
        ("www.fortune.com", "fortune.com", false, true),
        ("fortune.com", "careers.fortune.com", false, false),
        ("fortune.com", "careers.fortune.com", true, true),
        ("fortune.com", "notfortune.com", true, false),
        ("fortune.com", "fortune.com.evil.example", true, false),
        ("https://Fortune.com:443/path", "fortune.com", false, true),
    ])
    func siteMatching(site: String, host: String, subdomains: Bool, expected: Bool) throws {
        let specs = try SignalSpecs(load: VerifyFixture.load)
        let policy = AuditPolicy(profile: try AuditProfile.named("commercial-genai-training", load: VerifyFixture.load))
        let config = VerifyConfiguration(site: site, includeSubdomains: subdomains, policy: policy, specs: specs)
        let verifier = Verifier(
            config: config,
            history: SnapshotHistory(snapshot: try Snapshot(root: VerifyFixture.corpus), since: 0)
        )
        let bytes = Array(host.utf8)
        #expect(bytes.withUnsafeBufferPointer { verifier.matches($0) } == expected)
    }
}

/// The byte-level file hash of the fast path agrees with the snapshot format's mapping.
struct VerifyFileHashTests {
    @Test(arguments: [
        "", "/", "/robots.txt", "/a/", "/a", "/a/b/", "/a//b", "//a/", "/a/index.html", "/index.html", "/a/b.c/d",
        "/.well-known/tdmrep.json",
    ])
    func fileHashMatchesRelativePath(path: String) {
        let expected = SiteCache.hash(Snapshot.relativePath(forPath: path.isEmpty ? "/" : path).utf8)
        let bytes = Array(path.utf8)
        #expect(bytes.withUnsafeBufferPointer(VerifyHost.fileHash) == expected)
    }

    @Test(arguments: ["/a%20b", "/./a", "/a/../b", "/a/."])
    func escapesAndDotSegmentsTakeTheFullMapping(path: String) {
        let bytes = Array(path.utf8)
        #expect(bytes.withUnsafeBufferPointer(VerifyHost.fileHash) == nil)
    }
}
