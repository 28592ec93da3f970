// SPDX-License-Identifier: Apache-2.0
// HeedStore: one row of the signal store's `documents` table.

public import Foundation
public import HeedCore

/// Everything the store keeps about the latest fetch of one URL.
public struct StoredDocument: Sendable, Hashable {
    /// The normalized URL (see `SignalStore.lookup`).
    public var url: String
    /// The host folder name (lower case, `:port` when not the default).
    public var host: String
    /// The HTTP status (0 when the fetch got no response; see `error`).
    public var status: Int
    /// The kept header fields (`SignalStore.storedHeaderNames`).
    public var headers: HTTPHeaders
    /// The body.
    public var body: [UInt8]
    /// SHA-256 of `body`, 64 lower-case hex digits.
    public var bodySHA256: String
    /// When it was fetched (or last confirmed by a `304`).
    public var fetchedAt: Date
    /// When it should be fetched again (`SignalStore.expiry`).
    public var expiresAt: Date
    /// The validator for `If-None-Match`.
    public var etag: String?
    /// The validator for `If-Modified-Since`.
    public var lastModified: String?
    /// Why the fetch failed, or `nil`.
    public var error: String?

    /// The row as a `Document` answering `url`.
    public var document: Document {
        Document(url: url, location: url, status: status, headers: headers, body: body)
    }
}
