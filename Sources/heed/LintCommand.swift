// SPDX-License-Identifier: Apache-2.0
// heed lint: everything a steward should fix across one host's documents.

import Foundation
import HeedCore
import HeedStore

/// `heed lint --snapshot DIR HOST [--json]`.
enum LintCommand {
    static let spec = CommandSpec(
        name: "lint",
        usage: "lint --snapshot DIR HOST [--json]",
        summary: "Everything a steward should fix across a host's signal documents, errors first.",
        details: """
            Reads robots.txt, /.well-known/tdmrep.json, /ai.txt, the RSL licences they name and the home
            page's headers and head from a snapshot directory, and lists invalid documents, misspellings,
            unreachable rules and conflicts between mechanisms (for '*' and every crawler the robots.txt
            names), each with its document, line and the spec clause.
            Exit status: 0 nothing above info, 1 warnings or errors, 2 usage or input error.
            """,
        options: [
            OptionSpec(name: "snapshot", value: "DIR", help: "The snapshot directory to read."),
            OptionSpec(name: "json", value: nil, help: "One JSON object per finding."),
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
        let host = args.positionals[0].lowercased()
        let snapshot = try SnapshotAccess.open(dir)
        guard snapshot.hosts().contains(host) else {
            throw CLIError(.unreadableInput, host, "the snapshot has no folder for this host")
        }
        let specs = try DataFiles.signalSpecs(specs: args.value("specs"))
        let origin = "https://\(host)"
        let lookup = SnapshotAccess.lookup(snapshot, console: console)
        let site = SiteSignals(origin: origin, specs: specs, lookup: lookup)
        let findings = SiteLint.findings(site, origin: origin, lookup: lookup)
        for f in findings {
            if args.flag("json") {
                console.line(ExplanationJSON.finding(f).serialized)
            } else {
                var location = f.document ?? host
                if let line = f.line { location += ":\(line)" }
                console.line("\(location): \(f.severity.rawValue): \(f.message) [\(f.code)]")
                if let text = f.text, !text.isEmpty { console.line("    | \(text)") }
            }
        }
        let serious = findings.filter { $0.severity <= .warning }.count
        if !args.flag("json") {
            console.error("\(host): \(findings.count) finding(s), \(serious) warning(s) or error(s)")
        }
        return serious > 0 ? ExitStatus.findings : ExitStatus.ok
    }
}

/// The findings of a whole host: its documents' findings plus the conflicts seen from the home
/// page for `*` and for every crawler its robots.txt names.
enum SiteLint {
    static func findings(_ site: SiteSignals, origin: String, lookup: (String) -> DocumentLookup) -> [Finding] {
        var agents: [ProductToken] = [ProductToken("HeedAnyCrawler")]
        var seen = Set<String>()
        for group in site.robots?.groups ?? [] {
            for a in group.agents where !a.token.isStar && !a.token.key.isEmpty && seen.insert(a.token.key).inserted {
                agents.append(a.token)
            }
        }
        var all = site.findings
        for agent in agents {
            let e = site.explain(url: origin + "/", agent: agent, lookup: lookup)
            for var f in e.findings {
                if f.code == "conflict", agent.key != "heedanycrawler" { f.message = "for \(agent.raw): " + f.message }
                all.append(f)
            }
        }
        var unique = Set<Finding>()
        return all.filter { unique.insert($0).inserted }
            .sorted { ($0.severity, $0.document ?? "", $0.line ?? 0) < ($1.severity, $1.document ?? "", $1.line ?? 0) }
    }
}
