// SPDX-License-Identifier: Apache-2.0
// Heed tests: RSL user-class and region limits (RSL 1.0 §3.4.1, §3.5) decided for an audit's actor and
// jurisdiction. Expected values worked out by hand from the rules documented on `UsageLimits`: the actor's
// RSL class (research-organisation and cultural-heritage = non-commercial), permits minus prohibits,
// the jurisdiction's codes (EU = the 27 member states, UK = GB), no jurisdiction = undecided.

import Testing

@testable import HeedCore

struct UsageLimitsTests {
    struct LimitCase: Sendable, CustomTestStringConvertible {
        var permits: [String]
        var prohibits: [String] = []
        var actor: AuditProfile.Actor = .commercial
        var jurisdiction: AuditProfile.Jurisdiction = .unspecified
        /// "admitted", "refused" or "undecided".
        var expected: String
        var testDescription: String {
            "permits [\(permits.joined(separator: " "))] prohibits [\(prohibits.joined(separator: " "))] "
                + "\(actor.rawValue)/\(jurisdiction.rawValue) → \(expected)"
        }
    }

    static func name(_ o: UsageLimits.Outcome) -> String {
        switch o {
        case .admitted: "admitted"
        case .refused: "refused"
        case .undecided: "undecided"
        }
    }

    /// Actor × user class.
    static let users: [LimitCase] = [
        LimitCase(permits: ["non-commercial"], actor: .commercial, expected: "refused"),
        LimitCase(permits: ["non-commercial"], actor: .nonCommercial, expected: "admitted"),
        // Not named by RSL: read as non-commercial (DSM Art. 2(1), 2(3)).
        LimitCase(permits: ["non-commercial"], actor: .researchOrganisation, expected: "admitted"),
        LimitCase(permits: ["non-commercial"], actor: .culturalHeritage, expected: "admitted"),
        // Education is its own class, not assumed non-commercial (conservative, §3.5).
        LimitCase(permits: ["non-commercial"], actor: .education, expected: "refused"),
        LimitCase(permits: ["non-commercial", "education"], actor: .education, expected: "admitted"),
        LimitCase(permits: ["government"], actor: .government, expected: "admitted"),
        LimitCase(permits: ["personal"], actor: .government, expected: "refused"),
        LimitCase(permits: ["personal"], actor: .personal, expected: "admitted"),
        LimitCase(permits: [], prohibits: ["commercial"], actor: .commercial, expected: "refused"),
        LimitCase(permits: [], prohibits: ["commercial"], actor: .personal, expected: "admitted"),
        LimitCase(permits: [], prohibits: ["non-commercial"], actor: .researchOrganisation, expected: "refused"),
        // Permitted and prohibited: not licensed (§3.3).
        LimitCase(
            permits: ["commercial", "non-commercial"],
            prohibits: ["commercial"],
            actor: .commercial,
            expected: "refused"
        ),
        LimitCase(
            permits: ["commercial", "non-commercial"],
            prohibits: ["commercial"],
            actor: .nonCommercial,
            expected: "admitted"
        ),
        // An unrecognised extension class admits nobody Heed can name.
        LimitCase(permits: ["x:members"], actor: .commercial, expected: "refused"),
        // The jurisdiction does not matter for user classes.
        LimitCase(permits: ["commercial"], actor: .commercial, jurisdiction: .us, expected: "admitted"),
    ]

    @Test("user class: actor × permits/prohibits", arguments: users)
    func userClass(_ c: LimitCase) {
        let o = Obligation.limit(.userClass, permits: c.permits, prohibits: c.prohibits)
        #expect(Self.name(UsageLimits.outcome(o, actor: c.actor, jurisdiction: c.jurisdiction)) == c.expected)
    }

    static let members = UsageLimits.euMemberStates.sorted()

