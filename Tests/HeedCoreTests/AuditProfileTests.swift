// SPDX-License-Identifier: Apache-2.0
// Heed tests: audit profiles (SignalSpecs/profiles/) and policies with flag overrides.

import Foundation
import Testing

@testable import HeedCore

/// Loads `SignalSpecs/<path>`.
func loadProfileSpec(_ path: String) -> Data? { try? Data(contentsOf: Fixtures.specs(path)) }

/// The named profile from SignalSpecs/profiles/.
func auditProfile(_ name: String) throws -> AuditProfile { try AuditProfile.named(name, load: loadProfileSpec) }

struct AuditProfileTests {
    struct Expected: Sendable, CustomTestStringConvertible {
        var name: String
        var use: UseCategory
        var generative: Bool
        var agents: [String]
        var actor: AuditProfile.Actor
        var jurisdiction: AuditProfile.Jurisdiction
        var implied: Bool
        var exceptions: [String]
        var testDescription: String { name }
    }

    static let expected: [Expected] = [
        Expected(
            name: "commercial-genai-training",
            use: .aiTrain,
            generative: true,
            agents: ["CCBot"],
            actor: .commercial,
            jurisdiction: .unspecified,
            implied: false,
            exceptions: []
        ),
        Expected(
            name: "eu-commercial-tdm",
            use: .aiTrain,
            generative: true,
            agents: ["CCBot"],
            actor: .commercial,
            jurisdiction: .eu,
            implied: false,
            exceptions: []
        ),
        Expected(
            name: "eu-research-organisation",
            use: .aiTrain,
            generative: true,
            agents: ["CCBot"],
            actor: .researchOrganisation,
            jurisdiction: .eu,
            implied: false,
            exceptions: ["eu-dsm-art3"]
        ),
        Expected(
            name: "uk-non-commercial-research",
            use: .aiTrain,
            generative: true,
            agents: ["CCBot"],
            actor: .nonCommercial,
            jurisdiction: .uk,
            implied: false,
            exceptions: ["uk-cdpa-s29a"]
        ),
        Expected(
            name: "public-archive",
            use: .aiTrain,
            generative: true,
            agents: ["archive.org_bot"],
            actor: .culturalHeritage,
            jurisdiction: .unspecified,
            implied: false,
            exceptions: ["aipref-exclusion-public-archiving"]
        ),
        Expected(
            name: "rag-assistant",
            use: .aiInput,
            generative: true,
            agents: ["ChatGPT-User"],
            actor: .commercial,
            jurisdiction: .unspecified,
            implied: false,
            exceptions: []
        ),
    ]

    @Test("each required profile loads with the documented parts", arguments: expected)
    func loads(_ e: Expected) throws {
        let p = try auditProfile(e.name)
        #expect(p.name == e.name)
        #expect(p.use == e.use)
        #expect(p.generative == e.generative)
        #expect(p.agents == e.agents)
        #expect(p.actor == e.actor)
        #expect(p.jurisdiction == e.jurisdiction)
        #expect(p.evidence == AuditProfile.Evidence(explicit: true, access: true, implied: e.implied))
        #expect(p.exceptions.map(\.id) == e.exceptions)
        #expect(p.unknown == .optedOut)
        #expect(p.description.count > 80)
        #expect(p.notLegalAdvice.contains("not legal advice") || p.notLegalAdvice.contains("It is not legal advice"))
        for x in p.exceptions {
            #expect(!x.clause.isEmpty && !x.summary.isEmpty && !x.limits.isEmpty)
            #expect(x.keepsAccessRules)
        }
    }

