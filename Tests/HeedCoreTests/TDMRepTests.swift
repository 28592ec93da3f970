// SPDX-License-Identifier: Apache-2.0
// Heed tests: W3C TDMRep (tdmrep.json, tdm-reservation headers, HTML meta, processing priority).
// Expected values worked out by hand from the TDMRep CG-FINAL 2024-05-10 text and the files themselves.

import Foundation
import Testing

@testable import HeedCore

@Suite("TDMRep")
struct TDMRepTests {
    static func query(_ url: String, agent: String = "GPTBot") -> SignalQuery {
        SignalQuery(url: url, agent: ProductToken(agent), matcher: nil, crawlable: true)
    }

    static func wellKnown(_ json: String, status: Int = 200) -> Document {
        Document(
            url: "https://provider.com/.well-known/tdmrep.json",
            status: status,
            body: Array(json.utf8)
        )
    }

    static func page(_ headers: [(String, String)] = []) -> Document {
        Document(url: "https://provider.com/page", headers: HTTPHeaders(headers), body: [])
    }

    static func source(
        json: String? = nil,
        headers: [(String, String)]? = nil,
        metas: [HTMLHead.Meta]? = nil
    )
        -> TDMRepSource
    {
        TDMRepSource(
            wellKnown: json.map { wellKnown($0) },
            page: headers.map { page($0) },
            head: metas.map { HTMLHead(metas: $0) }
        )
    }

    // MARK: spec examples (SIGNALS.md §12 row 21)

