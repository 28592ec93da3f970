// SPDX-License-Identifier: Apache-2.0
// HeedLogs tests: the analysis on small hand-made logs: fetch statuses, path forms, overlong lines, broken
// gzip, empty input.

import Foundation
import HeedAudit
import HeedCore
import Testing

@testable import HeedLogs

private let gpt = Support.ua("GPTBot")

/// A Combined Log Format line for GPTBot at 2026-03-01T12:00:SS.
private func line(_ request: String, second: Int = 0, ua: String = gpt) -> String {
    let s = second < 10 ? "0\(second)" : "\(second)"
    return "192.0.2.1 - - [01/Mar/2026:12:00:\(s) +0000] \"\(request)\" 200 10 \"-\" \"\(ua)\""
}

private func analyze(
    _ lines: [String],
    robots: String,
    status: Int = 200,
    options: LogOptions = LogOptions()
) throws
    -> LogAnalysis
{
    try Support.analyze(
        [try Support.file(lines.joined(separator: "\n") + "\n")],
        sites: [Support.site(robots: robots, status: status)],
        options: options
    )
}

struct AnalyzerEdgeTests {
    /// RFC 9309 §2.3.1: a 4xx robots.txt allows everything, a 5xx (and Heed's 429) disallows everything but
    /// robots.txt itself.
    @Test(arguments: [(404, 0), (410, 0), (503, 3), (429, 3), (500, 3)])
    func fetchStatusDecides(status: Int, violations: Int) throws {
        let lines = [
            line("GET /robots.txt HTTP/1.1"), line("GET /a HTTP/1.1", second: 1), line("GET /b HTTP/1.1", second: 2),
            line("HEAD /c HTTP/1.1", second: 3),
        ]
        let analysis = try analyze(lines, robots: "User-agent: *\nDisallow: /\n", status: status)
        let c = try #require(analysis.crawlers.first)
        #expect(c.violations == violations)
        #expect(c.robotsFetchedFirst)
        if violations > 0 { #expect(c.examples.first?.reason.hasPrefix("HTTP \(status)") == true) }
    }

    /// Paths are normalized as RFC 9309 §2.2.2 says before matching; escapes in the log are decoded first.
    @Test(arguments: [
        ("GET /private/a HTTP/1.1", true),
        ("GET /%70rivate/a HTTP/1.1", true),  // %70 is "p": unreserved, decoded
        ("GET http://example.org/private/a HTTP/1.1", true),  // absolute-form
        ("GET //private/a HTTP/1.1", false),  // a path starting with //, not a host
        ("GET /caf\\xC3\\xA9 HTTP/1.1", true),  // logged \xHH; the rule is written %C3%A9
        ("GET /café HTTP/1.1", true),  // raw UTF-8 in the log
        ("GET /robots.txt HTTP/1.1", false),
        ("GET /robots.txt?x=1 HTTP/1.1", false),  // allowed by the rules, not a robots.txt fetch either
        ("OPTIONS * HTTP/1.1", false),
        ("CONNECT example.org:443 HTTP/1.1", false),
        ("-", false),
    ])
    func pathForms(request: String, violation: Bool) throws {
        let robots = "User-agent: GPTBot\nDisallow: /private/\nDisallow: /caf%C3%A9\nAllow: /robots.txt?x=1\n"
        let analysis = try analyze([line(request)], robots: robots)
        let c = try #require(analysis.crawlers.first)
        #expect(c.violations == (violation ? 1 : 0))
        #expect(c.requests == 1)
    }

    @Test func requestsWithoutPathAreCountedNotChecked() throws {
        let analysis = try analyze(
            [line("-"), line("OPTIONS * HTTP/1.1", second: 1), line("GET /robots.txt HTTP/1.1", second: 2)],
            robots: "User-agent: *\nDisallow: /\n"
        )
        let c = try #require(analysis.crawlers.first)
        #expect(c.unchecked == 2)
        #expect(c.violations == 0)
        #expect(c.requestsBeforeRobots == 2)
        #expect(!c.robotsFetchedFirst)
        #expect(LogReportText.render(analysis).contains("2 crawler requests could not be checked"))
    }

    @Test func overlongLinesAreMalformedWhateverTheChunk() throws {
        let long = line("GET /" + String(repeating: "a", count: 3000) + " HTTP/1.1")
        for chunk in [64, 1 << 20] {
            var options = LogOptions()
            options.maxLineLength = 2048
            options.chunkSize = chunk
            options.workers = 2
            let analysis = try analyze(
                [line("GET /x HTTP/1.1"), long, line("GET /y HTTP/1.1", second: 1)],
                robots: "",
                options: options
            )
            #expect(analysis.summary.malformed == 1)
            #expect(analysis.summary.problems.map(\.line) == [2])
            #expect(analysis.summary.requests == 2)
            #expect(analysis.summary.lines == 3)
        }
    }

    /// A line longer than the whole chunk buffer is skipped to its end (the reader never holds it).
    @Test func aLineLargerThanTheBufferIsSkipped() throws {
        var options = LogOptions()
        options.maxLineLength = 1000
        options.chunkSize = 64
        let huge = line("GET /" + String(repeating: "b", count: 300_000) + " HTTP/1.1")
        let analysis = try analyze([huge, line("GET /z HTTP/1.1", second: 5), huge], robots: "", options: options)
        #expect(analysis.summary.lines == 3)
        #expect(analysis.summary.malformed == 2)
        #expect(analysis.summary.problems.map(\.line) == [1, 3])
        #expect(analysis.summary.problems.allSatisfy { $0.message == "line longer than 1000 bytes (skipped)" })
        #expect(analysis.summary.requests == 1)
    }

    @Test func crlfLineEndsAndNoFinalLineBreak() throws {
        let text = line("GET /a HTTP/1.1") + "\r\n" + line("GET /b HTTP/1.1", second: 1)
        let analysis = try Support.analyze(
            [try Support.file(text)],
            sites: [Support.site(robots: "User-agent: *\nDisallow: /b\n")]
        )
        #expect(analysis.summary.lines == 2)
        #expect(analysis.summary.malformed == 0)
        #expect(analysis.summary.violations == 1)
    }

    @Test func emptyAndBlankInputs() throws {
        for text in ["", "\n\n", "   \n\t\n"] {
            let analysis = try Support.analyze([try Support.file(text)], sites: [Support.site(robots: "")])
            #expect(analysis.crawlers.isEmpty)
            #expect(analysis.summary.requests == 0)
            #expect(analysis.summary.malformed == 0)
            #expect(analysis.summary.firstSeen == nil)
            #expect(LogReportText.render(analysis).contains("No request from a registry crawler."))
        }
    }

    @Test func commonLogFormatSaysNoCrawlerCanBeIdentified() throws {
        let text = "192.0.2.1 - - [01/Mar/2026:12:00:00 +0000] \"GET /a HTTP/1.1\" 200 10\n"
        let analysis = try Support.analyze([try Support.file(text)], sites: [Support.site(robots: "")])
        #expect(analysis.summary.withoutUserAgent == 1)
        #expect(LogReportText.render(analysis).contains("the log has no User-Agent field"))
    }

    @Test func truncatedGzipIsAnError() throws {
        let path = try Support.file(Scenario.combined().text)
        let packed = try Support.gzip(path)
        var bytes = try Array(Data(contentsOf: URL(fileURLWithPath: packed)))
        bytes.removeLast(20)
        let broken = try Support.file(bytes, name: "broken.log.gz")
        let error = #expect(throws: HeedLogsError.self) {
            _ = try Support.analyze([broken], sites: [Support.site(robots: "")])
        }
        #expect(error?.code == .badFormat)
        #expect(error?.location == broken)
    }

