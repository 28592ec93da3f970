// SPDX-License-Identifier: Apache-2.0
// HeedAudit: the streaming auditor: manifest entries in, one verdict per URL out, on all cores.

import Dispatch
import Foundation
public import HeedCore

/// Where the auditor gets a site's documents: a lookup per URL (snapshot, store, fetcher).
public typealias DocumentSource = @Sendable (String) -> DocumentLookup

/// What an audit run is asked.
public struct AuditConfiguration: Sendable {
    /// The declared use, actor, agents, exceptions.
    public var policy: AuditPolicy
    /// The SignalSpecs data.
    public var specs: SignalSpecs
    /// Only hosts whose stable hash falls in shard `index` of `count` (0-based), or all.
    public var shard: (index: Int, count: Int)?
    /// Worker threads (default: the active processor count; at least 1).
    public var workers: Int
    /// Manifest entries handed to the workers at a time.
    public var batchSize: Int

    /// Creates a configuration.
    public init(
        policy: AuditPolicy,
        specs: SignalSpecs,
        shard: (index: Int, count: Int)? = nil,
        workers: Int? = nil,
        batchSize: Int = 16_384
    ) {
        self.policy = policy
        self.specs = specs
        self.shard = shard
        self.workers = max(1, workers ?? ProcessInfo.processInfo.activeProcessorCount)
        self.batchSize = max(1, batchSize)
    }
}

/// Audits a manifest: reads entries in order, groups nothing in memory but the per-host signal
/// cache, and emits one `AuditRecord` per URL in manifest order.
///
/// Design: the reading thread fills a batch with the URLs' bytes; each worker takes the entries
/// whose host hash falls to it (so every host is always handled by the same worker, whose site
/// cache therefore needs no lock) and writes its verdicts into the batch's slots; the reading
/// thread then emits the slots in order. Memory is bounded by the number of hosts (the caches)
/// plus one batch.
///
/// Thread safety: `config`, `source` and `caches` never change after `init`; during a batch
/// each worker touches only its own `SiteCache` and its own result slots.
public final class Auditor: @unchecked Sendable {
    private let config: AuditConfiguration
    private let source: DocumentSource
    private let caches: [SiteCache]

    /// Creates an auditor reading documents through `source`.
    public init(config: AuditConfiguration, source: @escaping DocumentSource) {
        self.config = config
        self.source = source
        self.caches = (0..<config.workers).map { _ in SiteCache() }
    }

    /// Runs the audit over `reader`, calling `emit` for each record in manifest order and
    /// `problem` for each unreadable manifest line. Returns the summary and the manifest stats.
    public func run(
        _ reader: ManifestReader,
        emit: (AuditRecord) throws -> Void,
        problem: (ManifestProblem) -> Void
    ) throws -> (AuditSummary, ManifestStats) {
        var summary = AuditSummary(unknownAs: config.policy.unknownAs)
        var audited = 0
        var hostlessCount = 0
        var batch = Batch()
        var hostless: [ManifestProblem] = []
        func flush(_ batch: inout Batch) throws {
            process(&batch)
            for record in batch.results {
                guard let record else { continue }
                summary.add(record)
                try emit(record)
            }
            batch.reset()
        }
        let stats = try reader.read(
            { entry in
                guard let host = URLBytes.host(entry.url), URLBytes.isHTTP(entry.url) else {
                    // An entry without a host belongs to no shard: report it once, in shard 0.
                    if let shard = config.shard, shard.index != 0 { return }
                    let p = ManifestProblem(
                        line: entry.line,
                        message: "not an http(s) URL with a host",
                        excerpt: String(decoding: UnsafeBufferPointer(rebasing: entry.url.prefix(200)), as: UTF8.self)
                    )
                    if hostless.count < 10 { hostless.append(p) }
                    hostlessCount += 1
                    problem(p)
                    return
                }
                let key = URLBytes.hostKey(host)
                if let shard = config.shard, Int(key % UInt64(shard.count)) != shard.index { return }
                audited += 1
                batch.append(url: entry.url, host: host, key: key)
                if batch.count >= config.batchSize { try flush(&batch) }
            },
            problem: problem
        )
        try flush(&batch)
        // Manifest counts: each shard notes its own hosts' entries; unreadable lines belong to
        // shard 0 only, so that merged shards add up to the unsharded run.
        let ownsProblems = config.shard.map { $0.index == 0 } ?? true
        let first = (stats.firstProblems.prefix(10) + hostless).sorted { $0.line < $1.line }
            .map { "line \($0.line): \($0.message): \($0.excerpt)" }
        summary.noteManifest(
            entries: audited,
            problems: ownsProblems ? stats.problems + hostlessCount : 0,
            firstProblems: ownsProblems ? first : []
        )
        return (summary, stats)
    }

