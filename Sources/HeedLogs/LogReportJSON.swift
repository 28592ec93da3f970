// SPDX-License-Identifier: Apache-2.0
// HeedLogs: `heed logs --json`: one JSON object per crawler, then one summary object (JSON Lines, RFC 8259).

internal import HeedAudit

/// The JSON Lines form of a ``LogAnalysis``; keys are stable (documented in the README).
public enum LogReportJSON {
    /// One line per crawler (`"type": "crawler"`), in report order, then the summary (`"type": "summary"`).
    public static func lines(_ analysis: LogAnalysis) -> [String] {
        analysis.crawlers.map { crawler($0).compact() } + [summary(analysis).compact()]
    }

    static func crawler(_ c: CrawlerReport) -> ReportJSON {
        .object([
            ("type", .string("crawler")),
            ("name", .string(c.crawler.name)),
            ("token", .string(c.crawler.token)),
            ("operator", .optional(c.crawler.operatorName)),
            ("purpose", .string(c.crawler.purpose.rawValue)),
            ("requests", .int(c.requests)),
            ("violations", .int(c.violations)),
            ("unchecked", .int(c.unchecked)),
            ("checkedAgainstLaterVersion", .int(c.checkedAgainstLaterVersion)),
            ("withinGrace", .int(c.withinGrace)),
            ("robotsRequests", .int(c.robotsRequests)),
            ("robotsFetched", .bool(c.robotsFetched)),
            ("robotsFetchedFirst", .bool(c.robotsFetchedFirst)),
            ("requestsBeforeRobots", .int(c.requestsBeforeRobots)),
            ("firstSeen", .string(LogTimestamp.iso(c.firstSeen))),
            ("lastSeen", .string(LogTimestamp.iso(c.lastSeen))),
            ("activeMinutes", .int(c.activeMinutes)),
            ("averagePerMinute", .decimal(c.averagePerMinute)),
            ("peakPerMinute", .int(c.peakPerMinute)),
            ("peakMinute", .string(LogTimestamp.iso(c.peakMinute))),
            ("statuses", .object(c.statuses.map { (String($0.status), .int($0.count)) })),
            ("sites", .array(c.sites.map { .string($0) })),
            ("examples", .array(c.examples.map(example))),
        ])
    }

    static func example(_ e: ViolationExample) -> ReportJSON {
        .object([
            ("file", .string(e.file)),
            ("line", .int(e.line)),
            ("time", .string(LogTimestamp.iso(e.time))),
            ("target", .string(e.target)),
            ("robots", .string(e.robots)),
            ("reason", .string(e.reason)),
        ])
    }

    static func summary(_ analysis: LogAnalysis) -> ReportJSON {
        let s = analysis.summary
        return .object([
            ("type", .string("summary")),
            (
                "files",
                .array(
                    s.files.map {
                        .object([
                            ("name", .string($0.name)), ("format", .string($0.format)), ("gzip", .bool($0.gzip)),
                            ("bytes", .int($0.bytes)),
                        ])
                    }
                )
            ),
            ("sites", .array(s.sites.map { .object([("host", .string($0.host)), ("versions", .int($0.versions))]) })),
            ("lines", .int(s.lines)),
            ("blank", .int(s.blank)),
            ("malformed", .int(s.malformed)),
            ("requests", .int(s.requests)),
            ("withoutUserAgent", .int(s.withoutUserAgent)),
            ("crawlerRequests", .int(s.crawlerRequests)),
            ("crawlers", .int(analysis.crawlers.count)),
            ("violations", .int(s.violations)),
            ("unchecked", .int(s.unchecked)),
            ("unknownSiteRequests", .int(s.unknownSiteRequests)),
            ("firstSeen", .optional(s.firstSeen.map(LogTimestamp.iso))),
            ("lastSeen", .optional(s.lastSeen.map(LogTimestamp.iso))),
            (
                "operators",
                .array(
                    analysis.operators.map {
                        .object([
                            ("name", .string($0.name)), ("crawlers", .array($0.crawlers.map { .string($0) })),
                            ("requests", .int($0.requests)), ("violations", .int($0.violations)),
                        ])
                    }
                )
            ),
            (
                "problems",
                .array(
                    s.problems.map {
                        .object([("file", .string($0.file)), ("line", .int($0.line)), ("message", .string($0.message))])
                    }
                )
            ),
            ("caveat", .string(LogAnalysis.spoofingCaveat)),
        ])
    }
}
