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
        /// The body exceeded the size cap. The fetcher itself truncates instead (`FetchResponse.truncated`);
        /// this code is for callers that refuse truncated documents.
        public static let tooLarge = Code(name: "too-large")
        /// A redirect that cannot be followed: its target is not http or https (`file://`, `gopher://`),
        /// or is not a valid URL. `HeedFetchError.status` holds the 3xx status.
        public static let redirect = Code(name: "redirect")
        /// More redirects than allowed (`FetchConfiguration.maxRedirects`, 5 as RFC 9309 §2.3.1.2 asks),
        /// which includes redirect loops.
        public static let tooManyRedirects = Code(name: "too-many-redirects")
        /// The fetch was cancelled, or the fetcher was shut down.
        public static let cancelled = Code(name: "cancelled")
        public var description: String { name }
    }

    /// The kind of failure.
    public var code: Code
    /// The URL.
    public var location: String
    /// For a human.
    public var message: String
    /// The HTTP status of the last response, when there was one (a redirect that cannot be followed).
    public var status: Int?

    /// Creates an error.
    public init(_ code: Code, location: String, _ message: String) {
        self.code = code
        self.location = location
        self.message = message
    }

    public var description: String { "\(location): \(message) [\(code)]" }
}
