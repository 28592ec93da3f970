// SPDX-License-Identifier: Apache-2.0
// HeedAudit: the streaming auditor: manifest entries in, one verdict per URL out, on all cores.

import Dispatch
import Foundation
public import HeedCore
public import HeedStore

/// Where the auditor gets a site's documents: a lookup per URL (snapshot, store, fetcher).
public typealias DocumentSource = @Sendable (String) -> DocumentLookup

/// Which pages a `DocumentSource` holds, per host, so that the auditor can tell from a URL's
/// bytes that the page is not stored and skip its lookup.
///
/// Contract: for a URL of `host` whose snapshot file path (`Snapshot.relativePath(forPath:)`) is
/// not in `files(host:)`, the source answers no 2xx document (a 404 or `.neverFetched`).
public protocol PageIndex: Sendable {
    /// The relative paths of the bodies stored for `host` (lower case, no port), or `nil` when
    /// the host was never fetched.
    func files(host: String) -> Set<String>?
}

extension SnapshotIndex: PageIndex {}

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
    /// Checks every memoized verdict against a full `explain` (tests and benchmarks): a mismatch
    /// stops the process.
    package var verifyFastPath = false

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

/// One audited URL as the auditor emits it: the verdict, the host, and the URL's bytes; the
/// `AuditRecord` (with the URL as a `String`) is made only when asked for.
public struct AuditedURL: Sendable {
    /// The URL's host (lower case, as the auditor keys its signals).
    public let host: String
    /// The verdict under the declared use.
    public let verdict: Verdict
    /// The URL's bytes as read from the manifest.
    public let urlBytes: ArraySlice<UInt8>

    /// The URL as read from the manifest.
    public var url: String { String(decoding: urlBytes, as: UTF8.self) }
    /// The record for the per-URL outputs.
    public var record: AuditRecord { AuditRecord(url: url, host: host, verdict: verdict) }
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
/// Fast path: a URL whose page the `PageIndex` says is not stored has no page document, so only
/// the site-level sources decide it; what decides in each of them is a `PathSignature` computed
/// from the URL's bytes, and the verdict is computed once per host, agent and signature with the
/// full `explain` and reused. Other URLs (a stored page, an authority with userinfo, a port or
/// upper case, a source without signature) take the full path.
///
/// Thread safety: `config`, `source`, `pages` and `caches` never change after `init`; during a
/// batch each worker touches only its own `SiteCache` and its own result slots.
public final class Auditor: @unchecked Sendable {
    private let config: AuditConfiguration
    private let source: DocumentSource
    private let pages: (any PageIndex)?
    private let agents: [ProductToken]
    private let caches: [SiteCache]

    /// Creates an auditor reading documents through `source`; `pages`, when given, lets it skip
    /// the lookup of pages that are not stored (see `PageIndex`).
    public init(config: AuditConfiguration, source: @escaping DocumentSource, pages: (any PageIndex)? = nil) {
        self.config = config
        self.source = source
        self.pages = pages
        self.agents = (config.policy.agents.isEmpty ? ["*"] : config.policy.agents).map { ProductToken($0) }
        self.caches = (0..<config.workers).map { _ in SiteCache() }
    }

    /// Runs the audit over `reader`, calling `emit` for each record in manifest order and
    /// `problem` for each unreadable manifest line. Returns the summary and the manifest stats.
    public func run(
        _ reader: ManifestReader,
        emit: (AuditRecord) throws -> Void,
        problem: (ManifestProblem) -> Void
    ) throws -> (AuditSummary, ManifestStats) {
        try run(reader, emitAudited: { try emit($0.record) }, problem: problem)
    }

