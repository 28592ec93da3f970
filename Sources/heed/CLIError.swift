// SPDX-License-Identifier: Apache-2.0
// heed: the error type of the command-line tool.

/// A usage or input error: exit status 2, a message on stderr naming where it happened.
struct CLIError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure.
    enum Code: String, Sendable {
        case unknownCommand = "unknown-command"
        case unknownOption = "unknown-option"
        case missingValue = "missing-value"
        case invalidValue = "invalid-value"
        case missingArgument = "missing-argument"
        case tooManyArguments = "too-many-arguments"
        case unreadableInput = "unreadable-input"
        case missingData = "missing-data"
    }

    /// The kind.
    var code: Code
    /// Where: an option, an argument, or a file path.
    var location: String
    /// For a human.
    var message: String

    init(_ code: Code, _ location: String, _ message: String) {
        self.code = code
        self.location = location
        self.message = message
    }

    var description: String { location.isEmpty ? message : "\(location): \(message)" }
}

/// The exit statuses of `heed` (documented in the README).
enum ExitStatus {
    /// Done; nothing to report.
    static let ok: Int32 = 0
    /// Done; there are findings (a disallowed URL, a lint warning).
    static let findings: Int32 = 1
    /// Usage or input error.
    static let usage: Int32 = 2
}
