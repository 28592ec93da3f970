// SPDX-License-Identifier: Apache-2.0
// Heed tests: the robots.txt engine on every real file of Corpus/robots/, hand-checked on AI-era files.

import Foundation
import Testing

@testable import HeedCore

// MARK: - Whole corpus

/// Bytes of the UTF-8 BOM, or of its start, at the head of `bytes` (what RFC 9309 parsers skip).
private func bomLength(_ bytes: [UInt8]) -> Int {
    let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
    var n = 0
    while n < min(3, bytes.count), bytes[n] == bom[n] { n += 1 }
    return n
}

/// Lines in `bytes`, counted independently of the parser: CR, LF and CRLF each end one line, and
/// a last line without an ending still counts.
private func countLines(_ bytes: ArraySlice<UInt8>) -> Int {
    var lines = 0
    var i = bytes.startIndex
    while i < bytes.endIndex {
        let b = bytes[i]
        if b == 0x0A {
            lines += 1
        } else if b == 0x0D {
            lines += 1
            if i + 1 < bytes.endIndex, bytes[i + 1] == 0x0A { i += 1 }
        }
        i += 1
    }
    if let last = bytes.last, last != 0x0A, last != 0x0D { lines += 1 }
    return lines
}

/// True when the first 4 KiB hold an HTML element (`<html`, `<!doctype`, `<meta`, `<script`, ...):
/// an error page or a block page served in place of robots.txt.
private func looksLikeHTML(_ bytes: [UInt8]) -> Bool {
    let head = bytes.prefix(4096).map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
    let tags = ["<html", "<!doctype", "<head", "<body", "<meta", "<iframe", "<script", "<title"]
    for tag in tags {
        let t = Array(tag.utf8)
        guard head.count >= t.count else { continue }
        for start in 0...(head.count - t.count) where head[start] == 0x3C {
            if head[start..<start + t.count].elementsEqual(t) { return true }
        }
    }
    return false
}

/// Real robots.txt files that open with HTML comments (`<!-- $Id ... -->`) but are plain-text robots.txt
/// with working groups: they are not HTML documents (see `htmlCommentsAreNotAnHTMLDocument`).
private let robotsWithHTMLComments: Set<String> = [
    "robots/protego-2019/www.uspto.gov.robots.txt",
    "robots/bench-2019/www.uspto.gov",
]

