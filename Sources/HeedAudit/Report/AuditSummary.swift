// SPDX-License-Identifier: Apache-2.0
// HeedAudit: mergeable totals of an audit run (terminal summary, HTML report, `heed merge`).
// Spec: issue 5 "Output" (totals per verdict, per mechanism, top hosts, share affected) and
// `--shard K/N` (the union of N shards equals the unsharded run).

import Foundation
public import HeedCore

/// The totals of an audit: counts per verdict, per deciding mechanism and per host, the unknown
/// policy, the dates of the signals used and the manifest's reading statistics.
///
/// Memory is bounded by the number of hosts: nothing is kept per URL. Every field merges with an
/// exact, associative and commutative operation (integer sums, minimum and maximum of dates, a
/// sorted and capped set of problem texts), so `heed merge` of N shard summaries equals the
/// summary of the unsharded run. The Codable form is what shard outputs carry.
public struct AuditSummary: Sendable, Codable, Hashable {
    /// The verdict counts of one host. Encoded as an array of six integers in `VerdictKind`
    /// declaration order (ok, conditional, opted-out, exception, blocked, unknown), to keep shard
    /// files small when there are 100,000 hosts.
    public struct HostTally: Sendable, Hashable, Codable {
        /// Counts in `VerdictKind.allCases` order.
        public private(set) var counts: [Int]

        /// An empty tally.
        public init() { counts = Array(repeating: 0, count: VerdictKind.allCases.count) }

        /// URLs of this host with verdict `kind`.
        public func count(_ kind: VerdictKind) -> Int { counts[Self.index(kind)] }
        /// URLs of this host.
        public var urls: Int { counts.reduce(0, +) }
        /// Opted-out URLs of this host.
        public var optedOut: Int { count(.optedOut) }
        /// Blocked URLs of this host.
        public var blocked: Int { count(.blocked) }
        /// True when a URL of the host is opted out, blocked or under an exception.
        public var affected: Bool { optedOut + blocked + count(.exception) > 0 }

        mutating func add(_ kind: VerdictKind, _ n: Int = 1) { counts[Self.index(kind)] += n }
        mutating func merge(_ other: HostTally) {
            for i in counts.indices { counts[i] += other.counts[i] }
        }
        static func index(_ kind: VerdictKind) -> Int { VerdictKind.allCases.firstIndex(of: kind)! }

        /// Reads the six-integer array form.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            let values = try c.decode([Int].self)
            guard values.count == VerdictKind.allCases.count else {
                throw DecodingError.dataCorruptedError(
                    in: c,
                    debugDescription: "a host tally has \(VerdictKind.allCases.count) counts"
                )
            }
            counts = values
        }

