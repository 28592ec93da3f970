// SPDX-License-Identifier: Apache-2.0
// Heed tests: the robots.txt parser (RFC 9309 §2.2 groups and records, §2.5 parse limit).

import Testing

@testable import HeedCore

/// A named robots.txt body with the expected shape of its groups (see `shape`).
struct RobotsParserCase: Sendable, CustomTestStringConvertible {
    var name: String
    var body: [UInt8]
    var groups: [String]

    init(_ name: String, _ body: String, _ groups: [String]) {
        self.name = name
        self.body = Array(body.utf8)
        self.groups = groups
    }

    var testDescription: String { name }
}

/// A compact picture of the groups: `[agent@line,...] kind pattern@line; ...` per group.
func robotsGroupShape(_ robots: RobotsTxt) -> [String] {
    robots.groups.map { group in
        let agents = group.agents.map { "\($0.token.raw)@\($0.line)" }.joined(separator: ",")
        let rules = group.rules.map {
            "\($0.kind.rawValue) \(String(decoding: $0.pattern.bytes, as: UTF8.self))@\($0.line)"
        }
        return "[\(agents)]" + (rules.isEmpty ? "" : " " + rules.joined(separator: "; "))
    }
}

/// The findings as `code@line` (`-` for the whole document), for set comparison.
func robotsFindingKeys(_ robots: RobotsTxt) -> Set<String> {
    Set(robots.findings.map { "\($0.code)@\($0.line.map(String.init) ?? "-")" })
}

struct RobotsTxtParserTests {
    // MARK: - Groups (RFC 9309 §2.2)

    static let groupCases: [RobotsParserCase] = [
        RobotsParserCase("one group", "User-agent: a\nDisallow: /x\n", ["[a@1] disallow /x@2"]),
        RobotsParserCase(
            "a user-agent after a rule starts a group",
            "User-agent: a\nDisallow: /x\nUser-agent: b\nAllow: /y\n",
            ["[a@1] disallow /x@2", "[b@3] allow /y@4"]
        ),
        RobotsParserCase(
            "consecutive user-agents share a group",
            "User-agent: a\nUser-agent: b\nDisallow: /\n",
            ["[a@1,b@2] disallow /@3"]
        ),
        RobotsParserCase(
            "blank lines do not end a group",
            "User-agent: a\n\nUser-agent: b\n\nDisallow: /\n\nAllow: /z\n",
            ["[a@1,b@3] disallow /@5; allow /z@7"]
        ),
        RobotsParserCase(
            "comment lines do not end a group",
            "User-agent: a\n# c\nUser-agent: b\nDisallow: /\n",
            ["[a@1,b@3] disallow /@4"]
        ),
        RobotsParserCase(
            "the last group may have no rules",
            "User-agent: a\nDisallow: /\nUser-agent: b\n",
            ["[a@1] disallow /@2", "[b@3]"]
        ),
        RobotsParserCase(
            "rules before the first user-agent are ignored",
            "Disallow: /x\nUser-agent: a\nAllow: /y\n",
            ["[a@2] allow /y@3"]
        ),
        RobotsParserCase(
            "an empty Disallow is kept as an empty rule",
            "User-agent: a\nDisallow:\n",
            ["[a@1] disallow @2"]
        ),
        RobotsParserCase(
            "field names are case-insensitive",
            "USER-AGENT: a\ndIsAlLoW: /x\nALLOW: /y\nuser-AGENT: b\nallow: /z\n",
            ["[a@1] disallow /x@2; allow /y@3", "[b@4] allow /z@5"]
        ),
        RobotsParserCase(
            "whitespace around field, colon and value",
            " \tUser-agent \t:\t a \t\n  Disallow:/x  \n",
            ["[a@1] disallow /x@2"]
        ),
        RobotsParserCase(
            "the RFC 9309 §5.1 example without its EOF marker",
            "User-Agent: *\nDisallow: *.gif$\nDisallow: /example/\nAllow: /publications/\n\n"
                + "User-Agent: foobot\nDisallow:/\nAllow:/example/page.html\nAllow:/example/allowed.gif\n\n"
                + "User-Agent: barbot\nUser-Agent: bazbot\nDisallow: /example/page.html\n\nUser-Agent: quxbot\n",
            [
                "[*@1] disallow *.gif$@2; disallow /example/@3; allow /publications/@4",
                "[foobot@6] disallow /@7; allow /example/page.html@8; allow /example/allowed.gif@9",
                "[barbot@11,bazbot@12] disallow /example/page.html@13",
                "[quxbot@15]",
            ]
        ),
    ]

