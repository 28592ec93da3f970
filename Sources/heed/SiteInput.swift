// SPDX-License-Identifier: Apache-2.0
// heed: where `lint` and `check` read one site from: a snapshot directory, or the store (fetched
// first unless --offline), exactly as `heed check` always fetched.

import Foundation
import HeedCore
import HeedFetch
import HeedStore

/// One site's documents, ready for `SiteSignals`.
struct SiteInput {
    /// `scheme://host[:port]`.
    var origin: String
    /// The page asked about (the home page for a bare host).
    var url: String
    /// The host as given to the snapshot or store.
    var host: String
    /// Answers a URL with its document.
    var lookup: (String) -> DocumentLookup
    /// For reports: where the documents came from.
    var source: String

    /// Reads `target` (`URL` or host) from `--snapshot DIR`, or fetches it into the store (reused
    /// `CrawlSupport`: `--store`, `--connect-to`, `--allow-private` and the other fetch options),
    /// or with `--offline` reads the store only. Fetch failures are reported on stderr as
    /// `heed COMMAND: URL: message` and leave status-0 documents, which the signals read as
    /// "no answer".
    static func load(
        _ target: String,
        _ args: ParsedArguments,
        _ console: Console,
        command: String
    ) throws(CLIError)
        -> SiteInput
    {
        if let dir = args.value("snapshot") {
            let snapshot = try SnapshotAccess.open(dir)
            let origin: String
            if target.contains("://") {
                origin = try SnapshotAccess.origin(of: target)
            } else {
                origin = "https://\(target.lowercased())"
            }
            let host = CrawlSupport.hostOf(origin)
            guard snapshot.hosts().contains(host) else {
                throw CLIError(.unreadableInput, host, "the snapshot has no folder for this host")
            }
            let url = target.contains("://") ? target : origin + "/"
            return SiteInput(
                origin: origin,
                url: url,
                host: host,
                lookup: SnapshotAccess.lookup(snapshot, console: console),
                source: "snapshot \(dir)"
            )
        }
        let url = target.contains("://") ? target : "https://\(target)/"
        guard let origin = CrawlSupport.originOf(url) else {
            throw CLIError(.invalidValue, target, "expected an http(s) URL or a host name")
        }
        let store = try CrawlSupport.store(args)
        let storePath = args.value("store") ?? SignalStore.defaultPath()
        if !args.flag("offline") {
            let fetcher = Fetcher(configuration: try CrawlSupport.configuration(args))
            defer { fetcher.shutdown() }
            let crawler = SiteCrawler(fetcher: fetcher, resolve: try CrawlSupport.connectTo(args))
            let samples = url == origin + "/" ? [] : [url]
            let (site, storeError) = CrawlSupport.wait {
                await CrawlSupport.crawl(origin: origin, samples: samples, crawler: crawler, store: store)
            }
            for f in site.failures { console.error("heed \(command): \(f.url): \(f.error.message)") }
            if let storeError { throw CLIError(.unreadableInput, origin, "the store refused the crawl: \(storeError)") }
        }
        return SiteInput(
            origin: origin,
            url: url,
            host: CrawlSupport.hostOf(origin),
            lookup: CrawlSupport.lookup(store),
            source: args.flag("offline") ? "the store \(storePath)" : "a fetch into \(storePath)"
        )
    }
}
