// SPDX-License-Identifier: Apache-2.0
// HeedLogs tests: the synthetic log of `Scenario` (real User-Agents, robots.txt changing midway) with
// exact expected counts worked out by construction (see the table on `Scenario`).

import Foundation
import HeedCore
import HeedStore
import Testing

@testable import HeedLogs

/// Expected per-crawler figures.
struct Expected: Equatable, CustomStringConvertible {
    var requests: Int
    var violations: Int
    var robotsFirst: Bool
    var beforeRobots: Int

    var description: String {
        "\(requests) requests, \(violations) violations, first \(robotsFirst), before \(beforeRobots)"
    }
}

@Suite struct SyntheticLogTests {
    /// The store of the scenario: robots.txt v1 fetched on March 1st, v2 on March 2nd.
    static func store() throws -> SignalStore {
        let path = try Support.temporaryDirectory().appendingPathComponent("store.sqlite").path
        let store = try SignalStore(path: path)
        let url = "https://\(Scenario.host)/robots.txt"
        for (body, fetched) in [(Scenario.v1, Scenario.v1Fetch), (Scenario.v2, Scenario.v2Fetch)] {
            try store.put(
                Document(url: url, status: 200, body: Array(body.utf8)),
                fetchedAt: Date(fetched),
                expiresAt: Date(fetched + 86_400)
            )
        }
        return store
    }

    static func storeSites() throws -> [SiteRobots] {
        let (sites, perLine) = try LogSites.store(try store(), site: nil)
        #expect(!perLine)
        return sites
    }

    /// By construction (`Scenario`), with the store's two versions.
    static let storeExpectations: [String: Expected] = [
        "GPTBot": Expected(requests: 104, violations: 51, robotsFirst: true, beforeRobots: 0),
        "ClaudeBot": Expected(requests: 53, violations: 11, robotsFirst: false, beforeRobots: 2),
        "CCBot": Expected(requests: 30, violations: 18, robotsFirst: false, beforeRobots: 30),
        "Bytespider": Expected(requests: 112, violations: 104, robotsFirst: false, beforeRobots: 112),
        "PerplexityBot": Expected(requests: 12, violations: 6, robotsFirst: true, beforeRobots: 0),
    ]

