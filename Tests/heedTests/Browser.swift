// SPDX-License-Identifier: Apache-2.0
// heed tests: rendering Heed's HTML reports in a real browser (headless Chromium from Debian).

import Foundation
import Testing

/// Renders an HTML file in headless Chromium and returns what a reader would see.
///
/// Why a real browser: a report is "done" when it looks right where stewards open it, and string
/// checks on the markup cannot see a chart that draws nothing or a table pushed off the page.
/// Chromium renders the file twice, with no network (the reports fetch nothing; a fetch would
/// fail): to a PNG screenshot (non-empty, not one flat colour) and to a PDF whose text, extracted
/// by `pdftotext` (poppler), is the text as laid out on the printed page, so the assertions are
/// on what is shown, not on what the markup contains.
///
/// The programs come from Debian's `chromium-headless-shell` (Google Chrome's .deb on Ubuntu, whose
/// Chromium is a snap) and `poppler-utils`, which `scripts/test` installs when run as root. Without them the check fails with the command to run:
/// a report test that silently skipped could never fail.
enum Browser {
    /// `HEED_BROWSER` when set, else the first headless Chromium found in the usual places
    /// (Debian's packages, then Google Chrome's .deb, which `scripts/test` installs on Ubuntu).
    static let chromium: String? = {
        if let chosen = ProcessInfo.processInfo.environment["HEED_BROWSER"], !chosen.isEmpty { return chosen }
        return [
            "/usr/bin/chromium-headless-shell", "/usr/bin/chromium", "/usr/lib/chromium/headless_shell",
            "/usr/bin/google-chrome-stable", "/usr/bin/google-chrome",
        ].first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// `pdftotext`, when installed.
    static let pdftotext: String? = ["/usr/bin/pdftotext", "/usr/local/bin/pdftotext"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// What a rendering produced.
    struct Rendering {
        /// The screenshot (PNG bytes).
        var png: [UInt8]
        /// The visible text of the printed page, whitespace collapsed to single spaces.
        var text: String

        /// The screenshot's width and height from its IHDR chunk (PNG §11.2.2).
        var size: (width: Int, height: Int)? {
            guard png.count > 24, png[0] == 0x89, png[1] == 0x50 else { return nil }
            func be32(_ at: Int) -> Int { png[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
            return (be32(16), be32(20))
        }
    }

    /// Renders `html` (a file path); records an issue and returns nil when the browser or
    /// poppler is missing or fails.
    static func render(_ html: String, sourceLocation: SourceLocation = #_sourceLocation) -> Rendering? {
        guard let chromium, let pdftotext else {
            Issue.record(
                """
                the report checks need a headless Chromium and pdftotext: \
                apt-get install -y chromium-headless-shell poppler-utils \
                (Ubuntu: Google Chrome's .deb, or HEED_BROWSER=/path/to/chrome)
                """,
                sourceLocation: sourceLocation
            )
            return nil
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("heed-browser-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let png = dir.appendingPathComponent("page.png").path
        let pdf = dir.appendingPathComponent("page.pdf").path
        let common = [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
            "--user-data-dir=\(dir.appendingPathComponent("profile").path)",
            // No network at all: a report that tried to fetch something would show it missing.
            "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
        ]
        let url = URL(fileURLWithPath: html).absoluteString
        let shot = HeedProcess.run(
            common + ["--window-size=1280,2000", "--screenshot=\(png)", url],
            executable: chromium
        )
        let print = HeedProcess.run(
            common + ["--no-pdf-header-footer", "--print-to-pdf=\(pdf)", url],
            executable: chromium
        )
        let text = HeedProcess.run(["-layout", pdf, "-"], executable: pdftotext)
        guard shot.status == 0, print.status == 0, text.status == 0,
            let bytes = FileManager.default.contents(atPath: png)
        else {
            Issue.record(
                "rendering \(html) failed: \(shot.stderr.suffix(400)) \(print.stderr.suffix(400)) \(text.stderr)",
                sourceLocation: sourceLocation
            )
            return nil
        }
        let visible = text.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return Rendering(png: Array(bytes), text: visible)
    }

    /// Checks the usual promises of a report: it renders at full width with real content (a PNG of a
    /// blank page compresses to a few KiB), and every expected text is visible.
    static func expectShows(
        _ html: String,
        _ expected: [String],
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        guard let r = render(html, sourceLocation: sourceLocation) else { return }
        #expect(r.size?.width == 1280, sourceLocation: sourceLocation)
        #expect(r.png.count > 20_000, "the screenshot looks blank", sourceLocation: sourceLocation)
        for text in expected {
            #expect(
                r.text.contains(text),
                "not shown: \(text)\nshown: \(r.text.prefix(3000))",
                sourceLocation: sourceLocation
            )
        }
    }
}
