// SPDX-License-Identifier: Apache-2.0
// HeedServer tests: the loopback snapshot server answers as the snapshot format says.

import Foundation
import HeedStore
import Testing

@testable import HeedServer

#if canImport(Glibc)
    import Glibc
#endif

/// Sends `request` to 127.0.0.1:`port` and returns the whole response (the server closes the
/// connection because of `Connection: close`).
private func exchange(port: Int, _ request: String) throws -> String {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    #expect(fd >= 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
    }
    #expect(connected == 0)
    let bytes = Array(request.utf8)
    _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    var out: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n <= 0 { break }
        out += buffer[0..<n]
    }
    return String(decoding: out, as: UTF8.self)
}

@Suite(.serialized, .timeLimit(.minutes(1)))
struct SnapshotServerTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Corpus/snapshots/real")

    @Test func servesFilesHeadersAnd404s() throws {
        let server = try SnapshotServer(snapshot: try Snapshot(root: Self.root))
        defer { server.stop() }
        let robots = try exchange(
            port: server.port,
            "GET /robots.txt HTTP/1.1\r\nHost: 9takes.com\r\nConnection: close\r\n\r\n"
        )
        #expect(robots.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(robots.contains("Content-Type: text/plain; charset=utf-8\r\n"))
        #expect(robots.contains("\r\n\r\nUser-agent: *\nDisallow: /register\n") || robots.contains("User-agent: *"))
        let page = try exchange(
            port: server.port,
            "GET / HTTP/1.1\r\nHost: healsdata.github.io:8080\r\nConnection: close\r\n\r\n"
        )
        #expect(page.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(page.contains("X-Robots-Tag: noai\r\n"))
        #expect(page.contains("tdm-reservation: 1\r\n"))
        let missing = try exchange(
            port: server.port,
            "GET /ai.txt HTTP/1.1\r\nHost: 9takes.com\r\nConnection: close\r\n\r\n"
        )
        #expect(missing.hasPrefix("HTTP/1.1 404 Not Found\r\n"))
        let refused = try exchange(port: server.port, "POST / HTTP/1.1\r\nHost: 9takes.com\r\n\r\n")
        #expect(refused.hasPrefix("HTTP/1.1 405 "))
    }

    @Test func keepsConnectionsAliveAcrossRequests() throws {
        let server = try SnapshotServer(snapshot: try Snapshot(root: Self.root))
        defer { server.stop() }
        let two = try exchange(
            port: server.port,
            "HEAD /robots.txt HTTP/1.1\r\nHost: 9takes.com\r\n\r\nGET /ai.txt HTTP/1.1\r\nHost: 9takes.com\r\nConnection: close\r\n\r\n"
        )
        #expect(two.components(separatedBy: "HTTP/1.1 ").count == 3)
        #expect(two.contains("HTTP/1.1 404 Not Found"))
    }
}
