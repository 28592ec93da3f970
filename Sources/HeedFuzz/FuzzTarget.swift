// SPDX-License-Identifier: Apache-2.0
// HeedFuzz: one fuzz target per parser, shared by the libFuzzer binary (`heed-fuzz`), the crasher
// replay tests and `scripts/fuzz`. Each target feeds arbitrary bytes to a parser the way Heed uses it
// on untrusted input and exercises what reads the result; a target "fails" only by trapping,
// hanging or (under AddressSanitizer) touching memory it must not.

import Foundation
import HeedAudit
package import HeedCore
import HeedLogs

/// A parser under fuzzing.
///
/// Why one enum: libFuzzer runs one entry point per process, so the binary picks the target from
/// `HEED_FUZZ_TARGET`; the tests replay every target's seeds and crashers through the same `run`.
package enum FuzzTarget: String, CaseIterable, Sendable {
    /// robots.txt (RFC 9309): parse, lint, match a few agents and paths, read the AI lines.
    case robots
    /// RFC 9651 Structured Fields: dictionary, list and item parsers.
    case structuredFields = "structured-fields"
    /// IETF AIPREF `Content-Usage` values (vocab and attach drafts) with CC signals exceptions.
    case contentUsage = "content-usage"
    /// Cloudflare `Content-Signal` lines.
    case contentSignal = "content-signal"
    /// RSL 1.0 licence XML (libxml2, no DTD, no network).
    case rsl
    /// W3C TDMRep `tdmrep.json`.
    case tdmrep
    /// The HTML head reader (libxml2 HTML parser) and what reads the head.
    case htmlHead = "html-head"
    /// `X-Robots-Tag` header values (noai, noimageai, agent prefixes).
    case xRobotsTag = "x-robots-tag"
    /// Spawning `ai.txt`.
    case aiTxt = "ai-txt"
    /// copyright.sh `ai-license` meta content.
    case aiLicense = "ai-license"
    /// A whole site: NUL-separated robots.txt, tdmrep.json, ai.txt, home page, licence XML and home
    /// page headers, folded and explained for a URL.
    case site
    /// Manifests: plain URL lists.
    case manifestPlain = "manifest-plain"
    /// Manifests: CSV with a `url` column.
    case manifestCSV = "manifest-csv"
    /// Manifests: JSON Lines.
    case manifestJSONL = "manifest-jsonl"
    /// Manifests: CDXJ and classic CDX index lines.
    case manifestCDX = "manifest-cdx"
    /// Manifests: WARC records.
    case manifestWARC = "manifest-warc"
    /// Manifests: gzip-compressed input, format detected.
    case manifestGzip = "manifest-gzip"
    /// Access logs (Combined/Common Log Format, JSON Lines, gzip), analyzed against a robots.txt that
    /// changes once, in small chunks, with every report rendered.
    case accessLog = "access-log"

    /// The `Corpus/` folders whose files seed this target (relative to `Corpus/`).
    package var seedFolders: [String] {
        switch self {
        case .robots: ["robots", "conformance"]
        case .structuredFields, .contentUsage, .xRobotsTag: ["headers"]
        case .contentSignal: ["robots"]
        case .rsl: ["rsl"]
        case .tdmrep: ["tdmrep"]
        case .htmlHead, .aiLicense: ["html-meta"]
        case .aiTxt: ["ai-txt"]
        case .site: ["snapshots/audit"]
        case .manifestPlain, .manifestCSV, .manifestJSONL, .manifestCDX, .manifestWARC, .manifestGzip:
            ["manifests"]
        case .accessLog: ["logs"]
        }
    }

    /// Runs the target on `bytes`. `specs` are Heed's SignalSpecs.
    package func run(_ bytes: [UInt8], specs: SignalSpecs) {
        let text = String(decoding: bytes, as: UTF8.self)
        switch self {
        case .robots: Self.robots(bytes, specs: specs)
        case .structuredFields:
            _ = StructuredFields.parseDictionary(bytes: bytes)
            _ = StructuredFields.parseList(text)
            _ = StructuredFields.parseItem(text)
        case .contentUsage:
            let preference = ContentUsagePreference(parsing: text, vocabulary: specs.aipref, ccSignals: specs.ccSignals)
            _ = preference.findings.count
            let headers = HTTPHeaders([("Content-Usage", text)])
            let header = ContentUsageHeader(
                document: Document(url: "https://fuzz.test/", headers: headers, body: []),
                vocabulary: specs.aipref,
                ccSignals: specs.ccSignals
            )
            Self.query(header, url: "https://fuzz.test/a")
        case .contentSignal:
            let line = ContentSignalLine(parsing: text, vocabulary: specs.contentSignal, line: 1)
            _ = line.hashValue
        case .rsl:
            let document = RSLDocument(bytes, location: "fuzz.xml", vocabulary: specs.rsl)
            _ = document.hashValue
        case .tdmrep:
            let file = TDMRepFile(bytes, location: "tdmrep.json")
            _ = file.findings.count
            let source = TDMRepSource(
                wellKnown: Document(url: "https://fuzz.test/.well-known/tdmrep.json", body: bytes),
                page: nil,
                head: nil
            )
            Self.query(source, url: "https://fuzz.test/a/b.html")
        case .htmlHead:
            let head = HTMLHead.parse(bytes)
            let page = Document(url: "https://fuzz.test/", body: bytes)
            Self.query(RobotsMetaSource(page: page, head: head, vocabulary: specs.robotsMeta), url: page.url)
            Self.query(AILicenseSource(head: head, document: page.url), url: page.url)
            Self.query(TDMRepSource(wellKnown: nil, page: page, head: head), url: page.url)
        case .xRobotsTag:
            let page = Document(url: "https://fuzz.test/", headers: HTTPHeaders([("X-Robots-Tag", text)]), body: [])
            Self.query(RobotsMetaSource(page: page, head: nil, vocabulary: specs.robotsMeta), url: page.url)
        case .aiTxt:
            let file = AITxtFile(bytes, location: "ai.txt")
            _ = file.findings.count
            let source = AITxtSource(document: Document(url: "https://fuzz.test/ai.txt", body: bytes))
            Self.query(source, url: "https://fuzz.test/x.jpg")
        case .aiLicense:
            let license = AILicense(content: text, document: "fuzz.html")
            _ = license.hashValue
        case .site: Self.site(bytes, specs: specs)
        case .manifestPlain: Self.manifest(bytes, format: .plain)
        case .manifestCSV: Self.manifest(bytes, format: .csv)
        case .manifestJSONL: Self.manifest(bytes, format: .jsonl)
        case .manifestCDX:
            Self.manifest(bytes, format: .cdxj)
            Self.manifest(bytes, format: .cdx)
        case .manifestWARC: Self.manifest(bytes, format: .warc)
        case .manifestGzip: Self.manifest(bytes, format: .auto)
        case .accessLog: Self.accessLog(bytes, specs: specs)
        }
    }

    /// Asks `source` for its statements about `url` for a few crawlers.
    private static func query(_ source: some SignalSource, url: String) {
        for agent in ["*", "GPTBot", "Google-Extended"] {
            _ = source.statements(for: SignalQuery(url: url, agent: ProductToken(agent), matcher: nil, crawlable: true))
        }
    }

    private static func robots(_ bytes: [UInt8], specs: SignalSpecs) {
        let robots = RobotsTxt(bytes)
        _ = RobotsLinter.lint(robots).count
        _ = robots.findings.count
        // Paths from the input itself reach the patterns' corner cases.
        let paths = ["/", "/robots.txt", "/a/b?c=d", "/%E2%82%AC/*$"] + robots.records.prefix(8).map { $0.value }
        for agent in ["*", "GPTBot", "Google-Extended", "CCBot"] {
            let matcher = RobotsMatcher(robots, agent: ProductToken(agent))
            for path in paths { _ = matcher.decide(path.hasPrefix("/") ? path : "/" + path) }
        }
        let signals = RobotsSignals(
            robots: robots,
            document: "robots.txt",
            aipref: specs.aipref,
            ccSignals: specs.ccSignals,
            contentSignal: specs.contentSignal,
            registry: specs.registry,
            controlTokens: specs.controlTokens
        )
        for agent in ["*", "GPTBot"] {
            let token = ProductToken(agent)
            let matcher = RobotsMatcher(robots, agent: token)
            for path in paths.prefix(6) {
                let url = "https://fuzz.test" + (path.hasPrefix("/") ? path : "/" + path)
                _ = signals.statements(for: SignalQuery(url: url, agent: token, matcher: matcher, crawlable: true))
            }
        }
    }

    private static func site(_ bytes: [UInt8], specs: SignalSpecs) {
        var parts = bytes.split(separator: 0, maxSplits: 5, omittingEmptySubsequences: false).map { Array($0) }
        while parts.count < 6 { parts.append([]) }
        let headers = String(decoding: parts[5], as: UTF8.self).split(whereSeparator: \.isNewline).compactMap { line in
            line.firstIndex(of: ":").map { colon in (String(line[..<colon]), String(line[colon...].dropFirst())) }
        }
        let lookup: (String) -> DocumentLookup = { url in
            let path = url.dropFirst("https://fuzz.test".count)
            switch path {
            case "/robots.txt": return .found(Document(url: url, body: parts[0]))
            case "/.well-known/tdmrep.json": return .found(Document(url: url, body: parts[1]))
            case "/ai.txt": return .found(Document(url: url, body: parts[2]))
            case "/", "/index.html": return .found(Document(url: url, headers: HTTPHeaders(headers), body: parts[3]))
            default: return .found(Document(url: url, body: parts[4]))
            }
        }
        let signals = SiteSignals(origin: "https://fuzz.test", specs: specs, lookup: lookup)
        for url in ["https://fuzz.test/", "https://fuzz.test/a/b.html?x=1"] {
            for agent in ["*", "GPTBot"] {
                _ = signals.explain(url: url, agent: ProductToken(agent), lookup: lookup).categories.count
            }
        }
    }

    /// Two sites; example.org's robots.txt changes at 2026-03-02T00:00:00Z.
    private static let logSites = [
        SiteRobots(
            host: "example.org",
            versions: [
                RobotsVersion(
                    since: 1_772_323_200,
                    status: 200,
                    body: Array("User-agent: GPTBot\nDisallow: /private/\n\nUser-agent: *\nDisallow: /admin/\n".utf8),
                    location: "v1"
                ),
                RobotsVersion(
                    since: 1_772_409_600,
                    status: 200,
                    body: Array("User-agent: GPTBot\nUser-agent: Bytespider\nDisallow: /\nAllow: /$\n".utf8),
                    location: "v2"
                ),
                RobotsVersion(since: 1_772_496_000, status: 503, body: [], location: "v3"),
            ]
        ),
        SiteRobots(host: "other.test", versions: [RobotsVersion(since: nil, status: 404, body: [], location: "o")]),
    ]

    /// The registry's crawlers, indexed once per process (building the index per input would dominate).
    private static let logIdentifier = (try? FuzzInput.specs()).map { CrawlerIdentifier(registry: $0.registry) }

    private static func accessLog(_ bytes: [UInt8], specs: SignalSpecs) {
        guard let fd = FuzzInput.descriptor(bytes) else { return }
        defer { close(fd) }
        let identifier = logIdentifier ?? CrawlerIdentifier(registry: specs.registry)
        for (format, perLine) in [(LogFormat.auto, false), (LogFormat.json, true), (LogFormat.combined, true)] {
            lseek(fd, 0, SEEK_SET)
            var options = LogOptions()
            options.workers = 1
            options.chunkSize = 512
            options.maxLineLength = 4096
            options.format = format
            options.sitePerLine = perLine
            options.graceSeconds = perLine ? 3600 : 0
            let analyzer = LogAnalyzer(identifier: identifier, sites: logSites, options: options)
            guard let analysis = try? analyzer.run([.descriptor(fd, name: "fuzz")]) else { continue }
            // The reports read only the analysis: render them once per input.
            guard format == .auto else { continue }
            _ = LogReportText.render(analysis).count
            _ = LogReportJSON.lines(analysis).count
            _ = LogReportHTML.render(analysis).count
        }
    }

    private static func manifest(_ bytes: [UInt8], format: ManifestFormat) {
        var options = ManifestOptions()
        options.format = format
        guard let fd = FuzzInput.descriptor(bytes) else { return }
        defer { close(fd) }
        guard let reader = try? ManifestReader(fileDescriptor: fd, name: "fuzz", options: options) else { return }
        _ = try? reader.read({ entry in _ = URLBytes.host(entry.url) }, problem: { _ in })
    }
}
