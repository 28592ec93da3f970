// SPDX-License-Identifier: Apache-2.0
// HeedAudit: the named fields of a WARC record header that `heed audit` needs
// (ISO 28500 WARC/1.0 and WARC/1.1 §4–§5: WARC-Type, WARC-Target-URI, WARC-Date, Content-Length).

/// The header of one WARC record, as byte ranges into the reader's buffer.
struct WARCRecordHeader {
    /// `WARC-Type` (for example `response`).
    var type: UnsafeBufferPointer<UInt8>?
    /// `WARC-Target-URI`, without the `<` `>` that WARC/1.0 writers (wget) put around it.
    var targetURI: UnsafeBufferPointer<UInt8>?
    /// `WARC-Date` (ISO 8601 already).
    var date: UnsafeBufferPointer<UInt8>?
    /// `Content-Length`: the length of the record block; nil when missing or not a number.
    var contentLength: Int?

    /// The length of the header block at the start of `bytes` (through the empty line that ends it,
    /// CRLF CRLF or LF LF), or nil when not complete yet.
    static func blockLength(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        var offset = 0
        while let hit = ByteSearch.index(of: 0x0A, in: base + offset, count: bytes.count - offset) {
            let nl = offset + hit
            if nl + 1 < bytes.count && bytes[nl + 1] == 0x0A { return nl + 2 }
            if nl + 2 < bytes.count && bytes[nl + 1] == 0x0D && bytes[nl + 2] == 0x0A { return nl + 3 }
            offset = nl + 1
        }
        return nil
    }

    /// Parses the header block (the version line first, then `Name: value` lines; names are compared ASCII
    /// case-insensitively; continuation lines are ignored).
    init(block: UnsafeBufferPointer<UInt8>) {
        guard let base = block.baseAddress else { return }
        var offset = 0
        var first = true
        while offset < block.count {
            let lineEnd =
                ByteSearch.index(of: 0x0A, in: base + offset, count: block.count - offset)
                .map { offset + $0 } ?? block.count
            let line = UnsafeBufferPointer(rebasing: block[offset..<lineEnd])
            offset = lineEnd + 1
            if first {
                first = false
                continue
            }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > 0,
                line[0] != 0x20, line[0] != 0x09
            else { continue }
            let name = UnsafeBufferPointer(rebasing: line[0..<colon])
            let value = ByteSearch.trimmed(UnsafeBufferPointer(rebasing: line[(colon + 1)...]))
            if Self.equalsLowered(name, "warc-type") {
                type = value
            } else if Self.equalsLowered(name, "warc-target-uri") {
                var uri = value
                if uri.count >= 2 && uri[0] == UInt8(ascii: "<") && uri[uri.count - 1] == UInt8(ascii: ">") {
                    uri = UnsafeBufferPointer(rebasing: uri[1..<(uri.count - 1)])
                }
                targetURI = uri
            } else if Self.equalsLowered(name, "warc-date") {
                date = value
            } else if Self.equalsLowered(name, "content-length") {
                var n = 0
                var ok = !value.isEmpty && value.count <= 18
                for b in value where ok {
                    if b &- 0x30 < 10 { n = n * 10 + Int(b - 0x30) } else { ok = false }
                }
                contentLength = ok ? n : nil
            }
        }
    }

    /// True when `bytes`, ASCII-lower-cased, equal `lower`.
    static func equalsLowered(_ bytes: UnsafeBufferPointer<UInt8>, _ lower: StaticString) -> Bool {
        guard bytes.count == lower.utf8CodeUnitCount else { return false }
        let other = lower.utf8Start
        for i in 0..<bytes.count {
            var b = bytes[i]
            if b >= 0x41 && b <= 0x5A { b |= 0x20 }
            if b != other[i] { return false }
        }
        return true
    }
}
