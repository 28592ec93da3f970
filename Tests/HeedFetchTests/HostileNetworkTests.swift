// SPDX-License-Identifier: Apache-2.0
// HeedFetch tests: the hostile-network cases beyond the misbehaving HTTP server (issue 7): TLS with a
// certificate nobody vouches for, and a real DNS name that resolves to loopback.

import Foundation
import Testing

@testable import HeedFetch

@Suite(.timeLimit(.minutes(1)))
struct HostileNetworkTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A TLS server on loopback presenting `Corpus/tls/self-signed.crt` (CN and SAN `tls.test`,
    /// self-signed, so no CA in the system bundle vouches for it). It counts requests that got
    /// through the handshake and answers `count` at `/count` over plain HTTP on a second port.
    static let tlsScript = #"""
        import os, socket, ssl, sys, threading
        crt, key = sys.argv[1], sys.argv[2]
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(crt, key)
        srv = socket.socket()
        srv.bind(("127.0.0.1", 0))
        srv.listen(16)
        print(srv.getsockname()[1], flush=True)
        def watchdog():
            sys.stdin.read()
            os._exit(0)
        threading.Thread(target=watchdog, daemon=True).start()
        while True:
            conn, _ = srv.accept()
            try:
                tls = ctx.wrap_socket(conn, server_side=True)
                tls.recv(4096)
                tls.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 7\r\nConnection: close\r\n\r\nsecret\n")
                tls.close()
            except Exception:
                conn.close()
        """#

    @Test func selfSignedCertificateIsRefused() async throws {
        let crt = Self.root.appendingPathComponent("Corpus/tls/self-signed.crt").path
        let key = Self.root.appendingPathComponent("Corpus/tls/self-signed.key").path
        let server = try TestServer(script: Self.tlsScript, arguments: [crt, key])
        let fetcher = Fetcher(configuration: testConfiguration(allowPrivate: true))
        defer { fetcher.shutdown() }
        let request = FetchRequest(url: "https://tls.test:\(server.port)/", resolve: ["tls.test": "127.0.0.1"])
        let failure = await fetcher.failure(request)
        #expect(failure?.code == .network)
        #expect(failure?.message.lowercased().contains("certificate") == true, "\(String(describing: failure))")
    }

    @Test func nameResolvingToLoopbackIsRefused() async throws {
        let server = try TestServer()
        let fetcher = Fetcher(configuration: testConfiguration(allowPrivate: false))
        defer { fetcher.shutdown() }
        // `localhost` through the system resolver (no override): the guard sees 127.0.0.1 or ::1 on
        // the socket and refuses before anything is sent.
        let failure = await fetcher.failure(FetchRequest(url: "http://localhost:\(server.port)/ok"))
        #expect(failure?.code == .forbiddenAddress)
        #expect(try await server.hits("localhost", "/ok") == 0)
    }
}