    /// Jurisdiction × geo.
    static let regions: [LimitCase] = [
        LimitCase(permits: ["FR"], jurisdiction: .unspecified, expected: "undecided"),
        // Some EU member state, perhaps France: cannot be told.
        LimitCase(permits: ["FR"], jurisdiction: .eu, expected: "undecided"),
        LimitCase(permits: ["FR"], jurisdiction: .us, expected: "refused"),
        LimitCase(permits: ["EU"], jurisdiction: .eu, expected: "admitted"),
        LimitCase(permits: members, jurisdiction: .eu, expected: "admitted"),
        LimitCase(permits: ["EU"], jurisdiction: .uk, expected: "refused"),
        LimitCase(permits: ["GB"], jurisdiction: .uk, expected: "admitted"),
        LimitCase(permits: ["UK"], jurisdiction: .uk, expected: "admitted"),
        LimitCase(permits: ["US", "JP"], jurisdiction: .jp, expected: "admitted"),
        LimitCase(permits: ["US", "JP"], jurisdiction: .sg, expected: "refused"),
        LimitCase(permits: [], prohibits: ["US"], jurisdiction: .us, expected: "refused"),
        LimitCase(permits: [], prohibits: ["US"], jurisdiction: .eu, expected: "admitted"),
        LimitCase(permits: [], prohibits: ["US"], jurisdiction: .unspecified, expected: "undecided"),
        LimitCase(permits: [], prohibits: ["FR"], jurisdiction: .eu, expected: "undecided"),
        LimitCase(permits: [], prohibits: ["EU"], jurisdiction: .eu, expected: "refused"),
        LimitCase(permits: [], prohibits: ["EU"], jurisdiction: .us, expected: "admitted"),
        LimitCase(permits: ["EU"], prohibits: ["FR"], jurisdiction: .eu, expected: "undecided"),
        LimitCase(permits: ["SG"], prohibits: ["SG"], jurisdiction: .sg, expected: "refused"),
        // The actor does not matter for regions.
        LimitCase(permits: ["JP"], actor: .personal, jurisdiction: .jp, expected: "admitted"),
    ]

    @Test("region: jurisdiction × permits/prohibits", arguments: regions)
    func region(_ c: LimitCase) {
        let o = Obligation.limit(.region, permits: c.permits, prohibits: c.prohibits)
        #expect(Self.name(UsageLimits.outcome(o, actor: c.actor, jurisdiction: c.jurisdiction)) == c.expected)
    }

    /// Actor × TDMRep purpose: research-organisation = tdm:research, commercial = tdm:non-research,
    /// every other actor undecided.
    static let purposes: [LimitCase] = [
        LimitCase(permits: ["tdm:non-research"], actor: .commercial, expected: "admitted"),
        LimitCase(permits: ["tdm:non-research"], actor: .researchOrganisation, expected: "refused"),
        LimitCase(permits: ["tdm:research"], actor: .researchOrganisation, expected: "admitted"),
        LimitCase(permits: ["tdm:research"], actor: .commercial, expected: "refused"),
        LimitCase(permits: ["tdm:research"], actor: .nonCommercial, expected: "undecided"),
        LimitCase(permits: ["tdm:research"], actor: .culturalHeritage, expected: "undecided"),
        LimitCase(permits: ["tdm:research"], actor: .education, expected: "undecided"),
        LimitCase(permits: [], prohibits: ["tdm:research"], actor: .researchOrganisation, expected: "refused"),
        LimitCase(permits: [], prohibits: ["tdm:research"], actor: .commercial, expected: "admitted"),
        // The jurisdiction plays no part.
        LimitCase(permits: ["tdm:research"], actor: .researchOrganisation, jurisdiction: .us, expected: "admitted"),
    ]

    @Test("purpose: actor × permits/prohibits", arguments: purposes)
    func purpose(_ c: LimitCase) {
        let o = Obligation.limit(.purpose, permits: c.permits, prohibits: c.prohibits)
        #expect(Self.name(UsageLimits.outcome(o, actor: c.actor, jurisdiction: c.jurisdiction)) == c.expected)
    }

    @Test("the EU is its 27 member states")
    func euMembers() {
        #expect(UsageLimits.euMemberStates.count == 27)
        #expect(UsageLimits.euMemberStates.contains("GR") && !UsageLimits.euMemberStates.contains("GB"))
    }

