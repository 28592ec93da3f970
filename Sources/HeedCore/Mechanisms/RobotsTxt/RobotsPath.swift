// SPDX-License-Identifier: Apache-2.0
// Heed: the octets robots.txt rules are matched against.
// Spec: RFC 9309 section 2.2.2 (path and query, percent-encoding before comparison) and
// section 2.2.3 (special characters `*`, `$`, `#` and their percent-encoded literal forms).

/// Turns URLs and rule values into the normalized octets that RFC 9309 compares.
///
/// Both sides get the same treatment, so a rule and a URL that differ only in encoding match:
/// - `%XX` of an RFC 3986 *unreserved* character (`A-Z a-z 0-9 - . _ ~`) is decoded
///   (RFC 9309 §2.2.2: "percent-encoded ASCII octets in the URI MUST be decoded unless they are
///   reserved or outside the unreserved range"); applying it to rules too is what makes the RFC's
///   example `/foo/bar/%62%61%7A` match `/foo/bar/baz`. Google's parser does not decode (its test
///   `ID_Encoding`); Heed follows the RFC and its tests say so.
/// - Any other `%xx` keeps its escape, with hex digits upper-cased (`%2f` → `%2F`).
/// - Octets ≥ 0x80, controls and space are percent-encoded (RFC 9309 §2.2.2: octets outside
///   US-ASCII MUST be percent-encoded), so a raw UTF-8 URL matches a rule written with `%E3%83%84`.
/// - In a URL, a literal `*` or `$` is encoded as `%2A` / `%24`, because in a rule those two are
///   operators and their literal forms are `%2A` / `%24` (RFC 9309 §2.2.3).
public enum RobotsPath {
    /// The path, parameters and query of `url` (fragment dropped), as RFC 9309 §2.2.2 matches it.
    ///
    /// Accepts a full URL (`https://example.com/a?b#c` → `/a?b`), a scheme-relative one
    /// (`//example.com/a` → `/a`), a host with a path (`example.com/a` → `/a`) or a bare path
    /// (`/a` → `/a`). A URL without a path or query yields `/`. With an empty path and a query
    /// (`example.com?a`), the slice is `?a`: it cannot add the `/`, which `normalizedURLPath` prepends.
    public static func pathAndQuery(of url: some StringProtocol) -> Substring.UTF8View.SubSequence {
        let u = Substring(url).utf8
        let slash = UInt8(ascii: "/")
        var searchStart = u.startIndex
        let bytes = Array(u.prefix(3))
        if bytes.count >= 2, bytes[0] == slash, bytes[1] == slash {
            searchStart = u.index(u.startIndex, offsetBy: 2)
        } else if let schemeEnd = findSchemeSeparator(u) {
            searchStart = schemeEnd
        }
        // The path starts at the first '/', '?' or ';' after the authority.
        var pathStart: Substring.UTF8View.Index?
        var hash: Substring.UTF8View.Index?
        var i = searchStart
        while i < u.endIndex {
            let b = u[i]
            if b == UInt8(ascii: "#") {
                hash = i
                break
            }
            if pathStart == nil, b == slash || b == UInt8(ascii: "?") || b == UInt8(ascii: ";") {
                pathStart = i
            }
            i = u.index(after: i)
        }
        guard let start = pathStart else { return Substring("/").utf8[...] }
        return u[start..<(hash ?? u.endIndex)]
    }

    /// Returns the index after `://` when the URL has a scheme before any `/`, `?` or `;`.
    private static func findSchemeSeparator(_ u: Substring.UTF8View) -> Substring.UTF8View.Index? {
        var i = u.startIndex
        while i < u.endIndex {
            let b = u[i]
            if b == UInt8(ascii: "/") || b == UInt8(ascii: "?") || b == UInt8(ascii: ";") { break }
            if b == UInt8(ascii: ":") {
                let rest = u[u.index(after: i)...]
                if rest.starts(with: "//".utf8) { return u.index(i, offsetBy: 3) }
                return nil
            }
            i = u.index(after: i)
        }
        return nil
    }

    /// The normalized octets of a URL's path and query (see the type's documentation).
    /// A path that does not start with `/` gets one prepended.
    public static func normalizedURLPath(_ url: some StringProtocol) -> [UInt8] {
        let path = pathAndQuery(of: url)
        var out: [UInt8] = []
        out.reserveCapacity(path.count + 8)
        if path.first != UInt8(ascii: "/") { out.append(UInt8(ascii: "/")) }
        if path.withContiguousStorageIfAvailable({ normalize($0, isPattern: false, into: &out) }) == nil {
            Array(path).withUnsafeBufferPointer { normalize($0, isPattern: false, into: &out) }
        }
        return out
    }

    /// The normalized octets of a rule value (an `allow`/`disallow` path pattern).
    public static func normalizedPattern(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 8)
        normalize(bytes, isPattern: true, into: &out)
        return out
    }

    /// Normalizes `bytes` into `out` with RFC 9309 §2.2.2 percent-encoding rules.
    static func normalize(_ bytes: UnsafeBufferPointer<UInt8>, isPattern: Bool, into out: inout [UInt8]) {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            i += 1
            if b == UInt8(ascii: "%"), i + 1 < n,
                let hi = hexValue(bytes[i]), let lo = hexValue(bytes[i + 1])
            {
                i += 2
                let v = hi << 4 | lo
                if isUnreserved(v) {
                    out.append(v)
                } else {
                    appendEscape(v, into: &out)
                }
                continue
            }
            if b >= 0x80 || b <= 0x20 || b == 0x7F {
                appendEscape(b, into: &out)
            } else if !isPattern, b == UInt8(ascii: "*") || b == UInt8(ascii: "$") {
                appendEscape(b, into: &out)
            } else {
                out.append(b)
            }
        }
    }

    @inline(__always)
    static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: b - 0x30
        case 0x41...0x46: b - 0x41 + 10
        case 0x61...0x66: b - 0x61 + 10
        default: nil
        }
    }

    @inline(__always)
    static func isUnreserved(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39)
            || b == 0x2D || b == 0x2E || b == 0x5F || b == 0x7E
    }

    @inline(__always)
    static func appendEscape(_ b: UInt8, into out: inout [UInt8]) {
        let digits: StaticString = "0123456789ABCDEF"
        out.append(UInt8(ascii: "%"))
        digits.withUTF8Buffer { d in
            out.append(d[Int(b >> 4)])
            out.append(d[Int(b & 0x0F)])
        }
    }
}
