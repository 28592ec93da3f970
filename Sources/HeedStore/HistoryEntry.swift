// SPDX-License-Identifier: Apache-2.0
// HeedStore: one earlier version of a stored document.

public import Foundation

/// A version of a document that a later fetch replaced because it changed (status, body, signal
/// headers or error). Its full document is `SignalStore.historyDocument(id:)`.
public struct HistoryEntry: Sendable, Hashable {
    /// The entry's id in the store.
    public var id: Int64
    /// The normalized URL.
    public var url: String
    /// The old status.
    public var status: Int
    /// SHA-256 of the old body.
    public var bodySHA256: String
    /// When the old version was last fetched (or confirmed unchanged by a re-fetch or a `304`).
    public var fetchedAt: Date
    /// When the fetch that replaced it happened.
    public var replacedAt: Date
    /// The old version's fetch error, if it was a failure.
    public var error: String?
}
