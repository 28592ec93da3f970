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
    /// Manifest entries handed to the workers at a time (default 2²⁰). Larger batches give each
    /// host more URLs per visit, so its state is loaded into the cache fewer times: on 10M
    /// shuffled URLs over 100k hosts, 2²⁰ measured 11.2–12.7 s against 12.9–14.9 s for 2¹⁸, for
    /// about 200 MB more (two batches of URL bytes and slots); 2²¹ and 2²² were no faster.
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
        batchSize: Int = 1 << 20
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
/// cache, and emits one `AuditedURL` per URL in manifest order.
///
/// Design: the reading thread fills a batch with the URLs' bytes; each worker takes the entries
/// whose host hash falls to it (so every host is always handled by the same worker, whose site
/// cache therefore needs no lock) and writes, per entry, a reference to the site and to the site's
/// box for the verdict; the reading thread then emits the entries in order. Each box counts its
/// URLs, so the summary is folded from the sites' boxes once at the end instead of per URL.
/// Memory is bounded by the number of hosts (the caches: signals and distinct verdicts) plus one
/// batch.
///
/// Fast path: a URL whose page the `PageIndex` says is not stored has no page document, so only
/// the site-level sources decide it; what decides in each of them is a `PathSignature` computed
/// from the URL's bytes, and the verdict is computed once per host, agent and signature with the
/// full `explain` and reused. Other URLs (a stored page, an authority with userinfo, a port or
/// upper case, a source without signature) take the full path.
///
/// Thread safety: `config`, `source`, `pages` and `caches` never change after `init`; during a
/// batch each worker touches only its own `SiteCache` and its own result slots, and the reading
/// thread reads them only between batches.
public final class Auditor: @unchecked Sendable {
    private let config: AuditConfiguration
    private let source: DocumentSource
    private let pages: (any PageIndex)?
    private let agents: [ProductToken]
    private let caches: [SiteCache]
    /// `config.verifyFastPath`, kept apart: reading it through `config` in the per-URL loop made
    /// the optimizer copy the whole configuration (1.6 KB) onto the stack for every URL.
    private let verifyFastPath: Bool

