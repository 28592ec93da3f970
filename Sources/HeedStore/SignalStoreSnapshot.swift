// SPDX-License-Identifier: Apache-2.0
// HeedStore: the signal store to and from the site snapshot directory format.
// Spec: the README's "The site snapshot format" (see `Snapshot`).

public import Foundation
import HeedCore

/// What `SignalStore.export(to:)` wrote.
public struct ExportReport: Sendable, Hashable {
    /// Documents written (one file each, plus a sidecar when needed).
    public var written: Int
    /// Host folders written.
    public var hosts: Int
    /// URLs not written, with why: another URL of the same file won (another scheme or query:
    /// the format has one file per path), or the path cannot be a file in the format (a file and
    /// a folder of the same name, a name ending in `.headers`).
    public var skipped: [String]
}

extension SignalStore {
    /// The status a sidecar gets for a failed fetch with no valid status (0): 599, a 5xx that
    /// some proxies use for network errors, so that robots.txt reads as unreachable (RFC 9309
    /// §2.3.1.4), as it did in the store. The error text goes in an `X-Heed-Error` field.
    public static let failedFetchStatus = 599

    /// Writes the latest version of every stored document as a snapshot directory at
    /// `snapshotDir`.
    ///
    /// The files are written into a hidden sibling folder (`.NAME.partial-UUID`) and renamed to
    /// `snapshotDir` only when complete, so an interrupted export never looks like a finished
    /// one (a leftover `.partial` folder can be deleted). When several URLs map to one file
    /// (schemes, queries), the URL without a query wins, then the latest fetch.
    ///
    /// - Throws: `StoreError` `.unwritable` when `snapshotDir` exists and is not an empty folder
    ///   (Heed never replaces existing files) or a file cannot be written; `.database`.
    @discardableResult
    public func export(to snapshotDir: URL) throws(StoreError) -> ExportReport {
        let fm = FileManager.default
        let target = snapshotDir.standardizedFileURL
        var isDirectory: ObjCBool = false
        var replaceEmptyFolder = false
        if fm.fileExists(atPath: target.path, isDirectory: &isDirectory) {
            let contents = (try? fm.contentsOfDirectory(atPath: target.path)) ?? ["?"]
            guard isDirectory.boolValue, contents.isEmpty else {
                throw StoreError(.unwritable, location: target.path, "exists and is not an empty folder: not replaced")
            }
            replaceEmptyFolder = true
        }
        let partial = target.deletingLastPathComponent()
            .appendingPathComponent(".\(target.lastPathComponent).partial-\(UUID().uuidString)")
        do {
            try fm.createDirectory(at: partial, withIntermediateDirectories: true)
        } catch {
            throw StoreError(.unwritable, location: partial.path, "cannot create the export folder")
        }
        let report: ExportReport
        do throws(StoreError) {
            report = try locked { () throws(StoreError) in try writeDocuments(into: partial) }
            if replaceEmptyFolder { try? fm.removeItem(at: target) }
            do {
                try fm.moveItem(at: partial, to: target)
            } catch {
                throw StoreError(.unwritable, location: target.path, "cannot rename the finished export into place")
            }
        } catch {
            try? fm.removeItem(at: partial)
            throw error
        }
        return report
    }

    /// Writes every winning document under `root`; the caller holds the lock.
    private func writeDocuments(into root: URL) throws(StoreError) -> ExportReport {
        // Pick one URL per (host, file), the order `lookup` prefers.
        let candidates = try connection.with(
            "SELECT url, host, file FROM documents ORDER BY host, file, instr(url, '?') > 0, fetched_at DESC, url"
        ) { s throws(StoreError) in
            var out: [(url: String, host: String, file: String)] = []
            while try s.step() { out.append((s.text(0) ?? "", s.text(1) ?? "", s.text(2) ?? "")) }
            return out
        }
        var report = ExportReport(written: 0, hosts: 0, skipped: [])
        var hosts = Set<String>()
        var previous: (host: String, file: String)?
        for candidate in candidates {
            if let previous, previous == (candidate.host, candidate.file) {
                report.skipped.append("\(candidate.url): same file as another URL")
                continue
            }
            previous = (candidate.host, candidate.file)
            if candidate.host.hasPrefix(".") || candidate.file.hasSuffix(".headers") {
                report.skipped.append("\(candidate.url): cannot be a file in the snapshot format")
                continue
            }
            guard let row = try row(where: "url = ?", candidate.url) else { continue }
            let file = root.appendingPathComponent(candidate.host).appendingPathComponent(candidate.file)
            if write(row, to: file) {
                report.written += 1
                hosts.insert(candidate.host)
            } else {
                report.skipped.append("\(candidate.url): cannot write \(candidate.host)/\(candidate.file)")
            }
        }
        report.hosts = hosts.count
        return report
    }