    @Test("groups", arguments: groupCases)
    func groups(_ c: RobotsParserCase) {
        #expect(robotsGroupShape(RobotsTxt(c.body)) == c.groups)
    }

    @Test("a rule outside any group is ignored and reported")
    func ruleOutsideGroup() throws {
        let robots = RobotsTxt("Allow: /a\nDisallow: /b\nUser-agent: *\nDisallow: /c\n")
        #expect(robotsGroupShape(robots) == ["[*@3] disallow /c@4"])
        #expect(robotsFindingKeys(robots) == ["rule-outside-group@1", "rule-outside-group@2"])
        let finding = try #require(robots.findings.first)
        #expect(finding.severity == .error)
        #expect(finding.text == "Allow: /a")
        // The ignored rule has no effect: /b is allowed.
        #expect(RobotsMatcher(robots, agent: ProductToken("x")).decide("/b").allowed)
    }

    // MARK: - Group selection (RFC 9309 §2.2.1)

    @Test("groups for the same token are merged, case-insensitively")
    func mergedGroups() {
        let robots = RobotsTxt(
            "User-agent: a\nDisallow: /x\n\nUser-agent: b\nDisallow: /y\n\nUser-agent: A\nUser-agent: a\nDisallow: /z\n"
        )
        let m = RobotsMatcher(robots, agent: ProductToken("a"))
        #expect(m.selection == .specific)
        #expect(m.groups == [0, 2])
        #expect(m.agentLines == [1, 7, 8])
        #expect(m.ruleCount == 2)
        #expect(!m.decide("/x").allowed)
        #expect(!m.decide("/z").allowed)
        #expect(m.decide("/y").allowed)
    }

    /// (agent, selection, groups, path → allowed)
    static let selectionCases: [(String, RobotsMatcher.Selection, [Int], [String: Bool])] = [
        ("a", .specific, [1], ["/a": false, "/s": true, "/t": true]),
        ("A", .specific, [1], ["/a": false, "/s": true]),
        ("c", .star, [0, 2], ["/s": false, "/t": false, "/a": true]),
        ("a-b_c", .star, [0, 2], ["/s": false]),
        ("*", .star, [0, 2], ["/s": false, "/a": true]),
    ]