    /// Creates an auditor reading documents through `source`; `pages`, when given, lets it skip
    /// the lookup of pages that are not stored (see `PageIndex`).
    public init(config: AuditConfiguration, source: @escaping DocumentSource, pages: (any PageIndex)? = nil) {
        self.config = config
        self.source = source
        self.pages = pages
        self.agents = (config.policy.agents.isEmpty ? ["*"] : config.policy.agents).map { ProductToken($0) }
        self.caches = (0..<config.workers).map { _ in SiteCache() }
        self.verifyFastPath = config.verifyFastPath
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
    /// asked; `only`, when given, limits the calls to URLs whose verdict kind is in it (the
    /// summary counts every URL either way). `--format summary` asks for `conditional` only (the
    /// obligations ledger), which leaves almost nothing per URL on the reading thread.
    public func run(
        _ reader: ManifestReader,
        only: Set<VerdictKind>? = nil,
        emitAudited emit: (AuditedURL) throws -> Void,
        problem: (ManifestProblem) -> Void
    ) throws -> (AuditSummary, ManifestStats) {
        var audited = 0
        var hostlessCount = 0
        var hostless: [ManifestProblem] = []
        // Two batches: the reading thread fills one while the workers decide the other.
        let workers = caches.count
        var batches = [Batch(workers: workers), Batch(workers: workers)]
        let slotBuffers = [SlotBuffer(capacity: config.batchSize), SlotBuffer(capacity: config.batchSize)]
        var current = 0
        var inFlight: Int?
        let finished = DispatchSemaphore(value: 0)
        let queue = DispatchQueue(label: "heed.audit.batches")
        // Whatever happens (an emit that throws), no worker may outlive this call's buffers.
        defer { if inFlight != nil { finished.wait() } }
        let emitAll = only == nil || only == Set(VerdictKind.allCases)
        let wanted = (0..<VerdictKind.allCases.count).map { i in only?.contains(VerdictKind.allCases[i]) ?? true }
        func emitBatch(_ k: Int) throws {
            let slots = slotBuffers[k]
            for i in 0..<batches[k].count {
                let slot = slots[i]
                let box = slot.box.takeUnretainedValue()
                if !emitAll && !wanted[box.kind.index] { continue }
                let site = slot.site.takeUnretainedValue()
                let urlBytes = batches[k].bytes[batches[k].urlRanges[i]]
                try emit(AuditedURL(host: site.host, verdict: box.verdict, urlBytes: urlBytes))
            }
            batches[k].reset()
        }
        /// Waits for the batch in flight, starts the current one, then emits the previous one
        /// while the workers run (emitting reads only sites' and boxes' immutable fields).
        func submit() throws {
            var previous: Int?
            if let k = inFlight {
                finished.wait()
                inFlight = nil
                previous = k
            }
            let k = current
            if batches[k].count > 0 {
                let batch = batches[k]
                let slots = slotBuffers[k]
                queue.async {
                    self.process(batch, into: slots)
                    finished.signal()
                }
                inFlight = k
                current = 1 - k
            }
            if let previous { try emitBatch(previous) }
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
                batches[current].append(url: entry.url, host: host, key: key)
                if batches[current].count >= config.batchSize { try submit() }
            },
            problem: problem
        )
        try submit()  // the last, partial batch
        try submit()  // collects it
        var summary = AuditSummary(unknownAs: config.policy.unknownAs)
        for cache in caches {
            for site in cache.sites {
                for box in site.boxes where box.count > 0 {
                    summary.add(host: site.host, verdict: box.verdict, count: box.count)
                }
            }
        }
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

    /// Decides every entry of `batch` into `slots`, in parallel by host. Every worker always
    /// gets the same hosts (`key % workers`), whatever the batch's size.
    private func process(_ batch: Batch, into slots: SlotBuffer) {
        if batch.count == 0 { return }
        let work: @Sendable (Int) -> Void = { w in
            let cache = self.caches[w]
            // Host by host, not in manifest order: a shuffled manifest over many hosts otherwise
            // touches a different site's state (signals, memo, rules) on every URL, and cache
            // misses dominate (measured: 10M URLs over 100k hosts, 25 s unsorted, 16 s sorted).
            // The slots keep manifest order for the emitter.
            batch.order(worker: w, into: &cache.order, buckets: &cache.buckets)
            var path: [UInt8] = []
            path.reserveCapacity(1024)
            batch.bytes.withUnsafeBufferPointer { all in
                cache.order.withUnsafeBufferPointer { order in
                    for index in order {
                        let i = Int(index)
                        let key = batch.keys[i]
                        let url = UnsafeBufferPointer(rebasing: all[batch.urlRanges[i]])
                        let host = UnsafeBufferPointer(rebasing: all[batch.hostRanges[i]])
                        let site = cache.site(host: host, key: key) {
                            self.makeSite(host: host, key: key, url: url)
                        }
                        let box = self.decide(url: url, site: site, path: &path)
                        box.takeUnretainedValue().count += 1
                        slots[i] = Slot(site: Unmanaged.passUnretained(site), box: box)
                    }
                }
            }
        }
        if caches.count == 1 {
            work(0)
        } else {
            DispatchQueue.concurrentPerform(iterations: caches.count, execute: work)
        }
    }

    /// The verdict for one URL: memoized by path signature when the page is not stored, else
    /// the full `explain`.
    func decide(url: UnsafeBufferPointer<UInt8>, site: Site, path: inout [UInt8]) -> Unmanaged<VerdictBox> {
        guard let probes = site.probes, let pathStart = site.fastPathStart(url) else {
            return site.box(for: fullVerdict(url: String(decoding: url, as: UTF8.self), site: site))
        }
        RobotsPath.normalizeURLPath(bytes: UnsafeBufferPointer(rebasing: url[pathStart...]), into: &path)
        var best: Unmanaged<VerdictBox>?
        var bestKind = VerdictKind.ok
        for k in 0..<probes.count {
            let signature = probes[k].signature(path: path)
            let hash = signature.fastHash
            let box: Unmanaged<VerdictBox>
            if let known = site.memo[k].find(signature, hash: hash) {
                box = known
                if verifyFastPath { verify(known, url: url, agent: k, site: site) }
            } else {
                box = memoize(signature, hash: hash, url: url, agent: k, site: site)
            }
            let kind = box.takeUnretainedValue().kind
            if best == nil || kind > bestKind {
                best = box
                bestKind = kind
            }
        }
        return best!
    }

    /// A memo miss: the verdict of `agents[k]` for `url` through `explain`, boxed and memoized
    /// under `signature`. Kept out of line so that the per-URL loop touches no configuration.
    @inline(never)
    private func memoize(
        _ signature: PathSignature,
        hash: UInt64,
        url: UnsafeBufferPointer<UInt8>,
        agent k: Int,
        site: Site
    ) -> Unmanaged<VerdictBox> {
        let text = String(decoding: url, as: UTF8.self)
        let box = site.box(for: verdict(url: text, agent: agents[k], site: site))
        site.memo[k].insert(signature, hash: hash, box)
        return box
    }

    /// `--verify`: the memoized verdict must equal the full `explain`'s (a mismatch stops the run).
    @inline(never)
    private func verify(_ known: Unmanaged<VerdictBox>, url: UnsafeBufferPointer<UInt8>, agent k: Int, site: Site) {
        let slow = verdict(url: String(decoding: url, as: UTF8.self), agent: agents[k], site: site)
        precondition(
            slow == known.takeUnretainedValue().verdict,
            "memoized verdict differs for \(String(decoding: url, as: UTF8.self))"
        )
    }

    /// The verdict through `explain` for every agent (the slow path).
    @inline(never)
    func fullVerdict(url: String, site: Site) -> Verdict {
        var best: Verdict?
        for agent in agents {
            let verdict = verdict(url: url, agent: agent, site: site)
            if best == nil || verdict.kind > best!.kind { best = verdict }
        }
        return best!
    }

    @inline(never)
    private func verdict(url: String, agent: ProductToken, site: Site) -> Verdict {
        let explanation = site.signals.explain(url: url, agent: agent, lookup: source, withFindings: false)
        return VerdictEngine.verdict(
            explanation,
            policy: config.policy,
            impliedTrainingOptOut: site.impliedTrainingOptOut
        )
    }

    /// The per-host state of a new site.
    private func makeSite(host: UnsafeBufferPointer<UInt8>, key: UInt64, url: UnsafeBufferPointer<UInt8>) -> Site {
        let name = String(decoding: host, as: UTF8.self)
        let scheme = url.starts(with: "http://".utf8) ? "http" : "https"
        let signals = SiteSignals(origin: "\(scheme)://\(name)", specs: config.specs, lookup: source, lint: false)
        var probes: [SiteSignatureProbe]?
        var basenames = BasenameSet()
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
        return Site(
            host: name,
            hostBytes: Array(host),
            key: key,
            signals: signals,
            impliedTrainingOptOut: ImpliedOptOut.training(signals, registry: config.specs.registry),
            probes: probes,
            basenames: basenames
        )
    }
}

extension VerdictKind {
    /// Position in `allCases`, for small per-kind tables.
    var index: Int {
        switch self {
        case .ok: 0
        case .conditional: 1
        case .optedOut: 2
        case .exception: 3
        case .blocked: 4
        case .unknown: 5
        }
    }
}

/// One decided entry: its site and the site's box for its verdict (both kept alive by the
/// worker's `SiteCache` for the whole run, so no reference counting per URL).
struct Slot {
    var site: Unmanaged<Site>
    var box: Unmanaged<VerdictBox>
}

/// The result slots of one batch, allocated once per run. Invariant: during a batch each index
/// is written by exactly one worker (the one its host hashes to) and read only after the workers
/// are done.
///
/// The slots are one raw buffer, not a Swift `Array`: assigning `array[i]` from two threads is a race on the
/// array variable itself (its uniqueness check and buffer pointer) even when the indices differ, and
/// ThreadSanitizer reports it; distinct elements of one allocated buffer are distinct memory.
final class SlotBuffer: @unchecked Sendable {
    private let slots: UnsafeMutablePointer<Slot>
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        slots = .allocate(capacity: capacity)
    }

