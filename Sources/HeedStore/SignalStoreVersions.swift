// SPDX-License-Identifier: Apache-2.0
// HeedStore: documents as they stood at a date (the store's history as a timeline).

public import Foundation
public import HeedCore

extension SignalStore {
    /// Every version of `url` the store kept (its history rows and the current row), oldest
    /// first. Empty when the URL was never stored.
    ///
    /// - Throws: `StoreError` `.badURL` for a non-http(s) URL, `.database` when SQLite fails.
    public func versions(url: String) throws(StoreError) -> [DocumentVersion] {
        let key = try StoreKey(url)
        return try locked { () throws(StoreError) in try versionsLocked(where: "url = ?", key.url) }
    }

    /// Every version of every document of `host`, oldest first within each URL, URLs sorted.
    public func versions(host: String) throws(StoreError) -> [DocumentVersion] {
        try locked { () throws(StoreError) in try versionsLocked(where: "host = ?", host.lowercased()) }
    }

    /// The answer `lookup(_:)` would have given at `date`: the version of `url` in force then
    /// (falling back, like `lookup`, to the same file of the host under another scheme or
    /// query), a `404` when the host had been fetched by then but not this URL, and
    /// `.neverFetched` when nothing of the host had been seen by `date` (its signals then were
    /// unknown to Heed).
    public func lookup(_ url: String, asOf date: Date) throws(StoreError) -> DocumentLookup {
        let key = try StoreKey(url)
        return try locked { () throws(StoreError) in
            if let v = try versionsLocked(where: "url = ?", key.url).last(where: { $0.inForce(at: date) }) {
                return .found(answer(v, url: url))
            }
            // Like `lookup`: a URL without a query first, then the most recently seen.
            let sameFile = try versionsLocked(where: "host = ? AND file = ?", key.host, key.file)
                .filter { $0.inForce(at: date) }
                .min { a, b in
                    let (qa, qb) = (a.document.url.contains("?"), b.document.url.contains("?"))
                    return qa != qb ? !qa : a.firstSeen > b.firstSeen
                }
            if let v = sameFile { return .found(answer(v, url: url)) }
            let seconds = Self.seconds(date)
            let known = try connection.with(
                """
                SELECT 1 FROM documents WHERE host = ?1 AND COALESCE(first_seen, fetched_at) <= ?2
                UNION ALL SELECT 1 FROM history WHERE host = ?1 AND COALESCE(first_seen, fetched_at) <= ?2 LIMIT 1
                """
            ) { s throws(StoreError) in
                s.bind(1, key.host)
                s.bind(2, seconds)
                return try s.step()
            }
            return known ? .found(Document(url: url, location: url, status: 404, body: [])) : .neverFetched
        }
    }

    /// A version's document answering `url`, with the stored URL as its location.
    func answer(_ v: DocumentVersion, url: String) -> Document {
        Document(
            url: url,
            location: v.document.url,
            status: v.status,
            headers: v.document.headers,
            body: v.document.body
        )
    }

    /// The versions of the rows matching `condition` in `history` and `documents` (the
    /// condition may name `url`, `host` and, for documents, `file`; history rows are matched by
    /// URL through the documents table when `file` is named), oldest first per URL.
    func versionsLocked(where condition: String, _ values: String...) throws(StoreError) -> [DocumentVersion] {
        let historyCondition =
            condition.contains("file")
            ? "url IN (SELECT url FROM documents WHERE \(condition))" : condition
        let sql = """
            SELECT url, status, headers, body, body_sha256, COALESCE(first_seen, fetched_at), fetched_at,
                replaced_at, error, 0 AS current FROM history WHERE \(historyCondition)
            UNION ALL
            SELECT url, status, headers, body, body_sha256, COALESCE(first_seen, fetched_at), fetched_at,
                NULL, error, 1 AS current FROM documents WHERE \(condition)
            ORDER BY url, current, 8, 6
            """
        return try connection.with(sql) { s throws(StoreError) in
            var index: Int32 = 1
            for _ in 0..<2 {
                for value in values {
                    s.bind(index, value)
                    index += 1
                }
            }
            var out: [DocumentVersion] = []
            while try s.step() {
                let url = s.text(0) ?? ""
                var first = Self.date(s.int64(5))
                // A version cannot start before the one it replaced ended (schema-1 rows have no
                // first_seen; their fetched_at is the last confirmation, so use the replacement).
                if let previous = out.last, previous.document.url == url, let end = previous.validUntil, first < end {
                    first = end
                }
                out.append(
                    DocumentVersion(
                        document: Document(
                            url: url,
                            location: url,
                            status: Int(s.int64(1)),
                            headers: Self.deserialize(s.text(2) ?? ""),
                            body: s.bytes(3)
                        ),
                        error: s.text(8),
                        bodySHA256: s.text(4) ?? "",
                        firstSeen: first,
                        lastConfirmed: Self.date(s.int64(6)),
                        validUntil: s.isNull(7) ? nil : Self.date(s.int64(7))
                    )
                )
            }
            return out
        }
    }
}