@Suite("Real corpus")
struct RealCorpusTests {
    /// One loop over every file (about 6,200): no crash, byte accounting, line counts, and the document-level
    /// findings (size limit, HTML, UTF-16) checked against properties computed here from the raw bytes.
    @Test func everyCorpusFileParses() throws {
        let root = Fixtures.corpus("").path
        let files = Fixtures.files(under: "robots")
        #expect(files.count > 6000)
        let limit = RobotsTxt.minimumParseLimit
        #expect(limit == 512_000)
        var overLimitInProtego: Set<String> = []
        var htmlFiles = 0
        var utf16Files = 0
        for url in files {
            let name = String(url.path.dropFirst(root.count)).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            let bytes = [UInt8](try Data(contentsOf: url))
            let robots = RobotsTxt(bytes)
            let stats = robots.stats
            let bom = bomLength(bytes)
            let codes = robots.findings.map(\.code)

            #expect(stats.bytesParsed <= max(limit, bytes.count), "\(name)")
            #expect(bom + stats.bytesParsed + stats.bytesIgnored == bytes.count, "\(name)")
            let parsed = bytes[bom..<(bom + stats.bytesParsed)]
            #expect(robots.source.elementsEqual(parsed), "\(name)")
            #expect(stats.lines == countLines(parsed), "\(name)")
            #expect(robots.lineStarts.count == stats.lines, "\(name)")
            for finding in robots.findings {
                if let line = finding.line { #expect((1...max(1, stats.lines)).contains(line), "\(name)") }
            }

            // RFC 9309 §2.5: at least 500 KiB are parsed; past the limit the file is cut at a line end.
            if bytes.count - bom > limit {
                if name.hasPrefix("robots/protego-2019/") { overLimitInProtego.insert(name) }
                #expect(codes.filter { $0 == "size-limit-exceeded" }.count == 1, "\(name)")
                #expect(stats.bytesIgnored == bytes.count - bom - stats.bytesParsed, "\(name)")
                #expect(stats.bytesParsed <= limit && stats.bytesIgnored > 0, "\(name)")
                let lastByte = parsed.last ?? 0
                #expect(lastByte == 0x0A || lastByte == 0x0D, "\(name): cut inside a line")
                // The cut is the last line end inside the limit: no line ending between it and the limit.
                let gap = bytes[(bom + stats.bytesParsed)..<(bom + limit)]
                #expect(!gap.contains(0x0A) && !gap.contains(0x0D), "\(name): cut before the last complete line")
                let finding = robots.findings.first { $0.code == "size-limit-exceeded" }
                #expect(finding?.line == stats.lines && finding?.severity == .error, "\(name)")
            } else {
                #expect(!codes.contains("size-limit-exceeded"), "\(name)")
                #expect(stats.bytesIgnored == 0 && stats.bytesParsed == bytes.count - bom, "\(name)")
            }

            // An HTML page served as /robots.txt.
            if looksLikeHTML(bytes) {
                htmlFiles += 1
                #expect(codes.contains("html-document"), "\(name)")
            } else if !robotsWithHTMLComments.contains(name) {
                #expect(!codes.contains("html-document"), "\(name)")
            }

            // UTF-16 (byte-order mark FF FE or FE FF).
            let isUTF16 =
                bytes.count >= 2
                && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF))
            if isUTF16 { utf16Files += 1 }
            #expect(codes.contains("utf16") == isUTF16, "\(name)")
        }
        #expect(
            overLimitInProtego == [
                "robots/protego-2019/www.hermes.com.robots.txt",
                "robots/protego-2019/docs.oracle.com.robots.txt",
                "robots/protego-2019/go.com.robots.txt",
            ]
        )
        // Counted with a separate script over the corpus: 200 HTML pages, 4 UTF-16 files (2 in protego-2019,
        // 2 crawler-commons fixtures).
        #expect(htmlFiles == 200)
        #expect(utf16Files == 4)
    }

    /// `robots/protego-2019/www.uspto.gov.robots.txt` starts with two `<!-- ... -->` lines, then a normal
    /// `User-agent: *` group: a plain-text robots.txt whose rules every parser reads. It is not an HTML page.
    @Test(arguments: robotsWithHTMLComments.sorted())
    func htmlCommentsAreNotAnHTMLDocument(_ path: String) throws {
        let robots = RobotsTxt(try Fixtures.bytes(path))
        #expect(robots.groups.count >= 1)
        #expect(RobotsMatcher(robots, agent: ProductToken("HeedTestBot")).selection == .star)
        #expect(!robots.findings.map(\.code).contains("html-document"))
    }

    /// The three files over 500 KiB in protego-2019: two are HTML pages (hermes, go.com: no groups at all),
    /// oracle is a real robots.txt whose first groups survive the cut.
    @Test(arguments: [
        ("robots/protego-2019/www.hermes.com.robots.txt", true),
        ("robots/protego-2019/docs.oracle.com.robots.txt", false),
        ("robots/protego-2019/go.com.robots.txt", true),
    ])
    func oversizedFileIsCutAtALineEnd(_ path: String, isHTML: Bool) throws {
        let bytes = try Fixtures.bytes(path)
        #expect(bytes.count > RobotsTxt.minimumParseLimit)
        let robots = RobotsTxt(bytes)
        let finding = try #require(robots.findings.first { $0.code == "size-limit-exceeded" })
        #expect(finding.severity == .error)
        #expect(finding.clause == "RFC 9309 §2.5")
        let lastLine = try #require(robots.text(ofLine: robots.stats.lines))
        // The last line parsed is a whole line of the original file.
        let original = String(decoding: bytes, as: UTF8.self)
        #expect(original.contains(lastLine + "\n") || original.contains(lastLine + "\r"))
        #expect(robots.groups.isEmpty == isHTML)
        if !isHTML {
            // docs.oracle.com line 7: `Disallow: /pdf/` in the `User-agent: *` group of line 4.
            let decision = RobotsMatcher(robots, agent: ProductToken("HeedTestBot")).decide("/pdf/a.pdf")
            #expect(!decision.allowed && decision.rule?.line == 7)
        }
        #expect(robots.findings.contains { $0.code == "html-document" } == isHTML)
    }
}

// MARK: - Hand-checked expectations

/// The files read by hand (paths under Corpus/).
private enum RealFile {
    static let mcpjunction = "robots/misc/mcpjunction.ai.robots.txt"
    static let nineTakes = "robots/misc/9takes.com.robots.txt"
    static let byeongsuyu = "robots/misc/byeongsuyu.github.io.robots.txt"
    static let openpoem = "robots/misc/openpoem.org.robots.txt"
    /// Before the New York Times added GPTBot (CCBot only).
    static let nyt2023a = "robots/wayback-publishers-2023-2025/www.nytimes.com/2023-07-01.robots.txt"
    /// The first capture with `User-agent: GPTBot`.
    static let nyt2023b = "robots/wayback-publishers-2023-2025/www.nytimes.com/2023-08-31.robots.txt"
    /// 38 User-agent lines, Googlebot in the `*` group and in a group of its own.
    static let nyt2025 = "robots/wayback-publishers-2023-2025/www.nytimes.com/2025-03-01.robots.txt"
    /// Lower-cased by the scraper (gpt-firewall).
    static let lobsters = "robots/gpt-firewall-2026-01/lobste.rs.robots.txt"
    static let davidguetta = "robots/gpt-firewall-2026-01/davidguetta.com.robots.txt"
    static let stackoverflow = "robots/gpt-firewall-2026-01/stackoverflow.com.robots.txt"

    static let all = [
        mcpjunction, nineTakes, byeongsuyu, openpoem, nyt2023a, nyt2023b, nyt2025, lobsters, davidguetta,
        stackoverflow,
    ]
}

/// Which groups a crawler obeys (RFC 9309 §2.2.1), worked out by hand.
struct RealSelectionCase: Sendable, CustomTestStringConvertible {
    let file: String
    let agent: String
    let selection: RobotsMatcher.Selection
    /// Lines of the `User-agent:` entries that select the groups.
    let agentLines: [Int]
    var testDescription: String { "\(file.split(separator: "/").suffix(2).joined(separator: "/")) \(agent)" }
}

private func sel(_ file: String, _ agent: String, _ s: RobotsMatcher.Selection, _ lines: [Int]) -> RealSelectionCase {
    RealSelectionCase(file: file, agent: agent, selection: s, agentLines: lines)
}