    @Test("limit obligations keep the raw lists and read them back")
    func rawLists() {
        let o = Obligation.limit(.region, permits: ["FR", "DE"], prohibits: ["US"])
        #expect(o.detail == "permits FR DE; prohibits US")
        #expect(o.limits?.permits == ["FR", "DE"] && o.limits?.prohibits == ["US"])
        let u = Obligation.limit(.userClass, permits: [], prohibits: ["commercial"])
        #expect(u.detail == "prohibits commercial" && u.limits?.permits == [])
        #expect(Obligation(.payment, detail: "permits x").limits == nil)
    }

    @Test("resolve: the first alternative that admits the actor is used, met limits dropped")
    func resolveAlternatives() {
        let nonCommercial = Obligation.limit(.userClass, permits: ["non-commercial"], prohibits: [])
        let commercial = Obligation.limit(.userClass, permits: ["commercial"], prohibits: [])
        let pay = Obligation(.payment, detail: "0.01 USD per crawl")
        let r1 = UsageLimits.resolve(
            [nonCommercial],
            alternatives: [[commercial, pay]],
            actor: .commercial,
            jurisdiction: .unspecified
        )
        #expect(r1 == .granted([pay]))
        let r2 = UsageLimits.resolve(
            [nonCommercial],
            alternatives: [[commercial, pay]],
            actor: .nonCommercial,
            jurisdiction: .unspecified
        )
        #expect(r2 == .granted([]))
        let r3 = UsageLimits.resolve(
            [nonCommercial],
            alternatives: [[commercial, pay]],
            actor: .government,
            jurisdiction: .unspecified
        )
        guard case .refused(let why) = r3 else {
            Issue.record("expected a refusal")
            return
        }
        #expect(why == "the RSL licence grants the use only to user classes non-commercial; the actor is government")
    }
}

/// The verdict engine with RSL limits: statements as `RSLSource` builds them.
struct UsageLimitsVerdictTests {
    static func rsl(_ obligations: [Obligation], alternatives: [[Obligation]] = []) -> Statement {
        Statement(
            .aiTrain,
            .conditional,
            obligations: obligations,
            provenance: Provenance(
                mechanism: .rsl,
                document: "https://example.org/license.xml",
                line: 4,
                element: "content[url=/]/license/permits[type=usage]",
                raw: "<permits type=\"usage\">ai-train</permits>",
                spec: "RSL 1.0"
            ),
            alternatives: alternatives
        )
    }

    static let allowSignal = Statement(
        .aiTrain,
        .allow,
        provenance: Provenance(mechanism: .robotsContentSignal, document: "example.org/robots.txt", raw: "r", spec: "t")
    )

    static func explanation(_ statements: [Statement]) -> Explanation {
        let value = statements.max { $0.value.strength < $1.value.strength }?.value ?? .unknown
        return Explanation(
            url: "https://example.org/a",
            agent: ProductToken("GPTBot"),
            access: AccessResult(value: .allow, reason: "no rule", document: "example.org/robots.txt"),
            categories: [
                .aiTrain: FoldedCategory(
                    category: .aiTrain,
                    value: value,
                    obligations: Array(Set(statements.flatMap(\.obligations))).sorted(),
                    statements: statements
                )
            ],
            findings: []
        )
    }

    /// A TDMRep reservation whose policy was read (spec full example 2: paid, non-research only), as
    /// `TDMRepSource` states it for ai_train.
    static func tdmPolicy(_ obligations: [Obligation], alternatives: [[Obligation]] = []) -> Statement {
        Statement(
            .aiTrain,
            .conditional,
            obligations: obligations,
            provenance: Provenance(
                mechanism: .tdmrepJSON,
                document: "https://example.org/.well-known/tdmrep.json",
                line: 1,
                element: "tdmrep.json[0]",
                raw: "{\"location\": \"/\", \"tdm-reservation\": 1, \"tdm-policy\": \"https://example.org/p.json\"}",
                spec: "W3C TDMRep CG-FINAL 2024-05-10"
            ),
            inherited: true,
            alternatives: alternatives
        )
    }

    static let compensate = Obligation(.payment, detail: "compensate Provider")
    static let nonResearch = Obligation.limit(.purpose, permits: ["tdm:non-research"], prohibits: [])
    static let research = Obligation.limit(.purpose, permits: ["tdm:research"], prohibits: [])

