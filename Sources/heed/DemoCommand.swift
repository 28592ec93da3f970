// SPDX-License-Identifier: Apache-2.0
// heed demo: the built-in, offline demonstration on the real sites bundled in Corpus/.

import Foundation
import HeedAudit
import HeedCore
import HeedFetch
import HeedServer

/// `heed demo`: what the major AI crawlers may fetch on real news and creator sites, read from
/// the robots.txt files in `Corpus/` (no network). Grows with Heed: later it serves a local
/// snapshot and runs a crawl and an audit against it.
enum DemoCommand {
    static let spec = CommandSpec(
        name: "demo",
        usage: "demo [--json] [--corpus DIR]",
        summary: "Offline demo: what major AI crawlers may fetch on the real sites bundled in Corpus/.",
        details: """
            Reads the newest robots.txt of 20 major publishers (Wayback Machine captures, 2023-2025) and
            a few 2024-2026 creator sites, and shows for each AI crawler whether it may fetch the whole
            site ('yes'), only parts ('part') or not even the home page ('no'), with the deciding line.
            """,
        options: [
            OptionSpec(name: "json", value: nil, help: "One JSON object per site and crawler."),
            OptionSpec(name: "corpus", value: "DIR", help: "The Corpus folder (default: found automatically)."),
            OptionSpec(name: "specs", value: "DIR", help: "The SignalSpecs folder (default: found automatically)."),
        ],
        maxPositionals: 0
    )

    /// The crawlers shown, in column order: the best-known AI tokens plus Googlebot for contrast.
    static let crawlers = [
        "GPTBot", "OAI-SearchBot", "ClaudeBot", "CCBot", "Google-Extended", "Applebot-Extended",
        "PerplexityBot", "meta-externalagent", "Bytespider", "Googlebot",
    ]

    @Sendable
    static func run(_ args: ParsedArguments, _ console: Console) throws(CLIError) -> Int32 {
        let corpus: URL
        if let dir = args.value("corpus") {
            corpus = URL(fileURLWithPath: dir)
        } else {
            corpus = try DataFiles.folder("Corpus", environment: "HEED_CORPUS")
        }
        let registry = try DataFiles.registry(specs: args.value("specs"))
        let sites = try demoSites(corpus)
        let json = args.flag("json")
        var rows: [[String]] = []
        var blockedCount = [String: Int]()
        var partialCount = [String: Int]()
        for site in sites {
            let bytes = try DataFiles.read(site.path.path, console: console)
            let robots = RobotsTxt(bytes)
            var row = [site.name]
            for name in crawlers {
                let matcher = RobotsMatcher(robots, agent: ProductToken(name))
                let reach = matcher.reach
                if reach == .blocked { blockedCount[name, default: 0] += 1 }
                if reach == .partial { partialCount[name, default: 0] += 1 }
                row.append(reach == .blocked ? "no" : reach == .partial ? "part" : "yes")
                if json {
                    let d = matcher.decide("/")
                    console.line(
                        JSON.object([
                            ("site", .string(site.name)),
                            ("file", .string(site.relative)),
                            ("agent", .string(name)),
                            ("purpose", .optional(registry.agent(named: name)?.purpose.rawValue)),
                            ("reach", .string(reach.rawValue)),
                            ("selection", .string(matcher.selection.rawValue)),
                            ("groupLines", .array(matcher.agentLines.map(JSON.int))),
                            ("homeRuleLine", .optional(d.rule?.line)),
                            ("homeRule", .optional(d.rule.flatMap { robots.text(ofLine: $0.line) })),
                        ]).serialized
                    )
                }
            }
            rows.append(row)
        }
        if json {
            try signals(corpus: corpus, specs: args.value("specs"), json: true, console: console)
            return ExitStatus.ok
        }
        console.line("What AI crawlers may fetch, from each site's own robots.txt (RFC 9309; offline, Corpus/):")
        console.line("  yes = whole site, part = some paths disallowed, no = not even the home page")
        console.line("")
        Table.print(["SITE"] + crawlers.map(abbreviate), rows, to: console)
        console.line("")
        console.line("Per crawler, of \(sites.count) sites:")
        for name in crawlers {
            let purpose =
                registry.agent(named: name).map {
                    $0.control ? "\($0.purpose.rawValue), control token" : $0.purpose.rawValue
                } ?? "search (not in the AI list)"
            let b = blockedCount[name, default: 0]
            let p = partialCount[name, default: 0]
            console.line(
                "  \(name.padding(toLength: 19, withPad: " ", startingAt: 0)) blocked on \(pad(b)), partly on \(pad(p)), "
                    + "free on \(pad(sites.count - b - p))   [\(purpose)]"
            )
        }
        console.line("")
        console.line(
            "Try: heed robots Corpus/\(sites.first?.relative ?? "robots/misc/9takes.com.robots.txt") --agent GPTBot --json /"
        )
        try signals(corpus: corpus, specs: args.value("specs"), json: false, console: console)
        return ExitStatus.ok
    }