/// One access decision worked out by hand (RFC 9309 §2.2.2: longest match in octets, allow on ties).
struct RealDecisionCase: Sendable, CustomTestStringConvertible {
    let file: String
    let agent: String
    let url: String
    let allowed: Bool
    /// The line of the deciding rule; `nil` when no rule matches (or for `/robots.txt`).
    let line: Int?
    var testDescription: String {
        "\(file.split(separator: "/").suffix(2).joined(separator: "/")) \(agent) \(url)"
    }
}

private func allow(_ file: String, _ agent: String, _ url: String, _ line: Int?) -> RealDecisionCase {
    RealDecisionCase(file: file, agent: agent, url: url, allowed: true, line: line)
}

private func deny(_ file: String, _ agent: String, _ url: String, _ line: Int) -> RealDecisionCase {
    RealDecisionCase(file: file, agent: agent, url: url, allowed: false, line: line)
}

/// Everything else read by hand from one file.
struct RealFileCase: Sendable, CustomTestStringConvertible {
    let file: String
    let lines: Int
    let groups: Int
    let validDirectives: Int
    let unknownDirectives: Int
    /// (code, line) of every finding.
    let findings: [RealFinding]
    /// Every record (non-access line), in file order.
    let records: [RobotsTxt.Record]
    var testDescription: String { file.split(separator: "/").suffix(2).joined(separator: "/") }
}

struct RealFinding: Sendable, Hashable {
    let code: String
    let line: Int?
}

private func rec(_ field: String, _ value: String, _ line: Int, _ group: Int?) -> RobotsTxt.Record {
    RobotsTxt.Record(field: field, value: value, line: line, group: group)
}

private let csAllYes = "search=yes, ai-input=yes, ai-train=no"
private let csTrainNo = "ai-train=no"

private let nyt2023Sitemaps = [
    "https://www.nytimes.com/sitemaps/new/news.xml.gz",
    "https://www.nytimes.com/sitemaps/new/sitemap.xml.gz",
    "https://www.nytimes.com/sitemaps/new/collections.xml.gz",
    "https://www.nytimes.com/sitemaps/new/video.xml.gz",
    "https://www.nytimes.com/sitemaps/new/cooking.xml.gz",
    "https://www.nytimes.com/sitemaps/new/recipe-collects.xml.gz",
    "https://www.nytimes.com/sitemaps/new/regions.xml",
    "https://www.nytimes.com/sitemaps/new/best-sellers.xml",
    "https://www.nytimes.com/sitemaps/www.nytimes.com/2016_election_sitemap.xml.gz",
    "https://www.nytimes.com/elections/2018/sitemap",
    "https://www.nytimes.com/wirecutter/sitemapindex.xml",
]

private let nyt2025Sitemaps = [
    "https://www.nytimes.com/sitemaps/new/news.xml.gz",
    "https://www.nytimes.com/sitemaps/new/sitemap.xml.gz",
    "https://www.nytimes.com/sitemaps/new/collections.xml.gz",
    "https://www.nytimes.com/sitemaps/new/video.xml.gz",
    "https://www.nytimes.com/sitemaps/new/cooking.xml.gz",
    "https://www.nytimes.com/sitemaps/new/recipe-collects.xml.gz",
    "https://www.nytimes.com/sitemaps/new/regions.xml",
    "https://www.nytimes.com/sitemaps/new/best-sellers.xml",
    "https://www.nytimes.com/sitemaps/new/weather.xml.gz",
    "https://www.nytimes.com/sitemaps/new/espanol.xml.gz",
    "https://www.nytimes.com/sitemaps/new/espanol-collects.xml.gz",
    "https://www.nytimes.com/wirecutter/sitemapindex.xml",
    "https://www.nytimes.com/athletic/sitemap-live-blogs.xml",
    "https://www.nytimes.com/athletic/sitemap-authors.xml",
    "https://www.nytimes.com/athletic/sitemap-verticals.xml",
    "https://www.nytimes.com/athletic/sitemap-teams.xml",
    "https://www.nytimes.com/athletic/sitemap-cities.xml",
    "https://www.nytimes.com/athletic/sitemap.xml",
    "https://www.nytimes.com/games-assets/v2/assets/sitemap/games.xml",
]

/// Sitemap records are group-independent (sitemaps.org; RFC 9309 §2.2.4): group `nil` wherever they sit.
private func sitemaps(_ urls: [String], from first: Int) -> [RobotsTxt.Record] {
    urls.enumerated().map { rec("sitemap", $1, first + $0, nil) }
}

