// SPDX-License-Identifier: Apache-2.0
// Heed: the small JSON reader behind tdmrep.json (positions kept for line numbers in findings).
// Spec: RFC 8259 (JSON); TDMRep Final Community Group Report 2024-05-10 #sec-tdm-file.

import Foundation

/// A minimal JSON reader (RFC 8259) for tdmrep.json: keeps each value's line and byte range, tells
/// `1` from `"1"`, `1.0` and `true` apart, and bounds nesting depth, which Foundation's
/// `JSONSerialization` does not let a caller do.
enum TDMRepJSON {
    /// The deepest nesting read; a tdmrep.json needs 2.
    static let maxDepth = 32

    /// A JSON value with the 1-based line it starts on and its byte range.
    struct Value {
        enum Kind {
            case object([Member])
            case array([Value])
            case string(String)
            /// The number as written (`1`, `1.0`, `-0`).
            case number(String)
            case bool(Bool)
            case null
        }
        var kind: Kind
        var line: Int
        var range: Range<Int>
    }

    /// An object member.
    struct Member {
        var key: String
        var value: Value
    }

    /// Why the text is not JSON, and where.
    struct SyntaxError: Error {
        var message: String
        var line: Int
    }

    static func parse(_ bytes: [UInt8]) throws(SyntaxError) -> Value {
        try parse(bytes, trailingCommas: false).value
    }

    /// Parses `bytes`; with `trailingCommas`, a `,` right before `}` or `]` (not JSON, RFC 8259 §4-5,
    /// but in the TDMRep spec's own policy example) is skipped and its line returned.
    static func parse(
        _ bytes: [UInt8],
        trailingCommas: Bool
    ) throws(SyntaxError) -> (value: Value, trailingCommaLines: [Int]) {
        var reader = Reader(bytes: bytes)
        reader.lenientCommas = trailingCommas
        reader.skipWhitespace()
        let value = try reader.value(depth: 0)
        reader.skipWhitespace()
        if reader.pos < bytes.count { throw SyntaxError(message: "text after the JSON value", line: reader.line) }
        return (value, reader.trailingCommaLines)
    }

    private struct Reader {
        let bytes: [UInt8]
        var pos = 0
        var line = 1
        var lenientCommas = false
        var trailingCommaLines: [Int] = []

        /// After a `,`: with `lenientCommas`, true (and the comma's line noted) when `close` follows.
        mutating func trailingComma(before close: UInt8) -> Bool {
            guard lenientCommas else { return false }
            let commaLine = line
            skipWhitespace()
            guard pos < bytes.count, bytes[pos] == close else { return false }
            trailingCommaLines.append(commaLine)
            pos += 1
            return true
        }

        init(bytes: [UInt8]) { self.bytes = bytes }

        mutating func skipWhitespace() {
            while pos < bytes.count {
                switch bytes[pos] {
                case 0x0A:
                    line += 1
                case 0x0D:
                    if pos + 1 >= bytes.count || bytes[pos + 1] != 0x0A { line += 1 }
                case 0x20, 0x09:
                    break
                default:
                    return
                }
                pos += 1
            }
        }

        func fail(_ message: String) -> SyntaxError { SyntaxError(message: message, line: line) }

        mutating func value(depth: Int) throws(SyntaxError) -> Value {
            guard pos < bytes.count else { throw fail("unexpected end of text") }
            let start = pos
            let startLine = line
            let kind: Value.Kind
            switch bytes[pos] {
            case UInt8(ascii: "{"):
                guard depth < TDMRepJSON.maxDepth else { throw fail("nesting deeper than \(TDMRepJSON.maxDepth)") }
                kind = .object(try object(depth: depth + 1))
            case UInt8(ascii: "["):
                guard depth < TDMRepJSON.maxDepth else { throw fail("nesting deeper than \(TDMRepJSON.maxDepth)") }
                kind = .array(try array(depth: depth + 1))
            case UInt8(ascii: "\""):
                kind = .string(try string())
            case UInt8(ascii: "t"):
                try literal("true")
                kind = .bool(true)
            case UInt8(ascii: "f"):
                try literal("false")
                kind = .bool(false)
            case UInt8(ascii: "n"):
                try literal("null")
                kind = .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                kind = .number(try number())
            default:
                throw fail("unexpected character '\(Unicode.Scalar(bytes[pos]).escaped(asASCII: true))'")
            }
            return Value(kind: kind, line: startLine, range: start..<pos)
        }

        mutating func literal(_ word: StaticString) throws(SyntaxError) {
            let n = word.utf8CodeUnitCount
            let matches = word.withUTF8Buffer { w in
                pos + n <= bytes.count && (0..<n).allSatisfy { bytes[pos + $0] == w[$0] }
            }
            guard matches else { throw fail("invalid literal") }
            pos += n
        }

