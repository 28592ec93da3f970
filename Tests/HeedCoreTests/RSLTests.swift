// SPDX-License-Identifier: Apache-2.0
// Heed tests: RSL documents (RSL 1.0 §3) — spec examples (SIGNALS.md §12 rows 17, 20), the real licence files in
// Corpus/rsl/, and hostile XML (XXE, billion laughs, deep nesting, huge files). Expected values are worked out by
// hand from the spec as summarised in SIGNALS.md §5.4 and the reading documented on `RSLDocument.evaluate`.

import Foundation
import Testing

@testable import HeedCore

enum RSLFixtures {
    static let vocabulary: RSLVocabulary = {
        let data = try! Data(contentsOf: Fixtures.specs("vocabularies/rsl.json"))
        return try! RSLVocabulary(json: data, location: "rsl.json")
    }()

    static func doc(_ xml: String, location: String = "https://example.com/license.xml") -> RSLDocument {
        RSLDocument(Array(xml.utf8), location: location, vocabulary: vocabulary)
    }

    static func corpus(_ name: String) throws -> RSLDocument {
        RSLDocument(try Fixtures.bytes("rsl/\(name)"), location: name, vocabulary: vocabulary)
    }

    /// `category=value[obligations]` for every category, in category order.
    static func summary(_ doc: RSLDocument, _ url: String) -> [String] {
        doc.evaluate(url: url, vocabulary: vocabulary).map { t in
            let obligations = t.obligations.map { o in o.detail.map { "\(o.kind.rawValue)(\($0))" } ?? o.kind.rawValue }
            return "\(t.category.rawValue)=\(t.value.rawValue)"
                + (obligations.isEmpty ? "" : "[\(obligations.joined(separator: ","))]")
        }
    }

    static func wrap(_ body: String) -> String {
        "<rsl xmlns=\"https://rslstandard.org/rsl\">\(body)</rsl>"
    }
}

@Suite("RSL documents")
struct RSLTests {
    typealias F = RSLFixtures

    @Test("The vocabulary loads and maps every usage token")
    func vocabulary() {
        let v = F.vocabulary
        #expect(v.categories(ofUsage: "all") == [.tdm, .search, .aiIndex, .aiInput, .aiTrain])
        #expect(Set(v.categories(ofUsage: "ai-all")) == [.aiIndex, .aiInput, .aiTrain])
        #expect(v.categories(ofUsage: "ai-train") == [.aiTrain])
        #expect(v.categories(ofUsage: "train-ai") == [.aiTrain])
        #expect(v.categories(ofUsage: "search") == [.search])
        #expect(v.categories(ofUsage: "ai-summarize") == [])
        #expect(v.currencies.contains("USD") && v.currencies.contains("EUR") && !v.currencies.contains("XBT"))
        #expect(v.payment["attribution"] == "attribution" && v.payment["free"] == "none")
    }

    @Test("A vocabulary naming an unknown category is rejected")
    func badVocabulary() {
        let json = """
            {"schema":1,"version":"x","spec":"x","namespace":"x","defaultMaxAgeDays":30,
             "usage":{"all":["everything"]},"usageAliases":{},"payment":{},"legacyPayment":{},
             "userClasses":[],"currencies":[]}
            """
        #expect(throws: HeedCoreError.self) { try RSLVocabulary(json: Data(json.utf8)) }
    }

    // MARK: spec examples (SIGNALS.md §12 row 17)

