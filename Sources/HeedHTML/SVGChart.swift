// SPDX-License-Identifier: Apache-2.0
// HeedHTML: inline SVG charts (SVG 1.1 §9 basic shapes, §10 text; HTML §4.8.16 inline SVG).

/// Charts drawn as inline SVG markup: no script, no font or image fetched, readable offline and
/// with an accessible `<title>`. Every label is escaped.
public enum SVGChart {
    /// One bar of a bar chart.
    public struct Bar: Sendable {
        /// The label left of the bar.
        public var label: String
        /// The value the bar's length shows.
        public var value: Int
        /// A CSS colour (`#2e7d32`).
        public var colour: String
        /// A bar.
        public init(_ label: String, _ value: Int, colour: String = "#37474f") {
            self.label = label
            self.value = value
            self.colour = colour
        }
    }

    /// A horizontal bar chart: one row per bar with its label, a bar scaled to the largest value,
    /// and `value (percent of total)` after it (or the value alone when `total` is nil).
    public static func bars(_ bars: [Bar], total: Int?, title: String) -> String {
        let rowHeight = 28
        let labelWidth = 190
        let barWidth = 420
        let width = labelWidth + barWidth + 150
        let height = bars.count * rowHeight + 8
        let maxValue = max(1, bars.map(\.value).max() ?? 1)
        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" "
        svg += "role=\"img\" aria-label=\"\(HTML.escape(title))\">\n<title>\(HTML.escape(title))</title>\n"
        for (i, bar) in bars.enumerated() {
            let y = 4 + i * rowHeight
            let w = bar.value <= 0 ? 0 : max(2, Int(Double(bar.value) * Double(barWidth) / Double(maxValue)))
            let text = total.map { "\(bar.value) (\(HTML.percent(bar.value, of: $0)))" } ?? "\(bar.value)"
            svg += "<text x=\"\(labelWidth - 8)\" y=\"\(y + 18)\" text-anchor=\"end\">\(HTML.escape(bar.label))</text>"
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 4)\" width=\"\(barWidth)\" height=\"18\" fill=\"#eceff1\"/>"
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 4)\" width=\"\(w)\" height=\"18\" "
            svg += "fill=\"\(HTML.escape(bar.colour))\"/>"
            svg += "<text x=\"\(labelWidth + barWidth + 8)\" y=\"\(y + 18)\">\(HTML.escape(text))</text>\n"
        }
        svg += "</svg>\n"
        return svg
    }

    /// One point of a line chart: a label on the x axis (a date) and a value.
    public struct Point: Sendable {
        /// The x-axis label ("2026-03-01").
        public var label: String
        /// The value.
        public var value: Double
        /// A point.
        public init(_ label: String, _ value: Double) {
            self.label = label
            self.value = value
        }
    }

    /// A line chart of values over time (points in order, evenly spaced), with the first, last
    /// and largest values labelled; `unit` follows each value label ("%", " URLs").
    public static func line(_ points: [Point], title: String, unit: String = "", maxValue: Double? = nil) -> String {
        let width = 760
        let height = 240
        let left = 56
        let right = 24
        let top = 16
        let bottom = 40
        let plotW = width - left - right
        let plotH = height - top - bottom
        let top0 = max(maxValue ?? 0, points.map(\.value).max() ?? 0, 1e-9)
        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" "
        svg += "role=\"img\" aria-label=\"\(HTML.escape(title))\">\n<title>\(HTML.escape(title))</title>\n"
        // Axes and the top gridline.
        let baseline = top + plotH
        svg += "<line x1=\"\(left)\" y1=\"\(baseline)\" x2=\"\(left + plotW)\" y2=\"\(baseline)\" stroke=\"#90a4ae\"/>"
        svg += "<line x1=\"\(left)\" y1=\"\(top)\" x2=\"\(left)\" y2=\"\(top + plotH)\" stroke=\"#90a4ae\"/>"
        svg += "<line x1=\"\(left)\" y1=\"\(top)\" x2=\"\(left + plotW)\" y2=\"\(top)\" stroke=\"#eceff1\"/>\n"
        svg += "<text x=\"\(left - 6)\" y=\"\(top + 4)\" text-anchor=\"end\">\(HTML.escape(format(top0) + unit))</text>"
        svg += "<text x=\"\(left - 6)\" y=\"\(top + plotH + 4)\" text-anchor=\"end\">0</text>\n"
        guard !points.isEmpty else {
            svg += "<text x=\"\(left + 12)\" y=\"\(top + plotH / 2)\">no data</text>\n</svg>\n"
            return svg
        }
        func x(_ i: Int) -> Int { points.count == 1 ? left + plotW / 2 : left + i * plotW / (points.count - 1) }
        func y(_ v: Double) -> Int { top + plotH - Int((v / top0 * Double(plotH)).rounded()) }
        let path = points.enumerated().map { "\(x($0.offset)),\(y($0.element.value))" }.joined(separator: " ")
        svg += "<polyline points=\"\(path)\" fill=\"none\" stroke=\"#1565c0\" stroke-width=\"2\"/>\n"
        // At most about 7 axis labels (a 10-character date needs ~90 of the 680 units), the first
        // anchored at its start and the last at its end so neither is cut off at the edges.
        let step = max(1, (points.count + 6) / 7)
        for (i, p) in points.enumerated() {
            svg += "<circle cx=\"\(x(i))\" cy=\"\(y(p.value))\" r=\"3\" fill=\"#1565c0\"><title>"
            svg += "\(HTML.escape(p.label)): \(HTML.escape(format(p.value) + unit))</title></circle>"
            let last = i == points.count - 1
            if (i % step == 0 && (last || points.count - 1 - i >= step / 2 + 1 || step == 1)) || last {
                let anchor = points.count == 1 ? "middle" : i == 0 ? "start" : last ? "end" : "middle"
                svg += "<text x=\"\(x(i))\" y=\"\(top + plotH + 18)\" text-anchor=\"\(anchor)\">"
                svg += "\(HTML.escape(p.label))</text>"
            }
            svg += "\n"
        }
        if let last = points.last {
            svg += "<text x=\"\(x(points.count - 1))\" y=\"\(max(top + 10, y(last.value) - 8))\" text-anchor=\"end\">"
            svg += "\(HTML.escape(format(last.value) + unit))</text>\n"
        }
        svg += "</svg>\n"
        return svg
    }

    /// A value with at most one decimal, without a trailing ".0".
    static func format(_ v: Double) -> String {
        let tenths = Int((v * 10).rounded())
        return tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(abs(tenths % 10))"
    }
}
