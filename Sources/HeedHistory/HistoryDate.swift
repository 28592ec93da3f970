// SPDX-License-Identifier: Apache-2.0
// HeedHistory: ISO 8601 dates and times for `--since` and for output (UTC, whole seconds).
// Spec: ISO 8601-1:2019 §5.2.2 (calendar date), §5.3 (time of day, UTC designator, offset),
// as profiled by RFC 3339 §5.6; civil-day arithmetic after the proleptic Gregorian calendar.

public import Foundation

/// Reading and writing the dates of a history, without a `DateFormatter` (not `Sendable`).
public enum HistoryDate {
    /// `2024-06-30T00:00:00Z`: UTC, whole seconds (the store keeps whole seconds).
    public static func format(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : -((-seconds + 86_399) / 86_400)
        let rest = seconds - days * 86_400
        let (y, m, d) = civil(days)
        return
            "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(rest / 3600, 2)):\(pad(rest / 60 % 60, 2)):\(pad(rest % 60, 2))Z"
    }

    /// `2024-06-30`: the UTC calendar day.
    public static func day(_ date: Date) -> String { String(format(date).prefix(10)) }

    /// Parses an ISO 8601 date (`2024-06-30`, midnight UTC) or date-time
    /// (`2024-06-30T12:00`, `2024-06-30T12:00:00Z`, `2024-06-30T14:00:00+02:00`, fractions of a
    /// second allowed; `T` or a space between date and time). A date-time without `Z` or an
    /// offset is read as UTC, which is what every time Heed prints is in.
    ///
    /// - Throws: `HeedHistoryError` `.badDate` naming the text.
    public static func parse(_ text: String) throws(HeedHistoryError) -> Date {
        let bad = HeedHistoryError(
            .badDate,
            location: text,
            "expected an ISO 8601 date (2024-06-30) or date-time (2024-06-30T12:00:00Z)"
        )
        let c = Array(text.utf8)
        var i = 0
        func number(_ digits: Int) -> Int? {
            guard i + digits <= c.count else { return nil }
            var n = 0
            for k in i..<(i + digits) {
                guard c[k] >= 0x30, c[k] <= 0x39 else { return nil }
                n = n * 10 + Int(c[k] - 0x30)
            }
            i += digits
            return n
        }
        func expect(_ byte: UInt8) -> Bool {
            guard i < c.count, c[i] == byte else { return false }
            i += 1
            return true
        }
        guard let year = number(4), expect(0x2D), let month = number(2), expect(0x2D), let dayOfMonth = number(2),
            (1...12).contains(month), (1...daysIn(month, year)).contains(dayOfMonth)
        else { throw bad }
        var seconds = days(year, month, dayOfMonth) * 86_400
        if i == c.count { return Date(timeIntervalSince1970: TimeInterval(seconds)) }
        guard c[i] == 0x54 || c[i] == 0x74 || c[i] == 0x20 else { throw bad }
        i += 1
        guard let hour = number(2), hour < 24, expect(0x3A), let minute = number(2), minute < 60 else { throw bad }
        var second = 0
        if expect(0x3A) {
            guard let s = number(2), s < 61 else { throw bad }
            second = min(s, 59)
            if expect(0x2E) || expect(0x2C) {
                let start = i
                while i < c.count, c[i] >= 0x30, c[i] <= 0x39 { i += 1 }
                guard i > start else { throw bad }
            }
        }
        seconds += hour * 3600 + minute * 60 + second
        if i < c.count {
            if c[i] == 0x5A || c[i] == 0x7A {
                i += 1
            } else if c[i] == 0x2B || c[i] == 0x2D {
                let sign = c[i] == 0x2B ? 1 : -1
                i += 1
                guard let oh = number(2), oh < 24 else { throw bad }
                _ = expect(0x3A)
                guard let om = number(2), om < 60 else { throw bad }
                seconds -= sign * (oh * 3600 + om * 60)
            } else {
                throw bad
            }
        }
        guard i == c.count else { throw bad }
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date.
    static func days(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date of a day count since 1970-01-01 (the inverse of `days`).
    static func civil(_ z: Int) -> (Int, Int, Int) {
        let z = z + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    static func daysIn(_ month: Int, _ year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
