// SPDX-License-Identifier: Apache-2.0
// Tests for the steward's site lint: every finding kind on a real (or realistic) file, with its
// exact message, line, fix and consequence tier; the ranking; the Google-truncation hits.

import Foundation
import HeedCore
import Testing

/// A host read straight from Corpus files: `files` maps a path of the host to a Corpus file; any
/// other URL of the host answers 404 (as a snapshot host folder does); other hosts were never fetched.
enum LintSite {
    static let specs: SignalSpecs = {
        let dir = Fixtures.root.appendingPathComponent("SignalSpecs")
        // A missing SignalSpecs folder fails every test loudly.
        return try! SignalSpecs(load: { FileManager.default.contents(atPath: dir.appendingPathComponent($0).path) })
    }()

    static func lint(_ host: String, _ files: [String: String]) throws -> [LintFinding] {
        var docs: [String: Document] = [:]
        for (path, file) in files {
            let url = "https://\(host)\(path)"
            let location = host + (path == "/" ? "/index.html" : path)
            docs[url] = Document(url: url, location: location, body: try Fixtures.bytes(file))
        }
        let lookup = { (url: String) -> DocumentLookup in
            if let doc = docs[url] { return .found(doc) }
            if url.hasPrefix("https://\(host)/") { return .found(Document(url: url, status: 404, body: [])) }
            return .neverFetched
        }
        let site = SiteSignals(origin: "https://\(host)", specs: specs, lookup: lookup)
        return SiteLint.run(site, lookup: lookup)
    }
}

@Suite struct SiteLintTests {
    struct Case: Sendable, CustomStringConvertible {
        var host: String
        var files: [String: String]
        var code: String
        var document: String
        var line: Int?
        var message: String
        var fix: String
        var consequence: Consequence
        var description: String { "\(code) on \(host)" }
    }

    static let real = "snapshots/real/"

