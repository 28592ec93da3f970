// SPDX-License-Identifier: Apache-2.0
// HeedLogs: finds the values of up to 64 dotted field names in one JSON object on bytes, validating the
// whole line (RFC 8259 grammar) without building a tree.

/// Scans one JSON Lines record for the values at a set of dotted paths.
///
/// The whole text is validated (a damaged line is malformed, not half read). Keys are compared as raw
/// bytes (a key written with escapes does not match); when a key repeats, the first occurrence wins. A
/// value that is an array yields its first element when that is a string (Caddy logs headers as arrays).
/// Nesting deeper than 64 levels is rejected.
struct JSONLineScanner {
    /// A value found for a path: its raw bytes (string contents without quotes, or the number text) and
    /// whether it is a string holding escapes. Objects, arrays without a leading string, booleans and
    /// null are not values a log field can use, and are not recorded.
    struct Value {
        var bytes: UnsafeBufferPointer<UInt8>
        var isString: Bool
        var hasEscapes: Bool
    }

    /// The paths, as byte components.
    let paths: [[[UInt8]]]
    /// The value found per path in the last scan.
    private(set) var found: [Value?]
    private let all: UInt64

    static let maxDepth = 64

    /// A scanner for at most 64 paths.
    init(paths: [[[UInt8]]]) {
        precondition(paths.count <= 64)
        self.paths = paths
        found = Array(repeating: nil, count: paths.count)
        all = paths.count == 64 ? ~0 : (1 << UInt64(paths.count)) - 1
    }

    /// Scans `text`; nil when it is one valid JSON object (blanks around it allowed), else why not.
    mutating func scan(_ text: UnsafeBufferPointer<UInt8>) -> StaticString? {
        for i in found.indices { found[i] = nil }
        var p = 0
        skipBlanks(text, &p)
        guard p < text.count, text[p] == UInt8(ascii: "{") else { return "not a JSON object" }
        if let error = value(text, &p, depth: 0, alive: all) { return error }
        skipBlanks(text, &p)
        return p == text.count ? nil : "bytes after the JSON object"
    }

    @inline(__always)
    private func skipBlanks(_ t: UnsafeBufferPointer<UInt8>, _ p: inout Int) {
        while p < t.count {
            let b = t[p]
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { p += 1 } else { break }
        }
    }

    /// Parses one value at `p`. `alive`: bit k set when the enclosing keys match path k so far.
    private mutating func value(
        _ t: UnsafeBufferPointer<UInt8>,
        _ p: inout Int,
        depth: Int,
        alive: UInt64
    ) -> StaticString? {
        guard p < t.count else { return "unexpected end of JSON" }
        switch t[p] {
        case UInt8(ascii: "{"):
            if depth >= Self.maxDepth { return "JSON nested too deeply" }
            p += 1
            skipBlanks(t, &p)
            if p < t.count && t[p] == UInt8(ascii: "}") {
                p += 1
                return nil
            }
            while true {
                skipBlanks(t, &p)
                guard p < t.count, t[p] == UInt8(ascii: "\"") else { return "expected a JSON key" }
                let keyStart = p + 1
                var escapes = false
                if let error = string(t, &p, escapes: &escapes) { return error }
                let key = UnsafeBufferPointer(rebasing: t[keyStart..<(p - 1)])
                skipBlanks(t, &p)
                guard p < t.count, t[p] == UInt8(ascii: ":") else { return "expected ':' in JSON" }
                p += 1
                skipBlanks(t, &p)
                var childAlive: UInt64 = 0
                var leaf: UInt64 = 0
                var bits = escapes ? 0 : alive
                while bits != 0 {
                    let k = bits.trailingZeroBitCount
                    bits &= bits - 1
                    let path = paths[k]
                    guard depth < path.count, key.count == path[depth].count, key.elementsEqual(path[depth]) else {
                        continue
                    }
                    if depth == path.count - 1 {
                        if found[k] == nil { leaf |= 1 << UInt64(k) }
                    } else {
                        childAlive |= 1 << UInt64(k)
                    }
                }
                let valueStart = p
                if let error = value(t, &p, depth: depth + 1, alive: childAlive) { return error }
                if leaf != 0, let v = Self.usable(t, valueStart..<p) {
                    var bits = leaf
                    while bits != 0 {
                        found[bits.trailingZeroBitCount] = v
                        bits &= bits - 1
                    }
                }
                skipBlanks(t, &p)
                guard p < t.count else { return "unexpected end of JSON" }
                if t[p] == UInt8(ascii: ",") {
                    p += 1
                    continue
                }
                if t[p] == UInt8(ascii: "}") {
                    p += 1
                    return nil
                }
                return "expected ',' or '}' in JSON"
            }
        case UInt8(ascii: "["):
            if depth >= Self.maxDepth { return "JSON nested too deeply" }
            p += 1
            skipBlanks(t, &p)
            if p < t.count && t[p] == UInt8(ascii: "]") {
                p += 1
                return nil
            }
            while true {
                skipBlanks(t, &p)
                if let error = value(t, &p, depth: depth + 1, alive: 0) { return error }
                skipBlanks(t, &p)
                guard p < t.count else { return "unexpected end of JSON" }
                if t[p] == UInt8(ascii: ",") {
                    p += 1
                    continue
                }
                if t[p] == UInt8(ascii: "]") {
                    p += 1
                    return nil
                }
                return "expected ',' or ']' in JSON"
            }
        case UInt8(ascii: "\""):
            var escapes = false
            return string(t, &p, escapes: &escapes)
        case UInt8(ascii: "t"): return literal(t, &p, "true")
        case UInt8(ascii: "f"): return literal(t, &p, "false")
        case UInt8(ascii: "n"): return literal(t, &p, "null")
        default: return number(t, &p)
        }
    }

