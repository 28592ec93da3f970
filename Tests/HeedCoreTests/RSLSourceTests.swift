// SPDX-License-Identifier: Apache-2.0
// Heed tests: RSL discovery (robots.txt License, Link header, HTML) and licence selection (RSL 1.0 §4, §4.9),
// with SIGNALS.md §12 rows 18-19 and the real robots.txt files of mcpjunction.ai, medium.com and 9takes.com.

import Foundation
import Testing

@testable import HeedCore

@Suite("RSL sources")
struct RSLSourceTests {
    typealias F = RSLFixtures

    static func document(_ url: String, _ xml: String, status: Int = 200) -> Document {
        Document(url: url, status: status, body: Array(xml.utf8))
    }

    static let permitsAll = F.wrap(
        "<content url=\"/\"><license><permits type=\"usage\">all</permits></license></content>"
    )
    static let noTrain = F.wrap(
        "<content url=\"/\"><license><prohibits type=\"usage\">ai-train</prohibits></license></content>"
    )
    static let noAI = F.wrap(
        "<content url=\"\"><license><prohibits type=\"usage\">ai-all</prohibits></license></content>"
    )

    static func query(_ url: String, _ agent: String, _ robots: RobotsTxt?) -> SignalQuery {
        let token = ProductToken(agent)
        return SignalQuery(
            url: url,
            agent: token,
            matcher: robots.map { RobotsMatcher($0, agent: token) },
            crawlable: true
        )
    }

    static func values(_ statements: [Statement]) -> [String] {
        statements.map { "\($0.category.rawValue)=\($0.value.rawValue)" }
    }