    deinit { slots.deallocate() }

    subscript(i: Int) -> Slot {
        get {
            precondition(i < capacity)
            return slots[i]
        }
        set {
            precondition(i < capacity)
            (slots + i).initialize(to: newValue)
        }
    }
}

/// A batch of manifest URLs: the bytes of all URLs and hosts in one buffer, and for each worker
/// the indices of the entries whose host falls to it.
struct Batch: Sendable {
    var bytes: [UInt8] = []
    var urlRanges: [Range<Int>] = []
    var hostRanges: [Range<Int>] = []
    var keys: [UInt64] = []
    /// `owned[w]`: the entries of worker `w` (`key % workers == w`), in order.
    var owned: [[Int32]]

    init(workers: Int) {
        owned = Array(repeating: [], count: max(1, workers))
    }

    var count: Int { keys.count }

    /// Appends one entry. `host` must lie within `url`: a host without upper case is kept as
    /// a range of the URL's copy, and only a host with upper case is copied, lower-cased.
    mutating func append(url: UnsafeBufferPointer<UInt8>, host: UnsafeBufferPointer<UInt8>, key: UInt64) {
        let u = bytes.count
        bytes.append(contentsOf: url)
        urlRanges.append(u..<bytes.count)
        var upper = false
        for b in host { upper = upper || (b &- 0x41 < 26) }
        if upper {
            let h = bytes.count
            for b in host { bytes.append(b &- 0x41 < 26 ? b | 0x20 : b) }
            hostRanges.append(h..<bytes.count)
        } else {
            let h = u + (host.baseAddress! - url.baseAddress!)
            hostRanges.append(h..<(h + host.count))
        }
        owned[Int(key % UInt64(owned.count))].append(Int32(keys.count))
        keys.append(key)
    }

