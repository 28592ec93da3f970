// SPDX-License-Identifier: Apache-2.0
// HeedLogs tests: the text, JSON Lines and HTML reports of the synthetic log (counts from `Scenario`).

import Foundation
import Testing

@testable import HeedLogs

@Suite struct LogReportTests {
    static func analysis() throws -> LogAnalysis {
        try Support.analyze([try Support.file(Scenario.combined().text)], sites: try SyntheticLogTests.storeSites())
    }

    @Test func textHasOneLinePerCrawlerOperatorsTotalsAndTheCaveat() throws {
        let text = LogReportText.render(try Self.analysis())
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("crawler "))
        #expect(lines[1].hasPrefix("Bytespider "))
        #expect(lines[1].contains(" 112 ") && lines[1].contains(" 104 ") && lines[1].contains(" never "))
        #expect(lines[2].hasPrefix("GPTBot ") && lines[2].contains(" first "))
        #expect(lines[4].hasPrefix("ClaudeBot ") && lines[4].contains(" after 2 "))
        #expect(text.contains("  ByteDance: 104 requests to disallowed paths in 112 (Bytespider)\n"))
        #expect(text.contains("  OpenAI: 51 requests to disallowed paths in 104 (GPTBot)\n"))
        #expect(
            text.contains(
                "Totals: 386 lines, 381 requests, 311 from 5 AI crawlers, 190 violations; 3 malformed, 2 blank; "
                    + "2026-02-28T23:00:00Z to 2026-03-02T01:29:07Z\n"
            )
        )
        #expect(text.contains("Note: 2 crawler requests came before the first known robots.txt fetch"))
        #expect(text.contains("Caveat: A User-Agent header is whatever the client sends"))
        #expect(text.contains("  GPTBot: "))
        #expect(
            text.contains(
                ": /private/ga0.html at 2026-03-01T12:00:40Z (https://example.org/robots.txt (fetched 2026-03-01T00:00:00Z): line 3: Disallow: /private/)"
            )
        )
    }

    @Test func operatorLineWithoutViolations() {
        let o = OperatorSummary(name: "OpenAI", crawlers: ["GPTBot"], requests: 12_000, violations: 0)
        #expect(LogReportText.operatorLine(o) == "OpenAI: 0 violations in 12,000 requests (GPTBot)")
        let same = OperatorSummary(name: "Bytespider", crawlers: ["Bytespider"], requests: 5_000, violations: 3_400)
        #expect(LogReportText.operatorLine(same) == "Bytespider: 3,400 requests to disallowed paths in 5,000")
    }

    @Test func jsonLinesHaveNumbersAndASummaryLast() throws {
        let lines = LogReportJSON.lines(try Self.analysis())
        #expect(lines.count == 6)
        let objects = try lines.map {
            try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        let gpt = try #require(objects.first { $0["name"] as? String == "GPTBot" })
        #expect(gpt["type"] as? String == "crawler")
        #expect(gpt["token"] as? String == "GPTBot")
        #expect(gpt["operator"] as? String == "OpenAI")
        #expect(gpt["requests"] as? Int == 104)
        #expect(gpt["violations"] as? Int == 51)
        #expect(gpt["robotsFetched"] as? Bool == true)
        #expect(gpt["robotsFetchedFirst"] as? Bool == true)
        #expect(gpt["requestsBeforeRobots"] as? Int == 0)
        #expect(gpt["peakPerMinute"] as? Int == 3)
        #expect(gpt["firstSeen"] as? String == "2026-03-01T12:00:00Z")
        #expect((gpt["statuses"] as? [String: Int]) == ["200": 62, "403": 20, "404": 22])
        #expect((gpt["examples"] as? [[String: Any]])?.count == 3)
        let claude = try #require(objects.first { $0["name"] as? String == "ClaudeBot" })
        #expect(claude["robotsFetchedFirst"] as? Bool == false)
        #expect(claude["requestsBeforeRobots"] as? Int == 2)
        let summary = try #require(objects.last)
        #expect(summary["type"] as? String == "summary")
        #expect(summary["lines"] as? Int == 386)
        #expect(summary["requests"] as? Int == 381)
        #expect(summary["crawlerRequests"] as? Int == 311)
        #expect(summary["violations"] as? Int == 190)
        #expect(summary["malformed"] as? Int == 3)
        #expect((summary["problems"] as? [[String: Any]])?.map { $0["line"] as? Int } == [11, 201, 301])
        #expect((summary["operators"] as? [[String: Any]])?.first?["name"] as? String == "ByteDance")
        #expect((summary["caveat"] as? String)?.hasPrefix("A User-Agent header is whatever the client sends") == true)
    }

    @Test func decimalsAreWrittenWithTwoPlacesAtMost() throws {
        let lines = LogReportJSON.lines(try Self.analysis())
        // GPTBot: 104 requests from 12:00 to 01:16 the next day (13 h 17 min: 798 minutes) = 0.13 per minute.
        let gpt = try #require(lines.first { $0.contains("\"name\":\"GPTBot\"") })
        #expect(gpt.contains("\"averagePerMinute\":0.13,"))
    }

    @Test func htmlIsSelfContainedWithChartsAndTotals() throws {
        let html = LogReportHTML.render(try Self.analysis())
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("src=\"http"))
        #expect(!html.contains("href=\"http"))
        #expect(html.components(separatedBy: "<svg").count - 1 == 2)
        #expect(html.contains("Requests to disallowed paths per crawler"))
        #expect(html.contains(">190</div><div class=\"label\">violations<"))
        #expect(html.contains(">381</div><div class=\"label\">requests<"))
        #expect(html.contains(">311</div><div class=\"label\">from AI crawlers<"))
        #expect(html.contains("ByteDance: 104 requests to disallowed paths in 112 (Bytespider)"))
        #expect(html.contains("<td class=\"n deny\">104</td>"))
        #expect(html.contains("A User-Agent header is whatever the client sends"))
        #expect(html.contains("access.log:11: no [time] field"))
    }

    @Test func htmlEscapesWhatTheLogSays() throws {
        let evil =
            "192.0.2.1 - - [01/Mar/2026:12:00:00 +0000] \"GET /<script>alert(1)</script> HTTP/1.1\" 200 1 \"-\" \""
            + Support.ua("GPTBot") + "\"\n"
        let analysis = try Support.analyze(
            [try Support.file(evil, name: "<b>.log")],
            sites: [Support.site(robots: "User-agent: GPTBot\nDisallow: /\n")]
        )
        let html = LogReportHTML.render(analysis)
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!html.contains("<b>.log"))
    }
}
