// SPDX-License-Identifier: Apache-2.0
// HeedLogs tests: a synthetic but realistic access log whose every count is known by construction — real
// User-Agent strings, a robots.txt that changes midway, malformed and blank lines — in the Combined Log
// Format and as nginx-style JSON Lines.

import Foundation

@testable import HeedLogs

/// One request of the synthetic log.
struct SyntheticRequest {
    var time: Int64
    /// The fixture name of its User-Agent (`Fixtures/user-agents.tsv`).
    var agent: String
    var path: String
    var status: Int
}

/// The scenario: example.org's robots.txt changes at 2026-03-02T00:00:00Z.
///
/// v1 (fetched 2026-03-01T00:00:00Z): GPTBot may not fetch /private/; CCBot nothing; ClaudeBot not
/// /private/ except /private/press/; everyone else not /admin/.
/// v2 (fetched 2026-03-02T00:00:00Z): GPTBot also not /drafts/; PerplexityBot and Bytespider nothing;
/// CCBot's group is gone (so only /admin/ for it).
///
/// Every crawler cycles through five paths: /open/, /private/, /private/press/, /drafts/, /admin/. The
/// expected counts, worked out from the rules above (see `SyntheticLogTests`), are:
///
/// | crawler | half A (v1) | half B (v2) | extra | violations | requests |
/// |---|---|---|---|---|---|
/// | GPTBot | robots + 10 cycles: 2 each | robots + 10 cycles: 3 each | /drafts/ at 23:59:59 (ok), at 00:00:00 (violation) | 20 + 30 + 1 = 51 | 104 |
/// | ClaudeBot | /open/, /private/ (1), robots, 4 cycles: 1 each | 6 cycles: 1 each | | 1 + 4 + 6 = 11 | 53 |
/// | CCBot | 3 cycles: 5 each | 3 cycles: 1 each | never robots.txt | 15 + 3 = 18 | 30 |
/// | Bytespider | 2 cycles: 1 each | 20 cycles: 5 each | 2 × /admin/ before v1's fetch (1 each) | 2 + 100 + 2 = 104 | 112 |
/// | PerplexityBot | robots + 1 cycle: 1 | robots + 1 cycle: 5 | | 6 | 12 |
///
/// Googlebot (not in the registry, 40 requests) and a browser (30) are not counted.
enum Scenario {
    static let host = "example.org"
    /// 2026-03-01T00:00:00Z and 2026-03-02T00:00:00Z (python: datetime(...).timestamp()).
    static let v1Fetch: Int64 = 1_772_323_200
    static let v2Fetch: Int64 = 1_772_409_600
    /// 2026-03-01T12:00:00Z and 2026-03-02T01:00:00Z.
    static let halfA: Int64 = 1_772_366_400
    static let halfB: Int64 = 1_772_413_200

    static let v1 = """
        # example.org, March 1st
        User-agent: GPTBot
        Disallow: /private/

        User-agent: CCBot
        Disallow: /

        User-agent: ClaudeBot
        Disallow: /private/
        Allow: /private/press/

        User-agent: *
        Disallow: /admin/

        """

    static let v2 = """
        # example.org, March 2nd
        User-agent: GPTBot
        Disallow: /private/
        Disallow: /drafts/

        User-agent: PerplexityBot
        User-agent: Bytespider
        Disallow: /

        User-agent: ClaudeBot
        Disallow: /private/
        Allow: /private/press/

        User-agent: *
        Disallow: /admin/

        """

    /// The five paths of cycle `n`, and their statuses.
    static func cycle(_ tag: String, _ n: Int) -> [(String, Int)] {
        [
            ("/open/\(tag)\(n).html", 200), ("/private/\(tag)\(n).html", 200),
            ("/private/press/\(tag)\(n).html?ref=feed", 200), ("/drafts/\(tag)\(n).html", 404),
            ("/admin/\(tag)\(n).html", 403),
        ]
    }

    /// The requests, in time order (stable for equal times).
    static func requests() -> [SyntheticRequest] {
        var out: [SyntheticRequest] = []
        /// `paths` from `start`, one every `interval` seconds.
        func run(_ agent: String, _ start: Int64, _ interval: Int64, _ paths: [(String, Int)]) {
            for (i, (path, status)) in paths.enumerated() {
                out.append(
                    SyntheticRequest(time: start + Int64(i) * interval, agent: agent, path: path, status: status)
                )
            }
        }
        func cycles(_ tag: String, _ count: Int) -> [(String, Int)] { (0..<count).flatMap { cycle(tag, $0) } }
        let robots = [("/robots.txt", 200)]
        run("GPTBot", halfA, 20, robots + cycles("ga", 10))
        run("GPTBot", halfB, 20, robots + cycles("gb", 10))
        run("GPTBot", v2Fetch - 1, 1, [("/drafts/edge-before.html", 404), ("/drafts/edge-at.html", 404)])
        run("ClaudeBot", halfA + 7, 60, [("/open/c.html", 200), ("/private/c.html", 200)] + robots + cycles("ca", 4))
        run("ClaudeBot", halfB + 7, 60, cycles("cb", 6))
        run("CCBot", halfA + 3, 30, cycles("xa", 3))
        run("CCBot", halfB + 3, 30, cycles("xb", 3))
        run("Bytespider", 1_772_319_600, 10, [("/admin/early-0.html", 403), ("/admin/early-1.html", 403)])
        run("Bytespider", halfA + 5, 10, cycles("ba", 2))
        run("Bytespider", halfB + 5, 10, cycles("bb", 20))
        run("PerplexityBot", halfA + 11, 60, robots + cycles("pa", 1))
        run("PerplexityBot", halfB + 11, 60, robots + cycles("pb", 1))
        run("Googlebot", halfA + 2, 15, cycles("oa", 4))
        run("Googlebot", halfB + 2, 15, cycles("ob", 4))
        run("Browser", halfA + 1, 45, (0..<15).map { ("/open/page-\($0).html", 200) })
        run("Browser", halfB + 1, 45, (0..<15).map { ("/private/page-\($0).html", 200) })
        return out.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
    }

