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
    /// The statements of each restrictive box (`Verifier.statements`).
    var statements: [ObjectIdentifier: [VerifyStatement]] = [:]

    init(lookup: @escaping DocumentSource) {
        self.lookup = lookup
    }

    /// Folds the site's signals as they stood in this epoch (once).
    func prepare(origin: String, host: String, specs: SignalSpecs, agents: [ProductToken]) -> SiteSignals {
        if let signals { return signals }
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
        return folded
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
    /// FNV-1a hashes of the last segment of every stored file (`index.html` for a folder).
    let basenames: Set<UInt64>
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
        var basenames = Set<UInt64>()
        for file in timeline.storedFiles {
            let base = file.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).last ?? []
            basenames.insert(SiteCache.hash(base))
        }
        self.basenames = basenames
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
        var escaped = false
        while stop < n, url[stop] != UInt8(ascii: "?"), url[stop] != UInt8(ascii: "#") {
            if url[stop] == UInt8(ascii: "%") { escaped = true }
            stop += 1
        }
        var hash = SiteCache.indexHash
        var dotted = false
        if stop > end, url[stop - 1] != UInt8(ascii: "/") {
            var segStart = stop
            while segStart > end, url[segStart - 1] != UInt8(ascii: "/") { segStart -= 1 }
            let segment = UnsafeBufferPointer(rebasing: url[segStart..<stop])
            dotted = segment.elementsEqual(".".utf8) || segment.elementsEqual("..".utf8)
            hash = SiteCache.hash(segment)
        }
        if !escaped && !dotted && !basenames.contains(hash) { return end }
        // The last segment names a stored file somewhere on the host: compare the exact file
        // (most often `index.html` of another folder than the stored home page).
        let path = stop > end ? String(decoding: UnsafeBufferPointer(rebasing: url[end..<stop]), as: UTF8.self) : "/"
        let file = Snapshot.relativePath(forPath: path)
        return timeline.storedFiles.contains(file) ? nil : end
    }
}
