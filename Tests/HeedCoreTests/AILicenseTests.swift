// SPDX-License-Identifier: Apache-2.0
// Heed tests: copyright.sh `<meta name="ai-license">` (License Grammar v1.5).
// Examples from copyright.sh's Creator Guide, blog and FAQ, and its WordPress plugin README; expected
// values worked out by hand from the mapping documented in AILicense.swift.

import Testing

@testable import HeedCore

@Suite("copyright.sh ai-license")
struct AILicenseTests {
    static let query = SignalQuery(
        url: "https://blog.example/post",
        agent: ProductToken("GPTBot"),
        matcher: nil,
        crawlable: true
    )

    static func source(_ contents: [String]) -> AILicenseSource {
        AILicenseSource(
            head: HTMLHead(
                metas: contents.enumerated().map { HTMLHead.Meta(name: "ai-license", content: $1, line: 10 + $0) }
            ),
            document: "https://blog.example/post"
        )
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let content: String
        let categories: [UseCategory]
        let value: PreferenceValue?
        let obligations: [Obligation]
        let codes: [String]
        var testDescription: String { content }
    }

    static let ai: [UseCategory] = [.aiIndex, .aiInput, .aiTrain]

    static let cases: [Case] = [
        // Creator Guide example: private outputs only, 0.12 USD per 1,000 tokens.
        Case(
            content: "allow; distribution:private; price:0.12",
            categories: ai,
            value: .conditional,
            obligations: [
                Obligation(.payment, detail: "0.12 USD per 1,000 tokens"),
                Obligation(.distribution, detail: "outputs for individual users only (private)"),
            ],
            codes: []
        ),
        // Blog, 2025-06-28 (no spaces).
        Case(
            content: "allow;distribution:private;price:0.15;payto:creator@copyright.sh",
            categories: ai,
            value: .conditional,
            obligations: [
                Obligation(.payment, detail: "0.15 USD per 1,000 tokens; pay to creator@copyright.sh"),
                Obligation(.distribution, detail: "outputs for individual users only (private)"),
            ],
            codes: []
        ),
        // Plugin README v1.5: public distribution is the default and no condition.
        Case(
            content: "allow;distribution:public;price:0.15;payto:cs-8f4a2b9c1d5e6f7a",
            categories: ai,
            value: .conditional,
            obligations: [Obligation(.payment, detail: "0.15 USD per 1,000 tokens; pay to cs-8f4a2b9c1d5e6f7a")],
            codes: []
        ),
        Case(
            content: "allow; price:0.10; payto:example.com",
            categories: ai,
            value: .conditional,
            obligations: [Obligation(.payment, detail: "0.10 USD per 1,000 tokens; pay to example.com")],
            codes: []
        ),
        Case(content: "deny", categories: ai, value: .deny, obligations: [], codes: []),
        Case(content: " Deny ", categories: ai, value: .deny, obligations: [], codes: []),
        Case(content: "allow", categories: ai, value: .allow, obligations: [], codes: []),
        Case(content: "allow; price:0; payto:example.com", categories: ai, value: .allow, obligations: [], codes: []),
        Case(content: "allow; price:0.00", categories: ai, value: .allow, obligations: [], codes: []),
        // FAQ form: no action, `rate=` for the price.
        Case(
            content: "rate=$0.05; terms=https://copyright.sh/terms; id=YOUR-ID",
            categories: ai,
            value: .conditional,
            obligations: [Obligation(.payment, detail: "0.05 USD per 1,000 tokens; terms https://copyright.sh/terms")],
            codes: ["missing-action"]
        ),
        Case(
            content: "allow; price:ten dollars",
            categories: ai,
            value: .conditional,
            obligations: [Obligation(.payment, detail: "price unreadable: 'ten dollars'")],
            codes: ["invalid-price"]
        ),
        Case(
            content: "allow; price:1.2.3",
            categories: ai,
            value: .conditional,
            obligations: [
                Obligation(.payment, detail: "price unreadable: '1.2.3'")
            ],
            codes: ["invalid-price"]
        ),
        Case(
            content: "allow; scope:snippet",
            categories: ai,
            value: .conditional,
            obligations: [Obligation(.consumptionLevel, detail: "snippets of about 100 tokens at most")],
            codes: []
        ),
        Case(
            content: "allow; stage:infer,embed",
            categories: [.aiIndex, .aiInput],
            value: .allow,
            obligations: [],
            codes: []
        ),
        Case(content: "deny; stage:train", categories: [.aiTrain], value: .deny, obligations: [], codes: []),
        Case(content: "deny; price:1", categories: ai, value: .deny, obligations: [], codes: ["ignored-terms"]),
        Case(
            content: "allow; distribution:secret",
            categories: ai,
            value: .allow,
            obligations: [],
            codes: ["invalid-value"]
        ),
        Case(
            content: "allow; colour:blue",
            categories: ai,
            value: .allow,
            obligations: [],
            codes: ["unknown-parameter"]
        ),
        // Other plugins' values: not this grammar.
        Case(
            content: "no-training; source=https://site.example",
            categories: ai,
            value: nil,
            obligations: [],
            codes: ["unknown-action"]
        ),
        Case(content: "commercial", categories: ai, value: nil, obligations: [], codes: ["unknown-action"]),
        Case(content: "", categories: ai, value: nil, obligations: [], codes: ["empty-content"]),
        Case(
            content: "terms=https://x.example",
            categories: ai,
            value: nil,
            obligations: [],
            codes: ["missing-action"]
        ),
    ]

