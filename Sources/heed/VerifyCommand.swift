// SPDX-License-Identifier: Apache-2.0
// heed verify: was my content collected despite my opt-out? A builder's manifest against a steward's
// own signals as they stood when each URL was collected (issue 6, item 3).

import Foundation
import HeedAudit
import HeedCore
import HeedStore

/// `heed verify --site HOST MANIFEST (--store PATH | --snapshot DIR) [options]`.
enum VerifyCommand {
    static let spec = CommandSpec(
        name: "verify",
        usage: "verify --site HOST MANIFEST (--store PATH | --snapshot DIR [--snapshot-date DATE]) [options]",
        summary: "Was my site's content collected despite an opt-out already in force? A manifest against history.",
        details: """
            MANIFEST is a model builder's published training manifest, in any format heed audit reads (URL list,
            CSV/TSV, JSON Lines, CDXJ/CDX, WARC; gzip or not; '-' for standard input). Only the URLs of HOST (and
            www.HOST; every subdomain with --include-subdomains) are checked, each against the signals in force
            when it was collected: its capture date is the CDX/CDXJ timestamp, the WARC-Date, or a CSV/JSONL date
            column (--date-column, --date-field); entries without one use --collected DATE or are undated.
            Signals come from the store's history (--store, filled by heed check/crawl over time) or from one
            snapshot in force from --snapshot-date (default: the newest modification time of the host's files).
            Output: the URLs collected despite an opt-out (verdict opted-out or blocked at capture) with the
            deciding statement and since when it was in force, then a summary; --json gives one object per URL
            of the site, then {"summary": ...}.
            Exit status: 0 none, 1 some URL was collected despite an opt-out in force, 2 usage or input error.
            """,
        options: [
            OptionSpec(name: "site", value: "HOST", help: "The steward's site (host name)."),
            OptionSpec(name: "store", value: "PATH", help: "The signal store whose history to read."),
            OptionSpec(
                name: "snapshot",
                value: "DIR",
                help: "A snapshot directory instead (one version per document)."
            ),
            OptionSpec(
                name: "snapshot-date",
                value: "DATE",
                help: "When the snapshot's documents were in force from (default: the files' newest mtime)."
            ),
            OptionSpec(name: "include-subdomains", value: nil, help: "Also check every subdomain of HOST."),
            OptionSpec(
                name: "date-column",
                value: "NAME|N",
                help: "CSV/TSV: the capture-date column (name or 1-based index)."
            ),
            OptionSpec(name: "date-field", value: "NAME", help: "JSON Lines: the capture-date field (dotted path)."),
            OptionSpec(
                name: "collected",
                value: "DATE",
                help: "The capture date of entries that carry none (e.g. the crawl's date)."
            ),
            OptionSpec(
                name: "manifest-format",
                value: "F",
                help: "auto (default), plain, csv, tsv, jsonl, cdxj, cdx, warc."
            ),
            OptionSpec(name: "url-column", value: "COL", help: "CSV/TSV: the URL column (name or 1-based index)."),
            OptionSpec(name: "url-field", value: "KEY", help: "JSON Lines: the URL field (default url)."),
        ] + AuditOptions.useOptions + [
            OptionSpec(name: "json", value: nil, help: "One JSON object per URL of the site, then a summary object."),
            OptionSpec(name: "output", value: "FILE", help: "Write the output to FILE (atomically) instead of stdout."),
            OptionSpec(name: "report", value: "FILE", help: "Write a self-contained HTML report."),
            OptionSpec(name: "specs", value: "DIR", help: "The SignalSpecs folder (default: found automatically)."),
        ],
        minPositionals: 1,
        maxPositionals: 1
    )

