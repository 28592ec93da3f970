// SPDX-License-Identifier: Apache-2.0
// HeedAudit: the totals of a `heed verify` run (counts per verdict and month, the kept violations).

public import HeedCore

/// What a verify run found: counts, the first violations, and the site's history.
///
/// Memory is bounded whatever the manifest's size: counters, one entry per capture month and
/// per host, and at most `VerifyConfiguration.keptViolations` violating URLs.
public struct VerifySummary: Sendable {
    /// URLs of one capture month (`YYYY-MM`, UTC).
    public struct Month: Sendable, Hashable {
        /// `YYYY-MM`.
        public var month: String
        /// Dated URLs of the site captured that month.
        public var urls: Int
        /// Of them, collected despite an opt-out in force.
        public var violations: Int
    }

    /// One host of the site and its history.
    public struct Host: Sendable {
        /// The host.
        public var host: String
        /// Heed's first fetch of it (Unix seconds), or `nil` when never fetched.
        public var firstSighting: Int64?
        /// When each epoch of its signals started (Unix seconds), oldest first.
        public var epochStarts: [Int64]
        /// Every stored version of its documents.
        public var versions: [VersionNote]
        /// URLs of the manifest on this host.
        public var urls: Int
    }

    /// The site (`--site`), lower case.
    public var site: String
    /// Whether subdomains were included.
    public var includeSubdomains: Bool
    /// Manifest entries read (every host).
    public var manifestEntries = 0
    /// Entries of other hosts, ignored.
    public var otherHosts = 0
    /// Manifest lines that could not be read, and entries that are not http(s) URLs.
    public var problems = 0
    /// The first problems, as `NAME:LINE: message: excerpt`.
    public var firstProblems: [String] = []
    /// Entries of the site whose capture date could not be read (judged as undated).
    public var badDates = 0
    /// Entries of the site.
    public var urls = 0
    /// Of them, with a capture date (their own, or `--collected`).
    public var dated = 0
    /// Of the dated, dated by `--collected`.
    public var datedByOption = 0
    /// Entries of the site without a usable capture date.
    public var undated = 0
    /// Undated entries whose opt-out was in force over the host's whole known history.
    public var undatedRestrictedThroughout = 0
    /// Dated URLs per verdict at their capture date.
    public var verdicts: [VerdictKind: Int] = [:]
    /// Dated URLs collected despite an opt-out in force (`opted-out` + `blocked`).
    public var violations = 0
    /// The first violating URLs, in manifest order (at most the configured number).
    public var kept: [VerifiedURL] = []
    /// Dated URLs captured before Heed first fetched their host (`unknown`).
    public var beforeFirstSighting = 0
    /// Dated URLs of hosts Heed never fetched (`unknown`).
    public var neverFetched = 0
    /// The earliest and latest capture dates of the site's URLs (Unix seconds).
    public var firstCapture: Int64?
    /// See `firstCapture`.
    public var lastCapture: Int64?
    /// Per capture month, oldest first.
    public var months: [Month] = []
    /// The site's hosts seen in the manifest, sorted.
    public var hosts: [Host] = []

    /// Creates an empty summary.
    public init(site: String, includeSubdomains: Bool) {
        self.site = site
        self.includeSubdomains = includeSubdomains
    }

    /// Dated URLs with `kind`.
    public func count(_ kind: VerdictKind) -> Int { verdicts[kind] ?? 0 }

    /// Violations by verdict (`blocked`, `opted-out`).
    public var blocked: Int { count(.blocked) }
    /// See `blocked`.
    public var optedOut: Int { count(.optedOut) }
}
