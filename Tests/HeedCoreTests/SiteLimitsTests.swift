// SPDX-License-Identifier: Apache-2.0
// Tests for the limits `SiteSignals.explain` and `SiteLint` apply to what a site lists without bound:
// licence references (robots.txt `License:`, `Link` headers), the page head's size, and the size
// findings' fix texts. Expected counts are worked out from the inputs' construction in each comment.

import Foundation
import Testing

@testable import HeedCore

@Suite struct SiteLimitsTests {
    /// A site whose documents are `docs` (URL → document); other URLs of the host answer 404.
    static func site(_ docs: [String: Document]) -> (SiteSignals, (String) -> DocumentLookup) {
        let lookup = { (url: String) -> DocumentLookup in
            if let doc = docs[url] { return .found(doc) }
            if url.hasPrefix("https://x.example/") { return .found(Document(url: url, status: 404, body: [])) }
            return .neverFetched
        }
        return (SiteSignals(origin: "https://x.example", specs: LintSite.specs, lookup: lookup), lookup)
    }

    static func robots(_ text: String) -> Document {
        Document(url: "https://x.example/robots.txt", location: "x.example/robots.txt", body: Array(text.utf8))
    }

    /// 15,000 global `License:` lines (lines 1 to 15,000) naming 15,000 distinct URLs, each a 404
    /// here: 16 are read (16 `license-unavailable`), the other 14,984 are summed up in one
    /// `too-many-licenses` finding at line 17, the first ignored one.
    @Test(.timeLimit(.minutes(1)))
    func robotsLicenseLinesAreCapped() throws {
        // Lines 1..15000: global License lines (before any group), then the group.
        var text = ""
        for i in 0..<15_000 { text += "License: https://x.example/\(i)\n" }  // 483,890 bytes: under 500 KiB
        text += "User-agent: *\nAllow: /\n"
        let (site, lookup) = Self.site(["https://x.example/robots.txt": Self.robots(text)])
        let e = site.explain(url: "https://x.example/", agent: ProductToken("GPTBot"), lookup: lookup)
        let codes = e.findings.map(\.code)
        #expect(codes.filter { $0 == "license-unavailable" }.count == LicenseReference.limit)
        #expect(codes.filter { $0 == "too-many-licenses" }.count == 1)
        let f = try #require(e.findings.first { $0.code == "too-many-licenses" })
        // The 17th distinct URL is on line 17.
        #expect(f.line == 17)
        #expect(f.document == "x.example/robots.txt")
        #expect(f.message.contains("names 15000 distinct licence documents"))
        #expect(f.message.contains("ignored the other 14984"))
        #expect(e.findings.count < 40)
        // The lint says it too, once.
        let lint = SiteLint.findings(site, lookup: lookup)
        #expect(lint.filter { $0.code == "too-many-licenses" }.count == 1)
    }

    /// The same URL on many lines is one document: no finding.
    @Test func repeatedLicenseURLIsOneDocument() {
        let text = String(repeating: "License: https://x.example/l.xml\n", count: 100) + "User-agent: *\nAllow: /\n"
        let (site, lookup) = Self.site(["https://x.example/robots.txt": Self.robots(text)])
        let e = site.explain(url: "https://x.example/", agent: ProductToken("GPTBot"), lookup: lookup)
        #expect(e.findings.filter { $0.code == "license-unavailable" }.count == 1)
        #expect(!e.findings.contains { $0.code == "too-many-licenses" })
    }

