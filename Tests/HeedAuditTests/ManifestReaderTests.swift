// SPDX-License-Identifier: Apache-2.0
// Heed tests: ManifestReader on real manifests from Corpus/manifests/ (expected values from python/zcat).

import Foundation
import HeedAudit
import Testing

/// One entry as the tests keep it.
struct ReadEntry: Equatable {
    var url: String
    var line: Int
    var date: String?
}

/// What one read produced.
struct ReadResult {
    var entries: [ReadEntry] = []
    var problems: [ManifestProblem] = []
    var stats = ManifestStats()
}

/// Paths and read helpers for the manifest tests.
enum ManifestFixtures {
    /// The repository root (the folder holding Package.swift).
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // HeedAuditTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// `Corpus/manifests/<name>`.
    static func path(_ name: String) -> String {
        root.appendingPathComponent("Corpus/manifests").appendingPathComponent(name).path
    }

    /// Reads the manifest at `path` completely.
    static func read(path: String, _ options: ManifestOptions = ManifestOptions()) throws -> ReadResult {
        let reader = try ManifestReader(path: path, options: options)
        return try collect(reader)
    }

    /// Reads a reader completely.
    static func collect(_ reader: ManifestReader) throws -> ReadResult {
        var result = ReadResult()
        var problems: [ManifestProblem] = []
        result.stats = try reader.read(
            { entry in
                result.entries.append(
                    ReadEntry(
                        url: String(decoding: entry.url, as: UTF8.self),
                        line: entry.line,
                        date: entry.captureDate.map { String(decoding: $0, as: UTF8.self) }
                    )
                )
            },
            problem: { problems.append($0) }
        )
        result.problems = problems
        return result
    }

    /// Writes `bytes` to a fresh temporary file named `name` and reads it.
    static func read(
        bytes: [UInt8],
        name: String = "manifest.txt",
        _ options: ManifestOptions = ManifestOptions()
    )
        throws -> ReadResult
    {
        let file = try temporary(bytes, name: name)
        defer { try? FileManager.default.removeItem(atPath: file) }
        return try read(path: file, options)
    }

