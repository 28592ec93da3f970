// SPDX-License-Identifier: Apache-2.0
// heed: wiring shared by crawl, check and demo: a fetcher from options, crawling into a store.

import Foundation
import HeedCore
import HeedFetch
import HeedStore

/// Builds fetchers and runs site crawls into a `SignalStore`.
enum CrawlSupport {
    /// Fetcher options common to `crawl`, `check` and `demo`.
    static let options: [OptionSpec] = [
        OptionSpec(name: "store", value: "PATH", help: "The signal store (default: \(SignalStore.defaultPath()))."),
        OptionSpec(name: "concurrency", value: "N", help: "Transfers in flight (default 64)."),
        OptionSpec(name: "per-host", value: "N", help: "Connections per host (default 1)."),
        OptionSpec(
            name: "user-agent",
            value: "UA",
            help: "The User-Agent sent (default names Heed and a contact URL)."
        ),
        OptionSpec(name: "timeout", value: "SECONDS", help: "Total time per transfer (default 30)."),
        OptionSpec(name: "allow-private", value: nil, help: "Allow private, loopback and link-local targets."),
        OptionSpec(
            name: "connect-to",
            value: "HOST:PORT:TARGET:PORT",
            help: "As curl's: requests for HOST:PORT connect to TARGET:PORT; empty HOST or PORT match any "
                + "(repeatable; also HOST=IP:PORT).",
            repeatable: true
        ),
    ]

    /// A fetch configuration from the options.
    static func configuration(_ args: ParsedArguments) throws(CLIError) -> FetchConfiguration {
        var c = FetchConfiguration()
        c.concurrency = try args.int("concurrency", default: 64, in: 1...4096)
        c.perHost = try args.int("per-host", default: 1, in: 1...64)
        c.totalTimeout = .seconds(try args.int("timeout", default: 30, in: 1...3600))
        if let ua = args.value("user-agent") { c.userAgent = ua }
        c.allowPrivate = args.flag("allow-private")
        return c
    }

    /// `--connect-to` rules as the fetcher's override map.
    ///
    /// curl's form `HOST:PORT:TARGET:TPORT` (curl(1) `--connect-to`): an empty HOST or PORT matches any, an
    /// empty TARGET keeps the request's host and an empty TPORT its port; TARGET may be a bracketed IPv6
    /// address. The older form `HOST=IP:PORT` (HOST `*` for any) is still read. Both keep the URL and the
    /// `Host` header as they are and change only where the connection goes; the address guard still applies.
    static func connectTo(_ args: ParsedArguments) throws(CLIError) -> [String: String] {
        var map: [String: String] = [:]
        for raw in args.all("connect-to") {
            guard let (key, value) = parseConnectTo(raw) else {
                throw CLIError(
                    .invalidValue,
                    "--connect-to",
                    "expected HOST:PORT:TARGET:PORT (as curl's --connect-to) or HOST=IP:PORT, got '\(raw)'"
                )
            }
            map[key] = value
        }
        return map
    }

    /// One rule as (key, value) of the fetcher's map, or `nil` when malformed.
    static func parseConnectTo(_ raw: String) -> (String, String)? {
        if let eq = raw.firstIndex(of: "="), !raw[..<eq].contains(":") {
            let host = raw[..<eq].lowercased()
            let target = String(raw[raw.index(after: eq)...])
            guard !host.isEmpty, target.contains(":"), Fetcher.explicitPortIsValid(target) else { return nil }
            return (host, target)
        }
        // HOST:PORT:TARGET:TPORT, where TARGET may be [v6].
        var fields: [String] = []
        var current = ""
        var bracket = false
        for c in raw {
            if c == "[" { bracket = true }
            if c == "]" { bracket = false }
            if c == ":" && !bracket {
                fields.append(current)
                current = ""
            } else {
                current.append(c)
            }
        }
        fields.append(current)
        guard fields.count == 4 else { return nil }
        let (host, port, target, targetPort) = (fields[0].lowercased(), fields[1], fields[2], fields[3])
        guard port.isEmpty || Int(port).map({ (1...65535).contains($0) }) == true,
            targetPort.isEmpty || Int(targetPort).map({ (1...65535).contains($0) }) == true,
            !(target.isEmpty && targetPort.isEmpty)
        else { return nil }
        let key = (host.isEmpty ? "*" : host) + (port.isEmpty ? "" : ":" + port)
        return (key, target + ":" + targetPort)
    }

