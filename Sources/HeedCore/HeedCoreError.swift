// SPDX-License-Identifier: Apache-2.0
// Heed: the error type of the core module.

/// An error from the core: a code, where it happened, and a message for a human.
///
/// Parsers of untrusted documents do not throw (they record `Finding`s); this error is for inputs
/// the caller controls, such as a malformed SignalSpecs file or an invalid product token.
public struct HeedCoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        let name: String
        /// A SignalSpecs data file (registry, vocabulary, profile) could not be read.
        public static let invalidSpecData = Code(name: "invalid-spec-data")
        /// A product token or other caller argument is unusable.
        public static let invalidArgument = Code(name: "invalid-argument")
        public var description: String { name }
    }

    /// The kind of failure.
    public var code: Code
    /// Where: a file name, `file:line`, or an argument name.
    public var location: String
    /// What went wrong, for a human.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, location: String, _ message: String) {
        self.code = code
        self.location = location
        self.message = message
    }

    public var description: String { "\(location): \(message) [\(code)]" }
}