    @Test("Row 18: a global License before the first group applies to every crawler")
    func row18() {
        let robots = RobotsTxt("License: https://example.com/license.xml\n\nUser-agent: Googlebot\nAllow: /\n")
        let refs = LicenseReference.fromRobots(robots, document: "https://example.com/robots.txt")
        #expect(
            refs == [
                LicenseReference(
                    url: "https://example.com/license.xml",
                    via: "robots.txt line 1 (global)",
                    line: 1,
                    declaredIn: "https://example.com/robots.txt"
                )
            ]
        )
        let source = RSLSource(
            references: refs,
            documents: [
                "https://example.com/license.xml": Self.document("https://example.com/license.xml", Self.noTrain)
            ],
            vocabulary: F.vocabulary
        )
        for agent in ["Googlebot", "GPTBot"] {
            let s = source.statements(for: Self.query("https://example.com/a", agent, robots))
            #expect(
                Self.values(s) == ["search=allow", "ai_index=allow", "ai_input=allow", "ai_train=deny", "tdm=allow"]
            )
            #expect(s[3].provenance.mechanism == .rsl)
            #expect(s[3].provenance.element == "content[url=/]/license/prohibits[type=usage]")
            #expect(s[3].provenance.document == "https://example.com/license.xml")
            #expect(s[3].provenance.spec == "RSL 1.0")
        }
        #expect(source.findings.isEmpty)
    }

    static let row19 = """
        License: https://example.com/global.xml

        User-agent: ExampleBot
        License: https://example.com/examplebot.xml
        Allow: /

        User-agent: NoLicenseBot
        Disallow: /private/

        User-agent: *
        License: https://example.com/star.xml
        Disallow: /private/
        """

    @Test(
        "Row 19: a group-scoped License beats the global one",
        arguments: [
            ("ExampleBot", "https://example.com/examplebot.xml"),
            ("examplebot/2.1", "https://example.com/examplebot.xml"),
            ("OtherBot", "https://example.com/star.xml"),
            ("NoLicenseBot", "https://example.com/global.xml"),
        ]
    )
    func row19(_ agent: String, _ expected: String) {
        let robots = RobotsTxt(Self.row19)
        let refs = LicenseReference.fromRobots(robots, document: "https://example.com/robots.txt")
        #expect(
            refs.map(\.url) == [
                "https://example.com/global.xml", "https://example.com/examplebot.xml", "https://example.com/star.xml",
            ]
        )
        #expect(refs[1].via == "robots.txt line 4 (group ExampleBot)")
        #expect(refs[1].agentScope == ProductToken("ExampleBot"))
        let source = RSLSource(references: refs, documents: [:], vocabulary: F.vocabulary)
        #expect(source.selectedReferences(for: Self.query("/", agent, robots)).map(\.url) == [expected])
    }

    @Test("Without a matcher, agentScope selects the group License")
    func withoutMatcher() {
        let refs = LicenseReference.fromRobots(RobotsTxt(Self.row19), document: "https://example.com/robots.txt")
        let source = RSLSource(references: refs, documents: [:], vocabulary: F.vocabulary)
        let q = SignalQuery(url: "/", agent: ProductToken("ExampleBot"), matcher: nil, crawlable: true)
        #expect(source.selectedReferences(for: q).map(\.url) == ["https://example.com/examplebot.xml"])
        let other = SignalQuery(url: "/", agent: ProductToken("OtherBot"), matcher: nil, crawlable: true)
        #expect(source.selectedReferences(for: other).map(\.url) == ["https://example.com/star.xml"])
    }

    @Test("A group with several User-agent lines gives one reference per token")
    func multiAgentGroup() {
        let robots = RobotsTxt("User-agent: A\nUser-agent: B\nLicense: https://x.example/l.xml\nDisallow: /\n")
        let refs = LicenseReference.fromRobots(robots, document: "https://x.example/robots.txt")
        #expect(refs.map(\.agentScope) == [ProductToken("A"), ProductToken("B")])
        #expect(Set(refs.map(\.group)) == [0])
    }

    @Test("Real file: mcpjunction.ai puts License after the last group and Sitemap: read as global")
    func mcpjunction() throws {
        let robots = RobotsTxt(try Fixtures.bytes("robots/misc/mcpjunction.ai.robots.txt"))
        let refs = LicenseReference.fromRobots(robots, document: "https://mcpjunction.ai/robots.txt")
        #expect(refs.count == 1)
        #expect(refs[0].url == "https://mcpjunction.ai/license.xml")
        #expect(refs[0].line == 180 && refs[0].group == nil && refs[0].agentScope == nil)
        let doc = Document(
            url: "https://mcpjunction.ai/license.xml",
            location: "Corpus/rsl/mcpjunction.ai.license.xml",
            body: try Fixtures.bytes("rsl/mcpjunction.ai.license.xml")
        )
        let source = RSLSource(references: refs, documents: [doc.url: doc], vocabulary: F.vocabulary)
        let s = source.statements(for: Self.query("https://mcpjunction.ai/servers/github", "GPTBot", robots))
        #expect(
            Self.values(s) == [
                "search=allow", "ai_index=deny", "ai_input=conditional", "ai_train=conditional", "tdm=deny",
            ]
        )
        #expect(
            s[3].obligations == [Obligation(.payment, detail: "subscription; terms https://mcpjunction.ai/licensing")]
        )
        #expect(s[3].provenance.document == "Corpus/rsl/mcpjunction.ai.license.xml")
        #expect(s[3].provenance.line == 34)
        #expect(s[3].provenance.element == "content[url=/]/license[3]/permits[type=usage]")
    }

    @Test("Real file: medium.com's License after Sitemap at the end is global")
    func medium() throws {
        let robots = RobotsTxt(try Fixtures.bytes("robots/gpt-firewall-older/medium.com.2025-10.robots.txt"))
        let refs = LicenseReference.fromRobots(robots, document: "https://medium.com/robots.txt")
        #expect(refs.map(\.url) == ["https://medium.com/license.xml"])
        #expect(refs[0].line == 39 && refs[0].group == nil)
    }

    @Test("A License right after a group's rules stays group-scoped")
    func groupScopedTail() {
        let robots = RobotsTxt("User-agent: *\nDisallow: /x\nLicense: https://x.example/l.xml\n")
        let refs = LicenseReference.fromRobots(robots, document: "https://x.example/robots.txt")
        #expect(refs.map(\.group) == [0])
    }

    @Test("Real conflict case 9takes.com: robots.txt allows GPTBot, the licence denies ai_train")
    func nineTakes() throws {
        let robots = RobotsTxt(try Fixtures.bytes("robots/misc/9takes.com.robots.txt"))
        #expect(RobotsMatcher(robots, agent: ProductToken("GPTBot")).decide("/personality-analysis/x").allowed)
        let ref = LicenseReference(url: "https://9takes.com/license.xml", via: "robots.txt line 1 (global)", line: 1)
        let doc = Document(url: ref.url, body: try Fixtures.bytes("rsl/9takes.com.license.xml"))
        let source = RSLSource(references: [ref], documents: [ref.url: doc], vocabulary: F.vocabulary)
        let s = source.statements(for: Self.query("https://9takes.com/personality-analysis/x", "GPTBot", robots))
        #expect(s.first { $0.category == .aiTrain }?.value == .deny)
    }

    @Test("A missing licence: finding 'License URL not available' and unknown statements", arguments: [nil, 404])
    func missing(_ status: Int?) {
        let ref = LicenseReference(url: "https://x.example/license.xml", via: "robots.txt line 3 (global)", line: 3)
        let docs = status.map { [ref.url: Self.document(ref.url, "<html>not found</html>", status: $0)] } ?? [:]
        let source = RSLSource(references: [ref], documents: docs, vocabulary: F.vocabulary)
        #expect(source.findings.map(\.code) == ["license-unavailable"])
        #expect(source.findings[0].message.hasPrefix("License URL not available: https://x.example/license.xml"))
        #expect(source.findings[0].line == 3)
        let s = source.statements(for: Self.query("https://x.example/", "GPTBot", nil))
        #expect(Self.values(s) == UseCategory.allCases.map { "\($0.rawValue)=unknown" })
    }

    @Test("No references: RSL says nothing")
    func none() {
        let source = RSLSource(references: [], documents: [:], vocabulary: F.vocabulary)
        #expect(source.statements(for: Self.query("https://x.example/", "GPTBot", nil)).isEmpty)
    }

    @Test("Most restrictive across documents: two global licences fold to deny")
    func mostRestrictive() {
        let a = LicenseReference(url: "https://x.example/a.xml", via: "robots.txt line 1 (global)", line: 1)
        let b = LicenseReference(url: "https://x.example/b.xml", via: "robots.txt line 2 (global)", line: 2)
        let source = RSLSource(
            references: [a, b],
            documents: [a.url: Self.document(a.url, Self.permitsAll), b.url: Self.document(b.url, Self.noTrain)],
            vocabulary: F.vocabulary
        )
        let s = source.statements(for: Self.query("https://x.example/p", "GPTBot", nil))
        #expect(s.count == 10)
        let folded = SignalFolder.fold(s).categories
        #expect(folded[.aiTrain]?.value == .deny)
        #expect(folded[.search]?.value == .allow)
    }

    @Test(
        "Link header: rel=license with type application/rsl+xml only (RFC 8288)",
        arguments: [
            (
                "<https://x.example/license.xml>; rel=\"license\"; type=\"application/rsl+xml\", "
                    + "</s.css>; rel=stylesheet",
                ["https://x.example/license.xml"]
            ),
            (
                "</license.xml>; rel=\"nofollow License\"; type=\"Application/RSL+XML\"",
                ["https://x.example/license.xml"]
            ),
            ("<l.xml>;rel=license;type=application/rsl+xml", ["https://x.example/a/l.xml"]),
            ("<https://x.example/license.xml>; rel=\"license\"", []),
            ("<https://creativecommons.org/licenses/by/4.0/>; rel=\"license\"; type=\"text/html\"", []),
            (
                "<https://x.example/a,b.xml>; title=\"a, b\"; rel=license; type=\"application/rsl+xml\"",
                ["https://x.example/a,b.xml"]
            ),
        ]
    )
    func linkHeader(_ value: String, _ expected: [String]) {
        let refs = LicenseReference.fromLinkHeaders(HTTPHeaders([("Link", value)]), base: "https://x.example/a/b#frag")
        #expect(refs.map(\.url) == expected)
        #expect(refs.allSatisfy { $0.scope == "https://x.example/a/b" && $0.via == "Link header" })
    }

    @Test("HTML link and inline script; the page's own licence beats robots.txt")
    func html() {
        let html = """
            <html><head>
            <link rel="license" type="application/rsl+xml" href="/page-license.xml">
            <link rel="license" href="https://creativecommons.org/licenses/by/4.0/">
            <script type="application/rsl+xml">\(Self.noAI)</script>
            </head><body></body></html>
            """
        let head = HTMLHead.parse(Array(html.utf8))
        let page = "https://x.example/articles/one"
        let pageRefs = LicenseReference.fromHTML(head, base: page)
        #expect(
            pageRefs.map(\.url) == [
                "https://x.example/page-license.xml", "https://x.example/articles/one#inline-rsl-1",
            ]
        )
        #expect(pageRefs.map(\.via) == ["html link line 2", "inline script line 4"])
        let site = LicenseReference(url: "https://x.example/license.xml", via: "robots.txt line 1 (global)", line: 1)
        let source = RSLSource(
            references: [site] + pageRefs,
            documents: [site.url: Self.document(site.url, Self.permitsAll)],
            vocabulary: F.vocabulary
        )
        // The page: its link (not fetched: unknown) and its inline script (no AI); robots.txt's licence is not used.
        let s = source.statements(for: Self.query(page, "GPTBot", nil))
        #expect(s.count == 10)
        #expect(!s.contains { $0.provenance.document == "https://x.example/license.xml" })
        let folded = SignalFolder.fold(s).categories
        #expect(folded[.aiTrain]?.value == .deny)
        #expect(folded[.search]?.value == .allow)
        #expect(
            s.first { $0.category == .aiTrain && $0.value == .deny }?.provenance.element
                == "content[url=]/license/prohibits[type=usage]"
        )
        #expect(source.findings.map(\.code) == ["license-unavailable"])
        // Another page of the site: robots.txt's licence.
        let other = source.statements(for: Self.query("https://x.example/about", "GPTBot", nil))
        #expect(
            Self.values(other) == ["search=allow", "ai_index=allow", "ai_input=allow", "ai_train=allow", "tdm=allow"]
        )
    }

    @Test("Document findings reach the source, naming their document")
    func findings() {
        let ref = LicenseReference(url: "https://x.example/l.xml", via: "robots.txt line 1 (global)", line: 1)
        let xml = F.wrap(
            "<content url=\"/\"><license><prohibits type=\"usage\">train-ai</prohibits></license></content>"
        )
        let source = RSLSource(
            references: [ref],
            documents: [ref.url: Self.document(ref.url, xml)],
            vocabulary: F.vocabulary
        )
        #expect(source.findings.map(\.code) == ["non-rsl-token"])
        #expect(source.findings[0].document == "https://x.example/l.xml")
        #expect(source.findings[0].message.hasPrefix("'train-ai' is not an RSL usage token"))
        let s = source.statements(for: Self.query("/", "GPTBot", nil))
        #expect(s.first { $0.category == .aiTrain }?.value == .deny)
    }

    /// SIGNALS.md §12 cross-mechanism vector 6 (project-authored): an RSL licence whose only usage
    /// list is `<permits type="usage">search</permits>`. RSL 1.0 §3.5 makes `permits` a whitelist, so
    /// every usage not listed is not licensed: ai_input deny (and ai_index, ai_train, the tdm umbrella),
    /// search allow (no payment: free). Contrast, SIGNALS.md §11.4 item 5: a Content-Signal line stating
    /// only `search=yes` implies nothing for ai_input, so folding both leaves RSL's deny alone there,
    /// with no conflict (no mechanism allows ai_input).
    @Test("Cross vector 6: permits search only is a whitelist (ai_input deny, search allow)")
    func crossVector6() throws {
        let robots = RobotsTxt(
            "License: https://example.com/license.xml\n\nUser-agent: *\nContent-Signal: search=yes\nAllow: /\n"
        )
        let xml = F.wrap("<content url=\"/\"><license>\n<permits type=\"usage\">search</permits>\n</license></content>")
        let source = RSLSource(
            references: LicenseReference.fromRobots(robots, document: "https://example.com/robots.txt"),
            documents: ["https://example.com/license.xml": Self.document("https://example.com/license.xml", xml)],
            vocabulary: F.vocabulary
        )
        let query = Self.query("https://example.com/article", "HeedTestBot", robots)
        let rsl = source.statements(for: query)
        #expect(Self.values(rsl) == ["search=allow", "ai_index=deny", "ai_input=deny", "ai_train=deny", "tdm=deny"])
        let input = try #require(rsl.first { $0.category == .aiInput })
        // The deny cites the whitelist itself (line 2 of the document, the permits element).
        #expect(input.provenance.element == "content[url=/]/license/permits[type=usage]")
        #expect(input.provenance.line == 2)
        #expect(input.scopeNote?.contains("whitelist") == true)
        #expect(rsl.first { $0.category == .search }?.obligations.isEmpty == true)

        let signals = PrefSpecs.robots(robots).statements(for: query)
        #expect(Self.values(signals) == ["search=allow"])
        let folded = SignalFolder.fold(rsl + signals)
        #expect(folded.categories[.search]?.value == .allow)
        #expect(folded.categories[.aiInput]?.value == .deny)
        #expect(folded.categories[.aiInput]?.statements.map(\.provenance.mechanism) == [.rsl])
        #expect(folded.conflicts.isEmpty)
    }
}
