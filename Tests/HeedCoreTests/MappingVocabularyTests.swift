// SPDX-License-Identifier: Apache-2.0
// Heed tests: the mapping tables moved to SignalSpecs/vocabularies (tdmrep.json, ai-txt.json,
// ai-license.json, robots-implied.json): the files match the in-code `standard` tables, and a changed
// table changes the reading (the tables are data, not code).

import Foundation
import Testing

@testable import HeedCore

@Suite("Mapping vocabularies")
struct MappingVocabularyTests {
    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: Fixtures.specs("vocabularies/\(name)"))
    }

    /// `name` with `old` replaced by `new` (once, or the test fails).
    static func edited(_ name: String, _ old: String, _ new: String) throws -> Data {
        let text = String(decoding: try data(name), as: UTF8.self)
        #expect(text.components(separatedBy: old).count == 2, "'\(old)' must occur once in \(name)")
        return Data(text.replacingOccurrences(of: old, with: new).utf8)
    }

    static func query(_ url: String, agent: String = "GPTBot") -> SignalQuery {
        SignalQuery(url: url, agent: ProductToken(agent), matcher: nil, crawlable: true)
    }

    // MARK: the files are the standard tables

    @Test func filesEqualTheStandardTables() throws {
        let tdm = try TDMRepVocabulary(json: Self.data("tdmrep.json"))
        #expect(tdm.category == TDMRepVocabulary.standard.category)
        #expect(tdm.policyObligation == TDMRepVocabulary.standard.policyObligation)
        #expect(tdm.reservations.map(\.value) == TDMRepVocabulary.standard.reservations.map(\.value))
        #expect(tdm.reservations.map(\.preference) == TDMRepVocabulary.standard.reservations.map(\.preference))
        #expect(tdm.reservations.allSatisfy { $0.clause.hasPrefix("#sec-tdm-reservation") })

        let aiTxt = try AITxtVocabulary(json: Self.data("ai-txt.json"))
        let standardTxt = AITxtVocabulary.standard.rules
        #expect(aiTxt.rules.map(\.kind) == standardTxt.map(\.kind))
        #expect(aiTxt.rules.map(\.categories) == standardTxt.map(\.categories))
        #expect(aiTxt.rules.map(\.preference) == standardTxt.map(\.preference))

        let license = try AILicenseVocabulary(json: Self.data("ai-license.json"))
        #expect(license.defaultCategories == AILicenseVocabulary.standard.defaultCategories)
        #expect(license.stages.map(\.word) == AILicenseVocabulary.standard.stages.map(\.word))
        #expect(license.stages.map(\.category) == AILicenseVocabulary.standard.stages.map(\.category))

        let implied = try ImpliedPurposeVocabulary(json: Self.data("robots-implied.json"))
        #expect(implied.purposes.map(\.purpose) == ImpliedPurposeVocabulary.standard.purposes.map(\.purpose))
        #expect(implied.purposes.map(\.category) == ImpliedPurposeVocabulary.standard.purposes.map(\.category))
        // The published mapping itself, written out (SIGNALS.md §11.3).
        #expect(
            implied.purposes.map { "\($0.purpose.rawValue)→\($0.category.rawValue)" } == [
                "search→search", "user-fetch→ai_input", "training→ai_train",
            ]
        )
    }

    @Test func signalSpecsLoadsTheNewTables() throws {
        let specs = try SignalSpecs(load: { FileManager.default.contents(atPath: Fixtures.specs($0).path) })
        #expect(specs.tdmrep.category == .tdm)
        #expect(specs.aiTxt.rules.count == 2)
        #expect(specs.aiLicense.stages.count == 8)
        #expect(specs.impliedPurposes.purposes.count == 3)
        for file in [
            "vocabularies/tdmrep.json", "vocabularies/ai-txt.json", "vocabularies/ai-license.json",
            "vocabularies/robots-implied.json",
        ] {
            #expect(SignalSpecs.files.contains(file))
        }
    }

    @Test func unsupportedVersionIsRejected() throws {
        let bumped = try Self.edited("tdmrep.json", "\"version\": 1", "\"version\": 2")
        #expect(throws: HeedCoreError.self) { try TDMRepVocabulary(json: bumped) }
    }

    // MARK: a changed table changes the reading

    @Test func tdmrepTableDecidesTheStatement() throws {
        let doc = Document(
            url: "https://p.example/.well-known/tdmrep.json",
            body: Array(#"[{"location": "/", "tdm-reservation": 1, "tdm-policy": "https://p.example/p"}]"#.utf8)
        )
        let standard = TDMRepSource(wellKnown: doc, page: nil, head: nil)
            .statements(for: Self.query("https://p.example/a"))
        #expect(standard.map(\.category) == [.tdm])
        #expect(standard.map(\.value) == [.deny])
        #expect(standard.first?.obligations.map(\.kind) == [.consent])

        // A table whose category is ai_train and whose policy obligation is payment.
        var json = try Self.edited("tdmrep.json", "\"category\": \"tdm\"", "\"category\": \"ai_train\"")
        json = Data(
            String(decoding: json, as: UTF8.self).replacingOccurrences(
                of: "\"policyObligation\": \"consent\"",
                with: "\"policyObligation\": \"payment\""
            ).utf8
        )
        let changed = TDMRepSource(wellKnown: doc, page: nil, head: nil, vocabulary: try TDMRepVocabulary(json: json))
            .statements(for: Self.query("https://p.example/a"))
        #expect(changed.map(\.category) == [.aiTrain])
        #expect(changed.first?.obligations.map(\.kind) == [.payment])

        // A table without an entry for 1: the reservation states nothing.
        let noOne = try Self.edited("tdmrep.json", "\"value\": 1,", "\"value\": 7,")
        let none = TDMRepSource(wellKnown: doc, page: nil, head: nil, vocabulary: try TDMRepVocabulary(json: noOne))
        #expect(none.statements(for: Self.query("https://p.example/a")).isEmpty)
    }

    @Test func aiTxtTableDecidesTheStatement() throws {
        let doc = Document(url: "https://p.example/ai.txt", body: Array("User-Agent: *\nDisallow: /\n".utf8))
        let standard = AITxtSource(document: doc).statements(for: Self.query("https://p.example/x.html"))
        #expect(standard.map { "\($0.category.rawValue)=\($0.value.rawValue)" } == ["ai_train=deny"])
        let json = try Self.edited(
            "ai-txt.json",
            "\"kind\": \"disallow\",\n      \"categories\": [\"ai_train\"]",
            "\"kind\": \"disallow\",\n      \"categories\": [\"ai_train\", \"ai_index\"]"
        )
        let changed = AITxtSource(document: doc, vocabulary: try AITxtVocabulary(json: json))
            .statements(for: Self.query("https://p.example/x.html"))
        #expect(changed.map { "\($0.category.rawValue)=\($0.value.rawValue)" } == ["ai_train=deny", "ai_index=deny"])
    }

    @Test func aiLicenseTableDecidesTheCategories() throws {
        let plain = AILicense(content: "deny", document: "p.html")
        #expect(plain.categories == [.aiIndex, .aiInput, .aiTrain])
        let staged = AILicense(content: "deny; stage:embed", document: "p.html")
        #expect(staged.categories == [.aiIndex])

        // embed re-mapped to ai_input; the default narrowed to ai_train.
        var json = try Self.edited(
            "ai-license.json",
            "\"word\": \"embed\", \"category\": \"ai_index\"",
            "\"word\": \"embed\", \"category\": \"ai_input\""
        )
        json = Data(
            String(decoding: json, as: UTF8.self).replacingOccurrences(
                of: "\"defaultCategories\": [\"ai_index\", \"ai_input\", \"ai_train\"]",
                with: "\"defaultCategories\": [\"ai_train\"]"
            ).utf8
        )
        let table = try AILicenseVocabulary(json: json)
        #expect(AILicense(content: "deny; stage:embed", document: "p.html", vocabulary: table).categories == [.aiInput])
        #expect(AILicense(content: "deny", document: "p.html", vocabulary: table).categories == [.aiTrain])
    }

    @Test func impliedTableDecidesTheCategory() throws {
        let robots = RobotsTxt("User-agent: GPTBot\nAllow: /\n")
        let query = PrefSpecs.query(robots, "GPTBot", "https://example.com/a")
        func implied(_ table: ImpliedPurposeVocabulary?) -> [String] {
            let signals = RobotsSignals(
                robots: robots,
                document: "robots.txt",
                aipref: PrefSpecs.aipref,
                ccSignals: PrefSpecs.cc,
                contentSignal: PrefSpecs.contentSignal,
                registry: PrefSpecs.registry,
                controlTokens: PrefSpecs.controlTokens,
                impliedPurposes: table ?? .standard
            )
            return signals.statements(for: query).filter { $0.provenance.mechanism == .robotsImplied }
                .map { "\($0.category.rawValue)=\($0.value.rawValue)" }
        }
        // GPTBot's purpose is training → ai_train allow (Allow: /).
        #expect(implied(nil) == ["ai_train=allow"])
        #expect(implied(try ImpliedPurposeVocabulary(json: Self.data("robots-implied.json"))) == ["ai_train=allow"])
        let json = try Self.edited(
            "robots-implied.json",
            "\"purpose\": \"training\",\n      \"category\": \"ai_train\"",
            "\"purpose\": \"training\",\n      \"category\": \"tdm\""
        )
        #expect(implied(try ImpliedPurposeVocabulary(json: json)) == ["tdm=allow"])
    }
}