/// Hand-worked tables. Line numbers are 1-based lines of the file as stored in Corpus/.
enum RealCorpusTable {
    static let selections: [RealSelectionCase] = [
        // mcpjunction.ai: 27 groups, one per agent; `*` at line 50.
        sel(RealFile.mcpjunction, "GPTBot", .specific, [109]),
        sel(RealFile.mcpjunction, "CCBot", .specific, [125]),
        sel(RealFile.mcpjunction, "ClaudeBot", .specific, [113]),
        sel(RealFile.mcpjunction, "Google-Extended", .specific, [121]),
        sel(RealFile.mcpjunction, "Googlebot", .specific, [63]),
        sel(RealFile.mcpjunction, "HeedTestBot", .star, [50]),
        sel(RealFile.mcpjunction, "googlebot", .specific, [63]),  // case-insensitive (§2.2.1)
        // 9takes.com: named AI groups only allow; Googlebot has no group of its own.
        sel(RealFile.nineTakes, "GPTBot", .specific, [29]),
        sel(RealFile.nineTakes, "CCBot", .specific, [38]),
        sel(RealFile.nineTakes, "ClaudeBot", .specific, [32]),
        sel(RealFile.nineTakes, "Google-Extended", .specific, [42]),
        sel(RealFile.nineTakes, "Googlebot", .star, [4]),
        sel(RealFile.nineTakes, "HeedTestBot", .star, [4]),
        // byeongsuyu.github.io: one group of 12 User-agent lines (12-23) sharing `Disallow: /blog/`.
        sel(RealFile.byeongsuyu, "GPTBot", .specific, [12]),
        sel(RealFile.byeongsuyu, "CCBot", .specific, [17]),
        sel(RealFile.byeongsuyu, "ClaudeBot", .specific, [13]),
        sel(RealFile.byeongsuyu, "Google-Extended", .specific, [15]),
        sel(RealFile.byeongsuyu, "Googlebot", .star, [26]),
        sel(RealFile.byeongsuyu, "HeedTestBot", .star, [26]),
        // openpoem.org
        sel(RealFile.openpoem, "GPTBot", .specific, [17]),
        sel(RealFile.openpoem, "CCBot", .specific, [26]),
        sel(RealFile.openpoem, "ClaudeBot", .specific, [29]),
        sel(RealFile.openpoem, "Google-Extended", .specific, [20]),
        sel(RealFile.openpoem, "Googlebot", .star, [12]),
        sel(RealFile.openpoem, "HeedTestBot", .star, [12]),
        // nytimes 2023-07-01: before GPTBot was named.
        sel(RealFile.nyt2023a, "GPTBot", .star, [1]),
        sel(RealFile.nyt2023a, "CCBot", .specific, [56]),
        sel(RealFile.nyt2023a, "ClaudeBot", .star, [1]),
        sel(RealFile.nyt2023a, "Google-Extended", .star, [1]),
        sel(RealFile.nyt2023a, "Googlebot", .star, [1]),
        sel(RealFile.nyt2023a, "HeedTestBot", .star, [1]),
        // nytimes 2023-08-31: GPTBot blocked.
        sel(RealFile.nyt2023b, "GPTBot", .specific, [47]),
        sel(RealFile.nyt2023b, "CCBot", .specific, [44]),
        sel(RealFile.nyt2023b, "ClaudeBot", .star, [1]),
        sel(RealFile.nyt2023b, "Google-Extended", .star, [1]),
        sel(RealFile.nyt2023b, "Googlebot", .star, [1]),
        sel(RealFile.nyt2023b, "HeedTestBot", .star, [1]),
        // nytimes 2025-03-01: Googlebot named in the first group (line 16, with `*`) and at line 120: merged.
        sel(RealFile.nyt2025, "GPTBot", .specific, [182]),
        sel(RealFile.nyt2025, "CCBot", .specific, [148]),
        sel(RealFile.nyt2025, "ClaudeBot", .specific, [154]),
        sel(RealFile.nyt2025, "Google-Extended", .specific, [179]),
        sel(RealFile.nyt2025, "Googlebot", .specific, [16, 120]),
        sel(RealFile.nyt2025, "HeedTestBot", .star, [15]),
        sel(RealFile.nyt2025, "Google-CloudVertexBot", .specific, [175]),
        sel(RealFile.nyt2025, "peer39_crawler", .specific, [210, 211]),  // `/1.0` dropped (ProductToken)
        // lobste.rs (lower-cased): search engines in the first group, everyone else `*` (line 16).
        sel(RealFile.lobsters, "GPTBot", .star, [16]),
        sel(RealFile.lobsters, "CCBot", .star, [16]),
        sel(RealFile.lobsters, "ClaudeBot", .star, [16]),
        sel(RealFile.lobsters, "Google-Extended", .star, [16]),
        sel(RealFile.lobsters, "Googlebot", .specific, [5]),
        sel(RealFile.lobsters, "HeedTestBot", .star, [16]),
        // davidguetta.com (lower-cased): two `*` groups (Cloudflare managed block + the site's own), merged.
        sel(RealFile.davidguetta, "GPTBot", .specific, [50]),
        sel(RealFile.davidguetta, "CCBot", .specific, [41]),
        sel(RealFile.davidguetta, "ClaudeBot", .specific, [44]),
        sel(RealFile.davidguetta, "Google-Extended", .specific, [47]),
        sel(RealFile.davidguetta, "Googlebot", .star, [28, 58]),
        sel(RealFile.davidguetta, "HeedTestBot", .star, [28, 58]),
        // stackoverflow.com (lower-cased): one `*` group.
        sel(RealFile.stackoverflow, "GPTBot", .star, [3]),
        sel(RealFile.stackoverflow, "CCBot", .star, [3]),
        sel(RealFile.stackoverflow, "ClaudeBot", .star, [3]),
        sel(RealFile.stackoverflow, "Google-Extended", .star, [3]),
        sel(RealFile.stackoverflow, "Googlebot", .star, [3]),
        sel(RealFile.stackoverflow, "HeedTestBot", .star, [3]),
    ]

