// SPDX-License-Identifier: Apache-2.0
// Heed: a document as fetched or archived: bytes plus where they came from.

/// HTTP header fields, in order, with case-insensitive lookup (RFC 9110 §5.1).
public struct HTTPHeaders: Sendable, Hashable, Codable {
    /// The fields as received: name (as written) and value (trimmed).
    public var fields: [Field]

    /// One header field.
    public struct Field: Sendable, Hashable, Codable {
        /// The name as written.
        public var name: String
        /// The value, trimmed.
        public var value: String
        /// Creates a field.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// Creates headers from fields.
    public init(_ fields: [Field] = []) { self.fields = fields }

    /// Creates headers from name-value pairs.
    public init(_ pairs: [(String, String)]) {
        fields = pairs.map { Field(name: $0.0, value: $0.1) }
    }

    /// Every value of the field `name` (case-insensitive), in order.
    public func values(_ name: String) -> [String] {
        var out: [String] = []
        for field in fields where Self.sameName(field.name, name) { out.append(field.value) }
        return out
    }

    /// Whether two field names are equal ignoring ASCII case (RFC 9110 §5.1: field names are
    /// case-insensitive), compared on bytes without allocating: this runs for every header of
    /// every response a crawl or benchmark reads.
    static func sameName(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        var a = a
        var b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                guard x.count == y.count else { return false }
                for i in 0..<x.count {
                    let (p, q) = (x[i], y[i])
                    if p == q { continue }
                    // Both letters of the same ASCII letter in different case differ by 0x20 exactly.
                    guard p ^ q == 0x20, (p | 0x20) >= 0x61, (p | 0x20) <= 0x7A else { return false }
                }
                return true
            }
        }
    }

    /// The values of `name` joined with ", " as RFC 9110 §5.3 combines repeated fields, or `nil`.
    public func combined(_ name: String) -> String? {
        let v = values(name)
        return v.isEmpty ? nil : v.joined(separator: ", ")
    }
}

/// A response: the URL it answers, its status, headers and body.
///
/// Every source (live fetch, store, snapshot directory, WARC) produces `Document`s; nothing
/// downstream knows which source it was (ARCHITECTURE.md).
public struct Document: Sendable, Hashable {
    /// The URL the document answers (`https://example.com/robots.txt`).
    public var url: String
    /// Where a human finds it: the URL, or a file path inside a snapshot.
    public var location: String
    /// The HTTP status (200 when unknown, as in a snapshot without a `.headers` sidecar).
    public var status: Int
    /// The response headers.
    public var headers: HTTPHeaders
    /// The body.
    public var body: [UInt8]

    /// Creates a document.
    public init(
        url: String,
        location: String? = nil,
        status: Int = 200,
        headers: HTTPHeaders = HTTPHeaders(),
        body: [UInt8]
    ) {
        self.url = url
        self.location = location ?? url
        self.status = status
        self.headers = headers
        self.body = body
    }
}
