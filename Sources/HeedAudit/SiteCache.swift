// SPDX-License-Identifier: Apache-2.0
// HeedAudit: one audit worker's per-host state: each host's signals, its distinct verdicts with their
// URL counts, and the memo from path signature to verdict.

import HeedCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// One distinct verdict of a site, shared by every URL of the site that gets it.
///
/// Invariant: `verdict` and `kind` never change; `count` is written only by the worker that owns the
/// site and read by the auditor after the workers are done.
final class VerdictBox: @unchecked Sendable {
    /// The verdict.
    let verdict: Verdict
    /// `verdict.kind`, kept apart for the emit filter.
    let kind: VerdictKind
    /// URLs of the manifest that got this verdict.
    var count = 0

    init(_ verdict: Verdict) {
        self.verdict = verdict
        self.kind = verdict.kind
    }
}

/// A per-site memo from `PathSignature` to verdict: open addressing on `PathSignature.fastHash`.
///
/// Why not a `Dictionary`: a memo hit is the whole per-URL cost of most audited URLs, and
/// SipHash over eight integers was a third of it.
struct SignatureMemo {
    private var keys: [PathSignature] = []
    private var values: [Unmanaged<VerdictBox>] = []
    /// Index into `keys` + 1, or 0 for an empty slot; the count is a power of two.
    private var slots = [Int32](repeating: 0, count: 8)

    /// The verdict memoized for `signature`.
    func find(_ signature: PathSignature, hash: UInt64) -> Unmanaged<VerdictBox>? {
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: hash) & mask
        while true {
            let slot = Int(slots[i])
            if slot == 0 { return nil }
            if keys[slot - 1] == signature { return values[slot - 1] }
            i = (i + 1) & mask
        }
    }

    /// Memoizes `box` for `signature` (not yet present). The box must be kept alive by its site.
    mutating func insert(_ signature: PathSignature, hash: UInt64, _ box: Unmanaged<VerdictBox>) {
        if (keys.count + 1) * 2 > slots.count { grow() }
        keys.append(signature)
        values.append(box)
        place(keys.count, hash: hash)
    }

    private mutating func place(_ index: Int, hash: UInt64) {
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: hash) & mask
        while slots[i] != 0 { i = (i + 1) & mask }
        slots[i] = Int32(index)
    }

    private mutating func grow() {
        slots = [Int32](repeating: 0, count: slots.count * 2)
        for (k, key) in keys.enumerated() { place(k + 1, hash: key.fastHash) }
    }
}

/// The hashes (`SiteCache.hash`) of a site's stored file names: a sorted array, searched by
/// bisection. A site stores a handful of files, and a `Set`'s SipHash per URL cost more than
/// the search.
struct BasenameSet {
    private var hashes: [UInt64] = []

    init() {}

    /// Adds `hash` (duplicates are kept once).
    mutating func insert(_ hash: UInt64) {
        let i = position(of: hash)
        if i < hashes.count && hashes[i] == hash { return }
        hashes.insert(hash, at: i)
    }

    var isEmpty: Bool { hashes.isEmpty }

    /// Whether `hash` was inserted.
    func contains(_ hash: UInt64) -> Bool {
        let i = position(of: hash)
        return i < hashes.count && hashes[i] == hash
    }

    /// The index of the first hash not below `hash` (bisection).
    private func position(of hash: UInt64) -> Int {
        var low = 0
        var high = hashes.count
        while low < high {
            let mid = (low + high) / 2
            if hashes[mid] < hash { low = mid + 1 } else { high = mid }
        }
        return low
    }
}

/// What the auditor keeps of one host.
final class Site {
    let host: String
    let hostBytes: [UInt8]
    let key: UInt64
    let signals: SiteSignals
    let impliedTrainingOptOut: Statement?
    /// One probe per policy agent, or `nil` when the fast path is off for this host.
    let probes: [SiteSignatureProbe]?
    /// Hashes of the last path segment of every stored file (`index.html` for a folder).
    let basenames: BasenameSet
    /// Verdicts by agent and path signature, one memo per probe. Raw storage owned by the site
    /// (freed in `deinit`), not an array property: reading `memo[k]` of a class's array copied
    /// the memo out, with a retain and release of each of its three arrays, on every URL.
    let memo: UnsafeMutableBufferPointer<SignatureMemo>
    /// The distinct verdicts given to this site's URLs (they own the boxes the memo points to).
    private(set) var boxes: [VerdictBox] = []
    private var byVerdict: [Verdict: VerdictBox] = [:]

    init(
        host: String,
        hostBytes: [UInt8],
        key: UInt64,
        signals: SiteSignals,
        impliedTrainingOptOut: Statement?,
        probes: [SiteSignatureProbe]?,
        basenames: BasenameSet
    ) {
        self.host = host
        self.hostBytes = hostBytes
        self.key = key
        self.signals = signals
        self.impliedTrainingOptOut = impliedTrainingOptOut
        self.probes = probes
        self.basenames = basenames
        self.memo = .allocate(capacity: probes?.count ?? 0)
        self.memo.initialize(repeating: SignatureMemo())
    }