    static let decisions: [RealDecisionCase] = [
        // mcpjunction.ai: training crawlers `Disallow: /`, search and user agents `Allow: /`.
        deny(RealFile.mcpjunction, "GPTBot", "https://mcpjunction.ai/", 111),
        deny(RealFile.mcpjunction, "GPTBot", "https://mcpjunction.ai/servers/github?ref=home", 111),
        allow(RealFile.mcpjunction, "GPTBot", "https://mcpjunction.ai/robots.txt", nil),  // always allowed
        deny(RealFile.mcpjunction, "CCBot", "/", 127),
        deny(RealFile.mcpjunction, "CCBot", "/license.xml", 127),
        deny(RealFile.mcpjunction, "ClaudeBot", "/servers", 115),
        deny(RealFile.mcpjunction, "Google-Extended", "/", 123),
        allow(RealFile.mcpjunction, "Googlebot", "/", 65),
        allow(RealFile.mcpjunction, "Googlebot", "/servers/x", 65),
        allow(RealFile.mcpjunction, "HeedTestBot", "/", 52),
        allow(RealFile.mcpjunction, "HeedTestBot", "/license.xml", 52),
        // 9takes.com: a named group does not inherit the `*` disallows (§2.2.1).
        allow(RealFile.nineTakes, "GPTBot", "/login", 30),
        allow(RealFile.nineTakes, "GPTBot", "/users/42", 30),
        allow(RealFile.nineTakes, "CCBot", "/admin/", 39),
        allow(RealFile.nineTakes, "ClaudeBot", "/register", 33),
        allow(RealFile.nineTakes, "Google-Extended", "/login", 43),
        deny(RealFile.nineTakes, "Googlebot", "/login", 6),  // /login (6) beats / (1)
        deny(RealFile.nineTakes, "Googlebot", "/login/reset", 9),  // /login/ (7) beats /login (6)
        deny(RealFile.nineTakes, "Googlebot", "/loginhelp", 6),  // prefix match
        allow(RealFile.nineTakes, "Googlebot", "/personality/enneagram", 13),
        deny(RealFile.nineTakes, "HeedTestBot", "/admin/x", 12),
        deny(RealFile.nineTakes, "HeedTestBot", "/users", 7),
        deny(RealFile.nineTakes, "HeedTestBot", "/registered", 5),
        allow(RealFile.nineTakes, "HeedTestBot", "/", 13),
        // byeongsuyu.github.io: AI training crawlers kept out of /blog/ only; their group has no Allow.
        deny(RealFile.byeongsuyu, "GPTBot", "https://byeongsuyu.github.io/blog/2024/post.html", 24),
        allow(RealFile.byeongsuyu, "GPTBot", "https://byeongsuyu.github.io/papers/thesis.pdf", nil),
        allow(RealFile.byeongsuyu, "GPTBot", "/blog", nil),  // `/blog/` needs the slash
        allow(RealFile.byeongsuyu, "GPTBot", "/", nil),
        deny(RealFile.byeongsuyu, "CCBot", "/blog/", 24),
        allow(RealFile.byeongsuyu, "CCBot", "/publications/", nil),
        deny(RealFile.byeongsuyu, "ClaudeBot", "/blog/x", 24),
        deny(RealFile.byeongsuyu, "Google-Extended", "/blog/x", 24),
        allow(RealFile.byeongsuyu, "Google-Extended", "/about", nil),
        allow(RealFile.byeongsuyu, "Googlebot", "/blog/x", 27),
        allow(RealFile.byeongsuyu, "HeedTestBot", "/blog/x", 27),
        // openpoem.org
        deny(RealFile.openpoem, "GPTBot", "/", 18),
        deny(RealFile.openpoem, "GPTBot", "/poems/the-raven", 18),
        deny(RealFile.openpoem, "CCBot", "/poems/x", 27),
        deny(RealFile.openpoem, "ClaudeBot", "/poems/x", 30),
        deny(RealFile.openpoem, "Google-Extended", "/poems/x", 21),
        allow(RealFile.openpoem, "Googlebot", "/poems/x", 14),
        allow(RealFile.openpoem, "HeedTestBot", "/poems/x", 14),
        allow(RealFile.openpoem, "HeedTestBot", "/robots.txt", nil),
        // nytimes 2023-07-01: GPTBot falls back to `*`, where an article matches no rule.
        allow(RealFile.nyt2023a, "GPTBot", "https://www.nytimes.com/2023/06/30/technology/ai-chatbots.html", nil),
        deny(RealFile.nyt2023a, "GPTBot", "/search?query=ai", 17),  // /*?*query= (10) beats /search (7)
        allow(RealFile.nyt2023a, "GPTBot", "/svc/wordle/v2/2023-07-01.json", 11),  // /svc/wordle (11) > /svc (4)
        deny(RealFile.nyt2023a, "CCBot", "https://www.nytimes.com/2023/06/30/technology/ai-chatbots.html", 57),
        allow(RealFile.nyt2023a, "ClaudeBot", "/2023/06/30/technology/ai-chatbots.html", nil),
        allow(RealFile.nyt2023a, "Google-Extended", "/2023/06/30/technology/ai-chatbots.html", nil),
        allow(RealFile.nyt2023a, "Googlebot", "/ads/public/x", 41),
        deny(RealFile.nyt2023a, "Googlebot", "/ads/x", 2),
        allow(RealFile.nyt2023a, "HeedTestBot", "/wirecutter/reviews/best-tv/?utm_source=x", 40),  // 26 > 15
        deny(RealFile.nyt2023a, "HeedTestBot", "/section/world?utm_source=x", 39),
        deny(RealFile.nyt2023a, "HeedTestBot", "/report.pdf", 18),
        allow(RealFile.nyt2023a, "HeedTestBot", "/report.pdf?x=1", nil),  // `$` anchors at the end
        // nytimes 2023-08-31: GPTBot now has its own `Disallow: /`.
        deny(RealFile.nyt2023b, "GPTBot", "https://www.nytimes.com/2023/06/30/technology/ai-chatbots.html", 48),
        deny(RealFile.nyt2023b, "GPTBot", "/search?query=ai", 48),
        deny(RealFile.nyt2023b, "CCBot", "/2023/06/30/technology/ai-chatbots.html", 45),
        allow(RealFile.nyt2023b, "ClaudeBot", "/2023/06/30/technology/ai-chatbots.html", nil),
        deny(RealFile.nyt2023b, "ClaudeBot", "/search?query=ai", 17),
        allow(RealFile.nyt2023b, "Google-Extended", "/2023/06/30/technology/ai-chatbots.html", nil),
        allow(RealFile.nyt2023b, "Googlebot", "/svc/wordle/x", 11),
        deny(RealFile.nyt2023b, "HeedTestBot", "/ads/x", 2),
        // nytimes 2025-03-01
        deny(RealFile.nyt2025, "GPTBot", "/", 183),
        deny(RealFile.nyt2025, "GPTBot", "/wirecutter/reviews/", 183),
        allow(RealFile.nyt2025, "GPTBot", "/robots.txt", nil),
        deny(RealFile.nyt2025, "CCBot", "/2025/03/01/world/x.html", 149),
        deny(RealFile.nyt2025, "ClaudeBot", "/2025/03/01/world/x.html", 155),
        deny(RealFile.nyt2025, "Google-Extended", "/2025/03/01/world/x.html", 180),
        deny(RealFile.nyt2025, "Googlebot", "/athletic/news/?source=twitter", 126),  // from the merged line-120 group
        allow(RealFile.nyt2025, "Googlebot", "/athletic/search/", 23),  // 18 vs 18 octets: allow wins the tie
        deny(RealFile.nyt2025, "Googlebot", "/athletic/search/nfl", 22),
        allow(RealFile.nyt2025, "Googlebot", "/2025/03/01/world/x.html", nil),
        allow(RealFile.nyt2025, "Googlebot", "/svc/wordle/x", 75),
        allow(RealFile.nyt2025, "HeedTestBot", "/athletic/news/?source=twitter", nil),  // `*` lacks the line-126 rule
        allow(RealFile.nyt2025, "HeedTestBot", "/athletic/search/", 23),
        deny(RealFile.nyt2025, "HeedTestBot", "/subscription/all?campaign=1&source=nav", 108),
        allow(RealFile.nyt2025, "Google-CloudVertexBot", "/wirecutter/reviews/", 177),
        deny(RealFile.nyt2025, "Google-CloudVertexBot", "/2025/03/01/world/x.html", 176),
        deny(RealFile.nyt2025, "peer39_crawler", "/x", 212),
        // lobste.rs: `*` is `Disallow: /`; the search-engine group allows all but search and paging.
        deny(RealFile.lobsters, "GPTBot", "/s/abc", 18),
        allow(RealFile.lobsters, "GPTBot", "/robots.txt", nil),
        deny(RealFile.lobsters, "CCBot", "/", 18),
        deny(RealFile.lobsters, "ClaudeBot", "/s/abc", 18),
        deny(RealFile.lobsters, "Google-Extended", "/s/abc", 18),
        allow(RealFile.lobsters, "Googlebot", "/s/abc", 9),
        deny(RealFile.lobsters, "Googlebot", "/search?q=ai", 10),
        deny(RealFile.lobsters, "Googlebot", "/page/2", 11),
        deny(RealFile.lobsters, "Googlebot", "/comments/page/3", 12),
        allow(RealFile.lobsters, "Googlebot", "/comments", 9),
        deny(RealFile.lobsters, "HeedTestBot", "/", 18),
        // davidguetta.com: the two `*` groups merged.
        deny(RealFile.davidguetta, "GPTBot", "/", 51),
        deny(RealFile.davidguetta, "CCBot", "/music", 42),
        deny(RealFile.davidguetta, "ClaudeBot", "/music", 45),
        deny(RealFile.davidguetta, "Google-Extended", "/music", 48),
        allow(RealFile.davidguetta, "Googlebot", "/music", 30),
        deny(RealFile.davidguetta, "Googlebot", "/wp-admin/options.php", 59),
        allow(RealFile.davidguetta, "Googlebot", "/wp-admin/admin-ajax.php", 60),
        deny(RealFile.davidguetta, "HeedTestBot", "/wp-admin/", 59),
        allow(RealFile.davidguetta, "HeedTestBot", "/", 30),
        // stackoverflow.com: `Disallow: /` for everyone.
        deny(RealFile.stackoverflow, "GPTBot", "/questions/1", 5),
        allow(RealFile.stackoverflow, "GPTBot", "/robots.txt", nil),
        deny(RealFile.stackoverflow, "CCBot", "/questions/1", 5),
        deny(RealFile.stackoverflow, "ClaudeBot", "/questions/1", 5),
        deny(RealFile.stackoverflow, "Google-Extended", "/questions/1", 5),
        deny(RealFile.stackoverflow, "Googlebot", "/questions/1", 5),
        deny(RealFile.stackoverflow, "HeedTestBot", "/license.xml", 5),
    ]

