// SPDX-License-Identifier: Apache-2.0
// Heed tests: Cloudflare Content Signals (`Content-Signal:` robots.txt lines).
// Examples: contentsignals.org, Cloudflare managed robots.txt (2025 and 2026 forms), google/robotstxt
// issue #80; SIGNALS.md §4 and §12 rows 14-16; cross vectors 4 and 5.

import Foundation
import Testing

@testable import HeedCore

struct SignalLineCase: Sendable, CustomTestStringConvertible {
    var value: String
    var expected: Values
    var levels: [String]
    var findings: [String]
    var testDescription: String { value.isEmpty ? "(empty)" : value }
    init(_ value: String, _ expected: Values, levels: [String] = [], findings: [String] = []) {
        self.value = value
        self.expected = expected
        self.levels = levels
        self.findings = findings
    }
}

struct ContentSignalTests {
    static let lines: [SignalLineCase] = [
        // Row 14: Cloudflare managed default (2025).
        SignalLineCase("search=yes, ai-train=no", [.search: .allow, .aiTrain: .deny]),
        // Row 16: contentsignals.org example.
        SignalLineCase("ai-train=no, search=yes, ai-input=yes", [.aiTrain: .deny, .search: .allow, .aiInput: .allow]),
        // Row 15: 2026 managed form, no spaces, `use`.
        SignalLineCase(
            "search=yes,ai-train=no,use=reference",
            [.search: .allow, .aiTrain: .deny],
            levels: ["reference"]
        ),
        SignalLineCase("use=full", [:], levels: ["full"]),
        SignalLineCase("ai-input = no ,  search=yes ,", [.aiInput: .deny, .search: .allow]),
        SignalLineCase("AI-Train=No", [.aiTrain: .deny], findings: ["content-signal-case"]),
        SignalLineCase("ai-train=no, ai-train=yes", [.aiTrain: .deny]),
        SignalLineCase("ai-train=yes, ai-train=no", [.aiTrain: .deny]),
        SignalLineCase("train-ai=n", [:], findings: ["content-signal-unknown-key"]),
        SignalLineCase("ai-train=n", [.aiTrain: .unknown], findings: ["content-signal-invalid-value"]),
        SignalLineCase(
            "ai-train=maybe, search=yes",
            [.aiTrain: .unknown, .search: .allow],
            findings: ["content-signal-invalid-value"]
        ),
        SignalLineCase("use=sometimes", [:], levels: ["sometimes"], findings: ["content-signal-invalid-value"]),
        SignalLineCase("search", [:], findings: ["content-signal-malformed"]),
        SignalLineCase("", [:], findings: ["content-signal-empty"]),
        SignalLineCase("tdm=no, search=yes", [.search: .allow], findings: ["content-signal-unknown-key"]),
    ]

    @Test(arguments: lines)
    func readsLines(_ c: SignalLineCase) {
        let line = ContentSignalLine(parsing: c.value, vocabulary: PrefSpecs.contentSignal, line: 9)
        var got: Values = [:]
        for e in line.entries { got[e.category] = e.value }
        #expect(got == c.expected)
        #expect(line.consumptionLevels == c.levels)
        #expect(line.findings.map(\.code).sorted() == c.findings.sorted())
        #expect(line.findings.allSatisfy { $0.line == 9 })
    }

    @Test func aiprefSpellingGetsAHint() {
        let line = ContentSignalLine(parsing: "train-ai=n, ai-input=y", vocabulary: PrefSpecs.contentSignal)
        #expect(line.findings.contains { $0.message.contains("writes 'ai-train'") })
        #expect(line.findings.contains { $0.message.contains("yes/no") })
    }

    @Test func vocabularyData() {
        let v = PrefSpecs.contentSignal
        #expect(v.keys.map(\.key) == ["search", "ai-input", "ai-train"])
        #expect(v.values == ["yes": .allow, "no": .deny])
        #expect(v.use.levels == ["immediate", "reference", "full"])
        #expect(throws: HeedCoreError.self) { try ContentSignalVocabulary(json: Data("[]".utf8)) }
    }

    // MARK: In robots.txt