    @Test func concatenatedGzipMembersReadAsOne() throws {
        let a = try Support.gzip(try Support.file(line("GET /a HTTP/1.1") + "\n"))
        let b = try Support.gzip(try Support.file(line("GET /b HTTP/1.1", second: 1) + "\n"))
        let both =
            try Array(Data(contentsOf: URL(fileURLWithPath: a))) + Array(Data(contentsOf: URL(fileURLWithPath: b)))
        let analysis = try Support.analyze(
            [try Support.file(both, name: "both.gz")],
            sites: [Support.site(robots: "User-agent: *\nDisallow: /\n")]
        )
        #expect(analysis.summary.requests == 2)
        #expect(analysis.summary.violations == 2)
    }

    @Test func missingFileIsAnError() {
        let error = #expect(throws: HeedLogsError.self) {
            _ = try Support.analyze(["/nonexistent/access.log"], sites: [Support.site(robots: "")])
        }
        #expect(error?.code == .unreadable)
    }

    @Test func descriptorsAreRead() throws {
        let path = try Support.file(line("GET /a HTTP/1.1") + "\n")
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        let analysis = try LogAnalyzer(
            registry: Support.registry,
            sites: [Support.site(robots: "")],
            options: LogOptions()
        )
        .run([.descriptor(fd, name: "stdin-like")])
        #expect(analysis.summary.requests == 1)
        #expect(analysis.summary.files.map(\.name) == ["stdin-like"])
    }

    @Test func ratesPerMinute() throws {
        // 5 requests in 12:00, 1 in 12:03: 6 requests over 4 minutes.
        var lines = (0..<5).map { line("GET /a\($0) HTTP/1.1", second: $0 * 10) }
        lines.append("192.0.2.1 - - [01/Mar/2026:12:03:30 +0000] \"GET /z HTTP/1.1\" 200 10 \"-\" \"\(gpt)\"")
        let c = try #require(try analyze(lines, robots: "").crawlers.first)
        #expect(c.peakPerMinute == 5)
        #expect(LogTimestamp.iso(c.peakMinute) == "2026-03-01T12:00:00Z")
        #expect(c.activeMinutes == 2)
        #expect(c.averagePerMinute == 1.5)
    }
}