    /// The second part of the demo: every signal of the real-site snapshots, folded per use
    /// category for GPTBot's view of each home page, with the conflicts between mechanisms.
    static func signals(corpus: URL, specs: String?, json: Bool, console: Console) throws(CLIError) {
        let root = corpus.appendingPathComponent("snapshots/real")
        let snapshot = try SnapshotAccess.open(root.path)
        let signalSpecs = try DataFiles.signalSpecs(specs: specs)
        let lookup = SnapshotAccess.lookup(snapshot, console: console)
        let agent = ProductToken("GPTBot")
        var rows: [[String]] = []
        var conflicts: [String] = []
        for host in snapshot.hosts() {
            let origin = "https://\(host)"
            let site = SiteSignals(origin: origin, specs: signalSpecs, lookup: lookup)
            let e = site.explain(url: origin + "/", agent: agent, lookup: lookup)
            if json {
                console.line(ExplanationJSON.render(e).serialized)
                continue
            }
            var row = [host, e.access.value.rawValue]
            for category in UseCategory.allCases {
                let folded = e[category]
                let deciders = Set(
                    folded.statements.filter { $0.value == folded.value }.map { shortName($0.provenance.mechanism) }
                )
                let mark = folded.value == .conditional ? "cond" : folded.value.rawValue
                row.append(deciders.isEmpty ? mark : "\(mark) (\(deciders.sorted().joined(separator: ",")))")
            }
            rows.append(row)
            for f in e.findings where f.code == "conflict" { conflicts.append("  \(host): \(f.message)") }
        }
        if json { return }
        console.line("")
        console.line(
            "Every signal, not just robots.txt: the home pages of \(rows.count) real sites (Corpus/snapshots/real),"
        )
        console.line("as GPTBot would read them: access, then each use category folded across mechanisms")
        console.line("(deny > conditional > allow > unknown), with the mechanisms that decide it:")
        console.line("")
        Table.print(["SITE", "ACCESS"] + UseCategory.allCases.map(\.rawValue), rows, to: console, maxWidth: 34)
        if !conflicts.isEmpty {
            console.line("")
            console.line("Conflicts between a site's own signals:")
            for c in conflicts { console.line(c) }
        }
        console.line("")
        console.line("Try: heed explain --snapshot Corpus/snapshots/real --agent GPTBot https://9takes.com/")
        console.line("     heed lint --snapshot Corpus/snapshots/real mcpjunction.ai")
        try audit(corpus: corpus, specs: specs, console: console)
    }

