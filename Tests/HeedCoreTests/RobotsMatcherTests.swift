// SPDX-License-Identifier: Apache-2.0
// Heed tests: robots.txt access decisions (RFC 9309 §2.2.2 longest match, §2.2.3 special characters).

import Testing

@testable import HeedCore

/// One decision to check: the rules of a `User-agent: *` group, a URL, and the expected outcome.
/// `line` is the line of the deciding rule in the whole file (line 1 is `User-agent: *`), or nil.
struct RobotsMatchCase: Sendable, CustomTestStringConvertible {
    var rules: String
    var url: String
    var allowed: Bool
    var line: Int?

    init(_ rules: String, _ url: String, _ allowed: Bool, line: Int? = nil) {
        self.rules = rules
        self.url = url
        self.allowed = allowed
        self.line = line
    }

    var testDescription: String { "\(rules.replacingNewlines) ← \(url)" }

    /// Decides the case with a fresh parse.
    func decide() -> RobotsDecision {
        RobotsMatcher(RobotsTxt("User-agent: *\n" + rules), agent: ProductToken("anybot")).decide(url)
    }
}

extension String {
    fileprivate var replacingNewlines: String { split(separator: "\n").joined(separator: " | ") }
}

struct RobotsMatcherTests {
    /// Checks a case, the deciding line, and that the fast path agrees.
    func check(_ c: RobotsMatchCase) {
        let matcher = RobotsMatcher(RobotsTxt("User-agent: *\n" + c.rules), agent: ProductToken("anybot"))
        let decision = matcher.decide(c.url)
        #expect(decision.allowed == c.allowed)
        if let line = c.line {
            #expect(decision.reason == .matchedRule)
            #expect(decision.rule?.line == line)
            #expect(decision.rule?.kind == (c.allowed ? .allow : .disallow))
        }
        let fast = RobotsPath.normalizedURLPath(c.url).withUnsafeBufferPointer { matcher.isAllowed(normalizedPath: $0) }
        #expect(fast == c.allowed)
    }

    // MARK: - Longest match in octets (RFC 9309 §2.2.2)

    static let longestCases: [RobotsMatchCase] = [
        RobotsMatchCase("Disallow: /x/page.html\nAllow: /x/", "/x/page.html", false, line: 2),
        RobotsMatchCase("Allow: /x/page.html\nDisallow: /x/", "/x/page.html", true, line: 2),
        RobotsMatchCase("Allow: /x/page.html\nDisallow: /x/", "/x/other.html", false, line: 3),
        // '*' counts as an octet of the pattern: /*.html (7) beats /page (5).
        RobotsMatchCase("Allow: /page\nDisallow: /*.html", "/page.html", false, line: 3),
        // Octets, not characters: /ツ is 2 characters but 10 octets once encoded (/%E3%83%84),
        // so it beats /*xyz (5 octets, 5 characters).
        RobotsMatchCase("Allow: /ツ\nDisallow: /*xyz", "/ツxyz", true, line: 2),
        RobotsMatchCase("Allow: /ツ\nDisallow: /*xyz", "https://e.test/%E3%83%84xyz", true, line: 2),
        // Octets after normalization: /%62%61 is /ba (3 octets), shorter than /bazzz (6),
        // although it is written with 7 characters.
        RobotsMatchCase("Disallow: /%62%61\nAllow: /bazzz", "/bazzz", true, line: 3),
        RobotsMatchCase("Disallow: /%62%61\nAllow: /bazzz", "/bazz", false, line: 2),
        // Matching is case-sensitive (RFC 9309 §2.2.2 SHOULD).
        RobotsMatchCase("Disallow: /X", "/x", true),
        RobotsMatchCase("Disallow: /x", "/x", false, line: 2),
        // An empty Disallow is no rule.
        RobotsMatchCase("Disallow:", "/x", true),
        // Matching starts at the first octet of the path.
        RobotsMatchCase("Disallow: /b", "/a/b", true),
    ]

    @Test("the longest match in octets decides", arguments: longestCases)
    func longestMatch(_ c: RobotsMatchCase) { check(c) }

