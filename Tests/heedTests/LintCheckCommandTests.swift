// SPDX-License-Identifier: Apache-2.0
// heed tests: `heed lint` live (against the loopback snapshot server) and offline, and `heed check`'s
// matrix as a table, JSON lines and an HTML report.

import Foundation
import HeedServer
import HeedStore
import Testing

@Suite(.serialized, .timeLimit(.minutes(3)))
struct LintCheckCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let real = root.appendingPathComponent("Corpus/snapshots/real")
    static let lint = root.appendingPathComponent("Corpus/lint/snapshots")

    static func temporary(_ name: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("heed-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    static func lines(_ s: String) -> [String] { s.split(separator: "\n").map(String.init) }

    /// Live: the site is fetched from the loopback server (every host routed to it with
    /// `--connect-to`), stored, then linted: 9takes.com's licence contradicts its robots.txt.
    @Test func liveLintFetchesThenLints() throws {
        let server = try SnapshotServer(snapshot: try Snapshot(root: Self.real))
        defer { server.stop() }
        let dir = try Self.temporary("lint-live")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("store.sqlite").path
        let report = dir.appendingPathComponent("lint.html").path
        let result = HeedProcess.run([
            "lint", "http://9takes.com/", "--json", "--report", report, "--store", store, "--allow-private",
            "--connect-to", "::127.0.0.1:\(server.port)",
        ])
        #expect(result.status == 1, "\(result.stderr)")
        let first = try #require(Self.lines(result.stdout).first)
        // Live documents are named by URL.
        #expect(
            first.hasPrefix(
                #"{"severity":"warning","code":"rsl-robots-contradiction","document":"http://9takes.com/license.xml","line":5,"#
            )
        )
        #expect(first.contains(#""consequence":"site","crawlers":["CCBot","ClaudeBot","Google-Extended","GPTBot","#))
        let html = try String(contentsOfFile: report, encoding: .utf8)
        #expect(html.contains("<title>Heed lint: 9takes.com</title>"))
        #expect(html.contains("rsl-robots-contradiction"))
        // The store now holds the site: the same lint works offline.
        let offline = HeedProcess.run(["lint", "http://9takes.com/", "--offline", "--json", "--store", store])
        #expect(offline.status == 1)
        #expect(Self.lines(offline.stdout).first == first)
    }

    /// Live, a `License:` URL that does not answer: licensing.test is routed to a closed loopback port,
    /// so the fetch fails and the finding says so, on the robots.txt line that declares it.
    @Test func liveLintReportsALicenceThatDoesNotAnswer() throws {
        let server = try SnapshotServer(snapshot: try Snapshot(root: Self.lint))
        defer { server.stop() }
        let dir = try Self.temporary("lint-licence")
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = HeedProcess.run([
            "lint", "http://licence-elsewhere.test/", "--json", "--store", dir.appendingPathComponent("s.sqlite").path,
            "--allow-private", "--timeout", "5", "--connect-to", "licensing.test::127.0.0.1:1",
            "--connect-to", "::127.0.0.1:\(server.port)",
        ])
        #expect(result.status == 1)
        #expect(result.stderr.contains("heed lint: https://licensing.test/rsl/licence-elsewhere.xml: "))
        let finding = try #require(Self.lines(result.stdout).first { $0.contains(#""code":"license-unavailable""#) })
        #expect(
            finding.contains(
                #""document":"http://licence-elsewhere.test/robots.txt","line":11,"message":"License URL not "#
                    + #"available: https://licensing.test/rsl/licence-elsewhere.xml (no answer: the fetch failed; "#
                    + #"declared in robots.txt line 11 (global: after the last group, read as global)). Without the "#
                    + #"document the content is unlicensed; publish it or fix the URL""#
            )
        )
    }

    /// Live, a licence that answers 404: a relative `License:` resolved on the same host.
    @Test func liveLintReportsALicenceThatAnswers404() throws {
        let sites = try Self.temporary("lint-404")
        defer { try? FileManager.default.removeItem(at: sites) }
        let host = sites.appendingPathComponent("site.test")
        try FileManager.default.createDirectory(at: host, withIntermediateDirectories: true)
        try Data("User-agent: *\nAllow: /\n\nLicense: /licence.xml\n".utf8).write(
            to: host.appendingPathComponent("robots.txt")
        )
        let server = try SnapshotServer(snapshot: try Snapshot(root: sites))
        defer { server.stop() }
        let result = HeedProcess.run([
            "lint", "http://site.test/", "--store", sites.appendingPathComponent("s.sqlite").path, "--allow-private",
            "--connect-to", "::127.0.0.1:\(server.port)",
        ])
        #expect(result.status == 1)
        #expect(
            Self.lines(result.stdout).first
                == "http://site.test/robots.txt:4: error: License URL not available: http://site.test/licence.xml "
                + "(HTTP 404; declared in robots.txt line 4 (global: after the last group, read as global)). "
                + "Without the document the content is unlicensed; publish it or fix the URL [license-unavailable]"
        )
        #expect(result.stdout.contains("    fix: publish the licence at http://site.test/licence.xml"))
    }

    /// Offline check from a snapshot: the matrix as a table at most 120 columns wide, with numbered
    /// deciding statements.
    @Test func checkTableFitsAndNumbersTheDecidingStatements() throws {
        let result = HeedProcess.run(["check", "--snapshot", Self.real.path, "9takes.com"])
        #expect(result.status == 1)
        let lines = Self.lines(result.stdout)
        let end = try #require(lines.firstIndex(of: "deciding statements:"))
        #expect(lines[0..<end].allSatisfy { $0.count <= 120 })
        #expect(lines[end...].prefix { !$0.hasPrefix("findings") }.allSatisfy { $0.count <= 120 })
        // GPTBot: access by its own group (line 30), ai_train by the licence's <prohibits> (line 5).
        let gpt = try #require(lines.first { $0.hasPrefix("GPTBot ") })
        let cells = gpt.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        #expect(cells.prefix(2) == ["GPTBot", "training"])
        let trainRef = try #require(gpt.range(of: #"deny \[\d+\]"#, options: .regularExpression))
        let number = gpt[trainRef].dropFirst(6).dropLast()
        #expect(
            lines.contains(
                "  [\(number)] rsl  9takes.com/license.xml:5  <prohibits type=\"usage\">ai-train</prohibits>"
            )
        )
        let accessNumber = try #require(cells.dropFirst(3).first).dropFirst().dropLast()
        #expect(lines.contains("  [\(accessNumber)] robots.access  9takes.com/robots.txt:30  Allow: /"))
    }

    /// `check --json`: one object per agent in the documented schema, then the findings.
    @Test func checkJSONHasValueAndDecidingStatementPerCell() throws {
        let result = HeedProcess.run(["check", "--snapshot", Self.real.path, "9takes.com", "--json"])
        #expect(result.status == 1)
        let gpt = try #require(Self.lines(result.stdout).first { $0.contains(#""agent":"GPTBot""#) })
        #expect(
            gpt.hasPrefix(
                #"{"url":"https://9takes.com/","agent":"GPTBot","token":"GPTBot","operator":"OpenAI","#
                    + #""purpose":"training","control":false,"major":true,"access":{"value":"allow","obligations":[],"#
                    + #""decidedBy":{"mechanism":"robots.access","document":"9takes.com/robots.txt","line":30,"#
                    + #""element":null,"raw":"Allow: /","inherited":false}}"#
            )
        )
        #expect(
            gpt.contains(
                #""ai_train":{"value":"deny","obligations":[],"decidedBy":{"mechanism":"rsl","#
                    + #""document":"9takes.com/license.xml","line":5,"#
            )
        )
        #expect(Self.lines(result.stdout).last?.hasPrefix(#"{"finding":true,"#) == true)
    }

    /// `check --report`: one self-contained file with the coloured matrix, the coverage chart and the
    /// findings; written atomically (no temporary file left).
    @Test func checkReportIsOneSelfContainedFile() throws {
        let dir = try Self.temporary("check-report")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("site.html").path
        let result = HeedProcess.run(["check", "--snapshot", Self.real.path, "9takes.com", "--report", path])
        #expect(result.status == 1)
        let html = try String(contentsOfFile: path, encoding: .utf8)
        #expect(html.contains("<title>Heed check: https://9takes.com/</title>"))
        #expect(html.contains("<svg class=\"chart\""))
        #expect(html.contains("Signal coverage per mechanism"))
        #expect(html.contains("<td>GPTBot ★</td><td>OpenAI · training</td><td class=\"ok\">allow\u{00A0}["))
        #expect(html.contains("<td class=\"deny\">deny\u{00A0}["))
        #expect(html.contains("rsl-robots-contradiction"))
        #expect(!html.contains("<script"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["site.html"])
    }

    @Test(
        "lint and check: usage and input errors exit 2",
        arguments: [
            (["lint", "ftp://a.test/"], "expected an http(s) URL"),
            (["check", "ftp://a.test/"], "expected an http(s) URL"),
            (["check", "--snapshot", "SNAP", "no-such-host.test"], "no folder for this host"),
            (["lint", "--snapshot", "/nonexistent", "a.test"], "no snapshot"),
        ]
    )
    func usageErrors(args: [String], message: String) {
        let result = HeedProcess.run(args.map { $0 == "SNAP" ? Self.real.path : $0 })
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }
}
