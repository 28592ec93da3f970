// SPDX-License-Identifier: Apache-2.0
// HeedAudit: finds up to two fields (dotted paths) in one JSON object on bytes, validating the whole line
// (RFC 8259 grammar), without building a JSON tree.

/// Scans one JSON text (a JSONL line or a CDXJ trailer) for the values at two dotted paths.
///
/// The whole text is validated against the RFC 8259 grammar (so a damaged line is a problem, not a
/// half-read entry). `package` for ``unescape(_:into:)``, which the access-log reader (HeedLogs) shares.
/// Keys are compared as raw bytes (a key written with escapes does not match); when a key
/// repeats, the first occurrence wins. Nesting deeper than 256 levels is rejected.
package struct JSONFieldScanner {
    /// The result of a scan.
    enum Outcome {
        case ok
        /// Invalid JSON: a reason and the byte offset where it was noticed.
        case invalid(String, Int)
    }

    /// A found value: its raw bytes (string contents without quotes, or the number/literal text) and whether
    /// it was a string holding escapes (then ``JSONFieldScanner/unescape(_:into:)`` must be applied).
    struct Value {
        var bytes: UnsafeBufferPointer<UInt8>
        var isString: Bool
        var hasEscapes: Bool
    }

    /// Path components (bytes) of the two targets; an empty array means "no target".
    let paths: [[[UInt8]]]
    private(set) var found: [Value?] = [nil, nil]

    static let maxDepth = 256

    init(first: String, second: String?) {
        func split(_ path: String?) -> [[UInt8]] {
            guard let path, !path.isEmpty else { return [] }
            return path.split(separator: ".", omittingEmptySubsequences: false).map { Array($0.utf8) }
        }
        paths = [split(first), split(second)]
    }

    /// Scans `text`, which must hold exactly one JSON object (surrounding blanks allowed).
    mutating func scan(_ text: UnsafeBufferPointer<UInt8>) -> Outcome {
        found[0] = nil
        found[1] = nil
        var p = 0
        skipBlanks(text, &p)
        guard p < text.count, text[p] == UInt8(ascii: "{") else {
            return .invalid("not a JSON object", p)
        }
        var alive: UInt8 = 0
        if !paths[0].isEmpty { alive |= 1 }
        if !paths[1].isEmpty { alive |= 2 }
        if let error = value(text, &p, depth: 0, alive: alive) { return error }
        skipBlanks(text, &p)
        if p != text.count { return .invalid("unexpected bytes after the JSON object", p) }
        return .ok
    }

    @inline(__always)
    private func skipBlanks(_ t: UnsafeBufferPointer<UInt8>, _ p: inout Int) {
        while p < t.count {
            let b = t[p]
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { p += 1 } else { break }
        }
    }

    /// Parses one value at `p`. `alive`: bit t set when the enclosing containers match target t so far
    /// (then the keys at this depth are compared with component `depth` of target t).
    private mutating func value(
        _ t: UnsafeBufferPointer<UInt8>,
        _ p: inout Int,
        depth: Int,
        alive: UInt8
    ) -> Outcome? {
        guard p < t.count else { return .invalid("unexpected end of JSON", p) }
        switch t[p] {
        case UInt8(ascii: "{"):
            if depth >= Self.maxDepth { return .invalid("nested too deeply", p) }
            p += 1
            skipBlanks(t, &p)
            if p < t.count && t[p] == UInt8(ascii: "}") {
                p += 1
                return nil
            }
            while true {
                skipBlanks(t, &p)
                guard p < t.count, t[p] == UInt8(ascii: "\"") else { return .invalid("expected a key", p) }
                let keyStart = p + 1
                var escapes = false
                if let error = string(t, &p, escapes: &escapes) { return error }
                let keyBytes = UnsafeBufferPointer(rebasing: t[keyStart..<(p - 1)])
                skipBlanks(t, &p)
                guard p < t.count, t[p] == UInt8(ascii: ":") else { return .invalid("expected ':'", p) }
                p += 1
                skipBlanks(t, &p)
                var childAlive: UInt8 = 0
                var leaf: Int?
                for target in 0..<2 where alive & (1 << target) != 0 {
                    let path = paths[target]
                    guard depth < path.count, !escapes, keyBytes.elementsEqual(path[depth]) else { continue }
                    if depth == path.count - 1 {
                        if found[target] == nil { leaf = (leaf ?? 0) | (1 << target) }
                    } else {
                        childAlive |= UInt8(1 << target)
                    }
                }
                let valueStart = p
                if let error = value(t, &p, depth: depth + 1, alive: childAlive) { return error }
                if let leaf {
                    let isString = t[valueStart] == UInt8(ascii: "\"")
                    let range = isString ? (valueStart + 1)..<(p - 1) : valueStart..<p
                    let bytes = UnsafeBufferPointer(rebasing: t[range])
                    let hasEscapes = isString && bytes.contains(UInt8(ascii: "\\"))
                    for target in 0..<2 where leaf & (1 << target) != 0 {
                        found[target] = Value(bytes: bytes, isString: isString, hasEscapes: hasEscapes)
                    }
                }
                skipBlanks(t, &p)
                guard p < t.count else { return .invalid("unexpected end of JSON", p) }
                if t[p] == UInt8(ascii: ",") {
                    p += 1
                    continue
                }
                if t[p] == UInt8(ascii: "}") {
                    p += 1
                    return nil
                }
                return .invalid("expected ',' or '}'", p)
            }
        case UInt8(ascii: "["):
            if depth >= Self.maxDepth { return .invalid("nested too deeply", p) }
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
                guard p < t.count else { return .invalid("unexpected end of JSON", p) }
                if t[p] == UInt8(ascii: ",") {
                    p += 1
                    continue
                }
                if t[p] == UInt8(ascii: "]") {
                    p += 1
                    return nil
                }
                return .invalid("expected ',' or ']'", p)
            }
        case UInt8(ascii: "\""):
            var escapes = false
            return string(t, &p, escapes: &escapes)
        case UInt8(ascii: "t"):
            return literal(t, &p, "true")
        case UInt8(ascii: "f"):
            return literal(t, &p, "false")
        case UInt8(ascii: "n"):
            return literal(t, &p, "null")
        default:
            return number(t, &p)
        }
    }

    /// Skips a string starting at the quote at `p`; leaves `p` after the closing quote.
    private func string(_ t: UnsafeBufferPointer<UInt8>, _ p: inout Int, escapes: inout Bool) -> Outcome? {
        p += 1
        while p < t.count {
            let b = t[p]
            if b == UInt8(ascii: "\"") {
                p += 1
                return nil
            }
            if b < 0x20 { return .invalid("control byte in a string", p) }
            if b == UInt8(ascii: "\\") {
                escapes = true
                guard p + 1 < t.count else { break }
                switch t[p + 1] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                    UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    p += 2
                case UInt8(ascii: "u"):
                    guard p + 5 < t.count, (2...5).allSatisfy({ Self.hexValue(t[p + $0]) != nil }) else {
                        return .invalid("bad \\u escape", p)
                    }
                    p += 6
                default:
                    return .invalid("bad escape", p)
                }
                continue
            }
            p += 1
        }
        return .invalid("unterminated string", p)
    }

    private func literal(_ t: UnsafeBufferPointer<UInt8>, _ p: inout Int, _ word: StaticString) -> Outcome? {
        let length = word.utf8CodeUnitCount
        guard p + length <= t.count else { return .invalid("bad literal", p) }
        for i in 0..<length where t[p + i] != word.utf8Start[i] { return .invalid("bad literal", p) }
        p += length
        return nil
    }

    private func number(_ t: UnsafeBufferPointer<UInt8>, _ p: inout Int) -> Outcome? {
        let start = p
        func digits(_ p: inout Int) -> Int {
            let s = p
            while p < t.count && t[p] &- 0x30 < 10 { p += 1 }
            return p - s
        }
        if p < t.count && t[p] == UInt8(ascii: "-") { p += 1 }
        guard p < t.count, t[p] &- 0x30 < 10 else { return .invalid("unexpected byte", start) }
        if t[p] == UInt8(ascii: "0") { p += 1 } else { _ = digits(&p) }
        if p < t.count && t[p] == UInt8(ascii: ".") {
            p += 1
            if digits(&p) == 0 { return .invalid("bad number", p) }
        }
        if p < t.count && (t[p] | 0x20) == UInt8(ascii: "e") {
            p += 1
            if p < t.count && (t[p] == UInt8(ascii: "+") || t[p] == UInt8(ascii: "-")) { p += 1 }
            if digits(&p) == 0 { return .invalid("bad number", p) }
        }
        return nil
    }

    static func hexValue(_ b: UInt8) -> UInt32? {
        switch b {
        case 0x30...0x39: return UInt32(b - 0x30)
        case 0x41...0x46: return UInt32(b - 0x41 + 10)
        case 0x61...0x66: return UInt32(b - 0x61 + 10)
        default: return nil
        }
    }

    /// Writes the unescaped contents of a validated JSON string into `scratch` (UTF-8; `\u` surrogate pairs
    /// combined; a lone surrogate becomes U+FFFD).
    package static func unescape(_ s: UnsafeBufferPointer<UInt8>, into scratch: ScratchBuffer) {
        scratch.reset(minimumCapacity: s.count + 4)
        var i = 0
        func hex4(_ at: Int) -> UInt32 {
            var v: UInt32 = 0
            for k in 0..<4 { v = v << 4 | (hexValue(s[at + k]) ?? 0) }
            return v
        }
        while i < s.count {
            let b = s[i]
            guard b == UInt8(ascii: "\\"), i + 1 < s.count else {
                scratch.append(b)
                i += 1
                continue
            }
            let e = s[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "b"): scratch.append(0x08)
            case UInt8(ascii: "f"): scratch.append(0x0C)
            case UInt8(ascii: "n"): scratch.append(0x0A)
            case UInt8(ascii: "r"): scratch.append(0x0D)
            case UInt8(ascii: "t"): scratch.append(0x09)
            case UInt8(ascii: "u"):
                guard i + 4 <= s.count else { return }
                var scalar = hex4(i)
                i += 4
                if (0xD800...0xDBFF).contains(scalar), i + 6 <= s.count, s[i] == UInt8(ascii: "\\"),
                    s[i + 1] == UInt8(ascii: "u")
                {
                    let low = hex4(i + 2)
                    if (0xDC00...0xDFFF).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        i += 6
                    }
                }
                let us = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                for unit in UTF8.encode(us)! { scratch.append(unit) }
            default: scratch.append(e)
            }
        }
    }
}
