// SPDX-License-Identifier: Apache-2.0
// Heed tests: ManifestReader on hand-made and hostile input (expected values worked out by hand).

import Foundation
import HeedAudit
import Testing

#if canImport(Glibc)
    import Glibc
#endif

struct ManifestEdgeCaseTests {
    private typealias F = ManifestFixtures

    @Test func crlfLinesLoseTheirCarriageReturn() throws {
        let result = try F.read(bytes: F.bytes("http://a.example/1\r\nhttp://b.example/2\r\n"))
        #expect(
            result.entries == [
                ReadEntry(url: "http://a.example/1", line: 1), ReadEntry(url: "http://b.example/2", line: 2),
            ]
        )
        #expect(result.problems.isEmpty)
    }

    @Test func finalLineWithoutNewline() throws {
        let result = try F.read(bytes: F.bytes("http://a.example/\nhttp://b.example/x"))
        #expect(result.entries.map(\.url) == ["http://a.example/", "http://b.example/x"])
        #expect(result.entries.last?.line == 2)
    }

    @Test func emptyFile() throws {
        let result = try F.read(bytes: [])
        #expect(result.entries.isEmpty && result.problems.isEmpty)
        #expect(result.stats.detected == .plain)
        #expect(result.stats.bytesRead == 0)
    }

    @Test func oneLineFile() throws {
        let result = try F.read(bytes: F.bytes("https://example.org/"))
        #expect(result.entries == [ReadEntry(url: "https://example.org/", line: 1)])
        #expect(result.stats.bytesRead == 20)
    }

    @Test func blankLinesCommentsAndNonURLs() throws {
        let text = "# list\n\nhttp://a.example/\n  \nnot a url\nexample.com\n\u{FEFF}x\n ftp://f.example/ \n"
        let result = try F.read(bytes: F.bytes(text))
        #expect(
            result.entries == [
                ReadEntry(url: "http://a.example/", line: 3), ReadEntry(url: "ftp://f.example/", line: 8),
            ]
        )
        #expect(result.problems.map(\.line) == [5, 6, 7])
        #expect(result.problems[0].excerpt == "not a url")
    }

    @Test func byteOrderMarkIsSkipped() throws {
        let result = try F.read(bytes: F.bytes("\u{FEFF}http://a.example/\n"))
        #expect(result.entries == [ReadEntry(url: "http://a.example/", line: 1)])
    }

    @Test(.timeLimit(.minutes(1)))
    func lineLongerThanTheBufferIsAProblem() throws {
        let long = "http://b.example/" + String(repeating: "x", count: 2 << 20)
        for tail in ["\nhttp://c.example/\n", ""] {
            let result = try F.read(bytes: F.bytes("http://a.example/\n" + long + tail))
            let expected = tail.isEmpty ? ["http://a.example/"] : ["http://a.example/", "http://c.example/"]
            #expect(result.entries.map(\.url) == expected)
            #expect(result.entries.map(\.line) == (tail.isEmpty ? [1] : [1, 3]))
            #expect(result.problems.count == 1)
            #expect(result.problems.first?.line == 2)
            #expect(result.problems.first?.message.contains("longer than") == true)
            #expect(result.problems.first?.excerpt.hasPrefix("http://b.example/xxx") == true)
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func binaryGarbage() throws {
        // A Parquet file read as a URL list. python (same rules: split on \n, strip " \t\r", skip empty and
        // '#' lines, URL = ^[A-Za-z][A-Za-z0-9+.-]*:.+$ without bytes <= 0x20 or 0x7f): 0 URLs,
        // 404 unreadable lines, the first on line 1, the last on line 406.
        let result = try F.read(path: F.path("img2dataset-test_1000.parquet"))
        #expect(result.stats.detected == .plain)
        #expect(result.entries.isEmpty)
        #expect(result.stats.problems == 404)
        #expect(result.problems.first?.line == 1)
        #expect(result.problems.last?.line == 406)
    }

    @Test func truncatedGzipThrowsAfterDeliveringTheCompleteLines() throws {
        // python: zlib.decompressobj(31).decompress(first 5000 bytes) holds 94 complete lines.
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: F.path("img2dataset-test_1000.head200.txt.gz"))))
        bytes.removeLast(bytes.count - 5000)
        let file = try F.temporary(bytes, name: "cut.txt.gz")
        let reader = try ManifestReader(path: file, options: ManifestOptions())
        var delivered = 0
        let error = #expect(throws: HeedAuditError.self) {
            _ = try reader.read({ _ in delivered += 1 }, problem: { _ in })
        }
        #expect(delivered == 94)
        #expect(error?.code == .badFormat)
        #expect(error?.location == file + ":95")
        #expect(error?.message.contains("truncated") == true)
    }

    @Test func truncatedMultiMemberWARCThrowsAtTheBrokenRecord() throws {
        // python (member by member with zlib): the first 100000 bytes decode records 1-27 completely, 13 of
        // them response/resource records; record 28's header is cut.
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: F.path("dolma-sample-0000.warc.gz"))))
        bytes.removeLast(bytes.count - 100_000)
        let file = try F.temporary(bytes, name: "cut.warc.gz")
        let reader = try ManifestReader(path: file, options: ManifestOptions())
        var urls: [String] = []
        let error = #expect(throws: HeedAuditError.self) {
            _ = try reader.read({ urls.append(String(decoding: $0.url, as: UTF8.self)) }, problem: { _ in })
        }
        #expect(urls.count == 13)
        #expect(urls.last == "https://maria-antoniak.github.io/2020/03/25/pip.html")
        #expect(error?.location == file + ":28")
    }

    @Test func corruptGzipIsBadFormat() throws {
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: F.path("pywb-iana.cdxj.gz"))))
        for i in 100..<400 { bytes[i] ^= 0x5A }
        let error = #expect(throws: HeedAuditError.self) {
            _ = try F.read(bytes: bytes, name: "bad.cdxj.gz")
        }
        #expect(error?.code == .badFormat)
    }

    @Test func standardInputThroughAPipe() throws {
        for (name, expected) in [("img2dataset-test_1000.head200.txt", 200), ("pywb-iana.cdxj.gz", 171)] {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: F.path(name))))
            var fds: [Int32] = [0, 0]
            #expect(pipe(&fds) == 0)
            let writeEnd = fds[1]
            let writer = Thread {
                bytes.withUnsafeBytes { raw in
                    var offset = 0
                    while offset < raw.count {
                        let n = write(writeEnd, raw.baseAddress! + offset, raw.count - offset)
                        if n <= 0 { break }
                        offset += n
                    }
                }
                close(writeEnd)
            }
            writer.start()
            let reader = try ManifestReader(fileDescriptor: fds[0], name: "-", options: ManifestOptions())
            let result = try F.collect(reader)
            close(fds[0])
            #expect(result.entries.count == expected, "\(name)")
            #expect(result.stats.bytesRead == bytes.count, "\(name)")
        }
    }

    @Test func jsonLinesProblemsAndValues() throws {
        let deep = "{\"x\":" + String(repeating: "[", count: 300) + String(repeating: "]", count: 300) + "}"
        let lines = [
            #"{"url": "http://a.example/"}"#,
            #"{"url": "http:\/\/b.example\/p?q=\"x\""}"#,
            #"{"url": 42}"#,
            #"{"link": "http://c.example/"}"#,
            #"{"url": "http://d.example/""#,
            "not json",
            #"{"url": "http://e.example/", "ts": 1119552233}"#,
            #"{"url": "http://f.example/\u00e9t\u00e9", "ts": "2020-03-29T09:04:10Z"}"#,
            #"{"url": "http://g.example/"} trailing"#,
            #"{"a": {"b": {"url": "http://h.example/"}}}"#,
            deep,
            #"{"url": "http://i.example/", "url": "http://j.example/", "ts": null}"#,
        ]
        let result = try F.read(bytes: F.bytes(lines.joined(separator: "\n") + "\n"), F.options(dateField: "ts"))
        #expect(result.stats.detected == .jsonl)
        #expect(
            result.entries == [
                ReadEntry(url: "http://a.example/", line: 1),
                ReadEntry(url: #"http://b.example/p?q="x""#, line: 2),
                ReadEntry(url: "http://e.example/", line: 7, date: "2005-06-23T18:43:53Z"),
                ReadEntry(url: "http://f.example/été", line: 8, date: "2020-03-29T09:04:10Z"),
                ReadEntry(url: "http://i.example/", line: 12),
            ]
        )
        #expect(result.problems.map(\.line) == [3, 4, 5, 6, 9, 10, 11])
        #expect(result.problems[0].message == "\"url\" is not a string")
        #expect(result.problems[1].message == "no \"url\" field")
        #expect(result.problems[2].message.hasPrefix("invalid JSON"))
        #expect(result.problems[6].message.contains("nested too deeply"))

        let nested = try F.read(bytes: F.bytes(lines[9] + "\n"), F.options(urlField: "a.b.url"))
        #expect(nested.entries == [ReadEntry(url: "http://h.example/", line: 1)])
    }

    @Test func malformedCDXJ() throws {
        let text = """
            com,example)/ 20140127171200 {"url": "http://example.com/"}
            com,example)/ 2014 {"url": "http://example.com/a"}
            com,example)/ notatimestamp {"url": "x"}
            com,example)/ 20140127171200 {"mime": "text/html"}
            com,example)/ 20140127171200 {"url": "http://example.com/b"
            !meta 0 {"x": 1}

            com,example)/ 20140127171200123 {"url":"http://example.com/c"}

            """
        let result = try F.read(bytes: F.bytes(text))
        #expect(result.stats.detected == .cdxj)
        #expect(
            result.entries == [
                ReadEntry(url: "http://example.com/", line: 1, date: "2014-01-27T17:12:00Z"),
                ReadEntry(url: "http://example.com/a", line: 2, date: "2014"),
                ReadEntry(url: "http://example.com/c", line: 8, date: "2014-01-27T17:12:00Z"),
            ]
        )
        #expect(result.problems.map(\.line) == [3, 4, 5])
    }

    @Test func classicCDXLegendAndShortLines() throws {
        let text = " CDX N b a\ncom,example)/ 20140101000000 http://example.com/\ncom,example)/ 20140101000000\n"
        let result = try F.read(bytes: F.bytes(text))
        #expect(result.stats.detected == .cdx)
        #expect(result.entries == [ReadEntry(url: "http://example.com/", line: 2, date: "2014-01-01T00:00:00Z")])
        #expect(result.problems.map(\.line) == [3])

        let headerless = try F.read(
            bytes: F.bytes("com,example)/ 20140101000000 http://example.com/ text/html 200\n"),
            F.options(.cdx)
        )
        #expect(headerless.entries.map(\.url) == ["http://example.com/"])

        #expect(throws: HeedAuditError.self) {
            _ = try F.read(bytes: F.bytes(" CDX N b m\nx 2014 text/html\n"))
        }
    }

    static let csv = [
        "id,url,when,title",
        #"1,"http://a.example/?q=""x""",20140126200624,"#,
        #"2,"http://b.example/"#,
        #"multi",2020-01-01,"#,
        "3,http://c.example/,,",
        #"4,"http://d.example/, with comma",x,"#,
        "5",
        #""6","http://e.example/","1577836800","#,
        #"7,http://f.example/,,"a title"#,
        #"over two lines""#,
        "8,http://g.example/,,",
        #"9,"http://h.example/"#,
    ]

    @Test(arguments: ["\n", "\r\n"])
    func csvQuotingAcrossLines(_ newline: String) throws {
        let text = Self.csv.joined(separator: newline)
        let result = try F.read(bytes: F.bytes(text), name: "m.csv", F.options(dateColumn: "when"))
        #expect(result.stats.detected == .csv)
        #expect(
            result.entries == [
                ReadEntry(url: #"http://a.example/?q="x""#, line: 2, date: "2014-01-26T20:06:24Z"),
                ReadEntry(url: "http://c.example/", line: 5),
                ReadEntry(url: "http://e.example/", line: 8, date: "2020-01-01T00:00:00Z"),
                ReadEntry(url: "http://f.example/", line: 9),
                ReadEntry(url: "http://g.example/", line: 11),
            ]
        )
        #expect(result.problems.map(\.line) == [3, 6, 7, 12])
        #expect(result.problems[2].message.contains("too short"))
        #expect(result.problems[3].message.contains("closing quote"))
    }

    @Test func csvDetectedFromAColumnOption() throws {
        let result = try F.read(
            bytes: F.bytes("a\tlink\n1\thttp://x.example/\n"),
            name: "-",
            F.options(urlColumn: "LINK")
        )
        #expect(result.stats.detected == .tsv)
        #expect(result.entries == [ReadEntry(url: "http://x.example/", line: 2)])
    }

    /// A WARC record with a correct Content-Length.
    static func record(_ fields: [String], block: String, version: String = "WARC/1.1") -> String {
        let head = ([version] + fields + ["Content-Length: \(block.utf8.count)"]).joined(separator: "\r\n")
        return head + "\r\n\r\n" + block + "\r\n\r\n"
    }

    @Test func warcRecordsAndDamage() throws {
        var text = Self.record(["WARC-Type: warcinfo"], block: "software: test\r\n")
        text += Self.record(
            ["WARC-Type: response", "WARC-Target-URI: http://a.example/", "WARC-Date: 2024-01-02T03:04:05Z"],
            block: "HTTP/1.1 200 OK\r\n\r\nhello\r\n\r\nWARC/1.1 inside a body"
        )
        text += "this is not a record\r\n"
        text += Self.record(["WARC-Type: revisit", "WARC-Target-URI: http://a.example/"], block: "")
        text += Self.record(
            ["warc-type: RESOURCE", "WARC-Target-URI: <http://b.example/file.txt>"],
            block: "x",
            version: "WARC/1.0"
        )
        text += Self.record(["WARC-Type: response"], block: "no target")
        text +=
            "WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: http://c.example/\r\nContent-Length: abc\r\n\r\nzz\r\n"
        text += "WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: http://d.example/\r\nContent-Length: 1000\r\n\r\n"
        text += "0123456789"
        let result = try F.read(bytes: F.bytes(text))
        #expect(result.stats.detected == .warc)
        #expect(
            result.entries == [
                ReadEntry(url: "http://a.example/", line: 2, date: "2024-01-02T03:04:05Z"),
                ReadEntry(url: "http://b.example/file.txt", line: 4),
                ReadEntry(url: "http://d.example/", line: 7),
            ]
        )
        #expect(result.problems.map(\.line) == [3, 5, 6, 7])
        #expect(result.problems[3].message.contains("truncated"))
    }

    @Test func problemsBeyondTheFirstThousandAreCountedNotKept() throws {
        let text = String(repeating: "nope\n", count: 1_500)
        var calls = 0
        let reader = try ManifestReader(
            path: try F.temporary(F.bytes(text), name: "n.txt"),
            options: ManifestOptions()
        )
        let stats = try reader.read({ _ in }, problem: { _ in calls += 1 })
        #expect(calls == 1_500)
        #expect(stats.problems == 1_500)
        #expect(stats.firstProblems.count == ManifestStats.keptProblemLimit)
        #expect(stats.firstProblems.last?.line == 1_000)
    }

    struct Stop: Error {}

    @Test func errorsFromTheBodyPropagate() throws {
        let reader = try ManifestReader(
            path: F.path("img2dataset-test_1000.head200.txt"),
            options: ManifestOptions()
        )
        var seen = 0
        #expect(throws: Stop.self) {
            _ = try reader.read(
                { _ in
                    seen += 1
                    if seen == 3 { throw Stop() }
                },
                problem: { _ in }
            )
        }
        #expect(seen == 3)
    }

    @Test(arguments: [
        ("WARC/1.0\r\n", "x.txt", nil as String?, ManifestFormat.warc),
        ("com,example)/ 20140101 {\"url\": \"http://e/\"}\n", "x.txt", nil, .cdxj),
        (" CDX N b a\n", "x.txt", nil, .cdx),
        ("{\"url\": \"http://e/\"}\n", "x.csv", nil, .jsonl),
        ("url\nhttp://e/\n", "x.CSV.gz", nil, .csv),
        ("url\nhttp://e/\n", "x.tsv", nil, .tsv),
        ("url,b\nhttp://e/,1\n", "-", "url", .csv),
        ("http://e/\n", "x.jsonl", nil, .plain),
    ])
    func detection(_ text: String, _ name: String, _ column: String?, _ expected: ManifestFormat) throws {
        let result = try F.read(bytes: F.bytes(text), name: name, F.options(urlColumn: column))
        #expect(result.stats.detected == expected)
    }
}