    /// The 2026 managed line: the level conditions AI categories the group allows, and is kept on
    /// an unknown statement for an AI category the group leaves unstated.
    @Test func useLevelBecomesAConsumptionObligation() {
        let robots = RobotsTxt("User-agent: *\nContent-Signal: search=yes,ai-train=no,use=reference\nAllow: /\n")
        let s = PrefSpecs.robots(robots).statements(for: PrefSpecs.query(robots, "somebot", "/x"))
        var got: Values = [:]
        for st in s { got[st.category] = st.value }
        #expect(got == [.search: .allow, .aiTrain: .deny, .aiInput: .unknown])
        let input = s.first { $0.category == .aiInput }!
        #expect(input.obligations == [Obligation(.consumptionLevel, detail: "reference")])
        #expect(s.first { $0.category == .aiTrain }?.obligations == [])
        #expect(s.allSatisfy { $0.provenance.mechanism == .robotsContentSignal && $0.provenance.line == 2 })
        #expect(s.first?.provenance.raw == "Content-Signal: search=yes,ai-train=no,use=reference")

        let robots2 = RobotsTxt("User-agent: *\nContent-Signal: ai-input=yes\nContent-Signal: use=reference\n")
        let s2 = PrefSpecs.robots(robots2).statements(for: PrefSpecs.query(robots2, "somebot", "/x"))
        #expect(s2.map(\.category) == [.aiInput, .aiTrain])
        #expect(s2.map(\.value) == [.conditional, .unknown])
        #expect(s2.allSatisfy { $0.obligations == [Obligation(.consumptionLevel, detail: "reference")] })
        #expect(s2.map(\.provenance.line) == [2, 3])
    }

    @Test func severalLinesCombineMostRestrictively() {
        let robots = RobotsTxt("User-agent: *\nContent-Signal: ai-train=yes, search=yes\nContent-Signal: ai-train=no\n")
        let s = PrefSpecs.robots(robots).statements(for: PrefSpecs.query(robots, "x", "/"))
        #expect(s.first { $0.category == .aiTrain }?.value == .deny)
        #expect(s.first { $0.category == .aiTrain }?.provenance.line == 3)
        #expect(s.first { $0.category == .search }?.provenance.line == 2)
    }

    /// Cross vector 4 / row 14: two `User-agent: *` groups (Cloudflare prepends its block); RFC 9309
    /// merges them, so the managed Content-Signal applies together with the site's own rules.
    @Test func crossVector4MergedStarGroups() {
        let text = """
            User-Agent: *
            Content-signal: search=yes, ai-train=no
            Allow: /

            User-agent: GPTBot
            Disallow: /

            User-agent: *
            Disallow: /private/
            """
        let robots = RobotsTxt(text)
        let signals = PrefSpecs.robots(robots)
        let open = signals.statements(for: PrefSpecs.query(robots, "PerplexityBot", "/page"))
        #expect(open.filter { $0.provenance.mechanism == .robotsContentSignal }.map(\.value) == [.allow, .deny])
        // /private/ is disallowed by the second `*` group (longest match): no preferences.
        let closed = signals.statements(for: PrefSpecs.query(robots, "PerplexityBot", "/private/x"))
        #expect(closed.filter { $0.provenance.mechanism == .robotsContentSignal }.isEmpty)
    }

    /// Cross vector 5: GPTBot has its own group without a Content-Signal line, so the `*` group's
    /// line is not in its scope; only the implied statement of its own group remains.
    @Test func crossVector5OwnGroupHidesTheStarSignal() {
        let robots = RobotsTxt("User-agent: GPTBot\nAllow: /\n\nUser-agent: *\nContent-Signal: ai-train=no\n")
        let s = PrefSpecs.robots(robots).statements(for: PrefSpecs.query(robots, "GPTBot", "/a"))
        #expect(!s.contains { $0.provenance.mechanism == .robotsContentSignal })
        #expect(s.map(\.provenance.mechanism) == [.robotsImplied])
        #expect(s.first?.value == .allow)
        let other = PrefSpecs.robots(robots).statements(for: PrefSpecs.query(robots, "CCBot", "/a"))
        #expect(other.map(\.value) == [.deny])
        #expect(other.first?.provenance.mechanism == .robotsContentSignal)
    }

