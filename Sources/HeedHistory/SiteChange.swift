// SPDX-License-Identifier: Apache-2.0
// HeedHistory: the change model between two states of a site (signals, documents, hosts).

public import Foundation

/// A span in which a change happened: after the last sighting of the old state (`from`) and
/// at or before the first sighting of the new one (`to`). Heed only knows a change when a fetch
/// sees it, so it never claims the new state held before `to`.
public struct TimeSpan: Sendable, Hashable {
    /// The last time the old state was seen, or `nil` when unknown.
    public var from: Date?
    /// The first time the new state was seen.
    public var to: Date

    /// A span.
    public init(from: Date?, to: Date) {
        self.from = from
        self.to = to
    }
}

/// One cell that changed: a page, an agent, access or a use category, before and after.
public struct SignalChange: Sendable, Hashable {
    /// The page URL.
    public var page: String
    /// The agent (`*` or a registry agent).
    public var agent: HistoryAgent
    /// The agent's index in the states' agent list (for stable ordering).
    public var agentIndex: Int
    /// Access or a use category.
    public var aspect: SignalAspect
    /// The cell before.
    public var before: SignalCell
    /// The cell after.
    public var after: SignalCell

    /// A change.
    public init(
        page: String,
        agent: HistoryAgent,
        agentIndex: Int,
        aspect: SignalAspect,
        before: SignalCell,
        after: SignalCell
    ) {
        self.page = page
        self.agent = agent
        self.agentIndex = agentIndex
        self.aspect = aspect
        self.before = before
        self.after = after
    }

    /// The statement that explains the change: the new deciding statement, or the old one when
    /// the new value rests on none (a rule removed, so the value fell back to `unknown`).
    public var statement: DecidingStatement? { after.statement ?? before.statement }
}

/// One document that was added, removed or changed, with its line diff when it is text.
public struct DocumentChange: Sendable, Hashable {
    /// What happened to the document.
    public enum Kind: String, Sendable, Hashable {
        /// Not there before (never stored, or absent from the first snapshot).
        case added
        /// Not there after (absent from the second snapshot).
        case removed
        /// Status, body, signal headers or fetch error differ.
        case changed
    }

    /// The URL.
    public var url: String
    /// What happened.
    public var kind: Kind
    /// The version before (`nil` when added).
    public var before: DocumentState?
    /// The version after (`nil` when removed).
    public var after: DocumentState?
    /// The line diff, for a text document (robots.txt, ai.txt, JSON, XML, plain text); `nil`
    /// for pages and binary files, whose changes show in their signals.
    public var lines: LineDiff?
    /// When, in a history (`nil` in a snapshot diff: snapshots carry no fetch times).
    public var between: TimeSpan?

    /// A document change.
    public init(
        url: String,
        kind: Kind,
        before: DocumentState?,
        after: DocumentState?,
        lines: LineDiff?,
        between: TimeSpan? = nil
    ) {
        self.url = url
        self.kind = kind
        self.before = before
        self.after = after
        self.lines = lines
        self.between = between
    }
}

/// What a host-level change is.
public enum HostChangeKind: String, Sendable, Hashable {
    /// The first sighting of a host in a history: its baseline, not compared with anything.
    case firstSeen = "first-seen"
    /// A host only in the second snapshot.
    case added
    /// A host only in the first snapshot.
    case removed
}

/// Comparing two states of one site.
public enum SiteComparison {
    /// The document changes and signal changes from `before` to `after`, documents by URL, then
    /// signals by page (the home page first), aspect (access, then the categories) and agent
    /// (`*` first, then registry order). Both states must evaluate the same pages and agents
    /// (build them with the same `pages` and `agents`).
    public static func compare(
        _ before: SiteState,
        _ after: SiteState
    ) -> (documents: [DocumentChange], signals: [SignalChange]) {
        (documentChanges(before, after), signalChanges(before, after))
    }

    /// Documents added, removed or changed, sorted by URL.
    static func documentChanges(_ before: SiteState, _ after: SiteState) -> [DocumentChange] {
        var out: [DocumentChange] = []
        for url in Set(before.documents.keys).union(after.documents.keys).sorted() {
            let old = before.documents[url]
            let new = after.documents[url]
            switch (old, new) {
            case (nil, let new?):
                out.append(DocumentChange(url: url, kind: .added, before: nil, after: new, lines: diff(nil, new)))
            case (let old?, nil):
                out.append(DocumentChange(url: url, kind: .removed, before: old, after: nil, lines: diff(old, nil)))
            case (let old?, let new?) where new.differs(from: old):
                out.append(DocumentChange(url: url, kind: .changed, before: old, after: new, lines: diff(old, new)))
            default:
                break
            }
        }
        return out
    }

    /// Every cell whose value (or conditional obligations) differs.
    static func signalChanges(_ before: SiteState, _ after: SiteState) -> [SignalChange] {
        var out: [SignalChange] = []
        for page in after.pages {
            for aspect in SignalAspect.all {
                for (index, agent) in after.agents.enumerated() {
                    let key = SignalKey(page: page, agent: index, aspect: aspect)
                    let old = before[key]
                    let new = after[key]
                    if new.differs(from: old) {
                        out.append(
                            SignalChange(
                                page: page,
                                agent: agent,
                                agentIndex: index,
                                aspect: aspect,
                                before: old,
                                after: new
                            )
                        )
                    }
                }
            }
        }
        return out
    }

    /// The line diff of two versions when the document is text; a version that is not a 2xx
    /// response counts as no lines (its body is an error page, not the document).
    static func diff(_ old: DocumentState?, _ new: DocumentState?) -> LineDiff? {
        let url = new?.url ?? old?.url ?? ""
        guard isText(url) else { return nil }
        func lines(_ d: DocumentState?) -> [UInt8] {
            guard let d, (200..<300).contains(d.status) else { return [] }
            return d.body
        }
        return LineDiff(old: lines(old), new: lines(new))
    }

    /// Whether a document is diffed line by line: robots.txt, ai.txt, anything under
    /// `/.well-known/` (tdmrep.json), and `.txt`, `.json`, `.xml` and `.rsl` files (RSL licences).
    public static func isText(_ url: String) -> Bool {
        if SiteStateBuilder.isPage(url) { return false }
        var path = url.lowercased()
        if let q = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = String(path[..<q]) }
        if path.contains("/.well-known/") { return true }
        return [".txt", ".json", ".xml", ".rsl"].contains { path.hasSuffix($0) }
    }
}