    /// The entries of worker `w` grouped by host, into `order`: a counting sort on 12 bits of the
    /// host key (bits 32–43; the low bits chose the worker), stable, so a host's entries stay in
    /// manifest order and hosts in one bucket interleave (about 25 of them with 10⁵ hosts, whose
    /// state stays in the cache). Two linear passes instead of a comparison sort: sorting was
    /// 9% of an audit's instructions.
    func order(worker w: Int, into order: inout [Int32], buckets: inout [Int32]) {
        let mine = owned[w]
        let bucketCount = 1 << 12
        if buckets.count != bucketCount + 1 { buckets = [Int32](repeating: 0, count: bucketCount + 1) }
        if order.count < mine.count { order = [Int32](repeating: 0, count: mine.count) }
        order.removeLast(order.count - mine.count)
        keys.withUnsafeBufferPointer { keys in
            buckets.withUnsafeMutableBufferPointer { start in
                for b in start.indices { start[b] = 0 }
                @inline(__always) func bucket(_ index: Int32) -> Int {
                    Int(truncatingIfNeeded: keys[Int(index)] >> 32) & (bucketCount - 1)
                }
                for index in mine { start[bucket(index) + 1] += 1 }
                for b in 0..<bucketCount { start[b + 1] += start[b] }
                order.withUnsafeMutableBufferPointer { out in
                    for index in mine {
                        let b = bucket(index)
                        out[Int(start[b])] = index
                        start[b] += 1
                    }
                }
            }
        }
    }

    mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        urlRanges.removeAll(keepingCapacity: true)
        hostRanges.removeAll(keepingCapacity: true)
        keys.removeAll(keepingCapacity: true)
        for w in owned.indices { owned[w].removeAll(keepingCapacity: true) }
    }
}