    /// A 10.95 MB `Link` header of 150,000 licence links, 73 bytes each
    /// (`<https://x.example/l/NNNNNN.xml>; rel=license; type=application/rsl+xml, `): the field is
    /// read up to its last comma within 8,192 bytes, that is 112 whole links (112 × 73 − 2 = 8,174 is
    /// the 112th comma; the 113th is at 8,247); of those 16 are read and 96 ignored.
    @Test(.timeLimit(.minutes(1)))
    func tenMegabyteLinkHeaderIsBounded() throws {
        var value = ""
        value.reserveCapacity(150_000 * 73)
        for i in 0..<150_000 {
            let n = String(i)
            value +=
                "<https://x.example/l/" + String(repeating: "0", count: 6 - n.count) + n
                + ".xml>; rel=license; type=application/rsl+xml, "
        }
        #expect(value.utf8.count == 150_000 * 73)
        let page = Document(
            url: "https://x.example/page",
            location: "x.example/page",
            headers: HTTPHeaders([("Link", value), ("Content-Type", "text/plain")]),
            body: Array("hello".utf8)
        )
        let (site, lookup) = Self.site(["https://x.example/page": page])
        let e = site.explain(url: "https://x.example/page", agent: ProductToken("GPTBot"), lookup: lookup)
        let codes = e.findings.map(\.code)
        #expect(codes.filter { $0 == "size-limit-exceeded" }.count == 1)
        #expect(codes.filter { $0 == "license-unavailable" }.count == LicenseReference.limit)
        let many = try #require(e.findings.first { $0.code == "too-many-licenses" })
        #expect(many.message.contains("the page names 112 distinct licence documents"))
        #expect(many.message.contains("ignored the other 96"))
        #expect(many.document == "x.example/page")
        let size = try #require(e.findings.first { $0.code == "size-limit-exceeded" })
        #expect(size.message.contains("10950000 bytes"))
        #expect(size.fix?.contains("Link") == true)
        #expect((size.text?.count ?? 0) <= 200)
        // One unknown statement per category per read licence, at most.
        let statements = e.categories.values.reduce(0) { $0 + $1.statements.count }
        #expect(statements <= LicenseReference.limit * UseCategory.allCases.count)
    }

    /// Link fields past 64 KiB in all are skipped with one finding. Nine fields of 8,000 bytes, then
    /// the licence link: after eight the budget is 65,536 − 64,000 = 1,536, still positive, so the
    /// ninth is read; after it the budget is spent, so the tenth (the licence) is not.
    @Test func manyLinkFieldsAreBounded() {
        let filler = "<https://x.example/css>; rel=preload, " + String(repeating: "a", count: 8_000 - 38)
        #expect(filler.utf8.count == 8_000)
        var fields = Array(repeating: ("Link", filler), count: 9)
        fields.append(("Link", "</late.xml>; rel=license; type=application/rsl+xml"))
        var findings: [Finding] = []
        let refs = LicenseReference.fromLinkHeaders(
            HTTPHeaders(fields),
            base: "https://x.example/p",
            document: "x.example/p",
            findings: &findings
        )
        #expect(refs.isEmpty)
        #expect(findings.map(\.code) == ["size-limit-exceeded"])
        #expect(findings.first?.message.contains("did not read the last 1 of 10") == true)
    }

    /// 300,000 `<div>` (1.5 MB, past the 1 MiB head limit) before `<meta name="robots" content="noai">`:
    /// the meta is not read, so ai_train stays unknown, and the explanation says why with the
    /// page's location and the line reading stopped at (all on line 1). The lint shows it too.
    @Test(.timeLimit(.minutes(1)))
    func headSizeLimitReachesExplainAndLint() throws {
        let html =
            "<html><head>" + String(repeating: "<div>", count: 300_000)
            + "<meta name=\"robots\" content=\"noai\"></head><body></body></html>"
        let page = Document(
            url: "https://x.example/",
            location: "x.example/index.html",
            headers: HTTPHeaders([("Content-Type", "text/html")]),
            body: Array(html.utf8)
        )
        let (site, lookup) = Self.site(["https://x.example/": page])
        let e = site.explain(url: "https://x.example/", agent: ProductToken("GPTBot"), lookup: lookup)
        #expect(e.categories[.aiTrain]?.value == .unknown)
        let f = try #require(e.findings.first { $0.code == "head-size-limit" })
        #expect(f.document == "x.example/index.html")
        #expect(f.line == 1)
        #expect(f.severity == .warning)
        #expect(f.fix == FindingCatalog.entry("head-size-limit")?.fix)
        let lint = SiteLint.findings(site, lookup: lookup)
        #expect(lint.contains { $0.code == "head-size-limit" && $0.document == "x.example/index.html" })
        // The auditor's path (no findings) stays free of them.
        let quiet = site.explain(
            url: "https://x.example/",
            agent: ProductToken("GPTBot"),
            lookup: lookup,
            withFindings: false
        )
        #expect(!quiet.findings.contains { $0.code == "head-size-limit" })
    }