    /// Writes `bytes` to a fresh temporary file and returns its path.
    static func temporary(_ bytes: [UInt8], name: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("heed-manifest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent(name)
        try Data(bytes).write(to: file)
        return file.path
    }

    /// Bytes of text.
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// Options with a format and fields set.
    static func options(
        _ format: ManifestFormat = .auto,
        urlColumn: String? = nil,
        urlField: String = "url",
        dateColumn: String? = nil,
        dateField: String? = nil
    ) -> ManifestOptions {
        var o = ManifestOptions()
        o.format = format
        o.urlColumn = urlColumn
        o.urlField = urlField
        o.dateColumn = dateColumn
        o.dateField = dateField
        return o
    }
}

/// A row of expectations for one real manifest.
struct RealManifestCase: Sendable, CustomTestStringConvertible {
    var file: String
    var format: ManifestFormat
    var urlColumn: String?
    var urlField: String = "url"
    var dateColumn: String?
    var dateField: String?
    var entries: Int
    var problems: Int
    var first: (url: String, line: Int, date: String?)
    var last: (url: String, line: Int, date: String?)
    var testDescription: String { "\(file) \(urlColumn ?? urlField)" }
}

struct ManifestReaderTests {
    // Counts, first/last URLs, lines and dates worked out with python (csv, json, gzip, zlib) and zcat.
    static let cases: [RealManifestCase] = [
        RealManifestCase(
            file: "img2dataset-test_1000.head200.txt",
            format: .plain,
            entries: 200,
            problems: 0,
            first: ("http://direct.rhapsody.com/imageserver/v2/albums/Alb.131805200/images/170x170.jpg", 1, nil),
            last: (
                "http://fbc0021f339e2d2c4082-f489e8ff80a7f2e3001280df7038db01.r29.cf1.rackcdn.com/"
                    + "lrs-springs_4471.jpg", 200, nil
            )
        ),
        RealManifestCase(
            file: "openwebtext-pushshift-RS-2005-06_07.head300.tsv",
            format: .tsv,
            dateColumn: "created_utc",
            entries: 299,
            problems: 0,
            first: ("http://www.downingstreetmemo.com", 2, "2005-06-23T18:43:53Z"),
            last: ("http://www.wired.com/wired/archive/13.07/osprey.html?tw=wn_tophead_10", 300, "2005-07-08T16:44:40Z")
        ),
        RealManifestCase(
            file: "openwebtext-pushshift-RS-2005-06_07.head300.tsv",
            format: .tsv,
            urlColumn: "1",
            dateColumn: "4",
            entries: 299,
            problems: 0,
            first: ("http://www.downingstreetmemo.com", 2, "2005-06-23T18:43:53Z"),
            last: ("http://www.wired.com/wired/archive/13.07/osprey.html?tw=wn_tophead_10", 300, "2005-07-08T16:44:40Z")
        ),
        RealManifestCase(
            file: "dolma-test-docs.manifest.jsonl",
            format: .jsonl,
            urlField: "id",
            dateField: "created",
            entries: 30,
            problems: 0,
            first: (
                "http://100kinvesting.com/2016/11/28/first-teleconference-calls-invoice-factoring/", 1,
                "2020-03-29T09:04:10Z"
            ),
            last: ("http://groovenotes.org/tag/duke-ellington/", 30, "2023-01-27T20:21:52Z")
        ),
        RealManifestCase(
            file: "dolma-test-docs.manifest.jsonl",
            format: .jsonl,
            urlField: "metadata.url",
            dateField: "metadata.date_download",
            entries: 30,
            problems: 0,
            first: (
                "http://100kinvesting.com/2016/11/28/first-teleconference-calls-invoice-factoring/", 1,
                "2020-03-29T09:04:10Z"
            ),
            last: ("http://groovenotes.org/tag/duke-ellington/", 30, "2023-01-27T20:21:52Z")
        ),
        RealManifestCase(
            file: "pywb-iana.cdxj",
            format: .cdxj,
            entries: 171,
            problems: 0,
            first: ("http://www.iana.org/", 1, "2014-01-26T20:06:24Z"),
            last: ("http://www.iana.org/time-zones", 171, "2014-01-26T20:07:37Z")
        ),
        RealManifestCase(
            file: "pywb-example.cdxj",
            format: .cdxj,
            entries: 3,
            problems: 0,
            first: ("http://example.com?example=1", 1, "2014-01-03T03:03:21Z"),
            last: ("http://www.iana.org/domains/example", 3, "2014-01-28T05:15:39Z")
        ),
        RealManifestCase(
            file: "pywb-dupes.cdxj",
            format: .cdxj,
            entries: 12,
            problems: 0,
            first: ("http://example.com", 1, "2014-01-27T17:12:00Z"),
            last: ("http://www.iana.org/_js/2013.1/jquery.js", 12, "2014-01-27T17:12:39Z")
        ),
        RealManifestCase(
            file: "pywb-iana.cdx",
            format: .cdx,
            entries: 171,
            problems: 0,
            first: ("http://www.iana.org/", 2, "2014-01-26T20:06:24Z"),
            last: ("http://www.iana.org/time-zones", 172, "2014-01-26T20:07:37Z")
        ),
        RealManifestCase(
            file: "pywb-bad.cdx",
            format: .cdx,
            entries: 4,
            problems: 0,
            first: ("http://example.com?example=2", 2, "2014-06-03T03:03:51Z"),
            last: ("http://example.com?example=3", 5, "2014-07-03T03:03:21Z")
        ),
        RealManifestCase(
            file: "pywb-example-non-surt.cdx",
            format: .cdx,
            entries: 3,
            problems: 0,
            first: ("http://example.com?example=1", 2, "2014-01-03T03:03:21Z"),
            last: ("http://www.iana.org/domains/example", 4, "2014-01-28T05:15:39Z")
        ),
        RealManifestCase(
            file: "dolma-sample-0000.warc.gz",
            format: .warc,
            entries: 24,
            problems: 0,
            first: ("https://www.semanticscholar.org/research/research-team", 3, "2024-04-25T16:24:44Z"),
            last: ("metadata://gnu.org/software/wget/warc/wget.log", 48, "2024-04-25T16:24:47Z")
        ),
    ]

