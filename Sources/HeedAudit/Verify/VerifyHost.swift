// SPDX-License-Identifier: Apache-2.0
// HeedAudit: one host of the verified site: its timeline, the folded signals of each distinct set of
// document versions, and the memoized verdicts per path signature.

import HeedCore
import HeedStore

/// The folded signals of one distinct set of document versions, built on first use, with its
/// verdict memo. Every epoch of a host with the same `SignalEpoch.key` shares one.
final class VerifyEpochState {
    let lookup: DocumentSource
    private(set) var signals: SiteSignals?
    private(set) var implied: Statement?
    /// One probe per policy agent, or `nil` when a site-level source gives no signature.
    private(set) var probes: [SiteSignatureProbe]?
    /// Verdicts by agent and path signature.
    var memo: [SignatureMemo] = []
    /// The distinct verdicts (they own the boxes the memo points to).
    private var boxes: [VerdictBox] = []
    private var byVerdict: [Verdict: VerdictBox] = [:]
    /// Verdicts of URLs that take the full `explain` (a stored page: the home page recurs in
    /// every crawl), by URL; emptied when it reaches `urlMemoLimit` entries.
    var urlMemo: [String: Unmanaged<VerdictBox>] = [:]
    /// The most URLs `urlMemo` holds.
    static let urlMemoLimit = 1 << 16
    /// The statements of each restrictive box (`Verifier.statements`).
    var statements: [ObjectIdentifier: [VerifyStatement]] = [:]

    init(lookup: @escaping DocumentSource) {
        self.lookup = lookup
    }

    /// Folds the site's signals as they stood in this epoch (once; later calls return at once).
    func prepare(origin: String, host: String, specs: SignalSpecs, agents: [ProductToken]) {
        if signals != nil { return }
        let folded = SiteSignals(origin: origin, specs: specs, lookup: lookup)
        signals = folded
        implied = ImpliedOptOut.training(folded, registry: specs.registry)
        var probes: [SiteSignatureProbe]? = []
        for agent in agents {
            guard let probe = folded.signatureProbe(agent: agent, host: host) else {
                probes = nil
                break
            }
            probes?.append(probe)
        }
        self.probes = probes
        memo = Array(repeating: SignatureMemo(), count: probes?.count ?? 0)
    }

    /// The shared box for `verdict`.
    func box(for verdict: Verdict) -> Unmanaged<VerdictBox> {
        if let known = byVerdict[verdict] { return Unmanaged.passUnretained(known) }
        let box = VerdictBox(verdict)
        boxes.append(box)
        byVerdict[verdict] = box
        return Unmanaged.passUnretained(box)
    }
}

/// A host of the site: its timeline and one `VerifyEpochState` per epoch.
final class VerifyHost {
    let name: String
    let bytes: [UInt8]
    let origin: String
    let timeline: SignalTimeline
    /// `states[i]` for `timeline.epochs[i]` (shared between epochs with equal keys).
    let states: [VerifyEpochState]
    /// `fileHash` of every stored file: a URL whose file hash is not among them has no page
    /// document at any date (a hash collision only costs a full `explain`).
    let fileHashes: Set<UInt64>
    /// URLs of the manifest on this host.
    var urls = 0

    init(name: String, scheme: String, timeline: SignalTimeline) {
        self.name = name
        self.bytes = Array(name.utf8)
        self.origin = "\(scheme)://\(name)"
        self.timeline = timeline
        var shared: [String: VerifyEpochState] = [:]
        var states: [VerifyEpochState] = []
        for epoch in timeline.epochs {
            if let known = shared[epoch.key] {
                states.append(known)
            } else {
                let state = VerifyEpochState(lookup: epoch.lookup)
                shared[epoch.key] = state
                states.append(state)
            }
        }
        self.states = states
        var hashes = Set<UInt64>()
        for file in timeline.storedFiles {
            var bytes = Array(("/" + file).utf8)
            // `a/index.html` is the folder `/a/`, and `fileHash` gives a folder its index file.
            if file == "index.html" || file.hasSuffix("/index.html") { bytes.removeLast("index.html".utf8.count) }
            if let hash = bytes.withUnsafeBufferPointer(VerifyHost.fileHash) { hashes.insert(hash) }
        }
        self.fileHashes = hashes
    }

    /// Where the path starts in `url` when only the site-level signals can decide it: the
    /// authority is exactly the host (no userinfo, port or upper case) and the URL's file is not
    /// one the history ever stored. `nil` sends the URL through a full `explain`.
    func fastPathStart(_ url: UnsafeBufferPointer<UInt8>) -> Int? {
        let n = url.count
        var i = 0
        while i < n, url[i] != UInt8(ascii: ":") { i += 1 }
        i += 3
        let end = i + bytes.count
        guard end <= n else { return nil }
        for k in 0..<bytes.count where url[i + k] != bytes[k] { return nil }
        if end < n, url[end] != UInt8(ascii: "/") { return nil }
        if timeline.storedFiles.isEmpty { return end }
        var stop = end
        while stop < n, url[stop] != UInt8(ascii: "?"), url[stop] != UInt8(ascii: "#") { stop += 1 }
        let path = UnsafeBufferPointer(rebasing: url[end..<stop])
        guard let hash = VerifyHost.fileHash(path) else {
            // Escapes or dot segments: the snapshot format's own mapping, on a String.
            let file = Snapshot.relativePath(forPath: path.isEmpty ? "/" : String(decoding: path, as: UTF8.self))
            return timeline.storedFiles.contains(file) ? nil : end
        }
        return fileHashes.contains(hash) ? nil : end
    }

    /// FNV-1a 64 of the snapshot-format file of a URL path (`Snapshot.relativePath`: empty
    /// segments dropped, `index.html` for a folder), computed on the bytes; `nil` when the path
    /// has a `%` escape or a `.`/`..` segment (those need the full mapping).
    static func fileHash(_ path: UnsafeBufferPointer<UInt8>) -> UInt64? {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        @inline(__always) func mix(_ b: UInt8) { hash = (hash ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        var segments = 0
        var k = 0
        let n = path.count
        while k < n {
            if path[k] == UInt8(ascii: "/") {
                k += 1
                continue
            }
            var e = k
            while e < n, path[e] != UInt8(ascii: "/") {
                if path[e] == UInt8(ascii: "%") { return nil }
                e += 1
            }
            let length = e - k
            if path[k] == UInt8(ascii: "."), length == 1 || (length == 2 && path[k + 1] == UInt8(ascii: ".")) {
                return nil
            }
            if segments > 0 { mix(UInt8(ascii: "/")) }
            for j in k..<e { mix(path[j]) }
            segments += 1
            k = e
        }
        if n == 0 || path[n - 1] == UInt8(ascii: "/") || segments == 0 {
            if segments > 0 { mix(UInt8(ascii: "/")) }
            for b in "index.html".utf8 { mix(b) }
        }
        return hash
    }
}
