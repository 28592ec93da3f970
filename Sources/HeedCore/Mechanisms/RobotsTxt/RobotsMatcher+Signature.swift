// SPDX-License-Identifier: Apache-2.0
// Heed: which robots.txt rule decides a path, as a small integer (for the auditor's verdict memo).
// Spec: RFC 9309 §2.2.2 (longest match decides; /robots.txt always allowed).

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension RobotsMatcher {
    /// `/robots.txt`, which RFC 9309 §2.2.2 always allows, as octets for `memcmp`.
    private static let robotsTxtPath: [UInt8] = Array("/robots.txt".utf8)

    /// Identifies what decides `path` (normalized, as `RobotsPath.normalizedURLPath` gives it):
    /// the deciding rule's 1-based line (rules are unique by line), `-1` when no rule matches,
    /// `-2` for `/robots.txt` (always allowed). Two paths with the same value get the same
    /// `decide(normalizedPath:)` result, so the auditor can reuse a verdict computed for one.
    package func decidingSignature(normalizedPath path: UnsafeBufferPointer<UInt8>) -> Int {
        if path.count == 11, let base = path.baseAddress, memcmp(base, RobotsMatcher.robotsTxtPath, 11) == 0 {
            return -2
        }
        guard let rule = ruleSet.firstMatch(path) else { return -1 }
        return Int(rule.line)
    }
}

extension RobotsPath {
    /// `normalizeURLPath(_:into:)` on a URL's octets (no `String`): `out` is emptied first and
    /// receives the normalized path and query, exactly as the `String` form computes them.
    ///
    /// It runs once per audited URL and per log line, so it reuses `out`'s storage. A path with
    /// no octet that normalization changes (most of them) is copied as it is; otherwise the array
    /// is grown to the worst case, `3 × count + 1` octets, the path is normalized into it in
    /// place and the rest is removed, which keeps the capacity. (Normalizing into a fresh array
    /// and assigning it, as the parser does for patterns, cost an allocation per URL: 9% of an
    /// audit's instructions.)
    package static func normalizeURLPath(bytes buf: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        guard let range = pathRange(buf) else {
            out.removeAll(keepingCapacity: true)
            out.append(0x2F)
            return
        }
        let source = UnsafeBufferPointer(rebasing: buf[range])
        let lead = buf[range.lowerBound] != 0x2F
        if !hasSpecialOctet(source, flag: SpecialOctets.url) {
            out.removeAll(keepingCapacity: true)
            if lead { out.append(0x2F) }
            out.append(contentsOf: source)
            return
        }
        let need = 3 * source.count + 1
        if out.count < need { out.append(contentsOf: repeatElement(0, count: need - out.count)) }
        let written = out.withUnsafeMutableBufferPointer { dst -> Int in
            var k = 0
            if lead {
                dst[0] = 0x2F
                k = 1
            }
            return k + normalize(source, isPattern: false, into: dst.baseAddress! + k)
        }
        out.removeLast(out.count - written)
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
}
