// SPDX-License-Identifier: Apache-2.0
// Heed tests: folding statements across mechanisms (SIGNALS.md §11.2).

import Testing

@testable import HeedCore

/// A statement from `mechanism` saying `value` for `category`.
private func s(
    _ category: UseCategory,
    _ value: PreferenceValue,
    _ mechanism: Mechanism,
    line: Int = 1,
    obligations: [Obligation] = []
) -> Statement {
    Statement(
        category,
        value,
        obligations: obligations,
        provenance: Provenance(
            mechanism: mechanism,
            document: "d/\(mechanism.rawValue)",
            line: line,
            raw: "x",
            spec: "t"
        )
    )
}

struct SignalFolderTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var statements: [Statement]
        var expected: [UseCategory: PreferenceValue]
        var conflicts: [UseCategory]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "nothing said: every category unknown",
            statements: [],
            expected: [.search: .unknown, .aiIndex: .unknown, .aiInput: .unknown, .aiTrain: .unknown, .tdm: .unknown],
            conflicts: []
        ),
        Case(
            // SIGNALS.md §12 cross vector 1: robots Content-Usage train-ai=y, header train-ai=n.
            name: "most restrictive wins across mechanisms, and it is a conflict",
            statements: [s(.aiTrain, .allow, .robotsContentUsage), s(.aiTrain, .deny, .httpContentUsage)],
            expected: [.aiTrain: .deny, .aiInput: .unknown, .tdm: .unknown],
            conflicts: [.aiTrain]
        ),
        Case(
            name: "deny within one mechanism and allow in the same mechanism is no cross-mechanism conflict",
            statements: [s(.aiTrain, .allow, .rsl, line: 3), s(.aiTrain, .deny, .rsl, line: 4)],
            expected: [.aiTrain: .deny],
            conflicts: []
        ),
        Case(
            name: "conditional beats allow; obligations of conditional statements are unioned",
            statements: [
                s(.aiInput, .allow, .robotsContentSignal),
                s(.aiInput, .conditional, .rsl, obligations: [Obligation(.payment, detail: "1 USD per crawl")]),
                s(.aiInput, .conditional, .httpContentUsage, obligations: [Obligation(.attribution, detail: "cc-cr")]),
            ],
            expected: [.aiInput: .conditional],
            conflicts: []
        ),
        Case(
            // TDMRep reserves tdm: every child the mechanism does not state inherits the deny.
            name: "an unstated child inherits its mechanism's tdm deny",
            statements: [s(.tdm, .deny, .tdmrepJSON)],
            expected: [.tdm: .deny, .search: .deny, .aiIndex: .deny, .aiInput: .deny, .aiTrain: .deny],
            conflicts: []
        ),
        Case(
            name: "a child stated by the same mechanism keeps its own value",
            statements: [s(.tdm, .deny, .rsl), s(.search, .allow, .rsl)],
            expected: [.tdm: .deny, .search: .allow, .aiTrain: .deny],
            conflicts: []
        ),
        Case(
            name: "another mechanism's allow does not stop the inherited deny, and the disagreement is reported",
            statements: [s(.tdm, .deny, .tdmrepHeader), s(.aiTrain, .allow, .robotsContentSignal)],
            expected: [.tdm: .deny, .aiTrain: .deny, .search: .deny],
            conflicts: [.aiTrain]
        ),
        Case(
            name: "unknown never outranks allow",
            statements: [s(.search, .unknown, .httpContentUsage), s(.search, .allow, .robotsContentSignal)],
            expected: [.search: .allow],
            conflicts: []
        ),
        Case(
            name: "an allow of a child never lifts a parent deny upward",
            statements: [s(.aiTrain, .deny, .robotsContentSignal)],
            expected: [.aiTrain: .deny, .tdm: .unknown, .search: .unknown],
            conflicts: []
        ),
    ]

    @Test(arguments: cases)
    func folds(_ c: Case) {
        let (categories, conflicts) = SignalFolder.fold(c.statements)
        for (category, value) in c.expected {
            #expect(categories[category]?.value == value, "\(category.rawValue)")
        }
        #expect(conflicts.map(\.code).allSatisfy { $0 == "conflict" })
        #expect(
            Set(conflicts.compactMap { f in UseCategory.allCases.first { f.message.hasPrefix($0.rawValue + ":") } })
                == Set(c.conflicts)
        )
    }

    @Test func obligationsAreUnionedAndSorted() {
        let (categories, _) = SignalFolder.fold([
            s(
                .aiTrain,
                .conditional,
                .rsl,
                obligations: [Obligation(.payment, detail: "0.01 USD"), Obligation(.attribution)]
            ),
            s(.aiTrain, .conditional, .httpContentUsage, obligations: [Obligation(.attribution)]),
        ])
        #expect(
            categories[.aiTrain]?.obligations == [Obligation(.attribution), Obligation(.payment, detail: "0.01 USD")]
        )
    }

    @Test func statementsAreOrderedStrongestFirstWithInheritedLast() throws {
        let (categories, _) = SignalFolder.fold([
            s(.aiTrain, .allow, .robotsContentSignal, line: 7),
            s(.tdm, .deny, .tdmrepJSON, line: 2),
            s(.aiTrain, .deny, .rsl, line: 5),
        ])
        let list = try #require(categories[.aiTrain]?.statements)
        #expect(list.map(\.provenance.mechanism) == [.rsl, .tdmrepJSON, .robotsContentSignal])
        #expect(list.map(\.inherited) == [false, true, false])
        #expect(list[1].scopeNote == "inherited from tdm")
    }

    @Test func conflictOfConditionalAgainstDenyIsInformational() throws {
        let (_, conflicts) = SignalFolder.fold([
            s(.aiInput, .conditional, .rsl, obligations: [Obligation(.payment)]),
            s(.aiInput, .deny, .metaRobots),
        ])
        let c = try #require(conflicts.first)
        #expect(c.severity == .info)
        #expect(c.message.hasPrefix("ai_input: rsl (d/rsl:1) allows it under conditions, but html.meta-robots"))
    }
}