/// The copy of plain targets gives exactly what RFC 9309 normalization gives.
struct TargetPathTests {
    @Test(arguments: [
        "/", "/a/b?c=d&e=f", "/~user/(x)!'+,;=:@", "/a%2fb", "/a%41", "/*x$", "/a#frag", "/é", "/a b", "/a\"b",
        "/robots.txt", "/a?b=/c", "/[x]", "/a|b", "/a^b", "//x/y", "http://h/a%7Eb", "/a.b-c_d~e",
    ])
    func plainCopyEqualsNormalization(target: String) {
        var path: [UInt8] = []
        var copy = target
        copy.withUTF8 { TargetPath.normalize($0, into: &path, scratch: ScratchBuffer()) }
        let expected: [UInt8] =
            target.hasPrefix("//")
            ? RobotsPath.normalizedURLPath("http://h" + target) : RobotsPath.normalizedURLPath(target)
        #expect(path == expected)
    }

    @Test func randomTargetsAgreeWithNormalization() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("/abcXYZ019-._~!&'()+,;=:@?%2Fe*$#[] \"|^".utf8) + [0xC3, 0xA9, 0x00, 0x7F]
        for _ in 0..<2000 {
            let length = Int.random(in: 1...24, using: &generator)
            let bytes = [UInt8(ascii: "/")] + (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
            guard bytes.count < 2 || bytes[1] != 0x2F else { continue }
            var path: [UInt8] = []
            bytes.withUnsafeBufferPointer { TargetPath.normalize($0, into: &path, scratch: ScratchBuffer()) }
            var reference: [UInt8] = []
            bytes.withUnsafeBufferPointer { RobotsPath.normalizeURLPath(bytes: $0, into: &reference) }
            #expect(path == reference, "\(bytes)")
        }
    }
}