    /// Opens the store named by `--store` (or the per-user default).
    static func store(_ args: ParsedArguments) throws(CLIError) -> SignalStore {
        let path = args.value("store") ?? SignalStore.defaultPath()
        do {
            try FileManager.default.createDirectory(
                at: URL(fileURLWithPath: path).deletingLastPathComponent(),
                withIntermediateDirectories: true
            )
        } catch {
            throw CLIError(.unreadableInput, path, "cannot create the store's folder: \(error.localizedDescription)")
        }
        do {
            return try SignalStore(path: path)
        } catch {
            throw CLIError(.unreadableInput, error.location, error.message)
        }
    }

    /// Crawls one site and stores every document (failures as status-0 documents with the error).
    /// Returns the crawl, and why the store refused it when it did (the caller reports and counts
    /// that: a crawl that was fetched but not stored is never passed over in silence).
    static func crawl(
        origin: String,
        samples: [String],
        crawler: SiteCrawler,
        store: SignalStore
    ) async -> (site: CrawledSite, storeError: String?) {
        let site = await crawler.crawl(origin: origin, samples: samples)
        let now = Date()
        let documents = site.documents.map { doc in
            let failure = site.failures.first { $0.url == doc.url }
            return SignalStore.SiteDocument(
                document: doc,
                expiresAt: SignalStore.expiry(for: doc.url, headers: doc.headers, fetchedAt: now, rslMaxAge: nil),
                etag: doc.headers.combined("etag"),
                lastModified: doc.headers.combined("last-modified"),
                error: failure.map { "\($0.error.code): \($0.error.message)" }
            )
        }
        let robots = site.documents.first { $0.url == origin + "/robots.txt" }
        let outcome = robots.map { doc -> String in
            switch RobotsFetchPolicy.baseline(for: .status(doc.status)) {
            case .parse: "parse"
            case .allowAll(let reason): "allow-all: \(reason)"
            case .disallowAll(let reason): "disallow-all: \(reason)"
            }
        }
        // One transaction per host: a kill leaves each host complete or untouched (resume).
        do {
            try store.putSite(
                documents,
                host: hostOf(origin),
                fetchedAt: now,
                crawlDelay: site.crawlDelay,
                robotsOutcome: outcome
            )
        } catch {
            return (site, "\(error.location): \(error.message)")
        }
        return (site, nil)
    }

    /// `scheme://host[:port]` of an http(s) URL, lower-cased, or `nil`.
    static func originOf(_ url: String) -> String? {
        let lower = url.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://"),
            let start = lower.range(of: "://")?.upperBound
        else { return nil }
        let authority = lower[start...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let host = authority.split(separator: "@").last.map(String.init) ?? ""
        guard !host.isEmpty else { return nil }
        return String(lower[..<start]) + host
    }

    /// The host (with a non-default port) of an origin, as the store keys it.
    static func hostOf(_ origin: String) -> String {
        origin.range(of: "://").map { String(origin[$0.upperBound...]) } ?? origin
    }

    /// A lookup reading the store, for `SiteSignals`; read errors count as never fetched.
    static func lookup(_ store: SignalStore) -> @Sendable (String) -> DocumentLookup {
        { url in (try? store.lookup(url)) ?? .neverFetched }
    }

    /// Runs an async body from synchronous command code and waits for it.
    ///
    /// Blocks the calling thread: right on the program's main thread, never to be called from a
    /// thread of Swift's cooperative pool (two such waits at once would starve the pool the
    /// body needs). Tests therefore run `crawl`, `check` and `demo` as a child process.
    static func wait<T: Sendable>(_ body: @escaping @Sendable () async -> T) -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        Task {
            box.value = await body()
            done.signal()
        }
        done.wait()
        return box.value!
    }
}

/// A value handed from a task to the waiting thread. Invariant: written once by the task before
/// the semaphore is signalled, read once after the wait returns.
final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}
