// SPDX-License-Identifier: Apache-2.0
// heed audit: a training manifest against the signals, one verdict per URL.

import Foundation
import HeedAudit
import HeedCore
import HeedStore

/// `heed audit MANIFEST --snapshot DIR [--profile NAME] [flags]`.
enum AuditCommand {
    static let spec = CommandSpec(
        name: "audit",
        usage:
            "audit MANIFEST (--snapshot DIR | --store PATH) [--profile NAME] [--use USE] [--agent TOKEN ...] [options]",
        summary: "May this actor do this with each URL of a training manifest? One verdict per URL.",
        details: """
            MANIFEST is a file or '-' (standard input): a URL list, CSV/TSV, JSON Lines, CDXJ/CDX or WARC,
            optionally gzip-compressed (detected from its bytes). Signals come from a snapshot directory, or
            from the signal store that heed crawl fills (--store).
            Verdicts: ok, conditional, opted-out, exception, blocked, unknown (see the README).
            Output: --format summary (default; a table on stdout), jsonl (one object per URL) or csv;
            the summary goes to stderr when records go to stdout. --output FILE writes records there
            instead (atomically). Unreadable manifest lines are reported on stderr and counted.
            Exit status: 0 nothing at or above --fail-on (default opted-out), 1 findings, 2 usage or input error.
            Profiles (SignalSpecs/profiles/): \(profileNames.joined(separator: ", ")).
            Heed never gives legal advice: an exception is reported as applicable under the profile, with its
            clause, and the opt-out it overrides stays visible.
            """,
        options: [
            OptionSpec(name: "snapshot", value: "DIR", help: "The snapshot directory holding the sites' documents."),
            OptionSpec(
                name: "store",
                value: "PATH",
                help: "Read the documents from a signal store instead (heed crawl)."
            ),
        ] + AuditOptions.useOptions + [
            OptionSpec(
                name: "unknown",
                value: "ok|opted-out",
                help: "How the totals and --fail-on treat unknown (default opted-out)."
            ),
            OptionSpec(
                name: "fail-on",
                value: "VERDICT",
                help: "Exit 1 if any URL is at or above this verdict (default opted-out)."
            ),
            OptionSpec(name: "format", value: "FORMAT", help: "summary (default), jsonl or csv."),
            OptionSpec(
                name: "output",
                value: "FILE",
                help: "Write the records to FILE (atomically) instead of stdout."
            ),
            OptionSpec(
                name: "manifest-format",
                value: "F",
                help: "auto (default), plain, csv, tsv, jsonl, cdxj, cdx, warc."
            ),
            OptionSpec(name: "url-column", value: "COL", help: "CSV/TSV: the URL column (name or 1-based index)."),
            OptionSpec(name: "url-field", value: "KEY", help: "JSON Lines: the URL field (default url)."),
            OptionSpec(name: "report", value: "FILE", help: "Write a self-contained HTML report."),
            OptionSpec(name: "credits", value: "FILE", help: "Write the attribution and payment ledger (Markdown)."),
            OptionSpec(name: "record", value: "FILE", help: "Write the run record (JSON); default: printed to stderr."),
            OptionSpec(name: "summary-json", value: "FILE", help: "Write the mergeable summary for 'heed merge'."),
            OptionSpec(
                name: "shard",
                value: "K/N",
                help: "Only hosts in shard K of N (0-based K), by a stable host hash."
            ),
            OptionSpec(name: "quiet", value: nil, help: "Print only the summary line."),
            OptionSpec(name: "specs", value: "DIR", help: "The SignalSpecs folder (default: found automatically)."),
        ],
        minPositionals: 1,
        maxPositionals: 1
    )

