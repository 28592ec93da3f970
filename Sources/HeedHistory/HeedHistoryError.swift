// SPDX-License-Identifier: Apache-2.0
// HeedHistory: the error type of the history and diff module.

/// An error building a site's history or a diff: a code, where, and a message for a human.
public struct HeedHistoryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        let name: String
        /// The store has no document of the host.
        public static let unknownHost = Code(name: "unknown-host")
        /// The store or a snapshot could not be read (SQLite failure, unreadable file, bad sidecar).
        public static let unreadable = Code(name: "unreadable")
        /// A date could not be read (`--since`).
        public static let badDate = Code(name: "bad-date")
        public var description: String { name }
    }

    /// The kind of failure.
    public var code: Code
    /// Where: a host, a path, a URL, or an argument.
    public var location: String
    /// For a human.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, location: String, _ message: String) {
        self.code = code
        self.location = location
        self.message = message
    }

    public var description: String { "\(location): \(message) [\(code)]" }
}
