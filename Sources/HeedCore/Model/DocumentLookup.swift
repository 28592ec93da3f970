// SPDX-License-Identifier: Apache-2.0
// Heed: the answer of a document source (store, snapshot, fetcher) for one URL.

/// What a source knows about a URL.
public enum DocumentLookup: Sendable, Hashable {
    /// A response (any status; a 404 for a host that was fetched but lacks the file).
    case found(Document)
    /// The host was never fetched: every signal it may carry is unknown.
    case neverFetched
}
