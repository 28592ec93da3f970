// SPDX-License-Identifier: Apache-2.0
// HeedAudit: a host's signals as a timeline (what was in force when), from the store's history or a
// snapshot, for `heed verify` (issue 6: judge each URL against the signals as they stood when it was
// collected).

import Foundation
import HeedCore
public import HeedStore

/// Where `heed verify` reads the signals in force at a date, host by host.
public protocol SignalHistory: Sendable {
    /// The timeline of `host` (lower case, no port): its epochs oldest first, empty when Heed
    /// never saw the host.
    ///
    /// - Throws: `HeedAuditError` `.unreadable` when the store or snapshot cannot be read.
    func timeline(host: String) throws(HeedAuditError) -> SignalTimeline
}

/// One span of a host's history in which the same document versions were in force.
public struct SignalEpoch: Sendable {
    /// Unix seconds of the fetch that first saw this set of versions.
    public var start: Int64
    /// The identity of the set (URL, status, body hash, error of every version in force): two
    /// epochs with equal keys read the same documents, so they share one folded `SiteSignals`.
    public var key: String
    /// Answers a URL as the source stood during the epoch.
    public var lookup: DocumentSource

    /// Creates an epoch.
    public init(start: Int64, key: String, lookup: @escaping DocumentSource) {
        self.start = start
        self.key = key
        self.lookup = lookup
    }
}

/// One stored version of one document, as the report lists it (no body).
public struct VersionNote: Sendable, Hashable {
    /// The stored URL (or the snapshot path).
    public var url: String
    /// The HTTP status (0: no response).
    public var status: Int
    /// The first fetch that saw it (Unix seconds).
    public var firstSeen: Int64
    /// The fetch that saw it replaced, or `nil` while current.
    public var validUntil: Int64?
}

/// A host's timeline.
public struct SignalTimeline: Sendable {
    /// The epochs, oldest first; each lasts until the next one starts (the last one is current).
    public var epochs: [SignalEpoch]
    /// The snapshot-format file path (`Snapshot.relativePath`) of every document ever stored for
    /// the host: a URL whose file is not among them has no page document at any date, so only
    /// the site-level signals decide it (the verifier's fast path).
    public var storedFiles: Set<String>
    /// Every version of every document of the host, for the report.
    public var versions: [VersionNote]

    /// Creates a timeline.
    public init(epochs: [SignalEpoch], storedFiles: Set<String>, versions: [VersionNote]) {
        self.epochs = epochs
        self.storedFiles = storedFiles
        self.versions = versions
    }

    /// The index of the epoch in force at `seconds`, or `nil` before the first one.
    func epochIndex(at seconds: Int64) -> Int? {
        var low = 0
        var high = epochs.count
        while low < high {
            let mid = (low + high) / 2
            if epochs[mid].start <= seconds { low = mid + 1 } else { high = mid }
        }
        return low == 0 ? nil : low - 1
    }
}

/// The signal store's history (`SignalStore.versions(host:)`, `lookup(_:asOf:)`).
///
/// Each epoch's key lists the identity of every version in force (`identity`), so two epochs
/// with the same documents (a site that went back to an earlier robots.txt) share one folded
/// `SiteSignals`.
///
/// Epochs start at every `firstSeen` and `validUntil` of any document of the host, so within
/// one epoch every document had one version. A change between two fetches is dated at the later
/// fetch (see `DocumentVersion`): Heed never claims a statement was in force before it saw it.
public struct StoreHistory: SignalHistory {
    /// The store.
    public let store: SignalStore

    /// The history of `store`.
    public init(store: SignalStore) {
        self.store = store
    }

