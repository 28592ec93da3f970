// SPDX-License-Identifier: Apache-2.0
// Heed tests: noai / noimageai and vendor AI meanings in robots meta, X-Robots-Tag and Robots-Tag.
// Expected values worked out by hand from SIGNALS.md §7 (DeviantArt, img2dataset, Bing, Google) and
// SignalSpecs/vocabularies/robots-meta.json.

import Foundation
import Testing

@testable import HeedCore

@Suite("Robots meta and X-Robots-Tag")
struct RobotsMetaTests {
    static let vocabulary: RobotsMetaVocabulary = {
        let data = try! Data(contentsOf: Fixtures.specs("vocabularies/robots-meta.json"))
        return try! RobotsMetaVocabulary(json: data)
    }()

    static func query(_ agent: String, url: String = "https://www.deviantart.com/art/x") -> SignalQuery {
        SignalQuery(url: url, agent: ProductToken(agent), matcher: nil, crawlable: true)
    }

    static func source(headers: [(String, String)] = [], metas: [HTMLHead.Meta] = []) -> RobotsMetaSource {
        RobotsMetaSource(
            page: Document(url: "https://www.deviantart.com/art/x", headers: HTTPHeaders(headers), body: []),
            head: HTMLHead(metas: metas),
            vocabulary: vocabulary
        )
    }

    /// (category, value, scope note) triples, sorted, for compact comparison.
    static func summary(_ statements: [Statement]) -> [String] {
        statements.map { "\($0.category.rawValue) \($0.value.rawValue)\($0.scopeNote.map { " (\($0))" } ?? "")" }
            .sorted()
    }

    static let allAIDeny = ["ai_index deny", "ai_input deny", "ai_train deny"]
    /// noimageai on a page that is not an image (SIGNALS.md §7.2: "images on the page"; §11.3:
    /// "ai_all deny for images on the page"): the page's own categories stay unknown, the statement
    /// says the deny is for its images.
    static let pageNote = "images only: deny for the page's images, nothing for the page itself"
    static let allAIDenyImages = [
        "ai_index unknown (\(pageNote))", "ai_input unknown (\(pageNote))", "ai_train unknown (\(pageNote))",
    ]
    /// noimageai on an image response: the deny holds for the response itself.
    static let allAIDenyImageResponse = [
        "ai_index deny (images only)", "ai_input deny (images only)", "ai_train deny (images only)",
    ]

    struct ImageCase: Sendable, CustomTestStringConvertible {
        let url: String
        let contentType: String?
        let expected: [String]
        var testDescription: String { "\(url) \(contentType ?? "(no Content-Type)")" }
    }

    /// Whether a response is an image: its Content-Type (`image/*`, any case) decides; without one,
    /// the URL path's extension.
    static let imageCases: [ImageCase] = [
        ImageCase(url: "https://x.example/a.png", contentType: "image/png", expected: allAIDenyImageResponse),
        ImageCase(url: "https://x.example/a", contentType: "Image/JPEG", expected: allAIDenyImageResponse),
        ImageCase(url: "https://x.example/a.JPG?w=2", contentType: nil, expected: allAIDenyImageResponse),
        ImageCase(url: "https://x.example/a.jpg", contentType: "text/html", expected: allAIDenyImages),
        ImageCase(url: "https://x.example/img.d/page", contentType: nil, expected: allAIDenyImages),
        ImageCase(url: "https://x.example/", contentType: "text/html; charset=utf-8", expected: allAIDenyImages),
    ]

    @Test(arguments: imageCases)
    func noimageaiDeniesOnlyImageResponses(_ c: ImageCase) {
        var headers = [("X-Robots-Tag", "noimageai")]
        if let type = c.contentType { headers.append(("Content-Type", type)) }
        let s = RobotsMetaSource(
            page: Document(url: c.url, headers: HTTPHeaders(headers), body: []),
            head: nil,
            vocabulary: Self.vocabulary
        )
        #expect(Self.summary(s.statements(for: Self.query("GPTBot", url: c.url))) == c.expected)
    }

