// SPDX-License-Identifier: Apache-2.0
// HeedHistory tests: ISO 8601 dates for --since and output (epoch values computed independently).

import Foundation
import Testing

@testable import HeedHistory

struct HistoryDateTests {
    @Test(arguments: [
        ("2024-06-30", 1_719_705_600),
        ("2024-06-30T12:00:00Z", 1_719_748_800),
        ("2024-06-30t12:00:00z", 1_719_748_800),
        ("2024-06-30T12:00", 1_719_748_800),  // no zone: UTC
        ("2024-06-30 12:00:00.5Z", 1_719_748_800),  // fraction dropped
        ("2024-06-30T14:00:00+02:00", 1_719_748_800),
        ("2024-06-30T10:30:00-0130", 1_719_748_800),
        ("2024-02-29", 1_709_164_800),  // leap day
        ("2000-03-01", 951_868_800),
    ])
    func parses(text: String, seconds: Int) throws {
        #expect(try HistoryDate.parse(text) == Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    @Test(arguments: [
        "", "yesterday", "2023-02-29", "2024-13-01", "2024-6-30", "2024-06-31", "2024-06-30T25:00", "2024-06-30T12",
        "2024-06-30T12:00:00Q", "2024-06-30T12:00:00.Z", "2024-06-30T12:00:00Z trailing", "24-06-30",
    ])
    func rejects(text: String) {
        #expect(throws: HeedHistoryError.self) { try HistoryDate.parse(text) }
    }

    @Test(arguments: [
        (0, "1970-01-01T00:00:00Z"), (1_719_748_800, "2024-06-30T12:00:00Z"), (-1, "1969-12-31T23:59:59Z"),
        (951_868_800, "2000-03-01T00:00:00Z"), (1_709_164_799, "2024-02-28T23:59:59Z"),
    ])
    func formats(seconds: Int, text: String) {
        #expect(HistoryDate.format(Date(timeIntervalSince1970: TimeInterval(seconds))) == text)
    }
}
