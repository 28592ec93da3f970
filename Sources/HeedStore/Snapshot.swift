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

    /// `root` as a file system path without a trailing slash, for the POSIX calls.
    let rootPath: String

    /// Opens a snapshot directory.
    ///
    /// - Throws: `StoreError` `.noSnapshot` if `root` is not a directory.
    public init(root: URL, maxBytes: Int = 64 << 20) throws(StoreError) {
        var path = root.path
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        guard SnapshotFiles.isDirectory(path) else {
            throw StoreError(.noSnapshot, location: root.path, "no snapshot directory here")
        }
        self.root = root
        self.rootPath = path
        self.maxBytes = maxBytes
    }

    /// The hosts in the snapshot (folder names), sorted.
    public func hosts() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: rootPath)) ?? []
        return names.filter { name in
            !name.hasPrefix(".") && SnapshotFiles.isDirectory(rootPath + "/" + name)
        }.sorted()
    }

    /// Looks a URL up: the stored response, a 404 when the host was fetched but not that path,
    /// or `.neverFetched`.
    ///
    /// - Throws: `StoreError` when the URL is not http(s) or a stored file cannot be read.
    public func lookup(_ url: String) throws(StoreError) -> DocumentLookup {
        let (host, path) = try Snapshot.split(url)
        guard SnapshotFiles.isDirectory(rootPath + "/" + host) else { return .neverFetched }
        return try document(url: url, host: host, relative: Snapshot.relativePath(forPath: path), sidecar: nil)
    }

    /// The response stored for `url` as `host`/`relative`: its body and, when it has one, its
    /// `.headers` sidecar (`sidecar`: known from a listing, or `nil` to look); a 404 when the
    /// file is not there.
    func document(url: String, host: String, relative: String, sidecar: Bool?) throws(StoreError) -> DocumentLookup {
        let file = rootPath + "/" + host + "/" + relative
        let display = "\(host)/\(relative)"
        guard let body = SnapshotFiles.readFile(file, maxBytes: maxBytes) else {
            if SnapshotFiles.isRegularFile(file) {
                throw StoreError(.unreadable, location: file, "cannot read the file")
            }
            return .found(Document(url: url, location: display, status: 404, body: []))
        }
        var status = 200
        var headers = HTTPHeaders()
        if sidecar ?? true {
            let sidecarPath = file + ".headers"
            if let bytes = SnapshotFiles.readFile(sidecarPath, maxBytes: Snapshot.headersMaxBytes + 1) {
                guard bytes.count <= Snapshot.headersMaxBytes else {
                    throw StoreError(
                        .badHeaders,
                        location: display + ".headers",
                        "the sidecar is over \(Snapshot.headersMaxBytes >> 20) MiB: no server sends that much header"
                    )
                }
                (status, headers) = try Snapshot.parseHeaders(bytes, location: display + ".headers")
            } else if sidecar == true || SnapshotFiles.isRegularFile(sidecarPath) {
                throw StoreError(.unreadable, location: sidecarPath, "cannot read the file")
            }
        }
        return .found(Document(url: url, location: display, status: status, headers: headers, body: body))
    }

    /// The host folder name and the path of an http(s) URL (`https://Example.org:8443/a?b`
    /// → `example.org:8443`, `/a`). Default ports are dropped.
    public static func split(_ url: String) throws(StoreError) -> (host: String, path: String) {
        // Byte-level: this runs for every document an audit looks up.
        let bytes = Array(url.utf8)
        func hasPrefix(_ p: StaticString) -> Bool {
            guard bytes.count >= p.utf8CodeUnitCount else { return false }
            for k in 0..<p.utf8CodeUnitCount {
                let b = bytes[k]
                if (b >= 0x41 && b <= 0x5A ? b | 0x20 : b) != p.utf8Start[k] { return false }
            }
            return true
        }
        let https = hasPrefix("https://")
        guard https || hasPrefix("http://") else {
            throw StoreError(.badURL, location: url, "only http and https URLs can be looked up in a snapshot")
        }
        let start = https ? 8 : 7
        var end = start
        while end < bytes.count, bytes[end] != 0x2F, bytes[end] != 0x3F, bytes[end] != 0x23 { end += 1 }
        var authority = bytes[start..<end]
        if let at = authority.lastIndex(of: 0x40) { authority = authority[(at + 1)...] }
        var host: String
        if authority.allSatisfy({ $0 < 0x80 }) {
            host = String(decoding: authority.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
        } else {
            host = String(decoding: authority, as: UTF8.self).lowercased()
        }
        if !https && host.hasSuffix(":80") { host.removeLast(3) }
        if https && host.hasSuffix(":443") { host.removeLast(4) }
        let hostBytes = host.utf8
        var dots = false
        var previousDot = false
        for b in hostBytes {
            if b == 0x2E && previousDot { dots = true }
            previousDot = b == 0x2E
        }
        guard !host.isEmpty, !dots, !hostBytes.contains(0x2F) else {
            throw StoreError(.badURL, location: url, "the URL has no usable host")
        }
        var stop = end
        while stop < bytes.count, bytes[stop] != 0x3F, bytes[stop] != 0x23 { stop += 1 }
        let path = stop > end ? String(decoding: bytes[end..<stop], as: UTF8.self) : "/"
        return (host, path)
    }

    /// The file path inside a host folder for a URL path: `/` → `index.html`, `/a/` →
    /// `a/index.html`, `/a/b.html` → `a/b.html`. Percent-escapes are decoded; `.` and `..`
    /// segments are dropped so that a path can never leave the host folder.
    public static func relativePath(forPath path: String) -> String {
        // Byte-level first: it runs for every document an audit looks up (about ten per host),
        // and the `Substring` split and join below cost 6k instructions a call. A path with a
        // `%` escape or a `.`/`..` segment takes the general form.
        var fast: String?
        var path = path
        path.withUTF8 { bytes in
            if bytes.contains(0x25) { return }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 11)
            var i = 0
            let n = bytes.count
            while i < n {
                if bytes[i] == 0x2F {
                    i += 1
                    continue
                }
                var e = i
                while e < n, bytes[e] != 0x2F { e += 1 }
                let length = e - i
                if bytes[i] == 0x2E && (length == 1 || (length == 2 && bytes[i + 1] == 0x2E)) { return }
                if !out.isEmpty { out.append(0x2F) }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<e]))
                i = e
            }
            if out.isEmpty || bytes.last == 0x2F {
                if !out.isEmpty { out.append(0x2F) }
                out.append(contentsOf: "index.html".utf8)
            }
            fast = String(decoding: out, as: UTF8.self)
        }
        if let fast { return fast }
        var segments: [Substring] = []
        for raw in path.split(separator: "/", omittingEmptySubsequences: true) {
            var segment = raw
            if raw.utf8.contains(0x25) {  // '%': decode (rare)
                segment = Substring(String(raw).removingPercentEncoding ?? String(raw))
            }
            if segment == "." || segment == ".." || segment.utf8.contains(0x2F) { continue }
            segments.append(segment)
        }
        if path.hasSuffix("/") || segments.isEmpty { segments.append("index.html") }
        return segments.joined(separator: "/")
    }

    /// The largest `.headers` sidecar read: 16 MiB. Real response headers are a few KiB (libcurl
    /// and common servers refuse header blocks of a few hundred KiB), so the cap only keeps a
    /// hostile or corrupt sidecar from costing more than that in memory; it is above 10 MB so that
    /// the hostile-input tests' 10 MB header values reach the parsers, whose own 8 KiB limits
    /// report them. A larger sidecar is an error (`badHeaders`), reported with its location.
    public static let headersMaxBytes = 16 << 20

    /// Parses a `.headers` sidecar: an optional status line, then `Name: value` lines (split at
    /// CR or LF, spaces and tabs trimmed), on bytes: one pass, each value decoded once.
    static func parseHeaders(_ bytes: [UInt8], location: String) throws(StoreError) -> (Int, HTTPHeaders) {
        var status = 200
        var fields: [HTTPHeaders.Field] = []
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
        func isBreak(_ b: UInt8) -> Bool { b == 0x0A || b == 0x0D || b == 0x0B || b == 0x0C }
        var index = 0
        var i = 0
        while i < bytes.count {
            if isBreak(bytes[i]) {
                i += 1
                continue
            }
            var end = i
            while end < bytes.count, !isBreak(bytes[end]) { end += 1 }
            defer {
                index += 1
                i = end
            }
            var lo = i
            var hi = end
            while lo < hi, isSpace(bytes[lo]) { lo += 1 }
            while hi > lo, isSpace(bytes[hi - 1]) { hi -= 1 }
            if lo == hi { continue }
            let line = bytes[lo..<hi]
            if index == 0, line.count >= 5, line.prefix(4).map({ $0 | 0x20 }) == Array("http".utf8),
                bytes[lo + 4] == UInt8(ascii: "/")
            {
                let parts = line.split(separator: 0x20)
                guard parts.count >= 2, let code = Int(String(decoding: parts[1], as: UTF8.self)),
                    (100...999).contains(code)
                else {
                    throw StoreError(.badHeaders, location: "\(location):1", "status line without a status code")
                }
                status = code
                continue
            }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon != line.startIndex else {
                throw StoreError(.badHeaders, location: "\(location):\(index + 1)", "expected 'Name: value'")
            }
            var v = colon + 1
            while v < hi, isSpace(bytes[v]) { v += 1 }
            fields.append(
                HTTPHeaders.Field(
                    name: String(decoding: bytes[lo..<colon], as: UTF8.self),
                    value: String(decoding: bytes[v..<hi], as: UTF8.self)
                )
            )
        }
        return (status, HTTPHeaders(fields))
    }
}
