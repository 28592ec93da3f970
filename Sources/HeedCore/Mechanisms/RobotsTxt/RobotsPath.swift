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
/// - Octets ≥ 0x80, controls, space and the ASCII characters RFC 3986 allows nowhere in a URI
///   (`"` `<` `>` `\\` `^` `` ` `` `{` `|` `}`) are percent-encoded (RFC 9309 §2.2.2: octets outside
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
        let sub = Substring(url)
        let u = sub.utf8
        let bytes = Array(u)
        let range = bytes.withUnsafeBufferPointer { pathRange($0) }
        guard let range else { return Substring("/").utf8[...] }
        return u[u.index(u.startIndex, offsetBy: range.lowerBound)..<u.index(u.startIndex, offsetBy: range.upperBound)]
    }

    /// The offsets of the path, parameters and query in a URL's bytes (fragment excluded), or
    /// `nil` when there is none (the path is then `/`).
    static func pathRange(_ u: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        let n = u.count
        var searchStart = 0
        if n >= 2, u[0] == 0x2F, u[1] == 0x2F {
            searchStart = 2
        } else {
            // A scheme ends at the first ':' that comes before any '/', '?' or ';' and is followed by "//".
            var i = 0
            while i < n {
                let b = u[i]
                if b == 0x2F || b == 0x3F || b == 0x3B { break }
                if b == 0x3A {
                    if i + 2 < n, u[i + 1] == 0x2F, u[i + 2] == 0x2F { searchStart = i + 3 }
                    break
                }
                i += 1
            }
        }
        var pathStart = -1
        var i = searchStart
        while i < n {
            let b = u[i]
            if b == 0x23 { break }  // '#': the fragment is not matched
            if pathStart < 0, b == 0x2F || b == 0x3F || b == 0x3B { pathStart = i }
            i += 1
        }
        return pathStart < 0 ? nil : pathStart..<i
    }

    /// The normalized octets of a URL's path and query (see the type's documentation).
    /// A path that does not start with `/` gets one prepended.
    public static func normalizedURLPath(_ url: some StringProtocol) -> [UInt8] {
        var out: [UInt8] = []
        normalizeURLPath(url, into: &out)
        return out
    }

    /// `normalizedURLPath` into a caller's buffer (emptied first), to reuse one allocation for
    /// many URLs.
    public static func normalizeURLPath(_ url: some StringProtocol, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        var s = String(url)
        s.withUTF8 { buf in
            guard let range = pathRange(buf) else {
                out.append(0x2F)
                return
            }
            out.reserveCapacity(range.count + 8)
            if buf[range.lowerBound] != 0x2F { out.append(0x2F) }
            normalize(UnsafeBufferPointer(rebasing: buf[range]), isPattern: false, into: &out)
        }
    }

    /// The normalized octets of a rule value (an `allow`/`disallow` path pattern).
    public static func normalizedPattern(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 8)
        normalize(bytes, isPattern: true, into: &out)
        return out
    }

    /// Normalizes `bytes` into `out` with RFC 9309 §2.2.2 percent-encoding rules.
    ///
    /// Runs of ordinary octets are copied in bulk; a 128-bit mask per side says which ASCII
    /// octets need attention (controls, space, `%`, the characters not allowed in URIs, and in a
    /// URL also `*` and `$`).
    static func normalize(_ bytes: UnsafeBufferPointer<UInt8>, isPattern: Bool, into out: inout [UInt8]) {
        guard let base = bytes.baseAddress else { return }
        let n = bytes.count
        let masks = isPattern ? SpecialOctets.pattern : SpecialOctets.url
        let lo = masks.lo
        let hi = masks.hi
        var i = 0
        var run = 0
        while i < n {
            let b = base[i]
            let special = b >= 0x80 || (b < 64 ? (lo >> UInt64(b)) & 1 : (hi >> UInt64(b &- 64)) & 1) != 0
            if !special {
                i += 1
                continue
            }
            if run < i { out.append(contentsOf: UnsafeBufferPointer(start: base + run, count: i - run)) }
            if b == UInt8(ascii: "%"), i + 2 < n, let h = hexValue(base[i + 1]), let l = hexValue(base[i + 2]) {
                let v = h << 4 | l
                if isUnreserved(v) {
                    out.append(v)
                } else {
                    appendEscape(v, into: &out)
                }
                i += 3
            } else if b == UInt8(ascii: "%") {
                out.append(b)  // a '%' without two hex digits stays as it is, on both sides
                i += 1
            } else {
                appendEscape(b, into: &out)
                i += 1
            }
            run = i
        }
        if run < n { out.append(contentsOf: UnsafeBufferPointer(start: base + run, count: n - run)) }
    }

    /// Bit masks of the ASCII octets `normalize` must look at: bit `b` of `lo` for octets
    /// 0-63, bit `b - 64` of `hi` for 64-127.
    struct SpecialOctets {
        var lo: UInt64
        var hi: UInt64

        init(_ octets: [UInt8]) {
            lo = 0
            hi = 0
            for b in octets {
                if b < 64 { lo |= 1 << UInt64(b) } else { hi |= 1 << UInt64(b - 64) }
            }
        }

        /// Controls, space, DEL, `%` and the characters RFC 3986 allows nowhere in a URI.
        static let common: [UInt8] =
            Array(0...0x20) + [0x7F, 0x25, 0x22, 0x3C, 0x3E, 0x5C, 0x5E, 0x60, 0x7B, 0x7C, 0x7D]
        /// For rule patterns: `*` and `$` are operators there and stay as they are.
        static let pattern = SpecialOctets(common)
        /// For URLs: a literal `*` or `$` is encoded, to compare with a rule's `%2A` / `%24`.
        static let url = SpecialOctets(common + [0x2A, 0x24])
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

    /// ASCII characters RFC 3986 allows nowhere in a URI (neither reserved nor unreserved):
    /// `"` `<` `>` `\\` `^` `` ` `` `{` `|` `}`. They are percent-encoded on both sides, so
    /// `Disallow: /a|b` matches `/a%7Cb`.
    @inline(__always)
    static func notInURIs(_ b: UInt8) -> Bool {
        switch b {
        case 0x22, 0x3C, 0x3E, 0x5C, 0x5E, 0x60, 0x7B, 0x7C, 0x7D: true
        default: false
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
