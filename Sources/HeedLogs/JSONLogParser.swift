// SPDX-License-Identifier: Apache-2.0
// HeedLogs: JSON Lines access logs (one JSON object per request), with the fields JSONFieldMapping chose.
// Spec: RFC 8259 (JSON), JSON Lines (jsonlines.org: one UTF-8 JSON value per line); the field names are
// listed in JSONLogFields.swift.

internal import HeedAudit

/// Reads one JSON access-log line into a ``LogRecord``.
///
/// Decisions: the time is required (`no time field` otherwise), and so is a request target (a path
/// field or a request-line field); a time-of-day-only value (`21:02:31`, CloudFront) is joined with the
/// `date` field; a path field that holds a whole request line (`GET /a HTTP/1.1`) is split like one; a
/// path field without its query (`uri`, `cs-uri-stem`) is completed by the query field (`args`,
/// `cs-uri-query`; `-` means none). The status may be a number or a string of digits.
final class JSONLogParser {
    let mapping: JSONFieldMapping
    private var scanner: JSONLineScanner
    /// The scanner's path index of each role, or -1.
    private var slot: [Int]
    private let userAgentScratch = ScratchBuffer()
    private let percentScratch = ScratchBuffer()
    private let targetScratch = ScratchBuffer()
    private let queryScratch = ScratchBuffer()
    private let composeScratch = ScratchBuffer()
    private let timeScratch = ScratchBuffer(capacity: 64)
    private let dateScratch = ScratchBuffer(capacity: 64)
    private let dateTimeScratch = ScratchBuffer(capacity: 64)
    private let hostScratch = ScratchBuffer(capacity: 64)
    private let requestScratch = ScratchBuffer()

    init(mapping: JSONFieldMapping) {
        self.mapping = mapping
        let list = mapping.list
        scanner = JSONLineScanner(paths: list.map(\.path))
        slot = Array(repeating: -1, count: LogField.allCases.count)
        for (i, candidate) in list.enumerated() { slot[candidate.role.rawValue] = i }
    }

    /// The fields to read, chosen from the first lines of a file (see ``JSONFieldMapping``).
    static func detect(_ lines: [UnsafeBufferPointer<UInt8>], overrides: LogFieldNames) -> JSONFieldMapping {
        let candidates = JSONFieldMapping.candidates(overrides)
        var mapping = JSONFieldMapping()
        // At most 64 paths per scanner: scan in batches.
        var batches: [[JSONFieldCandidate]] = []
        var start = 0
        while start < candidates.count {
            batches.append(Array(candidates[start..<min(start + 64, candidates.count)]))
            start += 64
        }
        for batch in batches {
            var scanner = JSONLineScanner(paths: batch.map(\.path))
            for line in lines where scanner.scan(line) == nil {
                for (i, candidate) in batch.enumerated() where mapping[candidate.role] == nil {
                    guard scanner.found[i] != nil else { continue }
                    // Earlier candidates of the role in this line win (priority order).
                    mapping[candidate.role] = candidate
                }
            }
        }
        return mapping
    }

    /// Fills `record` from `line`; nil, or why the line is malformed.
    func parse(_ line: UnsafeBufferPointer<UInt8>, into record: inout LogRecord) -> StaticString? {
        if let error = scanner.scan(line) { return error }
        guard let timeValue = value(.time, timeScratch) else { return "no time field" }
        var timeBytes = timeValue
        if timeBytes.count == 8, timeBytes[2] == UInt8(ascii: ":"), timeBytes[5] == UInt8(ascii: ":"),
            let date = value(.date, dateScratch)
        {
            dateTimeScratch.reset()
            dateTimeScratch.append(date)
            dateTimeScratch.append(UInt8(ascii: "T"))
            dateTimeScratch.append(timeBytes)
            timeBytes = dateTimeScratch.bytes
        }
        guard let time = LogTimestamp.parse(timeBytes) else { return "unreadable time" }
        record.time = time
        if let target = value(.target, targetScratch) {
            if let p = target.baseAddress, !target.isEmpty, p[0] != UInt8(ascii: "/"), target.contains(0x20) {
                record.target = RequestLine.target(target)?.0
            } else if mapping[.target]?.takesQuery == true, let query = value(.query, queryScratch), !query.isEmpty,
                !(query.count == 1 && query[0] == UInt8(ascii: "-"))
            {
                composeScratch.reset()
                composeScratch.append(target)
                composeScratch.append(UInt8(ascii: "?"))
                composeScratch.append(query)
                record.target = composeScratch.bytes
            } else {
                record.target = target
            }
        } else if let request = value(.request, requestScratch) {
            record.target = RequestLine.target(request)?.0
        } else {
            return "no request path field"
        }
        if var agent = value(.userAgent, userAgentScratch) {
            if mapping[.userAgent]?.percentEncoded == true && agent.contains(UInt8(ascii: "%")) {
                Self.percentDecode(agent, into: percentScratch)
                agent = percentScratch.bytes
            }
            if !agent.isEmpty && !(agent.count == 1 && agent[0] == UInt8(ascii: "-")) { record.userAgent = agent }
        }
        if let host = value(.host, hostScratch), !host.isEmpty, !(host.count == 1 && host[0] == UInt8(ascii: "-")) {
            record.host = host
        }
        if let status = value(.status, nil), status.count == 3 {
            let code = status.baseAddress.map { LogTimestamp.digits($0, 3) } ?? -1
            record.status = max(0, code)
        }
        return nil
    }

    /// The value of `role` in the last scan, unescaped into `scratch` when it holds JSON escapes.
    @inline(__always)
    private func value(_ role: LogField, _ scratch: ScratchBuffer?) -> UnsafeBufferPointer<UInt8>? {
        let i = slot[role.rawValue]
        guard i >= 0, let v = scanner.found[i] else { return nil }
        guard v.hasEscapes, let scratch else { return v.bytes }
        JSONFieldScanner.unescape(v.bytes, into: scratch)
        return scratch.bytes
    }

    /// `%XX` decoded (other bytes kept).
    static func percentDecode(_ b: UnsafeBufferPointer<UInt8>, into out: ScratchBuffer) {
        out.reset(minimumCapacity: b.count)
        var i = 0
        while i < b.count {
            if b[i] == UInt8(ascii: "%"), i + 2 < b.count, let hi = ByteScan.hex(b[i + 1]),
                let lo = ByteScan.hex(b[i + 2])
            {
                out.append(hi << 4 | lo)
                i += 3
            } else {
                out.append(b[i])
                i += 1
            }
        }
    }
}
