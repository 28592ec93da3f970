// SPDX-License-Identifier: Apache-2.0
// heed lint: everything a steward should fix across one host's documents, live or from a snapshot.

import Foundation
import HeedAudit
import HeedCore
import HeedSteward

/// `heed lint URL_OR_HOST [fetch options]` or `heed lint --snapshot DIR HOST`.
enum LintCommand {
    static let spec = CommandSpec(
        name: "lint",
        usage: "lint (URL_OR_HOST | --snapshot DIR HOST) [--json] [--report FILE.html] [--offline] [fetch options]",
        summary: "Everything wrong or ambiguous in a site's signals, ranked by consequence, each with a fix.",
        details: """
            Fetches the site like 'heed check' (robots.txt, the RSL licences, /.well-known/tdmrep.json, /ai.txt,
            the home page) into the store, or reads it from --snapshot DIR (offline) or the store (--offline), and
            lists invalid documents, misspellings, unreachable rules, invalid tokens and the crawlers Google's
            truncation reaches, signals in groups major crawlers never read, RSL terms robots.txt contradicts,
            gaps between mechanisms and conflicts, each with its document, line, spec clause and a suggested
            fix. Ranked: consequence (site, major, some, latent, cosmetic), then severity.
            Exit status: 0 nothing above info, 1 warnings or errors, 2 usage or input error.
            """,
        options: [
            OptionSpec(name: "snapshot", value: "DIR", help: "Read the site from a snapshot directory (no network)."),
            OptionSpec(name: "json", value: nil, help: "One JSON object per finding."),
            OptionSpec(name: "report", value: "FILE.html", help: "Also write a self-contained HTML report."),
            OptionSpec(name: "offline", value: nil, help: "Do not fetch; read the store."),
            OptionSpec(name: "specs", value: "DIR", help: "The SignalSpecs folder (default: found automatically)."),
        ] + CrawlSupport.options,
        minPositionals: 1,
        maxPositionals: 1
    )

    @Sendable
    static func run(_ args: ParsedArguments, _ console: Console) throws(CLIError) -> Int32 {
        let specs = try DataFiles.signalSpecs(specs: args.value("specs"))
        let input = try SiteInput.load(args.positionals[0], args, console, command: "lint")
        let site = SiteSignals(origin: input.origin, specs: specs, lookup: input.lookup)
        let findings = SiteLint.run(site, lookup: input.lookup)
        for item in findings {
            if args.flag("json") {
                console.line(LintJSON.finding(item).serialized)
            } else {
                LintJSON.printText(item, host: input.host, to: console)
            }
        }
        try writeReport(args, LintReport.render(findings, host: input.host, source: input.source))
        let serious = findings.filter { $0.finding.severity <= .warning }.count
        if !args.flag("json") {
            console.error("\(input.host): \(findings.count) finding(s), \(serious) warning(s) or error(s)")
        }
        return serious > 0 ? ExitStatus.findings : ExitStatus.ok
    }

    /// Writes `--report` atomically, if asked for.
    static func writeReport(_ args: ParsedArguments, _ html: @autoclosure () -> String) throws(CLIError) {
        guard let path = args.value("report") else { return }
        do {
            try AtomicFile.write(html(), to: path)
        } catch {
            throw CLIError(.unreadableInput, error.location, error.message)
        }
    }
}

/// The text and JSON forms of a ranked finding.
enum LintJSON {
    /// `ExplanationJSON.finding` plus `consequence` and `crawlers`.
    static func finding(_ item: LintFinding) -> JSON {
        guard case .object(let pairs) = ExplanationJSON.finding(item.finding) else { return .null }
        return .object(
            pairs + [
                ("consequence", .string(item.consequence.name)),
                ("crawlers", .array(item.crawlers.map(JSON.string))),
            ]
        )
    }

    /// `DOCUMENT:LINE: severity: message [code]`, then the line's text, the fix, the clause and tier.
    static func printText(_ item: LintFinding, host: String, to console: Console) {
        let f = item.finding
        var location = f.document ?? host
        if let line = f.line { location += ":\(line)" }
        console.line("\(location): \(f.severity.rawValue): \(f.message) [\(f.code)]")
        if let text = f.text, !text.isEmpty { console.line("    | \(text)") }
        if let fix = f.fix { console.line("    fix: \(fix)") }
        console.line("    (\(f.clause ?? "no clause"); consequence: \(item.consequence.name))")
    }
}