    deinit {
        _ = memo.deinitialize()
        memo.deallocate()
    }

    /// The site's box for `verdict`, made on first use; equal verdicts share one box.
    ///
    /// A linear search with `==`, which stops at the first differing field (the kind, most
    /// often): a site has a handful of distinct verdicts, and hashing every statement of a
    /// verdict for a dictionary cost more than the search (8% of the per-host time over 10⁴
    /// hosts). Past 16 boxes a dictionary takes over.
    func box(for verdict: Verdict) -> Unmanaged<VerdictBox> {
        if boxes.count <= 16 {
            for box in boxes where box.verdict == verdict { return Unmanaged.passUnretained(box) }
        } else {
            // Boxes are distinct verdicts, so the table is complete when the counts agree.
            if byVerdict.count < boxes.count { for box in boxes { byVerdict[box.verdict] = box } }
            if let known = byVerdict[verdict] { return Unmanaged.passUnretained(known) }
        }
        let box = VerdictBox(verdict)
        boxes.append(box)
        if boxes.count > 16 { byVerdict[verdict] = box }
        return Unmanaged.passUnretained(box)
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
        guard SiteCache.same(hostBytes, UnsafeBufferPointer(rebasing: url[i..<end])) else { return nil }
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
            let length = stop - segStart
            // A `.` or `..` segment: the snapshot's own mapping decides (full path).
            if length <= 2, url[segStart] == UInt8(ascii: "."), length == 1 || url[segStart + 1] == UInt8(ascii: ".") {
                return nil
            }
            if basenames.isEmpty { return end }  // nothing stored: no hash needed
            hash = SiteCache.hash(UnsafeBufferPointer(rebasing: url[segStart..<stop]))
        }
        if basenames.contains(hash) { return nil }
        return end
    }
}

/// One worker's per-host cache. Invariant: only the worker that owns it touches it during a batch
/// (hosts are partitioned across workers by hash), so it needs no lock; the auditor reads it only
/// between batches and after the run.
final class SiteCache: @unchecked Sendable {
    /// Every site this worker has seen, in order of first use.
    private(set) var sites: [Site] = []
    /// Open-addressing table: a host key and its index in `sites` + 1 (0: empty); a power of two.
    /// The key sits in the table so that probing compares integers in one array instead of
    /// loading a `Site` per probe: with ~10⁵ hosts per worker each such load was a cache miss,
    /// and they were the largest single cost of a shuffled manifest.
    private var table = [TableEntry](repeating: TableEntry(key: 0, index: 0), count: 64)
    private var last: Site?

    private struct TableEntry {
        var key: UInt64
        var index: Int32
    }
    /// The worker's scratch space for the order in which it decides a batch (`Batch.order`).
    var order: [Int32] = []
    /// The worker's bucket counts for `Batch.order`.
    var buckets: [Int32] = []

    static let indexHash = hash("index.html".utf8)

    /// FNV-1a 64 of `bytes`.
    static func hash(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h
    }

    /// The site for `host` (lower case), made with `make` on first use.
    func site(host: UnsafeBufferPointer<UInt8>, key: UInt64, make: () -> Site) -> Site {
        if let last, last.key == key, Self.same(last.hostBytes, host) { return last }
        let mask = table.count - 1
        // The low bits chose the worker; probe with the high ones.
        var i = Int(truncatingIfNeeded: key >> 32) & mask
        while table[i].index != 0 {
            if table[i].key == key {
                let site = sites[Int(table[i].index) - 1]
                if Self.same(site.hostBytes, host) {
                    last = site
                    return site
                }
            }
            i = (i + 1) & mask
        }
        let site = make()
        sites.append(site)
        if sites.count * 2 > table.count {
            table = [TableEntry](repeating: TableEntry(key: 0, index: 0), count: table.count * 2)
            for (k, s) in sites.enumerated() { place(k + 1, key: s.key) }
        } else {
            table[i] = TableEntry(key: key, index: Int32(sites.count))
        }
        last = site
        return site
    }

    /// `name` equals `bytes`: a length check and `memcmp` (the generic `elementsEqual` over
    /// `String.UTF8View` was 7% of an audit's profile, and reading the `String`'s storage cost
    /// a retain and release per URL).
    @inline(__always)
    static func same(_ name: [UInt8], _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard name.count == bytes.count else { return false }
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return true }
        return name.withUnsafeBufferPointer { memcmp($0.baseAddress!, base, $0.count) == 0 }
    }

    private func place(_ index: Int, key: UInt64) {
        let mask = table.count - 1
        var i = Int(truncatingIfNeeded: key >> 32) & mask
        while table[i].index != 0 { i = (i + 1) & mask }
        table[i] = TableEntry(key: key, index: Int32(index))
    }
}