    static let tieCases: [RobotsMatchCase] = [
        RobotsMatchCase("Allow: /a\nDisallow: /a", "/a", true, line: 2),
        RobotsMatchCase("Disallow: /a\nAllow: /a", "/a", true, line: 3),
        RobotsMatchCase("Disallow: /\nAllow: /", "/x", true, line: 3),
        // Different rules of equal length: /*b and /a/ both have 3 octets.
        RobotsMatchCase("Disallow: /*b\nAllow: /a/", "/a/b", true, line: 3),
        // Equal after normalization: %7e is the unreserved '~'.
        RobotsMatchCase("Disallow: /%7e\nAllow: /~", "/~x", true, line: 3),
        RobotsMatchCase("Disallow: /%7e", "/~x", false, line: 2),
    ]

    @Test("allow wins ties", arguments: tieCases)
    func allowWinsTies(_ c: RobotsMatchCase) { check(c) }

    // MARK: - Special characters (RFC 9309 §2.2.3)

    static let specialCases: [RobotsMatchCase] = [
        // §2.2.3 table: "allow: /this/*/exactly"; '*' is zero or more of any character, '/' included.
        RobotsMatchCase("Disallow: /\nAllow: /this/*/exactly", "/this/path/exactly", true, line: 3),
        RobotsMatchCase("Disallow: /\nAllow: /this/*/exactly", "/this/path/to/exactly", true, line: 3),
        RobotsMatchCase("Disallow: /\nAllow: /this/*/exactly", "/this//exactly", true, line: 3),
        RobotsMatchCase("Disallow: /\nAllow: /this/*/exactly", "/this/path/exactly/more", true, line: 3),
        RobotsMatchCase("Disallow: /\nAllow: /this/*/exactly", "/this/exactly", false, line: 2),
        // §2.2.3 table: "allow: /this/path/exactly$"; '$' ends the match pattern.
        RobotsMatchCase("Disallow: /\nAllow: /this/path/exactly$", "/this/path/exactly", true, line: 3),
        RobotsMatchCase("Disallow: /\nAllow: /this/path/exactly$", "/this/path/exactly/", false, line: 2),
        RobotsMatchCase("Disallow: /\nAllow: /this/path/exactly$", "/this/path/exactly?q", false, line: 2),
        // §2.2.3: a literal '*' or '$' in a URL is matched with %2A and %24.
        RobotsMatchCase(
            "Disallow: /path/file-with-a-%2A.html",
            "https://www.example.com/path/file-with-a-*.html",
            false,
            line: 2
        ),
        RobotsMatchCase("Disallow: /path/file-with-a-%2A.html", "/path/file-with-a-%2a.html", false, line: 2),
        RobotsMatchCase("Disallow: /path/file-with-a-%2A.html", "/path/file-with-a-x.html", true),
        RobotsMatchCase("Disallow: /path/foo-%24", "https://www.example.com/path/foo-$", false, line: 2),
        RobotsMatchCase("Disallow: /path/foo-%24", "/path/foo-$bar", false, line: 2),
        RobotsMatchCase("Disallow: /path/foo-%24", "/path/foo-", true),
        // More '*' and '$'.
        RobotsMatchCase("Disallow: /a$", "/a", false, line: 2),
        RobotsMatchCase("Disallow: /a$", "/ab", true),
        RobotsMatchCase("Disallow: /$", "/", false, line: 2),
        RobotsMatchCase("Disallow: /$", "/a", true),
        RobotsMatchCase("Disallow: /a*$", "/abc", false, line: 2),
        RobotsMatchCase("Disallow: *", "/anything", false, line: 2),
        RobotsMatchCase("Disallow: /a*b*c", "/axbyc", false, line: 2),
        RobotsMatchCase("Disallow: /a*b*c", "/acb", true),
        RobotsMatchCase("Disallow: /a**b", "/ab", false, line: 2),
        RobotsMatchCase("Disallow: /*a*a*a*b", "/aaab", false, line: 2),
        RobotsMatchCase("Disallow: /*a*a*a*b", "/aab", true),
        RobotsMatchCase("Disallow: /*.php$", "/x.php.html", true),
        RobotsMatchCase("Disallow: /*.php$", "/a.php/b.php", false, line: 2),
        RobotsMatchCase("Disallow: /*.gif$", "/a.gif?v=1", true),
    ]

