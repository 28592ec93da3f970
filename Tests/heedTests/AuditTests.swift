// SPDX-License-Identifier: Apache-2.0
// heed tests: `heed audit` and `heed merge` end to end against Corpus/snapshots/audit (issue 5,
// "How it is checked"): exact verdicts per profile, every manifest format, malformed lines, exit
// codes, the output files, and sharding.

import Foundation
import Testing

@testable import heed

private let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

private let snapshot = root.appendingPathComponent("Corpus/snapshots/audit").path

private func manifest(_ name: String) -> String {
    root.appendingPathComponent("Corpus/manifests/audit/\(name)").path
}

/// A fresh empty directory under the temporary directory.
private func temporaryDirectory() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("heed-audit-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}

/// Writes a plain manifest of `urls` and returns its path.
private func plainManifest(_ urls: [String]) throws -> String {
    let file = try temporaryDirectory().appendingPathComponent("manifest.txt")
    try Data((urls.joined(separator: "\n") + "\n").utf8).write(to: file)
    return file.path
}

/// The objects of JSON Lines output.
private func objects(_ lines: [String]) throws -> [[String: Any]] {
    try lines.map { line in
        let o = try JSONSerialization.jsonObject(with: Data(line.utf8))
        return try #require(o as? [String: Any], "not an object: \(line)")
    }
}

/// A deciding statement as a jsonl `reasons` entry names it.
struct AuditReason: Hashable, CustomStringConvertible, Sendable {
    var mechanism: String
    var document: String
    var line: Int?
    var value: String

    init(_ mechanism: String, _ document: String, _ line: Int?, _ value: String) {
        self.mechanism = mechanism
        self.document = document
        self.line = line
        self.value = value
    }

    init(_ o: [String: Any]) {
        mechanism = o["mechanism"] as? String ?? "?"
        document = o["document"] as? String ?? "?"
        line = o["line"] as? Int
        value = o["value"] as? String ?? "?"
    }

    var description: String { "\(mechanism) \(document):\(line.map(String.init) ?? "-") \(value)" }
}

/// How a profile reads the synthetic hosts' opt-outs (SignalSpecs/profiles/*.json).
enum AuditReading: Sendable {
    /// ai_train, every opt-out binds (commercial-genai-training, eu-commercial-tdm).
    case strict
    /// ai_train, an exception overriding `all-use-preferences` (eu-research-organisation: DSM
    /// Art. 3; uk-non-commercial-research: CDPA s29A): every opt-out is an `exception`, so
    /// `opted-out` cannot occur.
    case everyPreference
    /// ai_train, the AIPREF public-archiving exclusion: only `robots.content-usage` and
    /// `http.content-usage` opt-outs are an `exception` (public-archive).
    case aiprefOnly
    /// ai_input (rag-assistant): training-only signals say nothing about it.
    case inference
}

/// A profile under test, with the verdicts it can give.
struct AuditProfileCase: Sendable, CustomTestStringConvertible {
    var name: String
    var reading: AuditReading
    var exceptionID: String?
    var use: String
    var testDescription: String { name }
}

/// One URL of the test manifests, with its verdict per reading, worked out by hand.
struct ExpectedURL: Sendable {
    var url: String
    /// strict, everyPreference, aiprefOnly, inference.
    var verdicts: [String]
    /// The deciding statements of every verdict other than ok, blocked and unknown (they have none).
    var reasons: [AuditReason]

    func verdict(_ reading: AuditReading) -> String {
        switch reading {
        case .strict: verdicts[0]
        case .everyPreference: verdicts[1]
        case .aiprefOnly: verdicts[2]
        case .inference: verdicts[3]
        }
    }
}

struct AuditTests {
    static let profiles: [AuditProfileCase] = [
        AuditProfileCase(name: "commercial-genai-training", reading: .strict, exceptionID: nil, use: "ai_train"),
        AuditProfileCase(name: "eu-commercial-tdm", reading: .strict, exceptionID: nil, use: "ai_train"),
        AuditProfileCase(
            name: "eu-research-organisation",
            reading: .everyPreference,
            exceptionID: "eu-dsm-art3",
            use: "ai_train"
        ),
        AuditProfileCase(
            name: "uk-non-commercial-research",
            reading: .everyPreference,
            exceptionID: "uk-cdpa-s29a",
            use: "ai_train"
        ),
        AuditProfileCase(
            name: "public-archive",
            reading: .aiprefOnly,
            exceptionID: "aipref-exclusion-public-archiving",
            use: "ai_train"
        ),
        AuditProfileCase(name: "rag-assistant", reading: .inference, exceptionID: nil, use: "ai_input"),
    ]

    // The deciding statements, each read off the stored document (Corpus/snapshots/audit/README.md).
    /// aipref-news.example/robots.txt line 4 `Content-Usage: train-ai=n`: AIPREF vocab-08 train-ai = n
    /// denies ai_train (generative; every profile here declares a generative model).
    static let contentUsage = AuditReason(
        "robots.content-usage",
        "aipref-news.example/robots.txt",
        4,
        "deny"
    )
    /// signal-shop.example/robots.txt line 5 `Content-Signal: search=yes, ai-train=no`.
    static let contentSignal = AuditReason(
        "robots.content-signal",
        "signal-shop.example/robots.txt",
        5,
        "deny"
    )
    /// licensed-press.example/license.xml: `<content url="/">`, its `<permits type="usage">` on line 6
    /// grants ai-train and ai-input, `payment type="attribution"`: conditional.
    static let rslAttribution = AuditReason("rsl", "licensed-press.example/license.xml", 6, "conditional")
    /// `<content url="/premium/">` (narrower, so it decides under /premium/), permits on line 15,
    /// `payment type="training"` 0.25 USD: conditional.
    static let rslTraining = AuditReason("rsl", "licensed-press.example/license.xml", 15, "conditional")
    /// cc-commons.example/robots.txt line 4 `Content-Usage: train-ai=n;exceptions=cc-cr`: the CC
    /// signal turns the deny into "yes, with credit".
    static let ccCredit = AuditReason("robots.content-usage", "cc-commons.example/robots.txt", 4, "conditional")
    /// tdm-journal.example/.well-known/tdmrep.json: the rule object starting on line 2
    /// (`/articles/*`, tdm-reservation 1) reserves tdm, which ai_train and ai_input inherit.
    static let tdmrep = AuditReason("tdmrep.json", "tdm-journal.example/.well-known/tdmrep.json", 2, "deny")
    /// artist-portfolio.example/gallery/sunset.html line 6 `<meta name="robots" content="noai">`:
    /// noai denies ai_train, ai_input and ai_index.
    static let noai = AuditReason("html.meta-robots", "artist-portfolio.example/gallery/sunset.html", 6, "deny")

    /// The 14 URLs of every test manifest, in `urls.txt` order; verdicts for the readings
    /// [strict, everyPreference, aiprefOnly, inference].
    static let expected: [ExpectedURL] = [
        // robots.txt `User-agent: *` / `Allow: /` and nothing else: ok everywhere.
        ExpectedURL(url: "https://open-recipes.example/", verdicts: ["ok", "ok", "ok", "ok"], reasons: []),
        ExpectedURL(
            url: "https://open-recipes.example/recipes/lentil-soup.html",
            verdicts: ["ok", "ok", "ok", "ok"],
            reasons: []
        ),
        // members-forum.example/robots.txt lines 2-5: CCBot, archive.org_bot and ChatGPT-User share a
        // group whose `Disallow: /threads/` (line 5) matches: blocked for every profile's agent.
        ExpectedURL(
            url: "https://members-forum.example/threads/4711",
            verdicts: ["blocked", "blocked", "blocked", "blocked"],
            reasons: []
        ),
        // /about.html matches no rule of that group, and the site states no use preference
        // (the GPTBot block counts only with --implied): ok.
        ExpectedURL(
            url: "https://members-forum.example/about.html",
            verdicts: ["ok", "ok", "ok", "ok"],
            reasons: []
        ),
        // train-ai=n: opted-out; Art. 3 / s29A override it; the AIPREF archiving exclusion covers
        // robots.content-usage; ai_input is not addressed: ok.
        ExpectedURL(
            url: "https://aipref-news.example/2025/05/harbour-strike.html",
            verdicts: ["opted-out", "exception", "exception", "ok"],
            reasons: [contentUsage]
        ),
        // ai-train=no: the archiving exclusion does not cover Content-Signal; ai-input not stated.
        ExpectedURL(
            url: "https://signal-shop.example/products/teapot",
            verdicts: ["opted-out", "exception", "opted-out", "ok"],
            reasons: [contentSignal]
        ),
        // RSL conditions are never overridden by an exception; ai-input is permitted too.
        ExpectedURL(
            url: "https://licensed-press.example/articles/city-budget.html",
            verdicts: ["conditional", "conditional", "conditional", "conditional"],
            reasons: [rslAttribution]
        ),
        ExpectedURL(
            url: "https://licensed-press.example/premium/market-report.html",
            verdicts: ["conditional", "conditional", "conditional", "conditional"],
            reasons: [rslTraining]
        ),
        ExpectedURL(
            url: "https://licensed-press.example/premium/outlook-2026.html",
            verdicts: ["conditional", "conditional", "conditional", "conditional"],
            reasons: [rslTraining]
        ),
        // CC signal on train-ai only: conditional for training, ai_input unstated: ok.
        ExpectedURL(
            url: "https://cc-commons.example/essays/on-commons.html",
            verdicts: ["conditional", "conditional", "conditional", "ok"],
            reasons: [ccCredit]
        ),
        // TDMRep reservation (tdm umbrella) reaches ai_train and ai_input; not an AIPREF signal,
        // so the archive's exclusion does not cover it.
        ExpectedURL(
            url: "https://tdm-journal.example/articles/vol12/paper3.html",
            verdicts: ["opted-out", "exception", "opted-out", "opted-out"],
            reasons: [tdmrep]
        ),
        // Outside `/articles/*`: no TDMRep rule matches: ok.
        ExpectedURL(url: "https://tdm-journal.example/about/", verdicts: ["ok", "ok", "ok", "ok"], reasons: []),
        // noai in the stored page: ai_train and ai_input denied; not an AIPREF signal.
        ExpectedURL(
            url: "https://artist-portfolio.example/gallery/sunset.html",
            verdicts: ["opted-out", "exception", "opted-out", "opted-out"],
            reasons: [noai]
        ),
        // No folder in the snapshot: never fetched.
        ExpectedURL(
            url: "https://never-fetched.example/page.html",
            verdicts: ["unknown", "unknown", "unknown", "unknown"],
            reasons: []
        ),
    ]

    /// Runs `heed audit` over `manifest` with the audit snapshot; the record goes to a file so that
    /// stderr holds only the problems and the summary.
    private static func audit(_ args: [String]) -> (Captured, Int32) {
        let c = Captured()
        let status = c.run(["audit"] + args + ["--snapshot", snapshot])
        return (c, status)
    }

    // MARK: - Verdicts per profile

    @Test(arguments: profiles)
    func verdictsAndReasonsPerProfile(_ profile: AuditProfileCase) throws {
        let record = try temporaryDirectory().appendingPathComponent("record.json").path
        let (c, status) = Self.audit([
            manifest("urls.txt"), "--profile", profile.name, "--format", "jsonl", "--record", record,
        ])
        // Unknown counts as opted-out (every profile's default), so each profile fails the default
        // --fail-on opted-out.
        #expect(status == 1)
        let records = try objects(c.lines)
        #expect(records.map { $0["url"] as? String } == Self.expected.map(\.url))
        for (o, e) in zip(records, Self.expected) {
            let verdict = e.verdict(profile.reading)
            let url = e.url
            #expect(o["verdict"] as? String == verdict, "\(url)")
            #expect(o["use"] as? String == profile.use, "\(url)")
            let reasons = (o["reasons"] as? [[String: Any]] ?? []).map(AuditReason.init)
            let expectedReasons = ["ok", "blocked", "unknown"].contains(verdict) ? [] : e.reasons
            #expect(reasons == expectedReasons, "\(url)")
            let exception = o["exception"] as? [String: Any]
            #expect(exception?["id"] as? String == (verdict == "exception" ? profile.exceptionID : nil), "\(url)")
            let access = try #require(o["access"] as? [String: Any])
            switch verdict {
            case "blocked":
                // The rule that blocks: members-forum.example/robots.txt line 5 `Disallow: /threads/`.
                #expect(access["value"] as? String == "disallow")
                #expect(access["document"] as? String == "members-forum.example/robots.txt")
                #expect(access["line"] as? Int == 5)
            case "unknown":
                #expect(access["value"] as? String == "unknown")
                #expect((o["note"] as? String)?.contains("never fetched") == true)
            default:
                #expect(access["value"] as? String == "allow", "\(url)")
            }
        }
    }

    /// The obligations each verdict carries: RSL payment terms, attribution, and the exceptions' own.
    @Test(arguments: profiles)
    func obligationsPerProfile(_ profile: AuditProfileCase) throws {
        let (c, _) = Self.audit([manifest("urls.txt"), "--profile", profile.name, "--format", "jsonl"])
        var got: [String: [String]] = [:]
        for o in try objects(c.lines) {
            let obligations = (o["obligations"] as? [[String: Any]] ?? []).map { ob in
                "\(ob["kind"] as? String ?? "?")=\(ob["detail"] as? String ?? "")"
            }
            got[o["url"] as? String ?? "?"] = obligations
        }
        // license.xml line 7 `<payment type="attribution">` with `<standard>` on line 8.
        #expect(
            got["https://licensed-press.example/articles/city-budget.html"]
                == ["attribution=standard https://licensed-press.example/credit-policy"]
        )
        // license.xml lines 16-18: `<payment type="training">`, `<amount currency="USD">0.25</amount>`.
        #expect(got["https://licensed-press.example/premium/market-report.html"] == ["payment=0.25 USD per training"])
        // CC signals 0.1: cc-cr = credit.
        let cc = got["https://cc-commons.example/essays/on-commons.html"]
        #expect(cc == (profile.reading == .inference ? [] : ["attribution=cc-cr"]))
        // An exception owes what its profile lists (uk: acknowledgement and no transfer; archive:
        // keep the preferences with the copy; Art. 3: nothing).
        let exceptionObligations = got["https://aipref-news.example/2025/05/harbour-strike.html"]?.map {
            String($0.prefix { $0 != "=" })
        }
        switch profile.name {
        case "uk-non-commercial-research": #expect(exceptionObligations == ["attribution", "distribution"])
        case "public-archive": #expect(exceptionObligations == ["distribution"])
        default: #expect(exceptionObligations == [])
        }
    }

    /// Every verdict kind occurs under every profile that can give it.
    @Test(arguments: profiles)
    func everyVerdictKindOccurs(_ profile: AuditProfileCase) throws {
        let (c, _) = Self.audit([manifest("urls.txt"), "--profile", profile.name, "--format", "jsonl"])
        let kinds = Set(try objects(c.lines).compactMap { $0["verdict"] as? String })
        var all: Set<String> = ["ok", "conditional", "opted-out", "exception", "blocked", "unknown"]
        // No exception in the profile: no `exception`.
        if profile.exceptionID == nil { all.remove("exception") }
        // An exception overriding every use preference leaves no `opted-out`.
        if profile.reading == .everyPreference { all.remove("opted-out") }
        #expect(kinds == all)
    }

    /// Flags override the profile: `--actor commercial` removes DSM Art. 3, `--implied` counts
    /// members-forum.example's GPTBot block (robots.txt line 8 `Disallow: /`) against training.
    @Test func flagsOverrideTheProfile() throws {
        let forum = "https://members-forum.example/about.html"
        let news = "https://aipref-news.example/2025/05/harbour-strike.html"
        let file = try plainManifest([forum, news])
        func verdicts(_ flags: [String]) throws -> [String: (String, [AuditReason])] {
            let (c, _) = Self.audit([file, "--format", "jsonl"] + flags)
            var out: [String: (String, [AuditReason])] = [:]
            for o in try objects(c.lines) {
                out[o["url"] as? String ?? "?"] = (
                    o["verdict"] as? String ?? "?",
                    (o["reasons"] as? [[String: Any]] ?? []).map(AuditReason.init)
                )
            }
            return out
        }
        let implied = try verdicts(["--implied"])
        #expect(implied[forum]?.0 == "opted-out")
        #expect(implied[forum]?.1 == [AuditReason("robots.implied", "members-forum.example/robots.txt", 8, "deny")])
        #expect(try verdicts(["--no-implied"])[forum]?.0 == "ok")
        let research = try verdicts(["--profile", "eu-research-organisation"])
        #expect(research[news]?.0 == "exception")
        let commercial = try verdicts(["--profile", "eu-research-organisation", "--actor", "commercial"])
        #expect(commercial[news]?.0 == "opted-out")
        #expect(commercial[news]?.1 == [Self.contentUsage])
        // --use ai_input under the training profile: train-ai=n says nothing about it.
        #expect(try verdicts(["--use", "ai_input"])[news]?.0 == "ok")
    }

    // MARK: - Manifest formats

    struct FormatCase: Sendable, CustomTestStringConvertible {
        var file: String
        var flags: [String]
        /// The unreadable lines (records for WARC) and their messages, by hand from the file.
        var problems: [(line: Int, message: String)]
        var testDescription: String { file }
    }

    static let ftp = "not an http(s) URL with a host"
    static let noScheme = "not an absolute URL (expected scheme:...)"
    static let formats: [FormatCase] = [
        FormatCase(file: "urls.txt", flags: [], problems: [(8, noScheme), (15, ftp)]),
        FormatCase(file: "urls.txt.gz", flags: [], problems: [(8, noScheme), (15, ftp)]),
        FormatCase(file: "urls.csv", flags: ["--url-column", "source_url"], problems: [(8, "empty URL"), (14, ftp)]),
        FormatCase(file: "urls.tsv", flags: ["--url-column", "2"], problems: [(5, noScheme), (12, ftp)]),
        FormatCase(
            file: "urls.jsonl",
            flags: ["--url-field", "metadata.url"],
            problems: [(4, "invalid JSON: unterminated string at byte 97"), (12, ftp)]
        ),
        FormatCase(
            file: "urls.jsonl.gz",
            flags: ["--url-field", "metadata.url"],
            problems: [(4, "invalid JSON: unterminated string at byte 97"), (12, ftp)]
        ),
        FormatCase(
            file: "urls.cdxj",
            flags: [],
            problems: [(3, "not a CDXJ line (expected SURT TIMESTAMP {json})"), (5, ftp)]
        ),
        FormatCase(
            file: "urls.warc",
            flags: [],
            problems: [(9, "no WARC-Target-URI in a response record"), (15, ftp)]
        ),
    ]

    @Test(arguments: formats)
    func everyFormatGivesTheSameVerdicts(_ format: FormatCase) throws {
        let dir = try temporaryDirectory()
        let summaryJSON = dir.appendingPathComponent("summary.json").path
        let record = dir.appendingPathComponent("record.json").path
        let path = manifest(format.file)
        let (c, status) = Self.audit(
            [path, "--format", "jsonl", "--summary-json", summaryJSON, "--record", record] + format.flags
        )
        #expect(status == 1)
        var got: [String: String] = [:]
        for o in try objects(c.lines) { got[o["url"] as? String ?? "?"] = o["verdict"] as? String }
        #expect(c.lines.count == 14)
        for e in Self.expected { #expect(got[e.url] == e.verdict(.strict), "\(e.url)") }
        #expect(
            got.values.sorted()
                == Self.expected.map { $0.verdict(.strict) }.sorted()
        )
        // Each unreadable line on stderr with its number, and in the summary, in line order.
        for p in format.problems {
            #expect(c.stderr.contains("heed audit: \(path):\(p.line): \(p.message)\n"), "\(p.line)")
        }
        #expect(c.stderr.contains("manifest: 14 entries, 2 unreadable\n"))
        let listed = c.stderr.split(separator: "\n").filter { $0.hasPrefix("  \(path):") }.map(String.init)
        #expect(listed.count == 2)
        for (line, p) in zip(listed, format.problems) { #expect(line.hasPrefix("  \(path):\(p.line): \(p.message)")) }
        // The mergeable summary and the run record count them too.
        let summary = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: summaryJSON)))
                as? [String: Any]
        )
        #expect(summary["manifestProblems"] as? Int == 2)
        #expect(summary["manifestEntries"] as? Int == 14)
        let run = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: record))) as? [String: Any]
        )
        let m = try #require(run["manifest"] as? [String: Any])
        #expect(m["problems"] as? Int == 2)
        #expect(m["entries"] as? Int == 14)
    }

    @Test func csvRecordsEndInCRLF() throws {
        let (c, _) = Self.audit([manifest("urls.txt"), "--format", "csv"])
        let rows = c.stdout.components(separatedBy: "\r\n")
        #expect(rows.first == "url,host,verdict,use,mechanisms,reason,obligations,exception")
        // 1 header + 14 records + the empty string after the last CRLF.
        #expect(rows.count == 16)
        #expect(rows.last == "")
        #expect(
            rows.contains(
                "https://members-forum.example/threads/4711,members-forum.example,blocked,ai_train,robots.access,"
                    + "members-forum.example/robots.txt:5,,"
            )
        )
        #expect(
            rows.contains(
                "https://licensed-press.example/premium/outlook-2026.html,licensed-press.example,conditional,ai_train,"
                    + "rsl,licensed-press.example/license.xml:15,payment=0.25 USD per training,"
            )
        )
    }

    // MARK: - Exit codes

    struct ExitCase: Sendable, CustomTestStringConvertible {
        var urls: [String]
        var flags: [String]
        var status: Int32
        var testDescription: String { "\(urls.first ?? "") \(flags.joined(separator: " ")) -> \(status)" }
    }

    static let okURL = "https://open-recipes.example/"
    static let conditionalURL = "https://licensed-press.example/articles/city-budget.html"
    static let optedOutURL = "https://aipref-news.example/2025/05/harbour-strike.html"
    static let blockedURL = "https://members-forum.example/threads/4711"
    static let unknownURL = "https://never-fetched.example/page.html"

    /// Exit 1 when a URL is at or above --fail-on (order ok < conditional < exception < unknown <
    /// opted-out < blocked), unknown counted as --unknown says (profile default opted-out).
    static let exits: [ExitCase] = [
        ExitCase(urls: [okURL], flags: [], status: 0),
        ExitCase(urls: [okURL], flags: ["--fail-on", "ok"], status: 1),
        ExitCase(urls: [okURL], flags: ["--fail-on", "conditional"], status: 0),
        ExitCase(urls: [okURL, conditionalURL], flags: ["--fail-on", "conditional"], status: 1),
        ExitCase(urls: [okURL, conditionalURL], flags: [], status: 0),
        ExitCase(urls: [conditionalURL, optedOutURL], flags: [], status: 1),
        ExitCase(urls: [conditionalURL, optedOutURL], flags: ["--fail-on", "opted-out"], status: 1),
        ExitCase(urls: [conditionalURL, optedOutURL], flags: ["--fail-on", "blocked"], status: 0),
        ExitCase(urls: [okURL, blockedURL], flags: ["--fail-on", "blocked"], status: 1),
        ExitCase(urls: [okURL, blockedURL], flags: [], status: 1),
        // exception ranks below opted-out.
        ExitCase(urls: [optedOutURL], flags: ["--profile", "eu-research-organisation"], status: 0),
        ExitCase(
            urls: [optedOutURL],
            flags: ["--profile", "eu-research-organisation", "--fail-on", "conditional"],
            status: 1
        ),
        // unknown: opted-out by default, ok with --unknown ok.
        ExitCase(urls: [okURL, unknownURL], flags: [], status: 1),
        ExitCase(urls: [okURL, unknownURL], flags: ["--unknown", "opted-out"], status: 1),
        ExitCase(urls: [okURL, unknownURL], flags: ["--unknown", "ok"], status: 0),
        ExitCase(urls: [okURL, unknownURL], flags: ["--unknown", "opted-out", "--fail-on", "blocked"], status: 0),
        ExitCase(urls: [unknownURL], flags: ["--unknown", "ok", "--fail-on", "ok"], status: 1),
        ExitCase(urls: [unknownURL], flags: ["--unknown", "ok", "--fail-on", "conditional"], status: 0),
    ]

    @Test(arguments: exits)
    func exitStatus(_ e: ExitCase) throws {
        let file = try plainManifest(e.urls)
        let (c, status) = Self.audit([file, "--quiet"] + e.flags)
        #expect(status == e.status, "\(c.stderr)")
        #expect(c.stdout.isEmpty)
    }

    @Test func unknownSettingReachesTheTotalsAndTheRecord() throws {
        let file = try plainManifest([Self.okURL, Self.unknownURL])
        for (setting, effective) in [("ok", "ok"), ("opted-out", "opted-out")] {
            let record = try temporaryDirectory().appendingPathComponent("r.json").path
            let (c, _) = Self.audit([file, "--unknown", setting, "--record", record])
            #expect(c.stdout.contains("unknown (counted as \(effective))"), "\(c.stdout)")
            let run = try #require(
                try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: record)))
                    as? [String: Any]
            )
            #expect((run["flags"] as? [String: String])?["unknown"] == setting)
            #expect((run["verdicts"] as? [String: Int])?["unknown"] == 1)
        }
    }

    // MARK: - Output files

    @Test(arguments: ["jsonl", "csv"])
    func outputIsWrittenAtomically(_ format: String) throws {
        let dir = try temporaryDirectory()
        let out = dir.appendingPathComponent("verdicts.\(format)")
        let (c, status) = Self.audit([manifest("urls.txt"), "--format", format, "--output", out.path])
        #expect(status == 1)
        #expect(c.stdout.isEmpty)
        #expect(c.stderr.contains("14 URLs on 9 hosts"))
        // No temporary file left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["verdicts.\(format)"])
        let (direct, _) = Self.audit([manifest("urls.txt"), "--format", format])
        #expect(try Data(contentsOf: out) == Data(direct.out))
    }

    @Test func reportIsSelfContainedHTMLWithTheTotals() throws {
        let dir = try temporaryDirectory()
        let report = dir.appendingPathComponent("report.html")
        let (_, status) = Self.audit([manifest("urls.txt"), "--report", report.path, "--quiet"])
        #expect(status == 1)
        let html = try String(contentsOf: report, encoding: .utf8)
        #expect(html.lowercased().hasPrefix("<!doctype html"))
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.lowercased().contains("src=\"http"))
        #expect(html.contains("<svg"))
        // Totals (commercial-genai-training): 14 URLs on 9 hosts; ok 4, conditional 4, opted-out 4
        // (4/14 = 28.6%), blocked 1 and unknown 1 (7.1%).
        #expect(html.contains("<div class=\"value\">14</div>"))
        #expect(html.contains("on 9 hosts"))
        #expect(html.contains(">4 (28.6%)<"))
        #expect(html.contains(">1 (7.1%)<"))
        #expect(html.contains("14 entries, 2 unreadable"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["report.html"])
    }

    @Test func creditsListAttributionAndTheUSDPaymentSum() throws {
        let credits = try temporaryDirectory().appendingPathComponent("credits.md")
        let (_, status) = Self.audit([manifest("urls.txt"), "--credits", credits.path, "--quiet"])
        #expect(status == 1)
        let md = try String(contentsOf: credits, encoding: .utf8)
        // 4 conditional URLs: city-budget (RSL attribution), two premium reports (RSL training
        // price), on-commons (CC signal cc-cr); on 2 hosts.
        #expect(md.contains("4 URLs on 2 hosts"))
        #expect(
            md.contains(
                "| cc-commons.example | CC signal `cc-cr` | `robots.content-usage` "
                    + "cc-commons.example/robots.txt:4 | 1 |"
            )
        )
        #expect(
            md.contains(
                "| licensed-press.example | RSL attribution (standard https://licensed-press.example/credit-policy)"
                    + " | `rsl` licensed-press.example/license.xml:6 | 1 |"
            )
        )
        // 0.25 USD per training × 2 URLs under /premium/ = 0.5 USD.
        #expect(md.contains("| licensed-press.example | USD | 0.5 | 2 | 0.25 USD per training × 2 URLs |"))
    }

    @Test func recordHasTheProfileAndCounts() throws {
        let record = try temporaryDirectory().appendingPathComponent("record.json")
        _ = Self.audit([manifest("urls.txt"), "--profile", "public-archive", "--record", record.path, "--quiet"])
        let run = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: record)) as? [String: Any])
        #expect(run["profile"] as? String == "public-archive")
        #expect(run["urls"] as? Int == 14)
        #expect(run["hosts"] as? Int == 9)
        // public-archive: ok 4, conditional 4, opted-out 3 (Content-Signal, TDMRep, noai),
        // exception 1 (Content-Usage), blocked 1, unknown 1.
        #expect(
            run["verdicts"] as? [String: Int]
                == ["ok": 4, "conditional": 4, "opted-out": 3, "exception": 1, "blocked": 1, "unknown": 1]
        )
        #expect(
            run["mechanisms"] as? [String: Int]
                == [
                    "html.meta-robots": 1, "robots.access": 1, "robots.content-signal": 1,
                    "robots.content-usage": 2, "rsl": 3, "tdmrep.json": 1,
                ]
        )
        let flags = try #require(run["flags"] as? [String: String])
        #expect(flags["agents"] == "archive.org_bot")
        #expect(flags["use"] == "ai_train")
        #expect(flags["exceptions"] == "aipref-exclusion-public-archiving")
    }

    // MARK: - Sharding

    @Test(arguments: [2, 3], ["commercial-genai-training", "rag-assistant"])
    func shardsAddUpToTheUnshardedRun(_ n: Int, _ profile: String) throws {
        let dir = try temporaryDirectory()
        let use = profile == "rag-assistant" ? "ai_input" : "ai_train"
        let (whole, wholeStatus) = Self.audit([manifest("urls.txt"), "--profile", profile, "--format", "jsonl"])
        let (summary, _) = Self.audit([manifest("urls.txt"), "--profile", profile])
        var union: [String] = []
        var summaries: [String] = []
        for k in 0..<n {
            let path = dir.appendingPathComponent("shard-\(k).json").path
            let (c, status) = Self.audit([
                manifest("urls.txt"), "--profile", profile, "--format", "jsonl", "--shard", "\(k)/\(n)",
                "--summary-json", path,
            ])
            #expect(status == 0 || status == 1)
            union += c.lines
            summaries.append(path)
        }
        #expect(wholeStatus == 1)
        #expect(union.sorted().joined(separator: "\n") == whole.lines.sorted().joined(separator: "\n"))
        let merged = Captured()
        let status = merged.run(["merge"] + summaries + ["--profile", profile, "--use", use])
        #expect(status == 1)
        #expect(merged.stdout == summary.stdout)
        #expect(summary.stdout.contains("14 URLs on 9 hosts, use \(use), profile \(profile)"))
    }

    // MARK: - Usage errors

    static let usageErrors: [[String]] = [
        ["--shard", "3/3"], ["--shard", "1/0"], ["--shard", "-1/2"], ["--shard", "two"], ["--shard", "1/2/3"],
        ["--use", "tdm"], ["--use", "training"], ["--profile", "no-such-profile"], ["--unknown", "blocked"],
        ["--unknown", "maybe"], ["--fail-on", "never"], ["--format", "xml"], ["--manifest-format", "parquet"],
        ["--actor", "robot"], ["--jurisdiction", "Mars"], ["--implied", "--no-implied"],
    ]

    @Test(arguments: usageErrors)
    func usageErrorsExitTwo(_ flags: [String]) {
        let (c, status) = Self.audit([manifest("urls.txt")] + flags)
        #expect(status == 2)
        #expect(c.stdout.isEmpty)
        #expect(!c.stderr.isEmpty)
    }

    @Test func missingSnapshotOrManifestExitsTwo() {
        let c = Captured()
        #expect(c.run(["audit", manifest("urls.txt")]) == 2)
        let (d, status) = Self.audit([manifest("no-such-manifest.txt")])
        #expect(status == 2)
        #expect(d.stdout.isEmpty)
        let m = Captured()
        #expect(m.run(["merge", manifest("urls.txt")]) == 2)
    }
}
