// SPDX-License-Identifier: Apache-2.0
// HeedFetch: the public fetcher: URL checks, redirects hop by hop, retries with backoff, politeness.
// Spec: RFC 9110 §15.4 (redirects), §10.2.3 (Retry-After); RFC 9309 §2.3.1.2 (five redirects).

import Foundation
import HeedCore

/// Fetches documents concurrently, politely and safely.
///
/// - Only `http` and `https` URLs are fetched: anything else (`file:`, `gopher:`, `ftp:`) fails with `.badURL`
///   before any I/O, and libcurl is also limited to those protocols.
/// - Redirects are followed here, not by libcurl: each hop is a new transfer, admitted by the scheduler for its
///   own host and checked by the address guard at connect time. A target that is not http(s) fails with
///   `.redirect`; more than `maxRedirects` hops (loops included) fail with `.tooManyRedirects`.
/// - A 5xx status, a network failure or a timeout is retried `retries` times, waiting `backoff`, then twice that,
///   and so on, without holding any slot while waiting. A 429 is returned at once, not retried; its
///   `Retry-After` (as for a 503) holds later requests to that host, up to `maxRetryAfter`.
/// - Politeness (`PoliteScheduler`): `concurrency` transfers at once, `perHost` per host, Crawl-delay spacing
///   set with `setCrawlDelay`.
///
/// Call `shutdown()` when done; it also runs when the fetcher is released.
public final class Fetcher: Sendable {
    /// The configuration it was created with.
    public let configuration: FetchConfiguration
    private let driver: CurlDriver
    private let scheduler: PoliteScheduler

    /// Creates a fetcher and starts its driver thread.
    public init(configuration: FetchConfiguration = FetchConfiguration()) {
        self.configuration = configuration
        driver = CurlDriver(connections: configuration.concurrency)
        scheduler = PoliteScheduler(concurrency: configuration.concurrency, perHost: configuration.perHost)
    }

    deinit { driver.shutdown() }

    /// Stops the driver thread; fetches in flight fail with `.cancelled`, and so do later ones.
    public func shutdown() { driver.shutdown() }

    /// Spaces request starts to `host` by `delay` (a robots.txt `Crawl-delay` the caller read); zero removes it.
    public func setCrawlDelay(_ delay: Duration, host: String) async {
        scheduler.setCrawlDelay(delay, host: host.lowercased())
    }

    /// Fetches `request.url`, following redirects.
    public func fetch(_ request: FetchRequest) async throws(HeedFetchError) -> FetchResponse {
        let clock = ContinuousClock()
        let began = clock.now
        guard let origin = TargetURL(request.url), origin.isWeb else {
            throw HeedFetchError(.badURL, location: request.url, "only absolute http and https URLs are fetched")
        }
        let maxRedirects = request.maxRedirects ?? configuration.maxRedirects
        var target = origin
        var redirects: [String] = []
        while true {
            let (result, attempts) = try await exchange(target, request: request, sameHost: target.host == origin.host)
            if (300..<400).contains(result.status), let next = result.redirectURL {
                guard let nextTarget = TargetURL(next), nextTarget.isWeb else {
                    var error = HeedFetchError(
                        .redirect,
                        location: target.url,
                        "HTTP \(result.status) redirects to \(next), which is not an http or https URL"
                    )
                    error.status = result.status
                    throw error
                }
                guard redirects.count < maxRedirects else {
                    var error = HeedFetchError(
                        .tooManyRedirects,
                        location: request.url,
                        "more than \(maxRedirects) redirects: " + ([request.url] + redirects).joined(separator: " -> ")
                    )
                    error.status = result.status
                    throw error
                }
                redirects.append(next)
                target = nextTarget
                continue
            }
            return FetchResponse(
                url: request.url,
                finalURL: target.url,
                status: result.status,
                headers: result.headers,
                body: result.body,
                redirects: redirects,
                elapsed: clock.now - began,
                truncated: result.truncated,
                attempts: attempts,
                retryAfter: retryAfter(result.headers)
            )
        }
    }