    static let nonCommercial = Obligation.limit(.userClass, permits: ["non-commercial"], prohibits: [])
    static let commercialOnly = Obligation.limit(.userClass, permits: ["commercial"], prohibits: [])
    static let france = Obligation.limit(.region, permits: ["FR"], prohibits: [])
    static let pay = Obligation(.payment, detail: "0.01 USD per crawl")

    struct Case: Sendable, CustomTestStringConvertible {
        var label: String
        var statements: [Statement]
        var profile: String
        var actor: AuditProfile.Actor?
        var jurisdiction: AuditProfile.Jurisdiction?
        var kind: VerdictKind
        var obligations: [Obligation] = []
        var note: String?
        var testDescription: String {
            "\(label) × \(profile) \(actor?.rawValue ?? "") \(jurisdiction?.rawValue ?? "") → \(kind.rawValue)"
        }
    }

    static let cases: [Case] = [
        // The issue's example: permits user non-commercial, permits geo FR; robots.txt allows.
        Case(
            label: "non-commercial+FR",
            statements: [allowSignal, rsl([france, nonCommercial])],
            profile: "commercial-genai-training",
            kind: .optedOut,
            note: "the RSL licence grants the use only to user classes non-commercial; the actor is commercial"
        ),
        // Non-commercial actor, UK: the user class is met, the region refuses.
        Case(
            label: "non-commercial+FR",
            statements: [allowSignal, rsl([france, nonCommercial])],
            profile: "uk-non-commercial-research",
            kind: .exception,
            note: "the RSL licence grants the use only in regions FR; the jurisdiction is UK"
        ),
        // Non-commercial, no jurisdiction: the region stays an obligation.
        Case(
            label: "non-commercial+FR",
            statements: [allowSignal, rsl([france, nonCommercial])],
            profile: "uk-non-commercial-research",
            jurisdiction: .unspecified,
            kind: .conditional,
            obligations: [france]
        ),
        // Research organisation in the EU: user class met (non-commercial), France undecided inside the EU.
        Case(
            label: "non-commercial+FR",
            statements: [allowSignal, rsl([france, nonCommercial])],
            profile: "eu-research-organisation",
            kind: .conditional,
            obligations: [france]
        ),
        Case(
            label: "FR",
            statements: [rsl([france])],
            profile: "commercial-genai-training",
            jurisdiction: .us,
            kind: .optedOut,
            note: "the RSL licence grants the use only in regions FR; the jurisdiction is US"
        ),
        Case(
            label: "FR",
            statements: [rsl([france])],
            profile: "eu-commercial-tdm",
            kind: .conditional,
            obligations: [france]
        ),
        // Met limits are dropped: nothing left is ok.
        Case(
            label: "non-commercial",
            statements: [rsl([nonCommercial])],
            profile: "uk-non-commercial-research",
            kind: .ok
        ),
        // Alternatives: free for non-commercial users, paid for commercial ones.
        Case(
            label: "alternatives",
            statements: [rsl([nonCommercial], alternatives: [[commercialOnly, pay]])],
            profile: "commercial-genai-training",
            kind: .conditional,
            obligations: [pay]
        ),
        Case(
            label: "alternatives",
            statements: [rsl([nonCommercial], alternatives: [[commercialOnly, pay]])],
            profile: "commercial-genai-training",
            actor: .government,
            kind: .optedOut,
            note: "the RSL licence grants the use only to user classes non-commercial; the actor is government"
        ),
        // A licence for commercial users only refuses a research organisation; DSM Art. 3 overrides it.
        Case(
            label: "commercial-only",
            statements: [rsl([commercialOnly])],
            profile: "eu-research-organisation",
            kind: .exception,
            note: "the RSL licence grants the use only to user classes commercial; the actor is research-organisation "
                + "(user class non-commercial)"
        ),
    ]