        /// Writes the six-integer array form.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            try c.encode(counts)
        }
    }

    /// How many problem texts are kept (the count of problems is always exact).
    public static let problemTextLimit = 10

    /// URLs audited.
    public private(set) var urls: Int = 0
    /// URLs per verdict, keyed by `VerdictKind` raw value (kinds with no URL are absent).
    public private(set) var verdicts: [String: Int] = [:]
    /// URLs per deciding mechanism, keyed by `Mechanism` raw value: a URL counts once for each
    /// mechanism among its deciding statements (see `AuditRecord.decidingMechanisms`).
    public private(set) var mechanisms: [String: Int] = [:]
    /// Verdict counts per host.
    public private(set) var hosts: [String: HostTally] = [:]
    /// How the totals treat `unknown` verdicts (`--unknown ok|opted-out`): `.optedOut` by default
    /// (conservative), `.ok`, or `.unknown` to keep them apart. Merging two summaries keeps the
    /// more severe policy (higher `rank`), so merge stays commutative.
    public var unknownAs: VerdictKind
    /// The oldest fetch date of the signals used, as an ISO 8601 string.
    public private(set) var oldestSignal: String?
    /// The newest fetch date of the signals used, as an ISO 8601 string.
    public private(set) var newestSignal: String?
    /// Manifest entries read (as noted by the reader).
    public private(set) var manifestEntries: Int = 0
    /// Manifest lines that could not be read.
    public private(set) var manifestProblems: Int = 0
    /// Up to `problemTextLimit` problem texts (`FILE:LINE: message`), ordered by line number,
    /// then text; duplicates removed.
    public private(set) var firstProblems: [String] = []

    /// An empty summary.
    public init(unknownAs: VerdictKind = .optedOut) {
        self.unknownAs = unknownAs
    }

    /// Counts one audited URL.
    public mutating func add(_ record: AuditRecord) {
        add(host: record.host, verdict: record.verdict, count: 1)
    }

    /// Counts `count` audited URLs of `host` that got `verdict` (the auditor folds each site's
    /// distinct verdicts this way at the end of a run).
    public mutating func add(host: String, verdict: Verdict, count: Int) {
        guard count > 0 else { return }
        let kind = verdict.kind
        urls += count
        verdicts[kind.rawValue, default: 0] += count
        for m in AuditRecord.decidingMechanisms(verdict) { mechanisms[m.rawValue, default: 0] += count }
        hosts[host, default: HostTally()].add(kind, count)
    }

    /// Adds `other`'s totals (another shard, another manifest).
    public mutating func merge(_ other: AuditSummary) {
        urls += other.urls
        verdicts.merge(other.verdicts, uniquingKeysWith: +)
        mechanisms.merge(other.mechanisms, uniquingKeysWith: +)
        for (host, tally) in other.hosts { hosts[host, default: HostTally()].merge(tally) }
        if other.unknownAs.rank > unknownAs.rank { unknownAs = other.unknownAs }
        if let o = other.oldestSignal { noteSignalDate(o) }
        if let n = other.newestSignal { noteSignalDate(n) }
        manifestEntries += other.manifestEntries
        manifestProblems += other.manifestProblems
        keepProblems(other.firstProblems)
    }

    /// Adds the manifest reader's statistics: entries read, unreadable lines, and the first
    /// problem texts (`FILE:LINE: message`).
    ///
    /// Merge sums these counts. With `--shard K/N` every shard reads the whole manifest, so the
    /// driver should note, in each shard, only the entries of that shard's hosts and the unreadable
    /// lines in one shard only (for example shard 1); the merged counts then equal the
    /// unsharded run's.
    public mutating func noteManifest(entries: Int, problems: Int, firstProblems: [String]) {
        manifestEntries += entries
        manifestProblems += problems
        keepProblems(firstProblems)
    }

    /// Notes the fetch date of a signal document used (ISO 8601, UTC, one format for the whole
    /// run, such as `2026-11-25T10:00:00Z`): the oldest and newest are kept, compared as strings,
    /// which orders such dates chronologically.
    public mutating func noteSignalDate(_ iso: String) {
        if oldestSignal.map({ iso < $0 }) ?? true { oldestSignal = iso }
        if newestSignal.map({ iso > $0 }) ?? true { newestSignal = iso }
    }

    private mutating func keepProblems(_ more: [String]) {
        guard !more.isEmpty else { return }
        var all = Set(firstProblems)
        all.formUnion(more)
        let ordered = all.sorted { a, b in
            let la = Self.lineNumber(a)
            let lb = Self.lineNumber(b)
            return la != lb ? la < lb : a < b
        }
        firstProblems = Array(ordered.prefix(Self.problemTextLimit))
    }

    /// The line number in `FILE:LINE: message` (the first all-digit `:`-separated part after the
    /// first), or `Int.max` when there is none.
    static func lineNumber(_ problem: String) -> Int {
        for part in problem.split(separator: ":", omittingEmptySubsequences: false).dropFirst() {
            let t = part.trimmingSpaces
            if !t.isEmpty, t.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let n = Int(t) { return n }
        }
        return Int.max
    }

    // MARK: Derived totals

    /// URLs with verdict `kind`, as recorded.
    public func count(_ kind: VerdictKind) -> Int { verdicts[kind.rawValue] ?? 0 }

    /// URLs whose verdict was decided by `mechanism`.
    public func count(mechanism: Mechanism) -> Int { mechanisms[mechanism.rawValue] ?? 0 }

    /// URLs with verdict `kind` once `unknown` is counted as `unknownAs`: `unknown` is 0 (unless
    /// `unknownAs` is `.unknown`) and its URLs are added to `unknownAs`.
    public func effectiveCount(_ kind: VerdictKind) -> Int {
        if unknownAs == .unknown { return count(kind) }
        if kind == .unknown { return 0 }
        return count(kind) + (kind == unknownAs ? count(.unknown) : 0)
    }

    /// Distinct hosts.
    public var distinctHosts: Int { hosts.count }

    /// Hosts with at least one opted-out, blocked or exception URL.
    public var hostsAffected: Int { hosts.values.reduce(0) { $0 + ($1.affected ? 1 : 0) } }

    /// URLs opted out, blocked or under an exception (unknown URLs not included; see
    /// `effectiveCount`).
    public var urlsAffected: Int { count(.optedOut) + count(.blocked) + count(.exception) }

    /// The hosts with the most URLs of verdict `kind`, most first (ties by host name), hosts with
    /// none left out: `count` of `of` URLs of the host.
    public func topHosts(by kind: VerdictKind, limit: Int) -> [(host: String, count: Int, of: Int)] {
        guard limit > 0 else { return [] }
        let rows = hosts.compactMap { host, t -> (host: String, count: Int, of: Int)? in
            let n = t.count(kind)
            return n > 0 ? (host, n, t.urls) : nil
        }
        return Array(rows.sorted { $0.count != $1.count ? $0.count > $1.count : $0.host < $1.host }.prefix(limit))
    }

    /// The summary as JSON (sorted keys), as `heed audit` writes it for `heed merge`.
    public func encoded() throws(HeedAuditError) -> [UInt8] {
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return Array(try encoder.encode(self))
        } catch {
            throw HeedAuditError(.unwritable, location: "summary", "cannot encode the summary: \(error)")
        }
    }

    /// Reads a summary written by `encoded()`; `location` names the file in errors.
    public init(encoded bytes: [UInt8], location: String) throws(HeedAuditError) {
        do {
            self = try JSONDecoder().decode(AuditSummary.self, from: Data(bytes))
        } catch {
            throw HeedAuditError(.badFormat, location: location, "not an audit summary: \(error)")
        }
    }
}

extension Substring {
    /// Without leading and trailing spaces.
    fileprivate var trimmingSpaces: Substring {
        var s = self
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return s
    }
}