    /// One hop, with retries. Returns the result and how many attempts it took.
    private func exchange(
        _ target: TargetURL,
        request: FetchRequest,
        sameHost: Bool
    ) async throws(HeedFetchError) -> (TransferResult, Int) {
        let spec = transferSpec(target, request: request, sameHost: sameHost)
        var attempt = 1
        while true {
            guard let ticket = await scheduler.acquire(host: target.host) else {
                throw HeedFetchError(.cancelled, location: target.url, "cancelled while waiting for a slot")
            }
            let outcome = await driver.perform(spec)
            scheduler.release(ticket)
            let retryable: Bool
            switch outcome {
            case .success(let result):
                if result.status == 429 || result.status == 503, let seconds = retryAfter(result.headers) {
                    let wait = min(Duration.seconds(seconds), configuration.maxRetryAfter)
                    scheduler.hold(host: target.host, until: ContinuousClock().now + wait)
                }
                retryable = (500..<600).contains(result.status)
                if !retryable || attempt > configuration.retries { return (result, attempt) }
            case .failure(let error):
                retryable = error.code == .network || error.code == .timeout
                if !retryable || attempt > configuration.retries { throw error }
            }
            let factor = 1 << min(attempt - 1, 16)
            do {
                try await Task.sleep(for: configuration.backoff * factor)
            } catch {
                throw HeedFetchError(.cancelled, location: target.url, "cancelled during backoff")
            }
            attempt += 1
        }
    }

    private func transferSpec(_ target: TargetURL, request: FetchRequest, sameHost: Bool) -> TransferSpec {
        var resolve: String?
        var connectTo: String?
        if let address = Self.override(request.resolve, host: target.host, port: target.port) {
            if var port = Self.explicitPort(address) {
                if port.host.isEmpty { port.host = target.host }
                if port.port == 0 { port.port = target.port }
                // `IPv4:port` or `[IPv6]:port`: connect there instead (CURLOPT_CONNECT_TO), keeping
                // the URL's host and port in the request, so a loopback server on any port can
                // stand in for `http://site.test/` (the demo and tests).
                connectTo = "\(target.host):\(target.port):\(port.host):\(port.port)"
            } else {
                let literal = address.contains(":") && !address.hasPrefix("[") ? "[\(address)]" : address
                resolve = "\(target.host):\(target.port):\(literal)"
            }
        }
        let lines = sameHost ? request.headers.fields.map { "\($0.name): \($0.value)" } : []
        return TransferSpec(
            url: target.url,
            maxBytes: max(0, request.maxBytes),
            connectTimeoutMS: configuration.connectTimeout.milliseconds,
            totalTimeoutMS: (request.timeout ?? configuration.totalTimeout).milliseconds,
            lowSpeedLimit: configuration.lowSpeedLimit,
            lowSpeedTime: configuration.lowSpeedTime,
            userAgent: configuration.userAgent,
            headerLines: lines,
            resolve: resolve,
            connectTo: connectTo,
            allowPrivate: configuration.allowPrivate
        )
    }

    /// The override for `host` and `port`: the most specific of `host:port`, `host`, `*:port`, `*`.
    static func override(_ map: [String: String], host: String, port: Int) -> String? {
        guard !map.isEmpty else { return nil }
        for key in ["\(host):\(port)", host, "*:\(port)", "*"] {
            if let value = map[key] { return value }
        }
        return map.first { $0.key.lowercased() == host || $0.key.lowercased() == "\(host):\(port)" }?.value
    }

    /// `127.0.0.1:8080` → (`127.0.0.1`, 8080); `[::1]:8080` → (`[::1]`, 8080); `:8080` → (``, 8080) (keep the
    /// host); `127.0.0.1:` → (`127.0.0.1`, 0) (keep the port); a bare address → nil.
    static func explicitPort(_ address: String) -> (host: String, port: Int)? {
        if address.hasPrefix("[") {
            guard let close = address.firstIndex(of: "]") else { return nil }
            let rest = address[address.index(after: close)...]
            guard rest.hasPrefix(":") else { return nil }
            if rest.count == 1 { return (String(address[...close]), 0) }
            guard let port = Int(rest.dropFirst()), (1...65535).contains(port) else { return nil }
            return (String(address[...close]), port)
        }
        let parts = address.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        if parts[1].isEmpty { return parts[0].isEmpty ? nil : (String(parts[0]), 0) }
        guard let port = Int(parts[1]), (1...65535).contains(port) else { return nil }
        return (String(parts[0]), port)
    }

    /// `Retry-After` in seconds: delta-seconds, or an HTTP-date (RFC 9110 §5.6.7) relative to now; `nil` otherwise.
    func retryAfter(_ headers: HTTPHeaders) -> Int? {
        guard let value = headers.values("Retry-After").first?.trimmingCharacters(in: .whitespaces) else {
            return nil
        }
        if let seconds = Int(value), seconds >= 0 { return seconds }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        guard let date = formatter.date(from: value) else { return nil }
        return max(0, Int(date.timeIntervalSinceNow.rounded(.up)))
    }
}

extension Fetcher {
    /// Whether `address` is a valid override with a port (`IP:PORT`, `[v6]:PORT`, `:PORT`, `IP:`), for
    /// command-line checks.
    public static func explicitPortIsValid(_ address: String) -> Bool { explicitPort(address) != nil }
}
