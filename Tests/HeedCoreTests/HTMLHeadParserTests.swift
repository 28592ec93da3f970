// SPDX-License-Identifier: Apache-2.0
// Heed tests: HTML head extraction with libxml2 (SWIFT-NOTES §3.2 messy-input table, encodings, hostile input).

import Foundation
import Testing

@testable import HeedCore

@Suite("HTMLHead.parse")
struct HTMLHeadParserTests {
    static func parse(_ s: String, charset: String? = nil) -> HTMLHead {
        HTMLHead.parse(Array(s.utf8), charset: charset)
    }

    /// The (name, content) pairs of the metas with a name.
    static func named(_ head: HTMLHead) -> [String] {
        head.metas.filter { !$0.name.isEmpty }.map { "\($0.name)=\($0.content)" }
    }

    struct MessyCase: CustomTestStringConvertible, Sendable {
        var label: String
        var html: String
        var metas: [String]
        var testDescription: String { label }
    }

    static let messy: [MessyCase] = [
        MessyCase(
            label: "normal head",
            html:
                "<!DOCTYPE html><html><head><meta name=\"robots\" content=\"noai\"></head><body><p>x</p></body></html>",
            metas: ["robots=noai"]
        ),
        MessyCase(
            label: "upper-case tags and names",
            html: "<HTML><HEAD><META NAME=Robots CONTENT=NoIndex></HEAD><BODY><META NAME=late CONTENT=1></BODY>",
            metas: ["robots=NoIndex"]
        ),
        MessyCase(
            label: "no html or head element",
            html: "<meta name=\"a\" content=\"1\"><title>t</title><meta name=\"b\" content=\"2\">",
            metas: ["a=1", "b=2"]
        ),
        MessyCase(
            label: "custom element in head",
            html: "<html><head><my-widget data-x=1></my-widget><meta name=\"a\" content=\"1\"></head></html>",
            metas: ["a=1"]
        ),
        MessyCase(
            label: "GTM noscript iframe in head",
            html: "<html><head><noscript><iframe src=\"https://gtm.example/ns\"></iframe></noscript>"
                + "<meta name=\"a\" content=\"1\"></head><body><meta name=\"b\" content=\"2\"></body></html>",
            metas: ["a=1"]
        ),
        MessyCase(
            label: "script containing </head><body>",
            html: "<html><head><script>var s=\"</head><body>\";</script><meta name=\"a\" content=\"1\"></head>"
                + "<body><meta name=\"b\" content=\"2\"></body></html>",
            metas: ["a=1"]
        ),
        MessyCase(
            label: "conditional comment",
            html: "<html><head><!--[if IE]><meta name=\"ie\" content=\"1\"><![endif]--><meta name=\"a\" content=\"1\">"
                + "</head></html>",
            metas: ["a=1"]
        ),
        MessyCase(
            label: "entities in content",
            html: "<head><meta name=\"a\" content=\"Tom &amp; Jerry &eacute;&#233;\"></head>",
            metas: ["a=Tom & Jerry éé"]
        ),
        MessyCase(
            label: "text before <html> (implied body is not a stop)",
            html: "hello<html><head><meta name=\"a\" content=\"1\"></head><body><meta name=\"b\" content=\"2\"></body>",
            metas: ["a=1"]
        ),
        MessyCase(
            label: "div in head (implied body is not a stop)",
            html: "<html><head><div>x</div><meta name=\"a\" content=\"1\"></head><body class=\"c\">"
                + "<meta name=\"b\" content=\"2\"></body>",
            metas: ["a=1"]
        ),
        MessyCase(
            label: "implied body, then <body> inside a comment is not a stop",
            html: "<head><div>x</div><!-- <body> --><meta name=\"a\" content=\"1\"></head><body>"
                + "<meta name=\"b\" content=\"2\">",
            metas: ["a=1"]
        ),
        MessyCase(
            label: "explicit body stops reading, upper case",
            html: "<head><meta name=\"a\" content=\"1\"></head><BODY><meta name=\"b\" content=\"2\">",
            metas: ["a=1"]
        ),
    ]

