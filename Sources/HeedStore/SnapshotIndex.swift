// SPDX-License-Identifier: Apache-2.0
// HeedStore: a snapshot with a per-host file index, so lookups of absent pages cost no I/O.

import Foundation
public import HeedCore

/// A `Snapshot` that lists each host folder once and answers lookups of files that are not
/// there (most pages of an audited manifest) from memory, as the 404 the format says they are.
///
/// Thread safety: `lookup` may be called from any thread. Invariant: `files` is only read or
/// written while holding `lock`; the snapshot itself is immutable.
public final class SnapshotIndex: @unchecked Sendable {
    /// The snapshot.
    public let snapshot: Snapshot
    private let lock = NSLock()
    private var listings: [String: SnapshotFiles.Listing?] = [:]

    /// Indexes `snapshot` lazily, one host at a time.
    public init(_ snapshot: Snapshot) {
        self.snapshot = snapshot
    }

    /// The relative paths of every body stored for `host` (sidecars excluded), or `nil` when
    /// the host was never fetched.
    public func files(host: String) -> Set<String>? {
        listing(host: host)?.bodies
    }

    private func listing(host: String) -> SnapshotFiles.Listing? {
        if let cached = lock.withLock({ listings[host] }) { return cached }
        let listed = host.utf8.contains(0x2F) ? nil : SnapshotFiles.list(snapshot.rootPath + "/" + host)
        lock.withLock { listings[host] = listed }
        return listed
    }

    /// Like `Snapshot.lookup`, without touching the disk for files the host folder lacks.
    public func lookup(_ url: String) throws(StoreError) -> DocumentLookup {
        let (host, path) = try Snapshot.split(url)
        guard let listing = listing(host: host) else { return .neverFetched }
        let relative = Snapshot.relativePath(forPath: path)
        if !listing.bodies.contains(relative) {
            return .found(Document(url: url, location: "\(host)/\(relative)", status: 404, body: []))
        }
        return try snapshot.document(
            url: url,
            host: host,
            relative: relative,
            sidecar: listing.withHeaders.contains(relative)
        )
    }
}
