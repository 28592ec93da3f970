// SPDX-License-Identifier: Apache-2.0
// HeedAudit tests: capture dates to instants (ISO 8601 / RFC 3339 forms, CDX timestamps, epochs) and back.

import Testing

@testable import HeedAudit

struct VerifyCaptureTimeTests {
    /// (text, the instant as ISO 8601 UTC), worked out by hand.
    @Test(arguments: [
        ("2023", "2023-01-01T00:00:00Z"),
        ("2023-08", "2023-08-01T00:00:00Z"),
        ("2023-08-31", "2023-08-31T00:00:00Z"),
        ("2023-08-31T12:34Z", "2023-08-31T12:34:00Z"),
        ("2023-08-31T12:34:56Z", "2023-08-31T12:34:56Z"),
        ("2023-08-31t12:34:56z", "2023-08-31T12:34:56Z"),
        ("2023-08-31T12:34:56.789Z", "2023-08-31T12:34:56Z"),
        ("2023-08-31 12:34:56", "2023-08-31T12:34:56Z"),
        ("2023-08-31T14:34:56+02:00", "2023-08-31T12:34:56Z"),
        ("2023-08-31T07:34:56-0500", "2023-08-31T12:34:56Z"),
        ("2023-08-31T14:34:56+02", "2023-08-31T12:34:56Z"),
        ("2023-09-01T01:00:00+02:00", "2023-08-31T23:00:00Z"),
        ("2023-08-31T23:59:60Z", "2023-09-01T00:00:00Z"),
        ("2023-08-31T24:00:00Z", "2023-09-01T00:00:00Z"),
        ("2024-02-29", "2024-02-29T00:00:00Z"),
        ("2000-02-29", "2000-02-29T00:00:00Z"),
        ("1969-12-31T23:59:59Z", "1969-12-31T23:59:59Z"),
        ("1601-01-01", "1601-01-01T00:00:00Z"),
        // Raw forms, as on the command line.
        ("20230831123456", "2023-08-31T12:34:56Z"),
        ("20230831", "2023-08-31T00:00:00Z"),
        ("1693485296", "2023-08-31T12:34:56Z"),
        (" 2023-08-31 ", "2023-08-31T00:00:00Z"),
    ])
    func parses(text: String, iso: String) throws {
        let seconds = try #require(CaptureTime.seconds(text))
        #expect(CaptureTime.iso(seconds) == iso)
    }

    @Test(arguments: [
        "", "yesterday", "2023-02-29", "1900-02-29", "2023-13-01", "2023-00-10", "2023-04-31", "2023-08-31T25:00Z",
        "2023-08-31T12", "2023-08-31T12:60Z", "2023-08-31T12:34:56+25:00", "2023-08-31T24:00:01Z", "12345",
        "2023-08-31X12:00Z", "2023-08-31T12:34:56.Z", "2023-8-31",
    ])
    func rejects(text: String) {
        #expect(CaptureTime.seconds(text) == nil)
    }

    @Test func monthsAndDaysAreUTC() {
        let s = CaptureTime.seconds("2023-08-31T23:30:00-02:00")!  // 2023-09-01T01:30Z
        #expect(CaptureTime.month(s) == "2023-09")
        #expect(CaptureTime.day(s) == "2023-09-01")
        #expect(CaptureTime.daysSinceEpoch(year: 1970, month: 1, day: 1) == 0)
        #expect(CaptureTime.daysSinceEpoch(year: 1969, month: 12, day: 31) == -1)
    }
}