    @Test(arguments: cases)
    func readsRealManifest(_ c: RealManifestCase) throws {
        for name in [c.file, c.file + ".gz"] {
            let path = ManifestFixtures.path(name)
            guard name == c.file || FileManager.default.fileExists(atPath: path) else { continue }
            let result = try ManifestFixtures.read(
                path: path,
                ManifestFixtures.options(
                    urlColumn: c.urlColumn,
                    urlField: c.urlField,
                    dateColumn: c.dateColumn,
                    dateField: c.dateField
                )
            )
            #expect(result.stats.detected == c.format, "\(name)")
            #expect(result.entries.count == c.entries, "\(name)")
            #expect(result.stats.entries == c.entries, "\(name)")
            #expect(result.problems.count == c.problems, "\(name): \(result.problems.prefix(3))")
            #expect(result.stats.problems == c.problems, "\(name)")
            #expect(result.entries.first == ReadEntry(url: c.first.url, line: c.first.line, date: c.first.date))
            #expect(result.entries.last == ReadEntry(url: c.last.url, line: c.last.line, date: c.last.date))
            let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int
            #expect(result.stats.bytesRead == size, "\(name): bytesRead counts the (compressed) source bytes")
        }
    }

    @Test func gzipVariantsGiveTheSameEntries() throws {
        for name in [
            "img2dataset-test_1000.head200.txt", "openwebtext-pushshift-RS-2005-06_07.head300.tsv",
            "dolma-test-docs.manifest.jsonl", "pywb-iana.cdxj",
        ] {
            let options = ManifestFixtures.options(urlField: "id")
            let plain = try ManifestFixtures.read(path: ManifestFixtures.path(name), options)
            let packed = try ManifestFixtures.read(path: ManifestFixtures.path(name + ".gz"), options)
            #expect(plain.entries == packed.entries, "\(name)")
            #expect(plain.entries.count > 0, "\(name)")
            #expect(plain.stats.detected == packed.stats.detected, "\(name)")
        }
    }

    @Test func jsonlWithoutTheURLFieldReportsEveryLine() throws {
        // dolma-test-docs has no top-level "url" key (the URL is "id"): 30 lines, 30 problems.
        let result = try ManifestFixtures.read(path: ManifestFixtures.path("dolma-test-docs.manifest.jsonl"))
        #expect(result.entries.isEmpty)
        #expect(result.problems.map(\.line) == Array(1...30))
        #expect(result.problems.allSatisfy { $0.message == "no \"url\" field" })
        #expect(result.stats.firstProblems == result.problems)
    }

    @Test func warcEntriesAreResponseAndResourceRecords() throws {
        let result = try ManifestFixtures.read(path: ManifestFixtures.path("dolma-sample-0000.warc.gz"))
        // python: records 3, 5, ..., 45 are responses, 47 and 48 are resources.
        #expect(result.entries.map(\.line) == Array(stride(from: 3, through: 47, by: 2)) + [48])
        #expect(result.entries[22].url == "metadata://gnu.org/software/wget/warc/wget_arguments.txt")
        // zcat | grep: the 2nd and 3rd response records target these.
        #expect(result.entries[1].url == "https://www.cs.washington.edu/people/faculty/weld")
        #expect(result.entries[2].url == "https://soldaini.net/")
    }

    @Test func missingCSVColumnIsAnError() throws {
        let path = ManifestFixtures.path("openwebtext-pushshift-RS-2005-06_07.head300.tsv")
        let error = #expect(throws: HeedAuditError.self) {
            _ = try ManifestFixtures.read(path: path, ManifestFixtures.options(urlColumn: "link"))
        }
        #expect(error?.code == .badFormat)
        #expect(error?.location == path + ":1")
        let tooFar = #expect(throws: HeedAuditError.self) {
            _ = try ManifestFixtures.read(path: path, ManifestFixtures.options(urlColumn: "8"))
        }
        #expect(tooFar?.code == .badFormat)
    }

    @Test func unopenableFileIsUnreadable() throws {
        let error = #expect(throws: HeedAuditError.self) {
            _ = try ManifestReader(path: "/nonexistent/heed/manifest.txt", options: ManifestOptions())
        }
        #expect(error?.code == .unreadable)
        #expect(error?.location == "/nonexistent/heed/manifest.txt")
    }

    @Test func readsOnlyOnce() throws {
        let reader = try ManifestReader(
            path: ManifestFixtures.path("pywb-example.cdxj"),
            options: ManifestOptions()
        )
        _ = try ManifestFixtures.collect(reader)
        #expect(throws: HeedAuditError.self) { _ = try ManifestFixtures.collect(reader) }
    }
}