    @Test func vocabularyLoads() throws {
        let v = Self.vocabulary
        #expect(v.version == 1)
        #expect(v.directives.map(\.token).contains("noai"))
        #expect(v.parameterized.contains("max-snippet"))
        #expect(v.typos["no-ai"] == "noai")
        #expect(throws: HeedCoreError.self) { try RobotsMetaVocabulary(json: Data("{}".utf8)) }
        let bad = #"{"version": 2, "directives": [], "parameterized": [], "typos": {}}"#
        #expect(throws: HeedCoreError.self) { try RobotsMetaVocabulary(json: Data(bad.utf8)) }
    }

    // MARK: DeviantArt examples (SIGNALS.md §12 row 22)

    struct DeviantArtCase: Sendable, CustomTestStringConvertible {
        let name: String
        let header: String?
        let meta: String?
        let expected: [String]
        let mechanism: Mechanism
        var testDescription: String { name }
    }

    static let deviantArt: [DeviantArtCase] = [
        DeviantArtCase(
            name: "<meta name=robots content=noimageai>",
            header: nil,
            meta: "noimageai",
            expected: allAIDenyImages,
            mechanism: .metaRobots
        ),
        DeviantArtCase(
            name: "<meta name=robots content=noai>",
            header: nil,
            meta: "noai",
            expected: allAIDeny,
            mechanism: .metaRobots
        ),
        DeviantArtCase(
            name: "X-Robots-Tag: noimageai",
            header: "noimageai",
            meta: nil,
            expected: allAIDenyImages,
            mechanism: .xRobotsTag
        ),
        DeviantArtCase(
            name: "X-Robots-Tag: noai",
            header: "noai",
            meta: nil,
            expected: allAIDeny,
            mechanism: .xRobotsTag
        ),
    ]

    @Test(arguments: deviantArt)
    func deviantArtDirectives(_ c: DeviantArtCase) {
        let s = Self.source(
            headers: c.header.map { [("X-Robots-Tag", $0)] } ?? [],
            metas: c.meta.map { [HTMLHead.Meta(name: "robots", content: $0, line: 7)] } ?? []
        )
        for agent in ["GPTBot", "CCBot", "img2dataset"] {
            let statements = s.statements(for: Self.query(agent))
            #expect(Self.summary(statements) == c.expected, "\(agent)")
            for st in statements {
                #expect(st.provenance.mechanism == c.mechanism)
                #expect(st.provenance.spec.contains("no standards-body definition"))
                #expect(st.obligations.isEmpty)
            }
        }
        #expect(s.findings.map(\.code) == ["nonstandard-directive"])
        #expect(s.findings.first?.severity == .info)
    }

    @Test func metaProvenance() throws {
        let s = Self.source(metas: [HTMLHead.Meta(name: "robots", content: "noai", line: 7)])
        let st = try #require(s.statements(for: Self.query("GPTBot")).first)
        #expect(st.provenance.line == 7)
        #expect(st.provenance.element == "meta[name=robots]")
        #expect(st.provenance.raw == #"<meta name="robots" content="noai">"#)
        #expect(st.provenance.document == "https://www.deviantart.com/art/x")
    }

    @Test func healsdataMetaTags() {
        // Corpus/html-meta/healsdata-meta-tags.html, built by hand (the HTML parser is another file's job).
        let s = Self.source(metas: [
            HTMLHead.Meta(name: "ccbot", content: "nofollow", line: 2),
            HTMLHead.Meta(name: "robots", content: "noai, noimageai", line: 5),
            HTMLHead.Meta(name: "tdm-reservation", content: "1", line: 8),
        ])
        let expected = (Self.allAIDeny + Self.allAIDenyImages).sorted()
        #expect(Self.summary(s.statements(for: Self.query("CCBot"))) == expected)
        #expect(Self.summary(s.statements(for: Self.query("GPTBot"))) == expected)
    }

