// SPDX-License-Identifier: Apache-2.0
// heed export: write the store's documents as a snapshot directory, for offline audits.

import Foundation
import HeedStore

/// `heed export --snapshot DIR [--store PATH]`.
enum ExportCommand {
    static let spec = CommandSpec(
        name: "export",
        usage: "export --snapshot DIR [--store PATH]",
        summary: "Write every stored document as a snapshot directory (the format in the README).",
        details: """
            The directory must not exist or be empty; it is written under a temporary name and renamed
            when complete, so a partial export is never mistaken for a whole one. Audits and explain
            then run offline on it with --snapshot DIR.
            Exit status: 0 ok, 2 usage or input error.
            """,
        options: [
            OptionSpec(name: "snapshot", value: "DIR", help: "The directory to write."),
            OptionSpec(name: "store", value: "PATH", help: "The signal store (default: \(SignalStore.defaultPath()))."),
        ],
        maxPositionals: 0
    )

    @Sendable
    static func run(_ args: ParsedArguments, _ console: Console) throws(CLIError) -> Int32 {
        guard let dir = args.value("snapshot") else {
            throw CLIError(.missingArgument, "--snapshot", "say where to write: --snapshot DIR")
        }
        let store = try CrawlSupport.store(args)
        do {
            let report = try store.export(to: URL(fileURLWithPath: dir))
            console.line("heed export: \(report.written) documents of \(report.hosts) hosts written to \(dir)")
            for skipped in report.skipped.prefix(20) { console.error("heed export: skipped \(skipped)") }
        } catch {
            throw CLIError(.unreadableInput, error.location, error.message)
        }
        return ExitStatus.ok
    }
}
