// SPDX-License-Identifier: Apache-2.0
// HeedAudit: a small JSON writer for audit outputs (JSON Lines records, run records).
// Spec: RFC 8259 §7 (string escaping) and §4 (objects: member order is the writer's).

/// A JSON value whose object members keep the order they were given, so outputs have a stable,
/// documented key order (RFC 8259 §4 leaves member order to the writer).
enum ReportJSON: Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case string(String)
    case array([ReportJSON])
    case object([(String, ReportJSON)])

    /// A string, or `null` for `nil`.
    static func optional(_ s: String?) -> ReportJSON { s.map(ReportJSON.string) ?? .null }
    /// An integer, or `null` for `nil`.
    static func optional(_ n: Int?) -> ReportJSON { n.map(ReportJSON.int) ?? .null }

    /// One line, no spaces.
    func compact() -> String {
        var out = ""
        write(into: &out, indent: nil, depth: 0)
        return out
    }

    /// Two-space indentation, `"key": value`, no trailing newline.
    func pretty() -> String {
        var out = ""
        write(into: &out, indent: "  ", depth: 0)
        return out
    }

    private func write(into out: inout String, indent: String?, depth: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let n): out += String(n)
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

    /// `s` as a JSON string literal.
    static func quoted(_ s: String) -> String {
        var out = ""
        quote(s, into: &out)
        return out
    }
}