    /// mcpjunction.ai: the `User-agent:` line of each of its 27 groups, in order; each group's
    /// Content-Signal is on the next line.
    static let mcpjunctionGroupLines = [
        50, 63, 67, 71, 76, 80, 84, 88, 95, 103, 109, 113, 117, 121, 125, 129, 133, 137, 141, 145, 149, 153, 157,
        161, 165, 169, 173,
    ]

    static let files: [RealFileCase] = [
        RealFileCase(
            file: RealFile.mcpjunction,
            lines: 180,
            groups: 27,
            validDirectives: 55,
            unknownDirectives: 29,
            findings: [RealFinding(code: "invalid-token", line: 145)],  // AI2Bot: digit
            records: [
                rec("content-signal", csAllYes, 51, 0),
                rec("crawl-delay", "2", 53, 0),
                rec("content-signal", csAllYes, 64, 1),
                rec("content-signal", csAllYes, 68, 2),
                rec("content-signal", csAllYes, 72, 3),
                rec("content-signal", csAllYes, 77, 4),
                rec("content-signal", csAllYes, 81, 5),
                rec("content-signal", csAllYes, 85, 6),
                rec("content-signal", csAllYes, 89, 7),
                rec("content-signal", csAllYes, 96, 8),
                rec("content-signal", csAllYes, 104, 9),
                rec("content-signal", csTrainNo, 110, 10),
                rec("content-signal", csTrainNo, 114, 11),
                rec("content-signal", csTrainNo, 118, 12),
                rec("content-signal", csTrainNo, 122, 13),
                rec("content-signal", csTrainNo, 126, 14),
                rec("content-signal", csTrainNo, 130, 15),
                rec("content-signal", csTrainNo, 134, 16),
                rec("content-signal", csTrainNo, 138, 17),
                rec("content-signal", csTrainNo, 142, 18),
                rec("content-signal", csTrainNo, 146, 19),
                rec("content-signal", csTrainNo, 150, 20),
                rec("content-signal", csTrainNo, 154, 21),
                rec("content-signal", csTrainNo, 158, 22),
                rec("content-signal", csTrainNo, 162, 23),
                rec("content-signal", csTrainNo, 166, 24),
                rec("content-signal", csTrainNo, 170, 25),
                rec("content-signal", csTrainNo, 174, 26),
                rec("sitemap", "https://mcpjunction.ai/sitemap.xml", 177, nil),
                // After the last group's rule and no User-agent since: structurally inside group 26 (PanguBot).
                rec("license", "https://mcpjunction.ai/license.xml", 180, 26),
            ]
        ),
        RealFileCase(
            file: RealFile.nineTakes,
            lines: 45,
            groups: 9,
            validDirectives: 27,
            unknownDirectives: 0,
            findings: [],
            records: [rec("sitemap", "https://9takes.com/sitemap.xml", 45, nil)]
        ),
        RealFileCase(
            file: RealFile.byeongsuyu,
            lines: 29,
            groups: 2,
            validDirectives: 16,
            unknownDirectives: 0,
            findings: [RealFinding(code: "invalid-token", line: 22)],  // AI2Bot
            records: [rec("sitemap", "https://byeongsuyu.github.io/sitemap.xml", 29, nil)]
        ),
        RealFileCase(
            file: RealFile.openpoem,
            lines: 59,
            groups: 15,
            validDirectives: 31,
            unknownDirectives: 1,
            findings: [],
            records: [
                rec("content-signal", csAllYes, 13, 0),
                rec("sitemap", "https://openpoem.org/sitemap.xml", 59, nil),
            ]
        ),
        RealFileCase(
            file: RealFile.nyt2023a,
            lines: 69,
            groups: 6,
            validDirectives: 63,
            unknownDirectives: 0,
            findings: [],
            records: sitemaps(nyt2023Sitemaps, from: 59)  // last line has no line ending
        ),
        RealFileCase(
            file: RealFile.nyt2023b,
            lines: 72,
            groups: 7,
            validDirectives: 65,
            unknownDirectives: 0,
            findings: [],
            records: sitemaps(nyt2023Sitemaps, from: 62)
        ),
        RealFileCase(
            file: RealFile.nyt2025,
            lines: 257,
            groups: 34,
            validDirectives: 196,
            unknownDirectives: 0,
            // peer39_crawler (digits) and peer39_crawler/1.0 (digits, version)
            findings: [RealFinding(code: "invalid-token", line: 210), RealFinding(code: "invalid-token", line: 211)],
            records: sitemaps(nyt2025Sitemaps, from: 238)
        ),
        RealFileCase(
            file: RealFile.lobsters,
            lines: 26,
            groups: 3,
            validDirectives: 16,
            unknownDirectives: 2,
            findings: [],
            records: [
                // After the search-engine group's rules, before the next User-agent: inside group 0.
                rec("content-signal", "ai-input=no, ai-train=no, search=yes", 14, 0),
                rec("crawl-delay", "1", 17, 1),
                rec("sitemap", "https://lobste.rs/sitemap.xml.gz", 26, nil),
            ]
        ),
        RealFileCase(
            file: RealFile.davidguetta,
            lines: 62,
            groups: 10,
            validDirectives: 22,
            unknownDirectives: 1,
            findings: [],
            records: [
                rec("content-signal", "search=yes,ai-train=no", 29, 0),
                rec("sitemap", "https://davidguetta.com/sitemap_index.xml", 62, nil),
            ]
        ),
        RealFileCase(
            file: RealFile.stackoverflow,
            lines: 5,
            groups: 1,
            validDirectives: 2,
            unknownDirectives: 2,
            findings: [],
            records: [
                rec("license", "https://stackoverflow.com/license.xml", 1, nil),  // before any group: global
                rec("content-signal", "search=no, ai-train=no", 4, 0),
            ]
        ),
    ]
}

