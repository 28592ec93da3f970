// SPDX-License-Identifier: Apache-2.0
// HeedHistory: a host's timeline from the store: one step per crawl that saw something change.

public import Foundation
public import HeedCore
public import HeedStore

/// One step of a host's timeline: every document version first seen at one moment (one crawl:
/// `heed crawl` stores a host's documents with one fetch time), and what changed with it.
public struct HistoryStep: Sendable {
    /// When the new versions were first seen.
    public var at: Date
    /// The last sighting of the host before `at` (`nil` for the first sighting).
    public var previous: Date?
    /// The first sighting of the host: its baseline. It lists the documents but compares
    /// nothing, and `--fail-on changed` does not count it.
    public var baseline: Bool
    /// Documents added or changed (for the baseline: every document, as added).
    public var documents: [DocumentChange]
    /// Cells whose value changed (none for the baseline).
    public var signals: [SignalChange]
    /// The charted figures after the step.
    public var figures: StateFigures

    /// A step.
    public init(
        at: Date,
        previous: Date?,
        baseline: Bool,
        documents: [DocumentChange],
        signals: [SignalChange],
        figures: StateFigures
    ) {
        self.at = at
        self.previous = previous
        self.baseline = baseline
        self.documents = documents
        self.signals = signals
        self.figures = figures
    }

    /// The span the step's changes happened in.
    public var between: TimeSpan { TimeSpan(from: previous, to: at) }

    /// The changes `--fail-on changed` counts: documents and signals; none for the baseline.
    public var changeCount: Int { baseline ? 0 : documents.count + signals.count }
}

/// How a host's signals changed across the store's versions of its documents.
public struct HostHistory: Sendable {
    /// The host.
    public var host: String
    /// `https://host`.
    public var origin: String
    /// Changes before this time are left out (`--since`); `nil` for the whole history.
    public var since: Date?
    /// Document versions the store holds for the host.
    public var versions: Int
    /// Distinct document URLs.
    public var documentCount: Int
    /// The pages evaluated.
    public var pages: [String]
    /// Stored pages left out past `SiteStateBuilder.maxPages`.
    public var omittedPages: Int
    /// The state at the start of the window, when `since` leaves earlier versions out: the time
    /// of the last step before it and its figures (the first point of a chart).
    public var start: (at: Date, figures: StateFigures)?
    /// The steps in the window, oldest first.
    public var steps: [HistoryStep]

    /// Changes in the window (`--fail-on changed` fails when this is not zero).
    public var changes: Int { steps.reduce(0) { $0 + $1.changeCount } }

    /// Builds the timeline of `host` from every version `store` keeps.
    ///
    /// The steps are the distinct first sightings of the host's document versions. At each, the
    /// site is folded as it stood then (`SignalStore.lookup(_:asOf:)`) and compared with the
    /// previous step. With `since`, only steps at or after it are kept (the state of the last
    /// earlier step is their baseline of comparison).
    ///
    /// - Throws: `HeedHistoryError` `.unknownHost` when the store has no document of the host,
    ///   `.unreadable` when the store fails.
    public static func build(
        store: SignalStore,
        host rawHost: String,
        specs: SignalSpecs,
        since: Date? = nil
    ) throws(HeedHistoryError) -> HostHistory {
        let host = rawHost.lowercased()
        let all: [DocumentVersion]
        do {
            all = try store.versions(host: host)
        } catch {
            throw HeedHistoryError(.unreadable, location: store.path, "\(error.location): \(error.message)")
        }
        guard !all.isEmpty else {
            throw HeedHistoryError(.unknownHost, location: host, "the store has no document of this host")
        }
        let byURL = Dictionary(grouping: all, by: \.document.url)
        let scheme = all.contains { $0.document.url.lowercased().hasPrefix("https://") } ? "https" : "http"
        let origin = "\(scheme)://\(host)"
        let (pages, omitted) = SiteStateBuilder.pages(in: byURL.keys, origin: origin)
        let agents = HistoryAgent.all(specs.registry)
        let times = Set(all.map(\.firstSeen)).sorted()
        let firstInWindow = since.map { s in times.firstIndex { $0 >= s } ?? times.count } ?? 0

        func state(at date: Date) throws(HeedHistoryError) -> SiteState {
            var documents: [String: DocumentState] = [:]
            for (url, versions) in byURL {
                if let v = versions.last(where: { $0.inForce(at: date) }) { documents[url] = documentState(v) }
            }
            return try SiteStateBuilder.state(
                host: host,
                origin: origin,
                known: !documents.isEmpty,
                documents: documents,
                pages: pages,
                agents: agents,
                specs: specs
            ) { (url: String) throws(HeedHistoryError) -> DocumentLookup in
                do throws(StoreError) {
                    return try store.lookup(url, asOf: date)
                } catch {
                    // A licence URL no fetch could store (another scheme): never fetched.
                    if error.code == .badURL { return .neverFetched }
                    throw HeedHistoryError(.unreadable, location: store.path, "\(error.location): \(error.message)")
                }
            }
        }

        var history = HostHistory(
            host: host,
            origin: origin,
            since: since,
            versions: all.count,
            documentCount: byURL.count,
            pages: pages,
            omittedPages: omitted,
            start: nil,
            steps: []
        )
        var previousState: SiteState?
        if firstInWindow > 0 {
            let s = try state(at: times[firstInWindow - 1])
            history.start = (times[firstInWindow - 1], s.figures)
            previousState = s
        }
        for index in firstInWindow..<times.count {
            let at = times[index]
            let current = try state(at: at)
            let sightings = all.flatMap { [$0.firstSeen, $0.lastConfirmed] }.filter { $0 < at }
            let previous = sightings.max()
            if let before = previousState {
                var (documents, signals) = SiteComparison.compare(before, current)
                for i in documents.indices {
                    // A changed document's own last confirmation bounds its change more tightly.
                    let from = documents[i].before?.lastConfirmed ?? previous
                    documents[i].between = TimeSpan(from: from, to: at)
                }
                history.steps.append(
                    HistoryStep(
                        at: at,
                        previous: previous,
                        baseline: false,
                        documents: documents,
                        signals: signals,
                        figures: current.figures
                    )
                )
            } else {
                let documents = current.documents.keys.sorted().map { url in
                    DocumentChange(
                        url: url,
                        kind: .added,
                        before: nil,
                        after: current.documents[url],
                        lines: nil,
                        between: TimeSpan(from: nil, to: at)
                    )
                }
                history.steps.append(
                    HistoryStep(
                        at: at,
                        previous: nil,
                        baseline: true,
                        documents: documents,
                        signals: [],
                        figures: current.figures
                    )
                )
            }
            previousState = current
        }
        return history
    }

    /// A stored version as a document state.
    static func documentState(_ v: DocumentVersion) -> DocumentState {
        var state = SiteStateBuilder.documentState(v.document, error: v.error)
        state.sha256 = v.bodySHA256.isEmpty ? state.sha256 : v.bodySHA256
        state.firstSeen = v.firstSeen
        state.lastConfirmed = v.lastConfirmed
        return state
    }
}
