// SPDX-License-Identifier: Apache-2.0
// Heed: robots.txt product tokens.
// Spec: RFC 9309 section 2.2.1 (product-token = identifier / "*"; identifier = 1*(%x2D / %x41-5A / %x5F / %x61-7A))
// and section 2.2.1 paragraph 3 (case-insensitive matching).

/// A crawler's name as robots.txt groups are keyed, normalized for case-insensitive comparison.
///
/// RFC 9309's grammar allows only letters, `-` and `_`. Real files and agent lists also use names
/// the grammar forbids: digits (`AI2Bot`), spaces (`Kangaroo Bot`), dots (`bigsur.ai`) and
/// versions (`iaskspider/2.0`). The RFC gives no repair rule; Google's parser cuts the value at the
/// first character outside the grammar, so `AI2Bot` becomes `AI` and its rules land on any crawler
/// named `AI`.
///
/// **Heed's decision**: a `User-agent:` value is matched whole, never truncated onto another name.
/// Normalization is the same for the file's value and the caller's token:
/// - ASCII letters are lower-cased (RFC 9309 §2.2.1: matching is case-insensitive);
/// - a trailing `/version` is dropped, because `Name/1.0` is the HTTP User-Agent product syntax
///   (RFC 9110 §10.1.5) and names the product `Name`;
/// - runs of spaces and tabs become one space.
/// Each value outside the grammar is reported as a finding that says how Google's parser reads it,
/// so a steward learns which crawler the rules really reach.
public struct ProductToken: Sendable, Hashable, CustomStringConvertible {
    /// The token as written (trimmed).
    public let raw: String
    /// The comparison key: lower-cased, version dropped, whitespace collapsed.
    public let key: String

    /// Creates a token from a `User-agent:` value or a caller's crawler name.
    public init(_ raw: String) {
        let trimmed = raw.trimmingASCIIWhitespace()
        self.raw = trimmed
        self.key = ProductToken.normalize(Array(trimmed.utf8))
    }

    /// The memberwise form, for the parser's fast path.
    private init(raw: String, key: String) {
        self.raw = raw
        self.key = key
    }

    /// The token of a `User-agent:` value given as octets already trimmed of spaces and tabs,
    /// and whether it is `isValidRFC9309`: the same as `ProductToken(String(decoding: value,
    /// as: UTF8.self))`, without the intermediate arrays for the usual all-ASCII value.
    static func parse(trimmed value: UnsafeBufferPointer<UInt8>) -> (token: ProductToken, valid: Bool) {
        guard let base = value.baseAddress, value.count > 0 else {
            return (ProductToken(raw: "", key: ""), false)
        }
        let n = value.count
        // `*`, in nearly every file: the shared token, no strings made.
        if n == 1, base[0] == UInt8(ascii: "*") { return (star, true) }
        var identifier = true
        var upper = false
        for i in 0..<n {
            let b = base[i]
            if b >= 0x80 {
                let token = ProductToken(String(decoding: value, as: UTF8.self))
                return (token, token.isValidRFC9309)
            }
            if identifier, !isIdentifierByte(b) { identifier = false }
            if b >= 0x41 && b <= 0x5A { upper = true }
        }
        let raw = String(decoding: value, as: UTF8.self)
        // A lower-case identifier is its own key: one string, shared.
        if identifier, !upper { return (ProductToken(raw: raw, key: raw), true) }
        if identifier {
            let key = String(unsafeUninitializedCapacity: n) { out in
                for i in 0..<n {
                    let b = base[i]
                    out[i] = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
                }
                return n
            }
            return (ProductToken(raw: raw, key: key), true)
        }
        let key = String(unsafeUninitializedCapacity: n) { normalize(value, into: $0) }
        return (ProductToken(raw: raw, key: key), key == "*")
    }

    /// The global token `*`.
    public static let star = ProductToken("*")

    /// True for `*`, the group every crawler without a group of its own obeys.
    public var isStar: Bool { key == "*" }

    /// True when the value is `*` or a valid RFC 9309 identifier.
    public var isValidRFC9309: Bool { isStar || ProductToken.isValidIdentifier(raw) }