    /// One row per finding kind. The expected values are read off the files by hand (line numbers,
    /// which crawlers have groups of their own, the registry's entries), as each comment says.
    static let cases: [Case] = [
        // protego-2019 talbots.com, line 1: "User Agent: *" (a space, not a hyphen). The `*` group is
        // what GPTBot and the other major crawlers read, so it ranks `major`.
        Case(
            host: "www.talbots.com",
            files: ["/robots.txt": "robots/protego-2019/www.talbots.com.robots.txt"],
            code: "typo",
            document: "www.talbots.com/robots.txt",
            line: 1,
            message:
                "'User Agent' is a misspelling of 'user-agent'; Google's parser accepts it, other crawlers ignore the line",
            fix: "spell the field as the RFC does: 'User-agent', 'Allow', 'Disallow'",
            consequence: .major
        ),
        // linkedin.com (2026): line 4199 "disallow: /feed/update/" and line 4292 "allow: /feed/update/"
        // in the same merged group: allow wins the tie. The group names only minor crawlers.
        Case(
            host: "linkedin.com",
            files: ["/robots.txt": "robots/gpt-firewall-2026-01/linkedin.com.robots.txt"],
            code: "unreachable-rule",
            document: "linkedin.com/robots.txt",
            line: 4199,
            message: "this disallow never applies: line 4292 allows the same path, and allow wins ties",
            fix: "delete one of the two rules, or make the disallow longer than the allow so it can win",
            consequence: .some
        ),
        // nytimes.com (2026), line 262 "user-agent: quillbot.com": Google cuts at '.', giving
        // 'quillbot', which is the registry's QuillBot (a valid token of its own).
        Case(
            host: "www.nytimes.com",
            files: ["/robots.txt": "robots/gpt-firewall-2026-01/www.nytimes.com.robots.txt"],
            code: "invalid-token",
            document: "www.nytimes.com/robots.txt",
            line: 262,
            message: "'quillbot.com' is not a valid RFC 9309 product token (letters, '-' and '_' only). Google's "
                + "parser truncates it to 'quillbot', so its rules also reach any crawler named 'quillbot'; Heed "
                + "matches the whole name 'quillbot.com' only. Of the known crawlers that is QuillBot, whose name "
                + "Google also reads as 'quillbot'",
            fix: "give QuillBot groups of their own if they should not follow these rules; keep 'quillbot.com' as "
                + "its operator spells it",
            consequence: .some
        ),
        // byeongsuyu.github.io line 22 "User-agent: AI2Bot": 'AI', and the registry's
        // AI2Bot-DeepResearchEval and Ai2Bot-Dolma read as 'AI'/'Ai' too.
        Case(
            host: "byeongsuyu.github.io",
            files: ["/robots.txt": real + "byeongsuyu.github.io/robots.txt"],
            code: "invalid-token",
            document: "byeongsuyu.github.io/robots.txt",
            line: 22,
            message: "'AI2Bot' is not a valid RFC 9309 product token (letters, '-' and '_' only). Google's parser "
                + "truncates it to 'AI', so its rules also reach any crawler named 'AI'; Heed matches the whole "
                + "name 'AI2Bot' only. Of the known crawlers that is AI2Bot-DeepResearchEval and Ai2Bot-Dolma, "
                + "whose names Google also reads as 'AI'",
            fix: "give AI2Bot-DeepResearchEval and Ai2Bot-Dolma groups of their own if they should not follow "
                + "these rules; keep 'AI2Bot' as its operator spells it",
            consequence: .some
        ),
        // docs.oracle.com (2019) is 852,930 bytes; whole lines up to 511,983 bytes (line 19133) are read.
        Case(
            host: "docs.oracle.com",
            files: ["/robots.txt": "robots/protego-2019/docs.oracle.com.robots.txt"],
            code: "size-limit-exceeded",
            document: "docs.oracle.com/robots.txt",
            line: 19133,
            message: "file is 852930 bytes; only the first 511983 (whole lines within the parse limit) are read, "
                + "340947 bytes ignored. Crawlers stop at 500 KiB: put the rules that matter first, or shorten "
                + "the file",
            fix: "keep the file under 500 KiB: merge groups, drop per-URL rules, and put the rules that matter first",
            consequence: .site
        ),
        // veda.ng's tdmrep.json is one object, not an array.
        Case(
            host: "veda.ng",
            files: ["/.well-known/tdmrep.json": real + "veda.ng/.well-known/tdmrep.json"],
            code: "not-an-array",
            document: "veda.ng/.well-known/tdmrep.json",
            line: 1,
            message: "the file is a JSON object, not an array of rules: strict TDM agents read nothing; wrap the "
                + "rule in [ ] (Heed reads it as one rule)",
            fix: "wrap the rule in a JSON array: [ {...} ]",
            consequence: .site
        ),
        // openpoem.org: Content-Signal on line 13 in the '*' group; GPTBot (17), CCBot (26),
        // ClaudeBot (29), Bytespider (35), Meta-ExternalAgent (38) have groups of their own, all
        // 'Disallow: /': nothing changes today (latent, info). 7 more registry crawlers have groups
        // (anthropic-ai, cohere-ai, Diffbot, ImagesiftBot, Omgilibot, PanguBot, Timpibot).
        Case(
            host: "openpoem.org",
            files: ["/robots.txt": real + "openpoem.org/robots.txt"],
            code: "signal-group-unread",
            document: "openpoem.org/robots.txt",
            line: 13,
            message: "Content-Signal in the '*' group is never read by Bytespider, CCBot, ClaudeBot, GPTBot and "
                + "Meta-ExternalAgent: each has a group of its own, and a crawler obeys only its own group, so "
                + "none of them sees it (nor do 7 other known crawlers with groups of their own); all of them are "
                + "disallowed '/' today, so this matters once one of them is let in",
            fix: "repeat 'Content-Signal: search=yes, ai-input=yes, ai-train=no' in the groups of Bytespider "
                + "(line 35), CCBot (line 26), ClaudeBot (line 29), GPTBot (line 17) and Meta-ExternalAgent (line 38)",
            consequence: .latent
        ),
        // press.test (Corpus/lint): Content-Usage only in '*' (line 4); GPTBot and ClaudeBot (own
        // group, lines 8-9, Disallow /drafts/ only) may fetch without it; CCBot (line 13) is blocked.
        Case(
            host: "press.test",
            files: ["/robots.txt": "lint/snapshots/press.test/robots.txt"],
            code: "signal-group-unread",
            document: "press.test/robots.txt",
            line: 4,
            message: "Content-Usage in the '*' group is never read by CCBot, ClaudeBot and GPTBot: each has a "
                + "group of its own, and a crawler obeys only its own group, so none of them sees it; ClaudeBot "
                + "and GPTBot may fetch the site without it",
            fix: "repeat 'Content-Usage: train-ai=n' in the groups of CCBot (line 13), ClaudeBot (line 9) and "
                + "GPTBot (line 8)",
            consequence: .site
        ),
        // 9takes.com: license.xml line 5 prohibits ai-train; robots.txt gives GPTBot (30), ClaudeBot
        // (33), anthropic-ai (36), CCBot (39) and Google-Extended (43) their own 'Allow: /' groups.
        Case(
            host: "9takes.com",
            files: [
                "/robots.txt": real + "9takes.com/robots.txt", "/": real + "9takes.com/index.html",
                "/license.xml": real + "9takes.com/license.xml",
            ],
            code: "rsl-robots-contradiction",
            document: "9takes.com/license.xml",
            line: 5,
            message: "the licence prohibits ai_train, but robots.txt gives CCBot (line 39), ClaudeBot (line 33), "
                + "Google-Extended (line 43), GPTBot (line 30) and anthropic-ai (line 36) groups of their own that "
                + "let them fetch the site: crawlers that read only robots.txt take that as an invitation",
            fix: "disallow these crawlers in robots.txt ('Disallow: /' in their groups) if the licence is what you "
                + "mean, or permit ai_train in the licence if you meant to invite them",
            consequence: .site
        ),
        // mcpjunction.ai: license.xml line 34 permits ai-train (subscription: a payment obligation),
        // while robots.txt 'Disallow: /' keeps out the major training crawlers and control tokens.
        Case(
            host: "mcpjunction.ai",
            files: [
                "/robots.txt": real + "mcpjunction.ai/robots.txt", "/license.xml": real + "mcpjunction.ai/license.xml",
            ],
            code: "rsl-robots-contradiction",
            document: "mcpjunction.ai/license.xml",
            line: 34,
            message: "the licence permits ai_train under conditions (payment), but robots.txt keeps Amazonbot "
                + "(line 143), Applebot-Extended (line 131), Bytespider (line 135), CCBot (line 127), ClaudeBot "
                + "(line 115), Google-Extended (line 123), GPTBot (line 111), meta-externalagent (line 139) and 4 "
                + "more out of the whole site: no crawler that obeys robots.txt can take the licence up",
            fix: "allow these crawlers the licensed paths in robots.txt so they can take the licence up, or "
                + "prohibit ai_train in the licence if no one may",
            consequence: .site
        ),
        // press.test: Content-Usage train-ai=n for '*', but 37 registry training crawlers may fetch /
        // (GPTBot and ClaudeBot through their own group; Amazonbot, Bytespider, ... through '*').
        Case(
            host: "press.test",
            files: ["/robots.txt": "lint/snapshots/press.test/robots.txt"],
            code: "signal-gap",
            document: "press.test/robots.txt",
            line: 4,
            message: "robots.content-usage says no to ai_train ('Content-Usage: train-ai=n'), but robots.txt still "
                + "lets 37 training crawlers fetch the site: Amazonbot, Bytespider, ClaudeBot, GPTBot, "
                + "meta-externalagent, AI2Bot, Ai2Bot-Dolma, anthropic-ai and 29 more. The signal asks them not "
                + "to train; nothing keeps them from collecting",
            fix: "if no training crawler should collect the site, give each a group with 'Disallow: /' in "
                + "robots.txt (first Amazonbot, Bytespider and ClaudeBot); keep the signal for the crawlers you do "
                + "not name",
            consequence: .major
        ),
        // nytimes.com (2026) blocks GPTBot, CCBot, ClaudeBot, Bytespider, meta-externalagent ('disallow: /',
        // first at line 162) and states no use signal at all.
        Case(
            host: "www.nytimes.com",
            files: ["/robots.txt": "robots/gpt-firewall-2026-01/www.nytimes.com.robots.txt"],
            code: "signal-gap",
            document: "www.nytimes.com/robots.txt",
            line: 162,
            message: "robots.txt keeps bytespider, ccbot, claudebot, gptbot and meta-externalagent out of the whole "
                + "site, but no use signal reserves ai_train or tdm: crawlers it does not name, and datasets built "
                + "from earlier crawls, read no reservation",
            fix: "add 'Content-Signal: ai-train=no' or 'Content-Usage: train-ai=n' to the '*' group, and a TDMRep "
                + "reservation (/.well-known/tdmrep.json) for text and data mining",
            consequence: .some
        ),
        // mcpjunction.ai without its license.xml: the trailing global 'License:' (line 180) answers 404.
        Case(
            host: "mcpjunction.ai",
            files: ["/robots.txt": real + "mcpjunction.ai/robots.txt"],
            code: "license-unavailable",
            document: "mcpjunction.ai/robots.txt",
            line: 180,
            message: "License URL not available: https://mcpjunction.ai/license.xml (HTTP 404; declared in "
                + "robots.txt line 180 (global: after the last group, read as global)). Without the document the "
                + "content is unlicensed; publish it or fix the URL",
            fix: "publish the licence at https://mcpjunction.ai/license.xml (HTTP 200, application/rsl+xml), or "
                + "point the reference at the URL where it is",
            consequence: .site
        ),
        // licence-elsewhere.test (Corpus/lint): the licence is on another host, never fetched.
        Case(
            host: "licence-elsewhere.test",
            files: ["/robots.txt": "lint/snapshots/licence-elsewhere.test/robots.txt"],
            code: "license-unavailable",
            document: "licence-elsewhere.test/robots.txt",
            line: 11,
            message: "License URL not available: https://licensing.test/rsl/licence-elsewhere.xml (not fetched: "
                + "absent from the documents read; declared in robots.txt line 11 (global: after the last group, "
                + "read as global)). Without the document the content is unlicensed; publish it or fix the URL",
            fix: "publish the licence at https://licensing.test/rsl/licence-elsewhere.xml (HTTP 200, "
                + "application/rsl+xml), or point the reference at the URL where it is",
            consequence: .site
        ),
        // openpoem.org: Content-Signal (line 13) says search=yes; tdmrep.json line 2 reserves TDM, which
        // search inherits. Seen for '*', which major crawlers without a group (OAI-SearchBot...) read.
        Case(
            host: "openpoem.org",
            files: [
                "/robots.txt": real + "openpoem.org/robots.txt",
                "/.well-known/tdmrep.json": real + "openpoem.org/.well-known/tdmrep.json",
            ],
            code: "conflict",
            document: "openpoem.org/robots.txt",
            line: 13,
            message: "search: robots.content-signal (openpoem.org/robots.txt:13) allows it, but tdmrep.json "
                + "(openpoem.org/.well-known/tdmrep.json:2, inherited) denies it; the most restrictive wins (deny), "
                + "and crawlers that read only one of them act differently",
            fix: "make the two agree: change openpoem.org/robots.txt:13 or openpoem.org/.well-known/tdmrep.json:2",
            consequence: .major
        ),
    ]

