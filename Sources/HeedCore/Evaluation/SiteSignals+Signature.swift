// SPDX-License-Identifier: Apache-2.0
// Heed: a cheap exact signature of what decides a URL of a site, so that an audit computes the
// verdict once per host, crawler and signature instead of once per URL.

/// Which rule or entry decides, in every site-level mechanism, for one path: two paths of a site
/// with equal signatures (and no page document of their own) get the same `explain` result for
/// the crawler, up to text that no verdict cites.
package struct PathSignature: Hashable, Sendable {
    /// `RobotsMatcher.decidingSignature` (access, crawlability, implied preferences).
    var access = 0
    /// `RobotsSignals.SignatureProbe.contentUsage`.
    var usage = 0
    /// `RobotsSignals.SignatureProbe.control` for the (at most 3) governing control tokens.
    var control0 = 0
    var control1 = 0
    var control2 = 0
    /// `AITxtSource.decidingSignature`.
    var aiTxt = 0
    /// `TDMRepSource.siteSignature`.
    var tdmrep = 0
    /// `RSLSource.SignatureProbe.signature`.
    var rsl = 0

    /// A cheap 64-bit hash of every field (multiply-rotate mixing), for the auditor's per-site
    /// memo tables; `Hashable`'s SipHash costs more than the rest of a memo hit.
    package var fastHash: UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15
        h = Self.mix(h, access)
        h = Self.mix(h, usage)
        h = Self.mix(h, control0)
        h = Self.mix(h, control1)
        h = Self.mix(h, control2)
        h = Self.mix(h, aiTxt)
        h = Self.mix(h, tdmrep)
        h = Self.mix(h, rsl)
        return h ^ (h >> 29)
    }

    @inline(__always)
    private static func mix(_ h: UInt64, _ field: Int) -> UInt64 {
        let m = (h ^ UInt64(bitPattern: Int64(field))) &* 0xBF58_476D_1CE4_E5B9
        return (m << 31) | (m >> 33)
    }
}

/// The signature of a site's paths for one crawler, prepared once per host and crawler.
///
/// A class, not a struct: it holds half a dozen references and is used once per audited URL, and
/// copying a struct of that size out of the auditor's arrays cost a retain per field per URL.
package final class SiteSignatureProbe: Sendable {
    let agent: ProductToken
    let matcher: RobotsMatcher?
    let robots: RobotsSignals.SignatureProbe?
    let aiTxt: AITxtSource?
    let tdmrep: TDMRepSource
    let rsl: RSLSource.SignatureProbe?

    init(
        agent: ProductToken,
        matcher: RobotsMatcher?,
        robots: RobotsSignals.SignatureProbe?,
        aiTxt: AITxtSource?,
        tdmrep: TDMRepSource,
        rsl: RSLSource.SignatureProbe?
    ) {
        self.agent = agent
        self.matcher = matcher
        self.robots = robots
        self.aiTxt = aiTxt
        self.tdmrep = tdmrep
        self.rsl = rsl
    }

    /// The signature of `path` (normalized as `RobotsPath.normalizedURLPath`).
    package func signature(path: [UInt8]) -> PathSignature {
        var s = PathSignature()
        path.withUnsafeBufferPointer { p in
            if let matcher { s.access = matcher.decidingSignature(normalizedPath: p) }
            if let robots {
                s.usage = robots.contentUsage(p)
                s.control0 = robots.control(0, p)
                s.control1 = robots.control(1, p)
                s.control2 = robots.control(2, p)
            }
        }
        if let aiTxt { s.aiTxt = aiTxt.decidingSignature(agent: agent, path: path) }
        s.tdmrep = tdmrep.siteSignature(path: path) ?? -1
        if let rsl { s.rsl = rsl.signature(path) }
        return s
    }
}

extension SiteSignals {
    /// The signature probe for `agent`, for URLs whose host (lower case, without userinfo or
    /// port) is `host` and that have no page document (a page's headers and head decide too).
    /// `nil` when a site-level source cannot give a signature: the caller then explains every URL.
    package func signatureProbe(agent: ProductToken, host: String) -> SiteSignatureProbe? {
        var matcher: RobotsMatcher?
        if case .parse = robotsBaseline, let robots { matcher = RobotsMatcher(robots, agent: agent) }
        var robotsProbe: RobotsSignals.SignatureProbe?
        var aiTxt: AITxtSource?
        for source in siteSources {
            if let r = source as? RobotsSignals, robotsProbe == nil, let matcher {
                guard let probe = r.signatureProbe(matcher: matcher) else { return nil }
                robotsProbe = probe
            } else if let a = source as? AITxtSource, aiTxt == nil {
                aiTxt = a
            } else {
                return nil
            }
        }
        guard siteTDMRep.siteSignature(path: [0x2F]) != nil else { return nil }
        var rsl: RSLSource.SignatureProbe?
        if let siteRSL {
            guard let probe = siteRSL.signatureProbe(host: host) else { return nil }
            rsl = probe
        }
        return SiteSignatureProbe(
            agent: agent,
            matcher: matcher,
            robots: robotsProbe,
            aiTxt: aiTxt,
            tdmrep: siteTDMRep,
            rsl: rsl
        )
    }
}
