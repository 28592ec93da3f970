// SPDX-License-Identifier: Apache-2.0
// HeedAudit: CDX index lines: CDXJ (`SURT TIMESTAMP {json}`, pywb/OutbackCDX, Common Crawl's index) and the
// classic space-separated CDX with a ` CDX ` legend line (Internet Archive CDX file format: field letters).

/// Byte-level helpers for CDXJ and classic CDX lines.
enum CDXLine {
    /// The parts of a CDXJ line: the timestamp and the JSON block (the SURT key is not needed).
    struct CDXJParts {
        var timestamp: UnsafeBufferPointer<UInt8>
        var json: UnsafeBufferPointer<UInt8>
    }

    /// Splits `SURT SP TIMESTAMP SP {json}`; nil when the line does not have that shape
    /// (the timestamp must be 4 to 17 digits, the block must start with `{`).
    static func cdxjParts(_ line: UnsafeBufferPointer<UInt8>) -> CDXJParts? {
        guard let base = line.baseAddress, let firstSpace = ByteSearch.index(of: 0x20, in: base, count: line.count),
            firstSpace > 0
        else { return nil }
        var i = firstSpace + 1
        let timestampStart = i
        while i < line.count && line[i] &- 0x30 < 10 { i += 1 }
        let digits = i - timestampStart
        guard (4...17).contains(digits), i + 1 < line.count, line[i] == 0x20, line[i + 1] == UInt8(ascii: "{")
        else { return nil }
        return CDXJParts(
            timestamp: UnsafeBufferPointer(rebasing: line[timestampStart..<i]),
            json: UnsafeBufferPointer(rebasing: line[(i + 1)...])
        )
    }

    /// True when `line` looks like a CDXJ line (used by format detection).
    static func isCDXJ(_ line: UnsafeBufferPointer<UInt8>) -> Bool { cdxjParts(line) != nil }

    /// The legend of a classic CDX file: which 0-based token holds the original URL and the date.
    struct Legend: Equatable {
        var urlIndex: Int
        var dateIndex: Int?

        /// The CDX 11 legend `N b a m s k r M S V g` assumed when a file has no legend line.
        static let cdx11 = Legend(urlIndex: 2, dateIndex: 1)
    }

    /// Parses ` CDX N b a m s ...`: the URL is the `a` (original URL) or `url` field, the date `b` or
    /// `timestamp`. Nil when the legend names no URL field.
    static func legend(_ line: UnsafeBufferPointer<UInt8>) -> Legend? {
        let names = String(decoding: line, as: UTF8.self).split(separator: " ").map(String.init)
        guard names.first == "CDX" else { return nil }
        let fields = Array(names.dropFirst())
        guard let url = fields.firstIndex(where: { $0 == "a" || $0 == "url" }) else { return nil }
        let date = fields.firstIndex(where: { $0 == "b" || $0 == "timestamp" })
        return Legend(urlIndex: url, dateIndex: date)
    }

    /// The space-separated token at `index` (runs of spaces count as one separator), or nil.
    static func token(_ line: UnsafeBufferPointer<UInt8>, at index: Int) -> UnsafeBufferPointer<UInt8>? {
        var i = 0
        var k = 0
        let n = line.count
        while i < n {
            while i < n && line[i] == 0x20 { i += 1 }
            if i >= n { return nil }
            let start = i
            while i < n && line[i] != 0x20 { i += 1 }
            if k == index { return UnsafeBufferPointer(rebasing: line[start..<i]) }
            k += 1
        }
        return nil
    }
}