    /// The host's versions cut into epochs at every first sighting and replacement.
    public func timeline(host: String) throws(HeedAuditError) -> SignalTimeline {
        let versions: [DocumentVersion]
        do {
            versions = try store.versions(host: host)
        } catch {
            throw HeedAuditError(.unreadable, location: error.location, error.message)
        }
        let seconds = { (d: Date) in Int64(d.timeIntervalSince1970.rounded(.down)) }
        var boundaries = Set<Int64>()
        var files = Set<String>()
        var notes: [VersionNote] = []
        for v in versions {
            boundaries.insert(seconds(v.firstSeen))
            if let end = v.validUntil { boundaries.insert(seconds(end)) }
            if let (_, path) = try? Snapshot.split(v.document.url) {
                files.insert(Snapshot.relativePath(forPath: path))
            }
            notes.append(
                VersionNote(
                    url: v.document.url,
                    status: v.status,
                    firstSeen: seconds(v.firstSeen),
                    validUntil: v.validUntil.map(seconds)
                )
            )
        }
        var epochs: [SignalEpoch] = []
        let store = self.store
        for start in boundaries.sorted() {
            let date = Date(timeIntervalSince1970: TimeInterval(start))
            let key = versions.filter { $0.inForce(at: date) }.map(Self.identity).sorted().joined(separator: "\n")
            if epochs.last?.key == key { continue }
            epochs.append(
                SignalEpoch(start: start, key: key) { url in (try? store.lookup(url, asOf: date)) ?? .neverFetched }
            )
        }
        return SignalTimeline(epochs: epochs, storedFiles: files, versions: notes)
    }
}

extension StoreHistory {
    /// What makes a version distinct for the signals: URL, status, body hash, fetch error and the
    /// stored headers (a header-only change, such as a new `X-Robots-Tag`, is a new version)
    /// except the validators and caching fields, which change between identical fetches.
    static func identity(_ v: DocumentVersion) -> String {
        let headers = v.document.headers.fields
            .filter { !volatile.contains($0.name.lowercased()) }
            .map { "\($0.name.lowercased()): \($0.value)" }
            .joined(separator: "\u{1F}")
        return "\(v.document.url) \(v.status) \(v.bodySHA256) \(v.error ?? "") \(headers)"
    }

    /// The stored fields that say nothing about use (as the store's change detection reads them).
    static let volatile: Set<String> = ["etag", "last-modified", "cache-control", "expires", "retry-after"]
}

/// A snapshot directory: one version of each document, in force from one date on.
///
/// A snapshot says what a site published when it was taken, and nothing about before: captures
/// earlier than its date are judged `unknown`.
public struct SnapshotHistory: SignalHistory {
    /// The snapshot.
    public let index: SnapshotIndex
    /// When the snapshot's documents were first in force (Unix seconds), or `nil` for each
    /// host folder's newest file modification time.
    public let since: Int64?

    /// A history of `snapshot` in force from `since` (`nil`: per host, the newest modification
    /// time of its files, the latest moment they can have been written: a later date never
    /// claims a statement was in force before the snapshot could show it; copies and checkouts
    /// reset it, so give the fetch date when it is known).
    public init(snapshot: Snapshot, since: Int64?) {
        self.index = SnapshotIndex(snapshot)
        self.since = since
    }

    /// One epoch from `since` (or the files' newest modification time); none for a host with no folder.
    public func timeline(host: String) throws(HeedAuditError) -> SignalTimeline {
        guard let files = index.files(host: host) else {
            return SignalTimeline(epochs: [], storedFiles: [], versions: [])
        }
        let start = since ?? newestModification(host: host)
        let index = self.index
        let epoch = SignalEpoch(start: start, key: "snapshot") { url in
            (try? index.lookup(url)) ?? .neverFetched
        }
        let notes = files.sorted().map { VersionNote(url: "\(host)/\($0)", status: 200, firstSeen: start) }
        return SignalTimeline(epochs: [epoch], storedFiles: files, versions: notes)
    }

    /// The newest modification time of the files in the host's folder (the folder's own when
    /// it is empty), in Unix seconds.
    func newestModification(host: String) -> Int64 {
        let folder = index.snapshot.root.appendingPathComponent(host)
        let fm = FileManager.default
        var newest = (try? fm.attributesOfItem(atPath: folder.path)[.modificationDate] as? Date) ?? Date()
        var sawFile = false
        if let walker = fm.enumerator(at: folder, includingPropertiesForKeys: [.contentModificationDateKey]) {
            for case let url as URL in walker {
                guard let date = try? url.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate
                else { continue }
                if !sawFile || date > newest { newest = date }
                sawFile = true
            }
        }
        return Int64(newest.timeIntervalSince1970.rounded(.up))
    }
}