@Suite("Real corpus, hand-checked")
struct RealCorpusHandCheckedTests {
    private static func parse(_ file: String) throws -> RobotsTxt {
        RobotsTxt(try Fixtures.bytes(file))
    }

    @Test func tablesCoverEveryAgentOfEveryFile() {
        let agents = ["GPTBot", "CCBot", "ClaudeBot", "Google-Extended", "Googlebot", "HeedTestBot"]
        for file in RealFile.all {
            for agent in agents {
                let selected = RealCorpusTable.selections.contains { $0.file == file && $0.agent == agent }
                #expect(selected, "\(file) \(agent)")
                let urls = RealCorpusTable.decisions.filter { $0.file == file && $0.agent == agent }
                #expect(!urls.isEmpty, "\(file) \(agent)")
            }
            #expect(RealCorpusTable.files.contains { $0.file == file }, "\(file)")
        }
    }

    @Test(arguments: RealCorpusTable.selections)
    func selection(_ c: RealSelectionCase) throws {
        let robots = try Self.parse(c.file)
        let matcher = RobotsMatcher(robots, agent: ProductToken(c.agent))
        #expect(matcher.selection == c.selection)
        #expect(matcher.agentLines == c.agentLines)
        // The selected groups are the ones that hold those User-agent lines.
        let holding = robots.groups.indices.filter { g in
            robots.groups[g].agents.contains { c.agentLines.contains($0.line) }
        }
        #expect(matcher.groups == holding)
    }

