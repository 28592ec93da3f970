// SPDX-License-Identifier: Apache-2.0
// HeedAudit: capture dates of manifest entries as ISO 8601 text (CDX 14-digit timestamps, Unix epochs).

/// Normalizes a capture date to ISO 8601 text (ISO 8601 / RFC 3339 date-time in UTC).
///
/// - 14 to 17 digits (CDX/Wayback `YYYYMMDDhhmmss[fff]`): `YYYY-MM-DDThh:mm:ssZ` (fraction dropped);
/// - 12 digits `YYYYMMDDhhmm`: `YYYY-MM-DDThh:mmZ`; 8 digits: `YYYY-MM-DD`; 6: `YYYY-MM`; 4: `YYYY`;
/// - 9 or 10 digits, optionally followed by a `.fraction`: Unix epoch seconds → `YYYY-MM-DDThh:mm:ssZ`;
/// - anything else non-empty (already ISO 8601, e.g. `WARC-Date`): passed through unchanged.
enum CaptureDate {
    /// The normalized date of `raw` (trimmed of blanks and quotes by the caller), written to `scratch`
    /// when it needs rewriting. Nil when `raw` is empty.
    static func normalize(_ raw: UnsafeBufferPointer<UInt8>, scratch: ScratchBuffer) -> UnsafeBufferPointer<UInt8>? {
        if raw.isEmpty { return nil }
        var digits = 0
        while digits < raw.count && raw[digits] &- 0x30 < 10 { digits += 1 }
        let allDigits = digits == raw.count
        func number(_ from: Int, _ length: Int) -> Int {
            var v = 0
            for i in from..<(from + length) { v = v * 10 + Int(raw[i] &- 0x30) }
            return v
        }
        scratch.reset()
        if allDigits && (digits == 4 || digits == 6 || digits == 8 || digits == 12 || (14...17).contains(digits)) {
            scratch.append(UnsafeBufferPointer(rebasing: raw[0..<4]))
            if digits >= 6 {
                scratch.append(UInt8(ascii: "-"))
                scratch.append(decimal: number(4, 2), width: 2)
            }
            if digits >= 8 {
                scratch.append(UInt8(ascii: "-"))
                scratch.append(decimal: number(6, 2), width: 2)
            }
            if digits >= 12 {
                scratch.append(UInt8(ascii: "T"))
                scratch.append(decimal: number(8, 2), width: 2)
                scratch.append(UInt8(ascii: ":"))
                scratch.append(decimal: number(10, 2), width: 2)
            }
            if digits >= 14 {
                scratch.append(UInt8(ascii: ":"))
                scratch.append(decimal: number(12, 2), width: 2)
            }
            if digits >= 12 { scratch.append(UInt8(ascii: "Z")) }
            return scratch.bytes
        }
        let epochShape = (digits == 9 || digits == 10) && (allDigits || raw[digits] == UInt8(ascii: "."))
        if epochShape {
            appendEpoch(number(0, digits), to: scratch)
            return scratch.bytes
        }
        return raw
    }

    /// Writes Unix epoch seconds as `YYYY-MM-DDThh:mm:ssZ` (proleptic Gregorian calendar, UTC).
    static func appendEpoch(_ seconds: Int, to scratch: ScratchBuffer) {
        let days = seconds / 86_400
        let secondOfDay = seconds % 86_400
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        scratch.append(decimal: year, width: 4)
        scratch.append(UInt8(ascii: "-"))
        scratch.append(decimal: month, width: 2)
        scratch.append(UInt8(ascii: "-"))
        scratch.append(decimal: day, width: 2)
        scratch.append(UInt8(ascii: "T"))
        scratch.append(decimal: secondOfDay / 3600, width: 2)
        scratch.append(UInt8(ascii: ":"))
        scratch.append(decimal: secondOfDay / 60 % 60, width: 2)
        scratch.append(UInt8(ascii: ":"))
        scratch.append(decimal: secondOfDay % 60, width: 2)
        scratch.append(UInt8(ascii: "Z"))
    }

    /// Year, month, day of a day count since 1970-01-01 (non-negative counts; Gregorian 400-year eras).
    static func civilDate(daysSinceEpoch: Int) -> (Int, Int, Int) {
        // Shift the epoch to 0000-03-01 so leap days fall at the end of each year.
        let z = daysSinceEpoch + 719_468
        let era = z / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }
}
