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
        let bytes = Array(raw.utf8)
        if bytes.first == UInt8(ascii: "*") {
            // robots.cc HandleUserAgent: '*' then end of value or isspace() is the global group.
            return bytes.count == 1 || bytes[1] == 0x20 || (0x09...0x0D).contains(bytes[1]) ? "*" : nil
        }
        var end = 0
        while end < bytes.count, ProductToken.isIdentifierByte(bytes[end]) { end += 1 }
        return end == 0 ? nil : String(decoding: bytes[0..<end], as: UTF8.self)
    }

    /// True if the value carries a `/version` suffix that normalization dropped.
    public var hadVersion: Bool { raw.utf8.contains(UInt8(ascii: "/")) }

    public var description: String { raw }

    /// True if `s` is a non-empty RFC 9309 identifier (letters, `-`, `_`).
    public static func isValidIdentifier(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.allSatisfy(isIdentifierByte)
    }

    static func isIdentifierByte(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2D || b == 0x5F
    }

    static func normalize(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var pendingSpace = false
        for b in bytes {
            if b == UInt8(ascii: "/") { break }
            if b == 0x20 || b == 0x09 {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace {
                out.append(0x20)
                pendingSpace = false
            }
            out.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
        }
        return String(decoding: out, as: UTF8.self)
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