    @Test("the * groups are the fallback, merged", arguments: selectionCases)
    func starFallback(agent: String, selection: RobotsMatcher.Selection, groups: [Int], paths: [String: Bool]) {
        let robots = RobotsTxt(
            "User-agent: *\nDisallow: /s\n\nUser-agent: a\nDisallow: /a\n\nUser-agent: *\nDisallow: /t\n"
        )
        let m = RobotsMatcher(robots, agent: ProductToken(agent))
        #expect(m.selection == selection)
        #expect(m.groups == groups)
        for (path, allowed) in paths { #expect(m.decide(path).allowed == allowed, "\(path)") }
    }

    @Test("no matching group and no * group: no rules apply")
    func noGroup() {
        let m = RobotsMatcher(RobotsTxt("User-agent: a\nDisallow: /\n"), agent: ProductToken("c"))
        #expect(m.selection == .none)
        #expect(m.groups.isEmpty)
        #expect(m.decide("/x") == RobotsDecision(allowed: true, reason: .noGroup, rule: nil))
    }

    @Test("a specific empty group does not inherit the * group")
    func specificEmptyGroup() {
        let m = RobotsMatcher(RobotsTxt("User-agent: *\nDisallow: /\n\nUser-agent: a\n"), agent: ProductToken("a"))
        #expect(m.selection == .specific)
        #expect(m.decide("/x") == RobotsDecision(allowed: true, reason: .noMatchingRule, rule: nil))
    }

    // MARK: - Comments and line ends

    static let commentCases: [RobotsParserCase] = [
        RobotsParserCase(
            "end-of-line comments",
            "User-agent: a # the a bot\nDisallow: /x # secret\n",
            ["[a@1] disallow /x@2"]
        ),
        RobotsParserCase(
            "comment lines, and # inside a value",
            "# Disallow: /\nUser-agent: a\n#Disallow: /y\nDisallow: /z#frag\n",
            ["[a@2] disallow /z@4"]
        ),
        RobotsParserCase(
            "a value that is only a comment",
            "User-agent: a\nDisallow: # nothing\n",
            ["[a@1] disallow @2"]
        ),
        RobotsParserCase("indented comment", "User-agent: a\n   # c\n\tDisallow: /t\n", ["[a@1] disallow /t@3"]),
        RobotsParserCase(
            "a %23 is a literal #, not a comment",
            "User-agent: a\nDisallow: /a%23b\n",
            ["[a@1] disallow /a%23b@2"]
        ),
    ]

    @Test("comments", arguments: commentCases)
    func comments(_ c: RobotsParserCase) {
        let robots = RobotsTxt(c.body)
        #expect(robotsGroupShape(robots) == c.groups)
        #expect(robots.findings.isEmpty)
    }

    static let lineEnds: [String: [String]] = [
        "LF": ["\n"],
        "CR": ["\r"],
        "CRLF": ["\r\n"],
        "mixed": ["\n", "\r\n", "\r"],
    ]

    @Test("CR, LF and CRLF give the same groups, lines and decisions", arguments: ["LF", "CR", "CRLF", "mixed"])
    func lineEndings(_ name: String) throws {
        let ends = try #require(Self.lineEnds[name])
        let lines = [
            "User-agent: a", "Disallow: /x", "", "User-agent: b", "Allow: /y", "Disallow: /",
            "Sitemap: https://e.test/s",
        ]
        var body = ""
        for (i, line) in lines.enumerated() { body += line + ends[i % ends.count] }
        for text in [body, body + "# trailing comment without end"] {
            let robots = RobotsTxt(text)
            #expect(robotsGroupShape(robots) == ["[a@1] disallow /x@2", "[b@4] allow /y@5; disallow /@6"])
            #expect(robots.records.map(\.line) == [7])
            #expect(robots.text(ofLine: 2) == "Disallow: /x")
            #expect(robots.text(ofLine: 3) == "")
            let a = RobotsMatcher(robots, agent: ProductToken("a"))
            let b = RobotsMatcher(robots, agent: ProductToken("b"))
            #expect(a.decide("/x").rule?.line == 2)
            #expect(b.decide("/y").allowed)
            #expect(b.decide("/z").rule?.line == 6)
        }
        #expect(RobotsTxt(body).stats.lines == 7)
        #expect(RobotsTxt(body + "# trailing comment without end").stats.lines == 8)
    }

    // MARK: - BOM (RFC 9309 is silent; Google skips it)

    @Test("a leading UTF-8 BOM is skipped; one elsewhere is part of the line")
    func bom() {
        let robots = RobotsTxt([0xEF, 0xBB, 0xBF] + Array("User-agent: a\r\nDisallow: /\r\n".utf8))
        #expect(robotsGroupShape(robots) == ["[a@1] disallow /@2"])
        #expect(robots.text(ofLine: 1) == "User-agent: a")
        #expect(robots.findings.isEmpty)
        #expect(robots.stats.validDirectives == 2 && robots.stats.unknownDirectives == 0)
        #expect(robots.stats.bytesParsed == 28)

        let middle = RobotsTxt("User-agent: a\n\u{FEFF}Disallow: /\n")
        #expect(robotsGroupShape(middle) == ["[a@1]"])
        #expect(middle.records.map(\.field) == ["\u{FEFF}disallow"])
        #expect(middle.stats.unknownDirectives == 1)
    }

    // MARK: - Other records (RFC 9309 §2.2.4) and Content-Usage

    static let recordCases: [RobotsParserCase] = [
        RobotsParserCase(
            "Sitemap does not end a group",
            "User-agent: a\nSitemap: https://e.test/s.xml\nUser-agent: b\nDisallow: /\n",
            ["[a@1,b@3] disallow /@4"]
        ),
        RobotsParserCase(
            "unknown records do not end a group",
            "User-agent: a\nCrawl-delay: 3\nContent-Signal: ai-train=no\nUser-agent: b\nDisallow: /\n",
            ["[a@1,b@4] disallow /@5"]
        ),
        RobotsParserCase(
            "Content-Usage is a rule: it ends the user-agent run",
            "User-agent: a\nContent-Usage: train-ai=n\nUser-agent: b\nDisallow: /\n",
            ["[a@1]", "[b@3] disallow /@4"]
        ),
        RobotsParserCase(
            "content-usage, any case, after rules",
            "User-agent: a\nDisallow: /x\nCONTENT-USAGE: train-ai=n\nUser-agent: b\n",
            ["[a@1] disallow /x@2", "[b@4]"]
        ),
        RobotsParserCase(
            "Content-Usage before any group ends nothing",
            "Content-Usage: train-ai=n\nUser-agent: a\nUser-agent: b\nDisallow: /\n",
            ["[a@2,b@3] disallow /@4"]
        ),
    ]

    @Test("other records and Content-Usage", arguments: recordCases)
    func otherRecords(_ c: RobotsParserCase) {
        #expect(robotsGroupShape(RobotsTxt(c.body)) == c.groups)
    }

    @Test("Content-Usage splits the crawlers' decisions")
    func contentUsageDecisions() {
        let robots = RobotsTxt("User-agent: a\nContent-Usage: train-ai=n\nUser-agent: b\nDisallow: /\n")
        #expect(RobotsMatcher(robots, agent: ProductToken("a")).decide("/x").allowed)
        #expect(!RobotsMatcher(robots, agent: ProductToken("b")).decide("/x").allowed)
    }

    @Test("records keep field, value, line and group")
    func records() {
        let robots = RobotsTxt(
            "Crawl-delay: 5\nUser-agent: a\nCRAWL-DELAY: 10\nUser-agent: b\nDisallow: /\n"
                + "Content-Signal: search=yes, ai-train=no # c\nSitemap: https://e.test/s.xml\n"
                + "User-agent: c\nLicense: https://e.test/l\n"
        )
        #expect(robotsGroupShape(robots) == ["[a@2,b@4] disallow /@5", "[c@8]"])
        let got = robots.records.map { "\($0.field)|\($0.value)|\($0.line)|\($0.group.map(String.init) ?? "-")" }
        #expect(
            got == [
                "crawl-delay|5|1|-",
                "crawl-delay|10|3|0",
                "content-signal|search=yes, ai-train=no|6|0",
                "sitemap|https://e.test/s.xml|7|-",
                "license|https://e.test/l|9|1",
            ]
        )
        #expect(robots.records(named: "crawl-delay").map(\.value) == ["5", "10"])
        #expect(robots.sitemaps == ["https://e.test/s.xml"])
        #expect(robots.stats.validDirectives == 5)
        #expect(robots.stats.unknownDirectives == 4)
        #expect(robots.findings.isEmpty)
    }

