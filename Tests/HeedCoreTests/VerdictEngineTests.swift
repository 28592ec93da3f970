// SPDX-License-Identifier: Apache-2.0
// Heed tests: verdicts from hand-built explanations under every audit profile.
// Expected values worked out by hand from the rules in VerdictEngine's documentation, SIGNALS.md
// §10 and §11.2 rules 5-6.

import Testing

@testable import HeedCore

/// Hand-built explanations and their statements.
private enum X {
    static let vocab08 = "draft-ietf-aipref-attach-05 §2; draft-ietf-aipref-vocab-08"
    static let robots08 = "draft-ietf-aipref-attach-05 §3; draft-ietf-aipref-vocab-08"
    static let robots02 = "draft-ietf-aipref-attach-05 §3; draft-ietf-aipref-vocab-02"

    static func s(
        _ category: UseCategory,
        _ value: PreferenceValue,
        _ mechanism: Mechanism,
        line: Int? = 1,
        spec: String = "t",
        obligations: [Obligation] = [],
        inherited: Bool = false
    ) -> Statement {
        Statement(
            category,
            value,
            obligations: obligations,
            provenance: Provenance(
                mechanism: mechanism,
                document: "example.org/\(mechanism.rawValue)",
                line: line,
                raw: "raw",
                spec: spec
            ),
            inherited: inherited
        )
    }

    static let allowed = AccessResult(value: .allow, reason: "no rule", document: "example.org/robots.txt")
    static let disallowed = AccessResult(
        value: .disallow,
        reason: "the longest matching rule decides",
        document: "example.org/robots.txt",
        line: 5,
        text: "Disallow: /",
        selection: .specific,
        groupLines: [4]
    )
    static let unfetched = AccessResult(value: .unknown, reason: "robots.txt was never fetched for this host")

    /// An explanation whose folded values are worked out by hand: the strongest statement's value,
    /// obligations of the conditional ones.
    static func e(_ access: AccessResult, _ statements: [Statement]) -> Explanation {
        var categories: [UseCategory: FoldedCategory] = [:]
        for category in UseCategory.allCases {
            let list = statements.filter { $0.category == category }
            let value = list.max { $0.value.strength < $1.value.strength }?.value ?? .unknown
            let obligations =
                value == .conditional
                ? Array(Set(list.filter { $0.value == .conditional }.flatMap(\.obligations))).sorted() : []
            categories[category] = FoldedCategory(
                category: category,
                value: value,
                obligations: obligations,
                statements: list
            )
        }
        return Explanation(
            url: "https://example.org/a",
            agent: ProductToken("CCBot"),
            access: access,
            categories: categories,
            findings: []
        )
    }

    static let pay = Obligation(.payment, detail: "0.01 USD per crawl")
    static let credit = Obligation(.attribution)