    /// Malformed lines and where they go (0-based positions among the final lines).
    static let damaged: [(position: Int, text: String)] = [
        (10, "this is not a log line"),
        (200, "192.0.2.1 - - [99/Foo/2026:00:00:00 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"curl/8.5.0\""),
        (300, "192.0.2.1 - - [01/Mar/2026:13:00:00 +0000] \"GET /truncated HTTP/1.1\" 200"),
    ]
    /// Blank lines' positions.
    static let blanks = [50, 51]

    /// The whole log, and the 1-based line numbers of the malformed lines.
    static func combined(vhost: Bool = false) -> (text: String, malformedLines: [Int]) {
        assemble(requests().enumerated().map { i, r in combinedLine(r, index: i, vhost: vhost) })
    }

    /// The same requests as nginx JSON lines (`escape=json` with `$time_iso8601`, `$request_uri`,
    /// `$http_user_agent`, `$status`, `$host`).
    static func json() -> (text: String, malformedLines: [Int]) {
        assemble(requests().enumerated().map { i, r in jsonLine(r, index: i) })
    }

    private static func assemble(_ lines: [String]) -> (text: String, malformedLines: [Int]) {
        var all = lines
        var inserted: [(Int, String)] = damaged.map { ($0.position, $0.text) } + blanks.map { ($0, "") }
        inserted.sort { $0.0 < $1.0 }
        for (position, text) in inserted { all.insert(text, at: position) }
        return (all.joined(separator: "\n") + "\n", damaged.map { $0.position + 1 })
    }

    static func ip(_ index: Int) -> String { "198.51.100.\(index % 250 + 1)" }

    static func combinedLine(_ r: SyntheticRequest, index: Int, vhost: Bool) -> String {
        let referer = index % 3 == 0 ? "https://\(host)/" : "-"
        let prefix = vhost ? "\(host):443 " : ""
        return "\(prefix)\(ip(index)) - - [\(clf(r.time))] \"GET \(r.path) HTTP/1.1\" \(r.status) \(1000 + index) "
            + "\"\(referer)\" \"\(Support.ua(r.agent))\""
    }

    static func jsonLine(_ r: SyntheticRequest, index: Int) -> String {
        let ua = Support.ua(r.agent).replacingOccurrences(of: "/", with: "\\/")
        return "{\"time_iso8601\":\"\(iso(r.time))\",\"remote_addr\":\"\(ip(index))\",\"host\":\"\(host)\","
            + "\"request_method\":\"GET\",\"request_uri\":\"\(r.path)\",\"status\":\"\(r.status)\","
            + "\"body_bytes_sent\":\(1000 + index),\"http_referer\":\"\",\"http_user_agent\":\"\(ua)\","
            + "\"request_time\":0.004}"
    }

    /// `01/Mar/2026:12:00:00 +0000` in UTC, or in a +01:00 zone for odd seconds (the same instant).
    static func clf(_ t: Int64) -> String {
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let shifted = t % 2 == 1
        let local = shifted ? t + 3600 : t
        let c = Calendar.utc.dateComponents([.year, .month, .day, .hour, .minute, .second], from: Date(local))
        return String(
            format: "%02d/%@/%04d:%02d:%02d:%02d %@",
            c.day!,
            months[c.month! - 1],
            c.year!,
            c.hour!,
            c.minute!,
            c.second!,
            shifted ? "+0100" : "+0000"
        )
    }

    /// `2026-03-01T12:00:00+00:00`.
    static func iso(_ t: Int64) -> String {
        let c = Calendar.utc.dateComponents([.year, .month, .day, .hour, .minute, .second], from: Date(t))
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d+00:00",
            c.year!,
            c.month!,
            c.day!,
            c.hour!,
            c.minute!,
            c.second!
        )
    }
}

extension Calendar {
    static let utc: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "UTC")!
        return c
    }()
}

extension Date {
    init(_ seconds: Int64) { self.init(timeIntervalSince1970: TimeInterval(seconds)) }
}