    @Test func singleRuleExampleReservesEverything() throws {
        let s = Self.source(json: #"[ { "location": "/", "tdm-reservation": 1 } ]"#)
        #expect(s.findings.isEmpty)
        for url in ["https://provider.com/", "https://provider.com/a/b.pdf", "https://provider.com/?q=1"] {
            let statements = s.statements(for: Self.query(url))
            #expect(statements.count == 1)
            let st = try #require(statements.first)
            #expect(st.category == .tdm)
            #expect(st.value == .deny)
            #expect(st.obligations.isEmpty)  // "the provider has decided not to offer a TDM policy"
            #expect(st.provenance.mechanism == .tdmrepJSON)
            #expect(st.provenance.element == "tdmrep.json[0]")
            #expect(st.provenance.line == 1)
        }
    }

    static let threeRules = """
        [
          {
          "location": "/directory-a/",
          "tdm-reservation": 1
          },
          {
          "location": "/directory-b/html/",
          "tdm-reservation": 1,
          "tdm-policy":"https://provider.com/policies/policy.json"
          },
          {
          "location": "/directory-b/images/*.jpg",
          "tdm-reservation": 0
          }
        ]
        """

    struct PathCase: Sendable, CustomTestStringConvertible {
        let path: String
        let value: PreferenceValue?
        let policy: String?
        let line: Int?
        var testDescription: String { "\(path) → \(value?.rawValue ?? "unset")" }
    }

    static let threeRuleCases: [PathCase] = [
        PathCase(path: "/directory-a/report.pdf", value: .deny, policy: nil, line: 2),
        PathCase(path: "/directory-a/", value: .deny, policy: nil, line: 2),
        // A prefix match: the rule's path must be reached before a difference (#sec-tdm-file).
        PathCase(path: "/directory-a", value: nil, policy: nil, line: nil),
        PathCase(
            path: "/directory-b/html/index.html",
            value: .deny,
            policy: "https://provider.com/policies/policy.json",
            line: 6
        ),
        PathCase(path: "/directory-b/images/photo.jpg", value: .allow, policy: nil, line: 11),
        PathCase(path: "/directory-b/images/2024/photo.jpg", value: .allow, policy: nil, line: 11),
        // robots.txt semantics: `*.jpg` without `$` matches ".jpg" anywhere after the prefix.
        PathCase(path: "/directory-b/images/photo.jpg.html", value: .allow, policy: nil, line: 11),
        PathCase(path: "/directory-b/images/photo.png", value: nil, policy: nil, line: nil),
        // Matching SHOULD be case-sensitive.
        PathCase(path: "/Directory-A/report.pdf", value: nil, policy: nil, line: nil),
        PathCase(path: "/", value: nil, policy: nil, line: nil),
    ]

    @Test(arguments: threeRuleCases)
    func threeRuleExample(_ c: PathCase) {
        let s = Self.source(json: Self.threeRules)
        #expect(s.findings.isEmpty)
        let statements = s.statements(for: Self.query("https://provider.com" + c.path))
        guard let value = c.value else {
            #expect(statements.isEmpty)
            return
        }
        #expect(statements.map(\.value) == [value])
        #expect(statements.first?.provenance.line == c.line)
        let expectedObligations = c.policy.map {
            [Obligation(.consent, detail: "rights holder offers a licence: \($0)")]
        }
        #expect(statements.first?.obligations == (expectedObligations ?? []))
    }

    @Test func literalDollarIsPercentEncoded() {
        // #sec-tdm-file-regexp: pattern /path/foo-%24 matches https://provider.com/path/foo-$
        let literal = Self.source(json: #"[{"location": "/path/foo-%24", "tdm-reservation": 1}]"#)
        #expect(literal.statements(for: Self.query("https://provider.com/path/foo-$")).map(\.value) == [.deny])
        #expect(literal.statements(for: Self.query("https://provider.com/path/foo-%24")).map(\.value) == [.deny])
        #expect(literal.statements(for: Self.query("https://provider.com/path/foo-")).isEmpty)
        // An unencoded `$` is the end-of-pattern operator.
        let anchored = Self.source(json: #"[{"location": "/path/foo-$", "tdm-reservation": 1}]"#)
        #expect(anchored.statements(for: Self.query("https://provider.com/path/foo-")).map(\.value) == [.deny])
        #expect(anchored.statements(for: Self.query("https://provider.com/path/foo-$")).isEmpty)
        #expect(anchored.statements(for: Self.query("https://provider.com/path/foo-bar")).isEmpty)
    }

    @Test func headerWithoutPolicy() throws {
        let s = Self.source(headers: [("Date", "Wed, 14 Jul 2021 12:07:48 GMT"), ("tdm-reservation", "1")])
        let st = try #require(s.statements(for: Self.query("https://provider.com/page")).first)
        #expect(st.value == .deny)
        #expect(st.obligations.isEmpty)
        #expect(st.provenance.mechanism == .tdmrepHeader)
        #expect(st.provenance.raw == "tdm-reservation: 1")
        #expect(s.findings.isEmpty)
    }

    @Test func headerWithPolicy() throws {
        let s = Self.source(headers: [
            ("TDM-Reservation", "1"), ("tdm-policy", "https://provider.com/policies/policy.json"),
        ])
        let st = try #require(s.statements(for: Self.query("https://provider.com/page")).first)
        #expect(st.value == .deny)
        #expect(
            st.obligations == [
                Obligation(
                    .consent,
                    detail: "rights holder offers a licence: https://provider.com/policies/policy.json"
                )
            ]
        )
    }

    @Test func htmlMetaExample() throws {
        let s = Self.source(metas: [
            HTMLHead.Meta(name: "tdm-reservation", content: "1", line: 5),
            HTMLHead.Meta(name: "tdm-policy", content: "https://provider.com/policies/policy.json", line: 6),
        ])
        let st = try #require(s.statements(for: Self.query("https://provider.com/page")).first)
        #expect(st.value == .deny)
        #expect(st.provenance.mechanism == .tdmrepMeta)
        #expect(st.provenance.line == 5)
        #expect(st.obligations.map(\.kind) == [.consent])
    }

    @Test func xlr8harderJekyllHeadMeta() throws {
        // Corpus/html-meta/xlr8harder.github.io._includes-head.html line 11, built by hand.
        let s = Self.source(metas: [
            HTMLHead.Meta(name: "viewport", content: "width=device-width, initial-scale=1", line: 4),
            HTMLHead.Meta(name: "color-scheme", content: "dark", line: 8),
            HTMLHead.Meta(name: "tdm-reservation", content: "0", line: 11),
        ])
        let st = try #require(s.statements(for: Self.query("https://xlr8harder.github.io/")).first)
        #expect(st.value == .allow)
        #expect(st.provenance.line == 11)
    }

    // MARK: processing priority (#sec-processing-priority), cross-mechanism vector 2

    @Test func crossVector2HeaderSupersedesFileAndAbsentMetaKeepsIt() throws {
        let json = #"[{"location": "/", "tdm-reservation": 1}]"#
        let fileOnly = Self.source(json: json)
        #expect(fileOnly.statements(for: Self.query("https://provider.com/a")).map(\.value) == [.deny])
        let withHeader = Self.source(json: json, headers: [("tdm-reservation", "0")])
        let st = try #require(withHeader.statements(for: Self.query("https://provider.com/a")).first)
        #expect(st.value == .allow)
        #expect(st.provenance.mechanism == .tdmrepHeader)
        // HTML meta without tdm-reservation: no reset.
        let withHead = Self.source(
            json: json,
            headers: [("tdm-reservation", "0")],
            metas: [HTMLHead.Meta(name: "description", content: "a page")]
        )
        let kept = try #require(withHead.statements(for: Self.query("https://provider.com/a")).first)
        #expect(kept.value == .allow)
        #expect(kept.provenance.mechanism == .tdmrepHeader)
        #expect(withHead.statements(for: Self.query("https://provider.com/a")).count == 1)
    }

    @Test func metaSupersedesHeaderAndFile() throws {
        let s = Self.source(
            json: #"[{"location": "/", "tdm-reservation": 0}]"#,
            headers: [("tdm-reservation", "0")],
            metas: [HTMLHead.Meta(name: "tdm-reservation", content: "1", line: 3)]
        )
        let st = try #require(s.statements(for: Self.query("https://provider.com/")).first)
        #expect(st.value == .deny)
        #expect(st.provenance.mechanism == .tdmrepMeta)
    }

    @Test func laterPolicyAloneReplacesPolicyButKeepsReservation() throws {
        let s = Self.source(
            json: #"[{"location": "/", "tdm-reservation": 1, "tdm-policy": "https://a.example/p.json"}]"#,
            metas: [HTMLHead.Meta(name: "tdm-policy", content: "https://b.example/p.json", line: 2)]
        )
        let st = try #require(s.statements(for: Self.query("https://provider.com/")).first)
        #expect(st.value == .deny)
        #expect(st.provenance.mechanism == .tdmrepJSON)
        #expect(st.obligations.first?.detail == "rights holder offers a licence: https://b.example/p.json")
    }

    @Test func invalidLaterValueDoesNotReset() throws {
        let s = Self.source(
            json: #"[{"location": "/", "tdm-reservation": 1}]"#,
            headers: [("tdm-reservation", "yes")]
        )
        let st = try #require(s.statements(for: Self.query("https://provider.com/")).first)
        #expect(st.value == .deny)
        #expect(st.provenance.mechanism == .tdmrepJSON)
        #expect(s.findings.map(\.code) == ["invalid-reservation"])
    }

    @Test func conflictingHeaderValuesAreUnset() {
        let s = Self.source(headers: [("tdm-reservation", "1"), ("tdm-reservation", "0")])
        #expect(s.statements(for: Self.query("https://provider.com/")).isEmpty)
        #expect(s.findings.map(\.code) == ["conflicting-values"])
        let combined = Self.source(headers: [("tdm-reservation", "1, 0")])
        #expect(combined.statements(for: Self.query("https://provider.com/")).isEmpty)
        let repeated = Self.source(headers: [("tdm-reservation", "1"), ("tdm-reservation", "1")])
        #expect(repeated.statements(for: Self.query("https://provider.com/")).map(\.value) == [.deny])
        #expect(repeated.findings.isEmpty)
    }

    @Test func epubStyleMetaNameReadLeniently() throws {
        let s = Self.source(metas: [HTMLHead.Meta(name: "tdm:reservation", content: "1", line: 4)])
        let st = try #require(s.statements(for: Self.query("https://provider.com/")).first)
        #expect(st.value == .deny)
        #expect(s.findings.map(\.code) == ["misspelled-meta-name"])
    }

    @Test func missingOrNotFoundFileGivesNothing() {
        let none = TDMRepSource(wellKnown: nil, page: nil, head: nil)
        #expect(none.statements(for: Self.query("https://provider.com/")).isEmpty)
        #expect(none.findings.isEmpty)
        #expect(none.file == nil)
        let notFound = TDMRepSource(
            wellKnown: Self.wellKnown(#"[{"location": "/", "tdm-reservation": 1}]"#, status: 404),
            page: nil,
            head: nil
        )
        #expect(notFound.statements(for: Self.query("https://provider.com/")).isEmpty)
        #expect(notFound.findings.isEmpty)
        let failed = TDMRepSource(wellKnown: Self.wellKnown("oops", status: 503), page: nil, head: nil)
        #expect(failed.statements(for: Self.query("https://provider.com/")).isEmpty)
        #expect(failed.findings.map(\.code) == ["not-served"])
    }

    // MARK: file-level rules and findings

    struct FileCase: Sendable, CustomTestStringConvertible {
        let name: String
        let json: String
        let codes: [String]
        let valueAtA: PreferenceValue?
        var testDescription: String { name }
    }

    static let fileCases: [FileCase] = [
        FileCase(
            name: "string reservation read leniently",
            json: #"[{"location": "/", "tdm-reservation": "1"}]"#,
            codes: ["string-reservation"],
            valueAtA: .deny
        ),
        FileCase(
            name: "2 is a protocol error: unset, and the first match still wins",
            json: #"[{"location": "/a/", "tdm-reservation": 2}, {"location": "/", "tdm-reservation": 1}]"#,
            codes: ["invalid-reservation"],
            valueAtA: nil
        ),
        FileCase(
            name: "true is not 1",
            json: #"[{"location": "/", "tdm-reservation": true}]"#,
            codes: ["invalid-reservation"],
            valueAtA: nil
        ),
        FileCase(
            name: "1.0 is not 1",
            json: #"[{"location": "/", "tdm-reservation": 1.0}]"#,
            codes: ["invalid-reservation"],
            valueAtA: nil
        ),
        FileCase(
            name: "missing reservation",
            json: #"[{"location": "/"}]"#,
            codes: ["missing-reservation"],
            valueAtA: nil
        ),
        FileCase(
            name: "rule after a catch-all is unreachable",
            json: #"[{"location": "/", "tdm-reservation": 0}, {"location": "/a/", "tdm-reservation": 1}]"#,
            codes: ["unreachable-rule"],
            valueAtA: .allow
        ),
        FileCase(
            name: "full URL as location never matches",
            json: #"[{"location": "https://provider.com/", "tdm-reservation": 1}]"#,
            codes: ["pattern-not-absolute"],
            valueAtA: nil
        ),
        FileCase(
            name: "relative policy",
            json: #"[{"location": "/", "tdm-reservation": 1, "tdm-policy": "/policy.json"}]"#,
            codes: ["policy-not-url"],
            valueAtA: .deny
        ),
        FileCase(
            name: "unknown key",
            json: #"[{"location": "/", "tdm-reservation": 1, "comment": "x"}]"#,
            codes: ["unknown-key"],
            valueAtA: .deny
        ),
        FileCase(
            name: "duplicate key: the last is read",
            json: #"[{"location": "/", "tdm-reservation": 1, "tdm-reservation": 0}]"#,
            codes: ["duplicate-key"],
            valueAtA: .allow
        ),
        FileCase(
            name: "entry that is not an object",
            json: #"["/", {"location": "/", "tdm-reservation": 1}]"#,
            codes: ["invalid-entry"],
            valueAtA: .deny
        ),
        FileCase(name: "empty array", json: "[]", codes: ["no-rules"], valueAtA: nil),
        FileCase(name: "empty body", json: " \n", codes: ["empty-file"], valueAtA: nil),
        FileCase(
            name: "HTML page served for every path",
            json: "<!doctype html><html><body>Not found</body></html>",
            codes: ["html-document"],
            valueAtA: nil
        ),
        FileCase(
            name: "trailing comma",
            json: "[\n  {\"location\": \"/\", \"tdm-reservation\": 1},\n]",
            codes: ["invalid-json"],
            valueAtA: nil
        ),
        FileCase(
            name: "byte order mark",
            json: "\u{FEFF}[{\"location\": \"/\", \"tdm-reservation\": 1}]",
            codes: ["bom"],
            valueAtA: .deny
        ),
    ]

    @Test(arguments: fileCases)
    func fileFindings(_ c: FileCase) {
        let s = Self.source(json: c.json)
        #expect(s.findings.map(\.code).sorted() == c.codes.sorted())
        #expect(s.statements(for: Self.query("https://provider.com/a/x")).first?.value == c.valueAtA)
        for f in s.findings {
            #expect(f.document == "https://provider.com/.well-known/tdmrep.json")
            #expect(f.clause?.hasPrefix("W3C TDMRep") == true)
        }
    }

    @Test func invalidJSONReportsItsLine() throws {
        let s = Self.source(json: "[\n  {\"location\": \"/\",\n   \"tdm-reservation\": 1,\n  }\n]")
        let f = try #require(s.findings.first)
        #expect(f.code == "invalid-json")
        #expect(f.line == 4)
    }

    // MARK: the 19 real files (Corpus/tdmrep/)

    struct RealFile: Sendable, CustomTestStringConvertible {
        let file: String
        let root: PreferenceValue?
        let deep: PreferenceValue?
        let policy: String?
        let codes: [String]
        var testDescription: String { file }
    }

    /// Worked out by reading each file: `/` and `/blog/2024/post.html`.
    static let realFiles: [RealFile] = [
        RealFile(
            file: "baxin.pages.dev.MALFORMED.tdmrep.json",
            root: .deny,
            deep: .deny,
            policy: "https://maango.io/policy/baxin.pages.dev",
            codes: ["missing-location", "misspelled-key", "misspelled-key", "not-an-array"]
        ),
        RealFile(file: "byeongsuyu.github.io.tdmrep.json", root: nil, deep: .deny, policy: nil, codes: []),
        RealFile(
            file: "calliehope-voixoff.com.NOT-TDMREP.tdmrep.json",
            root: nil,
            deep: nil,
            policy: nil,
            codes: ["not-tdmrep"]
        ),
        RealFile(
            file: "debats.co.tdmrep.json",
            root: .deny,
            deep: .deny,
            policy: "https://debats.co/mentions-legales",
            codes: []
        ),
        RealFile(
            file: "formosanbank.tdmrep.json",
            root: .deny,
            deep: .deny,
            policy: "https://ai4commsci.gitbook.io/formosanbank/additional-resources/terms-of-use",
            codes: []
        ),
        RealFile(
            file: "harriedegroot-stamboom.tdmrep.json",
            root: .deny,
            deep: .deny,
            policy: "https://github.com/harriedegroot/stamboom/blob/main/LICENSE",
            codes: []
        ),
        RealFile(file: "healsdata-ai-training-opt-out.tdmrep.json", root: .deny, deep: .deny, policy: nil, codes: []),
        RealFile(
            file: "itcop.org.tdmrep.json",
            root: .deny,
            deep: .deny,
            policy: "https://itcop.org/licence/0pn-mrt-1.0.json",
            codes: []
        ),
        RealFile(
            file: "janpetrlik.com.NONCONFORMING.tdmrep.json",
            root: .deny,
            deep: .deny,
            policy: "https://janpetrlik.com/legal",
            codes: ["missing-location", "not-an-array"]
        ),
        RealFile(
            file: "licence.thibaultsan.com.tdmrep.json",
            root: .deny,
            deep: .deny,
            policy: "https://licence.thibaultsan.com/",
            codes: []
        ),
        RealFile(
            file: "maikfigura.de.INVENTED-SCHEMA.tdmrep.json",
            root: nil,
            deep: nil,
            policy: nil,
            codes: ["not-tdmrep"]
        ),
        RealFile(
            file: "nineplus.sh.tdmrep.json",
            root: .deny,
            deep: .deny,
            policy: "https://www.nineplus.sh/legal/tdm.json",
            codes: []
        ),
        RealFile(
            file: "openpoem.org.tdmrep.json",
            root: .deny,
            deep: .deny,
            policy: "https://openpoem.org/terms",
            codes: []
        ),
        RealFile(
            file: "princewitherdick-stonetop.tdmrep.json",
            root: .deny,
            deep: .deny,
            policy: "https://github.com/PrinceWitherdick/stonetop-pwd/blob/main/AI-TRAINING-NOTICE.md",
            codes: []
        ),
        RealFile(
            file: "rogerpielkejr-scenarios.tdmrep.json",
            root: .deny,
            deep: .deny,
            policy: "https://thehonestbroker.org/terms/",
            codes: []
        ),
        RealFile(
            file: "sebastien-riviere.github.io.tdmrep.json",
            root: .deny,
            deep: .deny,
            policy: "https://sebastien-riviere.github.io/opt-out-ia/",
            codes: []
        ),
        RealFile(
            file: "sourcelibrary.org.tdmrep.json",
            root: .deny,
            deep: .deny,
            policy: "https://sourcelibrary.org/licensing",
            codes: []
        ),
        // Reservation 0 with a policy: the policy is not processed (#sec-tdm-policy).
        RealFile(
            file: "veda.ng.NONCONFORMING.tdmrep.json",
            root: .allow,
            deep: .allow,
            policy: nil,
            codes: ["missing-location", "not-an-array", "policy-ignored"]
        ),
        RealFile(file: "xlr8harder.github.io.tdmrep.json", root: .allow, deep: .allow, policy: nil, codes: []),
    ]

    @Test func everyRealFileHasAnExpectation() {
        let files = Fixtures.files(under: "tdmrep").map(\.lastPathComponent)
        #expect(files.count == 19)
        #expect(Set(files) == Set(Self.realFiles.map(\.file)))
    }

    @Test(arguments: realFiles)
    func realFile(_ c: RealFile) throws {
        let doc = Document(
            url: "https://example.org/.well-known/tdmrep.json",
            location: "Corpus/tdmrep/\(c.file)",
            body: try Fixtures.bytes("tdmrep/\(c.file)")
        )
        let s = TDMRepSource(wellKnown: doc, page: nil, head: nil)
        #expect(s.findings.map(\.code).sorted() == c.codes)
        let root = s.statements(for: Self.query("https://example.org/"))
        let deep = s.statements(for: Self.query("https://example.org/blog/2024/post.html"))
        #expect(root.first?.value == c.root)
        #expect(deep.first?.value == c.deep)
        #expect(root.count <= 1 && deep.count <= 1)
        for st in root + deep {
            #expect(st.category == .tdm)
            #expect(st.provenance.document == "Corpus/tdmrep/\(c.file)")
            #expect(st.provenance.spec.contains("lenient") == !c.codes.isEmpty)
            let expected = c.policy.map { [Obligation(.consent, detail: "rights holder offers a licence: \($0)")] }
            #expect(st.obligations == (expected ?? []))
        }
    }

    @Test func healsdataHeadersFile() throws {
        // Corpus/headers/healsdata-headers.txt: "Name: value" lines.
        let text = String(decoding: try Fixtures.bytes("headers/healsdata-headers.txt"), as: UTF8.self)
        let pairs = text.split(separator: "\n").compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        let s = Self.source(headers: pairs)
        #expect(s.statements(for: Self.query("https://healsdata.github.io/x")).map(\.value) == [.deny])
    }

    // MARK: hostile input

    @Test(.timeLimit(.minutes(1)))
    func deeplyNestedJSON() {
        let s = Self.source(json: String(repeating: "[", count: 200_000))
        #expect(s.findings.map(\.code) == ["invalid-json"])
        #expect(s.file?.rules.isEmpty == true)
        let objects = Self.source(json: String(repeating: #"{"a":"#, count: 100_000))
        #expect(objects.findings.map(\.code) == ["invalid-json"])
    }

    @Test(.timeLimit(.minutes(1)))
    func oversizedFile() {
        let rule = #"{"location": "/x", "tdm-reservation": 1},"#
        let big = "[" + String(repeating: rule, count: 40_000) + #"{"location": "/", "tdm-reservation": 1}]"#
        let s = Self.source(json: big)
        #expect(s.findings.map(\.code) == ["size-limit-exceeded"])
        #expect(s.statements(for: Self.query("https://provider.com/")).isEmpty)
    }

    @Test func invalidUTF8AndGarbage() {
        var bytes = Array(#"[{"location": "/caf"#.utf8)
        bytes += [0xC3, 0x28]  // invalid UTF-8 sequence
        bytes += Array(#"", "tdm-reservation": 1}, {"location": "/", "tdm-reservation": 0}]"#.utf8)
        let s = TDMRepSource(
            wellKnown: Document(url: "https://p.example/.well-known/tdmrep.json", body: bytes),
            page: nil,
            head: nil
        )
        #expect(s.findings.map(\.code) == ["invalid-utf8"])
        #expect(s.statements(for: Self.query("https://p.example/x")).map(\.value) == [.allow])

        var state: UInt64 = 0x1234_5678
        var garbage: [UInt8] = []
        for _ in 0..<100_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            garbage.append(UInt8(truncatingIfNeeded: state >> 33))
        }
        let g = TDMRepSource(
            wellKnown: Document(url: "https://p.example/.well-known/tdmrep.json", body: garbage),
            page: nil,
            head: nil
        )
        #expect(g.statements(for: Self.query("https://p.example/")).isEmpty)
        #expect(!g.findings.isEmpty)
    }

    @Test(.timeLimit(.minutes(1)))
    func tenMegabyteHeaderValue() {
        let huge = String(repeating: "1, ", count: 3_500_000)
        let s = Self.source(headers: [("tdm-reservation", huge), ("tdm-policy", huge)])
        #expect(s.statements(for: Self.query("https://provider.com/")).isEmpty)
        #expect(s.findings.map(\.code) == ["size-limit-exceeded", "size-limit-exceeded"])
        let meta = Self.source(metas: [HTMLHead.Meta(name: "tdm-reservation", content: huge, line: 1)])
        #expect(meta.statements(for: Self.query("https://provider.com/")).isEmpty)
        #expect(meta.findings.map(\.code) == ["size-limit-exceeded"])
    }
}
