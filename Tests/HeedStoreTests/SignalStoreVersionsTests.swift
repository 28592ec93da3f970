// SPDX-License-Identifier: Apache-2.0
// HeedStore tests: document versions and lookups as of a date (schema 2, `first_seen`).

import Foundation
import HeedCore
import Testing

@testable import HeedStore

struct SignalStoreVersionsTests {
    let day: TimeInterval = 86_400
    let t0 = Date(timeIntervalSince1970: 1_700_000_000)

    func store() throws -> SignalStore {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("heed-versions-\(UUID().uuidString)")
        return try SignalStore(path: dir.appendingPathComponent("store.sqlite").path)
    }

    func put(_ store: SignalStore, _ url: String, _ body: String, at: Date, status: Int = 200) throws {
        let document = Document(url: url, status: status, headers: HTTPHeaders(), body: Array(body.utf8))
        try store.put(document, fetchedAt: at, expiresAt: at + 3600)
    }

    func body(_ lookup: DocumentLookup) -> String? {
        guard case .found(let d) = lookup else { return nil }
        return d.status == 200 ? String(decoding: d.body, as: UTF8.self) : "status \(d.status)"
    }

    /// A: day 0 (confirmed again day 1), B: day 2 (confirmed day 3), C: day 5.
    @Test func versionsKeepTheirFirstSightingAcrossUnchangedRefetches() throws {
        let s = try store()
        let url = "https://example.org/robots.txt"
        try put(s, url, "A", at: t0)
        try put(s, url, "A", at: t0 + day)
        try put(s, url, "B", at: t0 + 2 * day)
        try put(s, url, "B", at: t0 + 3 * day)
        try put(s, url, "C", at: t0 + 5 * day)
        let v = try s.versions(url: url)
        #expect(v.map { String(decoding: $0.document.body, as: UTF8.self) } == ["A", "B", "C"])
        #expect(v.map(\.firstSeen) == [t0, t0 + 2 * day, t0 + 5 * day])
        #expect(v.map(\.validUntil) == [t0 + 2 * day, t0 + 5 * day, nil])
        #expect(v.map(\.lastConfirmed) == [t0 + day, t0 + 3 * day, t0 + 5 * day])
        #expect(try s.versions(host: "EXAMPLE.org").count == 3)
        #expect(try s.versions(url: "https://example.org/other").isEmpty)
    }

    @Test(arguments: [
        (-1.0, nil),  // before Heed saw the host: unknown
        (0.0, "A"), (1.9, "A"), (2.0, "B"), (4.99, "B"), (5.0, "C"), (400.0, "C"),
    ])
    func lookupAsOf(dayOffset: Double, expected: String?) throws {
        let s = try store()
        let url = "https://example.org/robots.txt"
        try put(s, url, "A", at: t0)
        try put(s, url, "B", at: t0 + 2 * day)
        try put(s, url, "C", at: t0 + 5 * day)
        let answer = try s.lookup(url, asOf: t0 + dayOffset * day)
        #expect(body(answer) == expected)
        if expected == nil { #expect(answer == .neverFetched) }
    }

    @Test func aURLFirstFetchedLaterIsA404WhileTheHostWasKnown() throws {
        let s = try store()
        try put(s, "https://example.org/robots.txt", "A", at: t0)
        try put(s, "https://example.org/ai.txt", "X", at: t0 + 3 * day)
        #expect(body(try s.lookup("https://example.org/ai.txt", asOf: t0 + day)) == "status 404")
        #expect(body(try s.lookup("https://example.org/ai.txt", asOf: t0 + 3 * day)) == "X")
        // The same file under another scheme, as `lookup` falls back.
        #expect(body(try s.lookup("http://example.org/ai.txt", asOf: t0 + 4 * day)) == "X")
        #expect(try s.lookup("https://other.example/ai.txt", asOf: t0 + 4 * day) == .neverFetched)
    }

    @Test func aVersionConfirmedLateByAnOlderFetchKeepsItsEarliestStart() throws {
        let s = try store()
        let url = "https://example.org/robots.txt"
        try put(s, url, "A", at: t0 + day)
        try put(s, url, "A", at: t0)
        #expect(try s.versions(url: url).map(\.firstSeen) == [t0])
    }

    /// A schema-1 store (no `first_seen`) is migrated on open; its rows start at their last fetch.
    @Test func aSchemaOneStoreIsMigrated() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("heed-v1-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("store.sqlite").path
        do {
            let raw = try SQLiteConnection(path: path)
            try raw.execute(SignalStore.schemaV1)
            try raw.execute("PRAGMA user_version = 1")
            try raw.execute(
                """
                INSERT INTO documents VALUES ('https://e.org/robots.txt', 'e.org', 'robots.txt', 200, '', x'41',
                    'h', 1700000000, 1700003600, NULL, NULL, NULL)
                """
            )
        }
        let s = try SignalStore(path: path)
        try put(s, "https://e.org/robots.txt", "B", at: t0 + day)
        let v = try s.versions(url: "https://e.org/robots.txt")
        #expect(v.map(\.firstSeen) == [t0, t0 + day])
        #expect(v.map(\.validUntil) == [t0 + day, nil])
        #expect(s.integrityCheck())
    }
}
