// SPDX-License-Identifier: Apache-2.0
// HeedFetch tests: the fetcher against a loopback server that misbehaves on purpose.

import Foundation
import HeedCore
import HeedFetch
import Testing

@Suite(.serialized, .timeLimit(.minutes(1)))
struct FetcherTests {
    let server: TestServer

    init() throws { server = try TestServer() }

    @Test func plainGet() async throws {
        let fetcher = Fetcher(configuration: testConfiguration())
        defer { fetcher.shutdown() }
        let url = server.url("a.test", "/ok")
        let response = try await fetcher.fetch(server.request("a.test", "/ok"))
        #expect(response.status == 200)
        #expect(response.body == "hello a.test".bytes)
        #expect(response.url == url)
        #expect(response.finalURL == url)
        #expect(response.redirects.isEmpty)
        #expect(!response.truncated)
        #expect(response.attempts == 1)
        #expect(response.headers.values("content-type") == ["text/plain"])
        #expect(response.headers.values("Content-Length") == ["12"])
        let doc = document(response)
        #expect(doc.url == url && doc.location == url && doc.status == 200 && doc.body == response.body)
    }

    @Test func userAgentDefaultAndConfigured() async throws {
        let plain = Fetcher(configuration: testConfiguration())
        defer { plain.shutdown() }
        let seen = String(decoding: try await plain.fetch(server.request("a.test", "/echo")).body, as: UTF8.self)
        #expect(seen.contains("User-Agent: \(FetchConfiguration.defaultUserAgent)\n"))
        #expect(FetchConfiguration.defaultUserAgent.hasPrefix("Heed/"))
        #expect(FetchConfiguration.defaultUserAgent.contains("+https://"))
        var configuration = testConfiguration()
        configuration.userAgent = "HeedTest/1 (+https://example.org/contact)"
        let custom = Fetcher(configuration: configuration)
        defer { custom.shutdown() }
        let echoed = String(decoding: try await custom.fetch(server.request("a.test", "/echo")).body, as: UTF8.self)
        #expect(echoed.contains("User-Agent: HeedTest/1 (+https://example.org/contact)\n"))
        #expect(echoed.contains("Accept-Encoding: "))
    }

    @Test func conditionalRefetch() async throws {
        let fetcher = Fetcher(configuration: testConfiguration())
        defer { fetcher.shutdown() }
        let first = try await fetcher.fetch(server.request("a.test", "/etag"))
        #expect(first.status == 200)
        #expect(first.headers.values("ETag") == ["\"v1\""])
        var again = server.request("a.test", "/etag")
        again.headers = HTTPHeaders([("If-None-Match", "\"v1\"")])
        let second = try await fetcher.fetch(again)
        #expect(second.status == 304)
        #expect(second.body.isEmpty)
    }

    @Test func serverErrorsAreRetriedWithBackoff() async throws {
        let fetcher = Fetcher(configuration: testConfiguration(retries: 2))
        defer { fetcher.shutdown() }
        let recovered = try await fetcher.fetch(server.request("a.test", "/flaky/2"))
        #expect(recovered.status == 200)
        #expect(recovered.body == "recovered".bytes)
        #expect(recovered.attempts == 3)
        #expect(try await server.hits("a.test", "/flaky/2") == 3)
        // Backoff 50 ms then 100 ms: at least 150 ms in all.
        #expect(recovered.elapsed >= .milliseconds(150))

        let broken = try await fetcher.fetch(server.request("a.test", "/status/500"))
        #expect(broken.status == 500)
        #expect(broken.attempts == 3)
        #expect(try await server.hits("a.test", "/status/500") == 3)

        let missing = try await fetcher.fetch(server.request("a.test", "/status/404"))
        #expect(missing.status == 404)
        #expect(missing.attempts == 1)
    }

    @Test func tooManyRequestsIsNotRetriedAndHoldsTheHost() async throws {
        let fetcher = Fetcher(configuration: testConfiguration(retries: 3))
        defer { fetcher.shutdown() }
        let limited = try await fetcher.fetch(server.request("a.test", "/limited"))
        #expect(limited.status == 429)
        #expect(limited.attempts == 1)
        #expect(limited.retryAfter == 2)
        #expect(try await server.hits("a.test", "/limited") == 1)
        // Another host is not held.
        let other = try await fetcher.fetch(server.request("b.test", "/ok"))
        #expect(other.elapsed < .seconds(1))
        // The same host is held for Retry-After (2 s) from the 429.
        let next = try await fetcher.fetch(server.request("a.test", "/ok"))
        #expect(next.status == 200)
        #expect(next.elapsed >= .milliseconds(1_500))
    }

    @Test func redirectChainOfThree() async throws {
        let fetcher = Fetcher(configuration: testConfiguration())
        defer { fetcher.shutdown() }
        let response = try await fetcher.fetch(server.request("a.test", "/chain/3"))
        #expect(response.status == 200)
        #expect(response.body == "end of chain".bytes)
        #expect(response.url == server.url("a.test", "/chain/3"))
        #expect(response.redirects == ["/chain/2", "/chain/1", "/chain/0"].map { server.url("a.test", $0) })
        #expect(response.finalURL == server.url("a.test", "/chain/0"))
    }

