// SPDX-License-Identifier: Apache-2.0
// HeedServer: a loopback HTTP/1.1 server that serves a snapshot directory, for the demo and tests.

import Foundation
public import HeedStore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Serves a `Snapshot` over HTTP/1.1 on 127.0.0.1 (never another interface): the `Host`
/// header picks the host folder, a `.headers` sidecar gives the status and headers, a missing
/// file is a 404, a host with no folder a 404 too (a real server would not answer at all; the
/// demo needs none of those).
///
/// Threads: one accept thread; each connection gets its own thread, requests in order (keep-alive),
/// and is closed after `idleSeconds` without a request. A thread, not a dispatch work item, because
/// a connection blocks in `read` while idle: many idle keep-alive connections (a crawler's connection
/// cache) would otherwise hold every worker of the dispatch pool and stall the rest.
///
/// Invariant: `listener`, `requests` and `recorded` are read and written only under `lock`; the
/// snapshot and the options are immutable.
public final class SnapshotServer: @unchecked Sendable {
    /// The port it listens on (chosen by the system when 0 was asked).
    public let port: Int
    private let snapshot: Snapshot
    private let idleSeconds: Int
    private let record: Bool
    private let delay: Duration
    private let lock = NSLock()
    private var listener: Int32
    private var requests = 0
    private var recorded: [String] = []

    /// Starts serving `snapshot` on 127.0.0.1:`port` (0: any free port). With `record`, the URL of
    /// every request is kept for `takeRecordedURLs()` (the fetch benchmark replays them with curl).
    /// `delay` holds every answer that long (a slow site, for the hostile-network tests).
    public init(
        snapshot: Snapshot,
        port: Int = 0,
        idleSeconds: Int = 15,
        record: Bool = false,
        delay: Duration = .zero
    ) throws {
        self.snapshot = snapshot
        self.idleSeconds = max(1, idleSeconds)
        self.record = record
        self.delay = delay
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ServerError("socket() failed: \(errno)") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(fd, 1024) == 0 else {
            close(fd)
            throw ServerError("cannot listen on 127.0.0.1:\(port): errno \(errno)")
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        self.port = Int(UInt16(bigEndian: actual.sin_port))
        self.listener = fd
        let thread = Thread { [self] in acceptLoop(fd) }
        thread.name = "heed-snapshot-server"
        thread.start()
    }

    /// Stops accepting connections.
    public func stop() {
        lock.lock()
        let fd = listener
        listener = -1
        lock.unlock()
        if fd >= 0 {
            shutdown(fd, Int32(SHUT_RDWR))
            close(fd)
        }
    }

    deinit { stop() }

    /// How many requests were answered so far.
    public var requestCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return requests
    }

    /// The URLs requested since the last call, in arrival order (empty unless started with `record`).
    public func takeRecordedURLs() -> [String] {
        lock.lock()
        defer { lock.unlock() }
        let urls = recorded
        recorded = []
        return urls
    }

    private func acceptLoop(_ fd: Int32) {
        while true {
            let client = accept(fd, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                return
            }
            var one: Int32 = 1
            setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            var idle = timeval(tv_sec: idleSeconds, tv_usec: 0)
            setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &idle, socklen_t(MemoryLayout<timeval>.size))
            let worker = Thread { [self] in serve(client) }
            worker.stackSize = 256 * 1024
            worker.start()
        }
    }

    /// Serves requests on one connection until the client closes it or asks to.
    private func serve(_ client: Int32) {
        defer { close(client) }
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            guard let end = headerEnd(pending) else {
                if pending.count > 64 * 1024 { return }
                let n = buffer.withUnsafeMutableBytes { read(client, $0.baseAddress, $0.count) }
                if n <= 0 { return }
                pending.append(contentsOf: buffer[0..<n])
                // A TLS ClientHello (record type 0x16): this server speaks plain HTTP only; close
                // at once so the client fails fast instead of waiting for a timeout.
                if pending.first == 0x16 { return }
                continue
            }
            let head = String(decoding: pending[0..<end], as: UTF8.self)
            pending.removeFirst(end + 4)
            let (response, keepAlive) = respond(to: head)
            if !writeAll(client, response) || !keepAlive { return }
        }
    }

    private func headerEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for i in 0...(bytes.count - 4)
        where bytes[i] == 13 && bytes[i + 1] == 10 && bytes[i + 2] == 13 && bytes[i + 3] == 10 {
            return i
        }
        return nil
    }

    /// The response bytes for a request head, and whether to keep the connection open.
    func respond(to head: String) -> ([UInt8], Bool) {
        let lines = head.split(separator: "\r\n", omittingEmptySubsequences: false)
        let parts = lines.first?.split(separator: " ") ?? []
        var host = ""
        var keepAlive = true
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if name == "host" { host = value.lowercased() }
            if name == "connection", value.lowercased() == "close" { keepAlive = false }
        }
        guard parts.count >= 2, parts[0] == "GET" || parts[0] == "HEAD" else {
            return (message(405, "Method Not Allowed", [], []), false)
        }
        if let colon = host.lastIndex(of: ":"), !host.hasSuffix("]") { host = String(host[..<colon]) }
        let url = "http://\(host)\(parts[1])"
        lock.lock()
        requests += 1
        if record { recorded.append(url) }
        lock.unlock()
        if delay > .zero {
            let (seconds, attoseconds) = delay.components
            Thread.sleep(forTimeInterval: Double(seconds) + Double(attoseconds) / 1e18)
        }
        let lookup = (try? snapshot.lookup(url)) ?? .neverFetched
        guard case .found(let doc) = lookup else {
            return (message(404, "Not Found", [], Array("no such host in the snapshot\n".utf8)), keepAlive)
        }
        let body = parts[0] == "HEAD" ? [] : doc.body
        var headers = doc.headers.fields.map { ($0.name, $0.value) }
            .filter { !["content-length", "connection", "transfer-encoding"].contains($0.0.lowercased()) }
        if !headers.contains(where: { $0.0.lowercased() == "content-type" }) {
            headers.append(("Content-Type", contentType(doc.url)))
        }
        return (message(doc.status, reason(doc.status), headers, body, length: doc.body.count), keepAlive)
    }

    private func message(
        _ status: Int,
        _ reason: String,
        _ headers: [(String, String)],
        _ body: [UInt8],
        length: Int? = nil
    ) -> [UInt8] {
        var text = "HTTP/1.1 \(status) \(reason)\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        text += "Content-Length: \(length ?? body.count)\r\nServer: heed-snapshot-server\r\n\r\n"
        return Array(text.utf8) + body
    }

    private func contentType(_ url: String) -> String {
        let path = url.split(separator: "?").first.map(String.init) ?? url
        if path.hasSuffix(".txt") { return "text/plain; charset=utf-8" }
        if path.hasSuffix(".json") { return "application/json" }
        if path.hasSuffix(".xml") { return "application/rsl+xml" }
        return "text/html; charset=utf-8"
    }

    private func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 304: "Not Modified"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 410: "Gone"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }

    private func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n <= 0 {
                    if n < 0 && errno == EINTR { continue }
                    return false
                }
                offset += n
            }
            return true
        }
    }
}

/// A server start-up failure.
public struct ServerError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public var description: String
    init(_ description: String) { self.description = description }
}