    /// The robots.txt lint kinds as a site lint ranks them, each on the smallest real file of
    /// `Corpus/robots/` that shows it (found with `heed robots FILE --lint`); the fix is the
    /// catalog's default. Lines and tiers read off the files: `(protego-2019 or gpt-firewall-2026-01
    /// file, code, line, message, tier)`.
    static let robotsKinds: [(String, String, Int?, String, Consequence)] = [
        // Line 4 "User-agent: msnbot" with only a Crawl-delay, while '*' disallows a path; msnbot is
        // no major crawler.
        (
            "protego-2019/www.definitions.net", "empty-group", 4,
            "'msnbot' has a group with no rules, so it may fetch everything although the '*' group disallows "
                + "paths: a crawler's own group replaces '*' entirely. Add its rules, or remove the line if it "
                + "should follow '*'", .some
        ),
        // Line 2 "Allow: .js" in the '*' group, which every major crawler reads: promoted to major.
        (
            "protego-2019/www.marutisuzuki.com", "pattern-not-absolute", 2,
            "the path does not start with '/' (or '*'), so it can never match a URL path: write '/.js'", .major
        ),
        // Lines 1-2 disallow before any User-agent line.
        (
            "protego-2019/www.eliteprospects.com", "rule-outside-group", 1,
            "'disallow' before any User-agent line belongs to no group; crawlers ignore it. Add 'User-agent: *' "
                + "above it", .major
        ),
        // Line 4 "Request-rate: 1/30".
        (
            "protego-2019/www.eliteprospects.com", "unsupported-field", 4,
            "'request-rate' has no effect for major crawlers (a 1996 draft extension few crawlers read)", .cosmetic
        ),
        // Line 7 repeats line 2 "Disallow: /submit" in the same '*' group.
        (
            "protego-2019/digg.com", "duplicate-rule", 7, "repeats line 2 for the same crawlers; it changes nothing",
            .cosmetic
        ),
        // The whole file is "Bye".
        (
            "protego-2019/www.financialexpress.com", "malformed-line", 1,
            "line is not a 'field: value' record; crawlers ignore it", .some
        ),
        // The whole file is "not found" (a 404 text served with 200).
        (
            "gpt-firewall-2026-01/www.hoshimusic-store.com", "missing-colon", 1,
            "no ':' after the field name; Google's parser accepts it, the RFC grammar does not: write 'not: value'",
            .some
        ),
        (
            "gpt-firewall-2026-01/www.hoshimusic-store.com", "unknown-field", 1,
            "unknown field 'not': crawlers ignore this line; did you mean 'host'?", .some
        ),
        // Line 1 "User-Agent:" with no value.
        (
            "protego-2019/www.polyu.edu.hk", "empty-user-agent", 1, "empty User-agent value: no crawler matches it",
            .some
        ),
        // A UTF-16 file: no rules at all.
        (
            "protego-2019/www.myvue.com", "utf16", nil,
            "the file is UTF-16; robots.txt must be UTF-8, so crawlers read no rules from it", .site
        ),
        // An HTML page served as robots.txt.
        (
            "gpt-firewall-2026-01/web.archive.org", "html-document", nil,
            "the file looks like an HTML page, not robots.txt: serve a text/plain file at /robots.txt", .site
        ),
    ]

