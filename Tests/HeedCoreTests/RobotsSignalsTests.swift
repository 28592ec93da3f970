// SPDX-License-Identifier: Apache-2.0
// Heed tests: use preferences in robots.txt: Content-Usage (draft-ietf-aipref-attach-05 §3),
// Content-Signal scoping, control tokens and implied preferences (SIGNALS.md §11.3), on spec
// examples, project-authored cross vectors 3 and 8, and real files from Corpus/robots/.

import Foundation
import Testing

@testable import HeedCore

struct AttachRow: Sendable, CustomTestStringConvertible {
    var agent: String
    var path: String
    var crawl: Bool
    /// The expected `ai_train` value, or `nil` for no preference.
    var trainAI: PreferenceValue?
    var line: Int?
    var testDescription: String { "\(agent) \(path)" }
}

struct RobotsSignalsTests {
    /// draft-ietf-aipref-attach-05 §3.4 example file (SIGNALS.md §12 row 7).
    static let attachExample = """
        User-Agent: *
        Allow: /
        Disallow: /never/
        Content-Usage: train-ai=n
        Content-Usage: /ai-ok/ train-ai=y

        User-Agent: ExampleBot
        Allow: /
        Content-Usage: train-ai=y
        """

    /// The table of attach-05 §3.4, plus ExampleBot on the other paths ("any" in the draft's text).
    static let attachRows: [AttachRow] = [
        AttachRow(agent: "otherbot", path: "/test", crawl: true, trainAI: .deny, line: 4),
        AttachRow(agent: "otherbot", path: "/never/test", crawl: false, trainAI: nil, line: nil),
        AttachRow(agent: "otherbot", path: "/ai-ok/test", crawl: true, trainAI: .allow, line: 5),
        AttachRow(agent: "ExampleBot", path: "/test", crawl: true, trainAI: .allow, line: 9),
        AttachRow(agent: "ExampleBot", path: "/never/test", crawl: true, trainAI: .allow, line: 9),
        AttachRow(agent: "ExampleBot", path: "/ai-ok/test", crawl: true, trainAI: .allow, line: 9),
    ]

    @Test(arguments: attachRows)
    func attach05Example(_ row: AttachRow) {
        let robots = RobotsTxt(Self.attachExample)
        let signals = PrefSpecs.robots(robots)
        #expect(signals.findings.isEmpty)
        let q = PrefSpecs.query(robots, row.agent, "https://example.com" + row.path)
        #expect(q.crawlable == row.crawl)
        let s = signals.statements(for: q)
        if let expected = row.trainAI {
            #expect(s.count == 1)
            #expect(s.first?.category == .aiTrain)
            #expect(s.first?.value == expected)
            #expect(s.first?.provenance.line == row.line)
            #expect(s.first?.provenance.mechanism == .robotsContentUsage)
            #expect(s.first?.provenance.document == "https://example.com/robots.txt")
            #expect(s.first?.provenance.raw == robots.text(ofLine: row.line!))
            #expect(s.first?.provenance.spec.hasPrefix("draft-ietf-aipref-attach-05 §3") == true)
        } else {
            #expect(s.isEmpty)
        }
    }

    static func trainAI(_ text: String, _ path: String, agent: String = "otherbot") -> (PreferenceValue?, Int?) {
        let robots = RobotsTxt(text)
        let s = PrefSpecs.robots(robots).statements(for: PrefSpecs.query(robots, agent, path))
        let st = s.first { $0.category == .aiTrain }
        return (st?.value, st?.provenance.line)
    }

    /// attach-05 §1.2: the same directive as the header example, in the `*` group.
    @Test func attach05IntroductionExample() {
        let text = "User-Agent: *\nAllow: /\nContent-Usage: train-ai=n\n"
        #expect(Self.trainAI(text, "/") == (.deny, 3))
        #expect(Self.trainAI(text, "/any/path?q=1", agent: "GPTBot") == (.deny, 3))
    }

    @Test func pathLessRuleIsTheShortestMatch() {
        let text = "User-agent: *\nContent-Usage: / train-ai=y\nContent-Usage: train-ai=n\n"
        #expect(Self.trainAI(text, "/x") == (.allow, 2))
    }

