// SPDX-License-Identifier: Apache-2.0
// Heed: "what may each crawler do here?": every registry agent against access and every use
// category for one page, each cell with its value and the statement that decided it.
// Rules: RFC 9309 (access), SIGNALS.md §11.2 (folding: the strongest statement decides).

/// The statement that decided one cell of the matrix.
public struct CheckDecider: Sendable, Hashable {
    /// The mechanism (`robots.access` for access; `Mechanism` raw values otherwise).
    public var mechanism: String
    /// The document, when there is one (no robots.txt answers with a status rule only).
    public var document: String?
    /// The 1-based line, for line-oriented documents.
    public var line: Int?
    /// The element or header, for structured documents.
    public var element: String?
    /// The raw text, or the status rule's reason.
    public var raw: String
    /// True when derived (a parent's deny inherited, a crawler's purpose).
    public var inherited: Bool

    /// `document:line` (or `document (element)`) for a human.
    public var location: String {
        guard let document else { return "(no document)" }
        if let line { return "\(document):\(line)" }
        if let element { return "\(document) (\(element))" }
        return document
    }
}

/// One cell: a value and what decided it (`nil` when nothing states anything: `unknown`).
public struct CheckCell: Sendable, Hashable {
    /// `allow`/`disallow`/`unknown` for access; `allow`/`deny`/`conditional`/`unknown` for uses.
    public var value: String
    /// The obligation kinds, for `conditional`.
    public var obligations: [Obligation]
    /// The deciding statement.
    public var decidedBy: CheckDecider?
    /// The mechanisms with a statement in this cell (the deciding one first), for coverage.
    public var stated: [String] = []
}

/// One agent's row.
public struct CheckRow: Sendable {
    /// The registry name, or `(any other)` for a crawler with no registry entry.
    public var name: String
    /// The robots.txt token looked up (`*` for any other crawler: it reads the `*` groups).
    public var token: String
    /// The operator, when known.
    public var operatorName: String?
    /// The registry purpose (`-` for any other crawler).
    public var purpose: String
    /// True for a control token (`Google-Extended`).
    public var control: Bool
    /// True for a major crawler.
    public var major: Bool
    /// May it fetch the page.
    public var access: CheckCell
    /// Each use category.
    public var categories: [UseCategory: CheckCell]
}

/// How many cells one mechanism states something in and decides.
public struct MechanismCoverage: Sendable, Hashable {
    /// The mechanism.
    public var mechanism: String
    /// Cells (agent × access or category) in which it has a statement.
    public var stated: Int
    /// Cells it decides (its statement is the strongest).
    public var decided: Int
}

/// The agent × (access + use categories) matrix of one page of one site.
public struct CheckMatrix: Sendable {
    /// The page.
    public var url: String
    /// One row per registry robots token (first registry entry of each), then `(any other)`.
    public var rows: [CheckRow]

    /// The matrix for `url`.
    public init(_ site: SiteSignals, url: String, registry: AgentRegistry, lookup: (String) -> DocumentLookup) {
        self.url = url
        var cache: [String: DocumentLookup] = [:]
        func cached(_ u: String) -> DocumentLookup {
            if let hit = cache[u] { return hit }
            let answer = lookup(u)
            cache[u] = answer
            return answer
        }
        var seen = Set<String>()
        var rows: [CheckRow] = []
        for agent in registry.agents where seen.insert(agent.token.key).inserted {
            let e = site.explain(url: url, agent: agent.token, lookup: cached, withFindings: false)
            rows.append(
                CheckMatrix.row(
                    e,
                    name: agent.name,
                    operatorName: agent.operator_,
                    purpose: agent.purpose.rawValue,
                    control: agent.control,
                    major: agent.major
                )
            )
        }
        let any = site.explain(url: url, agent: ProductToken("HeedAnyCrawler"), lookup: cached, withFindings: false)
        var other = CheckMatrix.row(
            any,
            name: "(any other)",
            operatorName: nil,
            purpose: "-",
            control: false,
            major: false
        )
        other.token = "*"
        rows.append(other)
        self.rows = rows
    }

    static func row(
        _ e: Explanation,
        name: String,
        operatorName: String?,
        purpose: String,
        control: Bool,
        major: Bool
    ) -> CheckRow {
        let a = e.access
        let access = CheckCell(
            value: a.value.rawValue,
            obligations: [],
            decidedBy: a.value == .unknown
                ? nil
                : CheckDecider(
                    mechanism: Mechanism.robotsAccess.rawValue,
                    document: a.document,
                    line: a.line,
                    element: nil,
                    raw: a.text ?? a.reason,
                    inherited: false
                ),
            stated: a.value == .unknown ? [] : [Mechanism.robotsAccess.rawValue]
        )
        var categories: [UseCategory: CheckCell] = [:]
        for category in UseCategory.allCases {
            let folded = e[category]
            let decider = folded.value == .unknown ? nil : folded.statements.first
            categories[category] = CheckCell(
                value: folded.value.rawValue,
                obligations: folded.obligations,
                decidedBy: decider.map {
                    CheckDecider(
                        mechanism: $0.provenance.mechanism.rawValue,
                        document: $0.provenance.document,
                        line: $0.provenance.line,
                        element: $0.provenance.element,
                        raw: $0.provenance.raw,
                        inherited: $0.inherited
                    )
                },
                stated: folded.statements.map(\.provenance.mechanism.rawValue)
            )
        }
        return CheckRow(
            name: name,
            token: e.agent.raw,
            operatorName: operatorName,
            purpose: purpose,
            control: control,
            major: major,
            access: access,
            categories: categories
        )
    }

    /// The cell of `row` for `category`.
    public static func cell(_ row: CheckRow, _ category: UseCategory) -> CheckCell {
        row.categories[category] ?? CheckCell(value: "unknown", obligations: [], decidedBy: nil, stated: [])
    }

    /// Per mechanism (every one of `Mechanism`, in its order): how many cells of the matrix it
    /// states something in and how many it decides. Access cells count for `robots.access`.
    public var coverage: [MechanismCoverage] {
        var stated: [String: Int] = [:]
        var decided: [String: Int] = [:]
        for row in rows {
            for cell in [row.access] + UseCategory.allCases.map({ CheckMatrix.cell(row, $0) }) {
                for m in Set(cell.stated) { stated[m, default: 0] += 1 }
                if let d = cell.decidedBy { decided[d.mechanism, default: 0] += 1 }
            }
        }
        return Mechanism.allCases.map {
            MechanismCoverage(
                mechanism: $0.rawValue,
                stated: stated[$0.rawValue] ?? 0,
                decided: decided[$0.rawValue] ?? 0
            )
        }
    }

    /// Every distinct deciding statement in the matrix, in first-seen order (row by row, access
    /// then categories): what the terminal table's `[n]` references number.
    public var deciders: [CheckDecider] {
        var seen = Set<CheckDecider>()
        var out: [CheckDecider] = []
        for row in rows {
            let cells = [row.access] + UseCategory.allCases.map { CheckMatrix.cell(row, $0) }
            for d in cells.compactMap(\.decidedBy) where seen.insert(d).inserted { out.append(d) }
        }
        return out
    }
}
