// SPDX-License-Identifier: Apache-2.0
// HeedFetch: the public value types of a fetch: request, response, configuration.
// Spec: RFC 9309 §2.3.1.2 (five redirects), §2.5 (size limit of at least 500 KiB); RFC 9110 §10.2.3 (Retry-After).

public import HeedCore

/// One document to fetch.
public struct FetchRequest: Sendable, Hashable {
    /// The absolute http or https URL.
    public var url: String
    /// The body cap in bytes, counted after content decoding (gzip, br, zstd): a body that decodes to more
    /// is cut at exactly this many bytes and reported `truncated`.
    public var maxBytes: Int
    /// The total time allowed for one attempt on the wire (connect + transfer), or `nil` for the
    /// configuration's `totalTimeout`. Time queued behind politeness limits does not count.
    public var timeout: Duration?
    /// Host name → IP address overrides (curl's `CURLOPT_RESOLVE`), for tests and the demo:
    /// `["a.test": "127.0.0.1"]`.
    /// The key `*` maps every host not listed; a key may name a port too (`a.test:443`, `*:80`), and the most
    /// specific key wins (`host:port`, `host`, `*:port`, `*`). A value with a port (`127.0.0.1:8080`,
    /// `[::1]:8080`) connects there instead, keeping the URL (`CURLOPT_CONNECT_TO`); an empty host (`:8080`)
    /// keeps the URL's host and an empty port (`127.0.0.1:`) its port, as in curl's `--connect-to`. The
    /// address guard still checks the address that is connected to.
    public var resolve: [String: String]
    /// Extra request headers, e.g. `If-None-Match` / `If-Modified-Since` for a conditional re-fetch. They are sent
    /// to the requested host and to redirect targets on the same host only.
    public var headers: HTTPHeaders
    /// Overrides the configuration's `maxRedirects` for this request (robots.txt uses 5).
    public var maxRedirects: Int?

    /// Creates a request; `maxBytes` defaults to 2 MiB.
    public init(
        url: String,
        maxBytes: Int = 2 << 20,
        timeout: Duration? = nil,
        resolve: [String: String] = [:],
        headers: HTTPHeaders = HTTPHeaders(),
        maxRedirects: Int? = nil
    ) {
        self.url = url
        self.maxBytes = maxBytes
        self.timeout = timeout
        self.resolve = resolve
        self.headers = headers
        self.maxRedirects = maxRedirects
    }
}

/// The final response of a fetch, after redirects.
public struct FetchResponse: Sendable, Hashable {
    /// The URL that was requested.
    public var url: String
    /// The URL that answered (the last redirect target, or `url`).
    public var finalURL: String
    /// The HTTP status of the final response.
    public var status: Int
    /// The headers of the final response, in order (never those of a redirect or a 1xx response).
    public var headers: HTTPHeaders
    /// The decoded body, at most `FetchRequest.maxBytes` bytes.
    public var body: [UInt8]
    /// Every redirect target followed, in order (empty when there was no redirect).
    public var redirects: [String]
    /// Wall time from the call to `fetch` to its return, politeness waits and retries included.
    public var elapsed: Duration
    /// The body was cut at the cap.
    public var truncated: Bool
    /// How many times the last hop was tried (1 when the first attempt was final).
    public var attempts: Int
    /// `Retry-After` of the final response in seconds (delta-seconds or an HTTP-date), when present and valid.
    public var retryAfter: Int?

    /// Creates a response (the fetcher does; tests and snapshot readers may too).
    public init(
        url: String,
        finalURL: String,
        status: Int,
        headers: HTTPHeaders,
        body: [UInt8],
        redirects: [String] = [],
        elapsed: Duration = .zero,
        truncated: Bool = false,
        attempts: Int = 1,
        retryAfter: Int? = nil
    ) {
        self.url = url
        self.finalURL = finalURL
        self.status = status
        self.headers = headers
        self.body = body
        self.redirects = redirects
        self.elapsed = elapsed
        self.truncated = truncated
        self.attempts = attempts
        self.retryAfter = retryAfter
    }
}

/// How the fetcher behaves: limits, politeness, safety.
public struct FetchConfiguration: Sendable, Hashable {
    /// Transfers on the wire at once, across all hosts.
    public var concurrency: Int
    /// Transfers on the wire at once to one host (one connection: HTTP/1.1 keep-alive reuses it).
    public var perHost: Int
    /// The User-Agent header. It should name Heed and a contact URL for site operators.
    public var userAgent: String
    /// Time allowed to connect (DNS + TCP + TLS).
    public var connectTimeout: Duration
    /// Time allowed for one attempt, connect included.
    public var totalTimeout: Duration
    /// With `lowSpeedTime`: an attempt slower than this many bytes per second for that many seconds is aborted
    /// as a timeout, so a trickling server cannot hold a slot.
    public var lowSpeedLimit: Int
    /// See `lowSpeedLimit`, in whole seconds.
    public var lowSpeedTime: Int
    /// Redirects followed before `.tooManyRedirects` (RFC 9309 §2.3.1.2: at least five).
    public var maxRedirects: Int
    /// Connect to private, loopback, link-local, CGNAT and other non-public addresses. Off by default; tests on
    /// loopback turn it on.
    public var allowPrivate: Bool
    /// Extra attempts after a 5xx status, a network failure or a timeout (0 = no retry).
    public var retries: Int
    /// The wait before the first retry; each further retry waits twice as long.
    public var backoff: Duration
    /// The longest `Retry-After` (of a 429 or 503) that delays later requests to that host.
    public var maxRetryAfter: Duration

    /// The default User-Agent. Deployments should set their own contact URL.
    public static let defaultUserAgent = "Heed/0.1 (+https://heed.invalid/bot; AI-preference signal reader)"

    /// Creates a configuration; the defaults suit a polite crawl of many hosts.
    public init(
        concurrency: Int = 64,
        perHost: Int = 1,
        userAgent: String = FetchConfiguration.defaultUserAgent,
        connectTimeout: Duration = .seconds(10),
        totalTimeout: Duration = .seconds(30),
        lowSpeedLimit: Int = 256,
        lowSpeedTime: Int = 10,
        maxRedirects: Int = 5,
        allowPrivate: Bool = false,
        retries: Int = 2,
        backoff: Duration = .seconds(1),
        maxRetryAfter: Duration = .seconds(120)
    ) {
        self.concurrency = max(1, concurrency)
        self.perHost = max(1, perHost)
        self.userAgent = userAgent
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.lowSpeedLimit = lowSpeedLimit
        self.lowSpeedTime = lowSpeedTime
        self.maxRedirects = maxRedirects
        self.allowPrivate = allowPrivate
        self.retries = max(0, retries)
        self.backoff = backoff
        self.maxRetryAfter = maxRetryAfter
    }
}

/// The response as a HeedCore `Document`: `url` and `location` are the requested URL (RFC 9309 §2.3.1.2 applies
/// what a redirect returns in the context of the original URL; the final URL is in `FetchResponse.finalURL`).
public func document(_ response: FetchResponse) -> Document {
    Document(
        url: response.url,
        location: response.url,
        status: response.status,
        headers: response.headers,
        body: response.body
    )
}

extension Duration {
    /// Whole milliseconds, rounded up, at least 1 (curl treats 0 as "no limit").
    var milliseconds: Int {
        let (s, atto) = components
        let ms = s * 1000 + (atto + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int(max(1, ms))
    }
}
