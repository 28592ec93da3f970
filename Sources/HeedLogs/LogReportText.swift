// SPDX-License-Identifier: Apache-2.0
// HeedLogs: the text report of `heed logs`: one line per crawler, the operators, examples and totals.

/// Renders a ``LogAnalysis`` as text for a terminal or a mail from cron.
public enum LogReportText {
    /// The whole report, ending with a line break.
    public static func render(_ analysis: LogAnalysis) -> String {
        var out = ""
        let s = analysis.summary
        if analysis.crawlers.isEmpty {
            out += "No request from a registry crawler.\n"
        } else {
            let rows = analysis.crawlers.map { c -> [String] in
                [
                    c.crawler.name, c.crawler.operatorName ?? "-", count(c.requests), count(c.violations),
                    robotsColumn(c), rate(c.averagePerMinute), count(c.peakPerMinute),
                    LogTimestamp.iso(c.firstSeen), LogTimestamp.iso(c.lastSeen),
                ]
            }
            let header = [
                "crawler", "operator", "requests", "violations", "robots.txt", "avg/min", "peak/min", "first seen",
                "last seen",
            ]
            out += table(header: header, rows: rows, right: [2, 3, 5, 6])
            out += "\nBy operator:\n"
            for o in analysis.operators { out += "  " + operatorLine(o) + "\n" }
            let withExamples = analysis.crawlers.filter { !$0.examples.isEmpty }
            if !withExamples.isEmpty {
                out += "\nViolations (first in log order):\n"
                for c in withExamples {
                    for e in c.examples {
                        out += "  \(c.crawler.name): \(e.file):\(e.line): \(e.target) at \(LogTimestamp.iso(e.time))"
                        out += " (\(e.robots): \(e.reason))\n"
                    }
                }
            }
        }
        out += "\n" + totalsLine(analysis) + "\n"
        for note in notes(analysis) { out += "Note: \(note)\n" }
        if s.malformed > 0 {
            let shown = s.problems.count
            out += "Malformed lines: \(count(s.malformed))"
            out += shown < s.malformed ? " (the first \(shown) are listed on stderr)\n" : " (listed on stderr)\n"
        }
        out += "Caveat: " + LogAnalysis.spoofingCaveat + "\n"
        return out
    }

    /// `GPTBot: 0 violations in 12,000 requests` / `Bytespider: 3,400 requests to disallowed paths in 5,000`.
    public static func operatorLine(_ o: OperatorSummary) -> String {
        let names = o.crawlers.joined(separator: ", ")
        let suffix = names == o.name ? "" : " (\(names))"
        if o.violations == 0 {
            return "\(o.name): 0 violations in \(count(o.requests)) request\(o.requests == 1 ? "" : "s")\(suffix)"
        }
        let noun = o.violations == 1 ? "request" : "requests"
        return "\(o.name): \(count(o.violations)) \(noun) to disallowed paths in \(count(o.requests))\(suffix)"
    }

    /// The totals line.
    public static func totalsLine(_ analysis: LogAnalysis) -> String {
        let s = analysis.summary
        var line = "Totals: \(count(s.lines)) lines, \(count(s.requests)) requests, "
        line += "\(count(s.crawlerRequests)) from \(analysis.crawlers.count) AI crawler"
        line += analysis.crawlers.count == 1 ? "" : "s"
        line += ", \(count(s.violations)) violation\(s.violations == 1 ? "" : "s")"
        line += "; \(count(s.malformed)) malformed, \(count(s.blank)) blank"
        if let first = s.firstSeen, let last = s.lastSeen {
            line += "; \(LogTimestamp.iso(first)) to \(LogTimestamp.iso(last))"
        }
        return line
    }

    /// What a reader should know about how the figures were made.
    static func notes(_ analysis: LogAnalysis) -> [String] {
        let s = analysis.summary
        var notes: [String] = []
        if s.requests > 0 && s.withoutUserAgent == s.requests {
            notes.append(
                "the log has no User-Agent field (Common Log Format?): no crawler can be identified; log the "
                    + "Combined Log Format"
            )
        } else if s.withoutUserAgent > 0 {
            notes.append("\(count(s.withoutUserAgent)) requests had no User-Agent")
        }
        let assumed = analysis.crawlers.reduce(0) { $0 + $1.checkedAgainstLaterVersion }
        if assumed > 0 {
            notes.append(
                "\(count(assumed)) crawler requests came before the first known robots.txt fetch and were "
                    + "checked against that first version"
            )
        }
        let grace = analysis.crawlers.reduce(0) { $0 + $1.withinGrace }
        if grace > 0 {
            notes.append("\(count(grace)) requests were allowed by a version still within the grace period")
        }
        if s.unknownSiteRequests > 0 {
            notes.append(
                "\(count(s.unknownSiteRequests)) crawler requests named no site with signals (virtual host): "
                    + "not checked"
            )
        }
        let unchecked = s.unchecked - s.unknownSiteRequests
        if unchecked > 0 {
            notes.append("\(count(unchecked)) crawler requests could not be checked (no request path)")
        }
        return notes
    }

    /// `first`, `after 3 requests`, `never`.
    static func robotsColumn(_ c: CrawlerReport) -> String {
        if c.robotsFetchedFirst { return "first" }
        if c.robotsFetched { return "after \(count(c.requestsBeforeRobots))" }
        return "never"
    }

    /// `12,345`.
    public static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return value < 0 ? "-" + out : out
    }

    /// A rate with one decimal (`12.5`, `0.1`, `<0.1`).
    static func rate(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        if tenths == 0 && value > 0 { return "<0.1" }
        return "\(tenths / 10).\(tenths % 10)"
    }

    /// Columns padded to their widest cell; `right` columns right-aligned.
    static func table(header: [String], rows: [[String]], right: Set<Int>) -> String {
        var widths = header.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) }
        }
        var out = ""
        for row in [header] + rows {
            var line = ""
            for (i, cell) in row.enumerated() {
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                if i > 0 { line += "  " }
                line += right.contains(i) ? pad + cell : (i == row.count - 1 ? cell : cell + pad)
            }
            out += line + "\n"
        }
        return out
    }
}