    @Test("Spec §1.1: site-wide no AI")
    func siteWideNoAI() {
        let d = F.doc(
            F.wrap("<content url=\"/\"><license><prohibits type=\"usage\">ai-all</prohibits></license></content>")
        )
        #expect(d.isValid && d.findings.isEmpty && d.version == .v1 && d.maxAgeDays == 30)
        #expect(
            F.summary(d, "https://example.com/a")
                == ["search=allow", "ai_index=deny", "ai_input=deny", "ai_train=deny", "tdm=allow"]
        )
        let tdm = d.evaluate(url: "/", vocabulary: F.vocabulary).last!
        #expect(tdm.scopeNote == "does not cover: ai_index, ai_input, ai_train")
        let train = d.evaluate(url: "/", vocabulary: F.vocabulary)[3]
        #expect(train.element == "content[url=/]/license/prohibits[type=usage]")
        #expect(train.raw == "<prohibits type=\"usage\">ai-all</prohibits>")
        #expect(train.line == 1)
    }

    @Test("Spec §3.1.2: site permits all, /articles/ prohibits ai-train (narrower scope wins)")
    func narrowerScope() {
        let d = F.doc(
            F.wrap(
                """

                  <content url="/articles/">
                    <license><prohibits type="usage">ai-train</prohibits></license>
                  </content>
                  <content url="/">
                    <license><permits type="usage">all</permits></license>
                  </content>

                """
            )
        )
        #expect(
            F.summary(d, "/articles/2025/x.html")
                == ["search=allow", "ai_index=allow", "ai_input=allow", "ai_train=deny", "tdm=allow"]
        )
        #expect(
            F.summary(d, "/about") == [
                "search=allow", "ai_index=allow", "ai_input=allow", "ai_train=allow", "tdm=allow",
            ]
        )
        let train = d.evaluate(url: "/articles/x", vocabulary: F.vocabulary)[3]
        #expect(train.element == "content[url=/articles/]/license/prohibits[type=usage]")
        #expect(train.line == 3)
        let search = d.evaluate(url: "/articles/x", vocabulary: F.vocabulary)[0]
        #expect(search.element == "content[url=/]/license/permits[type=usage]")
    }

    @Test("A narrower prohibits-only scope never undoes a broader deny")
    func narrowerDoesNotExpand() {
        let d = F.doc(
            F.wrap(
                "<content url=\"/\"><license><prohibits type=\"usage\">ai-all</prohibits></license></content>"
                    + "<content url=\"/blog/\"><license><prohibits type=\"usage\">ai-train</prohibits>"
                    + "</license></content>"
            )
        )
        #expect(
            F.summary(d, "/blog/x") == ["search=allow", "ai_index=deny", "ai_input=deny", "ai_train=deny", "tdm=allow"]
        )
    }

    @Test("Patterns follow RFC 9309: * and $")
    func patterns() {
        let d = F.doc(
            F.wrap(
                "<content url=\"/\"><license/></content>"
                    + "<content url=\"/*.pdf$\"><license><prohibits type=\"usage\">all</prohibits></license></content>"
            )
        )
        #expect(F.summary(d, "/docs/a.pdf")[4] == "tdm=deny")
        #expect(F.summary(d, "/docs/a.pdf?x=1")[4] == "tdm=allow")
        #expect(F.summary(d, "/docs/a.html")[4] == "tdm=allow")
    }

    struct PaymentCase: CustomTestStringConvertible, Sendable {
        var label: String
        var license: String
        var expected: [String]
        var testDescription: String { label }
    }

    static let payments: [PaymentCase] = [
        PaymentCase(
            label: "AI use under a custom licence (no type: free)",
            license:
                "<permits type=\"usage\">ai-all</permits>"
                + "<payment><custom>https://example.com/licensing</custom></payment>",
            expected: ["search=deny", "ai_index=allow", "ai_input=allow", "ai_train=allow", "tdm=deny"]
        ),
        PaymentCase(
            label: "pay per crawl",
            license: "<payment type=\"crawl\"><standard>https://collective.example/terms</standard>"
                + "<amount currency=\"USD\">0.015</amount></payment>",
            expected: UseCategory.allCases.map {
                "\($0.rawValue)=conditional[payment(0.015 USD per crawl; standard https://collective.example/terms)]"
            }
        ),
        PaymentCase(
            label: "attribution under CC BY",
            license: "<permits type=\"usage\">search ai-input</permits><payment type=\"attribution\">"
                + "<standard>https://creativecommons.org/licenses/by/4.0/</standard></payment>",
            expected: [
                "search=conditional[attribution(standard https://creativecommons.org/licenses/by/4.0/)]",
                "ai_index=deny",
                "ai_input=conditional[attribution(standard https://creativecommons.org/licenses/by/4.0/)]",
                "ai_train=deny", "tdm=deny",
            ]
        ),
        PaymentCase(
            label: "x402 accepts",
            license:
                "<permits type=\"usage\">ai-input</permits><payment type=\"use\">"
                + "<amount currency=\"EUR\">0.002</amount>"
                + "<accepts type=\"application/x402+json\"><![CDATA[{\"network\":\"base\"}]]></accepts></payment>",
            expected: [
                "search=deny", "ai_index=deny",
                "ai_input=conditional[payment(0.002 EUR per use; accepts application/x402+json)]",
                "ai_train=deny", "tdm=deny",
            ]
        ),
        PaymentCase(
            label: "contribution",
            license: "<permits type=\"usage\">ai-train</permits><payment type=\"contribution\"/>",
            expected: [
                "search=deny", "ai_index=deny", "ai_input=deny", "ai_train=conditional[contribution]", "tdm=deny",
            ]
        ),
        PaymentCase(
            label: "permitted and prohibited in one licence: not licensed",
            license: "<permits type=\"usage\">all</permits><prohibits type=\"usage\">search</prohibits>",
            expected: ["search=deny", "ai_index=allow", "ai_input=allow", "ai_train=allow", "tdm=allow"]
        ),
        PaymentCase(
            label: "reporting requirement",
            license: "<payment type=\"free\"/><reporting type=\"telemetry\" profile=\"https://rep.example/p\"/>",
            expected: UseCategory.allCases.map {
                "\($0.rawValue)=conditional[reporting(telemetry https://rep.example/p)]"
            }
        ),
    ]

    @Test("Spec payment patterns (§3.6)", arguments: payments)
    func payment(_ c: PaymentCase) {
        let d = F.doc(F.wrap("<content url=\"/\"><license>\(c.license)</license></content>"))
        #expect(d.findings.isEmpty)
        #expect(F.summary(d, "/x") == c.expected)
    }

    @Test("content@server adds a licence token even to a free licence")
    func server() {
        let d = F.doc(F.wrap("<content url=\"/\" server=\"https://ls.example/\"><license/></content>"))
        #expect(F.summary(d, "/")[0] == "search=conditional[license_token(https://ls.example/)]")
    }

    @Test("User and geo lists make the use conditional on user_class and region, raw lists kept (§3.4.1)")
    func userGeo() {
        let d = F.doc(
            F.wrap(
                "<content url=\"/\"><license><permits type=\"user\">non-commercial education</permits>"
                    + "<prohibits type=\"geo\">US</prohibits></license></content>"
            )
        )
        #expect(d.findings.isEmpty)
        let t = d.evaluate(url: "/", vocabulary: F.vocabulary)[3]
        #expect(t.value == .conditional)
        #expect(t.scopeNote == nil)
        #expect(t.alternatives.isEmpty)
        #expect(
            t.obligations == [
                Obligation(.region, detail: "prohibits US"),
                Obligation(.userClass, detail: "permits non-commercial education"),
            ]
        )
        #expect(t.obligations[1].limits?.permits == ["non-commercial", "education"])
    }

    struct LimitCase: Sendable, CustomTestStringConvertible {
        var label: String
        var license: String
        var expected: [String]
        var testDescription: String { label }
    }

    /// Worked out from §3.4.1/§3.5: the usage list decides the category; user and geo lists of the
    /// granting licence become obligations on every category it grants.
    static let limits: [LimitCase] = [
        LimitCase(
            label: "issue example: ai-train for non-commercial users in France",
            license: "<permits type=\"usage\">ai-train</permits><permits type=\"user\">non-commercial</permits>"
                + "<permits type=\"geo\">FR</permits>",
            expected: [
                "search=deny", "ai_index=deny", "ai_input=deny",
                "ai_train=conditional[region(permits FR),user_class(permits non-commercial)]", "tdm=deny",
            ]
        ),
        LimitCase(
            label: "prohibits user only: everything granted except to commercial users",
            license: "<prohibits type=\"user\">commercial</prohibits>",
            expected: UseCategory.allCases.map { "\($0.rawValue)=conditional[user_class(prohibits commercial)]" }
        ),
        LimitCase(
            label: "geo with payment",
            license: "<permits type=\"geo\">EU</permits><payment type=\"crawl\">"
                + "<amount currency=\"EUR\">0.01</amount></payment>",
            expected: UseCategory.allCases.map {
                "\($0.rawValue)=conditional[payment(0.01 EUR per crawl),region(permits EU)]"
            }
        ),
    ]

    @Test("User and geo limits per category", arguments: limits)
    func userGeoTable(_ c: LimitCase) {
        let d = F.doc(F.wrap("<content url=\"/\"><license>\(c.license)</license></content>"))
        #expect(d.findings.isEmpty)
        #expect(F.summary(d, "/x") == c.expected)
    }

    @Test("A limited licence keeps the other granting licences as alternatives")
    func limitedAlternatives() {
        let d = F.doc(
            F.wrap(
                "<content url=\"/\"><license><permits type=\"user\">non-commercial</permits></license>"
                    + "<license><permits type=\"user\">commercial</permits><payment type=\"crawl\">"
                    + "<amount currency=\"USD\">0.01</amount></payment></license></content>"
            )
        )
        let t = d.evaluate(url: "/", vocabulary: F.vocabulary)[3]
        #expect(t.value == .conditional)
        #expect(t.obligations == [Obligation(.userClass, detail: "permits non-commercial")])
        #expect(
            t.alternatives == [
                [
                    Obligation(.payment, detail: "0.01 USD per crawl"),
                    Obligation(.userClass, detail: "permits commercial"),
                ]
            ]
        )
        // An unlimited free licence wins outright: no alternatives needed.
        let free = F.doc(
            F.wrap(
                "<content url=\"/\"><license/><license><permits type=\"user\">commercial</permits></license></content>"
            )
        )
        let f = free.evaluate(url: "/", vocabulary: F.vocabulary)[3]
        #expect(f.value == .allow && f.alternatives.isEmpty)
    }

    @Test("Alternative licences: the free one is reported, the others counted")
    func alternatives() {
        let d = F.doc(
            F.wrap(
                "<content url=\"/\"><license><payment type=\"purchase\"/></license>"
                    + "<license><permits type=\"usage\">search</permits></license></content>"
            )
        )
        let t = d.evaluate(url: "/", vocabulary: F.vocabulary)
        #expect(t[0].value == .allow)
        #expect(t[0].element == "content[url=/]/license[2]/permits[type=usage]")
        #expect(t[0].scopeNote == "one of 2 alternative licences (the one with the fewest obligations shown)")
        #expect(t[3].value == .conditional && t[3].obligations == [Obligation(.payment, detail: "purchase")])
    }

    // MARK: RSL 0.9 vs 1.0 (row 20)

    @Test("RSL 0.9: comma lists, payment inference, currency XBT")
    func legacy() {
        let d = F.doc(
            F.wrap(
                "<content url=\"/\"><license><prohibits type=\"usage\">ai-train,ai-input</prohibits>"
                    + "<payment type=\"inference\"><amount currency=\"XBT\">0.0001</amount></payment>"
                    + "</license></content>"
            )
        )
        #expect(d.version == .v09)
        #expect(Set(d.findings.map(\.code)) == ["rsl-0.9-syntax", "invalid-currency"])
        #expect(d.findings.first { $0.code == "invalid-currency" }?.severity == .error)
        #expect(
            F.summary(d, "/")
                == [
                    "search=conditional[payment(0.0001 XBT per use)]",
                    "ai_index=conditional[payment(0.0001 XBT per use)]",
                    "ai_input=deny", "ai_train=deny", "tdm=conditional[payment(0.0001 XBT per use)]",
                ]
        )
    }

    @Test("Unknown tokens and the AIPREF token train-ai are reported")
    func tokens() {
        let d = F.doc(
            F.wrap(
                "<content url=\"/\"><license><permits type=\"usage\">train-ai ai-summarize x:ext</permits>"
                    + "</license></content>"
            )
        )
        #expect(d.findings.map(\.code) == ["non-rsl-token", "unknown-usage-token"])
        #expect(F.summary(d, "/") == ["search=deny", "ai_index=deny", "ai_input=deny", "ai_train=allow", "tdm=deny"])
    }

    @Test(
        "Documents that are not RSL are unknown, with a finding",
        arguments: [
            ("<rsl><content url=\"/\"><license/></content></rsl>", "namespace-missing"),
            ("<rss><channel><item/></channel></rss>", "not-rsl"),
            ("<rsl xmlns=\"https://rslstandard.org/rsl\"><content url=\"/\"><license></content></rsl>", "invalid-xml"),
            ("", "invalid-xml"),
        ]
    )
    func notRSL(_ xml: String, _ code: String) {
        let d = F.doc(xml)
        #expect(!d.isValid)
        #expect(d.findings.map(\.code) == [code])
        #expect(F.summary(d, "/") == UseCategory.allCases.map { "\($0.rawValue)=unknown" })
    }

    @Test("Invalid XML is reported with its line")
    func invalidXMLLine() {
        let d = F.doc("<rsl xmlns=\"https://rslstandard.org/rsl\">\n<content url=\"/\">\n<license>\n</content>\n</rsl>")
        #expect(d.findings.first?.code == "invalid-xml")
        #expect(d.findings.first?.line == 4)
    }

    @Test("A URL no content matches is unknown; a full-URL content needs the same host")
    func noMatch() {
        let d = F.doc(F.wrap("<content url=\"https://www.example.com/docs/\"><license/></content>"))
        #expect(F.summary(d, "https://www.example.com/docs/a")[0] == "search=allow")
        #expect(F.summary(d, "https://WWW.example.com:443/docs/a")[0] == "search=allow")
        #expect(F.summary(d, "https://example.com/docs/a")[0] == "search=unknown")
        #expect(F.summary(d, "https://www.example.com/other")[0] == "search=unknown")
    }

    @Test("max-age is read in days")
    func maxAge() {
        #expect(
            F.doc(
                "<rsl xmlns=\"https://rslstandard.org/rsl\" max-age=\"7\"><content url=\"/\"><license/></content></rsl>"
            ).maxAgeDays == 7
        )
        let bad = F.doc(
            "<rsl xmlns=\"https://rslstandard.org/rsl\" max-age=\"-1\"><content url=\"/\"><license/></content></rsl>"
        )
        #expect(bad.maxAgeDays == 30 && bad.findings.map(\.code) == ["invalid-max-age"])
    }

    // MARK: real files (Corpus/rsl/), each at "/" and at an article path

    struct RealCase: CustomTestStringConvertible, Sendable {
        var file: String
        var root: String
        var article: String
        var atRoot: [String]
        var atArticle: [String]
        var findings: [String]
        var testDescription: String { file }
    }

    static let allow5 = ["search=allow", "ai_index=allow", "ai_input=allow", "ai_train=allow", "tdm=allow"]

    static let real: [RealCase] = [
        RealCase(
            file: "4allhuman.license.xml",
            root: "/",
            article: "/articles/hello",
            atRoot: ["search=allow", "ai_index=allow", "ai_input=deny", "ai_train=deny", "tdm=allow"],
            atArticle: ["search=allow", "ai_index=allow", "ai_input=deny", "ai_train=deny", "tdm=allow"],
            findings: []
        ),
        RealCase(
            file: "9takes.com.license.xml",
            root: "/",
            article: "/personality-analysis/taylor-swift",
            atRoot: ["search=allow", "ai_index=allow", "ai_input=allow", "ai_train=deny", "tdm=allow"],
            atArticle: ["search=allow", "ai_index=allow", "ai_input=allow", "ai_train=deny", "tdm=allow"],
            findings: []
        ),
        RealCase(
            file: "adrianofoschi.com.license.xml",
            root: "/",
            article: "/posts/some-essay",
            atRoot: UseCategory.allCases.map {
                "\($0.rawValue)=conditional[attribution(standard https://creativecommons.org/licenses/by/4.0/)]"
            },
            atArticle: UseCategory.allCases.map {
                "\($0.rawValue)=conditional[attribution(standard https://creativecommons.org/licenses/by/4.0/)]"
            },
            findings: []
        ),
        RealCase(
            file: "cloudcertprep.io.license.xml",
            root: "https://www.cloudcertprep.io/",
            article: "https://www.cloudcertprep.io/blog/aws-saa",
            atRoot: allow5,
            atArticle: allow5,
            findings: []
        ),
        RealCase(
            file: "corpus-scriptura.fr.license.xml",
            root: "/",
            article: "/peres/augustin/confessions",
            atRoot: [
                "search=conditional[attribution]", "ai_index=conditional[attribution]",
                "ai_input=conditional[attribution]", "ai_train=deny", "tdm=deny",
            ],
            atArticle: [
                "search=conditional[attribution]", "ai_index=conditional[attribution]",
                "ai_input=conditional[attribution]", "ai_train=deny", "tdm=deny",
            ],
            findings: []
        ),
        RealCase(
            file: "knowbase.sh.license.xml",
            root: "https://knowbase.sh/",
            article: "https://knowbase.sh/rules/some-rule",
            atRoot: [
                "search=conditional[attribution]", "ai_index=conditional[attribution]",
                "ai_input=conditional[attribution]", "ai_train=conditional[attribution]", "tdm=deny",
            ],
            atArticle: [
                "search=conditional[attribution]", "ai_index=conditional[attribution]",
                "ai_input=conditional[attribution]", "ai_train=conditional[attribution]", "tdm=deny",
            ],
            findings: ["duplicate-terms", "duplicate-terms", "duplicate-terms", "unknown-element"]
        ),
        RealCase(
            file: "mcpjunction.ai.license.xml",
            root: "/",
            article: "/data/servers.json",
            atRoot: [
                "search=allow", "ai_index=deny",
                "ai_input=conditional[attribution(terms https://mcpjunction.ai/licensing)]",
                "ai_train=conditional[payment(subscription; terms https://mcpjunction.ai/licensing)]", "tdm=deny",
            ],
            atArticle: [
                "search=allow", "ai_index=deny",
                "ai_input=conditional[payment(subscription; terms https://mcpjunction.ai/licensing)]",
                "ai_train=conditional[payment(subscription; terms https://mcpjunction.ai/licensing)]", "tdm=deny",
            ],
            findings: []
        ),
        RealCase(
            file: "sourcelibrary.org.license.xml",
            root: "https://sourcelibrary.org/",
            article: "https://sourcelibrary.org/book/corpus-hermeticum",
            atRoot: [
                "search=conditional[attribution(standard https://creativecommons.org/licenses/by-sa/4.0/)]",
                "ai_index=conditional[payment(purchase; terms https://sourcelibrary.org/licensing)]",
                "ai_input=conditional[attribution(standard https://creativecommons.org/licenses/by-sa/4.0/)]",
                "ai_train=deny",
                "tdm=conditional[payment(purchase; terms https://sourcelibrary.org/licensing)]",
            ],
            atArticle: [
                "search=conditional[attribution(standard https://creativecommons.org/licenses/by-sa/4.0/)]",
                "ai_index=conditional[payment(purchase; terms https://sourcelibrary.org/licensing)]",
                "ai_input=conditional[attribution(standard https://creativecommons.org/licenses/by-sa/4.0/)]",
                "ai_train=deny",
                "tdm=conditional[payment(purchase; terms https://sourcelibrary.org/licensing)]",
            ],
            findings: ["duplicate-terms", "non-rsl-token", "invalid-attribute"]
        ),
        RealCase(
            file: "sway.org.license.xml",
            root: "/",
            article: "/legislators/some-bill",
            atRoot: [
                "search=deny", "ai_index=deny", "ai_input=deny",
                "ai_train=conditional[attribution,license_token(https://rslcollective.org/api)]", "tdm=deny",
            ],
            atArticle: [
                "search=deny", "ai_index=deny", "ai_input=deny",
                "ai_train=conditional[attribution,license_token(https://rslcollective.org/api)]", "tdm=deny",
            ],
            findings: ["non-rsl-token"]
        ),
        RealCase(
            file: "examples-rsl-wp/README.md.block3.xml",
            root: "/",
            article: "/2025/01/post",
            atRoot: ["search=allow", "ai_index=allow", "ai_input=allow", "ai_train=deny", "tdm=allow"],
            atArticle: ["search=allow", "ai_index=allow", "ai_input=allow", "ai_train=deny", "tdm=allow"],
            findings: ["rsl-0.9-syntax", "non-rsl-token", "unknown-usage-token"]
        ),
        RealCase(
            file: "examples-rsl-wp/docs_PAYMENTS.md.block2.xml",
            root: "/",
            article: "/2025/01/post",
            atRoot: [
                "search=conditional[license_token(https://yoursite.com/wp-json/rsl-olp/v1),"
                    + "payment(99.99 USD per subscription)]",
                "ai_index=deny", "ai_input=deny", "ai_train=deny", "tdm=deny",
            ],
            atArticle: [
                "search=conditional[license_token(https://yoursite.com/wp-json/rsl-olp/v1),"
                    + "payment(99.99 USD per subscription)]",
                "ai_index=deny", "ai_input=deny", "ai_train=deny", "tdm=deny",
            ],
            findings: ["rsl-0.9-syntax", "unknown-usage-token", "unknown-element", "server-element"]
        ),
        RealCase(
            file: "examples-rsl-wp/README.md.block6.xml",
            root: "https://example.com/article",
            article: "https://example.com/other",
            atRoot: allow5,
            atArticle: UseCategory.allCases.map { "\($0.rawValue)=unknown" },
            findings: []
        ),
    ]

    @Test("Real licence files: hand-worked terms at the root and an article", arguments: real)
    func realFile(_ c: RealCase) throws {
        let d = try F.corpus(c.file)
        #expect(d.isValid)
        #expect(d.findings.map(\.code) == c.findings)
        #expect(F.summary(d, c.root) == c.atRoot)
        #expect(F.summary(d, c.article) == c.atArticle)
    }

    @Test("Real file: the RSL for WordPress README example is not well-formed (text before the root)")
    func wordpressReadme() throws {
        let d = try F.corpus("examples-rsl-wp/README.md.block1.xml")
        #expect(!d.isValid)
        #expect(d.findings.map(\.code) == ["invalid-xml"])
        #expect(d.findings.first?.line == 2)
    }

    @Test("Real file: mcpjunction /data/ is the narrower scope, with the element path")
    func mcpjunctionPaths() throws {
        let d = try F.corpus("mcpjunction.ai.license.xml")
        let t = d.evaluate(url: "/data/x", vocabulary: F.vocabulary)
        #expect(t[2].element == "content[url=/data/]/license[2]/permits[type=usage]")
        #expect(t[0].element == "content[url=/data/]/license[1]/permits[type=usage]")
        #expect(t[1].scopeNote == "not in the licence's permits list, which is a whitelist (RSL 1.0 §3.5)")
    }

    // MARK: hostile XML

    static func hostname() -> String? {
        (try? String(contentsOfFile: "/etc/hostname", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func everyText(_ d: RSLDocument) -> String {
        var s = d.findings.map { "\($0.message) \($0.text ?? "")" }.joined(separator: "\n")
        for c in d.contents {
            s += c.url + (c.terms ?? "")
            for l in c.licenses { s += (l.permits + l.prohibits).map(\.raw).joined() }
        }
        return s
    }

    @Test(
        "XXE: an external entity is never read",
        arguments: [
            "<?xml version=\"1.0\"?>\n<!DOCTYPE rsl [<!ENTITY x SYSTEM \"file:///etc/hostname\">]>\n"
                + "<rsl xmlns=\"https://rslstandard.org/rsl\"><content url=\"/\"><license>"
                + "<prohibits type=\"usage\">[&x;]</prohibits></license></content></rsl>",
            "<?xml version=\"1.0\"?>\n<!DOCTYPE rsl SYSTEM \"file:///etc/hostname\">\n"
                + "<rsl xmlns=\"https://rslstandard.org/rsl\"><content url=\"/\"><license/></content></rsl>",
            "<?xml version=\"1.0\"?>\n<!DOCTYPE rsl [<!ENTITY % p SYSTEM \"file:///etc/hostname\"> %p;]>\n"
                + "<rsl xmlns=\"https://rslstandard.org/rsl\"><content url=\"/\"><license/></content></rsl>",
        ]
    )
    func xxe(_ xml: String) throws {
        let d = F.doc(xml)
        #expect(!d.isValid)
        #expect(d.findings.map(\.code) == ["doctype-rejected"])
        #expect(d.findings.first?.line == 2)
        if let host = Self.hostname(), host.count >= 3 {
            #expect(!Self.everyText(d).contains(host))
        }
        #expect(F.summary(d, "/").allSatisfy { $0.hasSuffix("=unknown") })
    }

    @Test("Billion laughs is rejected at once", .timeLimit(.minutes(1)))
    func billionLaughs() {
        var xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n"
        var prev = "lol"
        for i in 1...9 {
            xml += "<!ENTITY lol\(i) \"" + String(repeating: "&\(prev);", count: 10) + "\">\n"
            prev = "lol\(i)"
        }
        xml +=
            "]>\n<rsl xmlns=\"https://rslstandard.org/rsl\"><content url=\"/\"><license>"
            + "<prohibits type=\"usage\">&lol9;</prohibits></license></content></rsl>"
        let d = F.doc(xml)
        #expect(!d.isValid)
        #expect(d.findings.map(\.code) == ["doctype-rejected"])
    }

    @Test("10,000 nested elements: an error, no crash", .timeLimit(.minutes(1)))
    func deepNesting() {
        let xml =
            "<rsl xmlns=\"https://rslstandard.org/rsl\">" + String(repeating: "<x>", count: 10_000)
            + String(repeating: "</x>", count: 10_000) + "</rsl>"
        let d = F.doc(xml)
        #expect(!d.isValid)
        #expect(d.findings.map(\.code) == ["invalid-xml"])
    }

    @Test("50 MB of XML is refused without being parsed", .timeLimit(.minutes(1)))
    func huge() {
        var bytes = Array("<rsl xmlns=\"https://rslstandard.org/rsl\">".utf8)
        let item = Array("<content url=\"/a\"><license/></content>\n".utf8)
        while bytes.count < 50 << 20 { bytes += item }
        bytes += Array("</rsl>".utf8)
        let d = RSLDocument(bytes, location: "big.xml", vocabulary: F.vocabulary)
        #expect(!d.isValid)
        #expect(d.findings.map(\.code) == ["size-limit-exceeded"])
    }

    @Test("Garbage bytes and invalid UTF-8 are invalid XML, never a crash", .timeLimit(.minutes(1)))
    func garbage() {
        var state: UInt64 = 7
        var bytes: [UInt8] = []
        for _ in 0..<(1 << 20) {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            bytes.append(UInt8(truncatingIfNeeded: state >> 33))
        }
        #expect(!RSLDocument(bytes, location: "g", vocabulary: F.vocabulary).isValid)
        let invalid =
            Array("<rsl xmlns=\"https://rslstandard.org/rsl\"><content url=\"/".utf8) + [0xFF, 0xFE]
            + Array("\"><license/></content></rsl>".utf8)
        let d = RSLDocument(invalid, location: "u", vocabulary: F.vocabulary)
        #expect(!d.isValid)
        #expect(d.findings.map(\.code) == ["invalid-xml"])
    }
}