    @Test func redirectChainOfSixExceedsTheLimit() async throws {
        let fetcher = Fetcher(configuration: testConfiguration())
        defer { fetcher.shutdown() }
        let error = await fetcher.failure(server.request("a.test", "/chain/6"))
        #expect(error?.code == .tooManyRedirects)
        #expect(error?.status == 302)
        // Five redirects followed (6 → 1); the sixth (to /chain/0) is not.
        #expect(try await server.hits("a.test", "/chain/1") == 1)
        #expect(try await server.hits("a.test", "/chain/0") == 0)
    }

    @Test func redirectLoop() async throws {
        let fetcher = Fetcher(configuration: testConfiguration())
        defer { fetcher.shutdown() }
        let error = await fetcher.failure(server.request("a.test", "/loop"))
        #expect(error?.code == .tooManyRedirects)
        #expect(try await server.hits("a.test", "/loop") == 6)
    }

    @Test func redirectToAnotherHost() async throws {
        let fetcher = Fetcher(configuration: testConfiguration())
        defer { fetcher.shutdown() }
        let response = try await fetcher.fetch(server.request("a.test", "/cross?to=b.test"))
        #expect(response.status == 200)
        #expect(response.body == "hello b.test".bytes)
        #expect(response.redirects == [server.url("b.test", "/ok")])
        #expect(response.finalURL == server.url("b.test", "/ok"))
    }

    @Test(arguments: [("/to-file", "file:///etc/passwd"), ("/to-gopher", "gopher://")])
    func redirectToForbiddenScheme(path: String, target: String) async throws {
        let fetcher = Fetcher(configuration: testConfiguration())
        defer { fetcher.shutdown() }
        let error = await fetcher.failure(server.request("a.test", path))
        #expect(error?.code == .redirect)
        #expect(error?.status == 302)
        #expect(error?.message.contains(target) == true)
    }

    @Test(arguments: ["file:///etc/passwd", "gopher://127.0.0.1/1", "ftp://127.0.0.1/x", "not a url", "http://", "/ok"])
    func nonHTTPURLsAreRefusedBeforeAnyIO(url: String) async {
        let fetcher = Fetcher(configuration: testConfiguration())
        defer { fetcher.shutdown() }
        let error = await fetcher.failure(FetchRequest(url: url, resolve: loopback))
        #expect(error?.code == .badURL)
    }

    @Test func hugeBodyIsCappedAndTruncated() async throws {
        let fetcher = Fetcher(configuration: testConfiguration())
        defer { fetcher.shutdown() }
        let cap = 500 * 1024
        let response = try await fetcher.fetch(server.request("a.test", "/big", maxBytes: cap))
        #expect(response.status == 200)
        #expect(response.truncated)
        #expect(response.body.count == cap)
        let line = "Disallow: /x\n".bytes
        #expect(response.body.enumerated().allSatisfy { $0.element == line[$0.offset % line.count] })
        #expect(response.elapsed < .seconds(10))
    }

    @Test func bodyAtTheCapIsNotTruncated() async throws {
        let fetcher = Fetcher(configuration: testConfiguration())
        defer { fetcher.shutdown() }
        let exact = try await fetcher.fetch(server.request("a.test", "/ok", maxBytes: 12))
        #expect(exact.body == "hello a.test".bytes && !exact.truncated)
        let short = try await fetcher.fetch(server.request("a.test", "/ok", maxBytes: 11))
        #expect(short.body == "hello a.tes".bytes && short.truncated)
    }

    @Test func gzipBombStopsAtTheCap() async throws {
        let fetcher = Fetcher(configuration: testConfiguration())
        defer { fetcher.shutdown() }
        let cap = 1 << 20
        let response = try await fetcher.fetch(server.request("a.test", "/bomb", maxBytes: cap))
        #expect(response.status == 200)
        #expect(response.headers.values("Content-Encoding") == ["gzip"])
        #expect(response.truncated)
        #expect(response.body.count == cap)
        #expect(response.body.allSatisfy { $0 == 0 })
    }

    @Test func tricklingServerHitsTheLowSpeedLimit() async throws {
        let fetcher = Fetcher(configuration: testConfiguration(lowSpeedLimit: 10, lowSpeedTime: 2))
        defer { fetcher.shutdown() }
        let started = ContinuousClock.now
        let error = await fetcher.failure(server.request("a.test", "/trickle"))
        let took = ContinuousClock.now - started
        #expect(error?.code == .timeout)
        #expect(took >= .milliseconds(1_500) && took < .seconds(8))
    }

    @Test func silentServerHitsTheTotalTimeout() async throws {
        let fetcher = Fetcher(configuration: testConfiguration(totalTimeout: .seconds(1)))
        defer { fetcher.shutdown() }
        let started = ContinuousClock.now
        let error = await fetcher.failure(server.request("a.test", "/hang"))
        let took = ContinuousClock.now - started
        #expect(error?.code == .timeout)
        #expect(took >= .milliseconds(900) && took < .seconds(4))
    }