    @Test("* and $, and their literal forms", arguments: specialCases)
    func specialCharacters(_ c: RobotsMatchCase) { check(c) }

    // MARK: - RFC 9309 §5 examples

    static let simpleExample =
        "User-Agent: *\nDisallow: *.gif$\nDisallow: /example/\nAllow: /publications/\n\n"
        + "User-Agent: foobot\nDisallow:/\nAllow:/example/page.html\nAllow:/example/allowed.gif\n\n"
        + "User-Agent: barbot\nUser-Agent: bazbot\nDisallow: /example/page.html\n\nUser-Agent: quxbot\n"

    /// (crawler, path, allowed), from the prose of RFC 9309 §5.1.
    static let simpleCases: [(String, String, Bool)] = [
        ("otherbot", "/publications/", true),
        ("otherbot", "/example/", false),
        ("otherbot", "/example/x.html", false),
        ("otherbot", "/img/cat.gif", false),
        ("otherbot", "/img/cat.gif?v=1", true),
        // /publications/ (14 octets) outweighs *.gif$ (6).
        ("otherbot", "/publications/cover.gif", true),
        ("otherbot", "/about", true),
        ("foobot", "/example/page.html", true),
        ("FooBot", "/example/allowed.gif", true),
        ("foobot", "/example/other", false),
        ("foobot", "/publications/", false),
        ("foobot", "/", false),
        ("barbot", "/example/page.html", false),
        ("bazbot", "/example/page.html?x", false),
        ("barbot", "/example/other", true),
        ("bazbot", "/img/cat.gif", true),
        ("quxbot", "/example/page.html", true),
        ("quxbot", "/img/cat.gif", true),
    ]

    @Test("RFC 9309 §5.1 simple example", arguments: simpleCases)
    func simpleExample(agent: String, path: String, allowed: Bool) {
        let m = RobotsMatcher(RobotsTxt(Self.simpleExample), agent: ProductToken(agent))
        #expect(m.decide(path).allowed == allowed)
    }

    @Test(
        "RFC 9309 §5.2 longest match example",
        arguments: [
            ("/example/page/", true), ("/example/page/disallowed.gif", false), ("/example/page/other.gif", true),
        ]
    )
    func longestMatchExample(path: String, allowed: Bool) {
        let robots = RobotsTxt("User-Agent: foobot\nAllow: /example/page/\nDisallow: /example/page/disallowed.gif\n")
        #expect(RobotsMatcher(robots, agent: ProductToken("foobot")).decide(path).allowed == allowed)
    }

    // MARK: - /robots.txt and path plus query

    /// (URL, allowed): only the URI /robots.txt itself is implicitly allowed (RFC 9309 §2.2.2).
    static let robotsTxtCases: [(String, Bool)] = [
        ("/robots.txt", true),
        ("https://e.test/robots.txt", true),
        ("https://e.test/robots.txt#frag", true),
        ("/robots.txt?x=1", false),
        ("/ROBOTS.TXT", false),
        ("/robots.txt/", false),
    ]

    @Test("/robots.txt is always allowed", arguments: robotsTxtCases)
    func robotsTxtAllowed(url: String, allowed: Bool) {
        let m = RobotsMatcher(RobotsTxt("User-agent: *\nDisallow: /\n"), agent: ProductToken("x"))
        let d = m.decide(url)
        #expect(d.allowed == allowed)
        #expect(d.reason == (allowed ? .robotsTxtAlwaysAllowed : .matchedRule))
        #expect(allowed == (d.rule == nil))
        let fast = RobotsPath.normalizedURLPath(url).withUnsafeBufferPointer { m.isAllowed(normalizedPath: $0) }
        #expect(fast == allowed)
    }

