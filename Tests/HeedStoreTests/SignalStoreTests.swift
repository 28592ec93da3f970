// SPDX-License-Identifier: Apache-2.0
// HeedStore tests: the SQLite signal store (round trips, 404 semantics, history, expiry,
// conditional requests, snapshot export and import, crash safety).

import Foundation
import HeedCore
import Testing

@testable import HeedStore

#if canImport(Glibc)
    import Glibc
#endif

/// A fresh folder under the temporary directory.
private func tempDir(_ name: String) throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("heed-store-\(name)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}

/// A store in a fresh folder.
private func makeStore(_ name: String = "t") throws -> (SignalStore, URL) {
    let dir = try tempDir(name)
    return (try SignalStore(path: dir.appendingPathComponent("store.sqlite").path), dir)
}

private let t0 = Date(timeIntervalSince1970: 1_700_000_000)

private func doc(_ url: String, _ body: String, status: Int = 200, _ headers: [(String, String)] = []) -> Document {
    Document(url: url, status: status, headers: HTTPHeaders(headers), body: Array(body.utf8))
}

/// The found document, or a test failure.
private func found(_ lookup: DocumentLookup, sourceLocation: SourceLocation = #_sourceLocation) -> Document? {
    guard case .found(let document) = lookup else {
        Issue.record("expected a document, got \(lookup)", sourceLocation: sourceLocation)
        return nil
    }
    return document
}

struct SignalStoreTests {
    // MARK: SHA-256 (FIPS 180-2 appendix B examples)

    @Test(
        "SHA-256 of the FIPS examples",
        arguments: [
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            (
                "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
            ),
        ]
    )
    func sha256(input: String, hex: String) {
        #expect(SHA256.hex(Array(input.utf8)) == hex)
    }

    @Test("SHA-256 of a million 'a' (many blocks)")
    func sha256Million() {
        let input = [UInt8](repeating: 0x61, count: 1_000_000)
        #expect(SHA256.hex(input) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    // MARK: put / lookup

    @Test("put then lookup returns the document with only the kept headers")
    func roundTrip() throws {
        let (store, _) = try makeStore()
        let headers = [("Content-Type", "text/plain"), ("Set-Cookie", "id=1"), ("Content-Usage", "train-ai=n")]
        let outcome = try store.put(
            doc("https://Example.org/robots.txt", "User-agent: *\nDisallow: /x\n", headers),
            fetchedAt: t0,
            expiresAt: t0 + 86400
        )
        #expect(outcome == .inserted)
        let got = try #require(found(try store.lookup("https://example.org/robots.txt")))
        #expect(got.status == 200)
        #expect(got.body == Array("User-agent: *\nDisallow: /x\n".utf8))
        #expect(got.location == "https://example.org/robots.txt")
        #expect(got.headers.values("content-type") == ["text/plain"])
        #expect(got.headers.values("content-usage") == ["train-ai=n"])
        #expect(got.headers.values("set-cookie").isEmpty)
        let record = try #require(try store.record(for: "https://example.org/robots.txt"))
        #expect(record.fetchedAt == t0)
        #expect(record.expiresAt == t0 + 86400)
        #expect(record.bodySHA256 == SHA256.hex(Array("User-agent: *\nDisallow: /x\n".utf8)))
        #expect(try store.hosts() == ["example.org"])
    }

    @Test(
        "lookup answers like a snapshot: stored, same file, 404 for a fetched host, never fetched",
        arguments: [
            ("https://example.org/robots.txt", 200, "robots"),
            ("HTTPS://EXAMPLE.ORG:443/robots.txt#frag", 200, "robots"),
            ("http://example.org/robots.txt", 200, "robots"),  // another scheme: same snapshot file
            ("https://example.org/robots.txt?x=1", 200, "robots"),  // another query: same file
            ("https://example.org/a/index.html", 200, "dir"),  // same file as /a/
            ("https://example.org/ai.txt", 404, ""),
            ("https://example.org/a", 404, ""),
            ("https://example.org:8443/robots.txt", -1, ""),  // another port is another host
            ("https://other.org/robots.txt", -1, ""),
        ]
    )
    func lookupSemantics(url: String, status: Int, body: String) throws {
        let (store, _) = try makeStore()
        try store.put(doc("https://example.org/robots.txt", "robots"), fetchedAt: t0, expiresAt: t0)
        try store.put(doc("https://example.org/a/", "dir"), fetchedAt: t0, expiresAt: t0)
        let result = try store.lookup(url)
        if status < 0 {
            #expect(result == .neverFetched)
        } else {
            let got = try #require(found(result))
            #expect(got.status == status)
            #expect(got.body == Array(body.utf8))
            #expect(got.url == url)
        }
    }

    @Test("a URL without a query wins over one with a query for the same file")
    func queryPreference() throws {
        let (store, _) = try makeStore()
        try store.put(doc("https://example.org/p?b=2", "query"), fetchedAt: t0 + 10, expiresAt: t0)
        try store.put(doc("https://example.org/p", "plain"), fetchedAt: t0, expiresAt: t0)
        try store.put(doc("https://example.org/q?b=2", "only-query"), fetchedAt: t0, expiresAt: t0)
        #expect(try found(store.lookup("https://example.org/p?c=3"))?.body == Array("plain".utf8))
        #expect(try found(store.lookup("https://example.org/p?b=2"))?.body == Array("query".utf8))
        #expect(try found(store.lookup("https://example.org/q"))?.body == Array("only-query".utf8))
    }

    @Test(arguments: ["ftp://example.org/x", "example.org/x", "https:///x"])
    func rejectsNonHTTP(url: String) throws {
        let (store, _) = try makeStore()
        #expect(throws: StoreError.self) { try store.lookup(url) }
        #expect(throws: StoreError.self) { try store.put(doc(url, "x"), fetchedAt: t0, expiresAt: t0) }
    }

    // MARK: history

    @Test("history keeps every changed version and skips identical re-fetches")
    func history() throws {
        let (store, _) = try makeStore()
        let url = "https://example.org/robots.txt"
        let v1 = doc(url, "User-agent: *\nAllow: /\n", [("ETag", "\"a\""), ("Content-Usage", "train-ai=y")])
        #expect(try store.put(v1, fetchedAt: t0, expiresAt: t0 + 10) == .inserted)
        // Same body and signal headers, a new validator and an unkept header: not a change.
        let same = doc(
            url,
            "User-agent: *\nAllow: /\n",
            [("ETag", "\"b\""), ("Content-Usage", "train-ai=y"), ("Date", "x")]
        )
        #expect(try store.put(same, fetchedAt: t0 + 100, expiresAt: t0 + 200) == .unchanged)
        #expect(try store.history(host: "example.org").isEmpty)
        #expect(try store.record(for: url)?.etag == "\"b\"")
        // A signal header changes, the body does not: a change.
        let v2 = doc(url, "User-agent: *\nAllow: /\n", [("Content-Usage", "train-ai=n")])
        #expect(try store.put(v2, fetchedAt: t0 + 1000, expiresAt: t0 + 2000) == .changed)
        // The body changes.
        let v3 = doc(url, "User-agent: *\nDisallow: /\n", [("Content-Usage", "train-ai=n")])
        #expect(try store.put(v3, fetchedAt: t0 + 5000, expiresAt: t0 + 6000) == .changed)
        // The status changes (the same empty body).
        #expect(try store.put(doc(url, "", status: 503), fetchedAt: t0 + 7000, expiresAt: t0) == .changed)
        // A failure with the same status and body as before, but an error: a change.
        let failed = doc(url, "", status: 503)
        #expect(try store.put(failed, fetchedAt: t0 + 8000, expiresAt: t0, error: "timeout") == .changed)

        let entries = try store.history(host: "EXAMPLE.org")
        #expect(entries.map(\.replacedAt) == [t0 + 1000, t0 + 5000, t0 + 7000, t0 + 8000])
        #expect(entries.map(\.fetchedAt) == [t0 + 100, t0 + 1000, t0 + 5000, t0 + 7000])
        #expect(entries.map(\.status) == [200, 200, 200, 503])
        #expect(entries[0].bodySHA256 == SHA256.hex(Array("User-agent: *\nAllow: /\n".utf8)))
        #expect(entries.allSatisfy { $0.url == url && $0.error == nil })
        let first = try #require(try store.historyDocument(id: entries[0].id))
        #expect(first.body == Array("User-agent: *\nAllow: /\n".utf8))
        #expect(first.headers.values("content-usage") == ["train-ai=y"])
        let oldest = try #require(try store.historyDocument(id: entries[2].id))
        #expect(oldest.body == Array("User-agent: *\nDisallow: /\n".utf8))
        let current = try #require(try store.record(for: url))
        #expect(current.status == 503)
        #expect(current.error == "timeout")
        #expect(try store.history(host: "other.org").isEmpty)
    }

    // MARK: expiry

    @Test(
        "expiry rules",
        arguments: [
            // robots.txt: 24 h at most (RFC 9309 §2.4), shorter HTTP freshness wins.
            ("https://e.org/robots.txt", [], nil, 86400),
            ("https://e.org/robots.txt", [("Cache-Control", "max-age=3600")], nil, 3600),
            ("https://e.org/robots.txt", [("Cache-Control", "public, max-age=604800")], nil, 86400),
            ("https://e.org/robots.txt", [("Cache-Control", "no-cache")], nil, 0),
            // Other documents: HTTP freshness (RFC 9111 §4.2.1), 24 h without, 30 days at most.
            ("https://e.org/", [], nil, 86400),
            ("https://e.org/", [("Cache-Control", "max-age=600")], nil, 600),
            ("https://e.org/", [("Cache-Control", "max-age=\"600\"")], nil, 600),
            ("https://e.org/", [("Cache-Control", "max-age=31536000")], nil, 2_592_000),
            ("https://e.org/", [("Cache-Control", "max-age=99999999999999999999")], nil, 2_592_000),
            ("https://e.org/", [("Cache-Control", "max-age=abc")], nil, 0),
            ("https://e.org/", [("Cache-Control", "no-store, max-age=600")], nil, 0),
            ("https://e.org/", [("Cache-Control", "s-maxage=10")], nil, 86400),
            ("https://e.org/", [("Cache-Control", "max-age=600"), ("Age", "100")], nil, 500),
            ("https://e.org/", [("Cache-Control", "max-age=60"), ("Age", "100")], nil, 0),
            (
                "https://e.org/",
                [("Date", "Sun, 06 Nov 1994 08:49:37 GMT"), ("Expires", "Sun, 06 Nov 1994 10:49:37 GMT")], nil, 7200
            ),
            (
                "https://e.org/",
                [("Date", "Sun, 06 Nov 1994 07:49:37 GMT"), ("Expires", "Sunday, 06-Nov-94 08:49:37 GMT")], nil, 3600
            ),
            (
                "https://e.org/",
                [("Date", "Sun, 06 Nov 1994 08:19:37 GMT"), ("Expires", "Sun Nov  6 08:49:37 1994")], nil, 1800
            ),
            (
                "https://e.org/",
                [
                    ("Cache-Control", "max-age=600"), ("Date", "Sun, 06 Nov 1994 08:49:37 GMT"),
                    ("Expires", "Sun, 06 Nov 1994 10:49:37 GMT"),
                ],
                nil, 600
            ),
            ("https://e.org/", [("Expires", "0")], nil, 0),
            (
                "https://e.org/",
                [("Date", "Sun, 06 Nov 1994 08:49:37 GMT"), ("Expires", "Sun, 06 Nov 1994 07:49:37 GMT")], nil, 0
            ),
            // RSL licence documents: max-age days bound the lifetime (RSL 1.0 §3.1).
            ("https://e.org/license.xml", [], 7, 604_800),
            ("https://e.org/license.xml", [("Cache-Control", "max-age=3600")], 7, 3600),
            ("https://e.org/license.xml", [("Cache-Control", "max-age=2592000")], 7, 604_800),
            ("https://e.org/license.xml", [], 0, 86400),
        ] as [(String, [(String, String)], Int?, Int)]
    )
    func expiry(url: String, headers: [(String, String)], rslMaxAge: Int?, seconds: Int) {
        let expires = SignalStore.expiry(for: url, headers: HTTPHeaders(headers), fetchedAt: t0, rslMaxAge: rslMaxAge)
        #expect(expires.timeIntervalSince(t0) == TimeInterval(seconds))
    }

    @Test("expired lists passed expiries, soonest first, and a 304 renews")
    func expiredAndNotModified() throws {
        let (store, _) = try makeStore()
        try store.put(doc("https://a.org/robots.txt", "a"), fetchedAt: t0, expiresAt: t0 + 300)
        try store.put(doc("https://b.org/robots.txt", "b"), fetchedAt: t0, expiresAt: t0 + 100)
        try store.put(doc("https://c.org/robots.txt", "c"), fetchedAt: t0, expiresAt: t0 + 900)
        #expect(try store.expired(now: t0 + 50).isEmpty)
        #expect(try store.expired(now: t0 + 300) == ["https://b.org/robots.txt", "https://a.org/robots.txt"])
        #expect(try store.markNotModified(url: "https://b.org/robots.txt", fetchedAt: t0 + 300, expiresAt: t0 + 2000))
        #expect(try store.expired(now: t0 + 300) == ["https://a.org/robots.txt"])
        let renewed = try #require(try store.record(for: "https://b.org/robots.txt"))
        #expect(renewed.fetchedAt == t0 + 300)
        #expect(renewed.expiresAt == t0 + 2000)
        #expect(renewed.body == Array("b".utf8))
        #expect(try store.history(host: "b.org").isEmpty)
        #expect(try !store.markNotModified(url: "https://d.org/robots.txt", fetchedAt: t0, expiresAt: t0))
    }

    @Test("conditional headers come from the stored validators of a successful fetch")
    func conditionalHeaders() throws {
        let (store, _) = try makeStore()
        let lastModified = "Wed, 21 Oct 2015 07:28:00 GMT"
        try store.put(
            doc("https://e.org/robots.txt", "x", [("ETag", "W/\"v1\""), ("Last-Modified", lastModified)]),
            fetchedAt: t0,
            expiresAt: t0
        )
        let headers = try store.conditionalHeaders(for: "https://e.org/robots.txt")
        #expect(headers.map(\.0) == ["If-None-Match", "If-Modified-Since"])
        #expect(headers.map(\.1) == ["W/\"v1\"", lastModified])
        // Explicit validators win over the headers.
        try store.put(
            doc("https://e.org/ai.txt", "x", [("ETag", "\"h\"")]),
            fetchedAt: t0,
            expiresAt: t0,
            etag: "\"p\""
        )
        #expect(try store.conditionalHeaders(for: "https://e.org/ai.txt").map(\.1) == ["\"p\""])
        // Nothing to revalidate: a 404, a failure, no validators, nothing stored.
        try store.put(doc("https://e.org/gone", "", status: 404, [("ETag", "\"g\"")]), fetchedAt: t0, expiresAt: t0)
        try store.put(doc("https://e.org/x", "", status: 0), fetchedAt: t0, expiresAt: t0, etag: "\"e\"", error: "dns")
        try store.put(doc("https://e.org/plain", "x"), fetchedAt: t0, expiresAt: t0)
        for url in ["https://e.org/gone", "https://e.org/x", "https://e.org/plain", "https://z.org/robots.txt"] {
            #expect(try store.conditionalHeaders(for: url).isEmpty, "\(url)")
        }
    }

    @Test("hosts and crawl records")
    func hostRecords() throws {
        let (store, _) = try makeStore()
        try store.put(doc("https://b.org/robots.txt", "b"), fetchedAt: t0, expiresAt: t0)
        try store.recordHost("A.org", crawledAt: t0, crawlDelay: 2.5, robotsOutcome: "disallow-all: HTTP 503")
        #expect(try store.hosts() == ["a.org", "b.org"])
        let record = try #require(try store.hostRecord("a.org"))
        #expect(
            record == HostRecord(host: "a.org", lastCrawl: t0, crawlDelay: 2.5, robotsOutcome: "disallow-all: HTTP 503")
        )
        #expect(try store.hostRecord("b.org") == nil)
        // A crawl record alone does not make a host "fetched" for lookups: only documents do.
        #expect(try store.lookup("https://a.org/robots.txt") == .neverFetched)
    }

    // MARK: opening

    @Test("reopening keeps the data; a newer schema version is refused")
    func reopenAndSchemaVersion() throws {
        let dir = try tempDir("reopen")
        let path = dir.appendingPathComponent("nested/store.sqlite").path
        do {
            let store = try SignalStore(path: path, durability: .full)
            try store.put(doc("https://e.org/robots.txt", "kept"), fetchedAt: t0, expiresAt: t0)
        }
        let reopened = try SignalStore(path: path)
        #expect(try found(reopened.lookup("https://e.org/robots.txt"))?.body == Array("kept".utf8))
        #expect(reopened.integrityCheck())
        let raw = try SQLiteConnection(path: path)
        try raw.execute("PRAGMA user_version = 99")
        #expect {
            _ = try SignalStore(path: path)
        } throws: { error in
            (error as? StoreError)?.code == .schemaVersion
        }
    }

    @Test("a file that is not a SQLite database is refused")
    func notADatabase() throws {
        let dir = try tempDir("garbage")
        let path = dir.appendingPathComponent("store.sqlite").path
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
        #expect(throws: StoreError.self) { _ = try SignalStore(path: path) }
    }

    @Test(
        "default store path",
        arguments: [
            (["XDG_DATA_HOME": "/data", "HOME": "/home/u"], "/data/heed/store.sqlite"),
            (["XDG_DATA_HOME": "relative", "HOME": "/home/u"], "/home/u/.local/share/heed/store.sqlite"),
            (["HOME": "/home/u"], "/home/u/.local/share/heed/store.sqlite"),
        ]
    )
    func defaultPath(environment: [String: String], path: String) {
        #expect(SignalStore.defaultPath(environment: environment) == path)
    }

    @Test("concurrent puts from many threads all land", .timeLimit(.minutes(1)))
    func concurrentPuts() throws {
        let (store, _) = try makeStore()
        DispatchQueue.concurrentPerform(iterations: 200) { i in
            _ = try? store.put(doc("https://h\(i % 10).org/p\(i)", "body \(i)"), fetchedAt: t0, expiresAt: t0)
        }
        for i in 0..<200 {
            #expect(try found(store.lookup("https://h\(i % 10).org/p\(i)"))?.body == Array("body \(i)".utf8))
        }
        #expect(store.integrityCheck())
    }

    // MARK: snapshots

    @Test("export writes a snapshot that Snapshot.lookup reads back identically")
    func export() throws {
        let (store, dir) = try makeStore("export")
        let documents = [
            doc("https://e.org/robots.txt", "User-agent: *\nAllow: /\n"),
            doc(
                "https://e.org/",
                "<html><head><meta name=robots content=noai></head></html>",
                [("Content-Type", "text/html")]
            ),
            doc(
                "https://e.org/a/b.html",
                "b",
                [("X-Robots-Tag", "noai"), ("Link", "<https://e.org/l.xml>; rel=license")]
            ),
            doc("https://e.org/.well-known/tdmrep.json", "not found", status: 404),
            doc(
                "https://f.org:8443/ai.txt",
                "User-Agent: *\nDisallow: *\n",
                status: 200,
                [("Content-Usage", "train-ai=n")]
            ),
        ]
        for document in documents { try store.put(document, fetchedAt: t0, expiresAt: t0) }
        try store.put(doc("https://e.org/a/b.html?x=1", "shadowed"), fetchedAt: t0 + 5, expiresAt: t0)
        try store.put(
            doc("https://g.org/robots.txt", "", status: 0),
            fetchedAt: t0,
            expiresAt: t0,
            error: "connect timeout"
        )

        let target = dir.appendingPathComponent("snap")
        let report = try store.export(to: target)
        #expect(report.written == 6)
        #expect(report.hosts == 3)
        #expect(report.skipped.count == 1)
        #expect(report.skipped.first?.hasPrefix("https://e.org/a/b.html?x=1") == true)

        let snapshot = try Snapshot(root: target)
        #expect(snapshot.hosts() == ["e.org", "f.org:8443", "g.org"])
        for document in documents {
            let got = try #require(found(try snapshot.lookup(document.url)))
            #expect(got.status == document.status, "\(document.url)")
            #expect(got.headers == document.headers, "\(document.url)")
            #expect(got.body == document.body, "\(document.url)")
        }
        // A plain 200 has no sidecar; a failed fetch reads as unreachable, with its error.
        #expect(!FileManager.default.fileExists(atPath: target.appendingPathComponent("e.org/robots.txt.headers").path))
        let failed = try #require(found(try snapshot.lookup("https://g.org/robots.txt")))
        #expect(failed.status == SignalStore.failedFetchStatus)
        #expect(failed.headers.values("x-heed-error") == ["connect timeout"])
        // Nothing half-written is left beside the export, and an existing export is never replaced.
        let siblings = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(!siblings.contains { $0.contains(".partial-") })
        #expect {
            try store.export(to: target)
        } throws: { error in
            (error as? StoreError)?.code == .unwritable
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == siblings.sorted())
    }

    @Test("importing a snapshot, then exporting it, gives the same lookups")
    func importRoundTrip() throws {
        let dir = try tempDir("import")
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = dir.appendingPathComponent("source")
        let files: [String: String] = [
            "e.org/robots.txt": "User-agent: GPTBot\nDisallow: /\n",
            "e.org/index.html": "<html></html>",
            "e.org/index.html.headers": "HTTP/1.1 200 OK\nContent-Usage: train-ai=n\nX-Robots-Tag: noai\n",
            "e.org/docs/index.html": "docs",
            "e.org/caf\u{e9} menu.html": "menu",
            "e.org/.well-known/tdmrep.json": "[]",
            "e.org/ai.txt": "gone",
            "e.org/ai.txt.headers": "HTTP/1.1 410 Gone\n",
            "f.org/robots.txt": "",
            "f.org/robots.txt.headers": "HTTP/1.1 503 Service Unavailable\nRetry-After: 120\n",
        ]
        for (path, text) in files {
            let url = source.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(),
                withIntermediateDirectories: true
            )
            try Data(text.utf8).write(to: url)
        }
        let snapshot = try Snapshot(root: source)
        let store = try SignalStore(path: dir.appendingPathComponent("store.sqlite").path)
        #expect(try store.importSnapshot(snapshot, fetchedAt: t0) == 7)
        #expect(try store.hosts() == ["e.org", "f.org"])
        // Expiry follows the usual rules: robots.txt and pages 24 h after the import time.
        #expect(try store.record(for: "https://e.org/robots.txt")?.expiresAt == t0 + 86400)

        let urls = [
            "https://e.org/robots.txt", "https://e.org/", "https://e.org/docs/", "https://e.org/caf%C3%A9%20menu.html",
            "https://e.org/.well-known/tdmrep.json", "https://e.org/ai.txt", "https://f.org/robots.txt",
            "https://e.org/missing.html", "https://nobody.org/robots.txt",
        ]
        let exported = dir.appendingPathComponent("exported")
        try store.export(to: exported)
        let again = try Snapshot(root: exported)
        for url in urls {
            let expected = try snapshot.lookup(url)
            for (name, actual) in [("store", try store.lookup(url)), ("export", try again.lookup(url))] {
                switch (expected, actual) {
                case (.neverFetched, .neverFetched):
                    break
                case (.found(let a), .found(let b)):
                    #expect(a.status == b.status, "\(name) \(url)")
                    #expect(a.headers == b.headers, "\(name) \(url)")
                    #expect(a.body == b.body, "\(name) \(url)")
                default:
                    Issue.record("\(name) \(url): \(expected) vs \(actual)")
                }
            }
        }
        // Importing the same snapshot again changes nothing and records no history.
        #expect(try store.importSnapshot(snapshot, fetchedAt: t0 + 60) == 7)
        #expect(try store.history(host: "e.org").isEmpty)
    }

    // MARK: crash safety

    /// Crash safety without killing a process: what a killed process leaves is exactly the files
    /// on disk at that moment (the OS keeps what was written). So the test copies the database
    /// and its WAL while a second connection is in the middle of an uncommitted write
    /// transaction whose pages have already spilled into the WAL, and opens the copy as the next
    /// run would: every committed row is there, nothing of the uncommitted one, and
    /// `integrity_check` passes.
    @Test("a kill in the middle of a write loses nothing committed and leaves no half write", .timeLimit(.minutes(1)))
    func crashImage() throws {
        let dir = try tempDir("crash")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("store.sqlite").path
        let store = try SignalStore(path: path)
        for i in 0..<50 {
            try store.put(doc("https://ok.org/p\(i)", "committed \(i)"), fetchedAt: t0, expiresAt: t0)
        }
        let walPath = path + "-wal"
        let walBefore = (try? FileManager.default.attributesOfItem(atPath: walPath)[.size] as? Int) ?? 0

        let writer = try SQLiteConnection(path: path)
        try writer.execute("PRAGMA cache_size = 4")  // small cache: dirty pages spill into the WAL
        try writer.execute("BEGIN IMMEDIATE")
        let big = [UInt8](repeating: 0x7A, count: 8192)
        for i in 0..<200 {
            try writer.with(
                """
                INSERT INTO documents (url, host, file, status, headers, body, body_sha256, fetched_at, expires_at)
                VALUES (?, 'lost.org', ?, 200, '', ?, '', 0, 0)
                """
            ) { s throws(StoreError) in
                s.bind(1, "https://lost.org/p\(i)")
                s.bind(2, "p\(i)")
                s.bind(3, bytes: big)
                try s.step()
            }
        }
        let walDuring = (try? FileManager.default.attributesOfItem(atPath: walPath)[.size] as? Int) ?? 0
        #expect(walDuring > walBefore + 100_000, "uncommitted pages must be on disk for the test to mean anything")

        // The crash image: the files as they are now (the -shm index is rebuilt on open).
        let image = dir.appendingPathComponent("image")
        try FileManager.default.createDirectory(at: image, withIntermediateDirectories: true)
        let imagePath = image.appendingPathComponent("store.sqlite").path
        try FileManager.default.copyItem(atPath: path, toPath: imagePath)
        try FileManager.default.copyItem(atPath: walPath, toPath: imagePath + "-wal")
        try writer.execute("ROLLBACK")

        let recovered = try SignalStore(path: imagePath)
        #expect(recovered.integrityCheck())
        for i in 0..<50 {
            #expect(try found(recovered.lookup("https://ok.org/p\(i)"))?.body == Array("committed \(i)".utf8))
        }
        #expect(try recovered.lookup("https://lost.org/p0") == .neverFetched)
        #expect(try recovered.hosts() == ["ok.org"])
        // The next run resumes: it can write again.
        try recovered.put(doc("https://ok.org/next", "next"), fetchedAt: t0, expiresAt: t0)
        #expect(recovered.integrityCheck())
    }

    /// A real kill: this test binary is started again (`/proc/self/exe`) to run only
    /// `crashChildWriter`, which writes until it is sent `SIGKILL` at an arbitrary moment. Each
    /// iteration stores a page and a new version of robots.txt (so a version moves to history),
    /// then appends its number to a progress file. After the kill: every reported page is there
    /// with its exact body, the robots.txt version `k` has exactly `k` earlier versions in
    /// history (the move and the replace happened together), and `integrity_check` passes.
    @Test(
        "SIGKILL of a writing process loses nothing committed",
        .enabled(if: FileManager.default.fileExists(atPath: "/proc/self/exe")),
        .enabled(if: ProcessInfo.processInfo.environment[crashChildKey] == nil),
        .timeLimit(.minutes(1))
    )
    func killedWriter() throws {
        let dir = try tempDir("kill")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("store.sqlite").path
        let progress = dir.appendingPathComponent("progress").path
        #expect(FileManager.default.createFile(atPath: progress, contents: nil))
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        child.arguments = ["--testing-library", "swift-testing", "--filter", "crashChildWriter"]
        var environment = ProcessInfo.processInfo.environment
        environment[crashChildKey] = path
        environment[crashChildKey + "_PROGRESS"] = progress
        child.environment = environment
        child.standardOutput = FileHandle.nullDevice
        child.standardError = FileHandle.nullDevice
        try child.run()
        let deadline = Date().addingTimeInterval(30)
        var reported: [Int] = []
        while Date() < deadline {
            reported = Self.progress(progress)
            if reported.count >= 150 || !child.isRunning { break }
            usleep(2000)
        }
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        #expect(child.terminationReason == .uncaughtSignal, "the writer must have been killed, not have finished")
        reported = Self.progress(progress)
        #expect(reported.count >= 150)

        let store = try SignalStore(path: path)
        #expect(store.integrityCheck())
        for i in reported {
            #expect(try found(store.lookup("https://kill.org/p\(i)"))?.body == Self.childBody(i))
        }
        let robots = try #require(try store.record(for: "https://kill.org/robots.txt"))
        let version = try #require(Int(String(decoding: robots.body, as: UTF8.self).dropFirst("version ".count)))
        #expect(version >= (reported.last ?? 0))
        #expect(version <= (reported.last ?? 0) + 1)
        let history = try store.history(host: "kill.org")
        #expect(history.count == version)
        #expect(Set(history.map(\.bodySHA256)).count == version)
    }

    /// The writer half of `killedWriter`; runs only in the child process that test starts.
    @Test(.enabled(if: ProcessInfo.processInfo.environment[crashChildKey] != nil))
    func crashChildWriter() throws {
        let environment = ProcessInfo.processInfo.environment
        let store = try SignalStore(path: try #require(environment[crashChildKey]))
        let progressPath = try #require(environment[crashChildKey + "_PROGRESS"])
        let progress = try #require(FileHandle(forWritingAtPath: progressPath))
        for i in 0..<1_000_000 {
            try store.put(
                Document(url: "https://kill.org/p\(i)", body: Self.childBody(i)),
                fetchedAt: t0,
                expiresAt: t0
            )
            try store.put(doc("https://kill.org/robots.txt", "version \(i)"), fetchedAt: t0 + Double(i), expiresAt: t0)
            try progress.seekToEnd()
            try progress.write(contentsOf: Data("\(i)\n".utf8))
        }
    }

    /// A page body of the crash tests: 16 KiB, different for each `i`.
    static func childBody(_ i: Int) -> [UInt8] {
        Array("page \(i) ".utf8) + [UInt8](repeating: UInt8(i % 251), count: 16 << 10)
    }

    /// The numbers in the progress file (complete lines only).
    static func progress(_ path: String) -> [Int] {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().compactMap { Int($0) }
    }
}

/// The environment variable that turns a test process into `crashChildWriter`.
private let crashChildKey = "HEED_STORE_CRASH_CHILD"
