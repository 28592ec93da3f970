// SPDX-License-Identifier: Apache-2.0
// HeedStore tests: the snapshot directory format.

import Foundation
import HeedCore
import Testing

@testable import HeedStore

/// Builds a snapshot in a fresh temporary directory.
private func makeSnapshot(_ files: [String: String]) throws -> Snapshot {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("heed-snap-\(UUID().uuidString)")
    for (path, text) in files {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    return try Snapshot(root: root)
}

struct SnapshotTests {
    @Test(
        "URL paths map to files",
        arguments: [
            ("/", "index.html"),
            ("/a/", "a/index.html"),
            ("/a/b.html", "a/b.html"),
            ("/robots.txt", "robots.txt"),
            ("/.well-known/tdmrep.json", ".well-known/tdmrep.json"),
            ("/a/../../etc/passwd", "a/etc/passwd"),
            ("/caf%C3%A9/", "café/index.html"),
            ("//double//slash", "double/slash"),
            ("/%2e%2e/x", "x"),
            ("/x/a%2Fb", "x"),
            // The byte-level form (no `%`, no dot segment) against the same rules.
            ("", "index.html"),
            ("a/b", "a/b"),
            ("/a//b//", "a/b/index.html"),
            ("/./a", "a"),
            ("/a/..", "a"),
            ("/.hidden/..x/...", ".hidden/..x/..."),
            ("/caf\u{E9}", "caf\u{E9}"),
        ]
    )
    func relativePath(path: String, file: String) {
        #expect(Snapshot.relativePath(forPath: path) == file)
    }

    @Test(
        "URLs split into host folder and path",
        arguments: [
            ("https://Example.org/a?b#c", "example.org", "/a"),
            ("http://example.org", "example.org", "/"),
            ("https://example.org:443/x", "example.org", "/x"),
            ("https://example.org:8443/x", "example.org:8443", "/x"),
            ("http://user:pw@example.org/x", "example.org", "/x"),
            ("HTTP://A.Example.ORG?q=1", "a.example.org", "/"),
            ("https://example.org:443", "example.org", "/"),
            ("http://example.org:80/a/b?c", "example.org", "/a/b"),
            ("https://example.org:80/a", "example.org:80", "/a"),
            ("https://bücher.example/a", "bücher.example", "/a"),
        ]
    )
    func split(url: String, host: String, path: String) throws {
        let parts = try Snapshot.split(url)
        #expect(parts.host == host)
        #expect(parts.path == path)
    }

    @Test(arguments: ["ftp://example.org/x", "file:///etc/passwd", "example.org/x", "https:///x", "http://../x"])
    func rejectsNonHTTP(url: String) {
        #expect(throws: StoreError.self) { try Snapshot.split(url) }
    }

    @Test func lookupFindsBodiesHeadersAnd404s() throws {
        let snap = try makeSnapshot([
            "a.test/robots.txt": "User-agent: *\nDisallow: /x\n",
            "a.test/index.html": "<html></html>",
            "a.test/index.html.headers": "HTTP/1.1 200 OK\nContent-Usage: train-ai=n\nX-Robots-Tag: noai\n",
            "a.test/gone.html": "",
            "a.test/gone.html.headers": "HTTP/2 410 Gone\n",
        ])
        guard case .found(let robots) = try snap.lookup("https://a.test/robots.txt") else {
            Issue.record("robots.txt not found")
            return
        }
        #expect(robots.status == 200)
        #expect(robots.location == "a.test/robots.txt")
        #expect(String(decoding: robots.body, as: UTF8.self) == "User-agent: *\nDisallow: /x\n")
        guard case .found(let home) = try snap.lookup("https://a.test/?q=1") else {
            Issue.record("home page not found")
            return
        }
        #expect(home.headers.values("content-usage") == ["train-ai=n"])
        #expect(home.headers.combined("X-ROBOTS-TAG") == "noai")
        guard case .found(let gone) = try snap.lookup("https://a.test/gone.html") else {
            Issue.record("gone.html not found")
            return
        }
        #expect(gone.status == 410)
        guard case .found(let missing) = try snap.lookup("https://a.test/ai.txt") else {
            Issue.record("missing file should be a 404")
            return
        }
        #expect(missing.status == 404)
        #expect(try snap.lookup("https://never.test/robots.txt") == .neverFetched)
        #expect(snap.hosts() == ["a.test"])
    }

    @Test func malformedSidecarIsAnErrorWithItsLine() throws {
        let snap = try makeSnapshot([
            "b.test/index.html": "x",
            "b.test/index.html.headers": "HTTP/1.1 200 OK\nno colon here\n",
        ])
        #expect(throws: StoreError(.badHeaders, location: "b.test/index.html.headers:2", "expected 'Name: value'")) {
            try snap.lookup("https://b.test/")
        }
    }

    @Test func missingRootIsAnError() {
        #expect(throws: StoreError.self) { try Snapshot(root: URL(fileURLWithPath: "/nonexistent/heed")) }
    }
}

struct SnapshotIndexTests {
    @Test func answersAbsentFilesFromTheIndexAndPresentOnesFromDisk() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("heed-idx-\(UUID().uuidString)")
        let robots = root.appendingPathComponent("a.test/robots.txt")
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("a.test/.well-known"),
            withIntermediateDirectories: true
        )
        try Data("User-agent: *\n".utf8).write(to: robots)
        try Data("[]".utf8).write(to: root.appendingPathComponent("a.test/.well-known/tdmrep.json"))
        try Data("HTTP/1.1 200 OK\n".utf8).write(to: root.appendingPathComponent("a.test/robots.txt.headers"))
        let index = SnapshotIndex(try Snapshot(root: root))
        #expect(index.files(host: "a.test") == ["robots.txt", ".well-known/tdmrep.json"])
        #expect(index.files(host: "b.test") == nil)
        guard case .found(let doc) = try index.lookup("https://a.test/robots.txt") else {
            Issue.record("robots.txt missing")
            return
        }
        #expect(doc.status == 200 && doc.body.count == 14)
        guard case .found(let page) = try index.lookup("https://a.test/some/page.html?x=1") else {
            Issue.record("absent page should be a 404")
            return
        }
        #expect(page.status == 404 && page.location == "a.test/some/page.html")
        #expect(try index.lookup("https://b.test/") == .neverFetched)
    }

    /// A sidecar is parsed on bytes: CR, LF and CRLF end lines, spaces and tabs are trimmed, a
    /// 10 MB value is kept whole (the parsers' own 8 KiB limits report it); one byte over 16 MiB
    /// is refused with the sidecar's location.
    @Test func sidecarsAreBoundedAndParsedOnBytes() throws {
        let value = String(repeating: "noindex, ", count: 1_200_000)
        let snapshot = try makeSnapshot([
            "a.test/index.html": "<html></html>",
            "a.test/index.html.headers": "HTTP/1.1 203 Partial\r\nX-A:\t one \r\n\r\nX-Robots-Tag: \(value)\nX-B: two",
            "a.test/big.html": "x",
            "a.test/big.html.headers": "X-Big: " + String(repeating: "a", count: Snapshot.headersMaxBytes - 7 + 1),
        ])
        guard case .found(let doc) = try snapshot.lookup("https://a.test/") else {
            Issue.record("index.html not found")
            return
        }
        #expect(doc.status == 203)
        #expect(doc.headers.values("x-a") == ["one"])
        #expect(doc.headers.values("x-b") == ["two"])
        #expect(doc.headers.values("x-robots-tag").first?.utf8.count == value.utf8.count - 1)
        #expect(throws: StoreError.self) { try snapshot.lookup("https://a.test/big.html") }
    }
}
