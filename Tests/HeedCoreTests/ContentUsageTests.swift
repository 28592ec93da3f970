// SPDX-License-Identifier: Apache-2.0
// Heed tests: AIPREF Content-Usage values (draft-ietf-aipref-vocab §6) and the HTTP header
// (draft-ietf-aipref-attach-05 §2). Expected values worked out from the drafts' text.

import Foundation
import Testing

@testable import HeedCore

/// The SignalSpecs vocabularies the preference tests use, loaded once.
enum PrefSpecs {
    static let aipref = try! AIPrefVocabulary(json: data("vocabularies/aipref.json"))
    static let cc = try! CCSignalsVocabulary(json: data("vocabularies/cc-signals.json"))
    static let contentSignal = try! ContentSignalVocabulary(json: data("vocabularies/content-signal.json"))
    static let controlTokens = try! ControlTokenVocabulary(json: data("vocabularies/control-tokens.json"))
    static let registry = try! AgentRegistry(json: data("agents.json"))

    static func data(_ relative: String) -> Data {
        try! Data(contentsOf: Fixtures.specs(relative))
    }

    /// The robots.txt signals of `text`.
    static func robots(_ text: String, document: String = "https://example.com/robots.txt") -> RobotsSignals {
        robots(RobotsTxt(text), document: document)
    }

    static func robots(_ robots: RobotsTxt, document: String = "https://example.com/robots.txt") -> RobotsSignals {
        RobotsSignals(
            robots: robots,
            document: document,
            aipref: aipref,
            ccSignals: cc,
            contentSignal: contentSignal,
            registry: registry,
            controlTokens: controlTokens
        )
    }

    /// A query for `agent` and `url` with the crawler's own matcher and RFC 9309 access.
    static func query(_ robots: RobotsTxt, _ agent: String, _ url: String) -> SignalQuery {
        let matcher = RobotsMatcher(robots, agent: ProductToken(agent))
        return SignalQuery(
            url: url,
            agent: ProductToken(agent),
            matcher: matcher,
            crawlable: matcher.decide(url).allowed
        )
    }
}

/// A category-value expectation, written compactly: `[.aiTrain: .deny]`.
typealias Values = [UseCategory: PreferenceValue]

struct VocabCase: Sendable, CustomTestStringConvertible {
    var value: String
    var expected: Values
    var findings: [String]
    var testDescription: String { value.isEmpty ? "(empty)" : value }
    init(_ value: String, _ expected: Values, findings: [String] = []) {
        self.value = value
        self.expected = expected
        self.findings = findings
    }
}

struct ContentUsageTests {
    static let allUnknown: Values = [.search: .unknown, .aiInput: .unknown, .aiTrain: .unknown, .tdm: .unknown]