    static let queryCases: [RobotsMatchCase] = [
        RobotsMatchCase("Disallow: /search?q=", "/search?q=cats", false, line: 2),
        RobotsMatchCase("Disallow: /search?q=", "/search", true),
        RobotsMatchCase("Disallow: /search?q=", "/search#q=", true),
        RobotsMatchCase("Disallow: /search?q=", "https://e.test/search?q=x#frag", false, line: 2),
        RobotsMatchCase("Disallow: /*?", "/a?b", false, line: 2),
        RobotsMatchCase("Disallow: /*?", "/a", true),
        RobotsMatchCase("Disallow: /a;b", "http://e.test/a;b", false, line: 2),
        RobotsMatchCase("Disallow: /", "https://e.test", false, line: 2),
        RobotsMatchCase("Disallow: /$", "https://e.test?x", true),
        RobotsMatchCase("Disallow: /?x", "https://e.test?x", false, line: 2),
        RobotsMatchCase("Allow: /a?b=https://c.d/\nDisallow: /a?b=", "/a?b=https://c.d/e", true, line: 2),
    ]

    @Test("the path plus query is matched, the fragment is not", arguments: queryCases)
    func pathAndQuery(_ c: RobotsMatchCase) { check(c) }

    // MARK: - RFC 9309 §2.2.2 percent-encoding table

    /// One row of the table in RFC 9309 §2.2.2 (with erratum 7128: row 3's code point is U+30C4,
    /// "ツ"): the rule path, the RFC's encoded rule path and path to match, and what Heed stores and
    /// answers. `heedPattern` is the rule after Heed's normalization (`RobotsPath`), worked out by
    /// hand from the type's rules; `heedMatches` is whether the rule matches the row's path in Heed.
    struct EncodingRow: Sendable, CustomTestStringConvertible {
        var row: Int
        var rule: String
        var rfcEncoded: String
        var path: String
        var heedPattern: String
        var heedMatches: Bool
        var testDescription: String { "row \(row): \(rule) ← \(path)" }
    }

    static let encodingRows: [EncodingRow] = [
        // Reserved '?' and '=' stay as written, on both sides.
        EncodingRow(
            row: 1,
            rule: "/foo/bar?baz=quz",
            rfcEncoded: "/foo/bar?baz=quz",
            path: "/foo/bar?baz=quz",
            heedPattern: "/foo/bar?baz=quz",
            heedMatches: true
        ),
        // Heed's documented departure (README, "How Heed reads robots.txt"): the table encodes the
        // reserved ':' and '/' of the query, but row 1 leaves the equally reserved '?' and '=' as
        // they are, RFC 3986 §2.2 says a reserved character and its escape are not equivalent, and
        // Google's parser encodes neither. Heed keeps the rule as written, so it matches the
        // unencoded query (the extra check below) and not the table's encoded one.
        EncodingRow(
            row: 2,
            rule: "/foo/bar?baz=https://foo.bar",
            rfcEncoded: "/foo/bar?baz=https%3A%2F%2Ffoo.bar",
            path: "/foo/bar?baz=https%3A%2F%2Ffoo.bar",
            heedPattern: "/foo/bar?baz=https://foo.bar",
            heedMatches: false
        ),
        // Octets outside US-ASCII MUST be percent-encoded: U+30C4 is E3 83 84 in UTF-8.
        EncodingRow(
            row: 3,
            rule: "/foo/bar/ツ",
            rfcEncoded: "/foo/bar/%E3%83%84",
            path: "/foo/bar/%E3%83%84",
            heedPattern: "/foo/bar/%E3%83%84",
            heedMatches: true
        ),
        // Already encoded: kept.
        EncodingRow(
            row: 4,
            rule: "/foo/bar/%E3%83%84",
            rfcEncoded: "/foo/bar/%E3%83%84",
            path: "/foo/bar/%E3%83%84",
            heedPattern: "/foo/bar/%E3%83%84",
            heedMatches: true
        ),
        // %62 %61 %7A are the unreserved 'b' 'a' 'z': Heed decodes them in rules as in URLs, which
        // gives the table's match against /foo/bar/baz.
        EncodingRow(
            row: 5,
            rule: "/foo/bar/%62%61%7A",
            rfcEncoded: "/foo/bar/%62%61%7A",
            path: "/foo/bar/baz",
            heedPattern: "/foo/bar/baz",
            heedMatches: true
        ),
    ]

