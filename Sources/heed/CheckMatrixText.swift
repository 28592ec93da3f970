// SPDX-License-Identifier: Apache-2.0
// heed check: the agent × use matrix as a terminal table (at most 120 columns) and as JSON lines.

import HeedCore
import HeedSteward

/// The terminal and JSON forms of a `CheckMatrix`.
///
/// Terminal layout (decision: compact cells plus a numbered legend, so the table fits 120
/// columns with all six value columns): `AGENT` (24), `PURPOSE` (13), then `ACCESS` and each use
/// as `value [n]` (11 each), where `n` numbers the deciding statement listed after the table
/// (`[n] mechanism  document:line  raw text`). `-` is unknown, `cond` conditional; a control token's
/// purpose is shown as `training/ctl`.
enum CheckMatrixText {
    static let agentWidth = 24
    static let purposeWidth = 13
    static let cellWidth = 11
    static let lineWidth = 120

    static func print(_ matrix: CheckMatrix, to console: Console) {
        let deciders = matrix.deciders
        var number: [CheckDecider: Int] = [:]
        for (i, d) in deciders.enumerated() { number[d] = i + 1 }
        func cell(_ c: CheckCell) -> String {
            let value = CheckMatrixReport.short(c.value)
            guard let d = c.decidedBy, let n = number[d] else { return value }
            return "\(value) [\(n)]"
        }
        console.line("What may each known AI agent do with \(matrix.url)?  ('-' unknown, [n] deciding statement)")
        console.line("")
        let header = ["AGENT", "PURPOSE", "ACCESS"] + UseCategory.allCases.map { $0.rawValue.uppercased() }
        console.line(render(header))
        for row in matrix.rows {
            let purpose = row.control ? "training/ctl" : row.purpose
            let cells = [row.access] + UseCategory.allCases.map { CheckMatrix.cell(row, $0) }
            console.line(render([row.name, purpose] + cells.map(cell)))
        }
        console.line("")
        console.line("deciding statements:")
        for (i, d) in deciders.enumerated() {
            let line = "  [\(i + 1)] \(d.mechanism)  \(d.location)  \(d.raw)\(d.inherited ? " (inherited)" : "")"
            console.line(fit(line, lineWidth))
        }
    }

    /// One table line: fixed widths, cells cut with an ellipsis.
    static func render(_ cells: [String]) -> String {
        var widths = [agentWidth, purposeWidth]
        widths += Array(repeating: cellWidth, count: max(0, cells.count - 2))
        var line = ""
        for (i, c) in cells.enumerated() {
            let text = fit(c, widths[i])
            line += text
            if i < cells.count - 1 { line += String(repeating: " ", count: widths[i] - text.count + 2) }
        }
        return line
    }

    static func fit(_ s: String, _ width: Int) -> String {
        s.count > width ? String(s.prefix(width - 1)) + "…" : s
    }

    /// `--json`: one object per agent.
    static func json(_ row: CheckRow, url: String) -> JSON {
        var pairs: [(String, JSON)] = [
            ("url", .string(url)),
            ("agent", .string(row.name)),
            ("token", .string(row.token)),
            ("operator", .optional(row.operatorName)),
            ("purpose", .string(row.purpose)),
            ("control", .bool(row.control)),
            ("major", .bool(row.major)),
            ("access", cell(row.access)),
        ]
        for category in UseCategory.allCases {
            pairs.append((category.rawValue, cell(CheckMatrix.cell(row, category))))
        }
        return .object(pairs)
    }

    static func cell(_ c: CheckCell) -> JSON {
        .object([
            ("value", .string(c.value)),
            ("obligations", .array(c.obligations.map(ExplanationJSON.obligation))),
            (
                "decidedBy",
                c.decidedBy.map { d in
                    JSON.object([
                        ("mechanism", .string(d.mechanism)),
                        ("document", .optional(d.document)),
                        ("line", .optional(d.line)),
                        ("element", .optional(d.element)),
                        ("raw", .string(d.raw)),
                        ("inherited", .bool(d.inherited)),
                    ])
                } ?? .null
            ),
        ])
    }
}
