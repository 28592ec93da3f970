// SPDX-License-Identifier: Apache-2.0
// HeedAudit: what a manifest read produced (counts, bytes, detected format, first problems).

/// The outcome of ``ManifestReader/read(_:problem:)``.
public struct ManifestStats: Sendable {
    /// Entries handed to the callback.
    public var entries: Int
    /// Lines or records that could not be read (all of them counted).
    public var problems: Int
    /// Bytes read from the source (compressed bytes for gzip input).
    public var bytesRead: Int
    /// The format used: the detected one under `.auto`, else the one requested.
    public var detected: ManifestFormat
    /// The first ``ManifestStats/keptProblemLimit`` problems, in order (the rest are only counted).
    public var firstProblems: [ManifestProblem]

    /// How many problems are kept in ``firstProblems``.
    public static let keptProblemLimit = 1_000

    /// Creates stats.
    public init(
        entries: Int = 0,
        problems: Int = 0,
        bytesRead: Int = 0,
        detected: ManifestFormat = .auto,
        firstProblems: [ManifestProblem] = []
    ) {
        self.entries = entries
        self.problems = problems
        self.bytesRead = bytesRead
        self.detected = detected
        self.firstProblems = firstProblems
    }
}