        mutating func object(depth: Int) throws(SyntaxError) -> [Member] {
            pos += 1
            var members: [Member] = []
            skipWhitespace()
            if pos < bytes.count, bytes[pos] == UInt8(ascii: "}") {
                pos += 1
                return members
            }
            while true {
                skipWhitespace()
                guard pos < bytes.count, bytes[pos] == UInt8(ascii: "\"") else { throw fail("expected a member name") }
                let key = try string()
                skipWhitespace()
                guard pos < bytes.count, bytes[pos] == UInt8(ascii: ":") else { throw fail("expected ':'") }
                pos += 1
                skipWhitespace()
                members.append(Member(key: key, value: try value(depth: depth)))
                skipWhitespace()
                guard pos < bytes.count else { throw fail("unterminated object") }
                if bytes[pos] == UInt8(ascii: ",") {
                    pos += 1
                    if trailingComma(before: UInt8(ascii: "}")) { return members }
                    continue
                }
                if bytes[pos] == UInt8(ascii: "}") {
                    pos += 1
                    return members
                }
                throw fail("expected ',' or '}'")
            }
        }

        mutating func array(depth: Int) throws(SyntaxError) -> [Value] {
            pos += 1
            var values: [Value] = []
            skipWhitespace()
            if pos < bytes.count, bytes[pos] == UInt8(ascii: "]") {
                pos += 1
                return values
            }
            while true {
                skipWhitespace()
                values.append(try value(depth: depth))
                skipWhitespace()
                guard pos < bytes.count else { throw fail("unterminated array") }
                if bytes[pos] == UInt8(ascii: ",") {
                    pos += 1
                    if trailingComma(before: UInt8(ascii: "]")) { return values }
                    continue
                }
                if bytes[pos] == UInt8(ascii: "]") {
                    pos += 1
                    return values
                }
                throw fail("expected ',' or ']'")
            }
        }

        mutating func number() throws(SyntaxError) -> String {
            let start = pos
            func digits(_ r: inout Reader) -> Int {
                let s = r.pos
                while r.pos < r.bytes.count, r.bytes[r.pos] >= 0x30, r.bytes[r.pos] <= 0x39 { r.pos += 1 }
                return r.pos - s
            }
            if bytes[pos] == UInt8(ascii: "-") { pos += 1 }
            let intStart = pos
            let n = digits(&self)
            guard n > 0 else { throw fail("invalid number") }
            if n > 1, bytes[intStart] == UInt8(ascii: "0") { throw fail("number with a leading zero") }
            if pos < bytes.count, bytes[pos] == UInt8(ascii: ".") {
                pos += 1
                guard digits(&self) > 0 else { throw fail("invalid number") }
            }
            if pos < bytes.count, bytes[pos] == UInt8(ascii: "e") || bytes[pos] == UInt8(ascii: "E") {
                pos += 1
                if pos < bytes.count, bytes[pos] == UInt8(ascii: "+") || bytes[pos] == UInt8(ascii: "-") { pos += 1 }
                guard digits(&self) > 0 else { throw fail("invalid number") }
            }
            return String(decoding: bytes[start..<pos], as: UTF8.self)
        }

        mutating func string() throws(SyntaxError) -> String {
            pos += 1
            var out: [UInt8] = []
            while pos < bytes.count {
                let b = bytes[pos]
                pos += 1
                if b == UInt8(ascii: "\"") { return String(decoding: out, as: UTF8.self) }
                if b < 0x20 { throw fail("control character in a string") }
                guard b == UInt8(ascii: "\\") else {
                    out.append(b)
                    continue
                }
                guard pos < bytes.count else { break }
                let e = bytes[pos]
                pos += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar), pos + 1 < bytes.count, bytes[pos] == UInt8(ascii: "\\"),
                        bytes[pos + 1] == UInt8(ascii: "u")
                    {
                        pos += 2
                        let low = try hex4()
                        if (0xDC00..<0xE000).contains(low) {
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        }
                    }
                    let s = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                    out.append(contentsOf: Array(String(Character(s)).utf8))
                default:
                    throw fail("invalid escape in a string")
                }
            }
            throw fail("unterminated string")
        }

        mutating func hex4() throws(SyntaxError) -> UInt32 {
            guard pos + 4 <= bytes.count else { throw fail("invalid \\u escape") }
            var v: UInt32 = 0
            for _ in 0..<4 {
                guard let h = RobotsPath.hexValue(bytes[pos]) else { throw fail("invalid \\u escape") }
                v = v << 4 | UInt32(h)
                pos += 1
            }
            return v
        }
    }
}
