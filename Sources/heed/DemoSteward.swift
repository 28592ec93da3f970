// SPDX-License-Identifier: Apache-2.0
// heed demo, last part: the steward's tools on the bundled corpus (lint, diff, verify, logs).

import Foundation
import HeedStore

/// The steward's half of the demo: the same commands a commons steward runs, on real files from
/// `Corpus/`, each shown by its first lines with the command to run for the rest. Offline: the
/// verify store is built in a temporary folder from `Corpus/verify/` snapshots at their dates.
enum DemoSteward {
    /// Runs the steward part.
    static func run(corpus: URL, console: Console) throws(CLIError) {
        console.line("")
        console.line("Steward tools: do my signals say what I mean, and are they honoured?")
        let real = corpus.appendingPathComponent("snapshots/real").path

        show(
            "heed lint --snapshot Corpus/snapshots/real 9takes.com  (findings ranked by consequence, with fixes)",
            LintCommand.run,
            ["lint"],
            values: ["snapshot": real],
            positionals: ["9takes.com"],
            lines: 3,
            console: console
        )

        let vox = corpus.appendingPathComponent("history/vox")
        show(
            "heed diff Corpus/history/vox/2024-01-31 Corpus/history/vox/2025-11-01  (what changed, for whom)",
            DiffCommand.run,
            ["diff"],
            values: [:],
            positionals: [
                vox.appendingPathComponent("2024-01-31").path, vox.appendingPathComponent("2025-11-01").path,
            ],
            lines: 9,
            // The signal changes, without the line diffs of the documents.
            keep: { line in
                let t = line.drop { $0 == " " }
                return
                    !(line.hasPrefix("    ") && (t.first == "+" || t.first == "-")
                    && t.dropFirst().first?.isNumber == true)
            },
            console: console
        )

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("heed-demo-verify-\(getpid())")
        defer { try? FileManager.default.removeItem(at: dir) }
        let storePath = dir.appendingPathComponent("store.sqlite").path
        do {
            let store = try SignalStore(path: storePath)
            for (day, seconds) in [
                ("2023-06-01", 1_685_577_600), ("2023-08-31", 1_693_440_000), ("2024-02-29", 1_709_164_800),
            ] {
                let snapshot = try Snapshot(root: corpus.appendingPathComponent("verify/snapshots/\(day)"))
                try store.importSnapshot(snapshot, fetchedAt: Date(timeIntervalSince1970: TimeInterval(seconds)))
            }
        } catch {
            throw CLIError(.unreadableInput, storePath, "cannot build the demo's history store: \(error)")
        }
        show(
            "heed verify --site fortune.com Corpus/verify/manifests/fortune.cdxj --store (3 dated versions) "
                + "--agent CCBot  (collected despite an opt-out already in force?)",
            VerifyCommand.run,
            ["verify"],
            values: [
                "site": "fortune.com", "store": storePath, "agent": "CCBot",
            ],
            positionals: [corpus.appendingPathComponent("verify/manifests/fortune.cdxj").path],
            lines: 3,
            tail: 4,
            console: console
        )
        logs(corpus: corpus, console: console)
    }

    /// `heed logs` on the bundled access log: which crawlers asked for paths robots.txt denied them.
    static func logs(corpus: URL, console: Console) {
        show(
            "heed logs Corpus/logs/combined.log --snapshot Corpus/snapshots/logs  (were my rules honoured?)",
            LogsCommand.run,
            ["logs"],
            values: ["snapshot": corpus.appendingPathComponent("snapshots/logs").path],
            positionals: [corpus.appendingPathComponent("logs/combined.log").path],
            lines: 7,
            console: console
        )
    }

    /// Runs one command into a buffer and prints, indented, the first `lines` lines of its output
    /// that `keep` accepts and its last `tail` lines (or, with no tail, the last line of its
    /// diagnostics: the summary most commands print on stderr).
    static func show(
        _ title: String,
        _ command: (ParsedArguments, Console) throws(CLIError) -> Int32,
        _ name: [String],
        values: [String: String],
        positionals: [String],
        lines: Int,
        tail: Int = 0,
        keep: (Substring) -> Bool = { _ in true },
        console: Console
    ) {
        final class Buffer {
            var out: [UInt8] = []
            var err: [UInt8] = []
        }
        let buffer = Buffer()
        let captured = Console(
            writeOut: { buffer.out += $0 },
            writeErr: { buffer.err += $0 },
            readInput: { nil }
        )
        var args = ParsedArguments()
        for (key, value) in values { args.values[key] = [value] }
        args.positionals = positionals
        let status: Int32
        do {
            status = try command(args, captured)
        } catch {
            console.line("")
            console.line("$ \(title)")
            console.line("  heed \(name.joined(separator: " ")) failed: \(error)")
            return
        }
        captured.flush()
        let out = String(decoding: buffer.out, as: UTF8.self).split(separator: "\n").filter(keep)
        let err = String(decoding: buffer.err, as: UTF8.self).split(separator: "\n").last
        console.line("")
        console.line("$ \(title)")
        for line in out.prefix(lines) { console.line("  " + line) }
        let hidden = out.count - lines - min(tail, max(0, out.count - lines))
        if hidden > 0 { console.line("  … (\(hidden) more lines)") }
        for line in out.dropFirst(lines).suffix(tail) { console.line("  " + line) }
        if let err, tail == 0 { console.line("  " + err) }
        console.line("  exit status \(status)")
    }
}
