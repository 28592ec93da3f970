// SPDX-License-Identifier: Apache-2.0
// heed tests: a TCP listener on 127.0.0.1 that only counts the connections made to it.

import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A listening socket on `127.0.0.1:<port>` (port chosen by the kernel) that never answers: tests
/// point a document's external references at it and then check that nothing connected.
///
/// The kernel completes a TCP handshake into the listen queue without any `accept`, so a
/// connection attempt made while the test ran is still there to count afterwards.
final class LoopbackListener {
    let fd: Int32
    let port: UInt16

    /// Opens the listener; `nil` when the socket cannot be made (the test then fails on it).
    init?() {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            close(fd)
            return nil
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else {
            close(fd)
            return nil
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        self.fd = fd
        self.port = UInt16(bigEndian: addr.sin_port)
    }

    /// `http://127.0.0.1:<port>`.
    var base: String { "http://127.0.0.1:\(port)" }

    /// Accepts (and closes) every connection waiting, and returns how many there were.
    func connections() -> Int {
        var count = 0
        while true {
            let client = accept(fd, nil, nil)
            if client < 0 { break }
            close(client)
            count += 1
        }
        return count
    }

    deinit { close(fd) }
}