    @Sendable
    static func run(_ args: ParsedArguments, _ console: Console) throws(CLIError) -> Int32 {
        guard let siteArg = args.value("site") else {
            throw CLIError(.missingArgument, "--site", "name the site to verify: --site HOST")
        }
        let site = Verifier.siteName(siteArg)
        guard !site.isEmpty, !site.contains(" ") else {
            throw CLIError(.invalidValue, "--site", "expected a host name, got '\(siteArg)'")
        }
        let history = try self.history(args)
        let collected = try date(args, "collected")
        let specsDir: URL
        if let dir = args.value("specs") {
            specsDir = URL(fileURLWithPath: dir)
        } else {
            specsDir = try DataFiles.folder("SignalSpecs", environment: "HEED_SPECS")
        }
        let specs = try DataFiles.signalSpecs(specs: specsDir.path)
        let policy = try AuditOptions.policy(args, specsDir: specsDir)
        let reader = try AuditOptions.manifestReader(args)
        let parameters = VerifyParameters(
            profile: policy.profile.name,
            use: policy.use,
            agents: policy.agents,
            manifest: args.positionals[0],
            source: history.description
        )
        let verifier = Verifier(
            config: VerifyConfiguration(
                site: site,
                includeSubdomains: args.flag("include-subdomains"),
                policy: policy,
                specs: specs,
                collected: collected
            ),
            history: history.history
        )
        let json = args.flag("json")
        var file: AtomicStream?
        if let path = args.value("output") {
            do {
                file = try AtomicStream(path: path)
            } catch {
                throw CLIError(.unreadableInput, error.location, error.message)
            }
        }
        func write(_ line: String) throws {
            if let file { try file.line(line) } else { console.line(line) }
        }
        var reported = 0
        let summary: VerifySummary
        do {
            summary = try verifier.run(
                reader,
                emitAll: json,
                emit: { record in try write(json ? VerifyOutput.jsonLine(record) : VerifyOutput.textLine(record)) },
                problem: { p in
                    reported += 1
                    if reported <= 10 { console.error("heed verify: \(reader.name):\(p.line): \(p.message)") }
                }
            )
            let text = VerifyOutput.summaryText(summary, parameters)
            if json {
                try write(VerifyOutput.summaryJSON(summary, parameters))
                console.error(text)
            } else {
                try write(text)
                if file != nil { console.error(text) }
            }
            try file?.commit()
            if let path = args.value("report") {
                try AtomicFile.write(VerifyReport.render(summary, parameters), to: path)
            }
        } catch let error as HeedAuditError {
            throw CLIError(.unreadableInput, error.location, error.message)
        } catch {
            throw CLIError(.unreadableInput, args.positionals[0], "\(error)")
        }
        return summary.violations > 0 ? ExitStatus.findings : ExitStatus.ok
    }

    /// The signal history from `--store` or `--snapshot` (exactly one), and how to name it.
    static func history(_ args: ParsedArguments) throws(CLIError) -> (history: any SignalHistory, description: String) {
        switch (args.value("store"), args.value("snapshot")) {
        case (nil, nil):
            throw CLIError(
                .missingArgument,
                "--store",
                "say where the site's signal history is: --store PATH (heed check/crawl over time) or --snapshot DIR"
            )
        case (.some, .some):
            throw CLIError(.invalidValue, "--store", "give --store or --snapshot, not both")
        case (.some(let path), nil):
            if args.value("snapshot-date") != nil {
                throw CLIError(.invalidValue, "--snapshot-date", "only with --snapshot (the store dates every version)")
            }
            guard FileManager.default.fileExists(atPath: path) else {
                throw CLIError(.unreadableInput, path, "no signal store here (heed check or heed crawl fills one)")
            }
            do {
                return (StoreHistory(store: try SignalStore(path: path)), "store \(path)")
            } catch {
                throw CLIError(.unreadableInput, error.location, error.message)
            }
        case (nil, .some(let dir)):
            let snapshot = try SnapshotAccess.open(dir)
            let since = try date(args, "snapshot-date")
            let from = since.map { "from \(CaptureTime.iso($0))" } ?? "from its files' modification time"
            return (SnapshotHistory(snapshot: snapshot, since: since), "snapshot \(dir) \(from)")
        }
    }

    /// A date option (ISO 8601 date or date-time, a 14-digit timestamp, or epoch seconds).
    static func date(_ args: ParsedArguments, _ name: String) throws(CLIError) -> Int64? {
        guard let raw = args.value(name) else { return nil }
        guard let seconds = CaptureTime.seconds(raw) else {
            throw CLIError(
                .invalidValue,
                "--\(name)",
                "expected a date such as 2024-03-01, 2024-03-01T12:00:00Z or 20240301120000, got '\(raw)'"
            )
        }
        return seconds
    }
}
