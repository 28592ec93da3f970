// SPDX-License-Identifier: Apache-2.0
// HeedSteward: the self-contained HTML report of `heed check`: the agent × use matrix, a chart of
// signal coverage per mechanism, and the site's lint findings.

public import HeedCore
import HeedHTML

/// `heed check --report site.html`: "what may each crawler do here?" as a coloured table.
public enum CheckMatrixReport {
    /// The short text of a value in a cell.
    public static func short(_ value: String) -> String {
        switch value {
        case "conditional": "cond"
        case "unknown": "-"
        default: value
        }
    }

    /// The CSS class of a value (`ok`, `deny`, `cond`, `unknown`: HeedHTML's cell classes).
    static func cellClass(_ value: String) -> String {
        switch value {
        case "allow": "ok"
        case "deny", "disallow": "deny"
        case "conditional": "cond"
        default: "unknown"
        }
    }

    /// The whole page.
    ///
    /// - Parameters:
    ///   - matrix: the page's matrix.
    ///   - findings: the host's ranked lint findings.
    ///   - source: where the documents came from.
    public static func render(_ matrix: CheckMatrix, findings: [LintFinding], source: String) -> String {
        var page = HTMLPage(
            title: "Heed check: \(matrix.url)",
            subtitle: "What may each known AI agent do here? \(matrix.rows.count) agents; documents from \(source)"
        )
        let agents = matrix.rows.count
        let fetch = matrix.rows.filter { $0.access.value == "allow" }.count
        let trainDeny = matrix.rows.filter { CheckMatrix.cell($0, .aiTrain).value == "deny" }.count
        let trainCond = matrix.rows.filter { CheckMatrix.cell($0, .aiTrain).value == "conditional" }.count
        page.figures([
            (value: "\(fetch) of \(agents)", label: "may fetch the page", detail: "robots.txt access"),
            (value: "\(trainDeny)", label: "ai_train denied", detail: "\(trainCond) more under conditions"),
            (value: "\(findings.count)", label: "lint findings", detail: "ranked by consequence below"),
        ])
        page.section("Signal coverage per mechanism", raw: coverage(matrix))
        page.section("What may each crawler do here?", raw: table(matrix))
        page.section("Lint findings", raw: LintReport.table(findings))
        return page.render()
    }

    /// The coverage chart (cells each mechanism decides, of all cells) and its table.
    public static func coverage(_ matrix: CheckMatrix) -> String {
        let total = matrix.rows.count * (1 + UseCategory.allCases.count)
        let used = matrix.coverage.filter { $0.stated > 0 }
        if used.isEmpty { return HTML.note("No mechanism states anything for this page.") }
        var h = SVGChart.bars(
            used.map { SVGChart.Bar($0.mechanism, $0.decided) },
            total: total,
            title: "Cells (agent × access or use) each mechanism decides, of \(total)"
        )
        h += HTML.table(
            header: ["mechanism", "cells with a statement", "cells decided"],
            rows: used.map { [$0.mechanism, "\($0.stated)", "\($0.decided)"] },
            numeric: [1, 2]
        )
        h += HTML.note(
            "A mechanism decides a cell when its statement is the strongest there (deny over conditional over "
                + "allow); it states something in a cell when it has any statement for that agent and use."
        )
        return h
    }

    /// The matrix: one row per agent, cells `value [n]` coloured by value, then the numbered
    /// deciding statements.
    public static func table(_ matrix: CheckMatrix) -> String {
        let deciders = matrix.deciders
        var number: [CheckDecider: Int] = [:]
        for (i, d) in deciders.enumerated() { number[d] = i + 1 }
        // A no-break space keeps `allow [3]` on one line in the narrow value columns.
        func text(_ cell: CheckCell) -> String {
            guard let d = cell.decidedBy, let n = number[d] else { return short(cell.value) }
            return "\(short(cell.value))\u{00A0}[\(n)]"
        }
        let rows = matrix.rows.map { row -> [String] in
            // Long operator names are cut: the value columns must keep their width (the JSON has them whole).
            let purpose = row.purpose + (row.control ? " (control)" : "")
            let op = row.operatorName.map { $0.count > 16 ? String($0.prefix(15)) + "…" : $0 }
            return [
                row.name + (row.major ? " ★" : ""), op.map { "\($0) · \(purpose)" } ?? purpose,
                text(row.access),
            ] + UseCategory.allCases.map { text(CheckMatrix.cell(row, $0)) }
        }
        var h = HTML.table(
            header: ["agent", "operator · purpose", "access"] + UseCategory.allCases.map(\.rawValue),
            rows: rows
        ) { r, c in
            guard c >= 2 else { return nil }
            let row = matrix.rows[r]
            let cell = c == 2 ? row.access : CheckMatrix.cell(row, UseCategory.allCases[c - 3])
            return cellClass(cell.value)
        }
        h += HTML.note("★ major crawler. [n] is the deciding statement below; '-' means nothing states the use.")
        h += HTML.list(
            deciders.enumerated().map { i, d in
                "[\(i + 1)] \(d.mechanism)  \(d.location)  \(d.raw)\(d.inherited ? "  (inherited)" : "")"
            }
        )
        return h
    }
}
