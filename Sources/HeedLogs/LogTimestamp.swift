// SPDX-License-Identifier: Apache-2.0
// HeedLogs: request times in access logs, parsed by hand to Unix seconds (UTC).
// Spec: Apache httpd mod_log_config `%t` ("[10/Oct/2000:13:55:36 -0700]", strftime `%d/%b/%Y:%H:%M:%S %z`,
// also nginx `$time_local`); ISO 8601 / RFC 3339 §5.6 date-times (nginx `$time_iso8601`, Caddy, Traefik);
// Unix epoch seconds or milliseconds (nginx `$msec`, Caddy `ts`). Civil-date arithmetic in the proleptic
// Gregorian calendar (ISO 8601 §4.3.2).

/// Parses and formats log timestamps without Foundation (one call per log line).
///
/// Decisions: a time without a zone is read as UTC (ISO 8601 leaves it "local", which a log reader
/// cannot know); fractions of a second are dropped (rates are per minute, order comes from line
/// order); a leap second `:60` is accepted and counts as the next second's start.
package enum LogTimestamp {
    /// Days from 1970-01-01 to `year-month-day` (proleptic Gregorian; negative before 1970).
    @inline(__always)
    package static func days(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The civil date of a day number (inverse of ``days(year:month:day:)``).
    package static func civil(days: Int64) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * mp + 2) / 5 + 1)
        let month = Int(mp < 10 ? mp + 3 : mp - 9)
        return (Int(yearOfEra + era * 400) + (month <= 2 ? 1 : 0), month, day)
    }

    /// `seconds` as `YYYY-MM-DDThh:mm:ssZ`.
    package static func iso(_ seconds: Int64) -> String {
        let day = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let rest = Int(seconds - day * 86_400)
        let (y, m, d) = civil(days: day)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let year = y < 1000 ? String(repeating: "0", count: 4 - String(y).count) + String(y) : String(y)
        return "\(year)-\(two(m))-\(two(d))T\(two(rest / 3600)):\(two(rest / 60 % 60)):\(two(rest % 60))Z"
    }

    /// True for a valid day of `month` in `year`.
    @inline(__always)
    static func validDay(_ day: Int, month: Int, year: Int) -> Bool {
        guard month >= 1 && month <= 12 && day >= 1 else { return false }
        switch month {
        case 2:
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return day <= (leap ? 29 : 28)
        case 4, 6, 9, 11: return day <= 30
        default: return day <= 31
        }
    }

    /// The value of `count` ASCII digits at `p`, or -1 when one is not a digit.
    @inline(__always)
    static func digits(_ p: UnsafePointer<UInt8>, _ count: Int) -> Int {
        var v = 0
        for i in 0..<count {
            let d = p[i] &- 0x30
            if d > 9 { return -1 }
            v = v * 10 + Int(d)
        }
        return v
    }

    /// The month number (1–12) of a three-letter English abbreviation (any case), or 0.
    @inline(__always)
    static func month(_ p: UnsafePointer<UInt8>) -> Int {
        let key = UInt32(p[0] | 0x20) << 16 | UInt32(p[1] | 0x20) << 8 | UInt32(p[2] | 0x20)
        switch key {
        case 0x6A_616E: return 1  // jan
        case 0x66_6562: return 2  // feb
        case 0x6D_6172: return 3  // mar
        case 0x61_7072: return 4  // apr
        case 0x6D_6179: return 5  // may
        case 0x6A_756E: return 6  // jun
        case 0x6A_756C: return 7  // jul
        case 0x61_7567: return 8  // aug
        case 0x73_6570: return 9  // sep
        case 0x6F_6374: return 10  // oct
        case 0x6E_6F76: return 11  // nov
        case 0x64_6563: return 12  // dec
        default: return 0
        }
    }

    /// A zone offset `+hhmm`, `-hh:mm`, `+hh` or `Z` filling exactly `b`, in seconds east of UTC; nil when
    /// malformed. An empty zone is UTC.
    static func zone(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard let p = b.baseAddress, !b.isEmpty else { return 0 }
        if b.count == 1 && (p[0] == UInt8(ascii: "Z") || p[0] == UInt8(ascii: "z")) { return 0 }
        guard p[0] == UInt8(ascii: "+") || p[0] == UInt8(ascii: "-") else { return nil }
        let hours: Int
        var minutes = 0
        switch b.count {
        case 3: hours = digits(p + 1, 2)
        case 5:
            hours = digits(p + 1, 2)
            minutes = digits(p + 3, 2)
        case 6:
            guard p[3] == UInt8(ascii: ":") else { return nil }
            hours = digits(p + 1, 2)
            minutes = digits(p + 4, 2)
        default: return nil
        }
        guard hours >= 0 && hours <= 23 && minutes >= 0 && minutes <= 59 else { return nil }
        let offset = Int64(hours * 3600 + minutes * 60)
        return p[0] == UInt8(ascii: "-") ? -offset : offset
    }

    /// A CLF time `10/Oct/2000:13:55:36 -0700` (optionally with `.fraction` after the seconds, or no zone
    /// for UTC) filling exactly `b`.
    static func clf(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard let p = b.baseAddress, b.count >= 20, p[2] == UInt8(ascii: "/"), p[6] == UInt8(ascii: "/"),
            p[11] == UInt8(ascii: ":"), p[14] == UInt8(ascii: ":"), p[17] == UInt8(ascii: ":")
        else { return nil }
        let day = digits(p, 2)
        let month = month(p + 3)
        let year = digits(p + 7, 4)
        guard year >= 0, validDay(day, month: month, year: year),
            let time = timeOfDay(p + 12, separated: true)
        else { return nil }
        var i = 20
        if i < b.count && p[i] == UInt8(ascii: ".") {
            i += 1
            while i < b.count && p[i] &- 0x30 < 10 { i += 1 }
        }
        var zoneStart = i
        if zoneStart < b.count {
            guard p[zoneStart] == UInt8(ascii: " ") else { return nil }
            zoneStart += 1
        }
        guard let offset = zone(UnsafeBufferPointer(rebasing: b[zoneStart...])) else { return nil }
        return days(year: year, month: month, day: day) * 86_400 + time - offset
    }

    /// `hh:mm:ss` (or `hhmmss` when not `separated`) at `p` as seconds of the day, or nil.
    @inline(__always)
    static func timeOfDay(_ p: UnsafePointer<UInt8>, separated: Bool) -> Int64? {
        let step = separated ? 3 : 2
        let h = digits(p, 2)
        let m = digits(p + step, 2)
        let s = digits(p + 2 * step, 2)
        if separated && (p[2] != UInt8(ascii: ":") || p[5] != UInt8(ascii: ":")) { return nil }
        guard h >= 0 && h <= 23 && m >= 0 && m <= 59 && s >= 0 && s <= 60 else { return nil }
        return Int64(h * 3600 + m * 60 + s)
    }

    /// An ISO 8601 / RFC 3339 date-time filling exactly `b`: `YYYY-MM-DD` then `T`, `t` or a space, then
    /// `hh:mm[:ss[.fraction]]`, then a zone (`Z`, `±hh:mm`, `±hhmm`, `±hh`; none means UTC).
    static func iso8601(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard let p = b.baseAddress, b.count >= 16, p[4] == UInt8(ascii: "-"), p[7] == UInt8(ascii: "-"),
            p[10] == UInt8(ascii: "T") || p[10] == UInt8(ascii: "t") || p[10] == UInt8(ascii: " "),
            p[13] == UInt8(ascii: ":")
        else { return nil }
        let year = digits(p, 4)
        let month = digits(p + 5, 2)
        let day = digits(p + 8, 2)
        guard year >= 0, validDay(day, month: month, year: year) else { return nil }
        let hour = digits(p + 11, 2)
        let minute = digits(p + 14, 2)
        guard hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 else { return nil }
        var second = 0
        var i = 16
        if i < b.count && p[i] == UInt8(ascii: ":") {
            guard i + 3 <= b.count else { return nil }
            second = digits(p + i + 1, 2)
            guard second >= 0 && second <= 60 else { return nil }
            i += 3
            if i < b.count && (p[i] == UInt8(ascii: ".") || p[i] == UInt8(ascii: ",")) {
                i += 1
                let start = i
                while i < b.count && p[i] &- 0x30 < 10 { i += 1 }
                if i == start { return nil }
            }
        }
        guard let offset = zone(UnsafeBufferPointer(rebasing: b[i...])) else { return nil }
        return days(year: year, month: month, day: day) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
            - offset
    }

    /// Unix epoch time filling exactly `b`: digits with an optional `.fraction`; 9–10 integer digits are
    /// seconds, 12–13 milliseconds, 15–16 microseconds, 18–19 nanoseconds (the units loggers write).
    static func epoch(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard let p = b.baseAddress, !b.isEmpty else { return nil }
        var i = 0
        var value: Int64 = 0
        while i < b.count && p[i] &- 0x30 < 10 && i < 19 {
            value = value * 10 + Int64(p[i] &- 0x30)
            i += 1
        }
        let integerDigits = i
        if i < b.count {
            guard p[i] == UInt8(ascii: ".") else { return nil }
            i += 1
            let start = i
            while i < b.count && p[i] &- 0x30 < 10 { i += 1 }
            guard i == b.count, i > start else { return nil }
        }
        switch integerDigits {
        case 9, 10: return value
        case 12, 13: return value / 1000
        case 15, 16: return value / 1_000_000
        case 18, 19: return value / 1_000_000_000
        default: return nil
        }
    }

    /// Any of the three forms (for JSON fields, whose form is not declared): CLF, ISO 8601, then epoch.
    package static func parse(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard let p = b.baseAddress, b.count >= 9 else { return nil }
        if b.count >= 20 && p[2] == UInt8(ascii: "/") { return clf(b) }
        if b.count >= 16 && p[4] == UInt8(ascii: "-") { return iso8601(b) }
        return epoch(b)
    }
}