    // MARK: - Typos (Google's kAllowFrequentTypos, reported)

    /// (body, groups, line of the typo)
    static let typoCases: [(String, [String], Int)] = [
        ("useragent: a\nDisallow: /x\n", ["[a@1] disallow /x@2"], 1),
        ("user agent: a\nDisallow: /x\n", ["[a@1] disallow /x@2"], 1),
        ("User-Agents: a\nDisallow: /x\n", ["[a@1] disallow /x@2"], 1),
        ("User-agent: a\ndisalow: /x\n", ["[a@1] disallow /x@2"], 2),
        ("User-agent: a\ndissallow: /x\n", ["[a@1] disallow /x@2"], 2),
        ("User-agent: a\ndissalow: /x\n", ["[a@1] disallow /x@2"], 2),
        ("User-agent: a\ndiasllow: /x\n", ["[a@1] disallow /x@2"], 2),
        ("User-agent: a\nDISALLAW: /x\n", ["[a@1] disallow /x@2"], 2),
        ("User-agent: a\nsite-map: https://e.test/s\n", ["[a@1]"], 2),
    ]

    @Test("accepted typos are read and reported", arguments: typoCases)
    func typos(body: String, groups: [String], line: Int) {
        let robots = RobotsTxt(body)
        #expect(robotsGroupShape(robots) == groups)
        #expect(robotsFindingKeys(robots) == ["typo@\(line)"])
        #expect(robots.findings.first?.severity == .warning)
        #expect(robots.stats.validDirectives == 2)
        if body.contains("site-map") { #expect(robots.sitemaps == ["https://e.test/s"]) }
    }

    @Test("near-misses that are not known typos are other records", arguments: ["Disalloww", "Allows", "Dis-allow"])
    func notATypo(_ field: String) {
        let robots = RobotsTxt("User-agent: a\n\(field): /x\n")
        #expect(robotsGroupShape(robots) == ["[a@1]"])
        #expect(robots.records.map(\.field) == [field.lowercased()])
        #expect(robots.findings.isEmpty)
    }

    // MARK: - Line-level findings

    /// (name, body, findings as code@line)
    static let findingCases: [(String, [UInt8], Set<String>)] = [
        (
            "missing colon (Google accepts two words)", Array("User-agent a\nDisallow /x\n".utf8),
            ["missing-colon@1", "missing-colon@2"]
        ),
        ("three words without colon", Array("User-agent: a\nDisallow /x /y\n".utf8), ["malformed-line@2"]),
        ("one word", Array("User-agent: a\nError # c\n".utf8), ["malformed-line@2"]),
        ("no field name", Array("User-agent: a\n: /x\n".utf8), ["malformed-line@2"]),
        ("relative path", Array("User-agent: a\nDisallow: x\n".utf8), ["pattern-not-absolute@2"]),
        ("pattern starting with * (erratum 7995)", Array("User-agent: a\nDisallow: *.gif$\n".utf8), []),
        ("empty user-agent", Array("User-agent:\nDisallow: /\n".utf8), ["empty-user-agent@1"]),
        ("HTML page", Array("\n  <html><body>hi</body></html>\n".utf8), ["html-document@-", "malformed-line@2"]),
        // UTF-16LE "User-agent: *\n": line 1 holds FF FE and NULs, line 2 is the lone NUL after the LF.
        (
            "UTF-16", [0xFF, 0xFE] + Array("User-agent: *\n".utf8).flatMap { [$0, 0] },
            ["utf16@-", "nul-byte@-", "invalid-utf8@1", "malformed-line@2"]
        ),
    ]

    @Test("findings", arguments: findingCases)
    func findings(name: String, body: [UInt8], expected: Set<String>) {
        #expect(robotsFindingKeys(RobotsTxt(body)) == expected)
    }

    @Test("a missing colon still makes the rule")
    func missingColonRule() {
        let robots = RobotsTxt("User-agent a\nDisallow /x\n")
        #expect(robotsGroupShape(robots) == ["[a@1] disallow /x@2"])
    }

    // MARK: - Product tokens (RFC 9309 §2.2.1)

    /// (raw value, valid RFC 9309 token, Google's reading, Heed's key)
    static let tokenCases: [(String, Bool, String?, String)] = [
        ("ExampleBot", true, "ExampleBot", "examplebot"),
        ("  GPTBot\t", true, "GPTBot", "gptbot"),
        ("*", true, "*", "*"),
        ("AI2Bot", false, "AI", "ai2bot"),
        ("MJ12bot", false, "MJ", "mj12bot"),
        ("Crawl4AI", false, "Crawl", "crawl4ai"),
        ("Kangaroo Bot", false, "Kangaroo", "kangaroo bot"),
        ("Kangaroo \t Bot", false, "Kangaroo", "kangaroo bot"),
        ("iaskspider/2.0", false, "iaskspider", "iaskspider"),
        ("bigsur.ai", false, "bigsur", "bigsur.ai"),
        ("* bar", false, "*", "* bar"),
        ("*\tbar", false, "*", "* bar"),
        // Google's global group needs whitespace after '*'; '*bot' reads as the empty token.
        ("*bot", false, nil, "*bot"),
        ("123", false, nil, "123"),
    ]

    @Test("product token normalization", arguments: tokenCases)
    func productToken(raw: String, valid: Bool, google: String?, key: String) {
        let token = ProductToken(raw)
        #expect(token.isValidRFC9309 == valid)
        #expect(token.googleReading == google)
        #expect(token.key == key)
    }

    static let invalidTokenFile =
        "User-agent: AI2Bot\nDisallow: /a\n\nUser-agent: Kangaroo Bot\nDisallow: /k\n\n"
        + "User-agent: iaskspider/2.0\nDisallow: /i\n\nUser-agent: * bar\nDisallow: /s\n"

    @Test("invalid tokens are reported at their lines")
    func invalidTokenFindings() {
        let robots = RobotsTxt(Self.invalidTokenFile)
        #expect(
            robotsFindingKeys(robots) == ["invalid-token@1", "invalid-token@4", "invalid-token@7", "invalid-token@10"]
        )
        let messages = robots.findings.map(\.message)
        #expect(messages[0].contains("'AI'"))
        #expect(messages[1].contains("'Kangaroo'"))
        #expect(messages[2].contains("'iaskspider'"))
        #expect(messages[3].contains("reads it as '*'"))
        #expect(robots.findings.allSatisfy { $0.severity == .warning && $0.clause == "RFC 9309 §2.2.1" })
    }