    /// The third part: a small training manifest audited under two profiles, as a model builder
    /// would before a training run.
    static func audit(corpus: URL, specs: String?, console: Console) throws(CLIError) {
        let manifest = corpus.appendingPathComponent("demo/training-manifest.txt").path
        let snapshot = try SnapshotAccess.open(corpus.appendingPathComponent("snapshots/real").path)
        let specsDir: URL
        if let specs {
            specsDir = URL(fileURLWithPath: specs)
        } else {
            specsDir = try DataFiles.folder("SignalSpecs", environment: "HEED_SPECS")
        }
        let signalSpecs = try DataFiles.signalSpecs(specs: specsDir.path)
        for name in ["commercial-genai-training", "eu-research-organisation"] {
            var args = ParsedArguments()
            args.values["profile"] = [name]
            let policy = try AuditOptions.policy(args, specsDir: specsDir)
            let auditor = Auditor(
                config: AuditConfiguration(policy: policy, specs: signalSpecs),
                source: SnapshotAccess.sendableLookup(snapshot)
            )
            let summary: AuditSummary
            do {
                let reader = try ManifestReader(path: manifest, options: ManifestOptions())
                (summary, _) = try auditor.run(reader, emit: { _ in }, problem: { _ in })
            } catch {
                throw CLIError(.unreadableInput, manifest, "\(error)")
            }
            console.line("")
            console.line("Audit of Corpus/demo/training-manifest.txt, profile \(name):")
            console.line(SummaryText.line(summary))
        }
        console.line("")
        console.line(
            "Try: heed audit Corpus/demo/training-manifest.txt --snapshot Corpus/snapshots/real "
                + "--profile eu-research-organisation --format jsonl"
        )
        try live(corpus: corpus, specs: signalSpecs, console: console)
    }

    /// The fourth part: the same sites served over HTTP by an in-process loopback server, crawled
    /// with the real fetcher (libcurl, politeness, robots.txt rules) into a temporary store, then
    /// checked from the store. No network: every host name is connected to 127.0.0.1.
    static func live(corpus: URL, specs: SignalSpecs, console: Console) throws(CLIError) {
        let snapshot = try SnapshotAccess.open(corpus.appendingPathComponent("snapshots/real").path)
        let server: SnapshotServer
        do {
            server = try SnapshotServer(snapshot: snapshot)
        } catch {
            throw CLIError(.unreadableInput, "127.0.0.1", "cannot start the demo server: \(error)")
        }
        defer { server.stop() }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("heed-demo-\(getpid())")
        defer { try? FileManager.default.removeItem(at: dir) }
        var args = ParsedArguments()
        args.values["store"] = [dir.appendingPathComponent("store.sqlite").path]
        args.flags.insert("allow-private")
        args.values["timeout"] = ["10"]
        let store = try CrawlSupport.store(args)
        var configuration = try CrawlSupport.configuration(args)
        configuration.retries = 0
        let fetcher = Fetcher(configuration: configuration)
        defer { fetcher.shutdown() }
        let crawler = SiteCrawler(fetcher: fetcher, resolve: ["*": "127.0.0.1:\(server.port)"])
        let origins = snapshot.hosts().map { "http://\($0)" }
        let started = Date()
        // Failures are expected and shown: the server speaks plain HTTP, so an https:// licence URL
        // (mcpjunction.ai's robots.txt names one) fails, and RSL then reads it as unavailable.
        let (documents, notStored) = CrawlSupport.wait { () async -> (Int, [String]) in
            await withTaskGroup(of: (Int, String?).self) { group in
                for origin in origins {
                    group.addTask {
                        let crawl = await CrawlSupport.crawl(
                            origin: origin,
                            samples: [],
                            crawler: crawler,
                            store: store
                        )
                        return (crawl.site.documents.count, crawl.storeError)
                    }
                }
                var total = 0
                var errors: [String] = []
                for await (n, error) in group {
                    total += n
                    if let error { errors.append(error) }
                }
                return (total, errors)
            }
        }
        for message in notStored { console.error("heed demo: not stored: \(message)") }
        let seconds = Date().timeIntervalSince(started)
        console.line("")
        console.line(
            "Live: an in-process server on 127.0.0.1:\(server.port) serves the same \(origins.count) sites over HTTP;"
        )
        console.line(
            String(
                format:
                    "heed crawled them (libcurl, one connection per host, Crawl-delay honoured) in %.2f s: %d responses stored.",
                seconds,
                documents
            )
        )
        let lookup = CrawlSupport.lookup(store)
        let site = SiteSignals(origin: "http://9takes.com", specs: specs, lookup: lookup)
        var matrix = CheckMatrix(site, url: "http://9takes.com/", registry: specs.registry, lookup: lookup)
        matrix.rows.removeAll {
            !["GPTBot", "ClaudeBot", "CCBot", "Google-Extended", "PerplexityBot", "(any other)"].contains($0.name)
        }
        console.line(
            "heed check http://9takes.com/, from the store (a few rows of the registry's \(specs.registry.agents.count)):"
        )
        CheckMatrixText.print(matrix, to: console)
        console.line("")
        console.line(
            "Try: heed check 9takes.com --store /tmp/heed.sqlite --allow-private --connect-to ::127.0.0.1:PORT"
        )
        try DemoSteward.run(corpus: corpus, console: console)
    }