    @Test("every file in SignalSpecs/profiles/ loads under its own name")
    func everyFile() throws {
        let dir = Fixtures.specs("profiles")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path)
            .filter { $0.hasSuffix(".json") }
            .map { String($0.dropLast(5)) }
            .sorted()
        #expect(Set(names).isSuperset(of: Self.expected.map(\.name)))
        for name in names {
            let p = try auditProfile(name)
            #expect(p.name == name)
        }
    }

    @Test("exception details: clauses, overrides, requirements, obligations")
    func exceptionDetails() throws {
        let art3 = try #require(try auditProfile("eu-research-organisation").exceptions.first)
        #expect(art3.clause.hasPrefix("Directive (EU) 2019/790 Art. 3"))
        #expect(art3.overrides == ["all-use-preferences"])
        #expect(art3.requires.actor == [.researchOrganisation, .culturalHeritage])
        #expect(art3.requires.jurisdiction == [.eu])
        #expect(art3.obligations.isEmpty)
        #expect(art3.overrides(.tdmrepJSON) && art3.overrides(.robotsImplied) && art3.overrides(.rsl))
        #expect(!art3.overrides(.robotsAccess))

        let s29a = try #require(try auditProfile("uk-non-commercial-research").exceptions.first)
        #expect(s29a.clause.contains("s29A"))
        #expect(s29a.obligations.map(\.kind) == [.attribution, .distribution])
        #expect(s29a.obligations[0].detail?.contains("s29A(1)(b)") == true)
        #expect(!s29a.requires.actor.contains(.commercial))
        #expect(s29a.requires.jurisdiction == [.uk])

        let archive = try #require(try auditProfile("public-archive").exceptions.first)
        #expect(archive.overrides == ["robots.content-usage", "http.content-usage"])
        #expect(archive.overrides(.httpContentUsage) && archive.overrides(.robotsContentUsage))
        #expect(!archive.overrides(.tdmrepJSON) && !archive.overrides(.rsl) && !archive.overrides(.robotsContentSignal))
        #expect(archive.requires.jurisdiction.isEmpty)
        #expect(archive.clause.contains("not law"))
    }

    @Test("a profile encodes and decodes to the same value")
    func roundTrip() throws {
        for e in Self.expected {
            let p = try auditProfile(e.name)
            let data = try JSONEncoder().encode(p)
            let back = try AuditProfile(json: data, location: "round-trip")
            #expect(back == p)
        }
    }

    // MARK: - Overrides

    @Test("no overrides: the policy is the profile, with no notes")
    func noOverrides() throws {
        let p = try auditProfile("eu-research-organisation")
        let policy = AuditPolicy(profile: p)
        #expect(policy.use == .aiTrain && policy.generative && policy.agents == ["CCBot"])
        #expect(policy.actor == .researchOrganisation && policy.jurisdiction == .eu)
        #expect(policy.exceptions.map(\.id) == ["eu-dsm-art3"])
        #expect(policy.unknownAs == .optedOut)
        #expect(policy.notes.isEmpty)
    }

    struct OverrideCase: Sendable, CustomTestStringConvertible {
        var name: String
        var profile: String
        var actor: AuditProfile.Actor?
        var jurisdiction: AuditProfile.Jurisdiction?
        var exceptions: [String]
        var noteContains: [String]
        var testDescription: String { name }
    }

    static let overrideCases: [OverrideCase] = [
        OverrideCase(
            name: "--actor commercial removes DSM Art. 3",
            profile: "eu-research-organisation",
            actor: .commercial,
            jurisdiction: nil,
            exceptions: [],
            noteContains: ["--actor commercial", "eu-dsm-art3", "actor commercial is not research-organisation"]
        ),
        OverrideCase(
            name: "--actor cultural-heritage keeps DSM Art. 3",
            profile: "eu-research-organisation",
            actor: .culturalHeritage,
            jurisdiction: nil,
            exceptions: ["eu-dsm-art3"],
            noteContains: ["--actor cultural-heritage"]
        ),
        OverrideCase(
            name: "--jurisdiction US removes DSM Art. 3",
            profile: "eu-research-organisation",
            actor: nil,
            jurisdiction: .us,
            exceptions: [],
            noteContains: ["eu-dsm-art3", "jurisdiction US is not EU"]
        ),
        OverrideCase(
            name: "--jurisdiction none removes DSM Art. 3",
            profile: "eu-research-organisation",
            actor: nil,
            jurisdiction: .unspecified,
            exceptions: [],
            noteContains: ["jurisdiction none is not EU"]
        ),
        OverrideCase(
            name: "--actor commercial removes s29A",
            profile: "uk-non-commercial-research",
            actor: .commercial,
            jurisdiction: nil,
            exceptions: [],
            noteContains: ["uk-cdpa-s29a"]
        ),
        OverrideCase(
            name: "--actor education keeps s29A",
            profile: "uk-non-commercial-research",
            actor: .education,
            jurisdiction: nil,
            exceptions: ["uk-cdpa-s29a"],
            noteContains: []
        ),
        OverrideCase(
            name: "--jurisdiction EU removes s29A",
            profile: "uk-non-commercial-research",
            actor: nil,
            jurisdiction: .eu,
            exceptions: [],
            noteContains: ["jurisdiction EU is not UK"]
        ),
        OverrideCase(
            name: "--actor research-organisation removes the archiving exclusion",
            profile: "public-archive",
            actor: .researchOrganisation,
            jurisdiction: nil,
            exceptions: [],
            noteContains: ["aipref-exclusion-public-archiving"]
        ),
        OverrideCase(
            name: "--jurisdiction EU keeps the archiving exclusion (no jurisdiction required)",
            profile: "public-archive",
            actor: nil,
            jurisdiction: .eu,
            exceptions: ["aipref-exclusion-public-archiving"],
            noteContains: []
        ),
    ]

    @Test("exceptions whose requirements no longer hold are dropped and noted", arguments: overrideCases)
    func overrides(_ c: OverrideCase) throws {
        let policy = AuditPolicy(profile: try auditProfile(c.profile), actor: c.actor, jurisdiction: c.jurisdiction)
        #expect(policy.exceptions.map(\.id) == c.exceptions)
        let notes = policy.notes.joined(separator: "\n")
        for fragment in c.noteContains { #expect(notes.contains(fragment), "\(notes)") }
        if c.exceptions.count == (try auditProfile(c.profile)).exceptions.count {
            #expect(!notes.contains("dropped"))
        }
        if let actor = c.actor { #expect(policy.actor == actor) }
        if let j = c.jurisdiction { #expect(policy.jurisdiction == j) }
    }

    @Test("every other override replaces its part")
    func otherOverrides() throws {
        let p = try auditProfile("commercial-genai-training")
        let policy = AuditPolicy(
            profile: p,
            use: .aiInput,
            generative: false,
            agents: ["GPTBot", "ClaudeBot"],
            explicit: false,
            access: false,
            implied: true,
            unknownAs: .ok
        )
        #expect(policy.use == .aiInput)
        #expect(!policy.generative)
        #expect(policy.agents == ["GPTBot", "ClaudeBot"])
        #expect(policy.evidence == AuditProfile.Evidence(explicit: false, access: false, implied: true))
        #expect(policy.unknownAs == .ok)
        #expect(policy.profile == p)
        #expect(policy.notes.count == 7)
        #expect(policy.notes.contains("--use ai_input replaces the profile's ai_train"))
    }

    @Test("--unknown other than ok or opted-out counts as opted-out, with a note")
    func unknownAsInvalid() throws {
        let policy = AuditPolicy(profile: try auditProfile("rag-assistant"), unknownAs: .blocked)
        #expect(policy.unknownAs == .optedOut)
        #expect(policy.notes.contains { $0.contains("not ok or opted-out") })
    }

    @Test("an override equal to the profile's value adds no note")
    func sameValueNoNote() throws {
        let policy = AuditPolicy(profile: try auditProfile("rag-assistant"), use: .aiInput, actor: .commercial)
        #expect(policy.notes.isEmpty)
    }

    // MARK: - Invalid profiles

    static let valid = """
        {"version": 1, "name": "t", "description": "d", "use": "ai_train", "generative": true,
         "agents": ["CCBot"], "actor": "commercial", "jurisdiction": null,
         "evidence": {"explicit": true, "access": true, "implied": false},
         "exceptions": [EXC], "unknown": "UNK", "notLegalAdvice": "n"}
        """

    static func json(use: String = "ai_train", exc: String = "", unknown: String = "opted-out") -> Data {
        Data(
            valid.replacingOccurrences(of: "EXC", with: exc)
                .replacingOccurrences(of: "UNK", with: unknown)
                .replacingOccurrences(of: "\"use\": \"ai_train\"", with: "\"use\": \"\(use)\"")
                .utf8
        )
    }

    static func exc(id: String = "x", overrides: String = "\"rsl\"", keeps: String = "true") -> String {
        """
        {"id": "\(id)", "clause": "c", "summary": "s", "overrides": [\(overrides)], "keepsAccessRules": \(keeps)}
        """
    }

    @Test("the test template itself is valid, with defaults for omitted parts")
    func templateValid() throws {
        let p = try AuditProfile(json: Self.json(exc: Self.exc()), location: "t.json")
        #expect(p.exceptions.first?.requires == AuditProfile.Requirements())
        #expect(p.exceptions.first?.obligations == [])
        #expect(p.jurisdiction == .unspecified)
        let none = try AuditProfile(
            json: Data(
                String(decoding: Self.json(), as: UTF8.self).replacingOccurrences(of: "null", with: "\"none\"").utf8
            ),
            location: "t.json"
        )
        #expect(none.jurisdiction == .unspecified)
    }

    struct Invalid: Sendable, CustomTestStringConvertible {
        var name: String
        var data: Data
        var fragment: String
        var testDescription: String { name }
    }

    static let invalid: [Invalid] = [
        Invalid(name: "not JSON", data: Data("{".utf8), fragment: "cannot read"),
        Invalid(name: "use tdm", data: json(use: "tdm"), fragment: "not the tdm umbrella"),
        Invalid(name: "unknown use", data: json(use: "archive"), fragment: "cannot read"),
        Invalid(name: "unknown blocked", data: json(unknown: "blocked"), fragment: "'unknown' must be"),
        Invalid(
            name: "override not a mechanism",
            data: json(exc: exc(overrides: "\"robots.txt\"")),
            fragment: "is not a mechanism"
        ),
        Invalid(
            name: "override robots.access",
            data: json(exc: exc(overrides: "\"robots.access\"")),
            fragment: "cannot be overridden"
        ),
        Invalid(name: "override nothing", data: json(exc: exc(overrides: "")), fragment: "overrides nothing"),
        Invalid(name: "keepsAccessRules false", data: json(exc: exc(keeps: "false")), fragment: "must be true"),
        Invalid(name: "duplicate ids", data: json(exc: exc() + "," + exc()), fragment: "used twice"),
        Invalid(
            name: "version 2",
            data: Data(
                String(decoding: json(), as: UTF8.self).replacingOccurrences(
                    of: "\"version\": 1",
                    with: "\"version\": 2"
                ).utf8
            ),
            fragment: "unsupported profile version"
        ),
        Invalid(
            name: "bad jurisdiction",
            data: Data(String(decoding: json(), as: UTF8.self).replacingOccurrences(of: "null", with: "\"DE\"").utf8),
            fragment: "unknown jurisdiction"
        ),
        Invalid(
            name: "empty agents",
            data: Data(
                String(decoding: json(), as: UTF8.self).replacingOccurrences(of: "[\"CCBot\"]", with: "[]").utf8
            ),
            fragment: "'agents'"
        ),
    ]

    @Test("invalid profiles are rejected with the file named", arguments: invalid)
    func rejects(_ c: Invalid) {
        #expect {
            _ = try AuditProfile(json: c.data, location: "profiles/t.json")
        } throws: { error in
            guard let e = error as? HeedCoreError else { return false }
            return e.code == .invalidSpecData && e.location == "profiles/t.json" && e.message.contains(c.fragment)
        }
    }

    @Test("named: a bad or unknown name is an argument error; a mismatched name is a data error")
    func namedErrors() {
        for bad in ["", "../agents", "Commercial", "x/y"] {
            #expect(throws: HeedCoreError.self) { _ = try AuditProfile.named(bad, load: loadProfileSpec) }
        }
        do {
            _ = try AuditProfile.named("no-such-profile", load: loadProfileSpec)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .invalidArgument)
            #expect(error.message.contains("profiles/no-such-profile.json"))
        }
        do {
            _ = try AuditProfile.named("other", load: { _ in Self.json() })
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .invalidSpecData)
            #expect(error.location == "profiles/other.json")
        }
    }
}