    /// `run(_:emit:problem:)` emitting `AuditedURL`s, which make no `String` of the URL unless
    /// asked (`--format summary` needs none).
    public func run(
        _ reader: ManifestReader,
        emitAudited emit: (AuditedURL) throws -> Void,
        problem: (ManifestProblem) -> Void
    ) throws -> (AuditSummary, ManifestStats) {
        var summary = AuditSummary(unknownAs: config.policy.unknownAs)
        var audited = 0
        var hostlessCount = 0
        var batch = Batch()
        var hostless: [ManifestProblem] = []
        func flush(_ batch: inout Batch) throws {
            process(&batch)
            for i in 0..<batch.count {
                guard let slot = batch.results[i] else { continue }
                summary.add(AuditRecord(url: "", host: slot.host, verdict: slot.verdict))
                try emit(AuditedURL(host: slot.host, verdict: slot.verdict, urlBytes: batch.bytes[batch.urlRanges[i]]))
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
            .map { "\(reader.name):\($0.line): \($0.message): \($0.excerpt)" }
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
            frozen.bytes.withUnsafeBufferPointer { all in
                for i in 0..<n where Int(frozen.keys[i] % UInt64(workers)) == w {
                    let url = UnsafeBufferPointer(rebasing: all[frozen.urlRanges[i]])
                    let host = UnsafeBufferPointer(rebasing: all[frozen.hostRanges[i]])
                    let site = cache.site(host: host, key: frozen.keys[i], url: url, auditor: self)
                    box.set(i, Slot(host: site.host, verdict: decide(url: url, site: site, cache: cache)))
                }
            }
        }
        batch.results = box.values
    }

    /// The verdict for one URL: memoized by path signature when the page is not stored, else
    /// the full `explain`.
    func decide(url: UnsafeBufferPointer<UInt8>, site: SiteCache.Site, cache: SiteCache) -> Verdict {
        guard let probes = site.probes, let pathStart = site.fastPathStart(url) else {
            return fullVerdict(url: String(decoding: url, as: UTF8.self), site: site)
        }
        RobotsPath.normalizeURLPath(bytes: UnsafeBufferPointer(rebasing: url[pathStart...]), into: &cache.path)
        var best: Verdict?
        for (k, probe) in probes.enumerated() {
            let signature = probe.signature(path: cache.path)
            let verdict: Verdict
            if let known = site.memo[k][signature] {
                verdict = known
                if config.verifyFastPath {
                    let slow = self.verdict(url: String(decoding: url, as: UTF8.self), agent: agents[k], site: site)
                    precondition(slow == known, "memoized verdict differs for \(String(decoding: url, as: UTF8.self))")
                }
            } else {
                verdict = self.verdict(url: String(decoding: url, as: UTF8.self), agent: agents[k], site: site)
                site.memo[k][signature] = verdict
            }
            if best == nil || verdict.kind > best!.kind { best = verdict }
        }
        return best!
    }

    /// The verdict through `explain` for every agent (the slow path).
    func fullVerdict(url: String, site: SiteCache.Site) -> Verdict {
        var best: Verdict?
        for agent in agents {
            let verdict = verdict(url: url, agent: agent, site: site)
            if best == nil || verdict.kind > best!.kind { best = verdict }
        }
        return best!
    }

    private func verdict(url: String, agent: ProductToken, site: SiteCache.Site) -> Verdict {
        let explanation = site.signals.explain(url: url, agent: agent, lookup: source, withFindings: false)
        return VerdictEngine.verdict(
            explanation,
            policy: config.policy,
            impliedTrainingOptOut: site.impliedTrainingOptOut
        )
    }

    /// The per-host state of a new site.
    fileprivate func makeSite(host: UnsafeBufferPointer<UInt8>, url: UnsafeBufferPointer<UInt8>) -> SiteCache.Site {
        let name = String(decoding: host, as: UTF8.self)
        let scheme = url.starts(with: "http://".utf8) ? "http" : "https"
        let signals = SiteSignals(origin: "\(scheme)://\(name)", specs: config.specs, lookup: source)
        var probes: [SiteSignatureProbe]?
        var basenames = Set<UInt64>()
        if let pages {
            for file in pages.files(host: name) ?? [] {
                let base = file.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).last ?? []
                basenames.insert(SiteCache.hash(base))
            }
            probes = []
            for agent in agents {
                guard let probe = signals.signatureProbe(agent: agent, host: name) else {
                    probes = nil
                    break
                }
                probes?.append(probe)
            }
        }
        return SiteCache.Site(
            host: name,
            hostBytes: Array(host),
            signals: signals,
            impliedTrainingOptOut: ImpliedOptOut.training(signals, registry: config.specs.registry),
            probes: probes,
            basenames: basenames
        )
    }
}

/// One worker's per-host cache. Invariant: only the worker that owns it touches it (hosts are
/// partitioned across workers by hash), so it needs no lock.
final class SiteCache: @unchecked Sendable {
    /// What the auditor keeps of one host.
    final class Site {
        let host: String
        let hostBytes: [UInt8]
        let signals: SiteSignals
        let impliedTrainingOptOut: Statement?
        /// One probe per policy agent, or `nil` when the fast path is off for this host.
        let probes: [SiteSignatureProbe]?
        /// Hashes of the last path segment of every stored file (`index.html` for a folder).
        let basenames: Set<UInt64>
        /// Verdicts by agent and path signature.
        var memo: [[PathSignature: Verdict]]