    /// Decides every entry of `batch`, in parallel by host.
    private func process(_ batch: inout Batch) {
        let n = batch.count
        if n == 0 { return }
        let workers = min(config.workers, n)
        let box = ResultBox(count: n)
        let frozen = batch
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            let cache = caches[w]
            for i in 0..<n where Int(frozen.keys[i] % UInt64(workers)) == w {
                let (url, host) = frozen.strings(i)
                box.set(i, decide(url: url, host: host, cache: cache))
            }
        }
        batch.results = box.values
    }

    /// The verdict for one URL; uses and fills the worker's site cache.
    func decide(url: String, host: String, cache: SiteCache) -> AuditRecord {
        let site = cache.site(host: host, url: url, specs: config.specs, policy: config.policy, source: source)
        let agents = config.policy.agents.isEmpty ? ["*"] : config.policy.agents
        var best: Verdict?
        for agent in agents {
            let explanation = site.signals.explain(
                url: url,
                agent: ProductToken(agent),
                lookup: source,
                withFindings: false
            )
            let verdict = VerdictEngine.verdict(
                explanation,
                policy: config.policy,
                impliedTrainingOptOut: site.impliedTrainingOptOut
            )
            if best == nil || verdict.kind > best!.kind { best = verdict }
        }
        return AuditRecord(url: url, host: host, verdict: best!)
    }
}

/// One worker's per-host cache. Invariant: only the worker that owns it touches it (hosts are
/// partitioned across workers by hash), so it needs no lock.
final class SiteCache: @unchecked Sendable {
    struct Site {
        var signals: SiteSignals
        var impliedTrainingOptOut: Statement?
    }

    private var sites: [String: Site] = [:]

    func site(host: String, url: String, specs: SignalSpecs, policy: AuditPolicy, source: DocumentSource) -> Site {
        if let s = sites[host] { return s }
        let scheme = url.utf8.starts(with: "http://".utf8) ? "http" : "https"
        let signals = SiteSignals(origin: "\(scheme)://\(host)", specs: specs, lookup: source)
        let site = Site(
            signals: signals,
            impliedTrainingOptOut: ImpliedOptOut.training(signals, registry: specs.registry)
        )
        sites[host] = site
        return site
    }
}

/// Verdict slots filled by the workers. Invariant: each index is written by exactly one worker
/// (the one its host hashes to) and read only after `concurrentPerform` returns.
final class ResultBox: @unchecked Sendable {
    private(set) var values: [AuditRecord?]
    init(count: Int) { values = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ record: AuditRecord) { values[i] = record }
}

/// A batch of manifest URLs: the bytes of all URLs and hosts in one buffer.
struct Batch: @unchecked Sendable {
    var bytes: [UInt8] = []
    var urlRanges: [Range<Int>] = []
    var hostRanges: [Range<Int>] = []
    var keys: [UInt64] = []
    var results: [AuditRecord?] = []

    var count: Int { keys.count }

    mutating func append(url: UnsafeBufferPointer<UInt8>, host: UnsafeBufferPointer<UInt8>, key: UInt64) {
        let u = bytes.count
        bytes.append(contentsOf: url)
        urlRanges.append(u..<bytes.count)
        let h = bytes.count
        for b in host { bytes.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b) }
        hostRanges.append(h..<bytes.count)
        keys.append(key)
    }

    func strings(_ i: Int) -> (url: String, host: String) {
        (String(decoding: bytes[urlRanges[i]], as: UTF8.self), String(decoding: bytes[hostRanges[i]], as: UTF8.self))
    }

    mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        urlRanges.removeAll(keepingCapacity: true)
        hostRanges.removeAll(keepingCapacity: true)
        keys.removeAll(keepingCapacity: true)
        results.removeAll(keepingCapacity: true)
    }
}
