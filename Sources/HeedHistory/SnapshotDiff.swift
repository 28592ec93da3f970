// SPDX-License-Identifier: Apache-2.0
// HeedHistory: what changed between two snapshot directories (or two store exports), per host.
// Format: the README's "The site snapshot format" (HeedStore `Snapshot`).

public import HeedCore
public import HeedStore

/// One host of a snapshot diff.
public struct HostDiff: Sendable {
    /// Where the host is.
    public enum Presence: String, Sendable, Hashable {
        /// In both snapshots: compared.
        case both
        /// Only in the second snapshot.
        case added
        /// Only in the first snapshot.
        case removed
    }

    /// The host (folder name).
    public var host: String
    /// In which snapshots it is.
    public var presence: Presence
    /// The host's document URLs in the snapshot that has it (for an added or removed host).
    public var documentURLs: [String]
    /// Documents added, removed or changed (hosts in both snapshots).
    public var documents: [DocumentChange]
    /// Cells whose value changed (hosts in both snapshots).
    public var signals: [SignalChange]
    /// Pages left out past `SiteStateBuilder.maxPages`.
    public var omittedPages: Int = 0
    /// The figures in the first snapshot (`nil` when the host is not there).
    public var before: StateFigures?
    /// The figures in the second snapshot (`nil` when the host is not there).
    public var after: StateFigures?

    /// A host diff.
    public init(
        host: String,
        presence: Presence,
        documentURLs: [String],
        documents: [DocumentChange],
        signals: [SignalChange],
        before: StateFigures?,
        after: StateFigures?
    ) {
        self.host = host
        self.presence = presence
        self.documentURLs = documentURLs
        self.documents = documents
        self.signals = signals
        self.before = before
        self.after = after
    }

    /// Changes `--fail-on changed` counts: one for an added or removed host, else each document
    /// and signal change.
    public var changeCount: Int { presence == .both ? documents.count + signals.count : 1 }
}

/// The differences between two snapshots, host by host.
public struct SnapshotDiff: Sendable {
    /// The first snapshot's root, as given.
    public var from: String
    /// The second snapshot's root, as given.
    public var to: String
    /// Every compared host, sorted (unchanged hosts included, with no changes).
    public var hosts: [HostDiff]

    /// Every change (`--fail-on changed` fails when this is not zero).
    public var changes: Int { hosts.reduce(0) { $0 + $1.changeCount } }

    /// Compares `a` with `b`.
    ///
    /// - Parameters:
    ///   - a: the earlier snapshot.
    ///   - b: the later snapshot.
    ///   - hosts: the hosts to compare; empty for every host in either snapshot.
    ///   - specs: the SignalSpecs data.
    ///   - from: `a`'s name for the output (its path as given).
    ///   - to: `b`'s name.
    /// - Throws: `HeedHistoryError` `.unknownHost` for a named host in neither snapshot,
    ///   `.unreadable` when a file or `.headers` sidecar cannot be read.
    public static func compare(
        _ a: Snapshot,
        _ b: Snapshot,
        hosts named: [String] = [],
        specs: SignalSpecs,
        from: String,
        to: String
    ) throws(HeedHistoryError) -> SnapshotDiff {
        let indexA = SnapshotIndex(a)
        let indexB = SnapshotIndex(b)
        let hostsA = Set(a.hosts())
        let hostsB = Set(b.hosts())
        var hosts = named.map { $0.lowercased() }
        for host in hosts where !hostsA.contains(host) && !hostsB.contains(host) {
            throw HeedHistoryError(.unknownHost, location: host, "neither snapshot has a folder for this host")
        }
        if hosts.isEmpty { hosts = hostsA.union(hostsB).sorted() }
        let agents = HistoryAgent.all(specs.registry)
        var out: [HostDiff] = []
        for host in hosts {
            let documentsA = try documents(indexA, host: host)
            let documentsB = try documents(indexB, host: host)
            let origin = "https://\(host)"
            switch (documentsA, documentsB) {
            case (let before?, let after?):
                let (pages, omitted) = SiteStateBuilder.pages(
                    in: Array(before.keys) + Array(after.keys),
                    origin: origin
                )
                func state(
                    _ index: SnapshotIndex,
                    _ documents: [String: DocumentState]
                ) throws(HeedHistoryError)
                    -> SiteState
                {
                    try SiteStateBuilder.state(
                        host: host,
                        origin: origin,
                        known: true,
                        documents: documents,
                        pages: pages,
                        agents: agents,
                        specs: specs,
                        lookup: { (url: String) throws(HeedHistoryError) -> DocumentLookup in
                            try lookup(index, url)
                        }
                    )
                }
                let stateA = try state(indexA, before)
                let stateB = try state(indexB, after)
                let (documents, signals) = SiteComparison.compare(stateA, stateB)
                var compared = HostDiff(
                    host: host,
                    presence: .both,
                    documentURLs: [],
                    documents: documents,
                    signals: signals,
                    before: stateA.figures,
                    after: stateB.figures
                )
                compared.omittedPages = omitted
                out.append(compared)
            case (let before?, nil):
                out.append(
                    HostDiff(
                        host: host,
                        presence: .removed,
                        documentURLs: before.keys.sorted(),
                        documents: [],
                        signals: [],
                        before: nil,
                        after: nil
                    )
                )
            case (nil, let after?):
                out.append(
                    HostDiff(
                        host: host,
                        presence: .added,
                        documentURLs: after.keys.sorted(),
                        documents: [],
                        signals: [],
                        before: nil,
                        after: nil
                    )
                )
            case (nil, nil):
                break
            }
        }
        return SnapshotDiff(from: from, to: to, hosts: out)
    }

    /// Every document of `host` in a snapshot, by URL (`https://host/path`, as
    /// `SignalStore.importSnapshot` names them), or `nil` when the snapshot has no such host.
    static func documents(_ index: SnapshotIndex, host: String) throws(HeedHistoryError) -> [String: DocumentState]? {
        guard let files = index.files(host: host) else { return nil }
        var out: [String: DocumentState] = [:]
        for file in files {
            let url = "https://\(host)\(SignalStore.urlPath(forFile: file))"
            if case .found(let document) = try lookup(index, url) {
                out[url] = SiteStateBuilder.documentState(document)
            }
        }
        return out
    }

    /// A snapshot lookup with its errors as `HeedHistoryError`s (a URL no snapshot can hold,
    /// such as a licence named with another scheme, was never fetched).
    static func lookup(_ index: SnapshotIndex, _ url: String) throws(HeedHistoryError) -> DocumentLookup {
        do throws(StoreError) {
            return try index.lookup(url)
        } catch {
            if error.code == .badURL { return .neverFetched }
            throw HeedHistoryError(.unreadable, location: error.location, error.message)
        }
    }
}
