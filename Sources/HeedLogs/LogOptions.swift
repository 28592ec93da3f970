// SPDX-License-Identifier: Apache-2.0
// HeedLogs: how `heed logs` reads its inputs and judges requests.

/// The format of a log file.
public enum LogFormat: String, Sendable, CaseIterable {
    /// Detected per file from its first non-blank line: `{` means JSON Lines, anything else the
    /// Combined/Common Log Format.
    case auto
    /// Combined Log Format, Common Log Format, either after a virtual host.
    case combined
    /// JSON Lines, one object per request.
    case json
}

/// What to do with requests made before the first known robots.txt version (a store's first fetch).
public enum BeforeFirstFetch: String, Sendable, CaseIterable {
    /// Check them against the first version, and count them (`checkedAgainstLaterVersion`): robots.txt
    /// rarely changes, and a steward who fetched the site after the fact still wants an answer.
    case useFirst = "use-first"
    /// Do not check them (counted as `unchecked`).
    case unchecked
}

/// The options of an analysis.
public struct LogOptions: Sendable {
    /// The format of every file (default: detected per file).
    public var format = LogFormat.auto
    /// JSON field names that replace the detected ones.
    public var fields = LogFieldNames()
    /// Attribute each line to the site its virtual-host field names (several sites given), instead of
    /// attributing every line to the one site given.
    public var sitePerLine = false
    /// Worker threads; 1 parses on the calling thread. Results do not depend on it.
    public var workers = 2
    /// Bytes per chunk handed to a worker (results do not depend on it).
    public var chunkSize = 4 << 20
    /// A line longer than this is malformed (and skipped to its line break).
    public var maxLineLength = 1 << 20
    /// How many malformed lines are kept with their line numbers (all are counted).
    public var problemLimit = 10
    /// How many violating requests are kept per crawler as examples.
    public var examplesPerCrawler = 3
    /// RFC 9309 §2.4 lets a crawler use a cached robots.txt for up to 24 hours: with a grace of N seconds a
    /// request that the version in force disallows is not a violation when a version in force during the
    /// N seconds before it allowed it (counted as `withinGrace`). Default 0: the version in force decides.
    public var graceSeconds: Int64 = 0
    /// Requests before the first known version.
    public var beforeFirstFetch = BeforeFirstFetch.useFirst

    /// The defaults.
    public init() {}
}