    @Test func identicalPathsCombineWithDisallowWinning() {
        let a = "User-agent: *\nContent-Usage: /a/ train-ai=n\nContent-Usage: /a/ train-ai=y\n"
        #expect(Self.trainAI(a, "/a/b") == (.deny, 2))
        let b = "User-agent: *\nContent-Usage: /a/ train-ai=y\nContent-Usage: /a/ train-ai=n\n"
        #expect(Self.trainAI(b, "/a/b") == (.deny, 3))
        // Two path-less rules in merged `*` groups combine the same way.
        let c = "User-agent: *\nContent-Usage: train-ai=y\n\nUser-agent: *\nContent-Usage: train-ai=n\n"
        #expect(Self.trainAI(c, "/") == (.deny, 5))
    }

    @Test func rulesMayInterleaveWithAllowAndDisallow() {
        let text = "User-agent: *\nContent-Usage: /docs/ train-ai=y\nDisallow: /tmp/\nContent-Usage: train-ai=n\n"
        #expect(Self.trainAI(text, "/docs/a") == (.allow, 2))
        #expect(Self.trainAI(text, "/other") == (.deny, 4))
        #expect(Self.trainAI(text, "/tmp/x") == (nil, nil))
    }

    @Test func pathsAreRobotsPatterns() {
        let text = "User-agent: *\nContent-Usage: /*.pdf$ train-ai=n\nContent-Usage: train-ai=y\n"
        #expect(Self.trainAI(text, "/papers/a.pdf") == (.deny, 2))
        #expect(Self.trainAI(text, "/papers/a.pdf?x=1") == (.allow, 3))
        #expect(Self.trainAI(text, "/papers/a.html") == (.allow, 3))
        // Percent-encoding is normalized as for Allow/Disallow (RFC 9309 §2.2.2).
        let enc = "User-agent: *\nContent-Usage: /caf%c3%a9/ train-ai=n\n"
        #expect(Self.trainAI(enc, "https://example.com/café/menu") == (.deny, 2))
        // A tab separates the path too; a comment ends the value.
        let tab = "User-agent: *\nContent-Usage: /a/\ttrain-ai=n # not for training\n"
        #expect(Self.trainAI(tab, "/a/1") == (.deny, 2))
    }

    /// The longest rule's preference applies as a whole: categories only a shorter rule states
    /// are not carried over.
    @Test func theLongestRuleAppliesAsAWhole() {
        let robots = RobotsTxt(
            "User-agent: *\nContent-Usage: train-ai=n, search=y\nContent-Usage: /ai-ok/ train-ai=y\n"
        )
        let s = PrefSpecs.robots(robots).statements(for: PrefSpecs.query(robots, "x", "/ai-ok/page"))
        #expect(s.map(\.category) == [.aiTrain])
        #expect(s.map(\.value) == [.allow])
    }

    /// Cross vector 8 in robots.txt: an upper-case label fails the dictionary, every category is
    /// unknown, and as the longest match it hides the shorter rule.
    @Test func crossVector8ParseFailureMakesEverythingUnknown() {
        let robots = RobotsTxt("User-agent: *\nContent-Usage: train-ai=y\nContent-Usage: /x/ Train-AI=n\n")
        let signals = PrefSpecs.robots(robots)
        #expect(signals.findings.map(\.code) == ["content-usage-parse-error"])
        #expect(signals.findings.first?.line == 3)
        #expect(signals.findings.first?.severity == .error)
        let s = signals.statements(for: PrefSpecs.query(robots, "x", "/x/a"))
        #expect(s.map(\.category) == [.search, .aiInput, .aiTrain, .tdm])
        #expect(s.allSatisfy { $0.value == .unknown && $0.provenance.line == 3 })
        #expect(Self.trainAI(robots.text(ofLine: 1)! + "\n" + robots.text(ofLine: 2)!, "/y") == (.allow, 2))
    }

