// SPDX-License-Identifier: Apache-2.0
// HeedAudit tests: the self-contained HTML report.

import HeedCore
import Testing

@testable import HeedAudit

/// The tags of `html` (the text between each `<` and the next `>`), lower-cased.
private func tags(_ html: String) -> [String] {
    html.lowercased().split(separator: "<").dropFirst().map { String($0.prefix { $0 != ">" }) }
}

struct HTMLReportTests {
    private func hostileReport() -> String {
        var (s, record) = sampleRunRecord(profile: "p<script>alert(1)</script>")
        let evil = "<script>alert('x')</script>.example"
        s.add(ReportSamples.record("https://\(evil)/\"><script>", evil, .optedOut, deciding: [ReportSamples.rslDeny]))
        s.noteManifest(entries: 1, problems: 1, firstProblems: ["urls.txt:9: <img src=http://evil.example/x>"])
        record.flags["agent"] = "\"><script src=\"https://evil.example/a.js\"></script>"
        return HTMLReport.render(
            s,
            record: record,
            findings: ["warning: <script>alert(1)</script> & <a href=\"https://evil.example/\">x</a>"]
        )
    }

    @Test("Hostile text is escaped: no script element, no external src or href")
    func escaping() {
        let html = hostileReport()
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.lowercased().contains("<img"))
        #expect(!html.lowercased().contains("<a "))
        // Attributes: no src or href anywhere (the hostile ones are text content).
        for tag in tags(html) {
            #expect(!tag.contains("src="), "\(tag)")
            #expect(!tag.contains("href="), "\(tag)")
        }
        #expect(!html.lowercased().contains("url("))
        #expect(!html.lowercased().contains("@import"))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;.example"))
        #expect(html.contains("warning: &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;a href=&quot;"))
        #expect(html.contains("urls.txt:9: &lt;img src=http://evil.example/x&gt;"))
    }

    @Test("One self-contained file: doctype, inline style, inline SVG charts per verdict and mechanism")
    func structure() {
        let (s, record) = sampleRunRecord()
        let html = HTMLReport.render(s, record: record, findings: ["a.example/robots.txt:3: warning: typo [typo]"])
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(html.hasSuffix("</body>\n</html>\n"))
        #expect(html.contains("<style>"))
        #expect(html.components(separatedBy: "<svg").count - 1 == 2)
        #expect(html.components(separatedBy: "</svg>").count - 1 == 2)
        #expect(html.contains("aria-label=\"URLs per verdict\""))
        #expect(html.contains("aria-label=\"URLs per deciding mechanism\""))
        // One bar row per verdict: label and "count (percent)".
        for (kind, text) in [
            ("ok", "1 (33.3%)"), ("opted-out", "1 (33.3%)"), ("blocked", "1 (33.3%)"), ("unknown", "0 (0.0%)"),
        ] {
            #expect(html.contains("text-anchor=\"end\">\(kind)</text>"))
            #expect(html.contains(">\(text)</text>"))
        }
        #expect(html.contains("text-anchor=\"end\">rsl</text>"))
        #expect(html.contains("text-anchor=\"end\">robots.access</text>"))
        #expect(
            html.contains(
                "<tr><td>a.example</td><td class=\"n\">1</td><td class=\"n\">2</td><td class=\"n\">50.0%</td></tr>"
            )
        )
        #expect(html.contains("<li>a.example/robots.txt:3: warning: typo [typo]</li>"))
        #expect(html.contains("<tr><th>agents.json commit</th><td>738c80d</td></tr>"))
        #expect(html.contains("<tr><th>flag use</th><td>ai_train</td></tr>"))
        #expect(html.contains("<tr><th>oldest signal</th><td>2026-11-01T12:30:00Z</td></tr>"))
        #expect(html.contains("<h2>Findings (1)</h2>"))
        #expect(html.contains("4 entries, 1 unreadable"))
        // No scripts, and the only "http" is in text content.
        #expect(!html.contains("<script"))
        #expect(!html.contains("src="))
        #expect(!html.contains("href="))
        #expect(tags(html).allSatisfy { !$0.contains("http") })
    }

    @Test("Bars scale to the largest value; a zero bar has no width")
    func bars() {
        let svg = HTMLReport.chart([("a", 4, "#000"), ("b", 1, "#000"), ("c", 0, "#000")], total: 5, title: "t")
        #expect(svg.contains("width=\"420\" height=\"18\" fill=\"#000\""))
        #expect(svg.contains("width=\"105\" height=\"18\" fill=\"#000\""))
        #expect(svg.contains("width=\"0\" height=\"18\" fill=\"#000\""))
        #expect(svg.contains(">4 (80.0%)</text>"))
    }
}
