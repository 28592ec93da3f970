// SPDX-License-Identifier: Apache-2.0
// HeedAudit: one URL read from a manifest, handed out as bytes inside a callback.

/// One manifest entry: a URL and where it came from.
///
/// The buffers point into the reader's reused buffers: they are valid **only inside the callback** that
/// received the entry. Copy what you keep (`String(decoding: entry.url, as: UTF8.self)`).
public struct ManifestEntry {
    /// The URL bytes, as written in the manifest (unescaped for JSON and quoted CSV; trimmed of blanks).
    public let url: UnsafeBufferPointer<UInt8>
    /// The 1-based line number where the entry starts; for WARC files, the 1-based record number.
    public let line: Int
    /// The capture date as ISO 8601 text, when the manifest has one: CDX/CDXJ timestamps
    /// (`20140126200624` → `2014-01-26T20:06:24Z`), `WARC-Date`, or the `dateColumn`/`dateField` value
    /// (14-digit timestamps and 9-10 digit Unix epoch seconds are converted; other text is passed as is).
    public let captureDate: UnsafeBufferPointer<UInt8>?

    /// Creates an entry (the reader does; tests may too).
    public init(url: UnsafeBufferPointer<UInt8>, line: Int, captureDate: UnsafeBufferPointer<UInt8>?) {
        self.url = url
        self.line = line
        self.captureDate = captureDate
    }
}
