// SPDX-License-Identifier: Apache-2.0
// HeedStore: the persistent signal store, one SQLite file of fetched documents with their history.
// Spec: RFC 9309 §2.4 (robots.txt caching), RFC 9111 §4.2 (freshness), §4.3.1 (conditional
// requests), RSL 1.0 §3.1 (`max-age`); SQLite WAL (https://sqlite.org/wal.html).

public import Foundation
public import HeedCore

extension StoreError.Code {
    /// SQLite reported an error (the store file is unreadable, locked for too long, or corrupt).
    public static let database = StoreError.Code(name: "database")
    /// The store was written by a newer Heed (its `user_version` is higher than this one knows).
    public static let schemaVersion = StoreError.Code(name: "schema-version")
    /// An export target already exists and is not empty, or a file cannot be written.
    public static let unwritable = StoreError.Code(name: "unwritable")
}

/// Every document Heed fetched, with status, the headers that carry signals, the body and its
/// SHA-256, fetch time, expiry and validators, in one SQLite file; and every earlier version of a
/// document that changed.
///
/// - **Concurrency.** Invariant: the one SQLite connection is used only while holding `lock`;
///   every public method takes it, so a store may be shared by any number of tasks and threads
///   (SQLite itself is opened without its own mutex). Other processes may open the same file: SQLite's
///   file locks serialize writers, and a writer waits up to 10 s for another's lock.
/// - **Crash safety.** WAL journal; each `put` is one transaction (the old version moves to
///   `history` and the new one replaces it, or neither happens). A process killed at any moment
///   leaves every committed `put` in the file and no trace of an uncommitted one.
/// - **Durability decision.** `synchronous=NORMAL` by default: in WAL mode a commit is in the
///   WAL file (in the OS's page cache) before `put` returns, so a killed process loses nothing
///   committed; only an OS crash or power loss can roll back the last few commits, and never
///   corrupts the file. A crawl re-fetches those on the next run, so one `fsync` per document
///   (`Durability.full`) is not worth its cost by default; pass `.full` when it is.
/// - **Schema** versioned by `PRAGMA user_version` (currently 1).
///
/// Reading: `lookup` answers like a snapshot directory (a document, a 404 for a fetched host
/// without that URL, or never fetched), so `SiteSignals` reads a store as it reads a snapshot.
public final class SignalStore: @unchecked Sendable {
    /// How hard a commit waits for the disk.
    public enum Durability: Sendable {
        /// `synchronous=NORMAL`: survives a killed process; a power loss may drop the last commits.
        case normal
        /// `synchronous=FULL`: every commit is on disk before `put` returns (one `fsync` each).
        case full
    }

    /// What a `put` did.
    public enum PutOutcome: Sendable, Hashable {
        /// The URL had no stored document.
        case inserted
        /// The stored document differed (status, body, signal headers or error): it was moved to
        /// `history` and replaced.
        case changed
        /// Same status, body, signal headers and error: only times and validators were updated.
        case unchanged
    }

    /// The schema version this code writes (`PRAGMA user_version`).
    public static let schemaVersion: Int64 = 2

    /// Header fields kept with a document (lower case): the ones that carry signals or that the
    /// next fetch needs. Others (cookies, `Date`, `Server`, ...) are dropped: they are noise for
    /// signals and would make identical re-fetches look changed.
    public static let storedHeaderNames: Set<String> = [
        "content-type", "content-language", "content-location", "location",
        "content-usage", "content-signal", "x-robots-tag", "tdm-reservation", "tdm-policy", "link",
        "etag", "last-modified", "cache-control", "expires", "retry-after",
    ]

    /// Stored fields that change between identical fetches and so do not count as a change of
    /// the document (validators and caching).
    static let volatileHeaderNames: Set<String> = ["etag", "last-modified", "cache-control", "expires", "retry-after"]

    /// The database file.
    public let path: String
    /// Serializes every use of `connection` (see the type's invariant).
    let lock = NSLock()
    /// The one connection; only touched while holding `lock`.
    let connection: SQLiteConnection

