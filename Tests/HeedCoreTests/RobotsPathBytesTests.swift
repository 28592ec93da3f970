// SPDX-License-Identifier: Apache-2.0
// Tests: the byte form of URL path normalization (the audit's and the log reader's per-URL
// path) against paths worked out from RFC 9309 §2.2.2, with one buffer reused across URLs as the
// callers do, and the table test that lets most paths skip normalization.

import Testing

@testable import HeedCore

@Suite struct RobotsPathBytesTests {
    /// URLs whose normalized paths, worked out from RFC 9309 §2.2.2 (unreserved escapes decoded,
    /// other octets escaped in upper-case hex, `*` and `$` escaped in a URL), are listed beside
    /// them. The order matters: long and escaped paths come before short plain ones, so a buffer
    /// that kept stale octets or a stale length would show.
    static let cases: [(url: String, expected: String)] = [
        ("https://example.com/a%7Eb/%2fc?q=%41 z", "/a~b/%2Fc?q=A%20z"),
        ("https://example.com/x", "/x"),
        ("https://example.com", "/"),
        ("https://example.com/caf\u{E9}/*$", "/caf%C3%A9/%2A%24"),
        ("https://example.com/plain/path.html?x=1", "/plain/path.html?x=1"),
        ("https://example.com?only=query", "/?only=query"),
        ("https://example.com/p#frag", "/p"),
        ("https://example.com/%zz%", "/%zz%"),
        ("https://example.com/ab", "/ab"),
        ("/relative/path", "/relative/path"),
        (
            "https://example.com/" + String(repeating: "\u{E9}", count: 300),
            "/" + String(repeating: "%C3%A9", count: 300)
        ),
        ("https://example.com/s", "/s"),
    ]

    @Test func reusedBufferMatchesStringForm() {
        var out: [UInt8] = []
        for c in Self.cases {
            let bytes = Array(c.url.utf8)
            bytes.withUnsafeBufferPointer { RobotsPath.normalizeURLPath(bytes: $0, into: &out) }
            #expect(String(decoding: out, as: UTF8.self) == c.expected, "\(c.url)")
            #expect(out == RobotsPath.normalizedURLPath(c.url), "\(c.url)")
        }
    }

    @Test(arguments: [
        ("abcd", false), ("abc", false), ("", false), ("abc%", true), ("a b", true), ("abcdefg*", true),
        ("\u{E9}", true), ("$", true), ("a/b?c=d&e", false),
    ])
    func specialOctets(text: String, special: Bool) {
        let bytes = Array(text.utf8)
        #expect(
            bytes.withUnsafeBufferPointer { RobotsPath.hasSpecialOctet($0, flag: RobotsPath.SpecialOctets.url) }
                == special
        )
    }
}
