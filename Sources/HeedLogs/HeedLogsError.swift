// SPDX-License-Identifier: Apache-2.0
// HeedLogs: the error type of the access-log module.

/// A failure on input the caller controls (a log file, the signals): a code, where, and a
/// message for a human. Malformed log lines are not errors: they are reported and counted
/// (``LogProblem``); an error stops the run.
public struct HeedLogsError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        let name: String
        /// A log file cannot be opened or read.
        public static let unreadable = Code(name: "unreadable")
        /// A log file is not in the declared format (a corrupt or truncated gzip stream).
        public static let badFormat = Code(name: "bad-format")
        /// The site whose robots.txt applies cannot be decided, or the signals hold nothing for it.
        public static let noSite = Code(name: "no-site")
        /// The code's name (`unreadable`).
        public var description: String { name }
    }

    /// The kind of failure.
    public var code: Code
    /// Where: a path, `path:line`, or an option.
    public var location: String
    /// For a human.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, location: String, _ message: String) {
        self.code = code
        self.location = location
        self.message = message
    }

    /// `location: message [code]`.
    public var description: String { "\(location): \(message) [\(code)]" }
}

/// One log line that could not be read: where and why. The first ``LogOptions/problemLimit`` are kept
/// (and printed by `heed logs`); all are counted in ``LogSummary/malformed``.
public struct LogProblem: Sendable, Hashable {
    /// The log file's name as given (`-` for standard input).
    public var file: String
    /// The 1-based line number in that file (after decompression).
    public var line: Int
    /// What is wrong, for a human.
    public var message: String

    /// A problem.
    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }
}