    @Test func healsdataHeadersFile() throws {
        let text = String(decoding: try Fixtures.bytes("headers/healsdata-headers.txt"), as: UTF8.self)
        let pairs = text.split(separator: "\n").compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        #expect(pairs.count == 3)
        let statements = Self.source(headers: pairs).statements(for: Self.query("GPTBot"))
        #expect(Self.summary(statements) == (Self.allAIDeny + Self.allAIDenyImages).sorted())
        #expect(Set(statements.map(\.provenance.raw)) == ["X-Robots-Tag: noai", "X-Robots-Tag: noimageai"])
    }

    // MARK: agent-scoped forms (img2dataset behaviour, SIGNALS.md §12 row 23)

    struct ScopedCase: Sendable, CustomTestStringConvertible {
        let headers: [String]
        let agent: String
        let expected: [String]
        var testDescription: String { "\(headers) for \(agent)" }
    }

    static let scoped: [ScopedCase] = [
        ScopedCase(headers: ["img2dataset: noai"], agent: "img2dataset", expected: allAIDeny),
        ScopedCase(headers: ["img2dataset: noai"], agent: "GPTBot", expected: []),
        ScopedCase(headers: ["IMG2DATASET: NOAI"], agent: "img2dataset", expected: allAIDeny),
        ScopedCase(headers: ["otherbot: noai"], agent: "img2dataset", expected: []),
        ScopedCase(headers: ["otherbot: noai", "noimageai"], agent: "img2dataset", expected: allAIDenyImages),
        ScopedCase(
            headers: ["otherbot: noai", "noimageai"],
            agent: "otherbot",
            expected: (allAIDeny + allAIDenyImages).sorted()
        ),
        // The prefix scopes the elements after it in the same value, until the next prefix.
        ScopedCase(headers: ["GPTBot: noindex, noai"], agent: "GPTBot", expected: allAIDeny),
        ScopedCase(headers: ["GPTBot: noindex, noai"], agent: "CCBot", expected: []),
        ScopedCase(headers: ["googlebot: nofollow, GPTBot: noai"], agent: "Googlebot", expected: []),
        ScopedCase(headers: ["googlebot: nofollow, GPTBot: noai"], agent: "GPTBot", expected: allAIDeny),
        ScopedCase(headers: ["*: noai"], agent: "CCBot", expected: allAIDeny),
        // A parameterized directive is not a crawler prefix.
        ScopedCase(headers: ["unavailable_after: 2030-09-21, noai"], agent: "CCBot", expected: allAIDeny),
        ScopedCase(headers: ["noindex, nofollow"], agent: "GPTBot", expected: []),
    ]

    @Test(arguments: scoped)
    func agentScopedXRobotsTag(_ c: ScopedCase) {
        let s = Self.source(headers: c.headers.map { ("X-Robots-Tag", $0) })
        #expect(Self.summary(s.statements(for: Self.query(c.agent))) == c.expected)
    }

    @Test func agentNamedMeta() {
        let s = Self.source(metas: [
            HTMLHead.Meta(name: "gptbot", content: "noai", line: 3),
            HTMLHead.Meta(name: "description", content: "noai", line: 4),
        ])
        #expect(Self.summary(s.statements(for: Self.query("GPTBot"))) == Self.allAIDeny)
        #expect(Self.summary(s.statements(for: Self.query("GPTBot/1.2"))) == Self.allAIDeny)
        #expect(s.statements(for: Self.query("CCBot")).isEmpty)
        #expect(s.statements(for: Self.query("description")).isEmpty)
    }

    // MARK: vendor meanings (SIGNALS.md §7.2, §11.3)

    struct VendorCase: Sendable, CustomTestStringConvertible {
        let content: String
        let agent: String
        let expected: [String]
        let obligation: Obligation?
        var testDescription: String { "\(content) for \(agent)" }
    }