    /// Writes one document's body and, unless it is a plain 200 without kept headers, its sidecar.
    /// Returns `false` when the path cannot be created (a file where a folder is needed).
    private func write(_ row: StoredDocument, to file: URL) -> Bool {
        let fm = FileManager.default
        do {
            try fm.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            var isDirectory: ObjCBool = false
            if fm.fileExists(atPath: file.path, isDirectory: &isDirectory) { return false }
            try Data(row.body).write(to: file)
            var status = row.status
            var fields = row.headers.fields
            if let error = row.error {
                fields.append(HTTPHeaders.Field(name: "X-Heed-Error", value: error))
                if !(100...999).contains(status) { status = Self.failedFetchStatus }
            }
            if status != 200 || !fields.isEmpty {
                var lines = ["HTTP/1.1 \(status) \(Self.reason(status))"]
                lines += fields.map { "\($0.name): \($0.value)" }
                try Data((lines.joined(separator: "\n") + "\n").utf8).write(
                    to: URL(fileURLWithPath: file.path + ".headers")
                )
            }
            return true
        } catch {
            return false
        }
    }

    /// Reads every document of `snapshot` into the store, in one transaction (all or nothing),
    /// as fetched at `fetchedAt` with the usual `expiry`. The snapshot format keeps no scheme:
    /// URLs are stored as `https://`; `a/index.html` is stored as the URL `/a/`. An
    /// `X-Heed-Error` sidecar field (written by `export`) is read back as the fetch error.
    /// Returns the number of documents read.
    ///
    /// - Throws: `StoreError` from reading the snapshot or from SQLite; nothing is stored then.
    @discardableResult
    public func importSnapshot(_ snapshot: Snapshot, fetchedAt: Date = Date()) throws(StoreError) -> Int {
        var documents: [Document] = []
        for host in snapshot.hosts() {
            for relative in Self.files(in: snapshot.root.appendingPathComponent(host)) {
                let url = "https://\(host)\(Self.urlPath(forFile: relative))"
                if case .found(let document) = try snapshot.lookup(url) { documents.append(document) }
            }
        }
        try locked { () throws(StoreError) in
            try connection.transaction { () throws(StoreError) in
                for document in documents {
                    let error = document.headers.values("x-heed-error").first
                    let expires = Self.expiry(
                        for: document.url,
                        headers: document.headers,
                        fetchedAt: fetchedAt,
                        rslMaxAge: nil
                    )
                    _ = try putLocked(document, fetchedAt, expires, nil, nil, error)
                }
            }
        }
        return documents.count
    }

    /// The URL path for a file in a host folder: `index.html` → `/`, `a/index.html` → `/a/`,
    /// `a/b c` → `/a/b%20c`.
    package static func urlPath(forFile relative: String) -> String {
        var segments = relative.split(separator: "/").map(String.init)
        var trailingSlash = false
        if segments.last == "index.html" {
            segments.removeLast()
            trailingSlash = true
        }
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/%?#;")
        let encoded = segments.map { $0.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0 }
        let path = "/" + encoded.joined(separator: "/")
        return trailingSlash && !encoded.isEmpty ? path + "/" : path
    }

    /// The relative paths of the regular files under `dir`, sidecars excluded, sorted.
    static func files(in dir: URL) -> [String] {
        var out: [String] = []
        let prefix = dir.standardizedFileURL.path + "/"
        guard let walker = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: [.isRegularFileKey])
        else { return [] }
        for case let url as URL in walker where !url.path.hasSuffix(".headers") {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let full = url.standardizedFileURL.path
            if full.hasPrefix(prefix) { out.append(String(full.dropFirst(prefix.count))) }
        }
        return out.sorted()
    }

    /// A reason phrase for a sidecar's status line (RFC 9110 §15); `Status` when not listed.
    static func reason(_ status: Int) -> String {
        let phrases = [
            200: "OK", 204: "No Content", 301: "Moved Permanently", 302: "Found", 304: "Not Modified",
            307: "Temporary Redirect", 308: "Permanent Redirect", 400: "Bad Request", 401: "Unauthorized",
            402: "Payment Required", 403: "Forbidden", 404: "Not Found", 410: "Gone", 429: "Too Many Requests",
            500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout",
            599: "Network Error",
        ]
        return phrases[status] ?? "Status"
    }
}