    @Test("SWIFT-NOTES §3.2 messy inputs", arguments: messy)
    func messyInputs(_ c: MessyCase) {
        #expect(Self.named(Self.parse(c.html)) == c.metas)
    }

    @Test("Link rel is split and lower-cased; type lower-cased; href as written")
    func links() {
        let head = Self.parse(
            "<HEAD><LINK REL=\"License  Alternate\" HREF=\"/L.xml\" TYPE=\"Application/RSL+XML\">"
                + "<link rel href=x></HEAD>"
        )
        #expect(head.links.count == 2)
        #expect(head.links[0].rel == ["license", "alternate"])
        #expect(head.links[0].href == "/L.xml")
        #expect(head.links[0].type == "application/rsl+xml")
        #expect(head.links[1].rel == [])
        #expect(head.links[1].href == "x")
    }

    @Test("http-equiv and property are lower-cased, content keeps its case; lines are counted")
    func metaFields() {
        let head = Self.parse(
            "<html>\n<head>\n<meta HTTP-EQUIV=\"X-Robots-Tag\" content=\"NoAI\">\n"
                + "<meta property=\"OG:Title\" content=\"T\">"
        )
        #expect(head.metas.count == 2)
        #expect(head.metas[0].httpEquiv == "x-robots-tag")
        #expect(head.metas[0].content == "NoAI")
        #expect(head.metas[0].line == 3)
        #expect(head.metas[1].property == "og:title")
        #expect(head.metas[1].line == 4)
    }

    @Test("Inline RSL script text is kept; other scripts are not")
    func inlineRSL() {
        let rsl =
            "<rsl xmlns=\"https://rslstandard.org/rsl\"><content url=\"\"><license>"
            + "<prohibits type=\"usage\">ai-all</prohibits></license></content></rsl>"
        let head = Self.parse(
            "<head><script>var a = \"<rsl>\";</script>\n<script type=\"Application/RSL+XML\">\(rsl)</script></head>"
        )
        #expect(head.scripts.count == 1)
        #expect(head.scripts[0].type == "application/rsl+xml")
        #expect(head.scripts[0].text == rsl)
        #expect(head.scripts[0].line == 2)
    }

    @Test("UTF-8 BOM is stripped and the page read as UTF-8")
    func bom() {
        let head = HTMLHead.parse([0xEF, 0xBB, 0xBF] + Array("<head><meta name=\"a\" content=\"naïve\"></head>".utf8))
        #expect(Self.named(head) == ["a=naïve"])
    }

    @Test("UTF-8 without any declaration is read as UTF-8, not Latin-1")
    func utf8Default() {
        #expect(Self.named(Self.parse("<meta name=\"a\" content=\"naïve – ü\">")) == ["a=naïve – ü"])
    }

    @Test("Latin-1 page declared by <meta charset>")
    func latin1Meta() {
        let bytes =
            Array("<head><meta charset=\"iso-8859-1\"><meta name=\"a\" content=\"caf".utf8) + [0xE9]
            + Array("\"></head>".utf8)
        #expect(Self.named(HTMLHead.parse(bytes)) == ["a=café"])
    }

    @Test("Latin-1 page declared by http-equiv content-type")
    func latin1HttpEquiv() {
        let bytes =
            Array("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\">".utf8)
            + Array("<meta name=\"a\" content=\"".utf8) + [0xFC] + Array("\">".utf8)
        #expect(Self.named(HTMLHead.parse(bytes)) == ["a=ü"])
    }

    @Test("The HTTP charset wins over the meta prescan", arguments: ["iso-8859-1", "text/html; charset=ISO-8859-1"])
    func httpCharset(_ charset: String) {
        let bytes = Array("<meta charset=\"utf-8\"><meta name=\"a\" content=\"caf".utf8) + [0xE9] + Array("\">".utf8)
        #expect(Self.named(HTMLHead.parse(bytes, charset: charset)) == ["a=café"])
    }