    @Test(arguments: robotsKinds)
    func robotsKind(file: String, code: String, line: Int?, message: String, tier: Consequence) throws {
        let host = String(file.split(separator: "/").last ?? "")
        let findings = try LintSite.lint(host, ["/robots.txt": "robots/\(file).robots.txt"])
        let item = try #require(findings.first { $0.finding.code == code && $0.finding.line == line })
        #expect(item.finding.message == message)
        #expect(item.finding.document == "\(host)/robots.txt")
        #expect(item.finding.fix == FindingCatalog.entry(code)?.fix)
        #expect(item.consequence == tier)
    }

    @Test(arguments: cases)
    func findingKind(_ c: Case) throws {
        let findings = try LintSite.lint(c.host, c.files)
        let match = findings.first { $0.finding.code == c.code && $0.finding.message == c.message }
        let item = try #require(
            match,
            "no such finding; \(c.code) findings: \(findings.filter { $0.finding.code == c.code }.map(\.finding.message))"
        )
        #expect(item.finding.document == c.document)
        #expect(item.finding.line == c.line)
        #expect(item.finding.fix == c.fix)
        #expect(item.finding.clause?.isEmpty == false)
        #expect(item.consequence == c.consequence)
    }

    /// Every finding of every real site carries a fix and a clause, and the list is in rank order.
    @Test(arguments: ["9takes.com", "openpoem.org", "mcpjunction.ai", "healsdata.github.io", "veda.ng"])
    func everyFindingHasAFixAndAClauseAndIsRanked(host: String) throws {
        let dir = Fixtures.corpus("snapshots/real/\(host)")
        var files: [String: String] = [:]
        for url in Fixtures.files(under: "snapshots/real/\(host)") where !url.path.hasSuffix(".headers") {
            let path = String(url.path.dropFirst(dir.path.count))
            files[path == "/index.html" ? "/" : path] = "snapshots/real/\(host)" + path
        }
        let findings = try LintSite.lint(host, files)
        #expect(!findings.isEmpty)
        for item in findings {
            #expect(item.finding.fix?.isEmpty == false, "\(item.finding.code) has no fix")
            #expect(item.finding.clause?.isEmpty == false, "\(item.finding.code) has no clause")
        }
        #expect(zip(findings, findings.dropFirst()).allSatisfy { !LintFinding.ranked($1, $0) })
    }

    /// 9takes.com's per-crawler conflicts between robots.txt and its licence are one
    /// `rsl-robots-contradiction`, not five `conflict`s.
    @Test func robotsAgainstLicenceConflictsAreMergedIntoOneContradiction() throws {
        let findings = try LintSite.lint(
            "9takes.com",
            [
                "/robots.txt": Self.real + "9takes.com/robots.txt", "/": Self.real + "9takes.com/index.html",
                "/license.xml": Self.real + "9takes.com/license.xml",
            ]
        )
        #expect(findings.filter { $0.finding.code == "conflict" }.isEmpty)
        #expect(findings.filter { $0.finding.code == "rsl-robots-contradiction" }.count == 1)
        // The contradiction (site tier) ranks first; the redundant allows (cosmetic) last.
        #expect(findings.first?.finding.code == "rsl-robots-contradiction")
        #expect(findings.last?.consequence == .cosmetic)
    }

    /// mcpjunction.ai repeats its Content-Signal in nine allowed groups: their conflicts with the
    /// licence's ai-train permit are one finding naming every crawler and line.
    @Test func repeatedConflictsAreOneFinding() throws {
        let findings = try LintSite.lint(
            "mcpjunction.ai",
            [
                "/robots.txt": Self.real + "mcpjunction.ai/robots.txt",
                "/license.xml": Self.real + "mcpjunction.ai/license.xml",
            ]
        )
        let merged = findings.filter { $0.finding.code == "conflict" && $0.finding.message.hasPrefix("for ") }
        #expect(merged.count == 1)
        #expect(
            merged.first?.finding.message
                == "for ChatGPT-User, Claude-User, Perplexity-User, OAI-SearchBot, Meta-ExternalFetcher, "
                + "PerplexityBot, Googlebot, Bingbot and 1 more: ai_train: rsl (mcpjunction.ai/license.xml:34) "
                + "allows it under conditions, but robots.content-signal (mcpjunction.ai/robots.txt:64, 68, 72, 77, "
                + "81, 85, 89, 96 and 1 more) denies it; the most restrictive wins (deny), and crawlers that read "
                + "only one of them act differently"
        )
        #expect(merged.first?.consequence == .major)
    }

    /// A robots.txt that answers 503 reads as "disallow all" (RFC 9309 §2.3.1.4): a whole-site error.
    @Test func unreachableRobotsTxtIsAWholeSiteError() {
        let lookup = { (url: String) -> DocumentLookup in
            .found(
                Document(
                    url: url,
                    location: "down.test" + url.dropFirst("https://down.test".count),
                    status: 503,
                    body: []
                )
            )
        }
        let site = SiteSignals(origin: "https://down.test", specs: LintSite.specs, lookup: lookup)
        let first = SiteLint.run(site, lookup: lookup).first
        #expect(first?.finding.code == "robots-unreachable")
        #expect(first?.finding.document == "down.test/robots.txt")
        #expect(
            first?.finding.message
                == "robots.txt could not be read (HTTP 503: robots.txt is unreachable, so nothing may be fetched): "
                + "crawlers treat the whole site as disallowed"
        )
        #expect(first?.consequence == .site)
        #expect(first?.finding.fix?.hasPrefix("answer /robots.txt with 200") == true)
    }

    /// A robots.txt answered with 429 (SIGNALS.md §12 vector 9): Heed keeps Google's disallow-all,
    /// and both the lint finding and the access reason state RFC 9309 §2.3.1.3's allow-all beside it.
    @Test func rateLimitedRobotsTxtReportsBothReadings() {
        let lookup = { (url: String) -> DocumentLookup in
            .found(
                Document(
                    url: url,
                    location: "busy.test" + url.dropFirst("https://busy.test".count),
                    status: 429,
                    body: []
                )
            )
        }
        let site = SiteSignals(origin: "https://busy.test", specs: LintSite.specs, lookup: lookup)
        let first = SiteLint.run(site, lookup: lookup).first
        #expect(first?.finding.code == "robots-unreachable")
        #expect(
            first?.finding.message
                == "robots.txt answered HTTP 429: Google and Heed read it as a server error, so the whole site is "
                + "disallowed; RFC 9309 §2.3.1.3 reads any 4xx, 429 included, as unavailable: allow all, so a crawler "
                + "that follows only the RFC may fetch everything"
        )
        #expect(first?.consequence == .site)
        let access = site.accessResult(url: "https://busy.test/a", agent: ProductToken("GPTBot"))
        #expect(access.value == .disallow)
        #expect(
            access.reason
                == "HTTP 429: treated as a server error (as Google does), so nothing may be fetched; "
                + "RFC 9309 §2.3.1.3 reads any 4xx, 429 included, as unavailable: allow all"
        )
    }

    @Test(arguments: [
        ("AI2Bot", ["AI2Bot-DeepResearchEval", "Ai2Bot-Dolma"]),
        ("panscient.com", ["Panscient"]),
        ("Brightbot 1.0", ["Brightbot"]),
        ("img2dataset", []),
        ("GPTBot", []),
        ("*", []),
    ])
    func googleTruncationHits(token: String, expected: [String]) {
        #expect(LintSite.specs.registry.googleTruncationHits(ProductToken(token)).map(\.name) == expected)
    }
}