    static let explanations: [String: Explanation] = [
        // Nothing known at all: robots.txt never fetched, no statement anywhere.
        "never-fetched": e(unfetched, []),
        // Fetched, nothing said about any use.
        "silent": e(allowed, []),
        // robots.txt disallows the agent; TDMRep also reserves.
        "blocked": e(
            disallowed,
            [
                s(.tdm, .deny, .tdmrepJSON), s(.aiTrain, .deny, .tdmrepJSON, inherited: true),
                s(.aiInput, .deny, .tdmrepJSON, inherited: true),
            ]
        ),
        // TDMRep tdm-reservation=1, inherited by ai_train and ai_input.
        "tdmrep": e(
            allowed,
            [
                s(.tdm, .deny, .tdmrepJSON), s(.aiTrain, .deny, .tdmrepJSON, inherited: true),
                s(.aiInput, .deny, .tdmrepJSON, inherited: true),
            ]
        ),
        // HTTP Content-Usage: train-ai=n, ai-use=n (vocab-08).
        "aipref": e(
            allowed,
            [
                s(.aiTrain, .deny, .httpContentUsage, spec: vocab08),
                s(.aiInput, .deny, .httpContentUsage, spec: vocab08),
            ]
        ),
        // robots.txt Content-Usage train-ai=n, ai-use=n and an RSL prohibition of both.
        "aipref+rsl": e(
            allowed,
            [
                s(.aiTrain, .deny, .robotsContentUsage, spec: robots08), s(.aiTrain, .deny, .rsl, line: 7),
                s(.aiInput, .deny, .robotsContentUsage, spec: robots08), s(.aiInput, .deny, .rsl, line: 7),
            ]
        ),
        // RSL payment + attribution and a CC signal (cc-cr) for training; Content-Signal allows it.
        // For ai_input only the CC signal.
        "conditional": e(
            allowed,
            [
                s(.aiTrain, .allow, .robotsContentSignal),
                s(.aiTrain, .conditional, .rsl, obligations: [pay, credit]),
                s(.aiTrain, .conditional, .httpContentUsage, spec: "CC signals 0.1", obligations: [credit]),
                s(.aiInput, .conditional, .httpContentUsage, spec: "CC signals 0.1", obligations: [credit]),
            ]
        ),
        // Content-Signal ai-train=yes, ai-input=yes.
        "allow": e(allowed, [s(.aiTrain, .allow, .robotsContentSignal), s(.aiInput, .allow, .robotsContentSignal)]),
        // robots.txt never fetched, but the page's X-Robots-Tag says noai.
        "unfetched-robots+noai": e(
            unfetched,
            [s(.aiTrain, .deny, .xRobotsTag, line: nil), s(.aiInput, .deny, .xRobotsTag, line: nil)]
        ),
        // robots.txt never fetched; the page's Content-Usage says only search=y.
        "unfetched-robots+search": e(unfetched, [s(.search, .allow, .httpContentUsage, spec: vocab08)]),
        // The crawler's own group disallows this path elsewhere: an implied training opt-out only.
        "implied": e(allowed, [s(.aiTrain, .deny, .robotsImplied, inherited: true)]),
        // Google-Extended disallowed (a control token: explicit evidence).
        "control-token": e(allowed, [s(.aiTrain, .deny, .robotsControlToken)]),
        // robots.txt Content-Usage all=n (vocab-02 umbrella), inherited by ai_train.
        "legacy-all": e(
            allowed,
            [
                s(.tdm, .deny, .robotsContentUsage, spec: robots02),
                s(.aiTrain, .deny, .robotsContentUsage, spec: robots02, inherited: true),
            ]
        ),
        // robots.txt Content-Usage all=n, train-ai=y: the explicit child wins within the mechanism.
        "gen-allow+tdm-deny": e(
            allowed,
            [
                s(.tdm, .deny, .robotsContentUsage, spec: robots02),
                s(.aiTrain, .allow, .robotsContentUsage, spec: robots08),
            ]
        ),
    ]
}

/// Flag overrides of a case.
struct Flags: Sendable, CustomStringConvertible {
    var use: UseCategory?
    var generative: Bool?
    var actor: AuditProfile.Actor?
    var jurisdiction: AuditProfile.Jurisdiction?
    var explicit: Bool?
    var access: Bool?
    var implied: Bool?

    var description: String {
        var parts: [String] = []
        if let use { parts.append("--use \(use.rawValue)") }
        if let generative { parts.append("--generative \(generative)") }
        if let actor { parts.append("--actor \(actor.rawValue)") }
        if let jurisdiction { parts.append("--jurisdiction \(jurisdiction.rawValue)") }
        if let explicit { parts.append("--explicit \(explicit)") }
        if let access { parts.append("--access \(access)") }
        if let implied { parts.append("--implied \(implied)") }
        return parts.joined(separator: " ")
    }
}

