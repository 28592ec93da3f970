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
    private var files: [String: Set<String>?] = [:]

    /// Indexes `snapshot` lazily, one host at a time.
    public init(_ snapshot: Snapshot) {
        self.snapshot = snapshot
    }

    /// The relative paths of every body stored for `host` (sidecars excluded), or `nil` when
    /// the host was never fetched.
    public func files(host: String) -> Set<String>? {
        lock.lock()
        if let cached = files[host] {
            lock.unlock()
            return cached
        }
        lock.unlock()
        let listed = Self.list(snapshot.root.appendingPathComponent(host))
        lock.lock()
        files[host] = listed
        lock.unlock()
        return listed
    }

    /// Like `Snapshot.lookup`, without touching the disk for files the host folder lacks.
    public func lookup(_ url: String) throws(StoreError) -> DocumentLookup {
        let (host, path) = try Snapshot.split(url)
        guard let present = files(host: host) else { return .neverFetched }
        let relative = Snapshot.relativePath(forPath: path)
        if !present.contains(relative) {
            return .found(Document(url: url, location: "\(host)/\(relative)", status: 404, body: []))
        }
        return try snapshot.lookup(url)
    }

    private static func list(_ dir: URL) -> Set<String>? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            return nil
        }
        var out = Set<String>()
        let prefix = dir.standardizedFileURL.path + "/"
        if let e = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: [.isRegularFileKey]) {
            for case let url as URL in e where !url.path.hasSuffix(".headers") {
                if (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
                    let full = url.standardizedFileURL.path
                    if full.hasPrefix(prefix) { out.insert(String(full.dropFirst(prefix.count))) }
                }
            }
        }
        return out
    }
}
