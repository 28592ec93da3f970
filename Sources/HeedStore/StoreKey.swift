// SPDX-License-Identifier: Apache-2.0
// HeedStore: the normalized form of a URL as the signal store keys it.

/// A URL as the store keys it: `scheme://host[:port]/path[?query]`, with the scheme and host
/// lower-cased, a default port, user info and the fragment dropped, and an empty path as `/`;
/// plus the host folder and file path the snapshot format would use for it.
struct StoreKey: Sendable, Hashable {
    /// The normalized URL (the `documents` primary key).
    let url: String
    /// The host folder name (`Snapshot.split`): lower case, `:port` when not the default.
    let host: String
    /// The file inside the host folder (`Snapshot.relativePath`).
    let file: String

    /// Normalizes `raw`.
    ///
    /// - Throws: `StoreError` `.badURL` when it is not an http(s) URL with a host.
    init(_ raw: String) throws(StoreError) {
        let (host, path) = try Snapshot.split(raw)
        let scheme = raw.lowercased().hasPrefix("https://") ? "https" : "http"
        var rest = raw.dropFirst(scheme.count + 3)
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let afterAuthority = rest[authorityEnd...]
        let query = afterAuthority.firstIndex(of: "?").map { String(afterAuthority[$0...]) } ?? ""
        url = "\(scheme)://\(host)\(path)\(query)"
        self.host = host
        file = Snapshot.relativePath(forPath: path)
    }
}
