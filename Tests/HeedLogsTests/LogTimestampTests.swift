// SPDX-License-Identifier: Apache-2.0
// HeedLogs tests: log times to Unix seconds (expected values from python's datetime).

import Testing

@testable import HeedLogs

struct LogTimestampTests {
    @Test(arguments: [
        ("10/Oct/2000:13:55:36 -0700", Int64(971_211_336)),
        ("10/oct/2000:13:55:36 -0700", 971_211_336),
        ("10/Oct/2000:20:55:36 +0000", 971_211_336),
        ("10/Oct/2000:13:55:36.123 -0700", 971_211_336),
        ("10/Oct/2000:20:55:36", 971_211_336),
        ("29/Feb/2024:00:00:00 +0000", 1_709_164_800),
        ("01/Jan/1970:00:00:00 +0000", 0),
        ("31/Dec/1999:23:59:59 +0000", 946_684_799),
        ("01/Mar/2026:13:00:00 +0100", 1_772_366_400),
    ])
    func clf(text: String, seconds: Int64) {
        #expect(parse(text) == seconds)
        var clock = CLFClock()
        var copy = text
        // Twice: the second read comes from the cached day.
        #expect(copy.withUTF8 { clock.parse($0) } == seconds)
        #expect(copy.withUTF8 { clock.parse($0) } == seconds)
    }

    @Test(arguments: [
        "29/Feb/2023:00:00:00 +0000", "31/Apr/2026:00:00:00 +0000", "10/Oct/2000:24:00:00 +0000",
        "10/Oct/2000:13:60:00 +0000", "10/Xyz/2000:13:55:36 -0700", "10/Oct/2000:13:55:36 +2400",
        "10/Oct/2000:13:55:36 -0760", "1/Oct/2000:13:55:36 -0700", "10/Oct/2000 13:55:36 -0700",
        "00/Oct/2000:13:55:36 -0700",
    ])
    func badCLF(text: String) {
        #expect(parse(text) == nil)
        var clock = CLFClock()
        var copy = text
        #expect(copy.withUTF8 { clock.parse($0) } == nil)
    }

    @Test func clockCacheFollowsDayAndZoneChanges() {
        var clock = CLFClock()
        let lines = [
            ("01/Mar/2026:12:00:00 +0000", Int64(1_772_366_400)), ("01/Mar/2026:12:00:01 +0000", 1_772_366_401),
            ("01/Mar/2026:13:00:01 +0100", 1_772_366_401), ("02/Mar/2026:00:00:00 +0000", 1_772_409_600),
            ("01/Mar/2027:00:00:00 +0000", 1_803_859_200),
        ]
        for (text, seconds) in lines {
            var copy = text
            #expect(copy.withUTF8 { clock.parse($0) } == seconds, "\(text)")
        }
    }

    @Test(arguments: [
        ("2026-03-01T12:00:00Z", Int64(1_772_366_400)),
        ("2026-03-01t12:00:00z", 1_772_366_400),
        ("2026-03-01T12:00:00+01:00", 1_772_362_800),
        ("2026-03-01T12:00:00+0100", 1_772_362_800),
        ("2026-03-01T12:00:00+01", 1_772_362_800),
        ("2026-03-01 12:00:00", 1_772_366_400),
        ("2026-03-01T12:00:00.5-02:30", 1_772_375_400),
        ("2026-03-01T12:00:00,123456Z", 1_772_366_400),
        ("2026-03-01T12:00Z", 1_772_366_400),
        ("1999-12-31T23:59:59Z", 946_684_799),
    ])
    func iso8601(text: String, seconds: Int64) {
        #expect(parse(text) == seconds)
    }

    @Test(arguments: [
        "2026-13-01T00:00:00Z", "2026-03-01", "2026-03-01T25:00:00Z", "2026-03-01T12:00:00.Z",
        "2026-03-01T12:00:00 UTC",
        "2026-02-30T00:00:00Z", "2026-03-01T12:00:00+25:00",
    ])
    func badISO8601(text: String) {
        #expect(parse(text) == nil)
    }

    @Test(arguments: [
        ("1772366400", Int64(1_772_366_400)), ("1772366400.524", 1_772_366_400), ("1772366400524", 1_772_366_400),
        ("1772366400524123", 1_772_366_400), ("1772366400524123456", 1_772_366_400), ("946684799", 946_684_799),
    ])
    func epoch(text: String, seconds: Int64) {
        #expect(parse(text) == seconds)
    }

    @Test(arguments: ["123", "1772366400x", "17723664005", "1772366400.", "-1772366400", "17723664005241234567"])
    func badEpoch(text: String) {
        #expect(parse(text) == nil)
    }

    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00Z"), (971_211_336, "2000-10-10T20:55:36Z"),
        (1_709_164_800, "2024-02-29T00:00:00Z"),
        (-1, "1969-12-31T23:59:59Z"), (253_402_300_799, "9999-12-31T23:59:59Z"),
    ])
    func formats(seconds: Int64, text: String) {
        #expect(LogTimestamp.iso(seconds) == text)
    }

    private func parse(_ text: String) -> Int64? {
        var copy = text
        return copy.withUTF8 { LogTimestamp.parse($0) }
    }
}
