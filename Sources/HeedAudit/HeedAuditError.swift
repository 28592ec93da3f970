// SPDX-License-Identifier: Apache-2.0
// HeedAudit: the error type of the audit module.

/// An audit failure on input the caller controls: a code, where, and a message for a human.
public struct HeedAuditError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        let name: String
        /// The manifest cannot be opened or read.
        public static let unreadable = Code(name: "unreadable")
        /// The manifest is not in the declared format (for example a gzip stream that is corrupt).
        public static let badFormat = Code(name: "bad-format")
        /// A profile or option is invalid.
        public static let badProfile = Code(name: "bad-profile")
        /// An output cannot be written.
        public static let unwritable = Code(name: "unwritable")
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

    public var description: String { "\(location): \(message) [\(code)]" }
}