    static let vendor: [VendorCase] = [
        VendorCase(
            content: "noarchive",
            agent: "bingbot",
            expected: ["ai_train deny (vendor meaning (Bing, Amazon): no training of their generative AI models)"],
            obligation: nil
        ),
        VendorCase(
            content: "noarchive",
            agent: "Amazonbot",
            expected: ["ai_train deny (vendor meaning (Bing, Amazon): no training of their generative AI models)"],
            obligation: nil
        ),
        VendorCase(content: "noarchive", agent: "GPTBot", expected: [], obligation: nil),
        VendorCase(
            content: "nosnippet",
            agent: "Googlebot",
            expected: ["ai_input deny (vendor meaning (Google): no direct input to AI Overviews / AI Mode)"],
            obligation: nil
        ),
        VendorCase(content: "nosnippet", agent: "bingbot", expected: [], obligation: nil),
        VendorCase(
            content: "max-snippet:0",
            agent: "Googlebot",
            expected: ["ai_input deny (vendor meaning (Google): no direct input to AI Overviews / AI Mode)"],
            obligation: nil
        ),
        VendorCase(
            content: "max-snippet:50",
            agent: "Googlebot",
            expected: ["ai_input conditional"],
            obligation: Obligation(.consumptionLevel, detail: "snippets of at most 50 characters (Google max-snippet)")
        ),
        VendorCase(content: "max-snippet:-1", agent: "Googlebot", expected: [], obligation: nil),
        VendorCase(
            content: "nocache",
            agent: "bingbot",
            expected: ["ai_input conditional"],
            obligation: Obligation(.consumptionLevel, detail: "URL, title and snippet only (Bing nocache)")
        ),
        VendorCase(content: "nocache", agent: "Googlebot", expected: [], obligation: nil),
    ]

    @Test(arguments: vendor)
    func vendorMeanings(_ c: VendorCase) {
        let s = Self.source(metas: [HTMLHead.Meta(name: "robots", content: c.content, line: 1)])
        let statements = s.statements(for: Self.query(c.agent))
        #expect(Self.summary(statements) == c.expected)
        #expect(statements.first?.obligations.first == c.obligation)
        let header = Self.source(headers: [("X-Robots-Tag", c.content)])
        #expect(Self.summary(header.statements(for: Self.query(c.agent))) == c.expected)
    }

    @Test func googlebotMaxSnippetWithSpaceAfterPrefix() {
        let s = Self.source(headers: [("X-Robots-Tag", "googlebot: max-snippet: 20")])
        let statements = s.statements(for: Self.query("Googlebot"))
        #expect(Self.summary(statements) == ["ai_input conditional"])
        #expect(statements.first?.obligations.first?.detail == "snippets of at most 20 characters (Google max-snippet)")
    }

    // MARK: draft-illyes-repext Robots-Tag (SIGNALS.md §12 row 27)