    /// Cross vector 3: a disallowed path has no preference, whatever Content-Usage says.
    @Test func crossVector3DisallowedPathsHaveNoPreference() {
        let robots = RobotsTxt("User-agent: *\nDisallow: /never/\nContent-Usage: /never/ train-ai=y\n")
        let signals = PrefSpecs.robots(robots)
        #expect(signals.statements(for: PrefSpecs.query(robots, "x", "/never/a")).isEmpty)
        #expect(signals.statements(for: PrefSpecs.query(robots, "x", "/other")).isEmpty)
        // Access is the caller's: a URL the fetch policy forbids (say, robots.txt answered 503)
        // gets no preference either.
        var q = PrefSpecs.query(robots, "x", "/other")
        q.crawlable = false
        #expect(signals.statements(for: q).isEmpty)
    }

    @Test func contentUsageOutsideAGroupIsIgnoredAndReported() {
        let robots = RobotsTxt("Content-Usage: train-ai=n\nUser-agent: *\nAllow: /\n")
        let signals = PrefSpecs.robots(robots)
        #expect(signals.findings.map(\.code) == ["content-usage-outside-group"])
        #expect(signals.findings.first?.line == 1)
        #expect(signals.findings.first?.text == "Content-Usage: train-ai=n")
        #expect(signals.statements(for: PrefSpecs.query(robots, "x", "/")).isEmpty)
    }

