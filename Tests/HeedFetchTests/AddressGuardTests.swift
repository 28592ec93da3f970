// SPDX-License-Identifier: Apache-2.0
// HeedFetch tests: which addresses the guard refuses (IANA special-purpose registries, RFC 6890).

import Foundation
import Testing

@testable import HeedFetch

#if canImport(Glibc)
    import Glibc
#endif

struct AddressGuardTests {
    /// Parses an address literal with inet_pton and asks the guard, through a real sockaddr as libcurl passes it.
    func refusal(_ text: String) -> String? {
        if text.contains(":") {
            var sin6 = sockaddr_in6()
            sin6.sin6_family = sa_family_t(AF_INET6)
            #expect(inet_pton(AF_INET6, text, &sin6.sin6_addr) == 1)
            return withUnsafePointer(to: &sin6) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    AddressGuard.refusal($0, length: MemoryLayout<sockaddr_in6>.size)
                }
            }
        }
        var sin = sockaddr_in()
        sin.sin_family = sa_family_t(AF_INET)
        #expect(inet_pton(AF_INET, text, &sin.sin_addr) == 1)
        return withUnsafePointer(to: &sin) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                AddressGuard.refusal($0, length: MemoryLayout<sockaddr_in>.size)
            }
        }
    }

    @Test(arguments: [
        ("10.0.0.1", "private"), ("10.255.255.255", "private"),
        ("172.16.0.1", "private"), ("172.31.255.254", "private"),
        ("192.168.1.1", "private"),
        ("127.0.0.1", "loopback"), ("127.1.2.3", "loopback"),
        ("169.254.169.254", "link-local"),
        ("0.0.0.0", "unspecified"),
        ("224.0.0.1", "multicast"), ("239.255.255.250", "multicast"),
        ("100.64.0.1", "CGNAT"), ("100.127.255.255", "CGNAT"),
        ("255.255.255.255", "broadcast"),
        ("::", "unspecified"), ("::1", "loopback"),
        ("fc00::1", "unique local"), ("fd12:3456::1", "unique local"), ("fd00:ec2::254", "unique local"),
        ("fe80::1", "link-local"), ("febf::1", "link-local"),
        ("fec0::1", "site-local"), ("ff02::1", "multicast"),
        ("::ffff:127.0.0.1", "loopback"), ("::ffff:10.1.2.3", "private"), ("::ffff:169.254.169.254", "link-local"),
        ("64:ff9b::a9fe:a9fe", "link-local"), ("2002:c0a8:0101::1", "private"),
    ])
    func refused(address: String, reason: String) {
        let why = refusal(address)
        #expect(why?.contains(reason) == true, "\(address): \(why ?? "allowed")")
    }

    @Test(arguments: [
        "8.8.8.8", "1.1.1.1", "93.184.215.14", "172.15.255.255", "172.32.0.1", "100.63.255.255", "100.128.0.1",
        "169.253.255.255", "192.167.255.255", "11.0.0.1", "223.255.255.255",
        "2606:4700:4700::1111", "2001:4860:4860::8888", "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:0808:0808::1",
        "fbff::1",
    ])
    func allowed(address: String) {
        #expect(refusal(address) == nil, "\(address)")
    }

    @Test func otherFamiliesAreRefused() {
        var raw = sockaddr()
        raw.sa_family = sa_family_t(AF_UNIX)
        let why = withUnsafePointer(to: &raw) { AddressGuard.refusal($0, length: MemoryLayout<sockaddr>.size) }
        #expect(why != nil)
    }
}

/// The `--connect-to` override map as the fetcher reads it: the most specific key wins, and an override's
/// target keeps the request's host or port where it leaves them empty.
struct OverrideTests {
    static let map = [
        "a.test:8080": "127.0.0.1:1001",
        "a.test": "127.0.0.1:1002",
        "*:8080": "127.0.0.1:1003",
        "*": "127.0.0.1:1004",
    ]

    @Test(arguments: [
        ("a.test", 8080, "127.0.0.1:1001"),
        ("a.test", 80, "127.0.0.1:1002"),
        ("b.test", 8080, "127.0.0.1:1003"),
        ("b.test", 443, "127.0.0.1:1004"),
    ])
    func mostSpecificKeyWins(host: String, port: Int, expected: String) {
        #expect(Fetcher.override(Self.map, host: host, port: port) == expected)
    }

    @Test func noRuleNoOverride() {
        #expect(Fetcher.override([:], host: "a.test", port: 80) == nil)
        #expect(Fetcher.override(["b.test": "127.0.0.1:1"], host: "a.test", port: 80) == nil)
    }

    @Test(arguments: [
        ("127.0.0.1:8080", "127.0.0.1", 8080),
        ("[::1]:8080", "[::1]", 8080),
        (":8080", "", 8080),
        ("127.0.0.1:", "127.0.0.1", 0),
        ("[::1]:", "[::1]", 0),
    ])
    func explicitPortReadsAnAddress(address: String, host: String, port: Int) {
        let parsed = Fetcher.explicitPort(address)
        #expect(parsed?.host == host)
        #expect(parsed?.port == port)
    }

    @Test(arguments: ["127.0.0.1", "::1", "[::1]", "[::1]x", ":", "a:b:c", "127.0.0.1:0", "127.0.0.1:70000", "h:x"])
    func explicitPortRefusesOthers(address: String) {
        #expect(Fetcher.explicitPort(address) == nil)
    }
}
