// SPDX-License-Identifier: Apache-2.0
// HeedStore: the error type of the storage module.

/// An error reading or writing stored documents: a code, where, and a message for a human.
public struct StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        let name: String
        /// The snapshot directory does not exist or is not a directory.
        public static let noSnapshot = Code(name: "no-snapshot")
        /// A file exists but cannot be read.
        public static let unreadable = Code(name: "unreadable")
        /// A `.headers` sidecar is malformed.
        public static let badHeaders = Code(name: "bad-headers")
        /// A URL cannot be mapped into a snapshot (not http/https, no host).
        public static let badURL = Code(name: "bad-url")
        public var description: String { name }
    }

    /// The kind of failure.
    public var code: Code
    /// Where: a path, `path:line`, or a URL.
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
