// SPDX-License-Identifier: Apache-2.0
// HeedAudit: fast byte-level URL helpers for manifests (RFC 3986 §3.1–§3.2 authority parsing; FNV-1a 64).

import HeedCore

/// Byte-level URL helpers for the audit hot path: no `String`, no `URL`, no allocation.
public enum URLBytes {
    /// The host of an `http`/`https` URL's authority: after `scheme://`, after any `userinfo@` (the last `@`
    /// before the path), up to `:port`, `/`, `?`, `#` or `\` (which browsers treat as `/` in http URLs).
    /// An IPv6 literal is returned with its brackets (`[::1]`), as RFC 3986 writes the `IP-literal`.
    ///
    /// - Returns: nil for other schemes, for a missing `//`, or for an empty host.
    public static func host(_ url: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        guard let schemeLength = httpSchemeLength(url) else { return nil }
        var i = schemeLength + 1  // past ':'
        guard i + 1 < url.count, url[i] == UInt8(ascii: "/"), url[i + 1] == UInt8(ascii: "/") else { return nil }
        i += 2
        let authorityStart = i
        // One pass to the end of the authority, noting the last '@'. Letters (above 0x40) need
        // one comparison ('\\'); '/', '?', '#' and '@' are all at or below 0x40.
        var authorityEnd = i
        var hostStart = authorityStart
        while authorityEnd < url.count {
            let b = url[authorityEnd]
            if b <= UInt8(ascii: "@") {
                if b == UInt8(ascii: "/") || b == UInt8(ascii: "?") || b == UInt8(ascii: "#") { break }
                if b == UInt8(ascii: "@") { hostStart = authorityEnd + 1 }
            } else if b == UInt8(ascii: "\\") {
                break
            }
            authorityEnd += 1
        }
        var hostEnd = hostStart
        if hostStart < authorityEnd && url[hostStart] == UInt8(ascii: "[") {
            while hostEnd < authorityEnd && url[hostEnd] != UInt8(ascii: "]") { hostEnd += 1 }
            guard hostEnd < authorityEnd else { return nil }  // no closing bracket
            hostEnd += 1
        } else {
            while hostEnd < authorityEnd && url[hostEnd] != UInt8(ascii: ":") { hostEnd += 1 }
        }
        guard hostEnd > hostStart else { return nil }
        return UnsafeBufferPointer(rebasing: url[hostStart..<hostEnd])
    }

    /// True when the URL's scheme is `http` or `https` (ASCII case-insensitive).
    public static func isHTTP(_ url: UnsafeBufferPointer<UInt8>) -> Bool {
        httpSchemeLength(url) != nil
    }

    /// FNV-1a 64-bit hash of the ASCII-lower-cased host (offset basis 0xcbf29ce484222325, prime
    /// 0x100000001b3): stable across runs and platforms, so `--shard K/N` splits hosts the same way
    /// everywhere (`hostKey % N == K - 1`). Bytes outside A–Z are hashed unchanged.
    public static func hostKey(_ host: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in host {
            let lowered = b &- 0x41 < 26 ? b | 0x20 : b
            hash = (hash ^ UInt64(lowered)) &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    /// The length of the scheme when it is `http` or `https` followed by `:`.
    @inline(__always)
    static func httpSchemeLength(_ url: UnsafeBufferPointer<UInt8>) -> Int? {
        guard url.count >= 5, url[0] | 0x20 == UInt8(ascii: "h"), url[1] | 0x20 == UInt8(ascii: "t"),
            url[2] | 0x20 == UInt8(ascii: "t"), url[3] | 0x20 == UInt8(ascii: "p")
        else { return nil }
        if url[4] == UInt8(ascii: ":") { return 4 }
        if url.count >= 6 && url[4] | 0x20 == UInt8(ascii: "s") && url[5] == UInt8(ascii: ":") { return 5 }
        return nil
    }

    /// Whether any byte is ≤ 0x20 (blank or C0 control) or 0x7F (DEL): eight bytes at a time
    /// (`OctetWord`; this runs on every byte of every manifest URL), the remaining bytes one by one.
    static func hasBlankOrControl(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let n = bytes.count
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i + 8 <= n {
            let x = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            if OctetWord.hasOctet(x, below: 0x21) || OctetWord.hasOctet(x, equalTo: 0x7F) { return true }
            i += 8
        }
        while i < n {
            let b = base[i]
            if b <= 0x20 || b == 0x7F { return true }
            i += 1
        }
        return false
    }

    /// Why `bytes` is not an absolute URL (`scheme ":" rest`, RFC 3986 §3.1 scheme, no blank or control
    /// bytes), or nil when it is one. Bytes ≥ 0x80 are allowed (IRIs in the wild).
    static func absoluteURLProblem(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard let first = bytes.first, first | 0x20 &- 0x61 < 26 else {
            return "not an absolute URL (expected scheme:...)"
        }
        var i = 1
        while i < bytes.count {
            let b = bytes[i]
            let lower = b | 0x20
            if lower &- 0x61 < 26 || b &- 0x30 < 10 || b == UInt8(ascii: "+") || b == UInt8(ascii: "-")
                || b == UInt8(ascii: ".")
            {
                i += 1
            } else {
                break
            }
        }
        guard i < bytes.count, bytes[i] == UInt8(ascii: ":"), i + 1 < bytes.count else {
            return "not an absolute URL (expected scheme:...)"
        }
        return hasBlankOrControl(bytes) ? "URL contains a blank or control byte" : nil
    }
}
