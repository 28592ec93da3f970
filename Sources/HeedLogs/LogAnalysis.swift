// SPDX-License-Identifier: Apache-2.0
// HeedLogs: the result of reading access logs: per crawler, per operator, and in total.

internal import HeedCore

/// One crawler's behaviour in the log.
public struct CrawlerReport: Sendable {
    /// The crawler (registry name, token, operator, purpose).
    public var crawler: LogCrawler
    /// Requests whose User-Agent names it.
    public var requests = 0
    /// Requests to paths the robots.txt in force disallowed it (`/robots.txt` itself never counts).
    public var violations = 0
    /// Requests that could not be checked: no path, a site without signals, or before the first known
    /// robots.txt with `BeforeFirstFetch.unchecked`.
    public var unchecked = 0
    /// Requests checked against a robots.txt version first fetched after them (`BeforeFirstFetch.useFirst`).
    public var checkedAgainstLaterVersion = 0
    /// Requests the version in force disallowed but one in force within the grace period allowed.
    public var withinGrace = 0
    /// Requests for `/robots.txt`.
    public var robotsRequests = 0
    /// Requests (other than for `/robots.txt`) earlier in the log than its first `/robots.txt` request
    /// (all of them when it never asked), summed over the sites it visited.
    public var requestsBeforeRobots = 0
    /// True when on every site it visited its first request was for `/robots.txt`.
    public var robotsFetchedFirst = false
    /// The earliest and latest request times (Unix seconds).
    public var firstSeen: Int64 = 0
    /// See `firstSeen`.
    public var lastSeen: Int64 = 0
    /// Minutes with at least one request.
    public var activeMinutes = 0
    /// Requests per minute from its first minute to its last (inclusive).
    public var averagePerMinute = 0.0
    /// The most requests in one clock minute, and that minute's start (Unix seconds).
    public var peakPerMinute = 0
    /// See `peakPerMinute`.
    public var peakMinute: Int64 = 0
    /// Requests per response status (0: the log has none), by status.
    public var statuses: [(status: Int, count: Int)] = []
    /// The first violating requests in log order.
    public var examples: [ViolationExample] = []
    /// The sites it requested (hosts; `(unknown site)` for lines naming no site with signals).
    public var sites: [String] = []

    /// True when it ever asked for `/robots.txt`.
    public var robotsFetched: Bool { robotsRequests > 0 }
}

/// The crawlers of one operator added up.
public struct OperatorSummary: Sendable, Hashable {
    /// The operator (the crawler's name when the registry names none).
    public var name: String
    /// Its crawlers seen in the log, in report order.
    public var crawlers: [String]
    /// Their requests.
    public var requests: Int
    /// Their violations.
    public var violations: Int
}

/// Totals of the whole run.
public struct LogSummary: Sendable {
    /// The files read, in order.
    public var files: [LogFileInfo] = []
    /// Lines read (including blank and malformed ones).
    public var lines = 0
    /// Blank lines (skipped, not requests).
    public var blank = 0
    /// Lines that could not be read (the first ones are in `problems`).
    public var malformed = 0
    /// The first malformed lines.
    public var problems: [LogProblem] = []
    /// Requests read.
    public var requests = 0
    /// Requests without a User-Agent (the Common Log Format has none): no crawler can be identified.
    public var withoutUserAgent = 0
    /// Requests from registry crawlers.
    public var crawlerRequests = 0
    /// Violations of all crawlers.
    public var violations = 0
    /// Crawler requests that could not be checked.
    public var unchecked = 0
    /// Crawler requests on lines naming no site with signals (with several sites).
    public var unknownSiteRequests = 0
    /// The earliest and latest request times, when there was a request.
    public var firstSeen: Int64?
    /// See `firstSeen`.
    public var lastSeen: Int64?
    /// The sites and how many robots.txt versions each has.
    public var sites: [(host: String, versions: Int)] = []
}

/// What `heed logs` reports.
public struct LogAnalysis: Sendable {
    /// One report per crawler seen, most violations first, then most requests, then by name.
    public var crawlers: [CrawlerReport]
    /// Per operator, most violations first.
    public var operators: [OperatorSummary]
    /// Totals.
    public var summary: LogSummary

    /// The caveat every report carries: logs cannot tell a crawler from an impostor.
    public static let spoofingCaveat =
        "A User-Agent header is whatever the client sends: anyone can claim to be GPTBot, and a crawler can "
        + "claim to be a browser. These figures attribute requests by User-Agent only; confirming a crawler "
        + "needs its operator's published IP ranges or a reverse DNS check, which a log alone cannot give."
}

