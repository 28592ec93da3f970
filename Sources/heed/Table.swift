// SPDX-License-Identifier: Apache-2.0
// heed: plain-text tables for the terminal.

/// Left-aligned columns separated by two spaces; long cells are cut with an ellipsis.
enum Table {
    static func print(_ header: [String], _ rows: [[String]], to console: Console, maxWidth: Int = 40) {
        let cut = rows.map { $0.map { $0.count > maxWidth ? String($0.prefix(maxWidth - 1)) + "…" : $0 } }
        var widths = header.map(\.count)
        for row in cut {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
        }
        func render(_ cells: [String]) -> String {
            var line = ""
            for (i, cell) in cells.enumerated() {
                line += cell
                if i < cells.count - 1 { line += String(repeating: " ", count: widths[i] - cell.count + 2) }
            }
            return line
        }
        console.line(render(header))
        for row in cut { console.line(render(row)) }
    }
}
