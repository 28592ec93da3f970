// SPDX-License-Identifier: Apache-2.0
// Heed: deciding RSL user-class and region limits (`user_class`, `region`) and TDMRep policy purposes
// (`purpose`) for an audit's actor and jurisdiction. Spec: RSL 1.0 §3.4.1 (user vocabulary: commercial,
// non-commercial, education, government, personal; geo: ISO 3166-1 alpha-2 or EU), §3.5 (a permits list is
// a whitelist, permitted and prohibited = not licensed, interpret conservatively); W3C TDMRep CG-FINAL
// 2024-05-10 #sec-policy (purpose constraint). EU member states: TEU Art. 52 (27 states).

/// Decides the `user_class`, `region` and `purpose` obligations of a statement for an audit policy.
///
/// - **User class.** The actor is read as the RSL user class that names it: `commercial`,
///   `non-commercial`, `education`, `government`, `personal` are themselves; `research-organisation`
///   and `cultural-heritage`, which RSL does not name, are `non-commercial` (Directive (EU) 2019/790
///   Art. 2(1) and 2(3) define them as not-for-profit or public-interest bodies). Heed does not assume
///   more (an `education` or `government` actor is not taken to be `non-commercial`): RSL §3.5 says to
///   interpret conservatively. The actor's class must be in `permits` (when there is one) and not in
///   `prohibits`; a class in both is not licensed (§3.5). The actor is always declared, so the user
///   class is always decided.
/// - **Region.** The jurisdiction is read as the ISO 3166-1 codes it may stand for: `EU` = the 27
///   member states (and the token `EU`), `UK` = `GB` (and the exceptionally reserved `UK`), `US`,
///   `JP`, `SG` = themselves. Permitted regions are `permits` minus `prohibits`. A jurisdiction
///   wholly inside the permitted regions (and outside the prohibited ones) is admitted; one wholly
///   outside is refused; an EU jurisdiction against a list naming only some member states is partly
///   inside, and stays undecided (the audit does not know which member state). No jurisdiction
///   declared: undecided.
/// - **Purpose** (TDMRep policy constraint, `tdm:research` / `tdm:non-research`, #sec-policy): a
///   `research-organisation` mines for research (DSM Art. 2(1): its primary goal is scientific
///   research); a `commercial` actor for a non-research purpose (the spec: "non-research purposes,
///   including commercial ones"). The other actors may do either, so the limit stays undecided for
///   them. A research organisation under a `tdm:non-research`-only permission is outside it: that
///   permission does not license it (in the EU the Art. 3 exception overrides the reservation anyway,
///   as the spec's note says; elsewhere the reservation stands).
/// - An undecided limit stays an obligation (`conditional`, shown); an admitted one is met and
///   dropped; a refused one makes the statement refuse the use (`opted-out` in the audit).
public enum UsageLimits {
    /// The ISO 3166-1 alpha-2 codes of the 27 EU member states (TEU Art. 52; Greece is `GR`).
    public static let euMemberStates: Set<String> = [
        "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
        "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
    ]

    /// The RSL user class of an actor (see the type's documentation).
    public static func userClass(of actor: AuditProfile.Actor) -> String {
        switch actor {
        case .commercial: "commercial"
        case .nonCommercial, .researchOrganisation, .culturalHeritage: "non-commercial"
        case .education: "education"
        case .government: "government"
        case .personal: "personal"
        }
    }

    /// The TDMRep purpose of an actor, when the actor class decides it (see the type's documentation).
    public static func purpose(of actor: AuditProfile.Actor) -> String? {
        switch actor {
        case .researchOrganisation: "tdm:research"
        case .commercial: "tdm:non-research"
        default: nil
        }
    }

    /// The geo tokens that name the jurisdiction as a whole, and the codes of the places inside it
    /// (one of which is where the use happens); `nil` for no jurisdiction.
    static func regions(of jurisdiction: AuditProfile.Jurisdiction) -> (whole: Set<String>, parts: Set<String>)? {
        switch jurisdiction {
        case .eu: (["EU"], euMemberStates)
        case .uk: (["GB", "UK"], ["GB"])
        case .us: (["US"], ["US"])
        case .jp: (["JP"], ["JP"])
        case .sg: (["SG"], ["SG"])
        case .unspecified: nil
        }
    }

