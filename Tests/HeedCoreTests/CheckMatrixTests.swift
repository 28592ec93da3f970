// SPDX-License-Identifier: Apache-2.0
// Tests for the check matrix: every registry agent × access and each use, with the deciding statement.

import Foundation
import HeedCore
import Testing

@Suite struct CheckMatrixTests {
    static func matrix(_ host: String, _ files: [String: String]) throws -> CheckMatrix {
        var docs: [String: Document] = [:]
        for (path, file) in files {
            let url = "https://\(host)\(path)"
            docs[url] = Document(
                url: url,
                location: host + (path == "/" ? "/index.html" : path),
                body: try Fixtures.bytes(file)
            )
        }
        let lookup = { (url: String) -> DocumentLookup in
            docs[url].map(DocumentLookup.found) ?? .found(Document(url: url, status: 404, body: []))
        }
        let site = SiteSignals(origin: "https://\(host)", specs: LintSite.specs, lookup: lookup)
        return CheckMatrix(site, url: "https://\(host)/", registry: LintSite.specs.registry, lookup: lookup)
    }

    static let takes: [String: String] = [
        "/robots.txt": "snapshots/real/9takes.com/robots.txt", "/": "snapshots/real/9takes.com/index.html",
        "/license.xml": "snapshots/real/9takes.com/license.xml",
    ]

    /// One row per registry robots token plus `(any other)`.
    @Test func oneRowPerRegistryTokenAndAnyOther() throws {
        let m = try Self.matrix("9takes.com", Self.takes)
        let tokens = Set(LintSite.specs.registry.agents.map(\.token.key))
        #expect(m.rows.count == tokens.count + 1)
        #expect(m.rows.last?.name == "(any other)")
        #expect(m.rows.last?.token == "*")
    }

    /// 9takes.com, GPTBot: its own group's `Allow: /` (line 30) decides access; the licence's
    /// `<prohibits>` (line 5) decides ai_train; the licence's `<license>` grant (line 4) decides search.
    @Test func cellsCarryTheDecidingStatement() throws {
        let m = try Self.matrix("9takes.com", Self.takes)
        let gpt = try #require(m.rows.first { $0.name == "GPTBot" })
        #expect(gpt.major && !gpt.control && gpt.operatorName == "OpenAI" && gpt.purpose == "training")
        #expect(gpt.access.value == "allow")
        #expect(gpt.access.decidedBy?.mechanism == "robots.access")
        #expect(gpt.access.decidedBy?.location == "9takes.com/robots.txt:30")
        let train = CheckMatrix.cell(gpt, .aiTrain)
        #expect(train.value == "deny")
        #expect(train.decidedBy?.mechanism == "rsl")
        #expect(train.decidedBy?.location == "9takes.com/license.xml:5")
        #expect(train.decidedBy?.raw == "<prohibits type=\"usage\">ai-train</prohibits>")
        let search = CheckMatrix.cell(gpt, .search)
        #expect(search.value == "allow")
        #expect(search.decidedBy?.location == "9takes.com/license.xml:4")
    }

    /// On 9takes.com robots.txt decides every access cell, and the licence (which states all five
    /// uses for everyone) every use cell but five: ai_input of Google-Extended and the four Google
    /// crawlers `control-tokens.json` says it governs (Google-CloudVertexBot, GoogleOther,
    /// GoogleOther-Image, GoogleOther-Video), where the control token's `Allow: /` (line 43) and the
    /// licence agree (allow) and the control token's statement comes first.
    @Test func coverageCountsCellsPerMechanism() throws {
        let m = try Self.matrix("9takes.com", Self.takes)
        let rows = m.rows.count
        let byName = Dictionary(uniqueKeysWithValues: m.coverage.map { ($0.mechanism, $0) })
        #expect(byName["robots.access"]?.decided == rows)
        #expect(byName["rsl"]?.decided == rows * 5 - 5)
        #expect(byName["robots.control-token"]?.decided == 5)
        #expect(m.coverage.map(\.decided).reduce(0, +) == rows * 6)
        // robots.implied states ai_train for the five crawlers with their own group and a training
        // purpose (GPTBot, ClaudeBot, anthropic-ai, CCBot) plus search for OAI-SearchBot,
        // Claude-SearchBot and PerplexityBot; it decides nothing (the licence is stronger or equal).
        #expect(byName["robots.implied"]?.decided == 0)
        #expect((byName["robots.implied"]?.stated ?? 0) > 0)
    }

    /// A host never fetched: every cell unknown, no deciders.
    @Test func unknownHostIsUnknownEverywhere() throws {
        let lookup = { (_: String) -> DocumentLookup in .neverFetched }
        let site = SiteSignals(origin: "https://never.test", specs: LintSite.specs, lookup: lookup)
        let m = CheckMatrix(site, url: "https://never.test/", registry: LintSite.specs.registry, lookup: lookup)
        #expect(m.rows.allSatisfy { $0.access.value == "unknown" && $0.access.decidedBy == nil })
        #expect(m.deciders.isEmpty)
        #expect(m.coverage.allSatisfy { $0.stated == 0 && $0.decided == 0 })
    }
}