    @Test func timeoutsAreRetried() async throws {
        let fetcher = Fetcher(configuration: testConfiguration(retries: 1, totalTimeout: .milliseconds(300)))
        defer { fetcher.shutdown() }
        let error = await fetcher.failure(server.request("a.test", "/hang"))
        #expect(error?.code == .timeout)
        #expect(try await server.hits("a.test", "/hang") == 2)
    }

    @Test func wrongContentTypeIsReportedAsServed() async throws {
        let fetcher = Fetcher(configuration: testConfiguration())
        defer { fetcher.shutdown() }
        let response = try await fetcher.fetch(server.request("rtype.test", "/robots.txt"))
        #expect(response.status == 200)
        #expect(response.headers.values("Content-Type") == ["image/png"])
        #expect(response.body == TestServer.robots.bytes)
    }

    @Test func privateAddressesAreRefusedAtConnectTime() async throws {
        let fetcher = Fetcher(configuration: testConfiguration(allowPrivate: false))
        defer { fetcher.shutdown() }
        let literal = await fetcher.failure(FetchRequest(url: "http://127.0.0.1:\(server.port)/ok"))
        #expect(literal?.code == .forbiddenAddress)
        #expect(literal?.message.contains("127.0.0.1 is loopback") == true)
        // A name that resolves to loopback (as DNS rebinding would) is refused the same way.
        let named = await fetcher.failure(server.request("evil.test", "/ok"))
        #expect(named?.code == .forbiddenAddress)
        // Nothing was sent.
        #expect(try await server.hits("127.0.0.1", "/ok") == 0)
        #expect(try await server.hits("evil.test", "/ok") == 0)
    }

    @Test func perHostLimitHoldsUnderLoad() async throws {
        let fetcher = Fetcher(configuration: testConfiguration(perHost: 1, concurrency: 64))
        defer { fetcher.shutdown() }
        let hosts = (0..<50).map { "h\($0).test" }
        let statuses = try await withThrowingTaskGroup(of: (String, Int, [UInt8]).self) { group in
            for index in 0..<200 {
                let host = hosts[index % hosts.count]
                group.addTask {
                    let response = try await fetcher.fetch(server.request(host, "/slow"))
                    return (host, response.status, response.body)
                }
            }
            var results: [(String, Int, [UInt8])] = []
            for try await result in group { results.append(result) }
            return results
        }
        #expect(statuses.count == 200)
        #expect(statuses.allSatisfy { $0.1 == 200 && $0.2 == "slow \($0.0)".bytes })
        let observed = try await server.maxInFlight().filter { $0.key.hasPrefix("h") }
        #expect(observed.count == 50)
        #expect(observed.values.allSatisfy { $0 == 1 })
    }

    /// Shows that the server's in-flight counter can see overlap, so the test above can fail.
    @Test func perHostFourAllowsOverlap() async throws {
        let fetcher = Fetcher(configuration: testConfiguration(perHost: 4, concurrency: 64))
        defer { fetcher.shutdown() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<16 {
                group.addTask { _ = try await fetcher.fetch(server.request("wide.test", "/slow")) }
            }
            try await group.waitForAll()
        }
        let observed = try await server.maxInFlight()
        #expect((observed["wide.test"] ?? 0) >= 2)
        #expect((observed["wide.test"] ?? 0) <= 4)
    }

    @Test func crawlDelaySpacesRequestsToOneHost() async throws {
        let fetcher = Fetcher(configuration: testConfiguration(perHost: 4))
        defer { fetcher.shutdown() }
        await fetcher.setCrawlDelay(.milliseconds(400), host: "slowly.test")
        let started = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<3 {
                group.addTask { _ = try await fetcher.fetch(server.request("slowly.test", "/ok")) }
            }
            try await group.waitForAll()
        }
        // Starts at 0, 0.4 and 0.8 s.
        #expect(ContinuousClock.now - started >= .milliseconds(800))
        // Other hosts are not delayed.
        let quick = try await fetcher.fetch(server.request("quick.test", "/ok"))
        #expect(quick.elapsed < .milliseconds(400))
    }

    @Test func cancellationEndsATransferAtOnce() async throws {
        let fetcher = Fetcher(configuration: testConfiguration())
        defer { fetcher.shutdown() }
        let request = server.request("a.test", "/hang")
        let task = Task { await fetcher.failure(request) }
        try await Task.sleep(for: .milliseconds(300))
        let started = ContinuousClock.now
        task.cancel()
        let error = await task.value
        #expect(error?.code == .cancelled)
        #expect(ContinuousClock.now - started < .seconds(2))
    }

    @Test func shutdownFailsLaterFetches() async throws {
        let fetcher = Fetcher(configuration: testConfiguration())
        #expect(try await fetcher.fetch(server.request("a.test", "/ok")).status == 200)
        fetcher.shutdown()
        fetcher.shutdown()
        let error = await fetcher.failure(server.request("a.test", "/ok"))
        #expect(error?.code == .cancelled)
    }
}
