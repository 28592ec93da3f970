// SPDX-License-Identifier: Apache-2.0
// HeedFetch tests: helpers shared by the suites that talk to the test server.

import Foundation
import HeedCore

@testable import HeedFetch

/// Every name maps to loopback, so no test ever asks DNS or leaves the machine.
let loopback = ["*": "127.0.0.1"]

/// A configuration for the loopback server: private addresses allowed, no retries, short timeouts.
func testConfiguration(
    perHost: Int = 1,
    concurrency: Int = 64,
    retries: Int = 0,
    totalTimeout: Duration = .seconds(20),
    lowSpeedLimit: Int = 1,
    lowSpeedTime: Int = 20,
    allowPrivate: Bool = true
) -> FetchConfiguration {
    FetchConfiguration(
        concurrency: concurrency,
        perHost: perHost,
        connectTimeout: .seconds(5),
        totalTimeout: totalTimeout,
        lowSpeedLimit: lowSpeedLimit,
        lowSpeedTime: lowSpeedTime,
        allowPrivate: allowPrivate,
        retries: retries,
        backoff: .milliseconds(50)
    )
}

extension Fetcher {
    /// The error `fetch` threw, or `nil` when it returned.
    func failure(_ request: FetchRequest) async -> HeedFetchError? {
        do {
            _ = try await fetch(request)
            return nil
        } catch {
            return error
        }
    }
}

extension TestServer {
    /// A request for `path` on the virtual host `host`.
    func request(_ host: String, _ path: String, maxBytes: Int = 2 << 20) -> FetchRequest {
        FetchRequest(url: url(host, path), maxBytes: maxBytes, resolve: loopback)
    }

    /// How many requests for `path` the server saw on `host` (asked on a separate host, `stats.test`).
    func hits(_ host: String, _ path: String) async throws -> Int {
        let fetcher = Fetcher(configuration: testConfiguration())
        defer { fetcher.shutdown() }
        let response = try await fetcher.fetch(request("stats.test", "/hits?key=\(host)\(path)"))
        return Int(String(decoding: response.body, as: UTF8.self)) ?? -1
    }

    /// The most requests in flight at once the server saw, per host.
    func maxInFlight() async throws -> [String: Int] {
        let fetcher = Fetcher(configuration: testConfiguration())
        defer { fetcher.shutdown() }
        let response = try await fetcher.fetch(request("stats.test", "/stats"))
        var result: [String: Int] = [:]
        // The body is a flat JSON object of "host": count pairs.
        let text = String(decoding: response.body, as: UTF8.self)
        for pair in text.trimmingCharacters(in: ["{", "}"]).split(separator: ",") {
            let parts = pair.split(separator: ":")
            guard parts.count == 2, let count = Int(parts[1].trimmingCharacters(in: .whitespaces)) else { continue }
            result[parts[0].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: ["\""])] = count
        }
        return result
    }
}

extension String {
    var bytes: [UInt8] { Array(utf8) }
}
