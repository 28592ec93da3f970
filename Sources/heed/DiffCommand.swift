// SPDX-License-Identifier: Apache-2.0
// heed diff: what changed between two snapshot directories (or store exports), per host.

import Foundation
import HeedHistory
import HeedStore

/// `heed diff SNAP_A SNAP_B [HOST ...] [--json] [--report FILE.html] [--fail-on changed]`.
enum DiffCommand {
    static let spec = CommandSpec(
        name: "diff",
        usage: "diff SNAP_A SNAP_B [HOST ...] [--json] [--report FILE.html] [--fail-on changed]",
        summary: "What changed between two snapshots: hosts, documents and signals, per host.",
        details: """
            Compares two snapshot directories (format in the README; 'heed export' writes one from the store),
            every host in either or only the named ones: hosts added and removed, documents added, removed
            or changed (with the lines added and removed for text documents), and each access or use-category
            value that changed for '*' or a registry agent on the home page and any other page in the folders.
            --json prints one object per change, then a summary.
            Exit status: 0 (a diff is informational); with --fail-on changed, 1 when anything changed;
            2 usage or input error.
            """,
        options: [
            OptionSpec(name: "json", value: nil, help: "One JSON object per change, then a summary."),
            OptionSpec(name: "report", value: "FILE", help: "Write a self-contained HTML report."),
            OptionSpec(name: "fail-on", value: "changed", help: "Exit 1 when anything changed."),
            OptionSpec(name: "specs", value: "DIR", help: "The SignalSpecs folder (default: found automatically)."),
        ],
        minPositionals: 2
    )

    @Sendable
    static func run(_ args: ParsedArguments, _ console: Console) throws(CLIError) -> Int32 {
        let failOnChange = try HistoryWiring.failOn(args)
        let (pathA, pathB) = (args.positionals[0], args.positionals[1])
        let a = try SnapshotAccess.open(pathA)
        let b = try SnapshotAccess.open(pathB)
        let specs = try DataFiles.signalSpecs(specs: args.value("specs"))
        let diff: SnapshotDiff
        do {
            diff = try SnapshotDiff.compare(
                a,
                b,
                hosts: Array(args.positionals.dropFirst(2)),
                specs: specs,
                from: pathA,
                to: pathB
            )
        } catch {
            throw CLIError(.unreadableInput, error.location, error.message)
        }
        if args.flag("json") {
            for record in ChangeRecords.records(diff) { console.line(record.serialized) }
        } else {
            for line in HistoryText.lines(diff) { console.line(line) }
        }
        if let path = args.value("report") {
            try HistoryWiring.write(HistoryReport.diff(diff, generated: HistoryDate.format(Date())), to: path)
        }
        return failOnChange && diff.changes > 0 ? ExitStatus.findings : ExitStatus.ok
    }
}