/// A per-thread CLF time parser that remembers the last day and zone it saw: consecutive log lines
/// share them, so a line costs a 16-byte comparison and six digits.
struct CLFClock {
    private var dayKey: UInt64 = 0
    private var yearKey: UInt32 = 0
    private var zoneKey: UInt64 = ~0
    /// Seconds of the cached day's midnight in the cached zone, as UTC.
    private var dayBase: Int64 = 0

    /// The time of a bracketed CLF field's contents (`10/Oct/2000:13:55:36 -0700`), or nil when malformed.
    @inline(__always)
    mutating func parse(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard let p = b.baseAddress, b.count == 26, p[20] == UInt8(ascii: " ") else {
            return LogTimestamp.clf(b)
        }
        let raw = UnsafeRawPointer(p)
        let day = raw.loadUnaligned(as: UInt64.self)
        let year = raw.loadUnaligned(fromByteOffset: 7, as: UInt32.self)
        var zone: UInt64 = 0
        for i in 21..<26 { zone = zone << 8 | UInt64(p[i]) }
        guard let time = LogTimestamp.timeOfDay(p + 12, separated: true), p[11] == UInt8(ascii: ":") else {
            return nil
        }
        if day == dayKey && year == yearKey && zone == zoneKey { return dayBase + time }
        guard let full = LogTimestamp.clf(b) else { return nil }
        dayKey = day
        yearKey = year
        zoneKey = zone
        dayBase = full - time
        return full
    }
}
