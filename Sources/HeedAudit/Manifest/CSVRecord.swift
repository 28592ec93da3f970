// SPDX-License-Identifier: Apache-2.0
// HeedAudit: CSV and TSV records on bytes: RFC 4180 §2 quoting (quoted fields may hold delimiters, `""`
// and line breaks), used for both the comma and the tab delimiter.

/// Byte-level helpers for one CSV/TSV record (a header row or a data row).
///
/// Leniencies (RFC 4180 is strict, real files are not): a quote inside an unquoted field is a plain byte;
/// bytes after a closing quote and before the next delimiter are ignored; a line break may be LF or CRLF.
enum CSVRecord {
    /// The length of the record at the start of `bytes`, including its line break, or nil when the record
    /// is not complete yet. At the end of the input (`atEOF`) nil means "the rest is one record".
    @inline(__always)
    static func length(_ bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8, atEOF: Bool) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        guard let nl = ByteSearch.index(of: 0x0A, in: base, count: bytes.count) else { return nil }
        if ByteSearch.index(of: UInt8(ascii: "\""), in: base, count: nl) == nil { return nl + 1 }
        // Quotes in the first line: walk the quoting state until a line break outside quotes.
        var i = 0
        var atFieldStart = true
        var inQuotes = false
        while i < bytes.count {
            let b = bytes[i]
            if inQuotes {
                if b == UInt8(ascii: "\"") {
                    if i + 1 < bytes.count {
                        if bytes[i + 1] == UInt8(ascii: "\"") {
                            i += 2
                            continue
                        }
                    } else if !atEOF {
                        return nil
                    }
                    inQuotes = false
                }
                i += 1
                continue
            }
            if b == 0x0A { return i + 1 }
            if b == delimiter {
                atFieldStart = true
            } else if b == UInt8(ascii: "\"") && atFieldStart {
                inQuotes = true
                atFieldStart = false
            } else {
                atFieldStart = false
            }
            i += 1
        }
        return nil
    }

    /// One field: its bytes (inside the quotes when quoted), and whether `""` escapes must be undone.
    struct Field {
        var bytes: UnsafeBufferPointer<UInt8>
        var hasEscapes: Bool
    }

    /// What ``fields(_:delimiter:_:)`` met.
    enum Walk {
        case complete
        /// A quoted field runs to the end of the record (no closing quote).
        case unterminatedQuote
    }

    /// Calls `visit` with each field (0-based index) of `record` (line break removed) until it returns false.
    static func fields(
        _ record: UnsafeBufferPointer<UInt8>,
        delimiter: UInt8,
        _ visit: (Int, Field) -> Bool
    ) -> Walk {
        var n = record.count
        if n > 0 && record[n - 1] == 0x0A { n -= 1 }
        if n > 0 && record[n - 1] == 0x0D { n -= 1 }
        var i = 0
        var index = 0
        while true {
            if i < n && record[i] == UInt8(ascii: "\"") {
                let contentStart = i + 1
                var j = contentStart
                var escapes = false
                var closed = false
                while j < n {
                    if record[j] == UInt8(ascii: "\"") {
                        if j + 1 < n && record[j + 1] == UInt8(ascii: "\"") {
                            escapes = true
                            j += 2
                            continue
                        }
                        closed = true
                        break
                    }
                    j += 1
                }
                if !closed { return .unterminatedQuote }
                let field = Field(bytes: UnsafeBufferPointer(rebasing: record[contentStart..<j]), hasEscapes: escapes)
                if !visit(index, field) { return .complete }
                i = j + 1
                while i < n && record[i] != delimiter { i += 1 }
            } else {
                let fieldStart = i
                while i < n && record[i] != delimiter { i += 1 }
                let field = Field(bytes: UnsafeBufferPointer(rebasing: record[fieldStart..<i]), hasEscapes: false)
                if !visit(index, field) { return .complete }
            }
            if i >= n { return .complete }
            i += 1  // the delimiter
            index += 1
        }
    }

    /// Writes a quoted field's contents with `""` turned into `"`.
    static func unescape(_ bytes: UnsafeBufferPointer<UInt8>, into scratch: ScratchBuffer) {
        scratch.reset(minimumCapacity: bytes.count)
        var i = 0
        while i < bytes.count {
            scratch.append(bytes[i])
            i += bytes[i] == UInt8(ascii: "\"") && i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\"") ? 2 : 1
        }
    }
}
