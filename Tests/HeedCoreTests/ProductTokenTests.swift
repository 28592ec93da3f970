// SPDX-License-Identifier: Apache-2.0
// Heed tests: robots.txt product tokens (RFC 9309 §2.2.1) and how Google's parser reads invalid ones.

import Testing

@testable import HeedCore

@Suite("Product token")
struct ProductTokenTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let raw: String
        let trimmed: String
        let key: String
        let valid: Bool
        let google: String?
        let hadVersion: Bool
        var testDescription: String { "'\(raw)'" }
    }

    private static func c(
        _ raw: String,
        trimmed: String? = nil,
        key: String,
        valid: Bool,
        google: String?,
        version: Bool = false
    ) -> Case {
        Case(raw: raw, trimmed: trimmed ?? raw, key: key, valid: valid, google: google, hadVersion: version)
    }

    static let cases: [Case] = [
        c("GPTBot", key: "gptbot", valid: true, google: "GPTBot"),
        c("gptbot", key: "gptbot", valid: true, google: "gptbot"),
        c("Google-Extended", key: "google-extended", valid: true, google: "Google-Extended"),
        c("peer_crawler", key: "peer_crawler", valid: true, google: "peer_crawler"),
        c("*", key: "*", valid: true, google: "*"),
        c(" * ", trimmed: "*", key: "*", valid: true, google: "*"),
        // Space: outside the grammar; Google keeps the first word.
        c("Kangaroo Bot", key: "kangaroo bot", valid: false, google: "Kangaroo"),
        c("Kangaroo   Bot", key: "kangaroo bot", valid: false, google: "Kangaroo"),
        c("Kangaroo\tBot", key: "kangaroo bot", valid: false, google: "Kangaroo"),
        // Digit: Google cuts AI2Bot to AI.
        c("AI2Bot", key: "ai2bot", valid: false, google: "AI"),
        c("Crawl4AI", key: "crawl4ai", valid: false, google: "Crawl"),
        // Version: dropped from the key (RFC 9110 product syntax).
        c("iaskspider/2.0", key: "iaskspider", valid: false, google: "iaskspider", version: true),
        c("Googlebot/2.1", key: "googlebot", valid: false, google: "Googlebot", version: true),
        c("peer39_crawler/1.0", key: "peer39_crawler", valid: false, google: "peer", version: true),
        c("Foo/", key: "foo", valid: false, google: "Foo", version: true),
        c("/2.0", key: "", valid: false, google: nil, version: true),
        // Dot.
        c("bigsur.ai", key: "bigsur.ai", valid: false, google: "bigsur"),
        // Surrounding whitespace is not part of the token.
        c(" Foo ", trimmed: "Foo", key: "foo", valid: true, google: "Foo"),
        c("\tFoo\t", trimmed: "Foo", key: "foo", valid: true, google: "Foo"),
        // `*` followed by more: not the global token for Heed; Google reads `* bot` as `*`, `*bot` as nothing.
        c("*bot", key: "*bot", valid: false, google: nil),
        c("* bot", key: "* bot", valid: false, google: "*"),
        c("123", key: "123", valid: false, google: nil),
        c("", key: "", valid: false, google: nil),
        // Only ASCII letters are case-folded.
        c("ÄBot", key: "Äbot", valid: false, google: nil),
    ]

    @Test(arguments: cases)
    func normalization(_ t: Case) {
        let token = ProductToken(t.raw)
        #expect(token.raw == t.trimmed)
        #expect(token.key == t.key)
        #expect(token.isValidRFC9309 == t.valid)
        #expect(token.googleReading == t.google)
        #expect(token.hadVersion == t.hadVersion)
        #expect(token.isStar == (t.key == "*"))
        #expect(token.description == t.trimmed)
    }

    struct EqualityCase: Sendable, CustomTestStringConvertible {
        let a: String
        let b: String
        let sameKey: Bool
        var testDescription: String { "'\(a)' vs '\(b)'" }
    }

    static let equalities: [EqualityCase] = [
        EqualityCase(a: "GPTBot", b: "gptbot", sameKey: true),  // §2.2.1: case-insensitive
        EqualityCase(a: "GPTBot", b: "GPTBOT/1.1", sameKey: true),
        EqualityCase(a: "Kangaroo Bot", b: "kangaroo  bot", sameKey: true),
        EqualityCase(a: "AI2Bot", b: "AI", sameKey: false),  // never truncated onto another name
        EqualityCase(a: "Kangaroo Bot", b: "Kangaroo", sameKey: false),
        EqualityCase(a: "Googlebot", b: "Googlebot-News", sameKey: false),  // no prefix matching
        EqualityCase(a: "*", b: "*bot", sameKey: false),
    ]

    @Test(arguments: equalities)
    func comparisonKey(_ e: EqualityCase) {
        #expect((ProductToken(e.a).key == ProductToken(e.b).key) == e.sameKey)
    }

    @Test func identifierGrammar() {
        #expect(ProductToken.isValidIdentifier("a-b_C"))
        #expect(!ProductToken.isValidIdentifier(""))
        #expect(!ProductToken.isValidIdentifier("*"))
        #expect(!ProductToken.isValidIdentifier("a b"))
        #expect(!ProductToken.isValidIdentifier("a.b"))
        #expect(ProductToken.star.isStar)
        #expect(ProductToken.star.isValidRFC9309)
    }
}
