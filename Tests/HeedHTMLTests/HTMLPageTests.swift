// SPDX-License-Identifier: Apache-2.0
// Tests for the shared report page, tables and SVG charts.

import HeedHTML
import Testing

@Suite struct HTMLPageTests {
    @Test(arguments: [
        ("plain", "plain"),
        ("<script>x</script>", "&lt;script&gt;x&lt;/script&gt;"),
        ("a&b \"c\" 'd'", "a&amp;b &quot;c&quot; &#39;d&#39;"),
        ("é∑", "é∑"),
    ])
    func escaping(input: String, expected: String) {
        #expect(HTML.escape(input) == expected)
    }

    @Test func pageIsSelfContainedAndEscapesEverything() {
        var page = HTMLPage(title: "Heed <logs>", subtitle: "a \"b\"", footer: "f & g")
        page.figures([(value: "12", label: "<crawlers>", detail: "d")])
        page.section("S <1>", raw: HTML.table(header: ["agent", "n"], rows: [["<GPTBot>", "3"]], numeric: [1]))
        let html = page.render()
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<title>Heed &lt;logs&gt;</title>"))
        #expect(html.contains("<td>&lt;GPTBot&gt;</td><td class=\"n\">3</td>"))
        #expect(html.contains("<h2>S &lt;1&gt;</h2>"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("http://") && !html.contains("https://"))
    }

    @Test(arguments: [(1, 8, "12.5%"), (0, 0, "0%"), (2, 3, "66.7%"), (3, 3, "100.0%")])
    func percent(part: Int, whole: Int, expected: String) {
        #expect(HTML.percent(part, of: whole) == expected)
    }

    @Test func barsScaleToTheLargestValue() {
        let svg = SVGChart.bars([.init("a", 10), .init("b", 5), .init("c", 0)], total: 20, title: "t")
        #expect(svg.contains("width=\"420\" height=\"18\" fill=\"#37474f\""))
        #expect(svg.contains("width=\"210\" height=\"18\" fill=\"#37474f\""))
        #expect(svg.contains("width=\"0\" height=\"18\" fill=\"#37474f\""))
        #expect(svg.contains(">10 (50.0%)</text>"))
    }

    @Test func lineChartPlotsEveryPoint() {
        let points: [SVGChart.Point] = [.init("2026-01", 0), .init("2026-02", 50), .init("2026-03", 25)]
        let svg = SVGChart.line(points, title: "share", unit: "%")
        #expect(svg.split(separator: "<circle", omittingEmptySubsequences: false).count == 4)
        #expect(svg.contains("<polyline points=\"56,200 396,16 736,108\""))
        #expect(svg.contains("2026-02: 50%"))
        #expect(SVGChart.line([], title: "t").contains("no data"))
    }
}