        init(
            host: String,
            hostBytes: [UInt8],
            signals: SiteSignals,
            impliedTrainingOptOut: Statement?,
            probes: [SiteSignatureProbe]?,
            basenames: Set<UInt64>
        ) {
            self.host = host
            self.hostBytes = hostBytes
            self.signals = signals
            self.impliedTrainingOptOut = impliedTrainingOptOut
            self.probes = probes
            self.basenames = basenames
            self.memo = Array(repeating: [:], count: probes?.count ?? 0)
        }

        /// Where the path starts in `url`, when the fast path applies: the authority is exactly
        /// the host (no userinfo, port or upper case) followed by `/` or the end, and the page
        /// cannot be stored (its last segment is not the name of any stored file; paths with
        /// `%`, `.` or `..` segments are left to the full path).
        func fastPathStart(_ url: UnsafeBufferPointer<UInt8>) -> Int? {
            let n = url.count
            var i = 0
            while i < n, url[i] != UInt8(ascii: ":") { i += 1 }
            i += 3
            let end = i + hostBytes.count
            guard end <= n else { return nil }
            for k in 0..<hostBytes.count where url[i + k] != hostBytes[k] { return nil }
            if end < n, url[end] != UInt8(ascii: "/") { return nil }
            // The file path: up to '?' or '#'; its last non-empty segment, or index.html.
            var stop = end
            while stop < n, url[stop] != UInt8(ascii: "?"), url[stop] != UInt8(ascii: "#") {
                if url[stop] == UInt8(ascii: "%") { return nil }
                stop += 1
            }
            var hash = SiteCache.indexHash
            // A path ending in '/' (or empty) is a folder: index.html, whatever its segments.
            if stop > end, url[stop - 1] != UInt8(ascii: "/") {
                var segStart = stop
                while segStart > end, url[segStart - 1] != UInt8(ascii: "/") { segStart -= 1 }
                let segment = UnsafeBufferPointer(rebasing: url[segStart..<stop])
                if segment.elementsEqual(".".utf8) || segment.elementsEqual("..".utf8) { return nil }
                hash = SiteCache.hash(segment)
            }
            if basenames.contains(hash) { return nil }
            return end
        }
    }

    private var sites: [UInt64: [Site]] = [:]
    /// The worker's buffer for normalized paths.
    var path: [UInt8] = []

    static let indexHash = hash("index.html".utf8)

    /// FNV-1a 64 of `bytes`.
    static func hash(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h
    }

    fileprivate func site(
        host: UnsafeBufferPointer<UInt8>,
        key: UInt64,
        url: UnsafeBufferPointer<UInt8>,
        auditor: Auditor
    ) -> Site {
        if let list = sites[key] {
            for s in list where s.hostBytes.elementsEqual(host) { return s }
        }
        let site = auditor.makeSite(host: host, url: url)
        sites[key, default: []].append(site)
        return site
    }
}

/// One decided entry.
struct Slot {
    var host: String
    var verdict: Verdict
}

/// Verdict slots filled by the workers. Invariant: each index is written by exactly one worker
/// (the one its host hashes to) and read only after `concurrentPerform` returns.
///
/// The slots are one raw buffer, not a Swift `Array`: assigning `array[i]` from two threads is a race on the
/// array variable itself (its uniqueness check and buffer pointer) even when the indices differ, and
/// ThreadSanitizer reports it; distinct elements of one allocated buffer are distinct memory.
final class ResultBox: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<Slot?>

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    func set(_ i: Int, _ slot: Slot) { slots[i] = slot }

    /// Every slot, copied out; call after the workers are done.
    var values: [Slot?] { Array(slots) }
}

/// A batch of manifest URLs: the bytes of all URLs and hosts in one buffer.
struct Batch: @unchecked Sendable {
    var bytes: [UInt8] = []
    var urlRanges: [Range<Int>] = []
    var hostRanges: [Range<Int>] = []
    var keys: [UInt64] = []
    var results: [Slot?] = []

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

    mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        urlRanges.removeAll(keepingCapacity: true)
        hostRanges.removeAll(keepingCapacity: true)
        keys.removeAll(keepingCapacity: true)
        results.removeAll(keepingCapacity: true)
    }
}