    @Test func repextRobotsTag() {
        let s = Self.source(headers: [("Robots-Tag", "*;noindex;nosnippet, ExampleBot;")])
        #expect(
            Self.summary(s.statements(for: Self.query("Googlebot")))
                == ["ai_input deny (vendor meaning (Google): no direct input to AI Overviews / AI Mode)"]
        )
        #expect(s.statements(for: Self.query("ExampleBot")).isEmpty)
        let scoped = Self.source(headers: [("Robots-Tag", "GPTBot;noai, *;noindex")])
        #expect(Self.summary(scoped.statements(for: Self.query("GPTBot"))) == Self.allAIDeny)
        #expect(scoped.statements(for: Self.query("CCBot")).isEmpty)
        let param = Self.source(headers: [("Robots-Tag", "Googlebot;max-snippet=30")])
        #expect(Self.summary(param.statements(for: Self.query("Googlebot"))) == ["ai_input conditional"])
    }

    // MARK: combining and findings

    @Test func duplicatesCollapsePerMechanism() {
        let s = Self.source(
            headers: [("X-Robots-Tag", "noai, noai"), ("x-robots-tag", "NoAI")],
            metas: [
                HTMLHead.Meta(name: "robots", content: "noai", line: 1),
                HTMLHead.Meta(name: "robots", content: "NOAI", line: 2),
            ]
        )
        let statements = s.statements(for: Self.query("GPTBot"))
        #expect(statements.count == 6)
        #expect(statements.filter { $0.provenance.mechanism == .metaRobots }.count == 3)
        #expect(statements.filter { $0.provenance.mechanism == .xRobotsTag }.count == 3)
    }

    @Test func typosAreReportedNotRead() {
        let s = Self.source(
            headers: [("X-Robots-Tag", "no-ai")],
            metas: [HTMLHead.Meta(name: "robots", content: "noindex, no-imageai", line: 9)]
        )
        #expect(s.statements(for: Self.query("GPTBot")).isEmpty)
        #expect(s.findings.map(\.code) == ["typo", "typo"])
        #expect(s.findings.contains { $0.line == 9 && $0.message.contains("'noimageai'") })
    }

    @Test func nothingGivesNothing() {
        let s = RobotsMetaSource(page: nil, head: nil, vocabulary: Self.vocabulary)
        #expect(s.statements(for: Self.query("GPTBot")).isEmpty)
        #expect(s.findings.isEmpty)
    }

    // MARK: hostile input

    @Test(.timeLimit(.minutes(1)))
    func tenMegabyteHeaderValue() {
        let huge = String(repeating: "noindex, ", count: 1_200_000) + "noai"
        let s = Self.source(
            headers: [("X-Robots-Tag", huge), ("Robots-Tag", huge)],
            metas: [HTMLHead.Meta(name: "robots", content: huge, line: 1)]
        )
        // The final noai lies past the 8 KiB read: not read, and said so.
        #expect(s.statements(for: Self.query("GPTBot")).isEmpty)
        #expect(s.findings.map(\.code) == ["size-limit-exceeded", "size-limit-exceeded", "size-limit-exceeded"])
    }

    @Test(.timeLimit(.minutes(1)))
    func garbageValues() {
        var state: UInt64 = 42
        var scalars = String.UnicodeScalarView()
        for _ in 0..<200_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            if let u = Unicode.Scalar(UInt32(truncatingIfNeeded: state >> 40) % 0x3000) { scalars.append(u) }
        }
        let garbage = String(scalars)
        // Invalid UTF-8 reaches us already decoded with replacement characters.
        let invalid = String(decoding: [0x6E, 0x6F, 0xFF, 0x61, 0x69, 0xC3], as: UTF8.self)
        let s = Self.source(
            headers: [("X-Robots-Tag", garbage), ("X-Robots-Tag", invalid), ("Robots-Tag", garbage)],
            metas: [HTMLHead.Meta(name: "robots", content: garbage), HTMLHead.Meta(name: "robots", content: invalid)]
        )
        let values = Set(s.statements(for: Self.query("GPTBot")).map(\.value))
        #expect(values.isSubset(of: [.deny]))
        #expect(s.findings.count < 1000)
    }

    /// The byte-level reading of ASCII `X-Robots-Tag` values gives the same directives as the
    /// general reading (forced here by a last, non-ASCII element, which adds one directive).
    @Test(arguments: [
        "noai", "NoAI , NOIMAGEAI", "GPTBot: noai, noimageai", "gptbot:noai,  otherbot : noindex, noai",
        "max-snippet: 20, noai", "MAX-SNIPPET :  -1", "*: noai", " , ,noai,, ", "GPTBot:", ":noai", "noia",
        "unavailable_after: 25 Jun 2010 15:00:00 PST", "googlebot: max-image-preview : large",
        "a\tb: noai", "noai\r\n",
    ])
    func asciiReadingMatchesTheGeneralOne(_ value: String) {
        func directives(_ v: String) -> [String] {
            Self.source(headers: [("X-Robots-Tag", v)]).directives.map {
                "\($0.agent?.raw ?? "*")|\($0.name)|\($0.value ?? "nil")"
            }
        }
        let general = directives(value + ", é")
        #expect(general.last == "*|é|nil" || general.last?.hasSuffix("|é|nil") == true)
        #expect(directives(value) == Array(general.dropLast()))
    }

    @Test(arguments: [
        ("snippets of at most {value} characters", "20", "snippets of at most 20 characters"),
        ("{value}", "7", "7"), ("no marker", "7", "no marker"), ("{valu", "7", "{valu"),
        ("{value} and {value}", "1", "1 and {value}"),
    ])
    func substituteReplacesTheFirstMarker(template: String, value: String, expected: String) {
        #expect(RobotsMetaVocabulary.substitute(template, value) == expected)
    }
}
