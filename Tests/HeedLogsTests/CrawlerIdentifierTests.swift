// SPDX-License-Identifier: Apache-2.0
// HeedLogs tests: registry names found in User-Agent headers as whole tokens.

import Foundation
import HeedCore
import Testing

@testable import HeedLogs

struct CrawlerIdentifierTests {
    static let identifier = CrawlerIdentifier(registry: Support.registry)

    /// The real headers of `Fixtures/user-agents.tsv` and constructed edge cases, against the real registry.
    @Test(arguments: [
        (Support.ua("GPTBot"), "GPTBot"),
        (Support.ua("ChatGPT-User"), "ChatGPT-User"),  // not "OpenAI" from openai.com
        (Support.ua("OAI-SearchBot"), "OAI-SearchBot"),
        (Support.ua("ClaudeBot"), "ClaudeBot"),
        (Support.ua("CCBot"), "CCBot"),
        (Support.ua("Bytespider"), "Bytespider"),  // not "Spider" inside spider-feedback
        (Support.ua("PerplexityBot"), "PerplexityBot"),
        (Support.ua("Amazonbot"), "Amazonbot"),
        (Support.ua("meta-externalagent"), "meta-externalagent"),
        ("Mozilla/5.0 (compatible; Meta-ExternalAgent/1.1)", "meta-externalagent"),  // one crawler, first name
        ("GPTBOT/1.0", "GPTBot"),
        ("Mozilla/5.0 (compatible; Google-CloudVertexBot)", "Google-CloudVertexBot"),
        ("iaskspider/2.0 (+https://iask.ai)", "iaskspider"),
        ("Mozilla/5.0 (compatible; Brightbot 1.0)", "Brightbot 1.0"),  // the longest name wins
        ("Brightbot/2.0", "Brightbot"),
        ("Mozilla/5.0 (compatible; panscient.com)", "panscient.com"),
        // A generic registry name matches an unrelated client (documented limitation).
        (
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Code/1.90.0 Chrome/122.0 Electron/29.4.0",
            "Code"
        ),
    ])
    func identifies(userAgent: String, name: String) {
        #expect(Self.identifier.identify(userAgent)?.name == name)
    }

    @Test(arguments: [
        Support.ua("Googlebot"), Support.ua("Browser"), "NotGPTBot/1.0", "GPTBot_v2", "GPTBot-News", "GPTBot.1",
        "xCCBot",
        "Mozilla/5.0 (compatible; Google-Extended)", "Mozilla/5.0 (compatible; Applebot-Extended/1.0)", "", "-",
        "Mozilla/5.0 (compatible; Bingbot/2.0)", "ClaudeBotty",
    ])
    func ignores(userAgent: String) {
        #expect(Self.identifier.identify(userAgent) == nil)
    }

    /// Control tokens never appear in a User-Agent: they are not crawlers to look for.
    @Test func controlTokensAreNotCrawlers() {
        let names = Set(Self.identifier.crawlers.flatMap(\.names).map { $0.lowercased() })
        #expect(!names.contains("google-extended"))
        #expect(!names.contains("applebot-extended"))
        #expect(names.contains("gptbot"))
        #expect(Self.identifier.crawlers.count == Self.identifier.tokens.count)
    }

    /// The brief's rule on a registry built for it: "Bot" is a name, and still does not match inside "GPTBot".
    @Test(
        arguments: [
            ("Mozilla/5.0 (compatible; GPTBot/1.1)", "GPTBot"),
            ("Mozilla/5.0 (compatible; Bot/1.1)", "Bot"),
            ("bot", "Bot"),
            ("Mozilla/5.0 (compatible; RoBot/1.1)", nil),
            ("Mozilla/5.0 (compatible; Bots/1.1)", nil),
            ("see https://openai.com/gptbot", "GPTBot"),
            ("OpenAI-Agent", nil),
            ("(OpenAI)", "OpenAI"),
            ("é-GPTBot", nil),
            ("GPTBot;OpenAI", "GPTBot"),  // both match; the longer name wins
        ] as [(String, String?)]
    )
    func wholeTokens(userAgent: String, name: String?) throws {
        let json = """
            {"schema": 1, "source": {"name": "t", "url": "u", "commit": "c", "date": "d", "license": "l"},
             "curated": "2026", "purposes": {},
             "agents": [
              {"name": "Bot", "robotsToken": "Bot", "validRFC9309Token": true, "purpose": "unknown", "control": false, "respectsRobots": "unclear"},
              {"name": "GPTBot", "robotsToken": "GPTBot", "validRFC9309Token": true, "purpose": "training", "control": false, "respectsRobots": "yes"},
              {"name": "OpenAI", "robotsToken": "OpenAI", "validRFC9309Token": true, "purpose": "unknown", "control": false, "respectsRobots": "yes"}
             ]}
            """
        let identifier = CrawlerIdentifier(registry: try AgentRegistry(json: Data(json.utf8)))
        #expect(identifier.identify(userAgent)?.name == name)
    }

    @Test func cacheRemembersAndStartsOverAtItsLimit() {
        var cache = ByteKeyCache(limit: 100)
        var computed = 0
        func lookup(_ key: String) -> Int {
            var copy = key
            return copy.withUTF8 { bytes in
                let hash = ByteKeyCache.hash(bytes)
                if let known = cache.find(bytes, hash: hash) { return known }
                computed += 1
                let value = key.count
                cache.insert(bytes, hash: hash, value: value)
                return value
            }
        }
        for round in 0..<2 {
            for i in 0..<90 {
                #expect(lookup("agent-\(i)-" + String(repeating: "x", count: i)) == 7 + String(i).count + i)
            }
            #expect(computed == 90, "round \(round): the second round is all hits")
        }
        for i in 90..<300 { _ = lookup("agent-\(i)") }
        #expect(computed == 300)
        _ = lookup("agent-299")
        #expect(computed == 300, "the latest keys survive a restart")
        _ = lookup("agent-0-")
        #expect(computed == 301, "older keys were dropped at the limit")
    }

    @Test func hashSeesEveryByte() {
        var seen = Set<UInt64>()
        let base = Array(String(repeating: "a", count: 100).utf8)
        for i in 0..<base.count {
            var changed = base
            changed[i] = UInt8(ascii: "b")
            seen.insert(changed.withUnsafeBufferPointer { ByteKeyCache.hash($0) })
        }
        for n in 0...100 {
            seen.insert(base.withUnsafeBufferPointer { ByteKeyCache.hash(UnsafeBufferPointer(rebasing: $0[0..<n])) })
        }
        #expect(seen.count == 201)
    }
}