struct VerdictEngineTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var explanation: String
        var profile: String
        var flags = Flags()
        var kind: VerdictKind
        var deciding: [String] = []
        var obligations: [Obligation.Kind] = []
        var exception: String?
        var testDescription: String { "\(explanation) × \(profile) \(flags) → \(kind.rawValue)" }
    }

    static let commercial = "commercial-genai-training"
    static let euTDM = "eu-commercial-tdm"
    static let research = "eu-research-organisation"
    static let uk = "uk-non-commercial-research"
    static let archive = "public-archive"
    static let rag = "rag-assistant"
    static let profiles = [commercial, euTDM, research, uk, archive, rag]

    static let art3 = "eu-dsm-art3"
    static let s29a = "uk-cdpa-s29a"
    static let archiving = "aipref-exclusion-public-archiving"

    /// Every explanation × every profile, then overrides.
    static let cases: [Case] =
        profiles.map { Case(explanation: "never-fetched", profile: $0, kind: .unknown) }
        + profiles.map { Case(explanation: "silent", profile: $0, kind: .ok) }
        + profiles.map { Case(explanation: "blocked", profile: $0, kind: .blocked) }
        + [
            Case(explanation: "tdmrep", profile: commercial, kind: .optedOut, deciding: ["tdmrep.json"]),
            Case(explanation: "tdmrep", profile: euTDM, kind: .optedOut, deciding: ["tdmrep.json"]),
            Case(
                explanation: "tdmrep",
                profile: research,
                kind: .exception,
                deciding: ["tdmrep.json"],
                exception: art3
            ),
            Case(
                explanation: "tdmrep",
                profile: uk,
                kind: .exception,
                deciding: ["tdmrep.json"],
                obligations: [.attribution, .distribution],
                exception: s29a
            ),
            Case(explanation: "tdmrep", profile: archive, kind: .optedOut, deciding: ["tdmrep.json"]),
            Case(explanation: "tdmrep", profile: rag, kind: .optedOut, deciding: ["tdmrep.json"]),

            Case(explanation: "aipref", profile: commercial, kind: .optedOut, deciding: ["http.content-usage"]),
            Case(explanation: "aipref", profile: euTDM, kind: .optedOut, deciding: ["http.content-usage"]),
            Case(
                explanation: "aipref",
                profile: research,
                kind: .exception,
                deciding: ["http.content-usage"],
                exception: art3
            ),
            Case(
                explanation: "aipref",
                profile: uk,
                kind: .exception,
                deciding: ["http.content-usage"],
                obligations: [.attribution, .distribution],
                exception: s29a
            ),
            Case(
                explanation: "aipref",
                profile: archive,
                kind: .exception,
                deciding: ["http.content-usage"],
                obligations: [.distribution],
                exception: archiving
            ),
            Case(explanation: "aipref", profile: rag, kind: .optedOut, deciding: ["http.content-usage"]),
        ]
        + [commercial, euTDM, archive, rag].map {
            Case(explanation: "aipref+rsl", profile: $0, kind: .optedOut, deciding: ["robots.content-usage", "rsl"])
        }
        + [
            Case(
                explanation: "aipref+rsl",
                profile: research,
                kind: .exception,
                deciding: ["robots.content-usage", "rsl"],
                exception: art3
            ),
            Case(
                explanation: "aipref+rsl",
                profile: uk,
                kind: .exception,
                deciding: ["robots.content-usage", "rsl"],
                obligations: [.attribution, .distribution],
                exception: s29a
            ),
        ]
        // Conditional terms are never overridden by an exception.
        + [commercial, euTDM, research, uk, archive].map {
            Case(
                explanation: "conditional",
                profile: $0,
                kind: .conditional,
                deciding: ["rsl", "http.content-usage"],
                obligations: [.attribution, .payment]
            )
        }
        + [
            Case(
                explanation: "conditional",
                profile: rag,
                kind: .conditional,
                deciding: ["http.content-usage"],
                obligations: [.attribution]
            )
        ]
        + profiles.map { Case(explanation: "allow", profile: $0, kind: .ok) }
        // Access unknown but the page was read: the use signals still decide.
        + [commercial, euTDM, archive, rag].map {
            Case(explanation: "unfetched-robots+noai", profile: $0, kind: .optedOut, deciding: ["http.x-robots-tag"])
        }
        + [
            Case(
                explanation: "unfetched-robots+noai",
                profile: research,
                kind: .exception,
                deciding: ["http.x-robots-tag"],
                exception: art3
            ),
            Case(
                explanation: "unfetched-robots+noai",
                profile: uk,
                kind: .exception,
                deciding: ["http.x-robots-tag"],
                obligations: [.attribution, .distribution],
                exception: s29a
            ),
        ]
        + profiles.map { Case(explanation: "unfetched-robots+search", profile: $0, kind: .ok) }
        // Implied opt-outs do not count unless the policy counts them.
        + profiles.map { Case(explanation: "implied", profile: $0, kind: .ok) }
        + [
            Case(
                explanation: "control-token",
                profile: commercial,
                kind: .optedOut,
                deciding: ["robots.control-token"]
            ),
            Case(explanation: "control-token", profile: euTDM, kind: .optedOut, deciding: ["robots.control-token"]),
            Case(
                explanation: "control-token",
                profile: research,
                kind: .exception,
                deciding: ["robots.control-token"],
                exception: art3
            ),
            Case(
                explanation: "control-token",
                profile: uk,
                kind: .exception,
                deciding: ["robots.control-token"],
                obligations: [.attribution, .distribution],
                exception: s29a
            ),
            // The archiving exclusion covers AIPREF only, not Google-Extended.
            Case(explanation: "control-token", profile: archive, kind: .optedOut, deciding: ["robots.control-token"]),
            // Nothing about ai_input.
            Case(explanation: "control-token", profile: rag, kind: .ok),
        ]
        + overrideCases

    static let overrideCases: [Case] = [
        // The exception goes with the actor or the jurisdiction that no longer qualifies.
        Case(
            explanation: "tdmrep",
            profile: research,
            flags: Flags(actor: .commercial),
            kind: .optedOut,
            deciding: ["tdmrep.json"]
        ),
        Case(
            explanation: "tdmrep",
            profile: research,
            flags: Flags(actor: .culturalHeritage),
            kind: .exception,
            deciding: ["tdmrep.json"],
            exception: art3
        ),
        Case(
            explanation: "tdmrep",
            profile: research,
            flags: Flags(jurisdiction: .us),
            kind: .optedOut,
            deciding: ["tdmrep.json"]
        ),
        Case(
            explanation: "tdmrep",
            profile: uk,
            flags: Flags(jurisdiction: .eu),
            kind: .optedOut,
            deciding: ["tdmrep.json"]
        ),
        Case(
            explanation: "aipref",
            profile: archive,
            flags: Flags(actor: .commercial),
            kind: .optedOut,
            deciding: ["http.content-usage"]
        ),
        // An exception never overrides access.
        Case(explanation: "blocked", profile: research, flags: Flags(actor: .culturalHeritage), kind: .blocked),
        // Access not counted: the TDMRep reservation decides.
        Case(
            explanation: "blocked",
            profile: commercial,
            flags: Flags(access: false),
            kind: .optedOut,
            deciding: ["tdmrep.json"]
        ),
        Case(explanation: "never-fetched", profile: commercial, flags: Flags(access: false), kind: .unknown),
        // Explicit evidence not counted.
        Case(explanation: "tdmrep", profile: commercial, flags: Flags(explicit: false), kind: .ok),
        Case(explanation: "conditional", profile: commercial, flags: Flags(explicit: false), kind: .ok),
        // Implied evidence counted.
        Case(
            explanation: "implied",
            profile: commercial,
            flags: Flags(implied: true),
            kind: .optedOut,
            deciding: ["robots.implied"]
        ),
        Case(
            explanation: "implied",
            profile: research,
            flags: Flags(implied: true),
            kind: .exception,
            deciding: ["robots.implied"],
            exception: art3
        ),
        Case(
            explanation: "implied",
            profile: archive,
            flags: Flags(implied: true),
            kind: .optedOut,
            deciding: ["robots.implied"]
        ),
        // Non-generative training: AIPREF vocab-07/-08 train-ai does not bind it.
        Case(explanation: "aipref", profile: commercial, flags: Flags(generative: false), kind: .ok),
        Case(
            explanation: "aipref+rsl",
            profile: commercial,
            flags: Flags(generative: false),
            kind: .optedOut,
            deciding: ["rsl"]
        ),
        // ... but an umbrella all=n (vocab-02) does.
        Case(
            explanation: "legacy-all",
            profile: commercial,
            flags: Flags(generative: false),
            kind: .optedOut,
            deciding: ["robots.content-usage"]
        ),
        Case(
            explanation: "legacy-all",
            profile: commercial,
            kind: .optedOut,
            deciding: ["robots.content-usage"]
        ),
        // train-ai=y with all=n: generative training is allowed; non-generative falls back to all=n.
        Case(explanation: "gen-allow+tdm-deny", profile: commercial, kind: .ok),
        Case(
            explanation: "gen-allow+tdm-deny",
            profile: commercial,
            flags: Flags(generative: false),
            kind: .optedOut,
            deciding: ["robots.content-usage"]
        ),
        // Generative has no effect on other uses.
        Case(
            explanation: "aipref",
            profile: rag,
            flags: Flags(generative: false),
            kind: .optedOut,
            deciding: ["http.content-usage"]
        ),
        // --use changes the category read.
        Case(
            explanation: "conditional",
            profile: commercial,
            flags: Flags(use: .aiInput),
            kind: .conditional,
            deciding: ["http.content-usage"],
            obligations: [.attribution]
        ),
        Case(explanation: "control-token", profile: commercial, flags: Flags(use: .search), kind: .ok),
    ]

    static func policy(_ c: Case) throws -> AuditPolicy {
        AuditPolicy(
            profile: try auditProfile(c.profile),
            use: c.flags.use,
            generative: c.flags.generative,
            actor: c.flags.actor,
            jurisdiction: c.flags.jurisdiction,
            explicit: c.flags.explicit,
            access: c.flags.access,
            implied: c.flags.implied
        )
    }

    @Test("verdict table: explanations × profiles", arguments: cases)
    func table(_ c: Case) throws {
        let explanation = try #require(X.explanations[c.explanation])
        let policy = try Self.policy(c)
        let v = VerdictEngine.verdict(explanation, policy: policy)
        #expect(v.kind == c.kind)
        #expect(v.use == policy.use)
        #expect(v.deciding.map(\.provenance.mechanism.rawValue) == c.deciding)
        #expect(v.deciding.allSatisfy { $0.category == policy.use })
        #expect(v.obligations.map(\.kind) == c.obligations)
        #expect(v.exception?.id == c.exception)
        #expect(v.access == explanation.access)
        switch c.kind {
        case .optedOut, .exception: #expect(v.deciding.allSatisfy { $0.value == .deny })
        case .conditional: #expect(v.deciding.allSatisfy { $0.value == .conditional })
        case .unknown: #expect(v.note == VerdictEngine.neverFetchedNote)
        case .ok, .blocked: #expect(v.deciding.isEmpty)
        }
        if c.kind != .unknown { #expect(v.note == nil) }
    }

    @Test("the table covers every verdict kind under every profile it can occur in")
    func coverage() {
        var seen: [String: Set<VerdictKind>] = [:]
        for c in Self.cases { seen[c.profile, default: []].insert(c.kind) }
        let all = Set(VerdictKind.allCases)
        // No exception in these profiles: `exception` cannot occur.
        for p in [Self.commercial, Self.euTDM, Self.rag] { #expect(seen[p] == all.subtracting([.exception])) }
        for p in [Self.research, Self.uk, Self.archive] { #expect(seen[p] == all, "\(p)") }
    }

    @Test("exception details: the clause, and the obligations with their text")
    func exceptionDetails() throws {
        let e = try #require(X.explanations["tdmrep"])
        let v = VerdictEngine.verdict(e, policy: AuditPolicy(profile: try auditProfile(Self.uk)))
        #expect(v.exception?.clause == "Copyright, Designs and Patents Act 1988 s29A")
        #expect(v.obligations.first?.detail?.contains("sufficient acknowledgement") == true)
        #expect(v.deciding.first?.provenance.document == "example.org/tdmrep.json")
        #expect(v.deciding.first?.inherited == true)
    }

    @Test("blocked keeps the deciding robots.txt rule")
    func blockedAccess() throws {
        let e = try #require(X.explanations["blocked"])
        let v = VerdictEngine.verdict(e, policy: AuditPolicy(profile: try auditProfile(Self.research)))
        #expect(v.access.line == 5 && v.access.text == "Disallow: /" && v.access.groupLines == [4])
    }

    @Test("conditional: obligations are unioned with their details")
    func conditionalObligations() throws {
        let e = try #require(X.explanations["conditional"])
        let v = VerdictEngine.verdict(e, policy: AuditPolicy(profile: try auditProfile(Self.commercial)))
        #expect(v.obligations == [Obligation(.attribution), Obligation(.payment, detail: "0.01 USD per crawl")])
    }

    @Test("non-generative fallback: the re-inherited statement is the tdm deny, marked inherited")
    func reinherited() throws {
        let e = try #require(X.explanations["gen-allow+tdm-deny"])
        let v = VerdictEngine.verdict(
            e,
            policy: AuditPolicy(profile: try auditProfile(Self.commercial), generative: false)
        )
        let d = try #require(v.deciding.first)
        #expect(d.category == .aiTrain && d.inherited && d.provenance.spec == X.robots02)
    }

    // MARK: - The auditor's implied training opt-out

    static let impliedStatement = Statement(
        .aiTrain,
        .allow,
        provenance: Provenance(
            mechanism: .robotsImplied,
            document: "example.org/robots.txt",
            line: 9,
            raw: "User-agent: GPTBot",
            spec: "RFC 9309 §2.2.1; agents.json purpose"
        ),
        scopeNote: "the site disallows known training crawlers"
    )

    struct ImpliedCase: Sendable, CustomTestStringConvertible {
        var profile: String
        var implied: Bool
        var kind: VerdictKind
        var exception: String?
        var testDescription: String { "\(profile) implied=\(implied) → \(kind.rawValue)" }
    }

    static let impliedCases: [ImpliedCase] = [
        ImpliedCase(profile: commercial, implied: true, kind: .optedOut),
        ImpliedCase(profile: commercial, implied: false, kind: .ok),
        ImpliedCase(profile: euTDM, implied: true, kind: .optedOut),
        ImpliedCase(profile: research, implied: true, kind: .exception, exception: art3),
        ImpliedCase(profile: uk, implied: true, kind: .exception, exception: s29a),
        ImpliedCase(profile: archive, implied: true, kind: .optedOut),
        // Not training: the implied training opt-out says nothing about ai_input.
        ImpliedCase(profile: rag, implied: true, kind: .ok),
    ]

    @Test("impliedTrainingOptOut counts as a deny only for implied evidence and ai_train", arguments: impliedCases)
    func impliedOptOut(_ c: ImpliedCase) throws {
        let e = try #require(X.explanations["silent"])
        let policy = AuditPolicy(profile: try auditProfile(c.profile), implied: c.implied)
        let v = VerdictEngine.verdict(e, policy: policy, impliedTrainingOptOut: Self.impliedStatement)
        #expect(v.kind == c.kind)
        #expect(v.exception?.id == c.exception)
        if c.kind == .optedOut || c.kind == .exception {
            #expect(v.deciding.count == 1)
            #expect(v.deciding.first?.value == .deny)
            #expect(v.deciding.first?.provenance.line == 9)
        } else {
            #expect(v.deciding.isEmpty)
        }
    }

    @Test("blocked comes before the implied opt-out; never-fetched stays unknown with it")
    func impliedOrder() throws {
        let policy = AuditPolicy(profile: try auditProfile(Self.commercial), implied: true)
        let blocked = VerdictEngine.verdict(
            try #require(X.explanations["blocked"]),
            policy: policy,
            impliedTrainingOptOut: Self.impliedStatement
        )
        #expect(blocked.kind == .blocked)
        let unknown = VerdictEngine.verdict(
            try #require(X.explanations["never-fetched"]),
            policy: policy,
            impliedTrainingOptOut: Self.impliedStatement
        )
        #expect(unknown.kind == .unknown)
    }
}
