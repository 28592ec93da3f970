// SPDX-License-Identifier: Apache-2.0
// heed tests: the command line end to end (arguments, stdout, stderr, exit status).

import Foundation
import Testing

@testable import heed

private let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

private func corpus(_ relative: String) -> String { root.appendingPathComponent("Corpus/\(relative)").path }

/// Writes `text` to a temporary file and returns its path.
private func temporaryFile(_ text: String) throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("heed-cli-\(UUID().uuidString).txt")
    try Data(text.utf8).write(to: url)
    return url.path
}

struct CLITests {
    static let sample = """
        User-agent: *
        Disallow: /private/
        Allow: /private/open.html

        User-agent: GPTBot
        Disallow: /
        """

    @Test func robotsPrintsOneLinePerURLAndExitsOneOnDisallow() throws {
        let file = try temporaryFile(Self.sample)
        let c = Captured()
        let status = c.run([
            "robots", file, "--agent", "OtherBot", "https://x.test/private/a", "/private/open.html", "/",
        ])
        #expect(status == 1)
        #expect(
            c.lines == [
                "disallow\thttps://x.test/private/a", "allow\t/private/open.html", "allow\t/",
            ]
        )
        #expect(c.stderr.isEmpty)
    }

    @Test func robotsExitsZeroWhenAllAllowed() throws {
        let file = try temporaryFile(Self.sample)
        let c = Captured()
        #expect(c.run(["robots", file, "--agent", "OtherBot", "/public"]) == 0)
        #expect(c.lines == ["allow\t/public"])
    }

    @Test func robotsReadsURLsFromStandardInput() throws {
        let file = try temporaryFile(Self.sample)
        let c = Captured(input: "/a\n\n/b\r\n")
        #expect(c.run(["robots", file, "--agent", "gptbot"]) == 1)
        #expect(c.lines == ["disallow\t/a", "disallow\t/b"])
    }

    @Test func robotsJSONCarriesTheDecidingLine() throws {
        let file = try temporaryFile(Self.sample)
        let c = Captured()
        _ = c.run(["robots", file, "--agent", "OtherBot", "--json", "/private/open.html"])
        #expect(
            c.lines == [
                #"{"url":"/private/open.html","agent":"OtherBot","decision":"allow","reason":"matched-rule","#
                    + #""path":"/private/open.html","selection":"star","groupLines":[1],"rule":{"line":3,"#
                    + #""kind":"allow","pattern":"/private/open.html","text":"Allow: /private/open.html"},"notes":[]}"#
            ]
        )
    }

    @Test func robotsJSONForSpecificGroup() throws {
        let file = try temporaryFile(Self.sample)
        let c = Captured()
        _ = c.run(["robots", file, "--agent", "GPTBot", "--json", "https://x.test/a?b#c"])
        let line = try #require(c.lines.first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["decision"] as? String == "disallow")
        #expect(object["selection"] as? String == "specific")
        #expect(object["path"] as? String == "/a?b")
        #expect(object["groupLines"] as? [Int] == [5])
        let rule = try #require(object["rule"] as? [String: Any])
        #expect(rule["line"] as? Int == 6)
    }

    @Test func lintListsProblemsWithLinesAndExitsOne() throws {
        let file = try temporaryFile("Disallow: /x\nUser-agent: *\nDisalow: /y\nCrawl-dely: 5\n")
        let c = Captured()
        #expect(c.run(["robots", file, "--lint"]) == 1)
        #expect(c.stdout.contains("\(file):1: error: "))
        #expect(c.stdout.contains("[rule-outside-group]"))
        #expect(c.stdout.contains("\(file):3: warning: "))
        #expect(c.stdout.contains("[typo]"))
        #expect(c.stdout.contains("\(file):4: warning: unknown field 'crawl-dely'"))
        #expect(c.stdout.contains("did you mean 'crawl-delay'?"))
        #expect(c.stdout.contains("    fix: spell the field as the RFC does: 'User-agent', 'Allow', 'Disallow'\n"))
    }

    @Test func lintJSONIsOneObjectPerFinding() throws {
        let file = try temporaryFile("User-agent: AI2Bot\nDisallow: /\n")
        let c = Captured()
        #expect(c.run(["robots", file, "--lint", "--json"]) == 1)
        #expect(c.lines.count == 1)
        let line = try #require(c.lines.first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["code"] as? String == "invalid-token")
        #expect(object["line"] as? Int == 1)
        #expect((object["message"] as? String)?.contains("'AI'") == true)
        #expect(
            object["fix"] as? String
                == "write the crawler's product token with letters, '-' and '_' only, as its operator documents it"
        )
    }

    /// A file past the 500 KiB limit is read bounded, yet the finding gives its true size and the
    /// true number of octets ignored. 33 header octets ("User-agent: *\n", "Disallow: /private\n"),
    /// then 13,000 comment lines of 64 octets: 832,033 octets. (512,000 - 33) / 64 = 7,999 whole
    /// comment lines fit, so 33 + 7,999 × 64 = 511,969 are read, 832,033 - 511,969 = 320,064
    /// ignored, and the last line read is 2 + 7,999 = 8,001.
    @Test func lintOfAFilePastTheLimitGivesItsTrueSize() throws {
        let comment = "#" + String(repeating: "p", count: 62) + "\n"
        let text = "User-agent: *\nDisallow: /private\n" + String(repeating: comment, count: 13_000)
        #expect(text.utf8.count == 832_033)
        let file = try temporaryFile(text)
        let c = Captured()
        #expect(c.run(["robots", file, "--lint"]) == 1)
        #expect(
            c.stdout.hasPrefix(
                "\(file):8001: error: file is 832033 bytes; only the first 511969 (whole lines within the parse "
                    + "limit) are read, 320064 bytes ignored."
            )
        )
        #expect(c.stdout.contains("[size-limit-exceeded]"))
        // The rules before the cut still apply.
        let q = Captured()
        #expect(q.run(["robots", file, "--agent", "x", "/private/a", "/public"]) == 1)
        #expect(q.stdout == "disallow\t/private/a\nallow\t/public\n")
        // A raised limit reads it all: no finding.
        let whole = Captured()
        #expect(whole.run(["robots", file, "--lint", "--parse-limit", "900000"]) == 0)
        #expect(whole.stdout.isEmpty)
    }

    /// A UTF-8 BOM does not count against the limit: a BOM and exactly 512,000 octets of lines
    /// (a 64-octet header, then 7,999 comment lines of 64) are read whole.
    @Test func aBOMDoesNotCountAgainstTheLimit() throws {
        let comment = "#" + String(repeating: "p", count: 62) + "\n"
        let header = "User-agent: *\nDisallow: /" + String(repeating: "a", count: 38) + "\n"
        let text = "\u{FEFF}" + header + String(repeating: comment, count: 7_999)
        #expect(header.utf8.count == 64 && text.utf8.count == 512_003)
        let file = try temporaryFile(text)
        let c = Captured()
        #expect(c.run(["robots", file, "--lint"]) == 0)
        #expect(c.stdout.isEmpty)
        // One more comment line: 64 octets over, the last line is cut.
        let over = try temporaryFile(text + comment)
        let d = Captured()
        #expect(d.run(["robots", over, "--lint"]) == 1)
        #expect(
            d.stdout.hasPrefix(
                "\(over):8001: error: file is 512067 bytes; only the first 512000 (whole lines within the parse "
                    + "limit) are read, 64 bytes ignored."
            )
        )
    }

    @Test func missingArgumentIsReportedOnce() {
        let c = Captured()
        #expect(c.run(["robots"]) == 2)
        #expect(c.stderr.hasPrefix("heed robots: error: missing argument; usage: heed robots FILE"))
    }

    @Test func lintOfACleanFileExitsZero() throws {
        let file = try temporaryFile("User-agent: *\nDisallow: /private/\n")
        let c = Captured()
        #expect(c.run(["robots", file, "--lint"]) == 0)
        #expect(c.stdout.isEmpty)
    }

    @Test(
        "usage and input errors exit 2 with a message on stderr",
        arguments: [
            (["robots"], "missing argument"),
            (["robots", "/nonexistent/robots.txt", "--agent", "X", "/"], "no such file"),
            (["robots", "/tmp", "--agent", "X", "/"], "is a directory"),
            (["robots", "FILE", "--bogus"], "unknown option"),
            (["robots", "FILE", "--agent"], "needs a value"),
            (["robots", "FILE", "--parse-limit", "100", "--agent", "X"], "expected a whole number"),
            (["agents", "--purpose", "cooking"], "unknown purpose"),
            (["frobnicate"], "unknown command"),
            ([], "USAGE"),
        ]
    )
    func errorsExitTwo(args: [String], message: String) {
        let c = Captured()
        #expect(c.run(args) == 2)
        #expect(c.stderr.contains(message))
        #expect(c.stdout.isEmpty)
    }

    @Test func missingAgentIsAUsageError() throws {
        let file = try temporaryFile(Self.sample)
        let c = Captured()
        #expect(c.run(["robots", file, "/"]) == 2)
        #expect(c.stderr.contains("--agent"))
    }

    @Test func helpGoesToStdoutAndExitsZero() {
        let c = Captured()
        #expect(c.run(["robots", "--help"]) == 0)
        #expect(c.stdout.hasPrefix("USAGE: heed robots FILE"))
        #expect(c.stdout.contains("--parse-limit <BYTES>"))
        let top = Captured()
        #expect(top.run(["--help"]) == 0)
        #expect(top.stdout.contains("robots"))
        #expect(top.stdout.contains("agents"))
    }

    @Test func agentsFiltersByPurpose() {
        let c = Captured()
        #expect(c.run(["agents", "--purpose", "training", "--json"]) == 0)
        let names = c.lines.compactMap { line -> String? in
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return object?["name"] as? String
        }
        #expect(names.contains("GPTBot"))
        #expect(names.contains("Google-Extended"))
        #expect(!names.contains("OAI-SearchBot"))
        #expect(names.count == c.lines.count)
    }

    @Test func demoShowsTheBundledSites() throws {
        // The text demo crawls over loopback: run the binary (see HeedProcess).
        let result = HeedProcess.run(["demo", "--corpus", root.appendingPathComponent("Corpus").path])
        #expect(result.status == 0)
        let c = Captured()
        c.out = Array(result.stdout.utf8)
        // nytimes.com (2025 capture) has 'User-agent: GPTBot / Disallow: /' and the same for CCBot.
        let nytimes = try #require(c.lines.first { $0.hasPrefix("www.nytimes.com") })
        let cells = nytimes.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        #expect(cells.count == 11)
        #expect(cells.dropFirst().first == "no")
        // prisa.com's newest capture blocks no AI crawler.
        #expect(c.lines.contains { $0.hasPrefix("www.prisa.com") && !$0.contains(" no ") && !$0.contains("part") })
        // The signals part: 9takes.com allows GPTBot in robots.txt but its licence prohibits ai-train.
        let takes = try #require(c.lines.last { $0.hasPrefix("9takes.com ") })
        #expect(takes.contains("deny (rsl)"))
        #expect(c.lines.contains { $0.hasPrefix("  9takes.com: ai_train: robots.implied") })
        // The steward part: lint's top finding, the vox.com diff, and fortune.com's verify (6 URLs of
        // the CDXJ manifest collected by CCBot despite a robots.txt rule in force; VerifyCommandTests).
        #expect(c.stdout.contains("[rsl-robots-contradiction]"))
        #expect(c.stdout.contains("      GPTBot access: disallow → allow (robots.access robots.txt:7 \"Allow: /\")"))
        #expect(c.stdout.contains("https://fortune.com/2023/09/10/ai-regulation/\tcaptured 2023-09-10T09:00:00Z"))
    }

    @Test func demoJSONHasOneLinePerSiteAndCrawler() {
        let c = Captured()
        #expect(c.run(["demo", "--json", "--corpus", root.appendingPathComponent("Corpus").path]) == 0)
        // One line per site and crawler, then one explanation per real-site snapshot.
        #expect(c.lines.count == 27 * DemoCommand.crawlers.count + 10)
        let gpt = c.lines.first { $0.contains(#""site":"www.nytimes.com""#) && $0.contains(#""agent":"GPTBot""#) }
        #expect(gpt?.contains(#""reach":"blocked""#) == true)
        #expect(gpt?.contains(#""purpose":"training""#) == true)
    }

    @Test func lintOfASnapshotHostListsFindingsWithDocumentsAndLines() throws {
        let c = Captured()
        let snapshots = root.appendingPathComponent("Corpus/snapshots/real").path
        #expect(c.run(["lint", "--snapshot", snapshots, "veda.ng"]) == 1)
        #expect(c.lines.first?.hasPrefix("veda.ng/.well-known/tdmrep.json:1: error: ") == true)
        #expect(c.stdout.contains("[not-an-array]"))
        #expect(c.stdout.contains("[missing-location]"))
        let takes = Captured()
        #expect(takes.run(["lint", "--snapshot", snapshots, "9takes.com", "--json"]) == 1)
        // license.xml line 5 prohibits ai-train; robots.txt line 30 lets GPTBot in (and four more):
        // one contradiction, ranked first, with its fix and tier.
        let first = try #require(takes.lines.first)
        #expect(first.contains(#""code":"rsl-robots-contradiction","document":"9takes.com/license.xml","line":5"#))
        #expect(first.contains("GPTBot (line 30)"))
        #expect(first.contains(#""fix":"disallow these crawlers in robots.txt"#))
        #expect(first.contains(#""consequence":"site""#))
    }

    @Test(
        "explain and lint: usage and input errors exit 2",
        arguments: [
            (["explain", "--agent", "GPTBot", "https://a.test/"], "--snapshot"),
            (["explain", "--snapshot", "/nonexistent", "--agent", "GPTBot", "https://a.test/"], "no snapshot"),
            (["explain", "--snapshot", "SNAP", "--agent", "GPTBot", "ftp://a.test/"], "only http and https"),
            (["explain", "--snapshot", "SNAP", "https://a.test/"], "--agent"),
            (["lint", "--snapshot", "SNAP", "no-such-host.test"], "no folder for this host"),
        ]
    )
    func explainErrors(args: [String], message: String) {
        let snapshots = root.appendingPathComponent("Corpus/snapshots/real").path
        let c = Captured()
        #expect(c.run(args.map { $0 == "SNAP" ? snapshots : $0 }) == 2)
        #expect(c.stderr.contains(message))
    }

    @Test func realFileQuery() {
        let c = Captured()
        let file = corpus("robots/misc/9takes.com.robots.txt")
        #expect(c.run(["robots", file, "--agent", "GPTBot", "/"]) == 0)
        #expect(c.lines == ["allow\t/"])
    }
}
