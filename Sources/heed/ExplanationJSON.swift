// SPDX-License-Identifier: Apache-2.0
// heed: the JSON and text forms of an explanation (schema documented in the README).

import HeedCore

/// `heed explain --json`: one object, keys in a fixed order. Other tools read it: keep it stable.
enum ExplanationJSON {
    static func render(_ e: Explanation) -> JSON {
        var pairs: [(String, JSON)] = [
            ("url", .string(e.url)),
            ("agent", .string(e.agent.raw)),
            ("access", .string(e.access.value.rawValue)),
            (
                "accessDetail",
                .object([
                    ("reason", .string(e.access.reason)),
                    ("document", .optional(e.access.document)),
                    ("line", .optional(e.access.line)),
                    ("text", .optional(e.access.text)),
                    ("selection", .optional(e.access.selection?.rawValue)),
                    ("groupLines", .array(e.access.groupLines.map(JSON.int))),
                ])
            ),
        ]
        for category in UseCategory.allCases {
            let folded = e[category]
            pairs.append(
                (
                    category.rawValue,
                    .object([
                        ("value", .string(folded.value.rawValue)),
                        ("obligations", .array(folded.obligations.map(obligation))),
                        ("statements", .array(folded.statements.map(statement))),
                    ])
                )
            )
        }
        pairs.append(("findings", .array(e.findings.map(finding))))
        return .object(pairs)
    }

    /// `{kind, detail}`; a `user_class` or `region` limit adds `permits` and `prohibits`, the raw
    /// RSL tokens as arrays (RSL 1.0 §3.4.1).
    static func obligation(_ o: Obligation) -> JSON {
        var pairs: [(String, JSON)] = [("kind", .string(o.kind.rawValue)), ("detail", .optional(o.detail))]
        if let limits = o.limits {
            pairs.append(("permits", .array(limits.permits.map(JSON.string))))
            pairs.append(("prohibits", .array(limits.prohibits.map(JSON.string))))
        }
        return .object(pairs)
    }

    /// One statement. `alternatives` (RSL alternative licences, each a list of obligations) and
    /// `warnings` are written only when the statement has some, so the usual statement keeps the
    /// ten keys it always had.
    static func statement(_ s: Statement) -> JSON {
        var pairs: [(String, JSON)] = [
            ("value", .string(s.value.rawValue)),
            ("mechanism", .string(s.provenance.mechanism.rawValue)),
            ("document", .string(s.provenance.document)),
            ("line", .optional(s.provenance.line)),
            ("element", .optional(s.provenance.element)),
            ("raw", .string(s.provenance.raw)),
            ("spec", .string(s.provenance.spec)),
            ("obligations", .array(s.obligations.map(obligation))),
            ("inherited", .bool(s.inherited)),
            ("scope", .optional(s.scopeNote)),
        ]
        if !s.alternatives.isEmpty {
            pairs.append(("alternatives", .array(s.alternatives.map { .array($0.map(obligation)) })))
        }
        if !s.provenance.warnings.isEmpty {
            pairs.append(("warnings", .array(s.provenance.warnings.map(JSON.string))))
        }
        return .object(pairs)
    }

    static func finding(_ f: Finding) -> JSON {
        .object([
            ("severity", .string(f.severity.rawValue)),
            ("code", .string(f.code)),
            ("document", .optional(f.document)),
            ("line", .optional(f.line)),
            ("message", .string(f.message)),
            ("text", .optional(f.text)),
            ("clause", .optional(f.clause)),
            ("fix", .optional(f.fix)),
        ])
    }
}

/// `heed explain` for a terminal.
enum ExplanationText {
    static func print(_ e: Explanation, to console: Console) {
        console.line("\(e.url)  (agent: \(e.agent.raw))")
        console.line("")
        var where_ = e.access.document.map { " \($0)" } ?? ""
        if let line = e.access.line { where_ += ":\(line)" }
        if let text = e.access.text { where_ += "  \(text)" }
        console.line(
            "  access    \(e.access.value.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0))\(where_)"
        )
        console.line("            \(e.access.reason)")
        for category in UseCategory.allCases {
            let folded = e[category]
            var head = "  \(category.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) "
            head += folded.value.rawValue
            if !folded.obligations.isEmpty {
                head +=
                    " ["
                    + folded.obligations.map { o in o.detail.map { "\(o.kind.rawValue): \($0)" } ?? o.kind.rawValue }
                    .joined(separator: "; ") + "]"
            }
            console.line(head)
            for s in folded.statements {
                let mark = s.inherited ? " (inherited)" : ""
                let scope = s.scopeNote.map { " {\($0)}" } ?? ""
                console.line(
                    "            \(s.value.rawValue)\(mark) \(s.provenance.mechanism.rawValue) "
                        + "\(s.provenance.location)  \(s.provenance.raw)\(scope)"
                )
                for w in s.provenance.warnings { console.line("              warning: \(w)") }
            }
        }
        if !e.findings.isEmpty {
            console.line("")
            console.line("findings:")
            for f in e.findings {
                let location = [f.document, f.line.map(String.init)].compactMap { $0 }.joined(separator: ":")
                console.line(
                    "  \(f.severity.rawValue): \(f.message) [\(f.code)]\(location.isEmpty ? "" : "  \(location)")"
                )
                if let fix = f.fix { console.line("    fix: \(fix)") }
            }
        }
    }
}