    @Test(arguments: cases)
    func grammar(_ c: Case) {
        let s = Self.source([c.content])
        #expect(s.findings.map(\.code) == c.codes)
        let statements = s.statements(for: Self.query)
        guard let value = c.value else {
            #expect(statements.isEmpty)
            return
        }
        #expect(statements.map(\.category) == c.categories)
        for st in statements {
            #expect(st.value == value)
            #expect(st.obligations == c.obligations)
            #expect(st.provenance.mechanism == .aiLicense)
            #expect(st.provenance.line == 10)
            #expect(st.provenance.spec == "copyright.sh License Grammar v1.5")
        }
        #expect(!statements.contains { $0.category == .search || $0.category == .tdm })
    }

    @Test func firstMetaWinsAndDuplicatesAreReported() {
        let s = Self.source(["deny", "allow"])
        #expect(s.statements(for: Self.query).map(\.value) == [.deny, .deny, .deny])
        #expect(s.findings.map(\.code) == ["duplicate-meta"])
        #expect(s.findings.first?.line == 11)
    }

    @Test func noMetaNoStatement() {
        #expect(AILicenseSource(head: nil, document: "x").statements(for: Self.query).isEmpty)
        let other = AILicenseSource(
            head: HTMLHead(metas: [HTMLHead.Meta(name: "robots", content: "noai")]),
            document: "x"
        )
        #expect(other.statements(for: Self.query).isEmpty)
        #expect(other.findings.isEmpty)
    }

    @Test(.timeLimit(.minutes(1)))
    func hostileContent() {
        let huge = "allow" + String(repeating: "; price:0.1", count: 1_000_000)
        let s = Self.source([huge])
        #expect(s.findings.map(\.code) == ["size-limit-exceeded"])
        #expect(s.statements(for: Self.query).map(\.value) == [.conditional, .conditional, .conditional])
        let invalid = String(decoding: [0x61, 0x6C, 0x6C, 0x6F, 0x77, 0xFF, 0x3B, 0xC3], as: UTF8.self)
        let g = Self.source([invalid, String(repeating: ";;;:::===", count: 100_000)])
        #expect(g.statements(for: Self.query).isEmpty)
        #expect(g.findings.map(\.code) == ["unknown-action", "duplicate-meta"])
    }
}
