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
    /// receives the normalized path and query, exactly as the `String` form computes them (both
    /// run `normalizeURLPath(octets:into:)`). It runs once per audited URL and per log line, and
    /// reuses `out`'s storage: no allocation per URL.
    package static func normalizeURLPath(bytes buf: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        normalizeURLPath(octets: buf, into: &out)
    }
}
