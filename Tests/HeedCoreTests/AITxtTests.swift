// SPDX-License-Identifier: Apache-2.0
// Heed tests: Spawning ai.txt (robots.txt-like training preferences) and files misused as ai.txt.
// Expected values worked out by hand from the files in Corpus/ai-txt/ and SIGNALS.md §8.1.

import Testing

@testable import HeedCore

@Suite("Spawning ai.txt")
struct AITxtTests {
    static func query(_ path: String, agent: String = "GPTBot") -> SignalQuery {
        SignalQuery(url: "https://site.example" + path, agent: ProductToken(agent), matcher: nil, crawlable: true)
    }

    static func source(_ text: String, status: Int = 200) -> AITxtSource {
        AITxtSource(document: Document(url: "https://site.example/ai.txt", status: status, body: Array(text.utf8)))
    }

    static func corpus(_ name: String) throws -> AITxtSource {
        AITxtSource(
            document: Document(
                url: "https://site.example/ai.txt",
                location: "Corpus/ai-txt/\(name)",
                body: try Fixtures.bytes("ai-txt/\(name)")
            )
        )
    }

    /// "deny@line" / "allow@line" / "none".
    static func decision(_ s: AITxtSource, _ path: String, agent: String = "GPTBot") -> String {
        let statements = s.statements(for: query(path, agent: agent))
        guard let st = statements.first else { return "none" }
        #expect(statements.count == 1)
        #expect(st.category == .aiTrain)
        #expect(st.provenance.mechanism == .aiTxt)
        return "\(st.value.rawValue)@\(st.provenance.line ?? 0)"
    }

    // MARK: real files (SIGNALS.md §12 row 26)

    struct PathCase: Sendable, CustomTestStringConvertible {
        let path: String
        let expected: String
        var testDescription: String { "\(path) → \(expected)" }
    }

    /// healsdata: 54 extension globs (lines 5-58), then `Disallow: /` (59) and `Disallow: *` (60).
    static let healsdata: [PathCase] = [
        PathCase(path: "/", expected: "deny@59"),  // `/` and `*` both 1 octet: the first in file order
        PathCase(path: "/about", expected: "deny@59"),
        PathCase(path: "/robots.txt", expected: "deny@5"),  // *.txt (5 octets) beats `/` (1)
        PathCase(path: "/gallery/cat.jpg", expected: "deny@20"),
        PathCase(path: "/gallery/CAT.JPG", expected: "deny@20"),  // file types compared case-insensitively
        PathCase(path: "/gallery/cat.jpg?size=large", expected: "deny@20"),  // the query is not the file name
        PathCase(path: "/index.html", expected: "deny@15"),
        PathCase(path: "/archive.tar.gz", expected: "deny@59"),  // no *.gz rule
    ]

    @Test(arguments: healsdata)
    func healsdataOptOut(_ c: PathCase) throws {
        let s = try Self.corpus("healsdata-ai-training-opt-out.ai.txt")
        #expect(Self.decision(s, c.path) == c.expected)
        #expect(Self.decision(s, c.path, agent: "CCBot") == c.expected)  // every agent: one `*` group
        #expect(s.findings.isEmpty)
        #expect(s.file?.kind == .policy)
    }

    @Test func healsdataRawText() throws {
        let s = try Self.corpus("healsdata-ai-training-opt-out.ai.txt")
        let st = try #require(s.statements(for: Self.query("/photo.png")).first)
        #expect(st.provenance.raw == "Disallow: *.png")
        #expect(st.provenance.document == "Corpus/ai-txt/healsdata-ai-training-opt-out.ai.txt")
    }

    @Test func eventStoriesAllowsAll() throws {
        // `Allow: *` (line 5) and an empty `Disallow:` (no rule).
        let s = try Self.corpus("event-stories.12f.dk.ai.txt")
        #expect(Self.decision(s, "/") == "allow@5")
        #expect(Self.decision(s, "/party/plan.html") == "allow@5")
        #expect(s.findings.isEmpty)
    }

    @Test func drslonHybridFile() throws {
        // `User-Agent: *` + `Allow: /` (line 6), plus many fields Spawning does not define.
        let s = try Self.corpus("drslon.ru.ai.txt")
        #expect(Self.decision(s, "/") == "allow@6")
        #expect(Self.decision(s, "/contact.html") == "allow@6")
        #expect(s.findings.map(\.code) == ["unknown-field"])
        #expect(s.findings.first?.line == 9)  // Preferred-Source
    }

    @Test func llmsTxtStyleMarkdown() throws {
        let s = try Self.corpus("sabintsev.com.LLMS-TXT-STYLE.ai.txt")
        #expect(s.file?.kind == .markdown)
        #expect(Self.decision(s, "/") == "none")
        #expect(s.findings.map(\.code) == ["markdown-not-ai-txt"])
    }

    @Test func keyValueProfile() throws {
        let s = try Self.corpus("abdirahman.net.PROFILE-STYLE.ai.txt")
        #expect(s.file?.kind == .profile)
        #expect(Self.decision(s, "/") == "none")
        #expect(s.findings.map(\.code) == ["profile-not-ai-txt"])
        #expect(s.findings.first?.line == 4)  // Name: ...
    }