    /// How one limit turns out for the policy.
    public enum Outcome: Sendable, Hashable {
        /// The actor or jurisdiction is inside the limit: the obligation is met.
        case admitted
        /// Outside it: the statement does not grant the use; the reason says why.
        case refused(String)
        /// Cannot be decided (no jurisdiction, or one only partly inside): the obligation stays.
        case undecided
    }

    /// The outcome of a `user_class` or `region` obligation for `actor` and `jurisdiction`;
    /// `admitted` for any other obligation.
    public static func outcome(
        _ o: Obligation,
        actor: AuditProfile.Actor,
        jurisdiction: AuditProfile.Jurisdiction
    ) -> Outcome {
        guard let lists = o.limits else { return .admitted }
        let prohibits = Set(lists.prohibits)
        let permits = Set(lists.permits).subtracting(prohibits)
        if o.kind == .userClass {
            let c = userClass(of: actor)
            let who = actor.rawValue == c ? c : "\(actor.rawValue) (user class \(c))"
            if prohibits.contains(c) {
                return .refused("the RSL licence prohibits user class \(c); the actor is \(who)")
            }
            if !lists.permits.isEmpty && !permits.contains(c) {
                return .refused(
                    "the RSL licence grants the use only to user classes \(lists.permits.joined(separator: " "))"
                        + "\(prohibits.isEmpty ? "" : " (not \(lists.prohibits.joined(separator: " ")))")"
                        + "; the actor is \(who)"
                )
            }
            return .admitted
        }
        if o.kind == .purpose {
            guard let purpose = purpose(of: actor) else { return .undecided }
            if prohibits.contains(purpose) {
                return .refused("the TDM policy excludes purpose \(purpose); the actor is \(actor.rawValue)")
            }
            if !lists.permits.isEmpty && !permits.contains(purpose) {
                return .refused(
                    "the TDM policy permits mining only for \(lists.permits.joined(separator: " ")); "
                        + "the actor is \(actor.rawValue) (\(purpose))"
                )
            }
            return .admitted
        }
        guard let r = regions(of: jurisdiction) else { return .undecided }
        let j = jurisdiction.rawValue
        // Expand `EU` in the lists to the member states.
        func expand(_ s: Set<String>) -> Set<String> { s.contains("EU") ? s.union(euMemberStates) : s }
        let prohibited = expand(prohibits)
        let permitted = expand(Set(lists.permits)).subtracting(prohibited)
        if !r.whole.isDisjoint(with: prohibits) || r.parts.isSubset(of: prohibited) {
            return .refused(
                "the RSL licence prohibits regions \(lists.prohibits.joined(separator: " ")); the jurisdiction is \(j)"
            )
        }
        if !lists.permits.isEmpty {
            let inside = !r.whole.isDisjoint(with: permitted) || r.parts.isSubset(of: permitted)
            if r.parts.isDisjoint(with: permitted) && !inside {
                return .refused(
                    "the RSL licence grants the use only in regions \(lists.permits.joined(separator: " "))"
                        + "; the jurisdiction is \(j)"
                )
            }
            if !inside { return .undecided }
        }
        if !r.parts.isDisjoint(with: prohibited) { return .undecided }
        return .admitted
    }

    /// The result of deciding a statement's limits: the obligations still owed, or why it refuses.
    public enum Resolution: Sendable, Hashable {
        /// The use is granted with these obligations (met limits dropped, undecided ones kept).
        case granted([Obligation])
        /// No option admits the actor and jurisdiction; the first option's reason.
        case refused(String)
    }

    /// Decides `obligations` and then each of `alternatives` in turn (RSL 1.0 §3.3: alternative
    /// licences); the first option not refused is used.
    public static func resolve(
        _ obligations: [Obligation],
        alternatives: [[Obligation]] = [],
        actor: AuditProfile.Actor,
        jurisdiction: AuditProfile.Jurisdiction
    ) -> Resolution {
        var firstReason: String?
        for option in [obligations] + alternatives {
            var owed: [Obligation] = []
            var refusal: String?
            for o in option {
                switch outcome(o, actor: actor, jurisdiction: jurisdiction) {
                case .admitted: if o.limits == nil { owed.append(o) }
                case .undecided: owed.append(o)
                case .refused(let why): refusal = refusal ?? why
                }
            }
            if let refusal {
                firstReason = firstReason ?? refusal
                continue
            }
            return .granted(owed)
        }
        return .refused(firstReason ?? "no licence admits the actor")
    }
}
