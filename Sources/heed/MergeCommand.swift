// SPDX-License-Identifier: Apache-2.0
// heed merge: combine the summaries of sharded audits into one summary and report.

import Foundation
import HeedAudit
import HeedCore

/// `heed merge SUMMARY.json ... [--report FILE] [--summary-json FILE]`.
enum MergeCommand {
    static let spec = CommandSpec(
        name: "merge",
        usage: "merge SUMMARY.json ... [--report FILE] [--summary-json FILE] [--fail-on VERDICT] [--use USE]",
        summary: "Combine the --summary-json outputs of sharded audits into one summary and report.",
        details: """
            Each shard of 'heed audit --shard K/N --summary-json FILE' covers the hosts whose stable hash
            falls in shard K; merging all N gives exactly the unsharded totals.
            Exit status: 0 nothing at or above --fail-on (default opted-out), 1 findings, 2 usage or input error.
            """,
        options: [
            OptionSpec(name: "report", value: "FILE", help: "Write a self-contained HTML report."),
            OptionSpec(name: "summary-json", value: "FILE", help: "Write the merged summary."),
            OptionSpec(name: "fail-on", value: "VERDICT", help: "Exit 1 if any URL is at or above this verdict."),
            OptionSpec(name: "profile", value: "NAME", help: "The profile name to show in the summary."),
            OptionSpec(
                name: "use",
                value: "USE",
                help: "The declared use to show in the summary (default ai_train; the summaries do not record it)."
            ),
        ],
        minPositionals: 1
    )

    @Sendable
    static func run(_ args: ParsedArguments, _ console: Console) throws(CLIError) -> Int32 {
        let started = Date()
        var merged: AuditSummary?
        for path in args.positionals {
            let bytes = try DataFiles.read(path, console: console)
            do {
                let s = try AuditSummary(encoded: bytes, location: path)
                if merged == nil { merged = s } else { merged!.merge(s) }
            } catch {
                throw CLIError(.unreadableInput, error.location, error.message)
            }
        }
        guard let summary = merged else { throw CLIError(.missingArgument, "SUMMARY", "no summaries given") }
        let failOn = try AuditOptions.verdict(args.value("fail-on") ?? "opted-out", option: "--fail-on")
        let profile = args.value("profile") ?? "merged"
        var use = UseCategory.aiTrain
        if let raw = args.value("use") {
            guard let u = UseCategory(rawValue: raw), u != .tdm else {
                throw CLIError(.invalidValue, "--use", "one of search, ai_index, ai_input, ai_train")
            }
            use = u
        }
        let record = RunRecord(
            summary: summary,
            profile: profile,
            flags: ["merged": args.positionals.joined(separator: ",")],
            agentsCommit: nil,
            agentsCurated: nil,
            specsHash: nil,
            manifestPath: "(\(args.positionals.count) shards)",
            manifestFormat: "merged",
            started: started,
            finished: Date()
        )
        do {
            if let path = args.value("report") {
                try AtomicFile.write(HTMLReport.render(summary, record: record, findings: []), to: path)
            }
            if let path = args.value("summary-json") { try AtomicFile.write(try summary.encoded(), to: path) }
        } catch {
            throw CLIError(.unreadableInput, error.location, error.message)
        }
        console.line(SummaryText.render(summary, profile: profile, use: use))
        let worst = VerdictKind.allCases.filter { summary.effectiveCount($0) > 0 }.max() ?? .ok
        return worst >= failOn ? ExitStatus.findings : ExitStatus.ok
    }
}
