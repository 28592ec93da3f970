// SPDX-License-Identifier: Apache-2.0
// HeedFetch: fetching /robots.txt and classifying the outcome as RFC 9309 says.
// Spec: RFC 9309 §2.3 (location), §2.3.1 (access results), §2.5 (limits: at least 500 KiB).

public import HeedCore

/// What a robots.txt fetch produced: the outcome to classify and, when there was a response, the document.
public struct RobotsFetchResult: Sendable, Hashable {
    /// `scheme://authority/robots.txt` of the host asked about.
    public var url: String
    /// The outcome, for `RobotsFetchPolicy.baseline(for:)`.
    public var outcome: RobotsFetchOutcome
    /// The final response as a document answering `url` (redirects are applied in the context of the original
    /// host, RFC 9309 §2.3.1.2); `nil` when there was no usable response (network failure, forbidden address,
    /// too many redirects, a redirect that cannot be followed).
    public var document: Document?
    /// The response itself, for its final URL, redirect chain, timing and `truncated` flag.
    public var response: FetchResponse?

    /// What the outcome means before any rule is read.
    public var baseline: RobotsBaseline { RobotsFetchPolicy.baseline(for: outcome) }
}

/// Fetch semantics of robots.txt, as data.
///
/// Decisions:
/// - The size cap defaults to 500 KiB (512,000 bytes), the least RFC 9309 §2.5 allows. A truncated body is cut
///   back to its last line break, so a half-read rule (`Allow: /` cut out of `Allow: /public/`) is never parsed.
/// - A redirect whose target is not http(s) (`file:`, `gopher:`) cannot be followed: the outcome is its 3xx status,
///   which `RobotsFetchPolicy` reads as "unavailable" (allow all), as for a 3xx without a usable `Location`.
/// - A refused address (the address guard), a bad URL or a cancelled fetch is a network failure: nothing was read,
///   so nothing is allowed.
public enum RobotsFetch {
    /// The default cap: 500 KiB.
    public static let maxBytes = 500 * 1024

    /// The robots.txt URL for a site: `https://example.com/robots.txt` from `https://example.com/any/path?q`,
    /// `example.com` (https assumed) or `http://example.com:8080`; `nil` when there is no http(s) host.
    public static func robotsURL(for site: String) -> String? {
        let absolute = site.contains("://") ? site : "https://" + site
        guard let target = TargetURL(absolute), target.isWeb else { return nil }
        let defaultPort = target.scheme == "https" ? 443 : 80
        let port = target.port == defaultPort ? "" : ":\(target.port)"
        return "\(target.scheme)://\(target.host)\(port)/robots.txt"
    }

    /// Fetches the site's robots.txt with `fetcher` and classifies the result.
    public static func fetch(
        site: String,
        with fetcher: Fetcher,
        maxBytes: Int = RobotsFetch.maxBytes,
        resolve: [String: String] = [:],
        headers: HTTPHeaders = HTTPHeaders()
    ) async -> RobotsFetchResult {
        guard let url = robotsURL(for: site) else {
            return classify(.failure(HeedFetchError(.badURL, location: site, "not an http(s) site")), url: site)
        }
        let request = FetchRequest(
            url: url,
            maxBytes: maxBytes,
            resolve: resolve,
            headers: headers,
            maxRedirects: RobotsFetchPolicy.maxRedirects
        )
        do {
            return classify(.success(try await fetcher.fetch(request)), url: url)
        } catch {
            return classify(.failure(error), url: url)
        }
    }

    /// Classifies a fetch result (pure: no I/O).
    public static func classify(_ result: Result<FetchResponse, HeedFetchError>, url: String) -> RobotsFetchResult {
        switch result {
        case .success(var response):
            if response.truncated, let lastBreak = response.body.lastIndex(where: { $0 == 0x0A || $0 == 0x0D }) {
                response.body.removeSubrange((lastBreak + 1)...)
            } else if response.truncated {
                response.body = []
            }
            var doc = document(response)
            doc.url = url
            doc.location = url
            return RobotsFetchResult(url: url, outcome: .status(response.status), document: doc, response: response)
        case .failure(let error):
            let outcome: RobotsFetchOutcome
            switch error.code {
            case .tooManyRedirects: outcome = .tooManyRedirects
            case .redirect: outcome = .status(error.status ?? 300)
            default: outcome = .networkFailure("\(error.code): \(error.message)")
            }
            return RobotsFetchResult(url: url, outcome: outcome, document: nil, response: nil)
        }
    }
}