    /// Real file: davidguetta.com (Jan 2026), Cloudflare managed block then the site's own `*` group
    /// (lower-cased by the scraper).
    @Test func cloudflareManagedRealFile() throws {
        let robots = RobotsTxt(try Fixtures.bytes("robots/gpt-firewall-2026-01/davidguetta.com.robots.txt"))
        let signals = PrefSpecs.robots(robots)
        #expect(signals.findings.isEmpty)
        let page = signals.statements(for: PrefSpecs.query(robots, "PerplexityBot", "https://davidguetta.com/tour/"))
        let cs = page.filter { $0.provenance.mechanism == .robotsContentSignal }
        #expect(cs.map(\.category) == [.search, .aiTrain])
        #expect(cs.map(\.value) == [.allow, .deny])
        #expect(cs.allSatisfy { $0.provenance.line == 29 })
        #expect(signals.statements(for: PrefSpecs.query(robots, "PerplexityBot", "/wp-admin/x")).isEmpty)
        // The merged second group allows admin-ajax.php (longer allow): crawlable, so the signal applies.
        #expect(
            signals.statements(for: PrefSpecs.query(robots, "PerplexityBot", "/wp-admin/admin-ajax.php")).count == 2
        )
        // GPTBot reads its own group (Disallow: /): no content signal, implied training deny.
        let gpt = signals.statements(for: PrefSpecs.query(robots, "GPTBot", "/tour/"))
        #expect(gpt.map(\.provenance.mechanism) == [.robotsImplied])
        #expect(gpt.first?.value == .deny)
        #expect(gpt.first?.provenance.line == 51)
        // Googlebot: `*` groups, plus the google-extended control token (Disallow: /).
        let google = signals.statements(for: PrefSpecs.query(robots, "Googlebot", "/tour/"))
        let control = google.filter { $0.provenance.mechanism == .robotsControlToken }
        #expect(control.map(\.category) == [.aiTrain, .aiInput])
        #expect(control.allSatisfy { $0.value == .deny && $0.provenance.line == 48 })
        #expect(google.filter { $0.provenance.mechanism == .robotsContentSignal }.count == 2)
    }

    /// Real file: lobste.rs (Jan 2026), the signal sits in the named search crawlers' group, after
    /// its rules and a blank line, and so applies to them only.
    @Test func lobstersSignalInANamedGroup() throws {
        let robots = RobotsTxt(try Fixtures.bytes("robots/gpt-firewall-2026-01/lobste.rs.robots.txt"))
        let signals = PrefSpecs.robots(robots)
        let google = signals.statements(for: PrefSpecs.query(robots, "Googlebot", "/s/abc"))
        var got: Values = [:]
        for s in google where s.provenance.mechanism == .robotsContentSignal { got[s.category] = s.value }
        #expect(got == [.aiInput: .deny, .aiTrain: .deny, .search: .allow])
        #expect(google.allSatisfy { $0.provenance.line == 14 })
        #expect(signals.statements(for: PrefSpecs.query(robots, "Googlebot", "/search?q=x")).isEmpty)
        #expect(signals.statements(for: PrefSpecs.query(robots, "SomeBot", "/s/abc")).isEmpty)
    }

    /// crawler-commons fixture: a Content-Signal line before any group belongs to no group.
    @Test func signalOutsideAGroupIsReported() throws {
        let robots = RobotsTxt(
            try Fixtures.bytes("robots/parser-fixtures/crawler-commons/extensions-group-merging.txt")
        )
        let signals = PrefSpecs.robots(robots)
        #expect(signals.findings.map(\.code) == ["content-signal-outside-group"])
        #expect(signals.findings.first?.line == 8)
        #expect(signals.statements(for: PrefSpecs.query(robots, "otherbot", "/llms.txt")).isEmpty)
    }

    @Test func garbageLinesAreBounded() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let bytes = (0..<Int.random(in: 0..<40, using: &generator)).map { _ in
                UInt8.random(in: 0...255, using: &generator)
            }
            let line = ContentSignalLine(
                parsing: String(decoding: bytes, as: UTF8.self),
                vocabulary: PrefSpecs.contentSignal
            )
            #expect(line.entries.count <= 3)
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func hugeLineIsBounded() {
        let value = String(repeating: "ai-train=no, x=y, ", count: 100_000) + "search=yes"
        let line = ContentSignalLine(parsing: value, vocabulary: PrefSpecs.contentSignal)
        #expect(line.entries.map(\.value) == [.deny, .allow])
        #expect(line.findings.count == FindingSink.capPerCode + 1)
    }
}
