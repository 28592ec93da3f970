// SPDX-License-Identifier: Apache-2.0
// HeedAudit: capture dates as instants (Unix seconds, UTC) and back to ISO 8601 text.
// Spec: ISO 8601-1:2019 / RFC 3339 §5.6 date-time (the forms `CaptureDate` writes, WARC-Date of
// ISO 28500 §5.4, CSV and JSON date columns), CDX 14-digit timestamps, Unix epoch seconds.

/// Reads capture dates into Unix seconds (UTC) and writes instants as ISO 8601 text, on bytes.
///
/// Accepted forms (after `CaptureDate.normalize`, which turns CDX timestamps and epochs into ISO
/// text): `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, then optionally `T` (or `t`, or one blank) `hh:mm`,
/// `:ss`, a `.fraction` (dropped), and a zone `Z`, `±hh`, `±hhmm` or `±hh:mm`.
///
/// Decisions:
/// - A date without a time of day is read as its **first instant** (`2023-08-31` is
///   2023-08-31T00:00:00Z; `2023-08` is 2023-08-01T00:00:00Z). For "was the opt-out already in
///   force when this URL was collected" that is the earliest moment the date can mean, so an
///   opt-out that Heed first saw later the same day is not claimed against it.
/// - A date-time without a zone is UTC (CDX timestamps and WARC-Date are UTC by definition;
///   a CSV column without a zone gives no better guess).
/// - Leap seconds (`:60`) are read as the next second; `24:00:00` as the next day's midnight.
package enum CaptureTime {
    /// The instant `text` names, in Unix seconds, or `nil` when it is not one of the forms above
    /// (or names an impossible date such as February 30).
    package static func seconds(_ text: UnsafeBufferPointer<UInt8>) -> Int64? {
        var p = Parser(bytes: text)
        return p.parse()
    }

    /// `seconds(_:)` of a `String`, also accepting the raw forms `CaptureDate` normalizes
    /// (all digits: a 14-digit CDX timestamp, `YYYYMMDD`, or 9-10 digit epoch seconds), for
    /// dates given on the command line (`--collected`, `--snapshot-date`).
    package static func seconds(_ text: String) -> Int64? {
        let trimmed = Array(text.utf8.drop { $0 == 0x20 }.reversed().drop { $0 == 0x20 }.reversed())
        if !trimmed.isEmpty && trimmed.allSatisfy({ $0 &- 0x30 < 10 }) {
            let scratch = ScratchBuffer(capacity: 32)
            return trimmed.withUnsafeBufferPointer { raw in
                guard let iso = CaptureDate.normalize(raw, scratch: scratch), iso.baseAddress != raw.baseAddress
                else { return nil }
                return seconds(iso)
            }
        }
        return trimmed.withUnsafeBufferPointer { seconds($0) }
    }

    /// `seconds` as `YYYY-MM-DDThh:mm:ssZ`.
    package static func iso(_ seconds: Int64) -> String {
        let (year, month, day, rest) = civil(seconds)
        guard (0...9999).contains(year) else {
            return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T" + pad(rest / 3600, 2) + ":"
                + pad(rest / 60 % 60, 2) + ":" + pad(rest % 60, 2) + "Z"
        }
        // Twenty ASCII bytes, written in place (this runs for every URL of JSON output).
        return String(unsafeUninitializedCapacity: 20) { out in
            func put(_ value: Int, _ width: Int, at offset: Int) {
                var v = value
                for k in stride(from: offset + width - 1, through: offset, by: -1) {
                    out[k] = UInt8(truncatingIfNeeded: 0x30 + v % 10)
                    v /= 10
                }
            }
            put(year, 4, at: 0)
            put(month, 2, at: 5)
            put(day, 2, at: 8)
            put(rest / 3600, 2, at: 11)
            put(rest / 60 % 60, 2, at: 14)
            put(rest % 60, 2, at: 17)
            out[4] = UInt8(ascii: "-")
            out[7] = UInt8(ascii: "-")
            out[10] = UInt8(ascii: "T")
            out[13] = UInt8(ascii: ":")
            out[16] = UInt8(ascii: ":")
            out[19] = UInt8(ascii: "Z")
            return 20
        }
    }

    /// The day of `seconds` as `YYYY-MM-DD` (UTC).
    package static func day(_ seconds: Int64) -> String {
        let (year, month, day, _) = civil(seconds)
        return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
    }

    /// The month of `seconds` as `YYYY-MM` (UTC), the key of the report's monthly chart.
    package static func month(_ seconds: Int64) -> String {
        let (year, month, _, _) = civil(seconds)
        return pad(year, 4) + "-" + pad(month, 2)
    }

    /// Year, month, day and second of the day of `seconds` (UTC; floor division, so instants
    /// before 1970 work too).
    static func civil(_ seconds: Int64) -> (Int, Int, Int, Int) {
        let s = Int(seconds)
        let days = s >= 0 ? s / 86_400 : -((-s + 86_399) / 86_400)
        let rest = s - days * 86_400
        // CaptureDate.civilDate takes non-negative day counts; shift by whole 400-year eras.
        let eras = days < 0 ? (-days + 146_096) / 146_097 : 0
        let (y, m, d) = CaptureDate.civilDate(daysSinceEpoch: days + eras * 146_097)
        return (y - eras * 400, m, d, rest)
    }

    /// Days from 1970-01-01 to `year-month-day` (proleptic Gregorian; the inverse of
    /// `CaptureDate.civilDate`).
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let monthIndex = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    /// A cursor over the date text.
    private struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        var i = 0

        /// `count` digits as a number, or `nil`.
        mutating func digits(_ count: Int) -> Int? {
            guard i + count <= bytes.count else { return nil }
            var v = 0
            for k in i..<(i + count) {
                let d = bytes[k] &- 0x30
                guard d < 10 else { return nil }
                v = v * 10 + Int(d)
            }
            i += count
            return v
        }

        mutating func take(_ byte: UInt8) -> Bool {
            guard i < bytes.count, bytes[i] == byte else { return false }
            i += 1
            return true
        }

        var atEnd: Bool { i == bytes.count }

        mutating func parse() -> Int64? {
            guard let year = digits(4) else { return nil }
            var month = 1
            var day = 1
            var seconds = 0
            if take(UInt8(ascii: "-")) {
                guard let m = digits(2), (1...12).contains(m) else { return nil }
                month = m
                if take(UInt8(ascii: "-")) {
                    guard let d = digits(2), (1...CaptureTime.daysInMonth(year: year, month: m)).contains(d) else {
                        return nil
                    }
                    day = d
                    if !atEnd {
                        guard take(UInt8(ascii: "T")) || take(UInt8(ascii: "t")) || take(0x20) else { return nil }
                        guard let t = time() else { return nil }
                        seconds = t
                    }
                }
            }
            guard atEnd else { return nil }
            let days = CaptureTime.daysSinceEpoch(year: year, month: month, day: day)
            return Int64(days) * 86_400 + Int64(seconds)
        }

        /// `hh:mm[:ss[.fraction]][zone]` as seconds from the day's midnight UTC (may be negative
        /// or past a day after the zone offset).
        mutating func time() -> Int? {
            guard let hour = digits(2), take(UInt8(ascii: ":")), let minute = digits(2), minute < 60 else {
                return nil
            }
            var second = 0
            if take(UInt8(ascii: ":")) {
                guard let s = digits(2), s <= 60 else { return nil }
                second = s
                if take(UInt8(ascii: ".")) || take(UInt8(ascii: ",")) {
                    let start = i
                    while i < bytes.count, bytes[i] &- 0x30 < 10 { i += 1 }
                    guard i > start else { return nil }
                }
            }
            guard hour < 24 || (hour == 24 && minute == 0 && second == 0) else { return nil }
            var value = hour * 3600 + minute * 60 + second
            if take(UInt8(ascii: "Z")) || take(UInt8(ascii: "z")) || atEnd { return atEnd ? value : nil }
            let sign: Int
            if take(UInt8(ascii: "+")) {
                sign = 1
            } else if take(UInt8(ascii: "-")) {
                sign = -1
            } else {
                return nil
            }
            guard let offsetHours = digits(2), offsetHours < 24 else { return nil }
            var offsetMinutes = 0
            if !atEnd {
                _ = take(UInt8(ascii: ":"))
                guard let m = digits(2), m < 60 else { return nil }
                offsetMinutes = m
            }
            // Local time minus the offset is UTC.
            value -= sign * (offsetHours * 3600 + offsetMinutes * 60)
            return atEnd ? value : nil
        }
    }
}
