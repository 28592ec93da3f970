// SPDX-License-Identifier: Apache-2.0
// Heed: which robots.txt preference rules decide a path, as small integers (auditor verdict memo).
// Spec: draft-ietf-aipref-attach-05 §3.1 (longest matching Content-Usage rules); control tokens
// per SIGNALS.md §11.3 (RFC 9309 §2.2.2 matching).

extension RobotsSignals {
    /// The path-dependent parts of `statements(for:)` for one crawler, prepared once.
    ///
    /// Everything else `statements(for:)` reads is fixed by the crawler (its groups, its
    /// Content-Signal lines) or by the access decision (`crawlable`, implied preferences), which
    /// the caller identifies with `RobotsMatcher.decidingSignature(normalizedPath:)`.
    package struct SignatureProbe: Sendable {
        /// The Content-Usage rules of the crawler's selected groups, in query order.
        let usage: [UsageRule]
        /// The matchers of the control tokens that govern the crawler (at most 3).
        let controls: [RobotsMatcher]

        /// The Content-Usage winners (a bit per rule of `usage` matching at the longest length):
        /// equal values give the same Content-Usage statements.
        package func contentUsage(_ path: UnsafeBufferPointer<UInt8>) -> Int {
            var best = -1
            var mask = 0
            for (i, rule) in usage.enumerated() {
                if let pattern = rule.pattern, !pattern.matches(path) { continue }
                if rule.length > best {
                    best = rule.length
                    mask = 1 << i
                } else if rule.length == best {
                    mask |= 1 << i
                }
            }
            return mask
        }

        /// The deciding rule of each governing control token (`decidingSignature`), in order.
        package func control(_ k: Int, _ path: UnsafeBufferPointer<UInt8>) -> Int {
            k < controls.count ? controls[k].decidingSignature(normalizedPath: path) : 0
        }
    }

    /// The probe for the crawler `matcher` selects rules for, or `nil` when its Content-Usage
    /// rules (more than 62) or governing control tokens (more than 3) do not fit the signature.
    package func signatureProbe(matcher: RobotsMatcher) -> SignatureProbe? {
        let usage = matcher.groups.flatMap { usageByGroup[$0] ?? [] }
        let governing = controls.filter { $0.keys.contains(matcher.agent.key) }.map(\.matcher)
        guard usage.count <= 62, governing.count <= 3 else { return nil }
        return SignatureProbe(usage: usage, controls: governing)
    }
}