    /// Opens the store at `path`, creating the file, its folder and the schema when absent.
    ///
    /// - Throws: `StoreError` `.database` when the file cannot be opened or is not a store,
    ///   `.schemaVersion` when it was written by a newer Heed.
    public init(path: String, durability: Durability = .normal) throws(StoreError) {
        self.path = path
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw StoreError(.unwritable, location: folder.path, "cannot create the store's folder")
        }
        connection = try SQLiteConnection(path: path)
        try connection.execute("PRAGMA journal_mode=WAL")
        try connection.execute(durability == .full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL")
        let version = try connection.with("PRAGMA user_version") { s throws(StoreError) in
            try s.step() ? s.int64(0) : 0
        }
        if version > Self.schemaVersion {
            throw StoreError(
                .schemaVersion,
                location: path,
                "the store has schema version \(version); this Heed knows up to \(Self.schemaVersion): upgrade Heed"
            )
        }
        if version < 1 {
            try connection.transaction { () throws(StoreError) in
                try connection.execute(Self.schemaV1)
                try connection.execute("PRAGMA user_version = 1")
            }
        }
        if version < 2 {
            try connection.transaction { () throws(StoreError) in
                try connection.execute(Self.schemaV2)
                try connection.execute("PRAGMA user_version = 2")
            }
        }
    }

    /// Schema version 1.
    ///
    /// `file` is the document's path inside its host folder in the snapshot format
    /// (`Snapshot.relativePath`), so a lookup can fall back to the document a snapshot would
    /// give (another scheme or query of the same path). Times are Unix seconds.
    static let schemaV1 = """
        CREATE TABLE IF NOT EXISTS documents (
            url TEXT PRIMARY KEY NOT NULL,
            host TEXT NOT NULL,
            file TEXT NOT NULL,
            status INTEGER NOT NULL,
            headers TEXT NOT NULL,
            body BLOB NOT NULL,
            body_sha256 TEXT NOT NULL,
            fetched_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL,
            etag TEXT,
            last_modified TEXT,
            error TEXT
        );
        CREATE INDEX IF NOT EXISTS documents_host_file ON documents(host, file);
        CREATE INDEX IF NOT EXISTS documents_expires ON documents(expires_at);
        CREATE TABLE IF NOT EXISTS history (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            url TEXT NOT NULL,
            host TEXT NOT NULL,
            status INTEGER NOT NULL,
            headers TEXT NOT NULL,
            body BLOB NOT NULL,
            body_sha256 TEXT NOT NULL,
            fetched_at INTEGER NOT NULL,
            replaced_at INTEGER NOT NULL,
            etag TEXT,
            last_modified TEXT,
            error TEXT
        );
        CREATE INDEX IF NOT EXISTS history_host ON history(host, replaced_at);
        CREATE TABLE IF NOT EXISTS hosts (
            host TEXT PRIMARY KEY NOT NULL,
            last_crawl INTEGER,
            crawl_delay REAL,
            robots_outcome TEXT
        );
        """

    /// Schema version 2: when each version of a document was first seen.
    ///
    /// `fetched_at` moves forward on every unchanged re-fetch, so without `first_seen` a version's
    /// start would be lost and "the signals in force on date D" (`versions(url:)`,
    /// `lookup(_:asOf:)`) could not be answered. Rows written by schema 1 have `NULL`, read as
    /// their `fetched_at` (the earliest time the store can vouch for).
    static let schemaV2 = """
        ALTER TABLE documents ADD COLUMN first_seen INTEGER;
        ALTER TABLE history ADD COLUMN first_seen INTEGER;
        CREATE INDEX IF NOT EXISTS history_url ON history(url, replaced_at);
        """