    /// TDMRep policy purposes (the reasoning on `UsageLimits`): a commercial actor pays under the
    /// non-research permission; a research organisation is outside it, so the reservation binds it,
    /// and in the EU the Art. 3 exception overrides that (as the spec's note on full example 1 says);
    /// a non-commercial actor's purpose is not known, so the purpose stays a condition. A profile
    /// whose exception overrides TDMRep lifts the reservation and its terms (`exception`).
    static let purposeCases: [Case] = [
        Case(
            label: "non-research, paid",
            statements: [tdmPolicy([compensate, nonResearch])],
            profile: "commercial-genai-training",
            kind: .conditional,
            obligations: [compensate]
        ),
        Case(
            label: "non-research, paid",
            statements: [tdmPolicy([compensate, nonResearch])],
            profile: "eu-research-organisation",
            kind: .exception,
            note: "the TDM policy permits mining only for tdm:non-research; the actor is research-organisation "
                + "(tdm:research)"
        ),
        Case(
            label: "non-research, paid",
            statements: [tdmPolicy([compensate, nonResearch])],
            profile: "eu-research-organisation",
            jurisdiction: .us,
            kind: .optedOut,
            note: "the TDM policy permits mining only for tdm:non-research; the actor is research-organisation "
                + "(tdm:research)"
        ),
        Case(
            label: "non-research, paid",
            statements: [tdmPolicy([compensate, nonResearch])],
            profile: "commercial-genai-training",
            actor: .nonCommercial,
            kind: .conditional,
            obligations: [compensate, nonResearch]
        ),
        // s29A overrides every use preference: the reservation, and with it the policy's terms, do not bind.
        Case(
            label: "non-research, paid",
            statements: [tdmPolicy([compensate, nonResearch])],
            profile: "uk-non-commercial-research",
            kind: .exception
        ),
        // The public-archive exception overrides Content-Usage only: the policy's terms stay.
        Case(
            label: "non-research, paid",
            statements: [tdmPolicy([compensate, nonResearch])],
            profile: "public-archive",
            kind: .conditional,
            obligations: [compensate, nonResearch]
        ),
        // Free for research, paid otherwise: each actor gets its own permission.
        Case(
            label: "research free, others pay",
            statements: [tdmPolicy([research], alternatives: [[compensate, nonResearch]])],
            profile: "eu-research-organisation",
            jurisdiction: .us,
            kind: .ok
        ),
        // A consent duty under the Art. 3 exception: lifted (spec note on full example 1).
        Case(
            label: "consent",
            statements: [tdmPolicy([Obligation(.consent, detail: "obtain consent from Provider")])],
            profile: "eu-research-organisation",
            kind: .exception
        ),
        Case(
            label: "consent",
            statements: [tdmPolicy([Obligation(.consent, detail: "obtain consent from Provider")])],
            profile: "eu-research-organisation",
            jurisdiction: .us,
            kind: .conditional,
            obligations: [Obligation(.consent, detail: "obtain consent from Provider")]
        ),
        Case(
            label: "research free, others pay",
            statements: [tdmPolicy([research], alternatives: [[compensate, nonResearch]])],
            profile: "commercial-genai-training",
            kind: .conditional,
            obligations: [compensate]
        ),
    ]

    @Test("verdicts: actor × TDMRep policy purpose", arguments: purposeCases)
    func purposeTable(_ c: Case) throws {
        let policy = AuditPolicy(profile: try auditProfile(c.profile), actor: c.actor, jurisdiction: c.jurisdiction)
        let v = VerdictEngine.verdict(Self.explanation(c.statements), policy: policy)
        #expect(v.kind == c.kind)
        #expect(v.obligations == c.obligations || v.kind == .exception)
        #expect(v.note == c.note)
        if c.kind == .optedOut || c.kind == .exception {
            #expect(v.deciding.map(\.provenance.mechanism) == [.tdmrepJSON])
        }
    }

    @Test("verdicts: actor × user class, jurisdiction × region", arguments: cases)
    func table(_ c: Case) throws {
        let policy = AuditPolicy(
            profile: try auditProfile(c.profile),
            actor: c.actor,
            jurisdiction: c.jurisdiction
        )
        let v = VerdictEngine.verdict(Self.explanation(c.statements), policy: policy)
        #expect(v.kind == c.kind)
        #expect(v.obligations == c.obligations || v.kind == .exception)
        #expect(v.note == c.note)
        if c.kind == .optedOut || c.kind == .exception {
            #expect(v.deciding.map(\.provenance.mechanism) == [.rsl])
            #expect(v.deciding.allSatisfy { $0.value == .deny && $0.scopeNote == c.note })
        }
    }
}
