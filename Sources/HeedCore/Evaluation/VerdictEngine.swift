// SPDX-License-Identifier: Apache-2.0
// Heed: one verdict per URL from an explanation and an audit policy (issue "heed audit").
// Rules: SIGNALS.md §11.2 rules 5 (defaults are policy) and 6 (exceptions after folding), §10 (legal
// context), AIPREF draft-ietf-aipref-vocab-08 (train-ai covers generative models only).

/// Turns an `Explanation` (access plus folded use categories) into one `Verdict` under a policy.
///
/// Pure and per URL; the auditor calls it once per URL with the explanation for the policy's agent.
///
/// Rules, in order:
/// 1. **Access** (when the policy counts access): a robots.txt disallow is `blocked`. An unknown
///    access goes on: use signals may still be known. If the host was never fetched at all (access
///    unknown and no statement in any category), the verdict is `unknown`.
/// 2. **The declared use's folded category.** A `tdm` deny reaches it already, inherited within the
///    mechanism that states it (SignalFolder). For non-generative `ai_train`, AIPREF statements
///    (`robots.content-usage`, `http.content-usage`) read with vocab-07/-08 are not applicable:
///    `train-ai` there covers generative models only; a `tdm` deny of the same mechanism is then
///    inherited again (SIGNALS.md §11.2 rule 2).
/// 3. **User-class and region limits** (RSL `user_class`, `region` obligations, `UsageLimits`): a
///    conditional statement whose limits refuse the policy's actor or jurisdiction in every
///    alternative counts as a deny (reason in the verdict's `note` and the statement's scope); when
///    they admit it, the met limits are dropped (no obligation left = allow); undecided ones (no
///    jurisdiction) stay as obligations.
/// 4. **Evidence classes**: `robots.implied` statements count only when the policy counts implied
///    opt-outs; every other mechanism (control tokens included) is explicit evidence.
///    `impliedTrainingOptOut`, for implied evidence and `ai_train`, is one more deny.
/// 5. **Deny**: `exception` if one of the policy's exceptions overrides the mechanism of every
///    deny statement (the opt-outs stay in `deciding`, the exception's obligations are owed);
///    otherwise `opted-out`, deciding = the deny statements.
/// 6. **Conditional**: `conditional`, deciding = the conditional statements, obligations unioned.
///    An exception is reported only against an opt-out: conditional terms are not overridden. A
///    TDMRep reservation made conditional by its policy is still an opt-out: an exception that
///    overrides TDMRep lifts it (`exception` when nothing else is conditional).
/// 7. **Allow**: `ok`.
/// 8. **Unknown** (nothing said about the use): `ok`. Heed's decision: the stored value stays
///    `unknown` (§11.2 rule 5), but a site that was fetched and restricts nothing does not restrict
///    the use; under DSM Art. 4(3) an unexpressed reservation is "not reserved". Only a host never
///    fetched is `unknown` (rule 1); how the totals count it is `AuditPolicy.unknownAs`.
public enum VerdictEngine {
    /// The note of an `unknown` verdict for a host never fetched.
    public static let neverFetchedNote =
        "the host was never fetched: robots.txt and the page are unknown, so the signals could not be determined"

    /// The verdict for one explained URL.
    ///
    /// - Parameters:
    ///   - explanation: access and folded categories for the URL and the policy's agent.
    ///   - policy: the profile with the run's overrides.
    ///   - impliedTrainingOptOut: for implied evidence and `ai_train`, a statement (mechanism
    ///     `robots.implied`) the auditor builds when the site's robots.txt disallows known training
    ///     crawlers; treated as a deny. Ignored otherwise.
    public static func verdict(
        _ explanation: Explanation,
        policy: AuditPolicy,
        impliedTrainingOptOut: Statement? = nil
    ) -> Verdict {
        let use = policy.use
        let access = explanation.access
        if policy.evidence.access && access.value == .disallow {
            return Verdict(kind: .blocked, use: use, access: access)
        }
        let neverFetched =
            access.value == .unknown && explanation.categories.values.allSatisfy { $0.statements.isEmpty }
        if neverFetched {
            return Verdict(kind: .unknown, use: use, access: access, note: neverFetchedNote)
        }

        var statements = applicable(explanation, policy: policy)
        if policy.evidence.implied, use == .aiTrain, var implied = impliedTrainingOptOut {
            implied.category = use
            implied.value = .deny
            statements.append(implied)
        }

        var refusals: [String] = []
        statements = statements.map { s in
            let (decided, refusal) = decideLimits(s, policy: policy)
            if let refusal { refusals.append(refusal) }
            return decided
        }
        let denies = statements.filter { $0.value == .deny }
        if !denies.isEmpty {
            let note = refusals.isEmpty ? nil : refusals.joined(separator: "; ")
            let mechanisms = Set(denies.map(\.provenance.mechanism))
            if let e = policy.exceptions.first(where: { e in mechanisms.allSatisfy { e.overrides($0) } }) {
                return Verdict(
                    kind: .exception,
                    use: use,
                    deciding: denies,
                    obligations: e.obligations,
                    exception: e.applied,
                    access: access,
                    note: note
                )
            }
            return Verdict(kind: .optedOut, use: use, deciding: denies, access: access, note: note)
        }
        var conditionals = statements.filter { $0.value == .conditional }
        // A TDMRep reservation stays one under a read policy (the policy's terms are the way to a
        // licence): an exception that overrides TDMRep lifts it, terms included (TDMRep #sec-policy,
        // note on full example 1: "TDM Actors which benefit from the Article 3 of the DSM Directive
        // do not have to comply to this requirement").
        let reservations = conditionals.filter { Self.isTDMRepReservation($0) }
        if !reservations.isEmpty,
            let e = policy.exceptions.first(where: { e in
                reservations.allSatisfy { e.overrides($0.provenance.mechanism) }
            })
        {
            let rest = conditionals.filter { !Self.isTDMRepReservation($0) }
            if rest.isEmpty {
                return Verdict(
                    kind: .exception,
                    use: use,
                    deciding: reservations,
                    obligations: e.obligations,
                    exception: e.applied,
                    access: access
                )
            }
            conditionals = rest
        }
        if !conditionals.isEmpty {
            let obligations = Array(Set(conditionals.flatMap(\.obligations))).sorted()
            return Verdict(
                kind: .conditional,
                use: use,
                deciding: conditionals,
                obligations: obligations,
                access: access
            )
        }
        return Verdict(kind: .ok, use: use, access: access)
    }

