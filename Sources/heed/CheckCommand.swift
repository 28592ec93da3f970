// SPDX-License-Identifier: Apache-2.0
// heed check: fetch one site's signals and show what each known AI agent may do there.

import Foundation
import HeedCore
import HeedSteward

/// `heed check URL_OR_HOST [--json] [--report FILE.html] [--store PATH] [--offline] [--snapshot DIR]`.
enum CheckCommand {
    static let spec = CommandSpec(
        name: "check",
        usage: "check URL_OR_HOST [--json] [--report FILE.html] [--offline | --snapshot DIR] [--store PATH] "
            + "[fetch options]",
        summary: "What may each known AI agent do here? Access and every use, with the deciding statement.",
        details: """
            Fetches robots.txt, the RSL licences, /.well-known/tdmrep.json, /ai.txt and the page (the home page
            for a host) into the store (or reads --snapshot DIR, or the store with --offline), then prints one
            row per agent of the registry: access and the folded value of search, ai_index, ai_input, ai_train
            and tdm for the page, each cell with the number of its deciding statement, listed after the table;
            then the site's lint findings. --json prints one object per agent (agent, token, operator,
            purpose, control, major, then access and each use as {value, obligations, decidedBy}), then one
            object per finding with "finding": true. --report writes the matrix, a chart of signal coverage
            per mechanism and the findings as one HTML file.
            Exit status: 0 no findings above info, 1 findings, 2 usage or input error.
            """,
        options: [
            OptionSpec(name: "json", value: nil, help: "JSON lines instead of a table."),
            OptionSpec(name: "report", value: "FILE.html", help: "Also write a self-contained HTML report."),
            OptionSpec(name: "offline", value: nil, help: "Do not fetch; read the store."),
            OptionSpec(name: "snapshot", value: "DIR", help: "Read the site from a snapshot directory (no network)."),
            OptionSpec(name: "specs", value: "DIR", help: "The SignalSpecs folder (default: found automatically)."),
        ] + CrawlSupport.options,
        minPositionals: 1,
        maxPositionals: 1
    )

    @Sendable
    static func run(_ args: ParsedArguments, _ console: Console) throws(CLIError) -> Int32 {
        let specs = try DataFiles.signalSpecs(specs: args.value("specs"))
        let input = try SiteInput.load(args.positionals[0], args, console, command: "check")
        let site = SiteSignals(origin: input.origin, specs: specs, lookup: input.lookup)
        let matrix = CheckMatrix(site, url: input.url, registry: specs.registry, lookup: input.lookup)
        let findings = SiteLint.run(site, lookup: input.lookup)
        if args.flag("json") {
            for row in matrix.rows { console.line(CheckMatrixText.json(row, url: matrix.url).serialized) }
            for item in findings {
                if case .object(let pairs) = LintJSON.finding(item) {
                    console.line(JSON.object([("finding", .bool(true))] + pairs).serialized)
                }
            }
        } else {
            CheckMatrixText.print(matrix, to: console)
            if !findings.isEmpty {
                console.line("")
                console.line("findings, most consequential first (heed lint for fixes):")
                for item in findings.prefix(40) {
                    let f = item.finding
                    let location = [f.document, f.line.map(String.init)].compactMap { $0 }.joined(separator: ":")
                    console.line(
                        "  \(item.consequence.name)/\(f.severity.rawValue): \(f.message) [\(f.code)]"
                            + (location.isEmpty ? "" : "  \(location)")
                    )
                }
                if findings.count > 40 { console.line("  ... \(findings.count - 40) more") }
            }
        }
        try LintCommand.writeReport(args, CheckMatrixReport.render(matrix, findings: findings, source: input.source))
        return findings.contains { $0.finding.severity <= .warning } ? ExitStatus.findings : ExitStatus.ok
    }
}