    /// How Google's reference parser reads this value: `*` for `*` alone or `*` followed by
    /// whitespace (`* bar`), else the longest prefix of `[A-Za-z_-]`. `nil` when that prefix is
    /// empty (`*bot`, `123`): Google matches such a line with no crawler.
    public var googleReading: String? {
        var raw = raw
        return raw.withUTF8 { ProductToken.googleReading(of: $0, lowercased: false) }
    }

    /// `googleReading` of a value's octets, lower-cased when `lowercased` (the form the agent
    /// index compares): made on the octets, with no intermediate string.
    static func googleReading(of value: UnsafeBufferPointer<UInt8>, lowercased: Bool) -> String? {
        guard let base = value.baseAddress, value.count > 0 else { return nil }
        if base[0] == UInt8(ascii: "*") {
            // robots.cc HandleUserAgent: '*' then end of value or isspace() is the global group.
            guard value.count > 1 else { return "*" }
            return base[1] == 0x20 || (0x09...0x0D).contains(base[1]) ? "*" : nil
        }
        var end = 0
        while end < value.count, isIdentifierByte(base[end]) { end += 1 }
        if end == 0 { return nil }
        return String(unsafeUninitializedCapacity: end) { out in
            for i in 0..<end {
                let b = base[i]
                out[i] = lowercased && b >= 0x41 && b <= 0x5A ? b | 0x20 : b
            }
            return end
        }
    }

    /// True if the value carries a `/version` suffix that normalization dropped.
    public var hadVersion: Bool { raw.utf8.contains(UInt8(ascii: "/")) }

    public var description: String { raw }

    /// True if `s` is a non-empty RFC 9309 identifier (letters, `-`, `_`).
    public static func isValidIdentifier(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.allSatisfy(isIdentifierByte)
    }

    /// For a value with a `/version` (`hadVersion`) whose name before the first `/` is a valid
    /// identifier, that name (`iaskspider/2.0` → `iaskspider`); else `nil`.
    static func versionedName(_ raw: String) -> Substring? {
        guard let slash = raw.utf8.firstIndex(of: UInt8(ascii: "/")) else { return nil }
        // In ASCII text every octet is a Character; otherwise a '/' may start a larger grapheme.
        let name = raw.utf8.allSatisfy { $0 < 0x80 } ? raw[..<slash] : raw.prefix { $0 != "/" }
        return !name.isEmpty && name.utf8.allSatisfy(isIdentifierByte) ? name : nil
    }

    /// `a.lowercased() == b` for an `a` of ASCII octets.
    static func equalsLowercased(_ a: String, _ b: String) -> Bool {
        a.utf8.elementsEqual(b.utf8) { x, y in (x >= 0x41 && x <= 0x5A ? x | 0x20 : x) == y }
    }

    static func isIdentifierByte(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2D || b == 0x5F
    }

    static func normalize(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBufferPointer { input in
            String(unsafeUninitializedCapacity: input.count) { normalize(input, into: $0) }
        }
    }

    /// Writes the comparison key of `bytes` into `out` (room for `bytes.count` octets) and
    /// returns its length.
    private static func normalize(
        _ bytes: UnsafeBufferPointer<UInt8>,
        into out: UnsafeMutableBufferPointer<UInt8>
    ) -> Int {
        var k = 0
        var pendingSpace = false
        for b in bytes {
            if b == UInt8(ascii: "/") { break }
            if b == 0x20 || b == 0x09 {
                pendingSpace = k > 0
                continue
            }
            if pendingSpace {
                out[k] = 0x20
                k += 1
                pendingSpace = false
            }
            out[k] = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
            k += 1
        }
        return k
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs (RFC 9309 whitespace is SP / HTAB).
    func trimmingASCIIWhitespace() -> String {
        let u = Array(utf8)
        var lo = 0
        var hi = u.count
        while lo < hi, u[lo] == 0x20 || u[lo] == 0x09 { lo += 1 }
        while hi > lo, u[hi - 1] == 0x20 || u[hi - 1] == 0x09 { hi -= 1 }
        return lo == 0 && hi == u.count ? self : String(decoding: u[lo..<hi], as: UTF8.self)
    }
}