    /// `s` with its user-class and region limits decided for the policy (`UsageLimits.resolve`):
    /// a refused conditional statement becomes a deny (the reason is returned and appended to its
    /// scope); an admitted one keeps only the obligations still owed, and becomes an allow when none
    /// is left. Statements without limits are returned unchanged.
    static func decideLimits(_ s: Statement, policy: AuditPolicy) -> (Statement, refusal: String?) {
        let limited = ([s.obligations] + s.alternatives).joined().contains { $0.limits != nil }
        guard s.value == .conditional, limited else { return (s, nil) }
        var copy = s
        copy.alternatives = []
        switch UsageLimits.resolve(
            s.obligations,
            alternatives: s.alternatives,
            actor: policy.actor,
            jurisdiction: policy.jurisdiction
        ) {
        case .granted(let owed):
            copy.obligations = owed
            copy.value = owed.isEmpty ? .allow : .conditional
            return (copy, nil)
        case .refused(let why):
            copy.value = .deny
            copy.obligations = []
            copy.scopeNote = copy.scopeNote.map { "\($0); \(why)" } ?? why
            return (copy, why)
        }
    }

    /// True for a TDMRep statement made conditional by its policy (a reservation, `tdm-reservation: 1`,
    /// whose TDM policy was read): TDMRep states nothing else as conditional.
    static func isTDMRepReservation(_ s: Statement) -> Bool {
        guard s.value == .conditional else { return false }
        return [.tdmrepJSON, .tdmrepHeader, .tdmrepMeta].contains(s.provenance.mechanism)
    }

    /// The statements of the declared use that count under the policy, strongest first.
    static func applicable(_ explanation: Explanation, policy: AuditPolicy) -> [Statement] {
        let use = policy.use
        let folded = explanation[use]
        var out: [Statement] = []
        var droppedMechanisms = Set<Mechanism>()
        for s in folded.statements {
            if !counts(s, policy) { continue }
            if use == .aiTrain && !policy.generative && isGenerativeOnly(s) {
                droppedMechanisms.insert(s.provenance.mechanism)
                continue
            }
            out.append(s)
        }
        // A mechanism whose only ai_train statements were generative-only leaves ai_train
        // unstated for non-generative training: its own tdm deny is inherited (§11.2 rule 2).
        for mechanism in droppedMechanisms where !out.contains(where: { $0.provenance.mechanism == mechanism }) {
            for parent in explanation[.tdm].statements
            where parent.provenance.mechanism == mechanism && parent.value == .deny && !parent.inherited
                && !isGenerativeOnly(parent) && counts(parent, policy)
            {
                var copy = parent
                copy.category = use
                copy.inherited = true
                if copy.scopeNote == nil { copy.scopeNote = "inherited from tdm" }
                out.append(copy)
            }
        }
        // Strongest first, keeping the folder's order among equals (a stable sort).
        return out.enumerated()
            .sorted { a, b in
                a.element.value.strength != b.element.value.strength
                    ? a.element.value.strength > b.element.value.strength : a.offset < b.offset
            }
            .map(\.element)
    }

    /// True when the statement's evidence class counts under the policy.
    static func counts(_ s: Statement, _ policy: AuditPolicy) -> Bool {
        switch s.provenance.mechanism {
        case .robotsImplied: policy.evidence.implied
        case .robotsAccess: policy.evidence.access
        default: policy.evidence.explicit
        }
    }

    /// True for AIPREF statements read with vocab-07 or -08, whose `train-ai` covers generative
    /// models only.
    static func isGenerativeOnly(_ s: Statement) -> Bool {
        guard s.provenance.mechanism == .robotsContentUsage || s.provenance.mechanism == .httpContentUsage else {
            return false
        }
        return s.provenance.spec.contains("aipref-vocab-07") || s.provenance.spec.contains("aipref-vocab-08")
    }
}
