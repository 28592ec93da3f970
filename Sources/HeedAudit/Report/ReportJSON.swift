// SPDX-License-Identifier: Apache-2.0
// HeedAudit: a small JSON writer for audit outputs (JSON Lines records, run records).
// Spec: RFC 8259 §7 (string escaping) and §4 (objects: member order is the writer's).

/// A JSON value whose object members keep the order they were given, so outputs have a stable,
/// documented key order (RFC 8259 §4 leaves member order to the writer). `package`: the access-log
/// report (HeedLogs) writes its JSON Lines with it too.
package enum ReportJSON: Sendable {
    case null
    case bool(Bool)
    case int(Int)
    /// A number written with at most two decimals (`12.5`, `3`), for rates.
    case decimal(Double)
    case string(String)
    case array([ReportJSON])
    case object([(String, ReportJSON)])

    /// A string, or `null` for `nil`.
    package static func optional(_ s: String?) -> ReportJSON { s.map(ReportJSON.string) ?? .null }
    /// An integer, or `null` for `nil`.
    package static func optional(_ n: Int?) -> ReportJSON { n.map(ReportJSON.int) ?? .null }

    /// One line, no spaces.
    package func compact() -> String {
        var out = ""
        write(into: &out, indent: nil, depth: 0)
        return out
    }

    /// Two-space indentation, `"key": value`, no trailing newline.
    package func pretty() -> String {
        var out = ""
        write(into: &out, indent: "  ", depth: 0)
        return out
    }

    private func write(into out: inout String, indent: String?, depth: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let n): out += String(n)
        case .decimal(let x): out += Self.decimalText(x)
        case .string(let s): ReportJSON.quote(s, into: &out)
        case .array(let items):
            if items.isEmpty {
                out += "[]"
                return
            }
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                Self.newline(&out, indent, depth + 1)
                item.write(into: &out, indent: indent, depth: depth + 1)
            }
            Self.newline(&out, indent, depth)
            out += "]"
        case .object(let members):
            if members.isEmpty {
                out += "{}"
                return
            }
            out += "{"
            for (i, (key, value)) in members.enumerated() {
                if i > 0 { out += "," }
                Self.newline(&out, indent, depth + 1)
                ReportJSON.quote(key, into: &out)
                out += indent == nil ? ":" : ": "
                value.write(into: &out, indent: indent, depth: depth + 1)
            }
            Self.newline(&out, indent, depth)
            out += "}"
        }
    }

    private static func newline(_ out: inout String, _ indent: String?, _ depth: Int) {
        guard let indent else { return }
        out += "\n"
        for _ in 0..<depth { out += indent }
    }

    /// Writes `s` as a JSON string: `"` and `\` escaped, control characters U+0000–U+001F escaped
    /// (short forms where RFC 8259 §7 has them, `\u00XX` otherwise); everything else as UTF-8.
    static func quote(_ s: String, into out: inout String) {
        out += "\""
        var plainStart = s.unicodeScalars.startIndex
        var i = plainStart
        let scalars = s.unicodeScalars
        while i < scalars.endIndex {
            let c = scalars[i]
            let escape: String?
            switch c {
            case "\"": escape = "\\\""
            case "\\": escape = "\\\\"
            case "\n": escape = "\\n"
            case "\r": escape = "\\r"
            case "\t": escape = "\\t"
            case "\u{08}": escape = "\\b"
            case "\u{0C}": escape = "\\f"
            default:
                if c.value < 0x20 {
                    let hex = String(c.value, radix: 16, uppercase: false)
                    escape = "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    escape = nil
                }
            }
            if let escape {
                out.unicodeScalars.append(contentsOf: scalars[plainStart..<i])
                out += escape
                plainStart = scalars.index(after: i)
            }
            i = scalars.index(after: i)
        }
        out.unicodeScalars.append(contentsOf: scalars[plainStart..<scalars.endIndex])
        out += "\""
    }

    /// `x` with at most two decimals and no trailing zeros (`12.5`, `3`, `0.07`); `null` when not finite
    /// (RFC 8259 §6 has no NaN or infinity).
    static func decimalText(_ x: Double) -> String {
        guard x.isFinite, abs(x) < 9e15 else { return "null" }
        let hundredths = Int((x * 100).rounded())
        let sign = hundredths < 0 ? "-" : ""
        let magnitude = abs(hundredths)
        let fraction = magnitude % 100
        if fraction == 0 { return sign + String(magnitude / 100) }
        let digits = fraction % 10 == 0 ? String(fraction / 10) : (fraction < 10 ? "0" : "") + String(fraction)
        return sign + String(magnitude / 100) + "." + digits
    }

    /// `s` as a JSON string literal.
    static func quoted(_ s: String) -> String {
        var out = ""
        quote(s, into: &out)
        return out
    }
}
