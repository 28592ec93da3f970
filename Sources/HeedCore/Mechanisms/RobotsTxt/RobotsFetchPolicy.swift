// SPDX-License-Identifier: Apache-2.0
// Heed: what a robots.txt fetch outcome means for access, as data the fetcher uses.
// Spec: RFC 9309 section 2.3.1 (2xx success, 3xx redirects, 4xx unavailable, 5xx unreachable),
// section 2.4 (caching, 24 hours), section 2.5 (limits).

/// The result of trying to fetch `/robots.txt`, as the fetcher reports it.
public enum RobotsFetchOutcome: Sendable, Hashable {
    /// The final HTTP status after following redirects.
    case status(Int)
    /// More redirects than `RobotsFetchPolicy.maxRedirects`.
    case tooManyRedirects
    /// DNS, connection, TLS, timeout or other network failure.
    case networkFailure(String)
}

/// What the crawler may do before any rule is read.
public enum RobotsBaseline: Sendable, Hashable {
    /// Parse the body and follow its rules (2xx).
    case parse
    /// Everything is allowed: the file is "unavailable" (RFC 9309 §2.3.1.3).
    case allowAll(reason: String)
    /// Nothing is allowed: the file is "unreachable" (RFC 9309 §2.3.1.4).
    case disallowAll(reason: String)
}

/// RFC 9309's fetch rules as data.
///
/// Decisions where the RFC leaves room:
/// - **429 Too Many Requests** is a 4xx, so the RFC reads it as "allow all". Google treats it as a
///   server error (disallow all) because the site is asking crawlers to slow down; Heed does the
///   same: reading a rate limit as permission would be the wrong way round for a tool that
///   audits consent.
/// - **More than 5 redirects**: the RFC says a crawler MAY treat the file as unavailable; Heed
///   does (allow all), as Google does, and says so in the reason.
/// - **Unreachable for a long time** (RFC: e.g. 30 days): the caller decides, with the store's
///   history; this type only classifies one fetch.
public enum RobotsFetchPolicy {
    /// RFC 9309 §2.3.1.2: crawlers SHOULD follow at least five consecutive redirects.
    public static let maxRedirects = 5
    /// RFC 9309 §2.4: a cached copy SHOULD NOT be used for more than 24 hours.
    public static let maxCacheSeconds = 24 * 3600

    /// RFC 9309's own reading of `outcome` where Heed's `baseline(for:)` departs from it, to state
    /// beside Heed's decision ("report both"); `nil` where the two agree.
    ///
    /// Only 429 departs: RFC 9309 §2.3.1.3 makes every 4xx "unavailable", so a crawler that follows
    /// the RFC alone may fetch everything, while Heed, as Google, disallows everything.
    public static func rfcReading(for outcome: RobotsFetchOutcome) -> String? {
        guard case .status(429) = outcome else { return nil }
        return "RFC 9309 §2.3.1.3 reads any 4xx, 429 included, as unavailable: allow all"
    }

    /// The baseline for a fetch outcome.
    public static func baseline(for outcome: RobotsFetchOutcome) -> RobotsBaseline {
        switch outcome {
        case .status(let code) where (200..<300).contains(code):
            return .parse
        case .status(429):
            return .disallowAll(
                reason: "HTTP 429: treated as a server error (as Google does), so nothing may be fetched; "
                    + (rfcReading(for: outcome) ?? "")
            )
        case .status(let code) where (400..<500).contains(code):
            return .allowAll(reason: "HTTP \(code): robots.txt is unavailable, so everything is allowed")
        case .status(let code) where (500..<600).contains(code):
            return .disallowAll(reason: "HTTP \(code): robots.txt is unreachable, so nothing may be fetched")
        case .status(let code) where (300..<400).contains(code):
            return .allowAll(
                reason: "HTTP \(code) without a usable Location: treated as unavailable, so everything is allowed"
            )
        case .status(let code):
            return .disallowAll(reason: "HTTP \(code) is not a valid status: treated as unreachable")
        case .tooManyRedirects:
            return .allowAll(
                reason: "more than \(maxRedirects) redirects: robots.txt is unavailable, so everything is allowed"
            )
        case .networkFailure(let what):
            return .disallowAll(
                reason: "network failure (\(what)): robots.txt is unreachable, so nothing may be fetched"
            )
        }
    }
}
