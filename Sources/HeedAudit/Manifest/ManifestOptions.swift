// SPDX-License-Identifier: Apache-2.0
// HeedAudit: how to read a manifest (format, URL column or field, capture-date column or field).

/// How to read a training manifest; the defaults read any format by auto-detection.
public struct ManifestOptions: Sendable {
    /// The format; `.auto` detects it from the first bytes (see ``ManifestFormat/auto``).
    public var format: ManifestFormat = .auto
    /// CSV/TSV: the URL column, by header name (exact, else ASCII case-insensitive) or 1-based index.
    /// When nil, the column named `url` (case-insensitive) is used.
    public var urlColumn: String?
    /// JSONL: the URL field, a dotted path through nested objects (`metadata.url`). Default `url`.
    public var urlField: String = "url"
    /// CSV/TSV: the capture-date column (name or 1-based index), if any.
    public var dateColumn: String?
    /// JSONL: the capture-date field (dotted path), if any.
    public var dateField: String?

    /// Default options: auto-detected format, URL in `url`, no date column.
    public init() {}
}
