// SPDX-License-Identifier: Apache-2.0
// heed tests: `--connect-to` rules, curl's `HOST:PORT:TARGET:TPORT` form (curl(1) --connect-to) and the older
// `HOST=IP:PORT`, read into the fetcher's override map.

import Testing

@testable import heed

struct ConnectToTests {
    /// A rule and the (key, value) it becomes; `nil` for a rule that must be refused.
    static let table: [(String, String?, String?)] = [
        // curl's form: empty HOST or PORT matches any, empty TARGET or TPORT keeps the request's.
        ("::127.0.0.1:8080", "*", "127.0.0.1:8080"),
        ("example.org:443:127.0.0.1:8443", "example.org:443", "127.0.0.1:8443"),
        ("Example.ORG::127.0.0.1:9000", "example.org", "127.0.0.1:9000"),
        (":80:127.0.0.1:", "*:80", "127.0.0.1:"),
        ("site.test:80::8080", "site.test:80", ":8080"),
        ("::[::1]:8080", "*", "[::1]:8080"),
        ("a.test:443:[2001:db8::1]:443", "a.test:443", "[2001:db8::1]:443"),
        // The older form.
        ("*=127.0.0.1:8080", "*", "127.0.0.1:8080"),
        ("Site.Test=127.0.0.1:80", "site.test", "127.0.0.1:80"),
        ("site.test=[::1]:80", "site.test", "[::1]:80"),
        // Refused: wrong field count, bad ports, nothing to connect to.
        ("127.0.0.1:8080", nil, nil),
        ("a:b:c", nil, nil),
        ("a:1:b:2:3", nil, nil),
        ("::127.0.0.1:0", nil, nil),
        ("::127.0.0.1:65536", nil, nil),
        (":x:127.0.0.1:80", nil, nil),
        ("a.test:80::", nil, nil),
        ("=127.0.0.1:80", nil, nil),
        ("site.test=127.0.0.1", nil, nil),
        ("site.test=127.0.0.1:99999", nil, nil),
        ("", nil, nil),
    ]

    @Test(arguments: table)
    func parsesARule(rule: String, key: String?, value: String?) {
        let parsed = CrawlSupport.parseConnectTo(rule)
        #expect(parsed?.0 == key)
        #expect(parsed?.1 == value)
    }
}
