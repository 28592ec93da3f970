// SPDX-License-Identifier: Apache-2.0
// heed tests: `heed explain --snapshot DIR --json` run as a child process on hostile snapshots (issue 3
// "Hostile input": bounded time and memory, a clear finding, no crash, no file or network access from
// inside a document), measured from outside: exit status, finding code, output size, peak RSS.

import Foundation
import HeedCore
import HeedServer
import HeedStore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A snapshot directory in a temporary folder, removed by `remove()`.
private struct TempSnapshot {
    let root: URL

    init() {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("heed-hostile-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    func write(_ relative: String, _ bytes: [UInt8]) throws {
        let url = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    func write(_ relative: String, _ text: String) throws { try write(relative, Array(text.utf8)) }

    func remove() { try? FileManager.default.removeItem(at: root) }
}

/// `unit` repeated until the result has at least `bytes` bytes.
private func repeated(_ unit: String, toAtLeast bytes: Int) -> [UInt8] {
    let u = Array(unit.utf8)
    var out: [UInt8] = []
    out.reserveCapacity(bytes + u.count)
    while out.count < bytes { out.append(contentsOf: u) }
    return out
}

/// The finding codes of an explain JSON object.
private func codes(_ object: [String: Any]) -> [String] {
    (object["findings"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
}

@Suite(.serialized) struct HostileSnapshotTests {
    /// One hostile snapshot host: the files written under the snapshot root, the URL explained, and
    /// the finding code that must say what happened.
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let url: String
        let code: String
        let files: @Sendable () -> [(String, [UInt8])]
        var testDescription: String { name }
    }

    static let megabytes10 = 10 * 1_000_000
    static let htmlHeaders = "HTTP/1.1 200 OK\nContent-Type: text/html\n"
    static let page = Array("<html><head><title>t</title></head><body>x</body></html>".utf8)

    /// A page whose `.headers` sidecar carries one field of at least 10 MB.
    static func headerCase(_ field: String, unit: String, code: String = "size-limit-exceeded") -> Case {
        Case(name: "10 MB \(field) header", url: "https://headers.test/", code: code) {
            let value = repeated(unit, toAtLeast: megabytes10)
            return [
                ("headers.test/index.html", page),
                ("headers.test/index.html.headers", Array("\(htmlHeaders)\(field): ".utf8) + value + [0x0A]),
            ]
        }
    }

    static let cases: [Case] = [
        Case(name: "50 MB XML licence", url: "https://xml50.test/", code: "size-limit-exceeded") {
            let rsl =
                Array(#"<rsl xmlns="https://rslstandard.org/rsl">"#.utf8)
                + repeated(
                    #"<content url="/x"><license><permits type="usage">all</permits></license></content>"#,
                    toAtLeast: 50 * 1_000_000
                )
                + Array("</rsl>".utf8)
            return [
                (
                    "xml50.test/robots.txt",
                    Array("User-agent: *\nAllow: /\nLicense: https://xml50.test/license.xml\n".utf8)
                ),
                ("xml50.test/license.xml", rsl),
            ]
        },
        Case(name: "billion laughs licence", url: "https://laughs.test/", code: "doctype-rejected") {
            var dtd = "<?xml version=\"1.0\"?>\n<!DOCTYPE rsl [\n<!ENTITY l0 \"lol\">\n"
            for i in 1...9 { dtd += "<!ENTITY l\(i) \"" + String(repeating: "&l\(i - 1);", count: 10) + "\">\n" }
            dtd += "]>\n<rsl xmlns=\"https://rslstandard.org/rsl\"><content url=\"/\">&l9;</content></rsl>\n"
            return [
                (
                    "laughs.test/robots.txt",
                    Array("User-agent: *\nAllow: /\nLicense: https://laughs.test/license.xml\n".utf8)
                ),
                ("laughs.test/license.xml", Array(dtd.utf8)),
            ]
        },
        Case(name: "deeply nested HTML page", url: "https://nested.test/", code: "head-size-limit") {
            // 400,000 unclosed <div> (2 MB, past the 1 MiB head read), then the signal.
            let html =
                Array("<html><head>".utf8) + repeated("<div>", toAtLeast: 2_000_000)
                + Array(#"<meta name="robots" content="noai"></head><body></body></html>"#.utf8)
            return [("nested.test/index.html", html)]
        },
        headerCase("Content-Usage", unit: "train-ai=y, "),
        headerCase("Link", unit: "<https://headers.test/l.xml>; rel=license; type=application/rsl+xml, "),
        headerCase("X-Robots-Tag", unit: "noindex, "),
        headerCase("tdm-reservation", unit: "1, "),
        Case(name: "invalid UTF-8", url: "https://utf8.test/", code: "invalid-utf8") {
            let robots: [UInt8] = Array("User-agent: *\nDisallow: /a".utf8) + [0xFF, 0xFE, 0xC3] + Array("\n".utf8)
            let html: [UInt8] =
                Array(#"<html><head><meta name="robots" content="no"#.utf8) + [0xFF, 0xC0]
                + Array(#"ai"></head><body></body></html>"#.utf8)
            return [("utf8.test/robots.txt", robots), ("utf8.test/index.html", html)]
        },
    ]

    /// Peak RSS bounds of one `heed explain` child, in KiB (`HeedProcess.measured`). Measured first
    /// (debug build, x86_64 Linux, 2026-12): the 50 MB licence peaked at 82,496 KiB (about 32 MB of
    /// process baseline plus the file, which the snapshot reads whole before the licence parser
    /// refuses it unread); the 10 MB header cases at 51,616 to 52,888 KiB (the sidecar's bytes and
    /// the one field value); the others at 32,908 to 38,988 KiB. Each bound is about twice the
    /// largest measurement of its kind: 165,000 KiB for the 50 MB file, 106,000 KiB for the rest.
    static let rssBoundLargeFileKiB = 165_000
    static let rssBoundKiB = 106_000
    /// Output bound: every finding and statement quotes excerpts, never a whole value.
    static let outputBound = 256 * 1024

    @Test(arguments: cases)
    func explainStaysBounded(_ c: Case) throws {
        let snapshot = TempSnapshot()
        defer { snapshot.remove() }
        for (path, bytes) in c.files() { try snapshot.write(path, bytes) }
        let r = HeedProcess.measured([
            "explain", "--snapshot", snapshot.root.path, "--agent", "GPTBot", c.url, "--json",
        ])
        // 1: the explanation has findings of warning or error severity (ExplainCommand).
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stdout.utf8.count < Self.outputBound)
        let bound = c.name.hasPrefix("50 MB") ? Self.rssBoundLargeFileKiB : Self.rssBoundKiB
        #expect(r.maxRSSKiB > 0 && r.maxRSSKiB < bound, "peak RSS \(r.maxRSSKiB) KiB")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any],
            "not one JSON object: \(r.stdout.prefix(300))"
        )
        #expect(codes(object).contains(c.code), "\(codes(object))")
    }

    // MARK: - No network access from inside a document

    /// The documents of the XXE test, every external reference pointing at `base` (the listener).
    static func xxeFiles(_ base: String) -> [(String, String)] {
        let license = """
            <?xml version="1.0"?>
            <!DOCTYPE rsl SYSTEM "\(base)/license-dtd" [<!ENTITY x SYSTEM "\(base)/license-entity">]>
            <rsl xmlns="https://rslstandard.org/rsl"><content url="/">&x;</content></rsl>
            """
        let page = """
            <!DOCTYPE html [<!ENTITY e SYSTEM "\(base)/html-entity">]>
            <html><head>
            <meta name="robots" content="&e;">
            <link rel="license" type="application/rsl+xml" href="\(base)/linked-license.xml">
            <script type="application/rsl+xml"><?xml version="1.0"?>
            <!DOCTYPE rsl SYSTEM "\(base)/inline-dtd" [<!ENTITY y SYSTEM "\(base)/inline-entity">]>
            <rsl xmlns="https://rslstandard.org/rsl"><content url="/">&y;</content></rsl></script>
            </head><body></body></html>
            """
        return [
            ("xxe.test/robots.txt", "User-agent: *\nAllow: /\nLicense: https://xxe.test/license.xml\n"),
            ("xxe.test/license.xml", license),
            ("xxe.test/index.html", page),
        ]
    }

    /// `heed explain` on a licence with an external DTD and entity, a page whose DOCTYPE declares an
    /// external entity, and an inline RSL script with both: the listener the references point at
    /// sees no connection. The licence link to the listener is not fetched either (explain reads the
    /// snapshot only: a host without a folder is "never fetched").
    @Test func explainOpensNoConnection() throws {
        let listener = try #require(LoopbackListener())
        let snapshot = TempSnapshot()
        defer { snapshot.remove() }
        for (path, text) in Self.xxeFiles(listener.base) { try snapshot.write(path, text) }
        let r = HeedProcess.run([
            "explain", "--snapshot", snapshot.root.path, "--agent", "GPTBot", "https://xxe.test/", "--json",
        ])
        #expect(r.status == 1, "\(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        // Both RSL documents (license.xml and the inline script) are refused for their DOCTYPE.
        #expect(codes(object).filter { $0 == "doctype-rejected" }.count == 2, "\(codes(object))")
        #expect(listener.connections() == 0)
    }

    /// The libxml2 wrappers called in this process on documents that reach libxml2's parser.
    ///
    /// Why this is the guarantee for RSL: `RSLDocument` does not strip a DOCTYPE before libxml2; it
    /// stops the parser from libxml2's own `internalSubset` callback, which fires when
    /// `<!DOCTYPE name SYSTEM "...">` has been read and before any declaration in `[...]` or the
    /// external subset is: so no entity is declared and no DTD is loaded. Behind that, the parse
    /// runs with `XML_PARSE_NONET`, without `XML_PARSE_NOENT` / `DTDLOAD` / `XINCLUDE`, and Heed installs a
    /// deny-all external entity loader process-wide (`LibXML.ready`). The documents without a
    /// DOCTYPE below (XInclude, schemaLocation) are parsed by libxml2 to the end; the HTML page's
    /// DOCTYPE with entities is read by libxml2's HTML parser. None may connect.
    @Test func libxml2ParsesOpenNoConnection() throws {
        let listener = try #require(LoopbackListener())
        let base = listener.base
        let vocabulary = try SignalSpecs(load: { path in
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent()
            return FileManager.default.contents(atPath: root.appendingPathComponent("SignalSpecs/\(path)").path)
        }).rsl
        let xinclude = """
            <?xml version="1.0"?>
            <rsl xmlns="https://rslstandard.org/rsl" xmlns:xi="http://www.w3.org/2001/XInclude"
                 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                 xsi:schemaLocation="https://rslstandard.org/rsl \(base)/schema.xsd">
            <xi:include href="\(base)/xinclude.xml" parse="xml"/>
            <content url="/"><license><permits type="usage">all</permits></license></content></rsl>
            """
        let doctype = Self.xxeFiles(base)[1].1
        let parsed = RSLDocument(Array(xinclude.utf8), location: "xinclude.xml", vocabulary: vocabulary)
        #expect(parsed.isValid)
        let refused = RSLDocument(Array(doctype.utf8), location: "license.xml", vocabulary: vocabulary)
        #expect(refused.findings.map(\.code).contains("doctype-rejected"))
        let head = HTMLHead.parse(Array(Self.xxeFiles(base)[2].1.utf8))
        // The entity reference stays text; the link and the inline script are read as written.
        #expect(head.metas.first?.content == "&e;")
        #expect(head.links.first?.href == "\(base)/linked-license.xml")
        #expect(head.scripts.count == 1)
        #expect(listener.connections() == 0)
    }
}

/// Page-level readings through the CLI: the head's own findings and `noimageai`'s scope.
@Suite struct PageReadingCLITests {
    /// 300,000 `<div>` (1.5 MB, past the 1 MiB head read) before `<meta name="robots" content="noai">`:
    /// `explain` reports ai_train unknown with a `head-size-limit` finding on the page (line 1, where
    /// reading stopped); `lint` lists the same finding for the host's home page.
    @Test func headSizeLimitIsReportedByExplainAndLint() throws {
        let snapshot = TempSnapshot()
        defer { snapshot.remove() }
        let html =
            "<html><head>" + String(repeating: "<div>", count: 300_000)
            + #"<meta name="robots" content="noai"></head><body></body></html>"#
        try snapshot.write("big.test/index.html", html)
        let c = Captured()
        #expect(
            c.run(["explain", "--snapshot", snapshot.root.path, "--agent", "GPTBot", "https://big.test/", "--json"])
                == 1
        )
        let object = try #require(try JSONSerialization.jsonObject(with: Data(c.out)) as? [String: Any])
        #expect((object["ai_train"] as? [String: Any])?["value"] as? String == "unknown")
        let finding = try #require(
            (object["findings"] as? [[String: Any]])?.first { $0["code"] as? String == "head-size-limit" }
        )
        #expect(finding["document"] as? String == "big.test/index.html")
        #expect(finding["line"] as? Int == 1)
        let lint = Captured()
        #expect(lint.run(["lint", "--snapshot", snapshot.root.path, "big.test"]) == 1)
        #expect(lint.stdout.contains("big.test/index.html:1: warning: "))
        #expect(lint.stdout.contains("[head-size-limit]"))
    }

    /// `<meta name="robots" content="noimageai">` alone (SIGNALS.md §7.2, §11.3: it reserves the
    /// page's images): the HTML page itself stays unknown for ai_train, ai_input and ai_index, and
    /// each category lists the meta's statement scoped to images. On an image response (an
    /// `X-Robots-Tag: noimageai` with `Content-Type: image/png`) the same directive denies.
    @Test func noimageaiDoesNotDenyThePage() throws {
        let snapshot = TempSnapshot()
        defer { snapshot.remove() }
        try snapshot.write(
            "img.test/index.html",
            #"<html><head><meta name="robots" content="noimageai"></head><body><img src="/a.png"></body></html>"#
        )
        try snapshot.write("img.test/a.png", [0x89, 0x50, 0x4E, 0x47])
        try snapshot.write(
            "img.test/a.png.headers",
            "HTTP/1.1 200 OK\nContent-Type: image/png\nX-Robots-Tag: noimageai\n"
        )
        let page = Captured()
        _ = page.run(["explain", "--snapshot", snapshot.root.path, "--agent", "GPTBot", "https://img.test/", "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(page.out)) as? [String: Any])
        for key in ["ai_train", "ai_input", "ai_index"] {
            let category = try #require(object[key] as? [String: Any], "\(key)")
            #expect(category["value"] as? String == "unknown", "\(key)")
            let statements = category["statements"] as? [[String: Any]] ?? []
            #expect(statements.count == 1, "\(key)")
            #expect((statements.first?["scope"] as? String)?.hasPrefix("images only") == true, "\(key)")
        }
        let image = Captured()
        _ = image.run([
            "explain", "--snapshot", snapshot.root.path, "--agent", "GPTBot", "https://img.test/a.png", "--json",
        ])
        let imageObject = try #require(try JSONSerialization.jsonObject(with: Data(image.out)) as? [String: Any])
        #expect((imageObject["ai_train"] as? [String: Any])?["value"] as? String == "deny")
    }
}

/// `heed crawl` fetches the licences `heed explain` reads and no more: 16 distinct `License:` URLs.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct CrawlLicenceCapTests {
    /// robots.txt names 40 distinct licences, all served: the crawl stores `l/0.xml` to `l/15.xml`
    /// (HTTP 200) and never asks for `l/16.xml` to `l/39.xml`, which the store then answers as a
    /// 404 of a fetched host (not stored).
    @Test func crawlFetchesAtMostSixteenLicences() throws {
        let snapshot = TempSnapshot()
        defer { snapshot.remove() }
        var robots = "User-agent: *\nAllow: /\n"
        for i in 0..<40 {
            robots += "License: http://many.test/l/\(i).xml\n"
            try snapshot.write("many.test/l/\(i).xml", #"<rsl xmlns="https://rslstandard.org/rsl"/>"#)
        }
        try snapshot.write("many.test/robots.txt", robots)
        try snapshot.write("many.test/index.html", "<html><head></head><body></body></html>")
        let server = try SnapshotServer(snapshot: try Snapshot(root: snapshot.root))
        defer { server.stop() }
        let hosts = snapshot.root.appendingPathComponent("hosts.txt")
        try Data("http://many.test/\n".utf8).write(to: hosts)
        let store = snapshot.root.appendingPathComponent("store.sqlite").path
        let r = HeedProcess.run([
            "crawl", hosts.path, "--store", store, "--allow-private", "--connect-to", "::127.0.0.1:\(server.port)",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let signalStore = try SignalStore(path: store)
        var statuses: [Int] = []
        for i in 0..<40 {
            guard case .found(let doc) = try signalStore.lookup("http://many.test/l/\(i).xml") else {
                Issue.record("l/\(i).xml: the host was crawled, so the store must answer for it")
                continue
            }
            statuses.append(doc.status)
        }
        #expect(statuses == Array(repeating: 200, count: 16) + Array(repeating: 404, count: 24))
    }
}
