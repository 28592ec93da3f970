// SPDX-License-Identifier: Apache-2.0
// Heed tests: robots.txt field names (RFC 9309 §2.2: case-insensitive literals) and the
// misspellings Google's parser accepts, read by the word-at-a-time comparison in RobotsField.

import Testing

@testable import HeedCore

struct RobotsFieldTests {
    /// (field name as written, expected field, typo). Worked out from RFC 9309 §2.2 (names are
    /// case-insensitive) and the typo list in RobotsField's documentation; the near misses differ
    /// from a core name in one octet that folding with 0x20 must not hide (`@`→`` ` ``, NUL→space,
    /// `0`/`o`, `_`/`-`).
    static let cases: [(String, RobotsField, Bool)] = [
        ("allow", .allow, false),
        ("Allow", .allow, false),
        ("ALLOW", .allow, false),
        ("disallow", .disallow, false),
        ("DisAllow", .disallow, false),
        ("DISALLOW", .disallow, false),
        ("user-agent", .userAgent, false),
        ("User-Agent", .userAgent, false),
        ("USER-AGENT", .userAgent, false),
        ("sitemap", .sitemap, false),
        ("SiteMap", .sitemap, false),
        ("useragent", .userAgent, true),
        ("User Agent", .userAgent, true),
        ("user-agents", .userAgent, true),
        ("Disalow", .disallow, true),
        ("site-map", .sitemap, true),
        ("@llow", .other("@llow"), false),
        ("allo\u{0}", .other("allo\u{0}"), false),
        ("disall0w", .other("disall0w"), false),
        ("user_agent", .other("user_agent"), false),
        ("user-agenu", .other("user-agenu"), false),
        ("Crawl-Delay", .other("crawl-delay"), false),
        ("Content-Usage", .other("content-usage"), false),
        ("allows", .other("allows"), false),
    ]

    @Test(arguments: cases)
    func classify(_ c: (String, RobotsField, Bool)) {
        let bytes = Array(c.0.utf8)
        let (field, typo) = bytes.withUnsafeBufferPointer { RobotsField.classify($0) }
        #expect(field == c.1, "\(c.0)")
        #expect(typo == c.2, "\(c.0)")
    }
}