    @Test("'*bot' is reported, but not as Google's global group (that needs whitespace after '*')")
    func starPrefixedToken() throws {
        let robots = RobotsTxt("User-agent: *bot\nDisallow: /\n")
        let finding = try #require(robots.findings.first)
        #expect(robotsFindingKeys(robots) == ["invalid-token@1"])
        #expect(!finding.message.contains("'*'"))
        #expect(RobotsMatcher(robots, agent: ProductToken("x")).selection == .none)
    }

    /// (crawler, path, allowed): each value is matched whole, with case folded, whitespace
    /// collapsed and a `/version` dropped on both sides; `* bar` is not the global group.
    static let invalidTokenMatches: [(String, String, Bool)] = [
        ("AI2Bot", "/a", false),
        ("ai2bot", "/a", false),
        ("AI", "/a", true),
        ("Kangaroo Bot", "/k", false),
        ("kangaroo   bot", "/k", false),
        ("Kangaroo", "/k", true),
        ("Bot", "/k", true),
        ("iaskspider", "/i", false),
        ("iaskspider/3.1", "/i", false),
        ("iask", "/i", true),
        ("other", "/s", true),
        ("* bar", "/s", false),
    ]

    @Test("invalid tokens match exactly their own name", arguments: invalidTokenMatches)
    func invalidTokenMatching(agent: String, path: String, allowed: Bool) {
        let m = RobotsMatcher(RobotsTxt(Self.invalidTokenFile), agent: ProductToken(agent))
        #expect(m.decide(path).allowed == allowed)
        // No group for these crawlers and no real `*` group: nothing applies.
        if allowed { #expect(m.selection == .none) }
    }

    // MARK: - Parse limit (RFC 9309 §2.5)

    /// `User-agent: *` (14 bytes), 20479 filler rules of 25 bytes (511975 bytes) ending at offset
    /// 511989, then `Disallow: /private\n` whose first 11 bytes, `Disallow: /`, end exactly at 512000.
    static func limitFile() -> [UInt8] {
        var out = Array("User-agent: *\n".utf8)
        for i in 0..<20479 {
            let digits = String(i)
            out += Array(("Disallow: /f" + String(repeating: "0", count: 12 - digits.count) + digits + "\n").utf8)
        }
        out += Array("Disallow: /private\nAllow: /private/ok\n".utf8)
        return out
    }

    @Test("past 500 KiB the file is cut at the last whole line")
    func sizeLimit() throws {
        let bytes = Self.limitFile()
        #expect(bytes.count == 511989 + 19 + 19)
        let robots = RobotsTxt(bytes)
        #expect(robots.stats.bytesParsed == 511989)
        #expect(robots.stats.bytesIgnored == 38)
        #expect(robots.stats.lines == 20480)
        let finding = try #require(robots.findings.first { $0.code == "size-limit-exceeded" })
        #expect(finding.line == 20480)
        #expect(finding.severity == .error)
        #expect(robots.findings.count == 1)
        let m = RobotsMatcher(robots, agent: ProductToken("x"))
        #expect(m.ruleCount == 20479)
        // The half line `Disallow: /` inside the limit was not read as a rule.
        #expect(m.decide("/private") == RobotsDecision(allowed: true, reason: .noMatchingRule, rule: nil))
        #expect(!m.decide("/f000000020478").allowed)
        #expect(robots.text(ofLine: 20481) == nil)
    }

    @Test("the limit is configurable but never below 512000 bytes", arguments: [0, 1000, 512000])
    func limitFloor(_ limit: Int) {
        let robots = RobotsTxt(Self.limitFile(), parseLimit: limit)
        #expect(RobotsTxt.minimumParseLimit == 512000)
        #expect(robots.stats.bytesParsed == 511989)
        #expect(robotsFindingKeys(robots) == ["size-limit-exceeded@20480"])
    }

    @Test("a higher limit reads the whole file")
    func limitRaised() {
        let robots = RobotsTxt(Self.limitFile(), parseLimit: 600_000)
        #expect(robots.stats.bytesParsed == 512027)
        #expect(robots.stats.bytesIgnored == 0)
        #expect(robots.findings.isEmpty)
        let m = RobotsMatcher(robots, agent: ProductToken("x"))
        #expect(m.decide("/private").rule?.line == 20481)
        #expect(m.decide("/private/ok").rule?.line == 20482)
    }

    @Test("a file of exactly 512000 bytes is read whole; one more byte is cut")
    func limitBoundary() {
        // 14 + 20479 * 25 = 511989 bytes, then `Disallow:/\n` (11 bytes): 512000 in all.
        let bytes = Array(Self.limitFile().prefix(511989)) + Array("Disallow:/\n".utf8)
        #expect(bytes.count == 512000)
        let whole = RobotsTxt(bytes)
        #expect(whole.stats.bytesIgnored == 0)
        #expect(whole.findings.isEmpty)
        #expect(RobotsMatcher(whole, agent: ProductToken("x")).decide("/private").rule?.line == 20481)

        // One byte more: the limit falls right after the LF, so all 20481 lines are still read.
        let over = RobotsTxt(bytes + Array("x".utf8))
        #expect(over.stats.bytesParsed == 512000)
        #expect(over.stats.bytesIgnored == 1)
        #expect(robotsFindingKeys(over) == ["size-limit-exceeded@20481"])
    }

    // MARK: - Line text

    @Test("text(ofLine:) returns each line without its end")
    func textOfLine() {
        let robots = RobotsTxt([0xEF, 0xBB, 0xBF] + Array("a\r\nb\rc\n\nd # e".utf8))
        #expect(robots.stats.lines == 5)
        let lines = (0...6).map { robots.text(ofLine: $0) }
        #expect(lines == [nil, "a", "b", "c", "", "d # e", nil])
        #expect(robots.text(ofLine: -1) == nil)
        #expect(RobotsTxt("").text(ofLine: 1) == nil)
    }
}
