// SPDX-License-Identifier: Apache-2.0
// HeedStore: the site snapshot directory format, read side.

public import Foundation
public import HeedCore

/// A directory of archived responses, one folder per host.
///
/// Format (documented in the README, used by offline audits, the demo and the test server):
/// - `<root>/<host>/<path>` holds a response body: `robots.txt`, `.well-known/tdmrep.json`,
///   `license.xml`, `ai.txt`, `index.html`, any page. `<host>` is the lower-cased host name,
///   with `:port` when the URL names a non-default port.
/// - A URL path ending in `/` is stored as `index.html` in that folder; the query string is not
///   part of the file name (every query of a path shares one file).
/// - An optional sidecar `<file>.headers` holds that response's status line
///   (`HTTP/1.1 404 Not Found`) and header lines (`Name: value`); without one the response was a
///   plain `200` with no headers of note.
/// - A host folder that exists but lacks a file means the site answered `404` for it; a host
///   with no folder was never fetched, so its signals are unknown.
public struct Snapshot: Sendable {
    /// The snapshot's root directory.
    public let root: URL
    /// Files larger than this are read only up to it (documents are bounded by the fetcher too).
    public let maxBytes: Int

    /// Opens a snapshot directory.
    ///
    /// - Throws: `StoreError` `.noSnapshot` if `root` is not a directory.
    public init(root: URL, maxBytes: Int = 64 << 20) throws(StoreError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue
        else {
            throw StoreError(.noSnapshot, location: root.path, "no snapshot directory here")
        }
        self.root = root
        self.maxBytes = maxBytes
    }

    /// The hosts in the snapshot (folder names), sorted.
    public func hosts() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.filter { name in
            var isDirectory: ObjCBool = false
            return !name.hasPrefix(".")
                && FileManager.default.fileExists(
                    atPath: root.appendingPathComponent(name).path,
                    isDirectory: &isDirectory
                ) && isDirectory.boolValue
        }.sorted()
    }

    /// Looks a URL up: the stored response, a 404 when the host was fetched but not that path,
    /// or `.neverFetched`.
    ///
    /// - Throws: `StoreError` when the URL is not http(s) or a stored file cannot be read.
    public func lookup(_ url: String) throws(StoreError) -> DocumentLookup {
        let (host, path) = try Snapshot.split(url)
        let hostDir = root.appendingPathComponent(host)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: hostDir.path, isDirectory: &isDirectory), isDirectory.boolValue
        else { return .neverFetched }
        let relative = Snapshot.relativePath(forPath: path)
        let file = hostDir.appendingPathComponent(relative)
        let display = "\(host)/\(relative)"
        guard FileManager.default.fileExists(atPath: file.path, isDirectory: &isDirectory), !isDirectory.boolValue
        else {
            return .found(Document(url: url, location: display, status: 404, body: []))
        }
        let body = try read(file)
        var status = 200
        var headers = HTTPHeaders()
        let sidecar = URL(fileURLWithPath: file.path + ".headers")
        if FileManager.default.fileExists(atPath: sidecar.path) {
            (status, headers) = try Snapshot.parseHeaders(try read(sidecar), location: display + ".headers")
        }
        return .found(Document(url: url, location: display, status: status, headers: headers, body: body))
    }

    private func read(_ file: URL) throws(StoreError) -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: file.path) else {
            throw StoreError(.unreadable, location: file.path, "cannot open the file")
        }
        defer { try? handle.close() }
        do {
            return [UInt8](try handle.read(upToCount: maxBytes) ?? Data())
        } catch {
            throw StoreError(.unreadable, location: file.path, "cannot read the file: \(error.localizedDescription)")
        }
    }

    /// The host folder name and the path of an http(s) URL (`https://Example.org:8443/a?b`
    /// → `example.org:8443`, `/a`). Default ports are dropped.
    public static func split(_ url: String) throws(StoreError) -> (host: String, path: String) {
        let lower = url.lowercased()
        let scheme: String
        if lower.hasPrefix("https://") {
            scheme = "https"
        } else if lower.hasPrefix("http://") {
            scheme = "http"
        } else {
            throw StoreError(.badURL, location: url, "only http and https URLs can be looked up in a snapshot")
        }
        let rest = url.dropFirst(scheme.count + 3)
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        var authority = String(rest[..<authorityEnd]).lowercased()
        if let at = authority.lastIndex(of: "@") { authority = String(authority[authority.index(after: at)...]) }
        if authority.hasSuffix(":80") && scheme == "http" { authority = String(authority.dropLast(3)) }
        if authority.hasSuffix(":443") && scheme == "https" { authority = String(authority.dropLast(4)) }
        guard !authority.isEmpty, !authority.contains(".."), !authority.contains("/") else {
            throw StoreError(.badURL, location: url, "the URL has no usable host")
        }
        var path = String(rest[authorityEnd...])
        if let cut = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = String(path[..<cut]) }
        if path.isEmpty { path = "/" }
        return (authority, path)
    }

    /// The file path inside a host folder for a URL path: `/` → `index.html`, `/a/` →
    /// `a/index.html`, `/a/b.html` → `a/b.html`. Percent-escapes are decoded; `.` and `..`
    /// segments are dropped so that a path can never leave the host folder.
    public static func relativePath(forPath path: String) -> String {
        var segments: [String] = []
        for raw in path.split(separator: "/", omittingEmptySubsequences: true) {
            let segment = String(raw).removingPercentEncoding ?? String(raw)
            if segment == "." || segment == ".." || segment.contains("/") { continue }
            segments.append(segment)
        }
        if path.hasSuffix("/") || segments.isEmpty { segments.append("index.html") }
        return segments.joined(separator: "/")
    }

    /// Parses a `.headers` sidecar: an optional status line, then `Name: value` lines.
    static func parseHeaders(_ bytes: [UInt8], location: String) throws(StoreError) -> (Int, HTTPHeaders) {
        let text = String(decoding: bytes, as: UTF8.self)
        var status = 200
        var fields: [HTTPHeaders.Field] = []
        for (index, raw) in text.split(whereSeparator: \.isNewline).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            if index == 0, line.uppercased().hasPrefix("HTTP/") {
                let parts = line.split(separator: " ")
                guard parts.count >= 2, let code = Int(parts[1]), (100...999).contains(code) else {
                    throw StoreError(.badHeaders, location: "\(location):1", "status line without a status code")
                }
                status = code
                continue
            }
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else {
                throw StoreError(.badHeaders, location: "\(location):\(index + 1)", "expected 'Name: value'")
            }
            fields.append(
                HTTPHeaders.Field(
                    name: String(line[..<colon]),
                    value: line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                )
            )
        }
        return (status, HTTPHeaders(fields))
    }
}
