// SPDX-License-Identifier: Apache-2.0
// heed logs: do AI crawlers honour my robots.txt? Access logs against the robots.txt in force.

import Foundation
import HeedAudit
import HeedLogs
import HeedStore

/// `heed logs ACCESS_LOG... (--snapshot DIR | --store PATH) [--site HOST] [--json] [--report FILE]`.
enum LogsCommand {
    static let spec = CommandSpec(
        name: "logs",
        usage: "logs ACCESS_LOG... (--snapshot DIR | --store PATH) [--site HOST] [--json] [--report FILE] [options]",
        summary: "Which AI crawlers requested paths your robots.txt disallowed at the time, from access logs.",
        details: """
            ACCESS_LOG is a file or '-' (standard input), in the Combined or Common Log Format (optionally
            after a virtual host) or JSON Lines (nginx, Caddy, Traefik, CloudFront-style fields), each
            optionally gzip-compressed; the format is detected per file. Several files are read in the
            order given (give rotated logs oldest first). Crawlers are the registry's (SignalSpecs/agents.json),
            named as whole tokens in the User-Agent. A request is a violation when the robots.txt in force at
            its time disallowed its path for the crawler's token (--snapshot: one version, always in force;
            --store: every stored version from its first fetch). Malformed lines are reported on stderr and
            counted. A User-Agent can be spoofed: logs alone cannot prove who sent a request.
            Exit status: 0 no violation, 1 violations found, 2 usage or input error.
            """,
        options: [
            OptionSpec(name: "snapshot", value: "DIR", help: "The snapshot directory holding the site's robots.txt."),
            OptionSpec(name: "store", value: "PATH", help: "Read every robots.txt version from a signal store."),
            OptionSpec(
                name: "site",
                value: "HOST",
                help: "The site the log belongs to (default: the only host, or each line's virtual host)."
            ),
            OptionSpec(name: "json", value: nil, help: "One JSON object per crawler, then a summary object."),
            OptionSpec(name: "report", value: "FILE", help: "Write a self-contained HTML report (atomically)."),
            OptionSpec(name: "log-format", value: "F", help: "auto (default), combined or json."),
            OptionSpec(name: "ua-field", value: "KEY", help: "JSON: the User-Agent field (dotted for nested)."),
            OptionSpec(name: "path-field", value: "KEY", help: "JSON: the request path (or request line) field."),
            OptionSpec(name: "time-field", value: "KEY", help: "JSON: the time field (ISO 8601, CLF or epoch)."),
            OptionSpec(name: "status-field", value: "KEY", help: "JSON: the status field."),
            OptionSpec(name: "host-field", value: "KEY", help: "JSON: the virtual host field."),
            OptionSpec(
                name: "grace",
                value: "HOURS",
                help: "Not a violation if a version in force up to HOURS earlier allowed it (RFC 9309 caching; 0-24)."
            ),
            OptionSpec(
                name: "before-first-fetch",
                value: "use-first|unchecked",
                help: "Requests before the first stored robots.txt: check against it (default) or not."
            ),
            OptionSpec(name: "workers", value: "N", help: "Parsing threads (default: the number of cores)."),
            OptionSpec(name: "specs", value: "DIR", help: "The SignalSpecs folder (default: found automatically)."),
        ],
        minPositionals: 1
    )

    @Sendable
    static func run(_ args: ParsedArguments, _ console: Console) throws(CLIError) -> Int32 {
        var options = LogOptions()
        if let f = args.value("log-format") {
            guard let format = LogFormat(rawValue: f) else {
                throw CLIError(.invalidValue, "--log-format", "one of auto, combined, json")
            }
            options.format = format
        }
        options.fields = LogFieldNames(
            userAgent: args.value("ua-field"),
            path: args.value("path-field"),
            time: args.value("time-field"),
            status: args.value("status-field"),
            host: args.value("host-field")
        )
        options.graceSeconds = Int64(try args.int("grace", default: 0, in: 0...24)) * 3600
        if let raw = args.value("before-first-fetch") {
            guard let policy = BeforeFirstFetch(rawValue: raw) else {
                throw CLIError(.invalidValue, "--before-first-fetch", "one of use-first, unchecked")
            }
            options.beforeFirstFetch = policy
        }
        let cores = min(8, max(1, ProcessInfo.processInfo.activeProcessorCount))
        options.workers = try args.int("workers", default: cores, in: 1...64)
        let registry = try DataFiles.registry(specs: args.value("specs"))
        let sites: [SiteRobots]
        do {
            switch (args.value("snapshot"), args.value("store")) {
            case (let dir?, nil):
                (sites, options.sitePerLine) = try LogSites.snapshot(
                    try SnapshotAccess.open(dir),
                    site: args.value("site")
                )
            case (nil, .some):
                (sites, options.sitePerLine) = try LogSites.store(
                    try CrawlSupport.store(args),
                    site: args.value("site")
                )
            case (.some, .some):
                throw CLIError(.invalidValue, "--store", "give --snapshot or --store, not both")
            case (nil, nil):
                throw CLIError(
                    .missingArgument,
                    "--snapshot",
                    "say where the site's robots.txt is: --snapshot DIR or --store PATH (filled by heed crawl)"
                )
            }
        } catch let error as HeedLogsError {
            throw CLIError(.unreadableInput, error.location, error.message)
        } catch let error as CLIError {
            throw error
        } catch {
            throw CLIError(.unreadableInput, "heed logs", "\(error)")
        }
        let analysis: LogAnalysis
        do {
            analysis = try LogAnalyzer(registry: registry, sites: sites, options: options)
                .run(args.positionals.map { LogSource.path($0) })
        } catch {
            throw CLIError(.unreadableInput, error.location, error.message)
        }
        for p in analysis.summary.problems { console.error("heed logs: \(p.file):\(p.line): \(p.message)") }
        if analysis.summary.malformed > analysis.summary.problems.count {
            let more = analysis.summary.malformed - analysis.summary.problems.count
            console.error("heed logs: ... and \(more) more malformed lines (counted in the summary)")
        }
        if args.flag("json") {
            for line in LogReportJSON.lines(analysis) { console.line(line) }
        } else {
            console.line(String(LogReportText.render(analysis).dropLast()))
        }
        if let path = args.value("report") {
            do {
                try AtomicFile.write(LogReportHTML.render(analysis), to: path)
            } catch {
                throw CLIError(.unreadableInput, error.location, error.message)
            }
        }
        return analysis.summary.violations > 0 ? ExitStatus.findings : ExitStatus.ok
    }
}