    static let cases: [VocabCase] = [
        // vocab-07 §6 / SIGNALS.md §12 row 9.
        VocabCase("train-ai=y, search=n", [.aiTrain: .allow, .search: .deny]),
        VocabCase(
            #"train-ai=y, train-ai, search=n, search="n""#,
            [.aiTrain: .unknown, .search: .unknown],
            findings: ["content-usage-invalid-value", "content-usage-invalid-value"]
        ),
        VocabCase("train-ai;allow=n, train-ai=y", [.aiTrain: .allow]),
        VocabCase(#"train-ai;has;parameters="?""#, [.aiTrain: .unknown], findings: ["content-usage-invalid-value"]),
        VocabCase(#"train-ai;has;parameters="?";"#, allUnknown, findings: ["content-usage-parse-error"]),
        // Cross vector 8: an upper-case key fails the whole dictionary.
        VocabCase("Train-AI=n", allUnknown, findings: ["content-usage-parse-error"]),
        VocabCase("search=y, Train-AI=n", allUnknown, findings: ["content-usage-parse-error"]),
        VocabCase("train-ai=n,", allUnknown, findings: ["content-usage-parse-error"]),
        // attach-05 §1.2 example.
        VocabCase("train-ai=n", [.aiTrain: .deny]),
        VocabCase("ai-use=n", [.aiInput: .deny]),
        VocabCase("ai-use=y, search=y, train-ai=n", [.aiInput: .allow, .search: .allow, .aiTrain: .deny]),
        // Values other than the tokens y and n: unknown, not errors.
        VocabCase("train-ai=Y", [.aiTrain: .unknown], findings: ["content-usage-invalid-value"]),
        VocabCase("train-ai=yes", [.aiTrain: .unknown], findings: ["content-usage-invalid-value"]),
        VocabCase("train-ai=1", [.aiTrain: .unknown], findings: ["content-usage-invalid-value"]),
        VocabCase("train-ai=?0", [.aiTrain: .unknown], findings: ["content-usage-invalid-value"]),
        VocabCase("train-ai=(n)", [.aiTrain: .unknown], findings: ["content-usage-invalid-value"]),
        VocabCase(#"train-ai="n""#, [.aiTrain: .unknown], findings: ["content-usage-invalid-value"]),
        // Unknown labels are ignored; unknown parameters too (draft-zehta-aipref-parameters examples
        // use `ai-train`, not an AIPREF label).
        VocabCase("search=y, foo=n", [.search: .allow], findings: ["content-usage-unknown-label"]),
        VocabCase("ai-train=n;foo=y", [:], findings: ["content-usage-unknown-label"]),
        VocabCase(
            "ai-train=n,search=y;display-text=y;max-text-length=160",
            [.search: .allow],
            findings: ["content-usage-unknown-label"]
        ),
        // `/tipjar` cannot start a bare item (draft-zehta-aipref-parameters example): the whole
        // dictionary fails under RFC 9651.
        VocabCase("ai-train=y;tipjar=/tipjar", allUnknown, findings: ["content-usage-parse-error"]),
        VocabCase("", [:]),
        // Legacy labels (vocab -01 to -04), read with an info finding.
        VocabCase("tdm=n", [.tdm: .deny], findings: ["content-usage-legacy-label"]),
        VocabCase("ai=n", [.aiTrain: .deny], findings: ["content-usage-legacy-label"]),
        VocabCase("genai=y", [.aiTrain: .allow], findings: ["content-usage-legacy-label"]),
        VocabCase("inference=n", [.aiInput: .deny], findings: ["content-usage-legacy-label"]),
        VocabCase("all=n", [.tdm: .deny], findings: ["content-usage-legacy-label"]),
        VocabCase("train-genai=n", [.aiTrain: .deny], findings: ["content-usage-legacy-label"]),
        VocabCase("bots=n, search=y", [.tdm: .deny, .search: .allow], findings: ["content-usage-legacy-label"]),
        VocabCase("ai-output=n", [.aiInput: .deny, .search: .deny], findings: ["content-usage-legacy-label"]),
        VocabCase(
            "ai-output=n, search=y",
            [.aiInput: .deny, .search: .allow],
            findings: ["content-usage-legacy-label"]
        ),
        // A current label beats a legacy one for the same category; legacy ones: most restrictive.
        VocabCase("train-genai=n, train-ai=y", [.aiTrain: .allow], findings: ["content-usage-legacy-label"]),
        VocabCase(
            "ai=y, genai=n",
            [.aiTrain: .deny],
            findings: ["content-usage-legacy-label", "content-usage-legacy-label"]
        ),
    ]

    @Test(arguments: cases)
    func readsPreferenceStrings(_ c: VocabCase) {
        let p = ContentUsagePreference(parsing: c.value, vocabulary: PrefSpecs.aipref, line: 7)
        var got: Values = [:]
        for e in p.entries { got[e.category] = e.value }
        #expect(got == c.expected)
        #expect(p.findings.map(\.code).sorted() == c.findings.sorted())
        #expect(p.findings.allSatisfy { $0.line == 7 })
        #expect(p.entries.allSatisfy { $0.obligations.isEmpty })
        #expect((p.parseError != nil) == c.findings.contains("content-usage-parse-error"))
    }

    @Test func parametersOfTheLastValueOnlyAndNoPrejudiceToTheValue() throws {
        // vocab §6.5.2: `train-ai;allow=n, train-ai=y` is allow with no parameters.
        let d = try StructuredFields.parseDictionary("train-ai;allow=n, train-ai=y").get()
        #expect(d["train-ai"]?.parameters == [])
        let p = ContentUsagePreference(parsing: "train-ai;allow=n, train-ai=y", vocabulary: PrefSpecs.aipref)
        #expect(p.value(of: .aiTrain) == .allow)
    }

    @Test func mappingNotesTravelWithTheEntry() {
        let p = ContentUsagePreference(parsing: "train-ai=n, genai=y, ai-output=n", vocabulary: PrefSpecs.aipref)
        let train = p.entry(.aiTrain)!
        #expect(train.label == "train-ai")
        #expect(train.spec == "draft-ietf-aipref-vocab-08")
        #expect(train.scopeNote?.contains("generative") == true)
        #expect(!train.legacy)
        let search = p.entry(.search)!
        #expect(search.inherited)
        #expect(search.legacy)
        #expect(search.spec == "draft-ietf-aipref-vocab-04")
        let legacy = p.findings.filter { $0.code == "content-usage-legacy-label" }
        #expect(legacy.count == 2)
        #expect(legacy.contains { $0.message.contains("write 'train-ai' instead") })
    }

    @Test func vocabularyData() {
        let v = PrefSpecs.aipref
        #expect(v.spec == "draft-ietf-aipref-vocab-08")
        #expect(v.attach == "draft-ietf-aipref-attach-05")
        #expect(Set(v.labels.map(\.label)) == ["train-ai", "ai-use", "search"])
        #expect(v.lookup("ai-use")?.legacy == false)
        #expect(v.lookup("train-genai")?.legacy == true)
        #expect(v.lookup("Train-AI") == nil)
        #expect(v.categories == [.search, .aiInput, .aiTrain, .tdm])
        #expect(throws: HeedCoreError.self) { try AIPrefVocabulary(json: Data("{}".utf8)) }
        #expect(throws: HeedCoreError.self) {
            try AIPrefVocabulary(json: Data(#"{"version":2,"spec":"x","attach":"y","labels":[],"legacy":[]}"#.utf8))
        }
    }

    // MARK: HTTP header

    static func document(_ headers: [(String, String)], url: String = "https://example.com/a?b=1") -> Document {
        Document(url: url, location: "snapshot/example.com/a", headers: HTTPHeaders(headers), body: [])
    }

    static func query(_ url: String, agent: String = "GPTBot") -> SignalQuery {
        SignalQuery(url: url, agent: ProductToken(agent), matcher: nil, crawlable: true)
    }

    @Test func headerExampleOfAttach05() {
        // attach-05 §1.2: `Content-Usage: train-ai=n` on a 200 response.
        let header = ContentUsageHeader(
            document: Self.document([("Content-Type", "text/plain"), ("content-usage", "train-ai=n")]),
            vocabulary: PrefSpecs.aipref
        )
        #expect(header.value == "train-ai=n")
        #expect(header.findings.isEmpty)
        let s = header.statements(for: Self.query("https://example.com/a?b=1"))
        #expect(s.count == 1)
        #expect(s.first?.category == .aiTrain)
        #expect(s.first?.value == .deny)
        #expect(s.first?.provenance.mechanism == .httpContentUsage)
        #expect(s.first?.provenance.document == "snapshot/example.com/a")
        #expect(s.first?.provenance.element == "header Content-Usage")
        #expect(s.first?.provenance.raw == "train-ai=n")
        #expect(s.first?.provenance.spec.contains("draft-ietf-aipref-attach-05") == true)
        #expect(s.first?.inherited == false)
    }

    @Test func headerAppliesToThatResponseOnly() {
        let header = ContentUsageHeader(
            document: Self.document([("Content-Usage", "search=n")]),
            vocabulary: PrefSpecs.aipref
        )
        #expect(header.statements(for: Self.query("https://EXAMPLE.com/a?b=1")).count == 1)
        #expect(header.statements(for: Self.query("/a?b=1")).count == 1)
        #expect(header.statements(for: Self.query("https://example.com/a")).isEmpty)
        #expect(header.statements(for: Self.query("https://example.com/a?b=2")).isEmpty)
        #expect(header.statements(for: Self.query("https://other.example/a?b=1")).isEmpty)
    }

    @Test func repeatedHeaderFieldsCombineAsOneDictionary() {
        let header = ContentUsageHeader(
            document: Self.document([("Content-Usage", "train-ai=y"), ("Content-Usage", "search=n, train-ai=n")]),
            vocabulary: PrefSpecs.aipref
        )
        #expect(header.value == "train-ai=y, search=n, train-ai=n")
        #expect(header.preference?.value(of: .aiTrain) == .deny)
        #expect(header.preference?.value(of: .search) == .deny)
    }

    @Test func noHeaderNoStatements() {
        let header = ContentUsageHeader(document: Self.document([]), vocabulary: PrefSpecs.aipref)
        #expect(header.value == nil)
        #expect(header.preference == nil)
        #expect(header.statements(for: Self.query("https://example.com/a?b=1")).isEmpty)
    }

    @Test func unparsableHeaderIsUnknownWithAFinding() {
        let header = ContentUsageHeader(
            document: Self.document([("Content-Usage", "Train-AI=n")]),
            vocabulary: PrefSpecs.aipref
        )
        let s = header.statements(for: Self.query("https://example.com/a?b=1"))
        #expect(Set(s.map(\.category)) == [.search, .aiInput, .aiTrain, .tdm])
        #expect(s.allSatisfy { $0.value == .unknown })
        #expect(header.findings.map(\.code) == ["content-usage-parse-error"])
        #expect(header.findings.first?.line == nil)
        #expect(header.findings.first?.message.hasPrefix("Content-Usage header:") == true)
    }

    /// Cross vector 1 (project-authored): robots `*` group `train-ai=y` + header `train-ai=n` →
    /// ai_train deny (most restrictive wins across mechanisms).
    @Test func crossVector1RobotsAllowHeaderDenyFoldsToDeny() {
        let robots = RobotsTxt("User-agent: *\nAllow: /\nContent-Usage: train-ai=y\n")
        let signals = PrefSpecs.robots(robots)
        let header = ContentUsageHeader(
            document: Self.document([("Content-Usage", "train-ai=n")], url: "https://example.com/page"),
            vocabulary: PrefSpecs.aipref
        )
        let q = PrefSpecs.query(robots, "somebot", "https://example.com/page")
        let statements = signals.statements(for: q) + header.statements(for: q)
        #expect(statements.count == 2)
        let folded = SignalFolder.fold(statements)
        #expect(folded.categories[.aiTrain]?.value == .deny)
        #expect(folded.categories[.aiTrain]?.statements.first?.provenance.mechanism == .httpContentUsage)
    }

    @Test func garbageAndInvalidUTF8AreUnknown() {
        let garbage: [UInt8] = [0xFF, 0xFE, 0x00, 0x74, 0x72, 0xC3, 0x28, 0x3D, 0x6E]
        let p = ContentUsagePreference(parsing: String(decoding: garbage, as: UTF8.self), vocabulary: PrefSpecs.aipref)
        #expect(p.parseError != nil)
        #expect(p.entries.allSatisfy { $0.value == .unknown })
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let bytes = (0..<Int.random(in: 1..<30, using: &generator)).map { _ in
                UInt8.random(in: 0...255, using: &generator)
            }
            let r = ContentUsagePreference(
                parsing: String(decoding: bytes, as: UTF8.self),
                vocabulary: PrefSpecs.aipref,
                ccSignals: PrefSpecs.cc
            )
            #expect(r.entries.count <= UseCategory.allCases.count)
        }
    }

    /// A value over 8 KiB is not read (not cut: the last repeated label wins, so a prefix could say
    /// the opposite): every category unknown, one `size-limit-exceeded` finding with the header's
    /// own fix, and only a 200-character excerpt of the value in statements and findings.
    @Test(.timeLimit(.minutes(1)))
    func hugeHeaderIsBounded() throws {
        // 10 MB: "train-ai=y, " repeated, then the deny a full reading would end on.
        let value = String(repeating: "train-ai=y, ", count: 900_000) + "train-ai=n"
        let header = ContentUsageHeader(
            document: Self.document([("Content-Usage", value)]),
            vocabulary: PrefSpecs.aipref
        )
        #expect(header.preference?.value(of: .aiTrain) == .unknown)
        #expect(header.findings.map(\.code) == ["size-limit-exceeded"])
        let finding = try #require(header.findings.first)
        #expect(finding.message.contains("10800010 bytes"))
        #expect(finding.fix?.contains("Content-Usage") == true)
        #expect((finding.text?.count ?? 0) == 201)
        let query = SignalQuery(
            url: "https://example.com/a?b=1",
            agent: ProductToken("GPTBot"),
            matcher: nil,
            crawlable: true
        )
        let statements = header.statements(for: query)
        #expect(!statements.isEmpty)
        #expect(statements.allSatisfy { $0.value == .unknown && $0.provenance.raw.count == 201 })
    }

    /// The limit is on the combined value (fields joined with ", "): 8,192 bytes are read, 8,193 are not.
    /// The padding label is unknown (ignored); the last member decides ai_train.
    @Test(arguments: [(8192, PreferenceValue.deny), (8193, PreferenceValue.unknown)])
    func limitBoundary(_ size: Int, _ expected: PreferenceValue) {
        // "<k letters>=n" + ", " + "train-ai=n" is k + 2 + 2 + 10 bytes.
        let pad = String(repeating: "a", count: size - 14) + "=n"
        let header = ContentUsageHeader(
            document: Self.document([("Content-Usage", pad), ("Content-Usage", "train-ai=n")]),
            vocabulary: PrefSpecs.aipref
        )
        #expect(header.preference?.value(of: .aiTrain) == expected)
    }
}
