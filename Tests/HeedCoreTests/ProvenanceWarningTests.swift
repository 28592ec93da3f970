// SPDX-License-Identifier: Apache-2.0
// Heed tests: the warnings each parser puts in a statement's provenance (issue: provenance keeps "any
// warning"). Expected texts are the departures from each spec worked out by hand from the inputs below.

import Foundation
import Testing

@testable import HeedCore

@Suite("Provenance warnings")
struct ProvenanceWarningTests {
    static func query(_ url: String, agent: String = "GPTBot") -> SignalQuery {
        SignalQuery(url: url, agent: ProductToken(agent), matcher: nil, crawlable: true)
    }

    // MARK: TDMRep (#sec-tdm-file, #sec-tdm-html-meta)

    struct TDMCase: Sendable, CustomTestStringConvertible {
        var name: String
        var json: String
        var warnings: [String]
        var testDescription: String { name }
    }

    static let tdmCases: [TDMCase] = [
        // Conforming: an array, `location`, the number 1 → no warning.
        TDMCase(name: "conforming", json: #"[{"location": "/", "tdm-reservation": 1}]"#, warnings: []),
        // The real baxin.pages.dev file: an object (not an array), `_` keys, no location. Keys with a
        // variant spelling are reported in canonical-key order (tdm-policy before tdm-reservation).
        TDMCase(
            name: "baxin.pages.dev",
            json: "{\n  \"tdm_reservation\": 1,\n  \"tdm_policy\": \"https://maango.io/policy/baxin.pages.dev\"\n}",
            warnings: [
                "tdmrep.json is an object, not an array: read as a one-rule array",
                "key 'tdm_policy' read as 'tdm-policy'",
                "key 'tdm_reservation' read as 'tdm-reservation'",
                "no 'location': read as \"/\"",
            ]
        ),
        // A string "1" is a protocol error strictly (#sec-tdm-reservation); read leniently as 1.
        TDMCase(
            name: "string reservation",
            json: #"[{"location": "/", "tdm-reservation": "1"}]"#,
            warnings: ["tdm-reservation is the string \"1\": read as the number 1"]
        ),
    ]

    @Test(arguments: tdmCases)
    func tdmrepFile(_ c: TDMCase) throws {
        let doc = Document(url: "https://p.example/.well-known/tdmrep.json", body: Array(c.json.utf8))
        let source = TDMRepSource(wellKnown: doc, page: nil, head: nil)
        let s = try #require(source.statements(for: Self.query("https://p.example/a")).first)
        #expect(s.value == .deny)
        #expect(s.provenance.warnings == c.warnings)
    }

    @Test func tdmrepMisspelledMetaName() throws {
        // `tdm:reservation` is the EPUB/PDF form; in HTML Heed reads it as tdm-reservation, with a warning.
        let head = HTMLHead(metas: [HTMLHead.Meta(name: "tdm:reservation", content: "1", line: 4)])
        let page = Document(url: "https://p.example/a", body: [])
        let source = TDMRepSource(wellKnown: nil, page: page, head: head)
        let s = try #require(source.statements(for: Self.query("https://p.example/a")).first)
        #expect(s.provenance.mechanism == .tdmrepMeta)
        #expect(s.provenance.warnings == ["<meta name=\"tdm:reservation\"> read as tdm-reservation"])
        let plain = TDMRepSource(
            wellKnown: nil,
            page: page,
            head: HTMLHead(metas: [HTMLHead.Meta(name: "tdm-reservation", content: "1", line: 4)])
        )
        #expect(plain.statements(for: Self.query("https://p.example/a")).first?.provenance.warnings == [])
    }

    // MARK: AIPREF Content-Usage and CC signals

    struct UsageCase: Sendable, CustomTestStringConvertible {
        var header: String
        var category: UseCategory
        var warnings: [String]
        var testDescription: String { header }
    }

    static let usageCases: [UsageCase] = [
        // A current -08 label: no warning.
        UsageCase(header: "train-ai=n", category: .aiTrain, warnings: []),
        // -02's train-genai, mapped through aipref.json's legacy table to ai_train.
        UsageCase(
            header: "train-genai=n",
            category: .aiTrain,
            warnings: [
                "legacy label 'train-genai' of draft-ietf-aipref-vocab-02 read as ai_train (SignalSpecs aipref.json)"
            ]
        ),
        // A value other than the tokens y and n is unknown (vocab §6.5), and says why.
        UsageCase(
            header: "train-ai=maybe",
            category: .aiTrain,
            warnings: ["train-ai: the token 'maybe', not y or n: unknown"]
        ),
        // A canonical CC signal: no warning.
        UsageCase(header: "train-ai=n;exceptions=cc-cr", category: .aiTrain, warnings: []),
        // Upper case: read for its elements (cr → attribution, ec → contribution_to_ecosystem) with a warning.
        UsageCase(
            header: "train-ai=n;exceptions=\"CC-CR-EC\"",
            category: .aiTrain,
            warnings: [
                "non-canonical CC signal code 'CC-CR-EC' read as attribution + contribution_to_ecosystem"
            ]
        ),
        // -04's ai-output falls back to search: the inherited search entry carries the same warning.
        UsageCase(
            header: "ai-output=n",
            category: .search,
            warnings: [
                "legacy label 'ai-output' of draft-ietf-aipref-vocab-04 read as ai_input (SignalSpecs aipref.json)"
            ]
        ),
    ]

    @Test(arguments: usageCases)
    func contentUsageHeader(_ c: UsageCase) throws {
        let page = Document(url: "https://p.example/a", headers: HTTPHeaders([("Content-Usage", c.header)]), body: [])
        let source = ContentUsageHeader(document: page, vocabulary: PrefSpecs.aipref, ccSignals: PrefSpecs.cc)
        let statements = source.statements(for: Self.query("https://p.example/a"))
        let s = try #require(statements.first { $0.category == c.category })
        #expect(s.provenance.warnings == c.warnings)
    }

    // MARK: Content-Signal and group selection (robots.txt)

    struct RobotsCase: Sendable, CustomTestStringConvertible {
        var name: String
        var robots: String
        var agent: String
        var mechanism: Mechanism
        var category: UseCategory
        var warnings: [String]
        var testDescription: String { name }
    }

    static let robotsCases: [RobotsCase] = [
        RobotsCase(
            name: "plain Content-Signal",
            robots: "User-agent: *\nContent-Signal: ai-train=no\nAllow: /\n",
            agent: "HeedTestBot",
            mechanism: .robotsContentSignal,
            category: .aiTrain,
            warnings: []
        ),
        // Upper case is read case-insensitively (Heed's decision), with a warning.
        RobotsCase(
            name: "Content-Signal not lower-case",
            robots: "User-agent: *\nContent-Signal: AI-Train=No\nAllow: /\n",
            agent: "HeedTestBot",
            mechanism: .robotsContentSignal,
            category: .aiTrain,
            warnings: ["'AI-Train=No' read as 'ai-train=no'"]
        ),
        // AIPREF's y is not a Content-Signal value: unknown, with a warning.
        RobotsCase(
            name: "Content-Signal value y",
            robots: "User-agent: *\nContent-Signal: search=y\nAllow: /\n",
            agent: "HeedTestBot",
            mechanism: .robotsContentSignal,
            category: .search,
            warnings: ["search=y is not yes or no: unknown"]
        ),
        // A key given twice in one line: the most restrictive value (deny) is read.
        RobotsCase(
            name: "Content-Signal repeated key",
            robots: "User-agent: *\nContent-Signal: ai-train=yes, ai-train=no\nAllow: /\n",
            agent: "HeedTestBot",
            mechanism: .robotsContentSignal,
            category: .aiTrain,
            warnings: ["ai-train given more than once: the most restrictive value read"]
        ),
        // AI2Bot has a digit, outside RFC 9309's grammar; Heed matches it whole, Google reads `ai`.
        // Both the group's Content-Signal and the implied training statement (AI2Bot's purpose) carry it.
        RobotsCase(
            name: "group selected by an invalid token (Content-Signal)",
            robots: "User-agent: AI2Bot\nContent-Signal: ai-train=no\nAllow: /\n",
            agent: "AI2Bot",
            mechanism: .robotsContentSignal,
            category: .aiTrain,
            warnings: [
                "group selected by 'User-agent: AI2Bot' (line 1), not an RFC 9309 product token: "
                    + "Google's parser reads it as 'ai'"
            ]
        ),
        RobotsCase(
            name: "group selected by an invalid token (implied)",
            robots: "User-agent: AI2Bot\nContent-Signal: ai-train=no\nAllow: /\n",
            agent: "AI2Bot",
            mechanism: .robotsImplied,
            category: .aiTrain,
            warnings: [
                "group selected by 'User-agent: AI2Bot' (line 1), not an RFC 9309 product token: "
                    + "Google's parser reads it as 'ai'"
            ]
        ),
        // A crawler named `AI` reads the `*` group in Heed, but Google would give it AI2Bot's group.
        RobotsCase(
            name: "a group Google would apply instead",
            robots: "User-agent: AI2Bot\nDisallow: /\n\nUser-agent: *\nContent-Signal: search=yes\nAllow: /\n",
            agent: "AI",
            mechanism: .robotsContentSignal,
            category: .search,
            warnings: [
                "line 1: Google's parser reads 'User-agent: AI2Bot' as 'AI' and applies that group to this "
                    + "crawler; Heed does not (the name differs)"
            ]
        ),
    ]

    @Test(arguments: robotsCases)
    func robotsStatements(_ c: RobotsCase) throws {
        let robots = RobotsTxt(c.robots)
        let signals = PrefSpecs.robots(robots)
        let statements = signals.statements(for: PrefSpecs.query(robots, c.agent, "https://example.com/page"))
        let s = try #require(statements.first { $0.provenance.mechanism == c.mechanism && $0.category == c.category })
        #expect(s.provenance.warnings == c.warnings)
    }

    // MARK: RSL 0.9

    @Test func rsl09() throws {
        // Comma list and payment type inference: RSL 0.9 syntax (SIGNALS.md §12 row 20).
        let legacy = RSLFixtures.wrap(
            "<content url=\"/\"><license><prohibits type=\"usage\">ai-train,ai-input</prohibits>"
                + "<payment type=\"inference\"/></license></content>"
        )
        let current = RSLFixtures.wrap(
            "<content url=\"/\"><license><prohibits type=\"usage\">ai-train ai-input</prohibits></license></content>"
        )
        let cases: [(xml: String, expected: [String])] = [
            (legacy, RSLEvaluator.version09Warning),
            (current, []),
        ]
        for (xml, expected) in cases {
            let robots = RobotsTxt("License: https://example.com/license.xml\n")
            let refs = LicenseReference.fromRobots(robots, document: "https://example.com/robots.txt")
            let source = RSLSource(
                references: refs,
                documents: [
                    "https://example.com/license.xml": Document(
                        url: "https://example.com/license.xml",
                        body: Array(xml.utf8)
                    )
                ],
                vocabulary: RSLFixtures.vocabulary
            )
            let statements = source.statements(for: RSLSourceTests.query("https://example.com/a", "GPTBot", robots))
            let train = try #require(statements.first { $0.category == .aiTrain })
            #expect(train.value == .deny)
            #expect(train.provenance.warnings == expected)
        }
    }

    @Test func rslAliasToken() throws {
        // `train-ai` is AIPREF's name; rsl.json's usageAliases read it as ai-train (sourcelibrary.org's file).
        let xml = RSLFixtures.wrap(
            "<content url=\"/\"><license><prohibits type=\"usage\">train-ai</prohibits></license></content>"
        )
        let terms = RSLFixtures.doc(xml).evaluate(url: "/a", vocabulary: RSLFixtures.vocabulary)
        let train = try #require(terms.first { $0.category == .aiTrain })
        #expect(train.value == .deny)
        #expect(train.warnings == ["'train-ai' is not an RSL usage token: read as 'ai-train'"])
        // The categories the licence grants are decided by no aliased token: no warning.
        #expect(terms.first { $0.category == .search }?.warnings == [])
    }

    // MARK: ai-license

    @Test func aiLicensePriceWithoutAction() throws {
        // copyright.sh FAQ form `rate=$0.05; ...` has no allow/deny: read as allow with payment, with a warning.
        let head = HTMLHead(metas: [HTMLHead.Meta(name: "ai-license", content: "rate=$0.05; terms=https://t", line: 3)])
        let source = AILicenseSource(head: head, document: "p.html")
        let s = try #require(source.statements(for: Self.query("https://p.example/")).first)
        #expect(s.value == .conditional)
        #expect(s.provenance.warnings == ["no 'allow' or 'deny': a price read as allow with payment"])
        let clean = AILicenseSource(
            head: HTMLHead(metas: [HTMLHead.Meta(name: "ai-license", content: "allow; price:0.12", line: 3)]),
            document: "p.html"
        )
        #expect(clean.statements(for: Self.query("https://p.example/")).first?.provenance.warnings == [])
    }

    // MARK: decoding

    @Test func provenanceDecodesWithoutWarnings() throws {
        // Records written before `warnings` existed decode with none.
        let json = #"{"mechanism":"ai.txt","document":"d","raw":"r","spec":"s"}"#
        let p = try JSONDecoder().decode(Provenance.self, from: Data(json.utf8))
        #expect(p.warnings.isEmpty)
        #expect(p.mechanism == .aiTxt)
        var withWarning = p
        withWarning.warnings = ["w"]
        let round = try JSONDecoder().decode(Provenance.self, from: JSONEncoder().encode(withWarning))
        #expect(round.warnings == ["w"])
    }
}
