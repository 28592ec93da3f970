// SPDX-License-Identifier: Apache-2.0
// HeedFetch tests: robots.txt fetch outcomes as RFC 9309 §2.3.1 classifies them, against the loopback server.

import HeedCore
import HeedFetch
import Testing

@Suite(.serialized, .timeLimit(.minutes(1)))
struct RobotsFetchTests {
    let server: TestServer

    init() throws { server = try TestServer() }

    func robots(_ host: String, retries: Int = 0) async -> RobotsFetchResult {
        let fetcher = Fetcher(configuration: testConfiguration(retries: retries, totalTimeout: .seconds(1)))
        defer { fetcher.shutdown() }
        return await RobotsFetch.fetch(site: "http://\(host):\(server.port)", with: fetcher, resolve: loopback)
    }

    func robotsURL(_ host: String) -> String { server.url(host, "/robots.txt") }

    @Test func okIsParsed() async {
        let result = await robots("site.test")
        #expect(result.outcome == .status(200))
        #expect(result.baseline == .parse)
        #expect(result.document?.body == TestServer.robots.bytes)
        #expect(result.document?.url == robotsURL("site.test"))
    }

    @Test func notFoundAllowsAll() async {
        let result = await robots("r404.test")
        #expect(result.outcome == .status(404))
        #expect(result.document?.status == 404)
        guard case .allowAll = result.baseline else {
            Issue.record("expected allow-all, got \(result.baseline)")
            return
        }
    }

    @Test func serverErrorDisallowsAllAfterRetries() async throws {
        let result = await robots("r500.test", retries: 1)
        #expect(result.outcome == .status(500))
        #expect(result.response?.attempts == 2)
        #expect(try await server.hits("r500.test", "/robots.txt") == 2)
        guard case .disallowAll = result.baseline else {
            Issue.record("expected disallow-all, got \(result.baseline)")
            return
        }
    }

    @Test func tooManyRequestsDisallowsAllLikeGoogle() async throws {
        let result = await robots("r429.test", retries: 2)
        #expect(result.outcome == .status(429))
        #expect(result.response?.retryAfter == 1)
        #expect(try await server.hits("r429.test", "/robots.txt") == 1)
        guard case .disallowAll = result.baseline else {
            Issue.record("expected disallow-all, got \(result.baseline)")
            return
        }
    }

    @Test func threeRedirectsAreFollowedInTheOriginalHostsContext() async {
        let result = await robots("rchain3.test")
        #expect(result.outcome == .status(200))
        #expect(result.document?.body == TestServer.robots.bytes)
        #expect(result.document?.url == robotsURL("rchain3.test"))
        #expect(result.document?.location == robotsURL("rchain3.test"))
        #expect(result.response?.finalURL == server.url("rchain3.test", "/robots-hop/0"))
        #expect(result.response?.redirects.count == 3)
    }

    @Test func fiveRedirectsAreFollowedSixAreNot() async {
        let five = await robots("rchain5.test")
        #expect(five.outcome == .status(200))
        let six = await robots("rchain6.test")
        #expect(six.outcome == .tooManyRedirects)
        #expect(six.document == nil)
        guard case .allowAll = six.baseline else {
            Issue.record("expected allow-all, got \(six.baseline)")
            return
        }
    }

    @Test func redirectToFileIsUnavailable() async {
        let result = await robots("rfile.test")
        #expect(result.outcome == .status(302))
        #expect(result.document == nil)
        guard case .allowAll = result.baseline else {
            Issue.record("expected allow-all, got \(result.baseline)")
            return
        }
    }

    @Test func twentyMegabytesAreCutAtTheLastLineWithinTheCap() async {
        let result = await robots("rbig.test")
        #expect(result.outcome == .status(200))
        #expect(result.response?.truncated == true)
        // 500 KiB = 512,000 bytes; whole 13-byte lines "Disallow: /x\n" that fit: 39,384 → 511,992 bytes.
        #expect(RobotsFetch.maxBytes == 512_000)
        #expect(result.document?.body.count == 511_992)
        #expect(result.document?.body.last == 0x0A)
    }

    @Test func silentServerIsANetworkFailure() async {
        let result = await robots("rhang.test")
        guard case .networkFailure(let what) = result.outcome else {
            Issue.record("expected a network failure, got \(result.outcome)")
            return
        }
        #expect(what.hasPrefix("timeout"))
        #expect(result.document == nil)
    }

    @Test func forbiddenAddressIsANetworkFailure() async {
        let fetcher = Fetcher(configuration: testConfiguration(allowPrivate: false))
        defer { fetcher.shutdown() }
        let result = await RobotsFetch.fetch(site: "http://127.0.0.1:\(server.port)", with: fetcher)
        guard case .networkFailure(let what) = result.outcome else {
            Issue.record("expected a network failure, got \(result.outcome)")
            return
        }
        #expect(what.hasPrefix("forbidden-address"))
    }
}

struct RobotsURLTests {
    @Test(arguments: [
        ("example.com", "https://example.com/robots.txt"),
        ("https://Example.COM/a/b?c=d#e", "https://example.com/robots.txt"),
        ("http://example.com:8080/x", "http://example.com:8080/robots.txt"),
        ("http://example.com:80/", "http://example.com/robots.txt"),
        ("https://example.com:443", "https://example.com/robots.txt"),
        ("https://[2001:db8::1]/", "https://[2001:db8::1]/robots.txt"),
    ])
    func robotsURL(site: String, expected: String) {
        #expect(RobotsFetch.robotsURL(for: site) == expected)
    }

    @Test(arguments: ["ftp://example.com/", "file:///etc/passwd", "http://", ""])
    func noRobotsURL(site: String) {
        #expect(RobotsFetch.robotsURL(for: site) == nil)
    }

    @Test func truncatedBodyWithoutLineBreakIsDropped() {
        let response = FetchResponse(
            url: "https://a.example/robots.txt",
            finalURL: "https://a.example/robots.txt",
            status: 200,
            headers: HTTPHeaders(),
            body: Array("Allow: /pub".utf8),
            truncated: true
        )
        let result = RobotsFetch.classify(.success(response), url: "https://a.example/robots.txt")
        #expect(result.document?.body == [])
        #expect(result.outcome == .status(200))
    }
}