    static func check(_ analysis: LogAnalysis, _ expected: [String: Expected]) {
        #expect(
            Set(analysis.crawlers.map(\.crawler.name)) == Set(expected.keys),
            "Googlebot and browsers are not AI crawlers"
        )
        for (name, want) in expected {
            guard let c = Support.crawler(analysis, name) else {
                Issue.record("\(name) missing")
                continue
            }
            let got = Expected(
                requests: c.requests,
                violations: c.violations,
                robotsFirst: c.robotsFetchedFirst,
                beforeRobots: c.requestsBeforeRobots
            )
            #expect(got == want, "\(name)")
        }
    }

    @Test func storeVersionsGiveTheExpectedCounts() throws {
        let sites = try Self.storeSites()
        #expect(sites.count == 1)
        #expect(sites[0].versions.map(\.since) == [Scenario.v1Fetch, Scenario.v2Fetch])
        let (text, malformed) = Scenario.combined()
        let analysis = try Support.analyze([try Support.file(text)], sites: sites)
        Self.check(analysis, Self.storeExpectations)
        let s = analysis.summary
        #expect(s.lines == 386)
        #expect(s.blank == 2)
        #expect(s.malformed == 3)
        #expect(s.problems.map(\.line) == malformed)
        #expect(s.problems.map(\.message) == ["no [time] field", "unreadable time", "no size after the status"])
        #expect(s.requests == 381)
        #expect(s.crawlerRequests == 311)
        #expect(s.violations == 190)
        #expect(
            analysis.crawlers.map(\.crawler.name) == ["Bytespider", "GPTBot", "CCBot", "ClaudeBot", "PerplexityBot"]
        )
        let bytespider = try #require(Support.crawler(analysis, "Bytespider"))
        #expect(bytespider.checkedAgainstLaterVersion == 2, "two requests before the first fetch")
        #expect(bytespider.peakPerMinute == 6)
        #expect(LogTimestamp.iso(bytespider.peakMinute) == "2026-03-01T12:00:00Z")
        let gpt = try #require(Support.crawler(analysis, "GPTBot"))
        #expect(gpt.robotsRequests == 2)
        #expect(gpt.peakPerMinute == 3)
        #expect(LogTimestamp.iso(gpt.firstSeen) == "2026-03-01T12:00:00Z")
        #expect(LogTimestamp.iso(gpt.lastSeen) == "2026-03-02T01:16:40Z")
        #expect(gpt.statuses.map { "\($0.status):\($0.count)" } == ["200:62", "403:20", "404:22"])
        #expect(gpt.examples.count == 3)
        #expect(gpt.examples.first?.target == "/private/ga0.html")
        #expect(gpt.examples.first?.reason == "line 3: Disallow: /private/")
        let operators = analysis.operators.map { "\($0.name) \($0.violations)/\($0.requests)" }
        #expect(
            operators == [
                "ByteDance 104/112", "OpenAI 51/104", "Common Crawl Foundation 18/30", "Anthropic 11/53",
                "Perplexity 6/12",
            ]
        )
    }

    @Test func theRuleInForceAtTheSecondDecides() throws {
        let sites = try Self.storeSites()
        let (text, _) = Scenario.combined()
        let analysis = try Support.analyze([try Support.file(text)], sites: sites)
        let gpt = try #require(Support.crawler(analysis, "GPTBot"))
        // /drafts/edge-before.html at 23:59:59 is allowed by v1; edge-at at 00:00:00 is the first v2 violation.
        let targets = analysis.crawlers.flatMap(\.examples).map(\.target)
        #expect(!targets.contains("/drafts/edge-before.html"))
        var options = LogOptions()
        options.examplesPerCrawler = 100
        let all = try Support.analyze([try Support.file(text)], sites: sites, options: options)
        let gptAll = try #require(Support.crawler(all, "GPTBot"))
        #expect(gptAll.examples.count == 51)
        #expect(
            gptAll.examples.contains {
                $0.target == "/drafts/edge-at.html" && $0.robots.contains("2026-03-02T00:00:00Z")
            }
        )
        #expect(!gptAll.examples.contains { $0.target == "/drafts/edge-before.html" })
        #expect(gpt.violations == 51)
    }

    @Test func requestsBeforeTheFirstFetchCanBeLeftUnchecked() throws {
        var options = LogOptions()
        options.beforeFirstFetch = .unchecked
        let analysis = try Support.analyze(
            [try Support.file(Scenario.combined().text)],
            sites: try Self.storeSites(),
            options: options
        )
        let bytespider = try #require(Support.crawler(analysis, "Bytespider"))
        #expect(bytespider.violations == 102)
        #expect(bytespider.unchecked == 2)
        #expect(bytespider.checkedAgainstLaterVersion == 0)
        #expect(analysis.summary.violations == 188)
    }

    /// With a 24-hour grace (RFC 9309 §2.4), a request v2 disallows but v1 allowed is not a violation:
    /// GPTBot's 10 /drafts/ in half B and the one at 00:00:00; Bytespider's 4 of 5 per cycle in half B (80);
    /// PerplexityBot's 4 in half B. CCBot's /admin/ stays one (v1 disallowed it too).
    @Test func gracePeriodForCachedCopies() throws {
        var options = LogOptions()
        options.graceSeconds = 24 * 3600
        let analysis = try Support.analyze(
            [try Support.file(Scenario.combined().text)],
            sites: try Self.storeSites(),
            options: options
        )
        let expected: [String: (violations: Int, grace: Int)] = [
            "GPTBot": (40, 11), "ClaudeBot": (11, 0), "CCBot": (18, 0), "Bytespider": (24, 80), "PerplexityBot": (2, 4),
        ]
        for (name, want) in expected {
            let c = try #require(Support.crawler(analysis, name))
            #expect(c.violations == want.violations, "\(name)")
            #expect(c.withinGrace == want.grace, "\(name)")
        }
        #expect(analysis.summary.violations == 95)
    }

    /// A snapshot holds one version (v2 here), in force at every time: GPTBot 20 cycles × 3 + both edges = 62;
    /// ClaudeBot 11; CCBot only /admin/ = 6; Bytespider everything = 112; PerplexityBot 10.
    @Test func snapshotVersionIsAlwaysInForce() throws {
        let dir = try Support.temporaryDirectory()
        try FileManager.default.createDirectory(
            at: dir.appendingPathComponent(Scenario.host),
            withIntermediateDirectories: true
        )
        try Data(Scenario.v2.utf8).write(to: dir.appendingPathComponent("\(Scenario.host)/robots.txt"))
        let (sites, perLine) = try LogSites.snapshot(try Snapshot(root: dir), site: nil)
        #expect(!perLine)
        let analysis = try Support.analyze([try Support.file(Scenario.combined().text)], sites: sites)
        Self.check(
            analysis,
            [
                "GPTBot": Expected(requests: 104, violations: 62, robotsFirst: true, beforeRobots: 0),
                "ClaudeBot": Expected(requests: 53, violations: 11, robotsFirst: false, beforeRobots: 2),
                "CCBot": Expected(requests: 30, violations: 6, robotsFirst: false, beforeRobots: 30),
                "Bytespider": Expected(requests: 112, violations: 112, robotsFirst: false, beforeRobots: 112),
                "PerplexityBot": Expected(requests: 12, violations: 10, robotsFirst: true, beforeRobots: 0),
            ]
        )
        #expect(analysis.summary.violations == 201)
        #expect(analysis.crawlers.allSatisfy { $0.checkedAgainstLaterVersion == 0 })
    }

    @Test func jsonLinesGiveTheSameCounts() throws {
        let (text, malformed) = Scenario.json()
        let analysis = try Support.analyze([try Support.file(text)], sites: try Self.storeSites())
        Self.check(analysis, Self.storeExpectations)
        #expect(analysis.summary.problems.map(\.line) == malformed)
        #expect(
            analysis.summary.files.first?.format.hasPrefix("json (user-agent=http_user_agent, path=request_uri") == true
        )
    }

    @Test func virtualHostsAttributeLinesToSites() throws {
        let other = Support.site("other.example", robots: "User-agent: *\nDisallow: /\n")
        var options = LogOptions()
        options.sitePerLine = true
        let text = Scenario.combined(vhost: true).text
        let analysis = try Support.analyze(
            [try Support.file(text)],
            sites: try Self.storeSites() + [other],
            options: options
        )
        Self.check(analysis, Self.storeExpectations)
        // Lines naming a host with no signals are counted, not checked.
        let renamed = text.replacingOccurrences(of: "example.org:443 ", with: "unknown.example ")
        let unknown = try Support.analyze(
            [try Support.file(renamed)],
            sites: try Self.storeSites() + [other],
            options: options
        )
        #expect(unknown.summary.violations == 0)
        #expect(unknown.summary.unknownSiteRequests == 311)
        #expect(unknown.crawlers.allSatisfy { $0.sites == ["(unknown site)"] })
    }

    /// Every worker count and chunk size gives the same analysis, including "robots.txt first" and the
    /// order of examples and problems (chunks are merged in log order).
    @Test(arguments: [(1, 64), (2, 64), (2, 700), (3, 4096), (2, 1 << 20)])
    func resultsDoNotDependOnWorkersOrChunks(workers: Int, chunk: Int) throws {
        let path = try Support.file(Scenario.combined().text)
        let sites = try Self.storeSites()
        let reference = LogReportJSON.lines(try Support.analyze([path], sites: sites))
        var options = LogOptions()
        options.workers = workers
        options.chunkSize = chunk
        let lines = LogReportJSON.lines(try Support.analyze([path], sites: sites, options: options))
        #expect(lines == reference)
    }

    @Test func gzipInputGivesTheSameAnalysis() throws {
        let path = try Support.file(Scenario.combined().text)
        let sites = try Self.storeSites()
        let plain = try Support.analyze([path], sites: sites)
        let packed = try Support.analyze([try Support.gzip(path)], sites: sites)
        #expect(packed.summary.files.first?.gzip == true)
        var a = LogReportJSON.lines(plain)
        var b = LogReportJSON.lines(packed)
        // Only the file names and byte counts differ.
        a.removeLast()
        b.removeLast()
        #expect(
            a.map { $0.replacingOccurrences(of: ".gz", with: "") }
                == b.map { $0.replacingOccurrences(of: ".gz", with: "") }
        )
        #expect(packed.summary.violations == plain.summary.violations)
        #expect(packed.summary.lines == plain.summary.lines)
    }

    /// Rotated logs given oldest first read as one log: line numbers restart per file, counts add up.
    @Test func severalFilesReadInOrder() throws {
        let lines = Scenario.combined().text.split(separator: "\n", omittingEmptySubsequences: false)
        let first = lines[0..<150].joined(separator: "\n") + "\n"
        let second = lines[150...].joined(separator: "\n")
        let a = try Support.file(first, name: "access.log.1")
        let b = try Support.file(second, name: "access.log")
        let analysis = try Support.analyze([a, b], sites: try Self.storeSites())
        Self.check(analysis, Self.storeExpectations)
        #expect(
            analysis.summary.problems.map { "\(URL(fileURLWithPath: $0.file).lastPathComponent):\($0.line)" }
                == ["access.log.1:11", "access.log:51", "access.log:151"]
        )
    }
}
