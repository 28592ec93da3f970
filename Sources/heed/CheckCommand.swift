// SPDX-License-Identifier: Apache-2.0
// heed check: fetch one site's signals and show what each known AI agent may do there.

import Foundation
import HeedCore
import HeedFetch
import HeedStore

/// `heed check URL_OR_HOST [--json] [--store PATH] [--offline]`.
enum CheckCommand {
    static let spec = CommandSpec(
        name: "check",
        usage: "check URL_OR_HOST [--json] [--offline] [--store PATH] [fetch options]",
        summary: "Fetch one site's signals and show, for every known AI agent, access and each use.",
        details: """
            Fetches robots.txt, the RSL licences, /.well-known/tdmrep.json, /ai.txt and the page (the home page
            for a host) into the store, then prints one row per agent of the registry: access and the folded
            value of search, ai_index, ai_input, ai_train and tdm for the page, then the site's lint findings.
            --offline reads the store only. --json prints one object per agent (the explain schema plus
            "purpose"), then one object per finding with "finding": true.
            Exit status: 0 no findings above info, 1 findings, 2 usage or input error.
            """,
        options: [
            OptionSpec(name: "json", value: nil, help: "JSON lines instead of a table."),
            OptionSpec(name: "offline", value: nil, help: "Do not fetch; read the store."),
            OptionSpec(name: "specs", value: "DIR", help: "The SignalSpecs folder (default: found automatically)."),
        ] + CrawlSupport.options,
        minPositionals: 1,
        maxPositionals: 1
    )

    @Sendable
    static func run(_ args: ParsedArguments, _ console: Console) throws(CLIError) -> Int32 {
        let target = args.positionals[0]
        let url = target.contains("://") ? target : "https://\(target)/"
        guard let origin = CrawlSupport.originOf(url) else {
            throw CLIError(.invalidValue, target, "expected an http(s) URL or a host name")
        }
        let specs = try DataFiles.signalSpecs(specs: args.value("specs"))
        let store = try CrawlSupport.store(args)
        if !args.flag("offline") {
            let fetcher = Fetcher(configuration: try CrawlSupport.configuration(args))
            defer { fetcher.shutdown() }
            let crawler = SiteCrawler(fetcher: fetcher, resolve: try CrawlSupport.connectTo(args))
            let samples = url == origin + "/" ? [] : [url]
            let (site, storeError) = CrawlSupport.wait {
                await CrawlSupport.crawl(origin: origin, samples: samples, crawler: crawler, store: store)
            }
            for f in site.failures { console.error("heed check: \(f.url): \(f.error.message)") }
            if let storeError { throw CLIError(.unreadableInput, origin, "the store refused the crawl: \(storeError)") }
        }
        let lookup = CrawlSupport.lookup(store)
        let site = SiteSignals(origin: origin, specs: specs, lookup: lookup)
        let rows = CheckMatrix.rows(site, url: url, registry: specs.registry, lookup: lookup)
        let findings = SiteLint.findings(site, origin: origin, lookup: lookup)
        if args.flag("json") {
            for row in rows {
                var object = ExplanationJSON.render(row.explanation)
                if case .object(var pairs) = object {
                    pairs.insert(("purpose", .string(row.purpose)), at: 2)
                    object = .object(pairs)
                }
                console.line(object.serialized)
            }
            for f in findings {
                if case .object(let pairs) = ExplanationJSON.finding(f) {
                    console.line(JSON.object([("finding", .bool(true))] + pairs).serialized)
                }
            }
        } else {
            CheckMatrix.print(rows, url: url, to: console)
            if !findings.isEmpty {
                console.line("")
                console.line("findings (heed lint --snapshot or --store for details):")
                for f in findings.prefix(40) {
                    let location = [f.document, f.line.map(String.init)].compactMap { $0 }.joined(separator: ":")
                    console.line(
                        "  \(f.severity.rawValue): \(f.message) [\(f.code)]\(location.isEmpty ? "" : "  \(location)")"
                    )
                }
                if findings.count > 40 { console.line("  ... \(findings.count - 40) more") }
            }
        }
        return findings.contains { $0.severity <= .warning } ? ExitStatus.findings : ExitStatus.ok
    }
}

/// The agent × use-category matrix of one page.
enum CheckMatrix {
    struct Row {
        var agent: String
        var purpose: String
        var explanation: Explanation
    }

    /// One row per registry agent (one per robots token), plus `*` for any other crawler.
    static func rows(
        _ site: SiteSignals,
        url: String,
        registry: AgentRegistry,
        lookup: (String) -> DocumentLookup
    ) -> [Row] {
        var seen = Set<String>()
        var rows: [Row] = []
        for agent in registry.agents where seen.insert(agent.token.key).inserted {
            let e = site.explain(url: url, agent: agent.token, lookup: lookup, withFindings: false)
            let purpose = agent.purpose.rawValue + (agent.control ? " (control token)" : "")
            rows.append(Row(agent: agent.name, purpose: purpose, explanation: e))
        }
        let any = site.explain(url: url, agent: ProductToken("HeedAnyCrawler"), lookup: lookup, withFindings: false)
        rows.append(Row(agent: "(any other)", purpose: "-", explanation: any))
        return rows
    }

    static func print(_ rows: [Row], url: String, to console: Console) {
        console.line("What each known AI agent may do with \(url):")
        console.line("")
        let table = rows.map { row -> [String] in
            var cells = [row.agent, row.purpose, row.explanation.access.value.rawValue]
            for c in UseCategory.allCases {
                let v = row.explanation[c].value
                cells.append(v == .conditional ? "cond" : v.rawValue)
            }
            return cells
        }
        Table.print(
            ["AGENT", "PURPOSE", "ACCESS"] + UseCategory.allCases.map(\.rawValue),
            table,
            to: console,
            maxWidth: 28
        )
    }
}
