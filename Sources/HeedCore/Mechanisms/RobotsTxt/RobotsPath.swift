// SPDX-License-Identifier: Apache-2.0
// Heed: the octets robots.txt rules are matched against.
// Spec: RFC 9309 section 2.2.2 (path and query, percent-encoding before comparison) and
// section 2.2.3 (special characters `*`, `$`, `#` and their percent-encoded literal forms).

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

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
        guard let base = u.baseAddress else { return nil }
        let n = u.count
        var searchStart = 0
        if n >= 2, base[0] == 0x2F, base[1] == 0x2F {
            searchStart = 2
        } else {
            // A scheme ends at the first ':' that comes before any '/', '?' or ';' and is followed by "//".
            var i = 0
            while i < n {
                let b = base[i]
                if b == 0x2F || b == 0x3F || b == 0x3B { break }
                if b == 0x3A {
                    if i + 2 < n, base[i + 1] == 0x2F, base[i + 2] == 0x2F { searchStart = i + 3 }
                    break
                }
                i += 1
            }
        }
        var i = searchStart
        while i < n {
            let b = base[i]
            if b == 0x23 { return nil }  // '#' before any path: the fragment is not matched
            if b == 0x2F || b == 0x3F || b == 0x3B { break }
            i += 1
        }
        if i == n { return nil }
        let pathStart = i
        // The path runs to the fragment, if any.
        guard let hash = memchr(base + pathStart, 0x23, n - pathStart) else { return pathStart..<n }
        return pathStart..<(UnsafeRawPointer(hash) - UnsafeRawPointer(base))
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
        normalizeURLPath(String(url), into: &out)
    }

    /// `normalizeURLPath(_:into:)` for a `String`: the overload a caller with a `String` gets, with
    /// no generic dispatch and no copy of the URL.
    public static func normalizeURLPath(_ url: String, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        // A native String lends its octets without a copy; others are made contiguous first.
        if url.utf8.withContiguousStorageIfAvailable({ normalizeURLPath(octets: $0, into: &out) }) != nil { return }
        var s = url
        s.withUTF8 { normalizeURLPath(octets: $0, into: &out) }
    }

    /// `normalizeURLPath` on a URL's octets, appended to `out`.
    ///
    /// A path with no octet that normalization changes (most of them) is appended as it is,
    /// after one table scan; the others are normalized into a stack buffer (heap for long ones)
    /// and appended in one copy.
    static func normalizeURLPath(octets buf: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        guard let range = pathRange(buf) else {
            out.append(0x2F)
            return
        }
        let input = UnsafeBufferPointer(rebasing: buf[range])
        let slash = buf[range.lowerBound] != 0x2F
        if !hasSpecialOctet(input, flag: SpecialOctets.url) {
            if slash { out.append(0x2F) }
            out.append(contentsOf: input)
            return
        }
        // At most three octets out per octet in, plus the '/'.
        let capacity = 3 * input.count + 1
        if capacity <= 1024 {
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { tmp in
                let dst = tmp.baseAddress!
                var k = 0
                if slash {
                    dst[0] = 0x2F
                    k = 1
                }
                k += normalize(input, isPattern: false, into: dst + k)
                out.append(contentsOf: UnsafeBufferPointer(start: dst, count: k))
            }
        } else {
            if slash { out.append(0x2F) }
            appendNormalized(input, isPattern: false, to: &out)
        }
    }

    /// Whether any octet of `bytes` has `flag` in `SpecialOctets.table`, i.e. whether
    /// `normalize` would change them; four octets at a time, as `normalize` skips them.
    static func hasSpecialOctet(_ bytes: UnsafeBufferPointer<UInt8>, flag: UInt8) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let n = bytes.count
        return SpecialOctets.table.withUnsafeBufferPointer { t in
            let table = t.baseAddress!
            var i = 0
            while i + 4 <= n {
                if (table[Int(base[i])] | table[Int(base[i + 1])] | table[Int(base[i + 2])] | table[Int(base[i + 3])])
                    & flag != 0
                {
                    return true
                }
                i += 4
            }
            while i < n {
                if table[Int(base[i])] & flag != 0 { return true }
                i += 1
            }
            return false
        }
    }

    /// The normalized octets of a rule value (an `allow`/`disallow` path pattern).
    public static func normalizedPattern(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        appendNormalized(bytes, isPattern: true, to: &out)
        return out
    }

    /// Appends the normalized form of `bytes` to `out`.
    ///
    /// Normalizes into uninitialized memory and appends that in one copy: growing `out` with
    /// `repeatElement` first walked a generic iterator per octet, which took seconds in a debug
    /// build for a 10 MB URL.
    static func appendNormalized(_ bytes: UnsafeBufferPointer<UInt8>, isPattern: Bool, to out: inout [UInt8]) {
        let normalized = [UInt8](unsafeUninitializedCapacity: 3 * bytes.count) { buffer, written in
            written = buffer.baseAddress.map { normalize(bytes, isPattern: isPattern, into: $0) } ?? 0
        }
        if out.isEmpty {
            out = normalized
        } else {
            out.append(contentsOf: normalized)
        }
    }

    /// Normalizes `bytes` into `dst` with RFC 9309 §2.2.2 percent-encoding rules and returns the
    /// number of octets written. `dst` must have room for `3 * bytes.count` octets.
    ///
    /// Runs of ordinary octets are copied in bulk; a table (`SpecialOctets`) says which octets
    /// need attention (non-ASCII, controls, space, `%`, the characters not allowed in URIs, and
    /// in a URL also `*` and `$`), looked up four octets at a time.
    static func normalize(
        _ bytes: UnsafeBufferPointer<UInt8>,
        isPattern: Bool,
        into dst: UnsafeMutablePointer<UInt8>
    ) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        let n = bytes.count
        let flag = isPattern ? SpecialOctets.pattern : SpecialOctets.url
        return SpecialOctets.table.withUnsafeBufferPointer { t in
            let table = t.baseAddress!
            var i = 0
            var run = 0
            var k = 0
            while true {
                // Skip ordinary octets, four at a time while there are four.
                while i + 4 <= n,
                    (table[Int(base[i])] | table[Int(base[i + 1])] | table[Int(base[i + 2])]
                        | table[Int(base[i + 3])]) & flag == 0
                {
                    i += 4
                }
                while i < n, table[Int(base[i])] & flag == 0 { i += 1 }
                if i >= n { break }
                let b = base[i]
                if run < i {
                    (dst + k).update(from: base + run, count: i - run)
                    k += i - run
                }
                if b == UInt8(ascii: "%"), i + 2 < n, let h = hexValue(base[i + 1]), let l = hexValue(base[i + 2]) {
                    let v = h << 4 | l
                    if isUnreserved(v) {
                        dst[k] = v
                        k += 1
                    } else {
                        k += writeEscape(v, to: dst + k)
                    }
                    i += 3
                } else if b == UInt8(ascii: "%") {
                    dst[k] = b  // a '%' without two hex digits stays as it is, on both sides
                    k += 1
                    i += 1
                } else {
                    k += writeEscape(b, to: dst + k)
                    i += 1
                }
                run = i
            }
            if run < n {
                (dst + k).update(from: base + run, count: n - run)
                k += n - run
            }
            return k
        }
    }

    /// Which octets `normalize` must look at, per side: `table[b] & pattern` for rule patterns,
    /// `table[b] & url` for URLs.
    enum SpecialOctets {
        /// The flag of octets a rule pattern encodes or decodes.
        static let pattern: UInt8 = 1
        /// The flag of octets a URL encodes or decodes.
        static let url: UInt8 = 2
        /// Octets ≥ 0x80, controls, space, DEL, `%` and the characters RFC 3986 allows nowhere in a
        /// URI are special on both sides. In a URL, a literal `*` or `$` is special too (encoded,
        /// to compare with a rule's `%2A` / `%24`); in a pattern they are operators and stay.
        static let table: [UInt8] = (0...255).map { (b: Int) -> UInt8 in
            let both: Set<Int> = [0x7F, 0x25, 0x22, 0x3C, 0x3E, 0x5C, 0x5E, 0x60, 0x7B, 0x7C, 0x7D]
            if b <= 0x20 || b >= 0x80 || both.contains(b) { return pattern | url }
            return b == 0x2A || b == 0x24 ? url : 0
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

    /// Writes `%XX` (upper-case hex) for `b` at `dst`; returns 3.
    @inline(__always)
    static func writeEscape(_ b: UInt8, to dst: UnsafeMutablePointer<UInt8>) -> Int {
        @inline(__always) func hex(_ v: UInt8) -> UInt8 { v < 10 ? 0x30 + v : 0x41 + v - 10 }
        dst[0] = UInt8(ascii: "%")
        dst[1] = hex(b >> 4)
        dst[2] = hex(b & 0x0F)
        return 3
    }
}