    static var profileNames: [String] {
        guard let dir = try? DataFiles.folder("SignalSpecs", environment: "HEED_SPECS") else { return [] }
        let files =
            (try? FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("profiles").path)) ?? []
        return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    @Sendable
    static func run(_ args: ParsedArguments, _ console: Console) throws(CLIError) -> Int32 {
        let started = Date()
        if args.value("snapshot") == nil && args.value("store") == nil {
            throw CLIError(
                .missingArgument,
                "--snapshot",
                "say where the sites' documents are: --snapshot DIR or --store PATH (filled by heed crawl)"
            )
        }
        if args.value("snapshot") != nil && args.value("store") != nil {
            throw CLIError(.invalidValue, "--store", "give --snapshot or --store, not both")
        }
        let specsDir: URL
        if let dir = args.value("specs") {
            specsDir = URL(fileURLWithPath: dir)
        } else {
            specsDir = try DataFiles.folder("SignalSpecs", environment: "HEED_SPECS")
        }
        let specs = try DataFiles.signalSpecs(specs: specsDir.path)
        let policy = try AuditOptions.policy(args, specsDir: specsDir)
        let format = args.value("format") ?? "summary"
        guard ["summary", "jsonl", "csv"].contains(format) else {
            throw CLIError(.invalidValue, "--format", "one of summary, jsonl, csv")
        }
        let failOn = try AuditOptions.verdict(args.value("fail-on") ?? "opted-out", option: "--fail-on")
        let unknownAs = policy.unknownAs
        let shard = try AuditOptions.shard(args.value("shard"))
        let manifestPath = args.positionals[0]
        let reader = try AuditOptions.manifestReader(args)

        let auditor: Auditor
        if let dir = args.value("snapshot") {
            let index = SnapshotIndex(try SnapshotAccess.open(dir))
            auditor = Auditor(
                config: AuditConfiguration(policy: policy, specs: specs, shard: shard),
                source: { url in (try? index.lookup(url)) ?? .neverFetched },
                pages: index
            )
        } else {
            // From the store: every page lookup is a query (no page index), which is slower
            // than a snapshot but reads the signals as they were last fetched.
            let store = try CrawlSupport.store(args)
            auditor = Auditor(
                config: AuditConfiguration(policy: policy, specs: specs, shard: shard),
                source: CrawlSupport.lookup(store)
            )
        }
        var output = RecordOutput(format: format, path: args.value("output"), console: console)
        var ledger = ObligationsLedger()
        var reported = 0
        let quiet = args.flag("quiet")
        var worst = VerdictKind.ok
        let summary: AuditSummary
        let stats: ManifestStats
        do {
            // A summary needs only the conditional URLs (the obligations ledger); the counts
            // come from the auditor's per-site tallies.
            (summary, stats) = try auditor.run(
                reader,
                only: format == "summary" ? [.conditional] : nil,
                emitAudited: { audited in
                    if audited.verdict.kind == .conditional { ledger.add(audited.record) }
                    if format != "summary" { try output.write(audited.record) }
                },
                problem: { p in
                    // The first ten on stderr (all are counted in the summary); none with --quiet.
                    reported += 1
                    if !quiet && reported <= 10 { console.error("heed audit: \(manifestPath):\(p.line): \(p.message)") }
                }
            )
        } catch let error as HeedAuditError {
            throw CLIError(.unreadableInput, error.location, error.message)
        } catch let error as CLIError {
            throw error
        } catch {
            throw CLIError(.unreadableInput, manifestPath, "\(error)")
        }
        let total = summary
        for kind in VerdictKind.allCases where total.count(kind) > 0 {
            let counted = kind == .unknown ? unknownAs : kind
            if counted > worst { worst = counted }
        }
        try output.finish()
        let record = RunRecord(
            summary: total,
            profile: policy.profile.name,
            flags: AuditOptions.flags(policy, shard: shard),
            agentsCommit: specs.registry.source.commit,
            agentsCurated: specs.registry.curated,
            specsHash: AuditOptions.specsHash(specsDir),
            manifestPath: manifestPath,
            manifestFormat: stats.detected.rawValue,
            started: started,
            finished: Date()
        )
        try AuditOptions.writeOutputs(args, summary: total, ledger: ledger, record: record, findings: policy.notes)
        if args.flag("quiet") {
            console.error(SummaryText.line(total))
        } else if format == "summary" && args.value("output") == nil {
            console.line(SummaryText.render(total, profile: policy.profile.name, use: policy.use))
        } else {
            console.error(SummaryText.render(total, profile: policy.profile.name, use: policy.use))
        }
        if args.value("record") == nil && !args.flag("quiet") { console.error(record.json()) }
        return worst >= failOn ? ExitStatus.findings : ExitStatus.ok
    }
}
