// SPDX-License-Identifier: Apache-2.0
// heed crawl: fetch every signal document of many sites into the store, politely.

import Foundation
import HeedAudit
import HeedCore
import HeedFetch
import HeedStore

/// `heed crawl FILE [--store PATH] [--refresh] [--sample N] [fetch options]`.
enum CrawlCommand {
    static let spec = CommandSpec(
        name: "crawl",
        usage: "crawl FILE [--store PATH] [--refresh] [--sample N] [--concurrency N] [--per-host N] [...]",
        summary: "Fetch the signal documents of every host in FILE into the store (politely, concurrently).",
        details: """
            FILE lists hosts or URLs, one per line, or is a manifest (CSV, JSON Lines, CDXJ, WARC, gzip).
            Per host: robots.txt (and the RSL licences it names), /.well-known/tdmrep.json, /ai.txt, the home
            page and the licences it links, and with --sample N up to N of the listed URLs of that host (their
            headers and head). One connection per host, 64 in all, robots.txt Crawl-delay honoured, private
            addresses refused unless --allow-private. --refresh re-fetches only hosts with expired entries.
            A progress line on a terminal; a summary at the end.
            Exit status: 0 all hosts fetched, 1 some fetches failed, 2 usage or input error.
            """,
        options: [
            OptionSpec(name: "refresh", value: nil, help: "Re-fetch only hosts whose stored documents expired."),
            OptionSpec(name: "sample", value: "N", help: "Also fetch up to N listed URLs per host (default 0)."),
        ] + CrawlSupport.options,
        minPositionals: 1,
        maxPositionals: 1
    )

    @Sendable
    static func run(_ args: ParsedArguments, _ console: Console) throws(CLIError) -> Int32 {
        let sample = try args.int("sample", default: 0, in: 0...1000)
        let targets = try readTargets(args.positionals[0], sample: sample, console: console)
        let store = try CrawlSupport.store(args)
        var selected = targets.keys.sorted()
        if args.flag("refresh") {
            let expired = Set(((try? store.expired(now: Date())) ?? []).compactMap(CrawlSupport.originOf))
            let stored = Set(((try? store.hosts()) ?? []))
            selected = selected.filter { expired.contains($0) || !stored.contains(CrawlSupport.hostOf($0)) }
        }
        let origins = selected
        let fetcher = Fetcher(configuration: try CrawlSupport.configuration(args))
        defer { fetcher.shutdown() }
        let crawler = SiteCrawler(fetcher: fetcher, resolve: try CrawlSupport.connectTo(args))
        let progress = Progress(total: origins.count, console: console)
        let started = Date()
        let limit = try args.int("concurrency", default: 64, in: 1...4096)
        let result = CrawlSupport.wait {
            () async -> (
                documents: Int, failures: [String: Int], failedHosts: Int, notStored: [String], examples: [String]
            ) in
            var documents = 0
            var failures: [String: Int] = [:]
            // The first failed fetches by URL, for stderr: a cron log must say which fetch failed.
            var examples: [String] = []
            var failedHosts = 0
            var notStored: [String] = []
            await withTaskGroup(of: (site: CrawledSite, storeError: String?).self) { group in
                var next = 0
                func launch() {
                    guard next < origins.count else { return }
                    let origin = origins[next]
                    let samples = targets[origin] ?? []
                    next += 1
                    group.addTask {
                        await CrawlSupport.crawl(origin: origin, samples: samples, crawler: crawler, store: store)
                    }
                }
                for _ in 0..<min(limit, origins.count) { launch() }
                while let (site, storeError) = await group.next() {
                    if let storeError { notStored.append(storeError) }
                    documents += site.documents.count
                    for f in site.failures {
                        failures[f.error.code.description, default: 0] += 1
                        if examples.count < Self.failureExamples { examples.append("\(f.url): \(f.error.message)") }
                    }
                    if !site.failures.isEmpty { failedHosts += 1 }
                    progress.tick(errors: failedHosts)
                    launch()
                }
            }
            return (documents, failures, failedHosts, notStored, examples)
        }
        progress.finish()
        for example in result.examples { console.error("heed crawl: \(example)") }
        let failedFetches = result.failures.values.reduce(0, +)
        if failedFetches > result.examples.count {
            console.error("heed crawl: … and \(failedFetches - result.examples.count) more failed fetches")
        }
        for message in result.notStored.prefix(10) { console.error("heed crawl: not stored: \(message)") }
        let seconds = Date().timeIntervalSince(started)
        let rate = seconds > 0 ? Double(origins.count) / seconds : 0
        var line = "heed crawl: \(origins.count) hosts, \(result.documents) documents in "
        line += String(format: "%.1f s (%.1f hosts/s)", seconds, rate)
        if !result.failures.isEmpty {
            line +=
                "; failed fetches: "
                + result.failures.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
                .joined(separator: ", ")
        }
        if !result.notStored.isEmpty { line += "; not stored: \(result.notStored.count) hosts (see stderr)" }
        console.line(line)
        if !result.notStored.isEmpty { return ExitStatus.usage }
        return result.failedHosts > 0 ? ExitStatus.findings : ExitStatus.ok
    }

    /// How many failed fetches `crawl` names on stderr (the summary counts them all, per error).
    static let failureExamples = 20

    /// Origins to crawl, each with up to `sample` of its listed URLs. A line that is a bare host
    /// name is read as `https://HOST/`.
    static func readTargets(_ path: String, sample: Int, console: Console) throws(CLIError) -> [String: [String]] {
        var targets: [String: [String]] = [:]
        let reader: ManifestReader
        do {
            reader = try ManifestReader(path: path, options: ManifestOptions())
        } catch {
            throw CLIError(.unreadableInput, error.location, error.message)
        }
        do {
            _ = try reader.read(
                { entry in
                    let url = String(decoding: entry.url, as: UTF8.self)
                    guard let origin = CrawlSupport.originOf(url) else { return }
                    var list = targets[origin] ?? []
                    if list.count < sample, url != origin + "/" { list.append(url) }
                    targets[origin] = list
                },
                problem: { p in
                    let host = p.excerpt.trimmingCharacters(in: .whitespaces).lowercased()
                    if !host.isEmpty, host.contains("."), !host.contains(" "), !host.contains("/") {
                        if targets["https://\(host)"] == nil { targets["https://\(host)"] = [] }
                    } else {
                        console.error("heed crawl: \(path):\(p.line): \(p.message)")
                    }
                }
            )
        } catch {
            throw CLIError(.unreadableInput, path, "\(error)")
        }
        return targets
    }
}

/// The progress line on a terminal: hosts done, per second, errors, ETA. Silent when stderr is
/// not a terminal (cron). Invariant: used from the task group's consumer only.
final class Progress: @unchecked Sendable {
    private let total: Int
    private let console: Console
    private let started = Date()
    private var done = 0
    private var lastDraw = Date.distantPast
    private let enabled = isatty(2) != 0

    init(total: Int, console: Console) {
        self.total = total
        self.console = console
    }

    func tick(errors: Int) {
        done += 1
        guard enabled, Date().timeIntervalSince(lastDraw) > 0.2 || done == total else { return }
        lastDraw = Date()
        let elapsed = Date().timeIntervalSince(started)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let eta = rate > 0 ? Double(total - done) / rate : 0
        console.progress(String(format: "hosts %d/%d  %.1f/s  errors %d  ETA %.0f s", done, total, rate, errors, eta))
    }

    func finish() {
        if enabled { console.progress("") }
    }
}