/// Merges chunk results in log order into the analysis.
enum LogMerge {
    static func analysis(_ results: [ChunkResult], files: [LogFileInfo], context: LogContext) -> LogAnalysis {
        let options = context.options
        let crawlerCount = context.identifier.crawlers.count
        var summary = LogSummary()
        summary.files = files
        summary.sites = context.sites.map { ($0.host, $0.versions.count) }
        var fileLines = [Int](repeating: 0, count: max(1, files.count))
        var tallies: [Int: CrawlerTally] = [:]
        var first = Int64.max
        var last = Int64.min
        for result in results {
            let base = fileLines[result.file]
            let name = result.file < files.count ? files[result.file].name : "-"
            for p in result.problems where summary.problems.count < options.problemLimit {
                summary.problems.append(LogProblem(file: name, line: base + p.line, message: p.message))
            }
            summary.lines += result.lines
            summary.blank += result.blank
            summary.malformed += result.malformed
            summary.requests += result.requests
            summary.withoutUserAgent += result.withoutUserAgent
            summary.crawlerRequests += result.crawlerRequests
            first = min(first, result.firstTime)
            last = max(last, result.lastTime)
            for key in result.tallies.keys.sorted() {
                var tally = result.tallies[key]!
                for i in tally.examples.indices {
                    tally.examples[i].line += base
                    tally.examples[i].file = name
                }
                tallies[key, default: CrawlerTally()].append(tally, exampleLimit: options.examplesPerCrawler)
            }
            fileLines[result.file] += result.lines
        }
        if summary.requests > 0 {
            summary.firstSeen = first
            summary.lastSeen = last
        }
        var byCrawler: [Int: [(site: Int, tally: CrawlerTally)]] = [:]
        for (key, tally) in tallies { byCrawler[key % crawlerCount, default: []].append((key / crawlerCount, tally)) }
        var reports: [CrawlerReport] = []
        for (crawler, entries) in byCrawler {
            let report = crawlerReport(
                context.identifier.crawlers[crawler],
                entries.sorted { $0.site < $1.site },
                context: context,
                fileOrder: files.map(\.name)
            )
            summary.violations += report.violations
            summary.unchecked += report.unchecked
            reports.append(report)
        }
        summary.unknownSiteRequests = tallies.filter { $0.key / crawlerCount == context.sites.count }
            .reduce(0) { $0 + $1.value.requests }
        reports.sort {
            ($0.violations, $0.requests) != ($1.violations, $1.requests)
                ? ($0.violations, $0.requests) > ($1.violations, $1.requests)
                : $0.crawler.name.lowercased() < $1.crawler.name.lowercased()
        }
        return LogAnalysis(crawlers: reports, operators: operators(reports), summary: summary)
    }

    private static func crawlerReport(
        _ crawler: LogCrawler,
        _ entries: [(site: Int, tally: CrawlerTally)],
        context: LogContext,
        fileOrder: [String]
    ) -> CrawlerReport {
        var report = CrawlerReport(crawler: crawler)
        var firstSeen = Int64.max
        var lastSeen = Int64.min
        var minutes: [Int64: Int] = [:]
        var statuses: [Int: Int] = [:]
        var examples: [ViolationExample] = []
        var first = true
        for (site, t) in entries {
            report.requests += t.requests
            report.violations += t.violations
            report.unchecked += t.unchecked
            report.checkedAgainstLaterVersion += t.assumed
            report.withinGrace += t.withinGrace
            report.robotsRequests += t.robotsRequests
            report.requestsBeforeRobots += t.beforeRobots
            if !(t.sawRobots && t.beforeRobots == 0) { first = false }
            firstSeen = min(firstSeen, t.firstSeen)
            lastSeen = max(lastSeen, t.lastSeen)
            for run in t.minutes { minutes[run.minute, default: 0] += Int(run.count) }
            for s in t.statuses { statuses[s.status, default: 0] += s.count }
            examples += t.examples
            report.sites.append(site < context.sites.count ? context.sites[site].host : "(unknown site)")
        }
        report.robotsFetchedFirst = first
        report.firstSeen = firstSeen
        report.lastSeen = lastSeen
        report.activeMinutes = minutes.count
        if let low = minutes.keys.min(), let high = minutes.keys.max() {
            report.averagePerMinute = Double(report.requests) / Double(high - low + 1)
        }
        for (minute, count) in minutes
        where count > report.peakPerMinute || (count == report.peakPerMinute && minute * 60 < report.peakMinute) {
            report.peakPerMinute = count
            report.peakMinute = minute * 60
        }
        report.statuses = statuses.sorted { $0.key < $1.key }.map { (status: $0.key, count: $0.value) }
        let order = Dictionary(fileOrder.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        report.examples = Array(
            examples.sorted { (order[$0.file] ?? 0, $0.line) < (order[$1.file] ?? 0, $1.line) }
                .prefix(context.options.examplesPerCrawler)
        )
        return report
    }

    private static func operators(_ reports: [CrawlerReport]) -> [OperatorSummary] {
        var order: [String] = []
        var byName: [String: OperatorSummary] = [:]
        for r in reports {
            let name = r.crawler.operatorName ?? r.crawler.name
            if byName[name] == nil {
                order.append(name)
                byName[name] = OperatorSummary(name: name, crawlers: [], requests: 0, violations: 0)
            }
            byName[name]!.crawlers.append(r.crawler.name)
            byName[name]!.requests += r.requests
            byName[name]!.violations += r.violations
        }
        return order.map { byName[$0]! }.sorted {
            ($0.violations, $0.requests) != ($1.violations, $1.requests)
                ? ($0.violations, $0.requests) > ($1.violations, $1.requests)
                : $0.name.lowercased() < $1.name.lowercased()
        }
    }
}