    @Test func findingsCarryLineNumbers() {
        let text = """
            User-agent: *
            Content-Usage: ai=n
            Content-Usage: /a/ foo=y
            Content-Usage: /b/ train-ai=yes
            Content-Usage: /c/ train-ai=n;exceptions=CC-CR
            Content-Usage: /d/
            Content-Signal: ai-train=nope
            """
        let signals = PrefSpecs.robots(text)
        let got = signals.findings.map { "\($0.line ?? 0):\($0.code)" }
        #expect(
            got == [
                "2:content-usage-legacy-label", "3:content-usage-unknown-label", "4:content-usage-invalid-value",
                "5:cc-signal-non-canonical", "6:content-usage-empty", "7:content-signal-invalid-value",
            ]
        )
        // /d/ states nothing, and as the longest match hides the path-less legacy rule.
        let robots = RobotsTxt(text)
        func usage(_ path: String) -> [PreferenceValue] {
            signals.statements(for: PrefSpecs.query(robots, "x", path))
                .filter { $0.provenance.mechanism == .robotsContentUsage }.map(\.value)
        }
        #expect(usage("/d/1").isEmpty)
        #expect(usage("/e") == [.deny])
    }

    @Test func matcherIsBuiltWhenTheQueryHasNone() {
        let robots = RobotsTxt(Self.attachExample)
        let q = SignalQuery(url: "/test", agent: ProductToken("ExampleBot"), matcher: nil, crawlable: true)
        #expect(PrefSpecs.robots(robots).statements(for: q).first?.provenance.line == 9)
    }

    // MARK: Control tokens

    @Test func googleExtendedGovernsGooglesCrawlers() {
        let robots = RobotsTxt("User-agent: Google-Extended\nDisallow: /\n\nUser-agent: *\nAllow: /\n")
        let signals = PrefSpecs.robots(robots)
        for agent in ["Googlebot", "googlebot-image", "GoogleOther", "Google-Extended"] {
            let s = signals.statements(for: PrefSpecs.query(robots, agent, "/a"))
            #expect(s.map(\.category) == [.aiTrain, .aiInput], "\(agent)")
            #expect(s.allSatisfy { $0.value == .deny && $0.provenance.line == 2 }, "\(agent)")
            #expect(s.allSatisfy { $0.provenance.mechanism == .robotsControlToken }, "\(agent)")
            #expect(s.first?.scopeNote?.contains("Google-Extended") == true)
            #expect(s.first?.provenance.raw == "Disallow: /")
        }
        #expect(signals.statements(for: PrefSpecs.query(robots, "GPTBot", "/a")).isEmpty)
        #expect(signals.statements(for: PrefSpecs.query(robots, "Applebot", "/a")).isEmpty)
    }

    @Test func controlTokenRulesAreMatchedOnThePath() {
        let robots = RobotsTxt("User-agent: Applebot-Extended\nDisallow: /private/\n")
        let signals = PrefSpecs.robots(robots)
        let closed = signals.statements(for: PrefSpecs.query(robots, "Applebot", "/private/a"))
        #expect(closed.map(\.value) == [.deny])
        #expect(closed.first?.category == .aiTrain)
        #expect(closed.first?.provenance.line == 2)
        let open = signals.statements(for: PrefSpecs.query(robots, "Applebot", "/public"))
        #expect(open.map(\.value) == [.allow])
        #expect(open.first?.provenance.line == 1)
        let webz = RobotsTxt("User-agent: Webzio-Extended\nDisallow: /\n")
        #expect(PrefSpecs.robots(webz).statements(for: PrefSpecs.query(webz, "omgilibot", "/")).map(\.value) == [.deny])
    }

    @Test func aStarGroupSaysNothingAboutControlTokens() {
        let robots = RobotsTxt("User-agent: *\nDisallow: /\n")
        #expect(PrefSpecs.robots(robots).statements(for: PrefSpecs.query(robots, "Googlebot", "/a")).isEmpty)
    }

    @Test func registryDerivedControlTable() {
        let table = ControlTokenVocabulary(registry: PrefSpecs.registry)
        #expect(
            Set(table.tokens.map { $0.token.lowercased() }) == [
                "google-extended", "applebot-extended", "webzio-extended",
            ]
        )
        let robots = RobotsTxt("User-agent: Google-Extended\nDisallow: /\n")
        let signals = RobotsSignals(
            robots: robots,
            document: "r",
            aipref: PrefSpecs.aipref,
            ccSignals: PrefSpecs.cc,
            contentSignal: PrefSpecs.contentSignal,
            registry: PrefSpecs.registry
        )
        #expect(signals.statements(for: PrefSpecs.query(robots, "GoogleOther", "/")).map(\.category) == [.aiTrain])
        #expect(signals.statements(for: PrefSpecs.query(robots, "Googlebot", "/")).isEmpty)
    }

    // MARK: Implied

    struct ImpliedCase: Sendable, CustomTestStringConvertible {
        var text: String
        var agent: String
        var path: String
        var expected: [UseCategory]
        var value: PreferenceValue
        var line: Int
        var testDescription: String { "\(agent) \(path)" }
    }

    static let implied: [ImpliedCase] = [
        ImpliedCase(
            text: "User-agent: GPTBot\nDisallow: /\n",
            agent: "GPTBot",
            path: "/a",
            expected: [.aiTrain],
            value: .deny,
            line: 2
        ),
        ImpliedCase(
            text: "User-agent: OAI-SearchBot\nAllow: /\n",
            agent: "OAI-SearchBot",
            path: "/a",
            expected: [.search],
            value: .allow,
            line: 2
        ),
        ImpliedCase(
            text: "User-agent: ChatGPT-User\nDisallow: /private\n",
            agent: "ChatGPT-User",
            path: "/private/x",
            expected: [.aiInput],
            value: .deny,
            line: 2
        ),
        ImpliedCase(
            text: "User-agent: ChatGPT-User\nDisallow: /private\n",
            agent: "ChatGPT-User",
            path: "/pub",
            expected: [.aiInput],
            value: .allow,
            line: 1
        ),
        ImpliedCase(
            text: "User-agent: Amazonbot\nDisallow: /\n",
            agent: "Amazonbot",
            path: "/",
            expected: [.search, .aiTrain],
            value: .deny,
            line: 2
        ),
    ]

    @Test(arguments: implied)
    func impliedByTheCrawlersOwnGroup(_ c: ImpliedCase) {
        let robots = RobotsTxt(c.text)
        let s = PrefSpecs.robots(robots).statements(for: PrefSpecs.query(robots, c.agent, c.path))
        #expect(s.map(\.category) == c.expected)
        #expect(s.allSatisfy { $0.value == c.value && $0.inherited && $0.provenance.line == c.line })
        #expect(s.allSatisfy { $0.provenance.mechanism == .robotsImplied })
    }

    @Test func noImplicationWithoutAnOwnGroupOrAKnownPurpose() {
        let star = RobotsTxt("User-agent: *\nDisallow: /\n")
        #expect(PrefSpecs.robots(star).statements(for: PrefSpecs.query(star, "GPTBot", "/")).isEmpty)
        let other = RobotsTxt("User-agent: GoogleOther\nDisallow: /\n")
        #expect(PrefSpecs.robots(other).statements(for: PrefSpecs.query(other, "GoogleOther", "/")).isEmpty)
    }

    // MARK: Real files

    @Test func mcpjunction() throws {
        let robots = RobotsTxt(try Fixtures.bytes("robots/misc/mcpjunction.ai.robots.txt"))
        let signals = PrefSpecs.robots(robots, document: "Corpus/robots/misc/mcpjunction.ai.robots.txt")
        #expect(signals.findings.isEmpty)
        func values(_ agent: String, _ mechanism: Mechanism) -> (Values, Set<Int>) {
            var v: Values = [:]
            var lines = Set<Int>()
            for s in signals.statements(for: PrefSpecs.query(robots, agent, "https://mcpjunction.ai/servers/x"))
            where s.provenance.mechanism == mechanism {
                v[s.category] = s.value
                lines.insert(s.provenance.line ?? 0)
            }
            return (v, lines)
        }
        let welcome: Values = [.search: .allow, .aiInput: .allow, .aiTrain: .deny]
        #expect(values("SomeBot", .robotsContentSignal) == (welcome, [51]))
        #expect(values("Googlebot", .robotsContentSignal) == (welcome, [64]))
        #expect(values("Googlebot", .robotsControlToken) == ([.aiTrain: .deny, .aiInput: .deny], [123]))
        #expect(values("ChatGPT-User", .robotsContentSignal) == (welcome, [77]))
        #expect(values("ChatGPT-User", .robotsImplied) == ([.aiInput: .allow], [78]))
        #expect(values("GPTBot", .robotsContentSignal).0.isEmpty)
        #expect(values("GPTBot", .robotsImplied) == ([.aiTrain: .deny], [111]))
        #expect(values("Applebot", .robotsContentSignal) == (welcome, [51]))
        #expect(values("Applebot", .robotsControlToken) == ([.aiTrain: .deny], [131]))
        // Folded for Googlebot, the Google-Extended deny beats the group's ai-input=yes.
        let google = signals.statements(for: PrefSpecs.query(robots, "Googlebot", "/servers/x"))
        let folded = SignalFolder.fold(google)
        #expect(folded.categories[.aiInput]?.value == .deny)
        #expect(folded.categories[.search]?.value == .allow)
    }

    @Test func openpoem() throws {
        let robots = RobotsTxt(try Fixtures.bytes("robots/misc/openpoem.org.robots.txt"))
        let signals = PrefSpecs.robots(robots)
        #expect(signals.findings.isEmpty)
        let some = signals.statements(for: PrefSpecs.query(robots, "SomeBot", "/poems/1"))
        #expect(some.map(\.category) == [.search, .aiInput, .aiTrain])
        #expect(some.map(\.value) == [.allow, .allow, .deny])
        #expect(some.allSatisfy { $0.provenance.line == 13 })
        let gpt = signals.statements(for: PrefSpecs.query(robots, "GPTBot", "/poems/1"))
        #expect(gpt.map(\.provenance.mechanism) == [.robotsImplied])
        #expect(gpt.first?.value == .deny)
        #expect(gpt.first?.provenance.line == 18)
        let google = signals.statements(for: PrefSpecs.query(robots, "Googlebot", "/poems/1"))
        #expect(
            google.map(\.provenance.mechanism) == Array(repeating: .robotsContentSignal, count: 3) + [
                .robotsControlToken, .robotsControlToken,
            ]
        )
        #expect(google.suffix(2).allSatisfy { $0.value == .deny && $0.provenance.line == 21 })
        let apple = signals.statements(for: PrefSpecs.query(robots, "Applebot", "/poems/1"))
        #expect(apple.last?.provenance.mechanism == .robotsControlToken)
        #expect(apple.last?.provenance.line == 24)
        #expect(apple.count == 4)
    }

    /// stackoverflow.com before (Jan 2025) and after (Oct 2025) adding `content-signal` to a `*`
    /// group that disallows everything: the signal reaches only /robots.txt (always crawlable).
    @Test func stackoverflowBeforeAndAfter() throws {
        let before = RobotsTxt(try Fixtures.bytes("robots/gpt-firewall-older/stackoverflow.com.2025-01.robots.txt"))
        let after = RobotsTxt(try Fixtures.bytes("robots/gpt-firewall-older/stackoverflow.com.2025-10.robots.txt"))
        let b = PrefSpecs.robots(before)
        let a = PrefSpecs.robots(after)
        #expect(b.findings.isEmpty && a.findings.isEmpty)
        for url in ["https://stackoverflow.com/questions/1", "https://stackoverflow.com/robots.txt"] {
            #expect(b.statements(for: PrefSpecs.query(before, "GPTBot", url)).isEmpty)
        }
        #expect(a.statements(for: PrefSpecs.query(after, "GPTBot", "https://stackoverflow.com/questions/1")).isEmpty)
        let robotsTxt = a.statements(for: PrefSpecs.query(after, "GPTBot", "https://stackoverflow.com/robots.txt"))
        #expect(robotsTxt.map(\.category) == [.search, .aiTrain])
        #expect(robotsTxt.allSatisfy { $0.value == .deny && $0.provenance.line == 2 })
    }

    // MARK: Hostile input

    @Test func garbageBytes() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<100 {
            var bytes = Array("User-agent: *\nContent-Usage: ".utf8)
            bytes += (0..<Int.random(in: 0..<200, using: &generator)).map { _ in
                UInt8.random(in: 0...255, using: &generator)
            }
            bytes += Array("\nContent-Signal: ".utf8)
            bytes += (0..<Int.random(in: 0..<200, using: &generator)).map { _ in
                UInt8.random(in: 0...255, using: &generator)
            }
            let robots = RobotsTxt(bytes)
            let signals = PrefSpecs.robots(robots)
            #expect(signals.findings.allSatisfy { $0.line != nil })
            let s = signals.statements(for: PrefSpecs.query(robots, "GPTBot", "/x"))
            #expect(s.allSatisfy { ($0.provenance.line ?? 0) >= 1 })
        }
        let invalid: [UInt8] =
            Array("User-agent: *\nContent-Usage: train-ai=\u{FF}n\n".utf8) + [0xC3, 0x28, 0xFF, 0x0A]
        let robots = RobotsTxt(invalid)
        let s = PrefSpecs.robots(robots).statements(for: PrefSpecs.query(robots, "x", "/"))
        #expect(s.count == 4)
        #expect(s.allSatisfy { $0.value == .unknown && $0.provenance.line == 2 })
    }

    @Test(.timeLimit(.minutes(1)))
    func hugeFileIsBounded() {
        var text = "User-agent: *\n"
        // 5,000 pairs of lines: about 315 KB, inside the 500 KiB parse limit.
        for i in 0..<5_000 {
            text += "Content-Usage: /p\(i)/ train-ai=\(i % 2 == 0 ? "y" : "n")\nContent-Signal: ai-train=no\n"
        }
        text += "Content-Usage: train-ai=n\n"
        let robots = RobotsTxt(text)
        let signals = PrefSpecs.robots(robots)
        #expect(signals.findings.isEmpty)
        for i in stride(from: 0, to: 5_000, by: 97) {
            let s = signals.statements(for: PrefSpecs.query(robots, "x", "/p\(i)/a"))
            let train = s.filter { $0.provenance.mechanism == .robotsContentUsage }
            #expect(train.map(\.value) == [i % 2 == 0 ? .allow : .deny])
        }
        #expect(robots.stats.bytesIgnored == 0)
        let rest = signals.statements(for: PrefSpecs.query(robots, "x", "/q"))
        #expect(rest.filter { $0.provenance.mechanism == .robotsContentUsage }.map(\.value) == [.deny])
    }
}