    /// Each mechanism's size finding carries its own fix, not robots.txt's ("merge groups ...").
    @Test func sizeFindingsHaveTheirMechanismsFix() throws {
        let robotsFix = try #require(FindingCatalog.entry("size-limit-exceeded")?.fix)
        let huge = String(repeating: "noindex, ", count: 2_000)
        let meta = RobotsMetaSource(
            page: Document(url: "https://x.example/", headers: HTTPHeaders([("X-Robots-Tag", huge)]), body: []),
            head: nil,
            vocabulary: LintSite.specs.robotsMeta
        )
        let rsl = RSLDocument(
            [UInt8](repeating: 0x20, count: 2_000),
            location: "license.xml",
            vocabulary: LintSite.specs.rsl,
            limit: 1_000
        )
        let tdm = TDMRepFile(
            [UInt8](repeating: 0x20, count: TDMRepFile.sizeLimit + 1),
            location: "tdmrep.json"
        )
        let fixes: [(String, String?)] = [
            ("X-Robots-Tag", meta.findings.first { $0.code == "size-limit-exceeded" }?.fix),
            ("license.xml", rsl.findings.first { $0.code == "size-limit-exceeded" }?.fix),
            ("tdmrep.json", tdm.findings.first { $0.code == "size-limit-exceeded" }?.fix),
        ]
        for (what, fix) in fixes {
            let fix = try #require(fix, "\(what)")
            #expect(fix != robotsFix, "\(what)")
            #expect(!fix.contains("merge groups"), "\(what)")
        }
        #expect(fixes[0].1?.contains("8 KiB") == true)
        #expect(fixes[1].1?.contains("<content>") == true)
        #expect(fixes[2].1?.contains("rules array") == true)
    }

    /// `lint: false` (the auditor's reading) drops the linter's findings and keeps the parser's:
    /// line 3 repeats line 2 (`duplicate-rule`, a linter finding), line 4 misspells `Disallow`
    /// (`typo`, a parser finding). The explanation is the same either way.
    @Test func lintFalseKeepsParserFindingsOnly() {
        let doc = Self.robots("User-agent: *\nDisallow: /a\nDisallow: /a\nDisalow: /b\n")
        let lookup = { (url: String) -> DocumentLookup in
            url == doc.url ? .found(doc) : .found(Document(url: url, status: 404, body: []))
        }
        let linted = SiteSignals(origin: "https://x.example", specs: LintSite.specs, lookup: lookup)
        let plain = SiteSignals(origin: "https://x.example", specs: LintSite.specs, lookup: lookup, lint: false)
        #expect(linted.findings.contains { $0.code == "duplicate-rule" && $0.line == 3 })
        #expect(linted.findings.contains { $0.code == "typo" && $0.line == 4 })
        #expect(!plain.findings.contains { $0.code == "duplicate-rule" })
        #expect(plain.findings.contains { $0.code == "typo" && $0.line == 4 })
        for path in ["/a", "/b", "/c"] {
            let url = "https://x.example" + path
            let a = linted.explain(url: url, agent: ProductToken("GPTBot"), lookup: lookup, withFindings: false)
            let b = plain.explain(url: url, agent: ProductToken("GPTBot"), lookup: lookup, withFindings: false)
            #expect(a.access == b.access && a.categories == b.categories, "\(path)")
        }
    }
}
