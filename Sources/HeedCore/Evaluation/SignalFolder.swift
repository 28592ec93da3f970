// SPDX-License-Identifier: Apache-2.0
// Heed: folding statements from every mechanism into one value per use category.
// Rules: SIGNALS.md §11.2; AIPREF draft-ietf-aipref-vocab §5 ("most restrictive wins" when
// combining statements), RSL 1.0 §4.9 (the most restrictive terms apply across channels).

/// The folded value of one use category, with everything behind it.
public struct FoldedCategory: Sendable, Hashable {
    /// The category.
    public var category: UseCategory
    /// The folded value.
    public var value: PreferenceValue
    /// For `conditional`: every obligation of the conditional statements, unioned and sorted.
    public var obligations: [Obligation]
    /// Every statement that applies, strongest first (the deciding ones lead), inherited ones
    /// marked.
    public var statements: [Statement]

    /// Creates a folded category (the folder builds them; audits and tests build them by hand).
    public init(category: UseCategory, value: PreferenceValue, obligations: [Obligation], statements: [Statement]) {
        self.category = category
        self.value = value
        self.obligations = obligations
        self.statements = statements
    }
}

/// Folds statements across mechanisms.
///
/// 1. Within a mechanism, a category the mechanism does not state inherits the mechanism's
///    `deny` of the parent `tdm` (SIGNALS.md §11.2 rule 2: an unstated child inherits a parent's
///    deny; an explicit child statement wins within its own mechanism).
/// 2. Across mechanisms, per category: `deny` over `conditional` over `allow` over `unknown`,
///    obligations unioned (rule 3).
/// 3. A category where one mechanism allows and another denies is a **conflict**, reported as a
///    finding, never hidden: the steward's signals disagree, and crawlers reading only one of
///    them will act differently.
/// Unknown stays unknown: what a use does with it is policy (the audit's profiles).
public enum SignalFolder {
    /// Folds `statements` (all already scoped to one URL and agent).
    public static func fold(
        _ statements: [Statement]
    ) -> (categories: [UseCategory: FoldedCategory], conflicts: [Finding]) {
        let withInherited = inherit(statements)
        var categories: [UseCategory: FoldedCategory] = [:]
        categories.reserveCapacity(UseCategory.allCases.count)
        var conflicts: [Finding] = []
        // Each category's statements as indices, bucketed in one pass and sorted as integers:
        // filtering and sorting the `Statement` values themselves once per category moved every
        // statement several times, and was a third of an `explain` (auditor profile).
        let all = UseCategory.allCases
        var buckets = [[Int]](repeating: [], count: all.count)
        for (i, s) in withInherited.enumerated() {
            if let c = all.firstIndex(of: s.category) { buckets[c].append(i) }
        }
        for (c, category) in all.enumerated() {
            let list = buckets[c]
                .sorted { a, b in
                    let sa = withInherited[a].value.strength
                    let sb = withInherited[b].value.strength
                    if sa != sb { return sa > sb }
                    let ia = withInherited[a].inherited
                    if ia != withInherited[b].inherited { return !ia }
                    return a < b
                }
                .map { withInherited[$0] }
            let value = list.first?.value ?? .unknown
            var obligations: [Obligation] = []
            if value == .conditional {
                obligations = Array(Set(list.filter { $0.value == .conditional }.flatMap(\.obligations))).sorted()
            }
            categories[category] = FoldedCategory(
                category: category,
                value: value,
                obligations: obligations,
                statements: list
            )
            if let conflict = conflict(in: category, list) { conflicts.append(conflict) }
        }
        return (categories, conflicts)
    }

    /// Adds, per mechanism, the inherited denies of categories it leaves unstated.
    static func inherit(_ statements: [Statement]) -> [Statement] {
        var out = statements
        var byMechanism: [Mechanism: [Statement]] = [:]
        for s in statements { byMechanism[s.provenance.mechanism, default: []].append(s) }
        for mechanism in Mechanism.allCases {
            guard let own = byMechanism[mechanism] else { continue }
            for parentDeny in own where parentDeny.value == .deny && !parentDeny.inherited {
                for child in UseCategory.allCases where child.parent == parentDeny.category {
                    if own.contains(where: { $0.category == child }) { continue }
                    var copy = parentDeny
                    copy.category = child
                    copy.inherited = true
                    if copy.scopeNote == nil { copy.scopeNote = "inherited from \(parentDeny.category.rawValue)" }
                    out.append(copy)
                }
            }
        }
        return out
    }

    /// The conflict finding for a category, if two mechanisms disagree (allow or conditional
    /// against deny).
    ///
    /// Any deny paired with an allow (or conditional) of another mechanism is a conflict, whichever
    /// deny comes first: looking only at the first deny missed the conflict when that deny shared its
    /// mechanism with the allow and a second mechanism denied too, so the result depended on the
    /// order statements arrived in (found by `InvariantTests.foldingIsOrderIndependent`).
    static func conflict(in category: UseCategory, _ list: [Statement]) -> Finding? {
        guard let (deny, other) = conflictPair(list) else { return nil }
        let verb = other.value == .allow ? "allows it" : "allows it under conditions"
        return Finding(
            code: "conflict",
            severity: other.value == .allow ? .warning : .info,
            line: other.provenance.line,
            message:
                "\(category.rawValue): \(describe(other)) \(verb), but \(describe(deny)) denies it; "
                + "the most restrictive wins (deny), and crawlers that read only one of them act differently",
            text: other.provenance.raw,
            clause: "AIPREF vocab §5; RSL 1.0 §4.9",
            document: other.provenance.document,
            fix: "make the two agree: change \(other.provenance.location) or \(deny.provenance.location)"
        )
    }

    /// The first deny of `list` (strongest first) that an allow or conditional of another
    /// mechanism contradicts, with that statement; `nil` when the mechanisms agree.
    static func conflictPair(_ list: [Statement]) -> (deny: Statement, other: Statement)? {
        for deny in list where deny.value == .deny {
            if let other = list.first(where: {
                ($0.value == .allow || $0.value == .conditional) && $0.provenance.mechanism != deny.provenance.mechanism
            }) {
                return (deny, other)
            }
        }
        return nil
    }

    static func describe(_ s: Statement) -> String {
        "\(s.provenance.mechanism.rawValue) (\(s.provenance.location)\(s.inherited ? ", inherited" : ""))"
    }
}