    @Test("Real file: healsdata AI opt-out meta tags (no html/head, comments)")
    func realHealsdata() throws {
        let head = HTMLHead.parse(try Fixtures.bytes("html-meta/healsdata-meta-tags.html"))
        #expect(Self.named(head) == ["ccbot=nofollow", "robots=noai, noimageai", "tdm-reservation=1"])
        #expect(head.metas.map(\.line) == [2, 5, 8])
    }

    @Test("Real file: xlr8harder Jekyll head include (Liquid tags, rel=license CC0)")
    func realXlr8harder() throws {
        let head = HTMLHead.parse(try Fixtures.bytes("html-meta/xlr8harder.github.io._includes-head.html"))
        #expect(
            Self.named(head) == [
                "viewport=width=device-width, initial-scale=1", "color-scheme=dark", "tdm-reservation=0",
            ]
        )
        #expect(head.metas.contains { $0.httpEquiv == "x-ua-compatible" && $0.content == "IE=edge" })
        let license = head.links.filter { $0.rel == ["license"] }
        #expect(license.map(\.href) == ["https://creativecommons.org/publicdomain/zero/1.0/"])
        #expect(license.first?.type == "")
        #expect(head.links.contains { $0.rel == ["stylesheet"] })
    }

    // MARK: hostile input

    @Test("Deep nesting: 100,000 open divs before a meta", .timeLimit(.minutes(1)))
    func deepNesting() {
        let html =
            "<head><meta name=\"first\" content=\"1\">" + String(repeating: "<div>", count: 100_000)
            + "<meta name=\"deep\" content=\"2\">"
        let head = Self.parse(html)
        #expect(Self.named(head).first == "first=1")
    }

    @Test("50 MB page without a body: only the limit is read", .timeLimit(.minutes(1)))
    func huge() {
        var bytes = Array("<html><head><meta name=\"a\" content=\"1\">".utf8)
        let filler = Array("<div><span>garbage &amp; more</span>".utf8)
        bytes.reserveCapacity(50 << 20)
        while bytes.count < 50 << 20 { bytes += filler }
        let head = HTMLHead.parse(bytes)
        #expect(Self.named(head) == ["a=1"])
        #expect(head.findings.map(\.code) == ["head-size-limit"])
    }

    @Test("A head that ends in an explicit body within the limit has no size finding")
    func noSizeFindingWhenBodyFound() {
        var bytes = Array("<head><meta name=\"a\" content=\"1\"></head><body>".utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "x"), count: 2 << 20)
        let head = HTMLHead.parse(bytes)
        #expect(Self.named(head) == ["a=1"])
        #expect(head.findings.isEmpty)
    }

    @Test("Binary garbage parses to nothing without crashing", .timeLimit(.minutes(1)))
    func garbage() {
        var rng = HeadGarbageRNG(seed: 42)
        let bytes = (0..<(2 << 20)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        let head = HTMLHead.parse(bytes)
        #expect(head.scripts.isEmpty)
        let withTags = HTMLHead.parse(Array("<meta name=\"a\" content=\"1\">".utf8) + bytes)
        #expect(Self.named(withTags).first == "a=1")
    }

    @Test("Invalid UTF-8 becomes U+FFFD; later metas are still read")
    func invalidUTF8() {
        let bytes =
            Array("<head><meta name=\"a\" content=\"x".utf8) + [0xFF, 0xC3] + Array("y\">".utf8)
            + Array("<meta name=\"b\" content=\"naïve\"></head>".utf8)
        #expect(Self.named(HTMLHead.parse(bytes)) == ["a=x\u{FFFD}\u{FFFD}y", "b=naïve"])
    }
}

/// A small deterministic generator for garbage input.
private struct HeadGarbageRNG: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