    @Test("RFC 9309 §2.2.2 percent-encoding table, all five rows", arguments: encodingRows)
    func encodingTable(_ r: EncodingRow) throws {
        let robots = RobotsTxt("User-agent: *\nDisallow: \(r.rule)\n")
        let rule = try #require(robots.groups.first?.rules.first)
        #expect(String(decoding: rule.pattern.bytes, as: UTF8.self) == r.heedPattern)
        let m = RobotsMatcher(robots, agent: ProductToken("x"))
        #expect(m.decide(r.path).rule?.line == (r.heedMatches ? 2 : nil))
        // The RFC's encoded rule path matches the row's path in every row, Heed included.
        let encoded = RobotsMatcher(RobotsTxt("User-agent: *\nDisallow: \(r.rfcEncoded)\n"), agent: ProductToken("x"))
        #expect(encoded.decide(r.path).rule?.line == 2)
        // Every rule matches its own path written as the rule is (row 2: the unencoded query).
        #expect(m.decide(r.rule).rule?.line == 2)
    }

    // MARK: - Decisions explain themselves

    @Test("decisions carry the reason and the deciding rule")
    func decisionDetails() throws {
        let robots = RobotsTxt("User-agent: *\nDisallow: /x\nAllow: /x/y\n\nUser-agent: a\nAllow: /\n")
        let m = RobotsMatcher(robots, agent: ProductToken("b"))
        #expect(m.agentLines == [1])
        let allowed = m.decide("/x/y/z")
        let allowRule = try #require(allowed.rule)
        #expect(allowed.allowed && allowed.reason == .matchedRule)
        #expect(allowRule.line == 3 && allowRule.kind == .allow && allowRule.group == 0)
        #expect(allowRule.pattern.bytes == Array("/x/y".utf8))
        let disallowed = m.decide("/x/a")
        #expect(!disallowed.allowed && disallowed.rule?.line == 2)
        #expect(m.decide("/q") == RobotsDecision(allowed: true, reason: .noMatchingRule, rule: nil))
        let a = RobotsMatcher(robots, agent: ProductToken("a"))
        #expect(a.decide("/x").rule?.line == 6)
        #expect(a.decide("/x").rule?.group == 1)
    }

    // MARK: - Notes on Google's truncated user-agent reading

    /// (file, crawler, selection, lines named in notes)
    static let noteCases: [(String, String, RobotsMatcher.Selection, [Int])] = [
        ("User-agent: AI2Bot\nDisallow: /\n", "AI", .none, [1]),
        ("User-agent: AI2Bot\nDisallow: /\n", "AI2Bot", .specific, []),
        ("User-agent: Foo Bar\nDisallow: /a\n\nUser-agent: Foo/1.0\nDisallow: /b\n", "foo", .specific, [1]),
        ("User-agent: Crawl4AI\nDisallow: /\n\nUser-agent: Crawl-X\nDisallow: /\n", "crawl", .none, [1]),
        ("User-agent: *\nDisallow: /\n\nUser-agent: MJ12bot\nAllow: /\n", "MJ", .star, [4]),
        ("User-agent: Kangaroo Bot\nDisallow: /\n", "Bot", .none, []),
        // Google reads '* bar' as the global group: it applies to a crawler with no group of its own.
        ("User-agent: * bar\nDisallow: /\n", "x", .none, [1]),
        ("User-agent: * bar\nDisallow: /\n\nUser-agent: x\nAllow: /\n", "x", .specific, []),
        // '*bot' is no global group for Google either (no whitespace after '*'): no note.
        ("User-agent: *bot\nDisallow: /\n", "x", .none, []),
    ]

    @Test("notes name the groups Google's parser would apply but Heed does not", arguments: noteCases)
    func notes(file: String, agent: String, selection: RobotsMatcher.Selection, lines: [Int]) {
        let m = RobotsMatcher(RobotsTxt(file), agent: ProductToken(agent))
        #expect(m.selection == selection)
        #expect(m.notes.count == lines.count)
        for (note, line) in zip(m.notes, lines) { #expect(note.hasPrefix("line \(line): ")) }
    }
}
