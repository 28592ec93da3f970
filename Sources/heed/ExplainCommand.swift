// SPDX-License-Identifier: Apache-2.0
// heed explain: access and every use category for one URL and agent, with the statements behind them.

import Foundation
import HeedCore
import HeedStore

/// `heed explain --snapshot DIR --agent TOKEN URL [--json]`.
enum ExplainCommand {
    static let spec = CommandSpec(
        name: "explain",
        usage: "explain --snapshot DIR --agent TOKEN URL [--json]",
        summary: "What may this agent do with this URL? Access, each use category, and why.",
        details: """
            Reads the site's documents from a snapshot directory (format in the README): robots.txt,
            /.well-known/tdmrep.json, /ai.txt, RSL licences, and the page's headers and HTML head.
            Prints access (robots.txt) and the folded value of search, ai_index, ai_input, ai_train and
            tdm, with the statements behind each (document and line), then conflicts and findings.
            --json prints one object (schema in the README).
            Exit status: 0 no findings above info, 1 findings (conflicts, warnings), 2 usage or input error.
            """,
        options: [
            OptionSpec(name: "snapshot", value: "DIR", help: "The snapshot directory to read."),
            OptionSpec(name: "agent", value: "TOKEN", help: "The crawler's product token (GPTBot, CCBot, ...)."),
            OptionSpec(name: "json", value: nil, help: "One JSON object instead of text."),
            OptionSpec(name: "specs", value: "DIR", help: "The SignalSpecs folder (default: found automatically)."),
        ],
        minPositionals: 1,
        maxPositionals: 1
    )

    @Sendable
    static func run(_ args: ParsedArguments, _ console: Console) throws(CLIError) -> Int32 {
        guard let dir = args.value("snapshot") else {
            throw CLIError(.missingArgument, "--snapshot", "say where the site documents are: --snapshot DIR")
        }
        guard let agentName = args.value("agent"), !ProductToken(agentName).key.isEmpty else {
            throw CLIError(.missingArgument, "--agent", "say which crawler: --agent TOKEN")
        }
        let url = args.positionals[0]
        let snapshot = try SnapshotAccess.open(dir)
        let specs = try DataFiles.signalSpecs(specs: args.value("specs"))
        let origin = try SnapshotAccess.origin(of: url)
        let lookup = SnapshotAccess.lookup(snapshot, console: console)
        let site = SiteSignals(origin: origin, specs: specs, lookup: lookup)
        let explanation = site.explain(url: url, agent: ProductToken(agentName), lookup: lookup)
        if args.flag("json") {
            console.line(ExplanationJSON.render(explanation).serialized)
        } else {
            ExplanationText.print(explanation, to: console)
        }
        return explanation.findings.contains { $0.severity <= .warning } ? ExitStatus.findings : ExitStatus.ok
    }
}

/// Opening snapshots and mapping their errors to CLI errors.
enum SnapshotAccess {
    static func open(_ dir: String) throws(CLIError) -> Snapshot {
        do {
            return try Snapshot(root: URL(fileURLWithPath: dir))
        } catch {
            throw CLIError(.unreadableInput, error.location, error.message)
        }
    }

    /// `scheme://host[:port]` of an http(s) URL.
    static func origin(of url: String) throws(CLIError) -> String {
        do {
            let (host, _) = try Snapshot.split(url)
            let scheme = url.lowercased().hasPrefix("https://") ? "https" : "http"
            return "\(scheme)://\(host)"
        } catch {
            throw CLIError(.invalidValue, url, error.message)
        }
    }

    /// A lookup closure over the snapshot; read errors are reported on stderr and treated as
    /// never fetched (the signal is then unknown, never silently allowed).
    static func lookup(_ snapshot: Snapshot, console: Console) -> (String) -> DocumentLookup {
        { url in
            do {
                return try snapshot.lookup(url)
            } catch {
                let message = (error as? StoreError).map { "\($0.location): \($0.message)" } ?? "\(error)"
                console.error("heed: \(message); treating it as never fetched")
                return .neverFetched
            }
        }
    }
}
