// SPDX-License-Identifier: Apache-2.0
// heed history: how one host's signals changed across the store's versions of its documents.

import Foundation
import HeedAudit
import HeedHistory
import HeedStore

/// `heed history HOST [--store PATH] [--since DATE] [--json] [--report FILE.html] [--fail-on changed]`.
enum HistoryCommand {
    static let spec = CommandSpec(
        name: "history",
        usage: "history HOST [--store PATH] [--since DATE] [--json] [--report FILE.html] [--fail-on changed]",
        summary: "How a host's signals changed across the store's versions: a timeline of changes.",
        details: """
            One step per crawl that saw a document change: documents added or changed (with the lines
            added and removed for text documents), and each access or use-category value that changed for
            '*' or a registry agent on the home page (and any other stored page), with the deciding statement.
            --since DATE (2024-06-30 or 2024-06-30T12:00:00Z, UTC unless an offset is given) keeps the
            changes first seen at or after it. --json prints one object per change, then a summary.
            Exit status: 0 (history is informational); with --fail-on changed, 1 when anything changed in the
            window (the first sighting of a host is its baseline, not a change); 2 usage or input error.
            """,
        options: [
            OptionSpec(name: "store", value: "PATH", help: "The signal store (default: the per-user store)."),
            OptionSpec(name: "since", value: "DATE", help: "Only changes at or after this ISO 8601 date or time."),
            OptionSpec(name: "json", value: nil, help: "One JSON object per change, then a summary."),
            OptionSpec(name: "report", value: "FILE", help: "Write a self-contained HTML report."),
            OptionSpec(name: "fail-on", value: "changed", help: "Exit 1 when anything changed in the window."),
            OptionSpec(name: "specs", value: "DIR", help: "The SignalSpecs folder (default: found automatically)."),
        ],
        minPositionals: 1,
        maxPositionals: 1
    )

    @Sendable
    static func run(_ args: ParsedArguments, _ console: Console) throws(CLIError) -> Int32 {
        let failOnChange = try HistoryWiring.failOn(args)
        var since: Date?
        if let raw = args.value("since") {
            do {
                since = try HistoryDate.parse(raw)
            } catch {
                throw CLIError(.invalidValue, "--since", "\(error.message), got '\(raw)'")
            }
        }
        let host = args.positionals[0].lowercased()
        let store = try HistoryWiring.openStore(args.value("store") ?? SignalStore.defaultPath())
        let specs = try DataFiles.signalSpecs(specs: args.value("specs"))
        let history: HostHistory
        do {
            history = try HostHistory.build(store: store, host: host, specs: specs, since: since)
        } catch {
            throw CLIError(.unreadableInput, error.location, error.message)
        }
        if args.flag("json") {
            for record in ChangeRecords.records(history) { console.line(record.serialized) }
        } else {
            for line in HistoryText.lines(history) { console.line(line) }
        }
        if let path = args.value("report") {
            try HistoryWiring.write(HistoryReport.history(history, generated: HistoryDate.format(Date())), to: path)
        }
        return failOnChange && history.changes > 0 ? ExitStatus.findings : ExitStatus.ok
    }
}

/// What `heed history` and `heed diff` share: `--fail-on`, opening the store, writing reports.
enum HistoryWiring {
    /// Whether `--fail-on changed` was given (the only value).
    static func failOn(_ args: ParsedArguments) throws(CLIError) -> Bool {
        guard let value = args.value("fail-on") else { return false }
        guard value == "changed" else {
            throw CLIError(.invalidValue, "--fail-on", "expected 'changed', got '\(value)'")
        }
        return true
    }

    /// Opens an existing store (history never creates one: an absent store is a wrong path).
    static func openStore(_ path: String) throws(CLIError) -> SignalStore {
        guard FileManager.default.fileExists(atPath: path) else {
            throw CLIError(.unreadableInput, path, "no signal store here (heed crawl or heed check fills one)")
        }
        do {
            return try SignalStore(path: path)
        } catch {
            throw CLIError(.unreadableInput, error.location, error.message)
        }
    }

    /// Writes a report atomically.
    static func write(_ html: String, to path: String) throws(CLIError) {
        do {
            try AtomicFile.write(html, to: path)
        } catch {
            throw CLIError(.unreadableInput, error.location, error.message)
        }
    }
}