    /// The per-user default store: `$XDG_DATA_HOME/heed/store.sqlite` when `XDG_DATA_HOME` is an
    /// absolute path (the XDG Base Directory spec says to ignore a relative one), otherwise
    /// `~/.local/share/heed/store.sqlite`. The CLI's `--store PATH` overrides it.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let data = environment["XDG_DATA_HOME"], data.hasPrefix("/") {
            return URL(fileURLWithPath: data).appendingPathComponent("heed/store.sqlite").path
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(".local/share/heed/store.sqlite").path
    }

    // MARK: Writing

    /// Stores a fetched document, replacing the URL's previous one; when that one differs
    /// (status, body hash, signal headers or error), it is first copied into `history` with
    /// `replaced_at = fetchedAt`. All in one transaction.
    ///
    /// - Parameters:
    ///   - document: the response; only `storedHeaderNames` of its headers are kept.
    ///   - etag, lastModified: validators for the next conditional fetch; `nil` takes them from
    ///     the document's `ETag` / `Last-Modified` headers.
    ///   - error: why the fetch failed (DNS, timeout, ...), with the document's status as the
    ///     fetcher reports it (0 when there was no response: RFC 9309 reads that as unreachable).
    /// - Throws: `StoreError` `.badURL` for a non-http(s) URL, `.database` when SQLite fails
    ///   (nothing is written then).
    @discardableResult
    public func put(
        _ document: Document,
        fetchedAt: Date,
        expiresAt: Date,
        etag: String? = nil,
        lastModified: String? = nil,
        error: String? = nil
    ) throws(StoreError) -> PutOutcome {
        try locked { () throws(StoreError) in
            try connection.transaction { () throws(StoreError) in
                try putLocked(document, fetchedAt, expiresAt, etag, lastModified, error)
            }
        }
    }

    /// `put` without the lock or a transaction: the caller holds both.
    func putLocked(
        _ document: Document,
        _ fetchedAt: Date,
        _ expiresAt: Date,
        _ etag: String?,
        _ lastModified: String?,
        _ error: String?
    ) throws(StoreError) -> PutOutcome {
        let key = try StoreKey(document.url)
        let kept = HTTPHeaders(
            document.headers.fields.filter { Self.storedHeaderNames.contains($0.name.lowercased()) }
        )
        let headersText = Self.serialize(kept)
        let hash = SHA256.hex(document.body)
        let fetched = Self.seconds(fetchedAt)
        let previous = try connection.with(
            "SELECT status, headers, body_sha256, error, COALESCE(first_seen, fetched_at) FROM documents WHERE url = ?"
        ) { s throws(StoreError) -> (Int64, String, String, String?, Int64)? in
            s.bind(1, key.url)
            guard try s.step() else { return nil }
            return (s.int64(0), s.text(1) ?? "", s.text(2) ?? "", s.text(3), s.int64(4))
        }
        var outcome = PutOutcome.inserted
        if let previous {
            let same =
                previous.0 == Int64(document.status) && previous.2 == hash && previous.3 == error
                && Self.signalPart(previous.1) == Self.signalPart(headersText)
            outcome = same ? .unchanged : .changed
        }
        if outcome == .changed {
            try connection.with(
                """
                INSERT INTO history (url, host, status, headers, body, body_sha256, fetched_at, replaced_at,
                    etag, last_modified, error, first_seen)
                SELECT url, host, status, headers, body, body_sha256, fetched_at, ?, etag, last_modified, error,
                    COALESCE(first_seen, fetched_at)
                FROM documents WHERE url = ?
                """
            ) { s throws(StoreError) in
                s.bind(1, fetched)
                s.bind(2, key.url)
                try s.step()
            }
        }
        try connection.with(
            """
            INSERT OR REPLACE INTO documents (url, host, file, status, headers, body, body_sha256, fetched_at,
                expires_at, etag, last_modified, error, first_seen)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """
        ) { s throws(StoreError) in
            s.bind(1, key.url)
            s.bind(2, key.host)
            s.bind(3, key.file)
            s.bind(4, Int64(document.status))
            s.bind(5, headersText)
            s.bind(6, bytes: document.body)
            s.bind(7, hash)
            s.bind(8, fetched)
            s.bind(9, Self.seconds(expiresAt))
            s.bind(10, etag ?? kept.values("etag").first)
            s.bind(11, lastModified ?? kept.values("last-modified").first)
            s.bind(12, error)
            // An unchanged re-fetch keeps the version's start; a new or changed one starts now
            // (never after the fetch that saw it, even when an older fetch arrives late).
            s.bind(13, outcome == .unchanged ? min(previous?.4 ?? fetched, fetched) : fetched)
            try s.step()
        }
        return outcome
    }

    /// Records a `304 Not Modified`: the stored document is current again, fetched at
    /// `fetchedAt` and fresh until `expiresAt`. Returns `false` when no document is stored for
    /// `url` (the caller then needs an unconditional fetch).
    @discardableResult
    public func markNotModified(url: String, fetchedAt: Date, expiresAt: Date) throws(StoreError) -> Bool {
        let key = try StoreKey(url)
        return try locked { () throws(StoreError) in
            try connection.with("UPDATE documents SET fetched_at = ?, expires_at = ? WHERE url = ?") {
                s throws(StoreError) in
                s.bind(1, Self.seconds(fetchedAt))
                s.bind(2, Self.seconds(expiresAt))
                s.bind(3, key.url)
                try s.step()
            }
            return try connection.with("SELECT changes()") { s throws(StoreError) in
                try s.step() && s.int64(0) > 0
            }
        }
    }

    /// Records a crawl of `host` (the `hosts` table): when, the `Crawl-delay` honoured, and the
    /// robots.txt outcome (e.g. `parse`, `allow-all: HTTP 404`, `disallow-all: HTTP 503`).
    public func recordHost(
        _ host: String,
        crawledAt: Date,
        crawlDelay: Double?,
        robotsOutcome: String?
    ) throws(StoreError) {
        try locked { () throws(StoreError) in
            try recordHostLocked(host, crawledAt: crawledAt, crawlDelay: crawlDelay, robotsOutcome: robotsOutcome)
        }
    }

    /// `recordHost` without the lock: the caller holds it.
    func recordHostLocked(
        _ host: String,
        crawledAt: Date,
        crawlDelay: Double?,
        robotsOutcome: String?
    ) throws(StoreError) {
        try connection.with(
            "INSERT OR REPLACE INTO hosts (host, last_crawl, crawl_delay, robots_outcome) VALUES (?, ?, ?, ?)"
        ) { s throws(StoreError) in
            s.bind(1, host.lowercased())
            s.bind(2, Self.seconds(crawledAt))
            s.bind(3, crawlDelay)
            s.bind(4, robotsOutcome)
            try s.step()
        }
    }

    /// One document of a site's crawl, as `putSite` stores it (the arguments of `put`).
    public struct SiteDocument: Sendable {
        /// The response.
        public var document: Document
        /// When it expires.
        public var expiresAt: Date
        /// Validators for the next conditional fetch (`nil`: from the document's headers).
        public var etag: String?
        /// See `etag`.
        public var lastModified: String?
        /// Why the fetch failed, if it did.
        public var error: String?

        /// Creates one.
        public init(
            document: Document,
            expiresAt: Date,
            etag: String? = nil,
            lastModified: String? = nil,
            error: String? = nil
        ) {
            self.document = document
            self.expiresAt = expiresAt
            self.etag = etag
            self.lastModified = lastModified
            self.error = error
        }
    }

    /// Stores every document of one site's crawl and its crawl record in **one transaction**, so a
    /// process killed at any moment leaves the host either complete (documents and record) or as
    /// it was: `heed crawl --refresh` then re-fetches exactly the hosts that did not complete and
    /// never one that did. Each document is stored as `put` stores it (history included).
    @discardableResult
    public func putSite(
        _ documents: [SiteDocument],
        host: String,
        fetchedAt: Date,
        crawlDelay: Double?,
        robotsOutcome: String?
    ) throws(StoreError) -> [PutOutcome] {
        try locked { () throws(StoreError) in
            try connection.transaction { () throws(StoreError) in
                var outcomes: [PutOutcome] = []
                for d in documents {
                    outcomes.append(try putLocked(d.document, fetchedAt, d.expiresAt, d.etag, d.lastModified, d.error))
                }
                try recordHostLocked(host, crawledAt: fetchedAt, crawlDelay: crawlDelay, robotsOutcome: robotsOutcome)
                return outcomes
            }
        }
    }

    // MARK: Reading

    /// Looks a URL up as a snapshot would answer it:
    /// 1. the document stored for exactly this URL (scheme and host case-insensitive, default
    ///    port and fragment dropped);
    /// 2. otherwise the document a snapshot would give: same host and same file path
    ///    (`Snapshot.relativePath`, so another scheme, another query, or `/a/` for `/a/index.html`),
    ///    preferring a URL without a query, then the latest fetch;
    /// 3. otherwise, when the host has any stored document, a `404` with an empty body (the host
    ///    was fetched and this URL is not there, like a missing file in a host folder);
    /// 4. otherwise `.neverFetched`.
    ///
    /// A found document has the asked `url` and, as `location`, the stored URL.
    ///
    /// - Throws: `StoreError` `.badURL` for a non-http(s) URL, `.database` when SQLite fails.
    public func lookup(_ url: String) throws(StoreError) -> DocumentLookup {
        let key = try StoreKey(url)
        return try locked { () throws(StoreError) in
            if let row = try row(where: "url = ?", key.url) {
                return .found(
                    Document(url: url, location: row.url, status: row.status, headers: row.headers, body: row.body)
                )
            }
            if let row = try row(
                where: "host = ? AND file = ? ORDER BY instr(url, '?') > 0, fetched_at DESC, url",
                key.host,
                key.file
            ) {
                return .found(
                    Document(url: url, location: row.url, status: row.status, headers: row.headers, body: row.body)
                )
            }
            let known = try connection.with("SELECT 1 FROM documents WHERE host = ? LIMIT 1") { s throws(StoreError) in
                s.bind(1, key.host)
                return try s.step()
            }
            return known ? .found(Document(url: url, location: url, status: 404, body: [])) : .neverFetched
        }
    }

    /// Everything stored for exactly `url` (after normalization), or `nil`.
    public func record(for url: String) throws(StoreError) -> StoredDocument? {
        let key = try StoreKey(url)
        return try locked { () throws(StoreError) in try row(where: "url = ?", key.url) }
    }

    /// The URLs whose expiry is at or before `now`, soonest first: what `crawl --refresh`
    /// re-fetches.
    public func expired(now: Date) throws(StoreError) -> [String] {
        try locked { () throws(StoreError) in
            try connection.with("SELECT url FROM documents WHERE expires_at <= ? ORDER BY expires_at, url") {
                s throws(StoreError) in
                s.bind(1, Self.seconds(now))
                var urls: [String] = []
                while try s.step() { urls.append(s.text(0) ?? "") }
                return urls
            }
        }
    }

    /// The request headers for a conditional re-fetch of `url` (RFC 9110 §13.1.2 `If-None-Match`
    /// from the stored `ETag`, §13.1.3 `If-Modified-Since` from `Last-Modified`). Empty when
    /// nothing is stored, the stored response was not a 2xx, or the fetch failed: a `304` can
    /// only confirm a successful response.
    public func conditionalHeaders(for url: String) throws(StoreError) -> [(String, String)] {
        guard let row = try record(for: url), (200..<300).contains(row.status), row.error == nil else { return [] }
        var out: [(String, String)] = []
        if let etag = row.etag, !etag.isEmpty { out.append(("If-None-Match", etag)) }
        if let modified = row.lastModified, !modified.isEmpty { out.append(("If-Modified-Since", modified)) }
        return out
    }

    /// The earlier versions of `host`'s documents, oldest replacement first.
    public func history(host: String) throws(StoreError) -> [HistoryEntry] {
        try locked { () throws(StoreError) in
            try connection.with(
                """
                SELECT id, url, status, body_sha256, fetched_at, replaced_at, error FROM history
                WHERE host = ? ORDER BY replaced_at, id
                """
            ) { s throws(StoreError) in
                s.bind(1, host.lowercased())
                var out: [HistoryEntry] = []
                while try s.step() {
                    out.append(
                        HistoryEntry(
                            id: s.int64(0),
                            url: s.text(1) ?? "",
                            status: Int(s.int64(2)),
                            bodySHA256: s.text(3) ?? "",
                            fetchedAt: Self.date(s.int64(4)),
                            replacedAt: Self.date(s.int64(5)),
                            error: s.text(6)
                        )
                    )
                }
                return out
            }
        }
    }

    /// The document of one history entry (its old status, headers and body), or `nil`.
    public func historyDocument(id: Int64) throws(StoreError) -> Document? {
        try locked { () throws(StoreError) in
            try connection.with("SELECT url, status, headers, body FROM history WHERE id = ?") { s throws(StoreError) in
                s.bind(1, id)
                guard try s.step() else { return nil }
                let url = s.text(0) ?? ""
                return Document(
                    url: url,
                    location: url,
                    status: Int(s.int64(1)),
                    headers: Self.deserialize(s.text(2) ?? ""),
                    body: s.bytes(3)
                )
            }
        }
    }

    /// Every host with a stored document or a crawl record, sorted.
    public func hosts() throws(StoreError) -> [String] {
        try locked { () throws(StoreError) in
            try connection.with("SELECT host FROM documents UNION SELECT host FROM hosts ORDER BY host") {
                s throws(StoreError) in
                var out: [String] = []
                while try s.step() { out.append(s.text(0) ?? "") }
                return out
            }
        }
    }

    /// The crawl record of `host`, or `nil`.
    public func hostRecord(_ host: String) throws(StoreError) -> HostRecord? {
        try locked { () throws(StoreError) in
            try connection.with("SELECT host, last_crawl, crawl_delay, robots_outcome FROM hosts WHERE host = ?") {
                s throws(StoreError) in
                s.bind(1, host.lowercased())
                guard try s.step() else { return nil }
                return HostRecord(
                    host: s.text(0) ?? "",
                    lastCrawl: s.isNull(1) ? nil : Self.date(s.int64(1)),
                    crawlDelay: s.double(2),
                    robotsOutcome: s.text(3)
                )
            }
        }
    }

    /// `PRAGMA integrity_check` answers `ok`: the file is not corrupt.
    public func integrityCheck() -> Bool {
        (try? locked { () throws(StoreError) in
            try connection.with("PRAGMA integrity_check") { s throws(StoreError) in
                try s.step() && s.text(0) == "ok"
            }
        }) ?? false
    }

    // MARK: Helpers

    /// Runs `body` holding the lock.
    func locked<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    /// One `documents` row matching `condition` (with `?` parameters bound from `values`).
    func row(where condition: String, _ values: String...) throws(StoreError) -> StoredDocument? {
        try connection.with(
            """
            SELECT url, host, status, headers, body, body_sha256, fetched_at, expires_at, etag, last_modified, error
            FROM documents WHERE \(condition) LIMIT 1
            """
        ) { s throws(StoreError) in
            for (index, value) in values.enumerated() { s.bind(Int32(index + 1), value) }
            guard try s.step() else { return nil }
            return StoredDocument(
                url: s.text(0) ?? "",
                host: s.text(1) ?? "",
                status: Int(s.int64(2)),
                headers: Self.deserialize(s.text(3) ?? ""),
                body: s.bytes(4),
                bodySHA256: s.text(5) ?? "",
                fetchedAt: Self.date(s.int64(6)),
                expiresAt: Self.date(s.int64(7)),
                etag: s.text(8),
                lastModified: s.text(9),
                error: s.text(10)
            )
        }
    }

    /// Unix seconds, rounded down.
    static func seconds(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970.rounded(.down)) }

    /// A date from Unix seconds.
    static func date(_ seconds: Int64) -> Date { Date(timeIntervalSince1970: TimeInterval(seconds)) }

    /// Header fields as `Name: value` lines; line breaks inside a value become spaces.
    static func serialize(_ headers: HTTPHeaders) -> String {
        headers.fields.map { field in
            let value = field.value.map { $0 == "\r" || $0 == "\n" ? " " : String($0) }.joined()
            return "\(field.name): \(value)"
        }.joined(separator: "\n")
    }

    /// The inverse of `serialize`.
    static func deserialize(_ text: String) -> HTTPHeaders {
        HTTPHeaders(
            text.split(separator: "\n").compactMap { line in
                guard let colon = line.firstIndex(of: ":") else { return nil }
                return HTTPHeaders.Field(
                    name: String(line[..<colon]),
                    value: line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                )
            }
        )
    }

    /// The serialized headers without the volatile fields, for change detection.
    static func signalPart(_ text: String) -> String {
        text.split(separator: "\n").filter { line in
            let name = line.split(separator: ":", maxSplits: 1).first.map { $0.lowercased() } ?? ""
            return !volatileHeaderNames.contains(name)
        }.joined(separator: "\n")
    }
}