    @Test func everyCorpusFileIsCovered() {
        let names = Set(Fixtures.files(under: "ai-txt").map(\.lastPathComponent))
        #expect(
            names == [
                "healsdata-ai-training-opt-out.ai.txt", "event-stories.12f.dk.ai.txt", "drslon.ru.ai.txt",
                "sabintsev.com.LLMS-TXT-STYLE.ai.txt", "abdirahman.net.PROFILE-STYLE.ai.txt",
            ]
        )
    }

    // MARK: matching rules

    static let mixed = """
        User-Agent: *
        Disallow: *.jpg
        Allow: /public/
        Disallow: /private/
        Allow: /private/open
        """

    static let mixedCases: [PathCase] = [
        PathCase(path: "/a.jpg", expected: "deny@2"),
        PathCase(path: "/public/a.jpg", expected: "allow@3"),  // 8 octets beat 5
        PathCase(path: "/a.jpg.html", expected: "none"),  // a file-type glob is "ends with"
        PathCase(path: "/a.jpgx", expected: "none"),
        PathCase(path: "/private/x", expected: "deny@4"),
        PathCase(path: "/private/open/y.txt", expected: "allow@5"),
        PathCase(path: "/other", expected: "none"),
    ]

    @Test(arguments: mixedCases)
    func longestMatch(_ c: PathCase) {
        #expect(Self.decision(Self.source(Self.mixed), c.path) == c.expected)
    }

    @Test func allowWinsTies() {
        let s = Self.source("User-Agent: *\nDisallow: /a\nAllow: /a\n")
        #expect(Self.decision(s, "/a/b") == "allow@3")
    }

    @Test func agentGroupsSelectedAsRobotsTxt() {
        let s = Self.source("User-Agent: GPTBot\nDisallow: /\n\nUser-Agent: *\nAllow: /\n")
        #expect(Self.decision(s, "/x", agent: "GPTBot") == "deny@2")
        #expect(Self.decision(s, "/x", agent: "gptbot/1.1") == "deny@2")
        #expect(Self.decision(s, "/x", agent: "CCBot") == "allow@5")
        let onlyNamed = Self.source("User-Agent: GPTBot\nDisallow: /\n")
        #expect(Self.decision(onlyNamed, "/x", agent: "CCBot") == "none")
    }

    @Test func missingOrFailedDocument() {
        #expect(AITxtSource(document: nil).statements(for: Self.query("/")).isEmpty)
        let notFound = Self.source("User-Agent: *\nDisallow: /\n", status: 404)
        #expect(notFound.statements(for: Self.query("/")).isEmpty)
        #expect(notFound.findings.isEmpty)
        #expect(notFound.file == nil)
    }

    @Test func findingsOnBrokenFiles() {
        let noGroup = Self.source("Disallow: /\n")
        #expect(Self.decision(noGroup, "/") == "none")
        #expect(noGroup.findings.map(\.code).sorted() == ["no-rules", "rule-outside-group"])
        let emptyGroup = Self.source("User-Agent: *\nDisallow:\n")
        #expect(emptyGroup.findings.map(\.code) == ["no-rules"])
        let html = Self.source("<!DOCTYPE html><html><head><title>x</title></head></html>\n")
        #expect(html.findings.map(\.code).contains("html-document"))
        #expect(Self.decision(html, "/") == "none")
    }

    // MARK: hostile input

    @Test(.timeLimit(.minutes(1)))
    func fiftyMegabyteFile() {
        var text = "User-Agent: *\nDisallow: *.png\n"
        let line = "Disallow: /private/some/long/path/segment/that/repeats/\n"
        text.reserveCapacity(50_000_000 + line.count)
        while text.utf8.count < 50_000_000 { text += String(repeating: line, count: 10_000) }
        text += "Disallow: /\n"  // past the 500 KiB parse limit: never read
        let s = Self.source(text)
        #expect(s.findings.map(\.code).contains("size-limit-exceeded"))
        #expect(Self.decision(s, "/x.png") == "deny@2")
        #expect(Self.decision(s, "/x.txt") == "none")
    }

    @Test(.timeLimit(.minutes(1)))
    func garbageAndInvalidUTF8() {
        var state: UInt64 = 7
        var garbage: [UInt8] = []
        for _ in 0..<2_000_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            garbage.append(UInt8(truncatingIfNeeded: state >> 33))
        }
        let g = AITxtSource(document: Document(url: "https://site.example/ai.txt", body: garbage))
        #expect(g.statements(for: Self.query("/")).isEmpty)
        var bytes = Array("User-Agent: *\nDisallow: /caf".utf8) + [0xC3, 0x28, 0x0A]
        bytes += Array("Disallow: *.jpg\n".utf8)
        let u = AITxtSource(document: Document(url: "https://site.example/ai.txt", body: bytes))
        #expect(u.findings.map(\.code).contains("invalid-utf8"))
        #expect(Self.decision(u, "/cat.jpg") == "deny@3")
    }
}
