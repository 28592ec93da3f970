// SPDX-License-Identifier: Apache-2.0
// HeedFetch: the error type of the fetch module.

/// A fetch failure: a code, where (the URL), and a message for a human.
public struct HeedFetchError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        let name: String
        /// The URL is not http or https, or has no host.
        public static let badURL = Code(name: "bad-url")
        /// The target resolves to a private, loopback or link-local address and that is not allowed.
        public static let forbiddenAddress = Code(name: "forbidden-address")
        /// DNS, connection, TLS or protocol failure.
        public static let network = Code(name: "network")
        /// The transfer took longer than allowed, or trickled below the low-speed limit.
        public static let timeout = Code(name: "timeout")
        /// The body exceeded the size cap.
        public static let tooLarge = Code(name: "too-large")
        /// More redirects than allowed, or a redirect to a forbidden scheme.
        public static let redirect = Code(name: "redirect")
        /// The fetch was cancelled.
        public static let cancelled = Code(name: "cancelled")
        public var description: String { name }
    }

    /// The kind of failure.
    public var code: Code
    /// The URL.
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
