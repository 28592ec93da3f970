// SPDX-License-Identifier: Apache-2.0
// HeedStore: a thin wrapper over one SQLite connection (prepared statements, transactions).
// Spec: the SQLite C interface (https://sqlite.org/c3ref/intro.html).

internal import CSQLite

/// One SQLite connection with a cache of prepared statements.
///
/// Not thread-safe by design: it is opened with `SQLITE_OPEN_NOMUTEX` and its one owner
/// (`SignalStore`) serializes every call under its lock.
final class SQLiteConnection {
    private let db: OpaquePointer
    private var statements: [String: OpaquePointer] = [:]
    /// The database file, for error messages.
    let path: String

    /// Opens (creating if needed) the database at `path`.
    init(path: String) throws(StoreError) {
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &handle, flags, nil)
        guard rc == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(handle)
            throw StoreError(.database, location: path, "cannot open the store: \(message)")
        }
        db = handle
        self.path = path
        sqlite3_extended_result_codes(db, 1)
        // Another process (a crawl while an audit reads) may hold the write lock for a moment.
        sqlite3_busy_timeout(db, 10_000)
    }

    deinit {
        for statement in statements.values { sqlite3_finalize(statement) }
        sqlite3_close_v2(db)
    }

    /// Runs one or more statements that return no rows we need.
    func execute(_ sql: String) throws(StoreError) {
        var message: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(db, sql, nil, nil, &message)
        if rc != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(rc))
            sqlite3_free(message)
            throw StoreError(.database, location: path, "\(text) (in: \(sql.prefix(60)))")
        }
    }

    /// Runs `body` with the prepared statement for `sql`, bound by `body`; the statement is reset
    /// and its bindings cleared afterwards whatever happens, so the cache never holds a busy one.
    func with<T>(_ sql: String, _ body: (SQLiteStatement) throws(StoreError) -> T) throws(StoreError) -> T {
        let handle: OpaquePointer
        if let cached = statements[sql] {
            handle = cached
        } else {
            var prepared: OpaquePointer?
            let rc = sqlite3_prepare_v3(db, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &prepared, nil)
            guard rc == SQLITE_OK, let prepared else {
                throw StoreError(.database, location: path, "\(errorMessage()) (in: \(sql.prefix(60)))")
            }
            statements[sql] = prepared
            handle = prepared
        }
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        }
        return try body(SQLiteStatement(handle: handle, connection: self))
    }

    /// Runs `body` in one write transaction (`BEGIN IMMEDIATE`, so the write lock is taken up
    /// front): committed if it returns, rolled back if it throws.
    func transaction<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        try execute("BEGIN IMMEDIATE")
        let result: T
        do {
            result = try body()
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
        do {
            try execute("COMMIT")
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
        return result
    }

    /// The connection's last error message.
    func errorMessage() -> String { String(cString: sqlite3_errmsg(db)) }
}

/// A prepared statement borrowed from `SQLiteConnection.with`: bind, step, read columns.
/// Parameter and column indexes follow SQLite: parameters from 1, columns from 0.
struct SQLiteStatement {
    let handle: OpaquePointer
    let connection: SQLiteConnection

    /// Binds text, or NULL for `nil`. The bytes are copied (`SQLITE_TRANSIENT`).
    func bind(_ index: Int32, _ value: String?) {
        guard let value else {
            sqlite3_bind_null(handle, index)
            return
        }
        var utf8 = Array(value.utf8)
        if utf8.isEmpty { utf8 = [0] }  // a valid pointer for the empty string; length 0 below
        utf8.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { pointer in
                _ = csqlite_bind_text_transient(handle, index, pointer, Int32(value.utf8.count))
            }
        }
    }

    /// Binds an integer, or NULL for `nil`.
    func bind(_ index: Int32, _ value: Int64?) {
        if let value { sqlite3_bind_int64(handle, index, value) } else { sqlite3_bind_null(handle, index) }
    }

    /// Binds a real number, or NULL for `nil`.
    func bind(_ index: Int32, _ value: Double?) {
        if let value { sqlite3_bind_double(handle, index, value) } else { sqlite3_bind_null(handle, index) }
    }

    /// Binds a blob (an empty one for no bytes, never NULL). The bytes are copied.
    func bind(_ index: Int32, bytes: [UInt8]) {
        if bytes.isEmpty {
            sqlite3_bind_zeroblob(handle, index, 0)
            return
        }
        bytes.withUnsafeBufferPointer { buffer in
            _ = csqlite_bind_blob_transient(handle, index, buffer.baseAddress, Int32(buffer.count))
        }
    }

    /// Advances: `true` when a row is available, `false` when done.
    @discardableResult
    func step() throws(StoreError) -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw StoreError(.database, location: connection.path, connection.errorMessage())
        }
    }

    /// Whether column `index` is NULL.
    func isNull(_ index: Int32) -> Bool { sqlite3_column_type(handle, index) == SQLITE_NULL }

    /// Column `index` as text (`nil` for NULL).
    func text(_ index: Int32) -> String? {
        guard !isNull(index), let pointer = sqlite3_column_text(handle, index) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, index))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    /// Column `index` as an integer (0 for NULL).
    func int64(_ index: Int32) -> Int64 { sqlite3_column_int64(handle, index) }

    /// Column `index` as a real number (`nil` for NULL).
    func double(_ index: Int32) -> Double? { isNull(index) ? nil : sqlite3_column_double(handle, index) }

    /// Column `index` as bytes (empty for NULL or an empty blob).
    func bytes(_ index: Int32) -> [UInt8] {
        guard let pointer = sqlite3_column_blob(handle, index) else { return [] }
        let count = Int(sqlite3_column_bytes(handle, index))
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }
}
