// SPDX-License-Identifier: Apache-2.0
// HeedAudit: the run record a builder publishes beside a dataset (`--record FILE`).
// Spec: issue 5 "Output" (Heed and SignalSpecs versions, profile and flags, dates of the signals
// used, counts per verdict and per mechanism).

public import Foundation
import HeedCore

/// What an audit run was: the versions of Heed and of its signal data, the profile and the
/// effective flags, the dates of the signals used, the counts, the manifest and the run's times.
/// Everything in it is plain data the caller fills in; `json()` writes it with a stable key order.
public struct RunRecord: Sendable, Codable, Hashable {
    /// Heed's version, written in every run record.
    public static let heedVersion = "0.1.0"

    /// Heed's version (`RunRecord.heedVersion` unless read from an older record).
    public var heedVersion: String
    /// `source.commit` of `SignalSpecs/agents.json` (the ai.robots.txt commit the registry is from).
    public var agentsCommit: String?
    /// `curated` of `SignalSpecs/agents.json` (the date the registry was last reviewed).
    public var agentsCurated: String?
    /// A hash of the SignalSpecs files used, computed by the caller (for example SHA-256 of the
    /// files in path order), so a reader can tell two runs used the same signal data.
    public var specsHash: String?
    /// The profile name (`commercial-genai-training`), or `custom`.
    public var profile: String
    /// The effective policy after flags override the profile (`use`, `agent`, `actor`,
    /// `jurisdiction`, `evidence`, `unknown`, `fail-on`, ...), as strings; written sorted by key.
    public var flags: [String: String]
    /// The oldest fetch date of the signals used (ISO 8601), if known.
    public var oldestSignal: String?
    /// The newest fetch date of the signals used (ISO 8601), if known.
    public var newestSignal: String?
    /// URLs audited.
    public var urls: Int
    /// Distinct hosts.
    public var hosts: Int
    /// URLs per verdict (`VerdictKind` raw values; every kind present, 0 included).
    public var verdicts: [String: Int]
    /// URLs per deciding mechanism (`Mechanism` raw values; only mechanisms that decided a URL).
    public var mechanisms: [String: Int]
    /// The manifest's path (`-` for standard input).
    public var manifestPath: String
    /// The manifest's format (`urls`, `csv`, `tsv`, `jsonl`, `cdxj`, `warc`, with `+gzip`).
    public var manifestFormat: String
    /// Manifest entries read.
    public var manifestEntries: Int
    /// Manifest lines that could not be read.
    public var manifestProblems: Int
    /// When the run started (ISO 8601).
    public var started: String
    /// When the run ended (ISO 8601).
    public var finished: String

    /// Creates a record from its parts.
    public init(
        heedVersion: String = RunRecord.heedVersion,
        agentsCommit: String?,
        agentsCurated: String?,
        specsHash: String?,
        profile: String,
        flags: [String: String],
        oldestSignal: String?,
        newestSignal: String?,
        urls: Int,
        hosts: Int,
        verdicts: [String: Int],
        mechanisms: [String: Int],
        manifestPath: String,
        manifestFormat: String,
        manifestEntries: Int,
        manifestProblems: Int,
        started: String,
        finished: String
    ) {
        self.heedVersion = heedVersion
        self.agentsCommit = agentsCommit
        self.agentsCurated = agentsCurated
        self.specsHash = specsHash
        self.profile = profile
        self.flags = flags
        self.oldestSignal = oldestSignal
        self.newestSignal = newestSignal
        self.urls = urls
        self.hosts = hosts
        self.verdicts = verdicts
        self.mechanisms = mechanisms
        self.manifestPath = manifestPath
        self.manifestFormat = manifestFormat
        self.manifestEntries = manifestEntries
        self.manifestProblems = manifestProblems
        self.started = started
        self.finished = finished
    }

    /// Creates a record whose counts, signal dates and manifest statistics come from `summary`
    /// (every verdict kind is listed, 0 included).
    public init(
        summary: AuditSummary,
        profile: String,
        flags: [String: String],
        agentsCommit: String?,
        agentsCurated: String?,
        specsHash: String?,
        manifestPath: String,
        manifestFormat: String,
        started: Date,
        finished: Date
    ) {
        var verdicts: [String: Int] = [:]
        for k in VerdictKind.allCases { verdicts[k.rawValue] = summary.count(k) }
        self.init(
            agentsCommit: agentsCommit,
            agentsCurated: agentsCurated,
            specsHash: specsHash,
            profile: profile,
            flags: flags,
            oldestSignal: summary.oldestSignal,
            newestSignal: summary.newestSignal,
            urls: summary.urls,
            hosts: summary.distinctHosts,
            verdicts: verdicts,
            mechanisms: summary.mechanisms,
            manifestPath: manifestPath,
            manifestFormat: manifestFormat,
            manifestEntries: summary.manifestEntries,
            manifestProblems: summary.manifestProblems,
            started: Self.iso8601(started),
            finished: Self.iso8601(finished)
        )
    }

    /// `date` as ISO 8601 in UTC to the second (`2026-11-25T10:00:00Z`).
    public static func iso8601(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ n: Int?) -> String { n.map { $0 < 10 ? "0\($0)" : String($0) } ?? "00" }
        let year = c.year.map { String($0) } ?? "0000"
        return "\(year)-\(two(c.month))-\(two(c.day))T\(two(c.hour)):\(two(c.minute)):\(two(c.second))Z"
    }

    /// The record as pretty JSON (two-space indent, no trailing newline), keys in this fixed
    /// order: `heed` {version}, `signalSpecs` {agentsCommit, agentsCurated, hash}, `profile`,
    /// `flags` (sorted by key), `signals` {oldest, newest}, `urls`, `hosts`, `verdicts` (in
    /// `VerdictKind` order), `mechanisms` (sorted by name), `manifest` {path, format, entries,
    /// problems}, `started`, `finished`.
    public func json() -> String {
        let verdictMembers: [(String, ReportJSON)] =
            VerdictKind.allCases.map { ($0.rawValue, .int(verdicts[$0.rawValue] ?? 0)) }
            + verdicts.keys.filter { VerdictKind(rawValue: $0) == nil }.sorted().map { ($0, .int(verdicts[$0]!)) }
        return ReportJSON.object([
            ("heed", .object([("version", .string(heedVersion))])),
            (
                "signalSpecs",
                .object([
                    ("agentsCommit", .optional(agentsCommit)),
                    ("agentsCurated", .optional(agentsCurated)),
                    ("hash", .optional(specsHash)),
                ])
            ),
            ("profile", .string(profile)),
            ("flags", .object(flags.keys.sorted().map { ($0, .string(flags[$0]!)) })),
            ("signals", .object([("oldest", .optional(oldestSignal)), ("newest", .optional(newestSignal))])),
            ("urls", .int(urls)),
            ("hosts", .int(hosts)),
            ("verdicts", .object(verdictMembers)),
            ("mechanisms", .object(mechanisms.keys.sorted().map { ($0, .int(mechanisms[$0]!)) })),
            (
                "manifest",
                .object([
                    ("path", .string(manifestPath)),
                    ("format", .string(manifestFormat)),
                    ("entries", .int(manifestEntries)),
                    ("problems", .int(manifestProblems)),
                ])
            ),
            ("started", .string(started)),
            ("finished", .string(finished)),
        ]).pretty()
    }
}