    @Test(arguments: RealCorpusTable.decisions)
    func decision(_ c: RealDecisionCase) throws {
        let robots = try Self.parse(c.file)
        let matcher = RobotsMatcher(robots, agent: ProductToken(c.agent))
        let decision = matcher.decide(c.url)
        #expect(decision.allowed == c.allowed)
        #expect(decision.rule?.line == c.line)
        if let line = c.line {
            #expect(decision.reason == .matchedRule)
            let rule = try #require(decision.rule)
            #expect(rule.kind == (c.allowed ? .allow : .disallow))
            #expect(matcher.groups.contains(rule.group), "rule on line \(line) is not in a selected group")
        } else if RobotsPath.pathAndQuery(of: c.url).elementsEqual("/robots.txt".utf8) {
            #expect(decision.reason == .robotsTxtAlwaysAllowed)
        } else {
            #expect(decision.reason == (matcher.selection == .none ? .noGroup : .noMatchingRule))
        }
        // The fast path agrees.
        let path = RobotsPath.normalizedURLPath(c.url)
        #expect(path.withUnsafeBufferPointer { matcher.isAllowed(normalizedPath: $0) } == c.allowed)
    }

    @Test(arguments: RealCorpusTable.files)
    func fileRecordsAndFindings(_ c: RealFileCase) throws {
        let robots = try Self.parse(c.file)
        #expect(robots.stats.lines == c.lines)
        #expect(robots.groups.count == c.groups)
        #expect(robots.stats.validDirectives == c.validDirectives)
        #expect(robots.stats.unknownDirectives == c.unknownDirectives)
        #expect(robots.stats.malformedLines == 0)
        #expect(robots.findings.map { RealFinding(code: $0.code, line: $0.line) } == c.findings)
        #expect(robots.records == c.records)
        #expect(robots.sitemaps == c.records.filter { $0.field == "sitemap" }.map(\.value))
    }

    /// mcpjunction.ai repeats Content-Signal in each group because a named group never reads `*`:
    /// every group's Content-Signal record sits on the line after its User-agent line.
    @Test func mcpjunctionContentSignalPerGroup() throws {
        let robots = try Self.parse(RealFile.mcpjunction)
        #expect(robots.groups.map(\.firstLine) == RealCorpusTable.mcpjunctionGroupLines)
        let signals = robots.records(named: "content-signal")
        #expect(signals.map(\.line) == RealCorpusTable.mcpjunctionGroupLines.map { $0 + 1 })
        #expect(signals.map(\.group) == Array(0..<27))
        // Each group has exactly one rule, on the line after its Content-Signal.
        #expect(robots.groups.map { $0.rules.map(\.line) } == RealCorpusTable.mcpjunctionGroupLines.map { [$0 + 2] })
    }

    /// nytimes 2023-07-01 vs 2023-08-31: the change that blocked GPTBot, seen as a decision change.
    @Test func nytimesBlockedGPTBotInAugust2023() throws {
        let before = RobotsMatcher(try Self.parse(RealFile.nyt2023a), agent: ProductToken("GPTBot"))
        let after = RobotsMatcher(try Self.parse(RealFile.nyt2023b), agent: ProductToken("GPTBot"))
        let article = "https://www.nytimes.com/2023/08/21/technology/openai-gptbot.html"
        #expect(before.decide(article).allowed)
        #expect(!after.decide(article).allowed)
        #expect(after.decide(article).rule?.line == 48)
    }
}
