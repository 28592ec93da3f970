// SPDX-License-Identifier: Apache-2.0
// HeedAudit: the manifest formats `heed audit` reads (issue 5: plain, CSV/TSV, JSONL, CDXJ, CDX, WARC).

/// The layout of a training manifest.
///
/// Any of them may be gzip-compressed (detected by the magic bytes `1f 8b`, never by file name).
public enum ManifestFormat: String, Sendable, CaseIterable {
    /// Detect from the first bytes: `WARC/` → warc; `SURT TIMESTAMP {` → cdxj; ` CDX ` → cdx; `{` → jsonl;
    /// a `.csv`/`.tsv` name (after removing `.gz`) or a `--url-column` → csv/tsv; otherwise plain.
    case auto
    /// One URL per line. Blank lines and lines starting with `#` are skipped (not entries, not problems).
    case plain
    /// Comma-separated values with a header row, RFC 4180 quoting (quoted fields may hold newlines).
    case csv
    /// Tab-separated values with a header row; quoted fields are honoured as in CSV.
    case tsv
    /// JSON Lines: one JSON object per line; the URL is the string at `urlField` (a dotted path).
    case jsonl
    /// CDXJ index lines (`SURT TIMESTAMP {json}`, as in Common Crawl's index): the URL is the `url` key.
    case cdxj
    /// Classic space-separated CDX with a ` CDX ` header naming the fields (`a` or `url` = original URL,
    /// `b` = timestamp); without a header the CDX 11 order `N b a m s k r M S V g` is assumed.
    case cdx
    /// WARC/1.0 or 1.1 files: the `WARC-Target-URI` of each `response` and `resource` record.
    case warc
}
