// SPDX-License-Identifier: Apache-2.0
// HeedHistory tests: the --json records (keys, order, exact lines) and the HTML reports.

import Foundation
import HeedStore
import Testing

@testable import HeedHistory

struct ChangeRecordsTests {
    let history: HostHistory
    let records: [HistoryJSON]

    init() throws {
        history = try HostHistory.build(
            store: try Fixtures.store("vox"),
            host: "www.vox.com",
            specs: try Fixtures.specs()
        )
        records = ChangeRecords.records(history)
    }

    /// One record per change (the baseline is one `host` record), then the summary.
    @Test func oneRecordPerChangeThenTheSummary() throws {
        // baseline 1; 2023-12-01: 1 document + 13 signals; 2024-01-31: 1; 2024-06-30: 1 + 30;
        // 2025-09-15: 1 + 284; 2025-11-01: 2 + 503; summary 1.
        #expect(records.count == 1 + 14 + 1 + 31 + 285 + 505 + 1)
        for record in records.dropLast() {
            guard case .object(let members) = record else {
                Issue.record("not an object")
                continue
            }
            #expect(members.map(\.key) == ChangeRecords.keys)
        }
        #expect(
            records.last?.serialized
                == """
                {"summary":true,"host":"www.vox.com","since":null,"versions":7,"documents":2,"steps":6,"changes":836,\
                "documentChanges":6,"signalChanges":830,"trainingCrawlersDisallowed":6,"trainingCrawlers":38,\
                "deniedCells":171,"cells":810,"omittedPages":0}
                """
        )
    }

    @Test func theBaselineRecord() {
        #expect(
            records.first?.serialized
                == """
                {"kind":"host","host":"www.vox.com","at":"2023-06-01T00:00:00Z","between":null,"change":"first-seen",\
                "page":null,"agent":null,"purpose":null,"category":null,"before":null,"after":null,\
                "obligationsBefore":null,"obligationsAfter":null,"statement":null,"document":null,\
                "documents":["https://www.vox.com/robots.txt"],"linesAdded":null,"linesRemoved":null,"addedCount":null,\
                "removedCount":null,"diffExact":null}
                """
        )
    }

    @Test func aSignalRecord() throws {
        let gpt = try #require(
            records.first {
                $0["agent"] == .string("GPTBot") && $0["category"] == .string("access")
                    && $0["at"] == .string("2023-12-01T00:00:00Z")
            }
        )
        #expect(
            gpt.serialized
                == """
                {"kind":"signal","host":"www.vox.com","at":"2023-12-01T00:00:00Z",\
                "between":["2023-06-01T00:00:00Z","2023-12-01T00:00:00Z"],"change":"changed",\
                "page":"https://www.vox.com/","agent":"GPTBot","purpose":"training","category":"access",\
                "before":"allow","after":"disallow","obligationsBefore":[],"obligationsAfter":[],\
                "statement":{"mechanism":"robots.access","document":"https://www.vox.com/robots.txt","line":16,\
                "element":null,"raw":"Disallow: /"},"document":null,"documents":null,"linesAdded":null,\
                "linesRemoved":null,"addedCount":null,"removedCount":null,"diffExact":null}
                """
        )
    }

    /// The 2024-01-31 blank line; hashes from `sha256sum` of the corpus files.
    @Test func aDocumentRecord() throws {
        let doc = try #require(
            records.first { $0["kind"] == .string("document") && $0["at"] == .string("2024-01-31T00:00:00Z") }
        )
        #expect(
            doc.serialized
                == """
                {"kind":"document","host":"www.vox.com","at":"2024-01-31T00:00:00Z",\
                "between":["2023-12-01T00:00:00Z","2024-01-31T00:00:00Z"],"change":"changed","page":null,"agent":null,\
                "purpose":null,"category":null,"before":{"status":200,\
                "sha256":"3656e8a1799aa4019ede0c088ead9a1f2618e1d3aed9dcf0c9b32f06d8ee309b","bytes":750,"error":null,\
                "headers":[]},"after":{"status":200,\
                "sha256":"561ed525645bee9e716eaaad04d91df671a9baa849a26cb424d90d96ab322a59","bytes":751,"error":null,\
                "headers":[]},"obligationsBefore":null,"obligationsAfter":null,"statement":null,\
                "document":"https://www.vox.com/robots.txt","documents":null,"linesAdded":[{"line":32,"text":""}],\
                "linesRemoved":[],"addedCount":1,"removedCount":0,"diffExact":true}
                """
        )
    }

    @Test func stringsAreEscaped() {
        #expect(HistoryJSON.string("a\"b\\c\nd\u{01}é").serialized == "\"a\\\"b\\\\c\\nd\\u0001é\"")
    }

    /// The history report: one self-contained page, the figures, a point per step on each chart.
    @Test func historyReport() throws {
        let html = HistoryReport.history(history, generated: "2026-01-01T00:00:00Z")
        #expect(html.contains("<title>Signal history: www.vox.com</title>"))
        #expect(html.contains("<div class=\"value\">6 of 38</div>"))
        #expect(html.contains("<div class=\"value\">171 of 810</div>"))
        #expect(html.contains("<div class=\"value\">836</div>"))
        let polylines = html.components(separatedBy: "<polyline points=\"").dropFirst()
        #expect(polylines.count == 2)
        for p in polylines {
            let points = p.prefix { $0 != "\"" }.split(separator: " ")
            #expect(points.count == 6)
        }
        #expect(
            html.contains("2023-12-01T00:00:00Z: 14 changes (between 2023-06-01T00:00:00Z and 2023-12-01T00:00:00Z)")
        )
        #expect(html.contains("GPTBot access: allow → disallow (robots.access robots.txt:16 &quot;Disallow: /&quot;)"))
        #expect(!html.contains("<script") && !html.contains("src=") && !html.contains("href="))
    }

    /// Hostile text in a document reaches the report escaped.
    @Test func diffReportEscapes() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("heed-report-\(UUID().uuidString)")
        for (dir, text) in [
            ("a", "User-agent: *\nAllow: /\n"), ("b", "User-agent: *\nDisallow: /<script>alert(1)</script>\n"),
        ] {
            let file = root.appendingPathComponent("\(dir)/evil.test/robots.txt")
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(),
                withIntermediateDirectories: true
            )
            try Data(text.utf8).write(to: file)
        }
        let d = try SnapshotDiff.compare(
            try Snapshot(root: root.appendingPathComponent("a")),
            try Snapshot(root: root.appendingPathComponent("b")),
            specs: try Fixtures.specs(),
            from: "a",
            to: "b"
        )
        let html = HistoryReport.diff(d, generated: "now")
        #expect(html.contains("+2 Disallow: /&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!html.contains("<script"))
        #expect(html.contains("<td>evil.test</td><td class=\"cond\">changed</td><td class=\"n\">1</td>"))
    }
}