    /// The usable value in `t[range]` (already validated): a string's contents, a number's text, or an
    /// array's first element when it is a string.
    private static func usable(_ t: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Value? {
        var lo = range.lowerBound
        let first = t[lo]
        if first == UInt8(ascii: "[") {
            lo += 1
            while lo < range.upperBound, t[lo] == 0x20 || t[lo] == 0x09 || t[lo] == 0x0A || t[lo] == 0x0D { lo += 1 }
            guard lo < range.upperBound, t[lo] == UInt8(ascii: "\"") else { return nil }
            var end = lo + 1
            while t[end] != UInt8(ascii: "\"") { end += t[end] == UInt8(ascii: "\\") ? 2 : 1 }
            return string(t, lo..<(end + 1))
        }
        if first == UInt8(ascii: "\"") { return string(t, range) }
        if first == UInt8(ascii: "-") || first &- 0x30 < 10 {
            return Value(bytes: UnsafeBufferPointer(rebasing: t[range]), isString: false, hasEscapes: false)
        }
        return nil
    }

    private static func string(_ t: UnsafeBufferPointer<UInt8>, _ quoted: Range<Int>) -> Value {
        let bytes = UnsafeBufferPointer(rebasing: t[(quoted.lowerBound + 1)..<(quoted.upperBound - 1)])
        return Value(bytes: bytes, isString: true, hasEscapes: bytes.contains(UInt8(ascii: "\\")))
    }

    /// Skips a string starting at the quote at `p`; leaves `p` after the closing quote.
    private func string(_ t: UnsafeBufferPointer<UInt8>, _ p: inout Int, escapes: inout Bool) -> StaticString? {
        p += 1
        while p < t.count {
            let b = t[p]
            if b == UInt8(ascii: "\"") {
                p += 1
                return nil
            }
            if b < 0x20 { return "control byte in a JSON string" }
            if b == UInt8(ascii: "\\") {
                escapes = true
                guard p + 1 < t.count else { break }
                switch t[p + 1] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                    UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    p += 2
                case UInt8(ascii: "u"):
                    guard p + 5 < t.count, (2...5).allSatisfy({ ByteScan.hex(t[p + $0]) != nil }) else {
                        return "bad \\u escape in a JSON string"
                    }
                    p += 6
                default:
                    return "bad escape in a JSON string"
                }
                continue
            }
            p += 1
        }
        return "unterminated JSON string"
    }

    private func literal(_ t: UnsafeBufferPointer<UInt8>, _ p: inout Int, _ word: StaticString) -> StaticString? {
        let length = word.utf8CodeUnitCount
        guard p + length <= t.count else { return "bad JSON literal" }
        for i in 0..<length where t[p + i] != word.utf8Start[i] { return "bad JSON literal" }
        p += length
        return nil
    }

    private func number(_ t: UnsafeBufferPointer<UInt8>, _ p: inout Int) -> StaticString? {
        func digits(_ p: inout Int) -> Int {
            let s = p
            while p < t.count && t[p] &- 0x30 < 10 { p += 1 }
            return p - s
        }
        if p < t.count && t[p] == UInt8(ascii: "-") { p += 1 }
        guard p < t.count, t[p] &- 0x30 < 10 else { return "unexpected byte in JSON" }
        if t[p] == UInt8(ascii: "0") { p += 1 } else { _ = digits(&p) }
        if p < t.count && t[p] == UInt8(ascii: ".") {
            p += 1
            if digits(&p) == 0 { return "bad JSON number" }
        }
        if p < t.count && (t[p] | 0x20) == UInt8(ascii: "e") {
            p += 1
            if p < t.count && (t[p] == UInt8(ascii: "+") || t[p] == UInt8(ascii: "-")) { p += 1 }
            if digits(&p) == 0 { return "bad JSON number" }
        }
        return nil
    }
}
