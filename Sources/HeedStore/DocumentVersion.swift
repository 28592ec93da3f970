// SPDX-License-Identifier: Apache-2.0
// HeedStore: one version of a stored document and the time it was in force.

public import Foundation
public import HeedCore

/// One version of a document as the store saw it: the response, and the span in which the store
/// knows it was the current version.
///
/// Why: a steward asks whether an opt-out was *already in force* when a URL was collected or a
/// crawler requested a path (issue 6, `heed verify` and `heed logs`), so every version needs its
/// start (first fetch that saw it) and end (the fetch that saw it replaced). A change between two
/// fetches is only known at the later one: the store dates it there, which never claims a
/// statement was in force before Heed saw it.
public struct DocumentVersion: Sendable, Hashable {
    /// The response of this version (its `url` is the stored, normalized URL).
    public var document: Document
    /// The fetch error of this version, or `nil` (a failed fetch is a version too: 5xx, timeout).
    public var error: String?
    /// SHA-256 of the body.
    public var bodySHA256: String
    /// The first fetch that saw this version.
    public var firstSeen: Date
    /// The last fetch that confirmed it (a re-fetch or a `304`).
    public var lastConfirmed: Date
    /// The fetch that saw it replaced, or `nil` for the current version.
    public var validUntil: Date?

    /// The HTTP status of this version (0 when the fetch got no response).
    public var status: Int { document.status }

    /// Whether this version was the current one at `date`: `firstSeen <= date` and, unless it is
    /// current, `date < validUntil`.
    public func inForce(at date: Date) -> Bool {
        firstSeen <= date && (validUntil.map { date < $0 } ?? true)
    }
}
