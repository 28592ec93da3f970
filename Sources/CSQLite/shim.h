// CSQLite: SQLite for Swift (the signal store). Imported only by HeedStore.
#ifndef CSQLITE_SHIM_H
#define CSQLITE_SHIM_H
#include <sqlite3.h>

/// SQLITE_TRANSIENT is a macro casting -1 to a function pointer, which Swift cannot import:
/// binding with it makes SQLite copy the bytes before the call returns.
static inline int csqlite_bind_text_transient(sqlite3_stmt *s, int i, const char *text, int n) {
    return sqlite3_bind_text(s, i, text, n, SQLITE_TRANSIENT);
}
static inline int csqlite_bind_blob_transient(sqlite3_stmt *s, int i, const void *blob, int n) {
    return sqlite3_bind_blob(s, i, blob, n, SQLITE_TRANSIENT);
}
#endif