    /// A short label for a mechanism in the demo table.
    private static func shortName(_ m: Mechanism) -> String {
        switch m {
        case .robotsAccess: "robots"
        case .robotsControlToken: "control-token"
        case .robotsImplied: "robots-implied"
        case .robotsContentUsage, .httpContentUsage: "content-usage"
        case .robotsContentSignal: "content-signal"
        case .rsl: "rsl"
        case .tdmrepJSON, .tdmrepHeader, .tdmrepMeta: "tdmrep"
        case .xRobotsTag, .metaRobots: "noai"
        case .aiLicense: "ai-license"
        case .aiTxt: "ai.txt"
        }
    }

    private static func pad(_ n: Int) -> String {
        let s = String(n)
        return String(repeating: " ", count: max(0, 2 - s.count)) + s
    }

    private static func abbreviate(_ name: String) -> String {
        switch name {
        case "Google-Extended": "G-Extended"
        case "Applebot-Extended": "A-Extended"
        case "meta-externalagent": "meta-ext"
        case "PerplexityBot": "Perplexity"
        case "OAI-SearchBot": "OAI-Search"
        default: name
        }
    }

    struct Site {
        var name: String
        var path: URL
        var relative: String
    }

    /// The newest capture of each publisher, then the hand-picked 2024-2026 sites.
    static func demoSites(_ corpus: URL) throws(CLIError) -> [Site] {
        let fm = FileManager.default
        var sites: [Site] = []
        let wayback = corpus.appendingPathComponent("robots/wayback-publishers-2023-2025")
        let misc = corpus.appendingPathComponent("robots/misc")
        guard let hosts = try? fm.contentsOfDirectory(atPath: wayback.path).sorted(),
            let miscFiles = try? fm.contentsOfDirectory(atPath: misc.path).sorted()
        else {
            throw CLIError(
                .missingData,
                corpus.path,
                "the demo needs Corpus/robots/ (wayback-publishers-2023-2025, misc)"
            )
        }
        for host in hosts {
            let dir = wayback.appendingPathComponent(host)
            guard let newest = (try? fm.contentsOfDirectory(atPath: dir.path))?.filter({ $0.hasSuffix(".txt") }).max()
            else { continue }
            sites.append(
                Site(
                    name: host,
                    path: dir.appendingPathComponent(newest),
                    relative: "robots/wayback-publishers-2023-2025/\(host)/\(newest)"
                )
            )
        }
        for file in miscFiles where file.hasSuffix(".robots.txt") {
            sites.append(
                Site(
                    name: String(file.dropLast(".robots.txt".count)),
                    path: misc.appendingPathComponent(file),
                    relative: "robots/misc/\(file)"
                )
            )
        }
        return sites
    }
}
