// SPDX-License-Identifier: Apache-2.0
// Heed tests: URLBytes host extraction (RFC 3986 §3.2 authority) and the FNV-1a 64 host key.

import HeedAudit
import Testing

struct URLBytesTests {
    private static func host(_ url: String) -> String? {
        Array(url.utf8).withUnsafeBufferPointer { buffer in
            URLBytes.host(buffer).map { String(decoding: $0, as: UTF8.self) }
        }
    }

    @Test(arguments: [
        ("http://example.com/path", "example.com" as String?),
        ("HTTPS://User:pw@Example.COM:8080/x?y#z", "Example.COM"),
        ("http://[2001:db8::1]:80/", "[2001:db8::1]"),
        ("http://example.com?x=1", "example.com"),
        ("http://example.com#frag", "example.com"),
        ("http://example.com", "example.com"),
        ("http://a@b@c.example/", "c.example"),
        ("http://example.com\\path", "example.com"),
        ("https://xn--bcher-kva.example:443", "xn--bcher-kva.example"),
        ("ftp://example.com/", nil),
        ("http:/example.com", nil),
        ("http://", nil),
        ("http://:80/", nil),
        ("http://user@/", nil),
        ("http://[::1/", nil),
        ("mailto:x@y.example", nil),
        ("httpx://a/", nil),
        ("", nil),
    ])
    func host(_ url: String, _ expected: String?) {
        #expect(Self.host(url) == expected)
    }

    @Test(arguments: [
        ("http://a/", true), ("HTTPS://a/", true), ("https:", true), ("ftp://a/", false), ("http", false),
        ("httpsx://a", false), ("", false),
    ])
    func isHTTP(_ url: String, _ expected: Bool) {
        #expect(Array(url.utf8).withUnsafeBufferPointer { URLBytes.isHTTP($0) } == expected)
    }

    @Test(arguments: [
        // FNV-1a 64 test vectors (published for "", "a", "foobar"); "example.com" computed with python.
        ("", 0xcbf2_9ce4_8422_2325 as UInt64),
        ("a", 0xaf63_dc4c_8601_ec8c),
        ("foobar", 0x8594_4171_f739_67e8),
        ("example.com", 0x5768_4663_4e27_14c6),
        ("EXAMPLE.Com", 0x5768_4663_4e27_14c6),
        ("A", 0xaf63_dc4c_8601_ec8c),
    ])
    func hostKey(_ host: String, _ expected: UInt64) {
        #expect(Array(host.utf8).withUnsafeBufferPointer { URLBytes.hostKey($0) } == expected)
    }
}
